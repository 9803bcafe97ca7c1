"""The build canvas driven as a user drives it: palette drops as hand-built drag events
carrying the palette's own MIME data, wires and moves as real mouse events on the viewport."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from guiad.core.document import ChainDocument
from guiad.core.sketch import Sketch
from guiad.ui.canvas.view import CanvasView
from guiad.ui.canvas.widget import BuildCanvas
from guiad.ui.chain.model import PaletteModel

LEFT = Qt.MouseButton.LeftButton
NO_MODS = Qt.KeyboardModifier.NoModifier


class Driver:
    """Drops, drags and clicks on one canvas view, in scene coordinates."""

    def __init__(self, view: CanvasView, qtbot):
        self.view, self.qtbot = view, qtbot
        self.palette = PaletteModel()

    @property
    def scene(self):
        return self.view.canvas_scene

    @property
    def sketch(self) -> Sketch:
        return self.view.editor.sketch

    def spot(self, fx: float, fy: float) -> QPointF:
        """The scene point at fractions (fx, fy) of the viewport's width and height."""
        port = self.view.viewport().rect()
        return self.view.mapToScene(QPoint(int(port.width() * fx), int(port.height() * fy)))

    def at(self, point: QPointF) -> QPoint:
        return self.view.mapFromScene(point)

    def mime(self, name: str):
        row = self.palette.row_of(name)
        assert row >= 0, name
        return self.palette.mimeData([self.palette.index(row)])

    def drop(self, name: str, point: QPointF, shift: bool = False) -> int | None:
        """Drag palette entry ``name`` over the canvas and drop it at scene ``point``; the
        id of the node it made, if any."""
        before = set(self.sketch.ids())
        mime = self.mime(name)
        port = self.view.viewport()
        pos = self.at(point)
        copy = Qt.DropAction.CopyAction
        mods = Qt.KeyboardModifier.ShiftModifier if shift else NO_MODS
        none = Qt.MouseButton.NoButton
        QApplication.sendEvent(port, QDragEnterEvent(pos, copy, mime, none, mods))
        QApplication.sendEvent(port, QDragMoveEvent(pos, copy, mime, none, mods))
        QApplication.sendEvent(port, QDropEvent(QPointF(pos), copy, mime, none, mods))
        made = sorted(set(self.sketch.ids()) - before)
        return made[-1] if made else None

    def drag(self, start: QPointF, end: QPointF, steps: int = 6) -> None:
        """Press at ``start``, move in steps, release at ``end`` (scene points)."""
        port = self.view.viewport()
        QTest.mousePress(port, LEFT, NO_MODS, self.at(start))
        for k in range(1, steps + 1):
            t = k / steps
            QTest.mouseMove(port, self.at(start * (1 - t) + end * t))
        QTest.mouseRelease(port, LEFT, NO_MODS, self.at(end))

    def out_port(self, id: int) -> QPointF:
        return self.scene.port_pos(id, "out")

    def in_port(self, id: int, port: int = 0) -> QPointF:
        return self.scene.port_pos(id, "in", port)

    def centre(self, id: int) -> QPointF:
        return self.scene.nodes[id].pos()

    def wire(self, src: int, dst: int, port: int = 0) -> None:
        self.drag(self.out_port(src), self.in_port(dst, port))


@pytest.fixture
def doc() -> ChainDocument:
    document = ChainDocument()
    document.set_sketch(Sketch(()))
    return document


@pytest.fixture
def stack(qtbot) -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def canvas(qtbot, doc, stack) -> BuildCanvas:
    widget = BuildCanvas(doc, stack)
    qtbot.addWidget(widget)
    widget.resize(900, 560)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def drive(canvas, qtbot) -> Driver:
    return Driver(canvas.view, qtbot)
