"""The monkey's build-mode actions (a part of tests/ui/monkey_driver.MonkeyDriver): palette
entries dropped on the canvas (on empty canvas, a node, a port or a wire, Shift sometimes),
wires drawn and pulled off with the mouse, nodes deleted with the Delete key and moved by
dragging, Tidy. Its invariant: the canvas draws exactly the document's sketch (its nodes,
its wires, its output)."""

from __future__ import annotations

import random
from collections.abc import Callable

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from guiad.core.graph import CONST, INPUT
from guiad.core.ops import OPS

LEFT, NONE = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
ENTRIES = (*OPS, INPUT, INPUT, CONST)


class CanvasMonkey:
    """Random canvas actions on ``window`` drawn from ``rng``; ``describe(text)`` names the
    action for the driver's log, ``fail(text)`` records a broken invariant."""

    def __init__(self, window, rng: random.Random, describe: Callable, fail: Callable):
        self.w, self.rng, self.describe, self.fail = window, rng, describe, fail

    def actions(self) -> dict[str, tuple[Callable[[], None], int]]:
        table = {
            "canvas drop": (self.drop, 6),
            "canvas wire": (self.wire, 5),
            "canvas unwire": (self.unwire, 1),
            "canvas delete": (self.delete, 2),
            "canvas move": (self.move, 2),
            "canvas tidy": (self.tidy, 1),
        }
        return {name: (self._shown(act), weight) for name, (act, weight) in table.items()}

    def _shown(self, act: Callable[[], None]) -> Callable[[], None]:
        """``act`` with build mode on; skipped while the layout hides the walkthrough's
        panel (no user can reach a hidden canvas)."""

        def run() -> None:
            if self.view.isVisible():
                act()
            else:
                self.describe("canvas: hidden by the layout, nothing done")

        return run

    @property
    def view(self):
        self.w.build_mode.set_on(True)
        return self.w.build_mode.canvas.view

    @property
    def scene(self):
        return self.view.canvas_scene

    def _spot(self) -> QPointF:
        port = self.view.viewport().rect()
        x, y = self.rng.uniform(10, port.width() - 10), self.rng.uniform(10, port.height() - 10)
        return self.view.mapToScene(int(x), int(y))

    def _node(self) -> int | None:
        ids = sorted(self.scene.nodes)
        return self.rng.choice(ids) if ids else None

    def _press_drag(self, start: QPointF, end: QPointF) -> None:
        port, view = self.view.viewport(), self.view
        QTest.mousePress(port, LEFT, NONE, view.mapFromScene(start))
        for k in range(1, 5):
            QTest.mouseMove(port, view.mapFromScene(start + (end - start) * (k / 4)))
        QTest.mouseRelease(port, LEFT, NONE, view.mapFromScene(end))

    # ---- actions --------------------------------------------------------------------

    def drop(self) -> None:
        name = self.rng.choice(ENTRIES)
        node, where = self._node(), self.rng.choice(("empty", "node", "port", "wire"))
        scene, at = self.scene, self._spot()
        if where == "node" and node is not None:
            at = scene.nodes[node].pos()
        elif where == "port" and node is not None and scene.nodes[node].arity:
            at = scene.port_pos(node, "in", self.rng.randrange(scene.nodes[node].arity))
        elif where == "wire" and scene.wires:
            at = self.rng.choice(scene.wires).path().pointAtPercent(0.5)
        shift = self.rng.random() < 0.2
        self.describe(f"canvas: drop {name} at {at.x():.0f},{at.y():.0f} (shift {shift})")
        palette = self.w.palette_model
        mime = palette.mimeData([palette.index(palette.row_of(name))])
        pos = self.view.mapFromScene(at)
        mods = Qt.KeyboardModifier.ShiftModifier if shift else NONE
        port, copy = self.view.viewport(), Qt.DropAction.CopyAction
        QApplication.sendEvent(port, QDragEnterEvent(pos, copy, mime, LEFT, mods))
        QApplication.sendEvent(port, QDragMoveEvent(pos, copy, mime, LEFT, mods))
        QApplication.sendEvent(port, QDropEvent(QPointF(pos), copy, mime, LEFT, mods))

    def wire(self) -> None:
        src, dst = self._node(), self._node()
        if src is None or not self.scene.nodes[dst].arity:
            return
        port = self.rng.randrange(self.scene.nodes[dst].arity)
        self.describe(f"canvas: wire {src} into input {port + 1} of {dst}")
        self._press_drag(self.scene.port_pos(src, "out"), self.scene.port_pos(dst, "in", port))

    def unwire(self) -> None:
        if not self.scene.wires:
            return
        wire = self.rng.choice(self.scene.wires)
        self.describe(f"canvas: pull the wire into input {wire.port + 1} of {wire.dst} off")
        start = self.scene.port_pos(wire.dst, "in", wire.port)
        self._press_drag(start, start + QPointF(-30, 140))

    def delete(self) -> None:
        node = self._node()
        if node is None:
            return
        self.describe(f"canvas: delete node {node}")
        view = self.view
        QTest.mouseClick(
            view.viewport(), LEFT, NONE, view.mapFromScene(self.scene.nodes[node].pos())
        )
        QTest.keyClick(view, Qt.Key.Key_Delete)

    def move(self) -> None:
        node = self._node()
        if node is None:
            return
        start = self.scene.nodes[node].pos()
        end = start + QPointF(self.rng.uniform(-120, 120), self.rng.uniform(-80, 80))
        self.describe(f"canvas: move node {node}")
        self._press_drag(start, end)

    def tidy(self) -> None:
        self.describe("canvas: tidy")
        self.view.tidy()

    # ---- invariant ------------------------------------------------------------------

    def check(self) -> None:
        """The canvas (once made) draws the document's sketch: nodes, wires, output."""
        mode = self.w.build_mode
        if not mode.has_canvas() or not mode.canvas.view.isVisible():
            return
        sketch, scene = self.w.document.sketch, mode.canvas.view.canvas_scene
        if sorted(scene.nodes) != sorted(sketch.ids()):
            self.fail(f"canvas shows nodes {sorted(scene.nodes)}, the sketch {sketch.ids()}")
            return
        drawn = sorted((w.src, w.dst, w.port) for w in scene.wires)
        wires = sorted(
            (j, i, k)
            for i in sketch.ids()
            for k, j in enumerate(sketch.node(i).inputs)
            if j is not None
        )
        if drawn != wires:
            self.fail(f"canvas draws wires {drawn}, the sketch has {wires}")
        marked = [i for i, item in scene.nodes.items() if item.is_output]
        if marked != ([sketch.output] if sketch.output is not None else []):
            self.fail(f"canvas marks {marked} as the output, the sketch {sketch.output}")
