"""A drag from the palette across the window to the strip, routed by Qt as a real one is
(events sent to the window, so Qt picks each target under the pointer).

Qt warned "QGraphicsView::dragLeaveEvent: drag leave received before drag enter" whenever a
drag crossed the plots: pyqtgraph's view ignores drag enter without letting QGraphicsView
see it, yet accepted drops, so Qt sent it the leave. The suite fails on Qt warnings.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from guiad.ui.chain.model import OP_ROLE


def _centre_in_window(window: QWidget, widget: QWidget) -> QPointF:
    return QPointF(widget.mapTo(window, QPoint(widget.width() // 2, widget.height() // 2)))


def _op_mime(window, name: str):
    palette = window.palette
    row = palette.model.row_of(name)
    index = palette.model.index(row)
    assert index.data(OP_ROLE) == name
    return palette.model.mimeData([index])


def test_dragging_an_op_over_the_plots_and_the_walkthrough_into_the_strip(window, qtbot):
    window.resize(1280, 800)
    qtbot.waitExposed(window)
    handle = window.windowHandle()
    mime = _op_mime(window, "tanh")
    copy, none = Qt.DropAction.CopyAction, Qt.MouseButton.NoButton
    mods = Qt.KeyboardModifier.NoModifier
    path = [
        _centre_in_window(window, window.palette.list),
        _centre_in_window(window, window.plots),
        _centre_in_window(window, window.walkthrough),
        _centre_in_window(window, window.plots),
        _centre_in_window(window, window.strip),
    ]
    before = window.document.graph
    QApplication.sendEvent(handle, QDragEnterEvent(path[0].toPoint(), copy, mime, none, mods))
    for point in path[1:]:
        QApplication.sendEvent(handle, QDragMoveEvent(point.toPoint(), copy, mime, none, mods))
    QApplication.sendEvent(handle, QDropEvent(path[-1], copy, mime, none, mods))
    assert window.document.graph != before  # the drop landed: tanh is in the chain
    assert "tanh" in {node.op for node in window.document.graph.nodes}


def test_a_drag_that_leaves_the_window_from_the_plots_is_quiet(window, qtbot, qtlog):
    window.resize(1280, 800)
    qtbot.waitExposed(window)
    handle = window.windowHandle()
    mime = _op_mime(window, "sin")
    copy, none = Qt.DropAction.CopyAction, Qt.MouseButton.NoButton
    mods = Qt.KeyboardModifier.NoModifier
    start = _centre_in_window(window, window.palette.list).toPoint()
    over_plots = _centre_in_window(window, window.plots).toPoint()
    before = window.document.graph
    QApplication.sendEvent(handle, QDragEnterEvent(start, copy, mime, none, mods))
    QApplication.sendEvent(handle, QDragMoveEvent(over_plots, copy, mime, none, mods))
    QApplication.sendEvent(handle, QDragLeaveEvent())
    warned = [record.message for record in qtlog.records if "drag" in record.message.lower()]
    assert warned == []  # no "dragLeaveEvent: drag leave received before drag enter"
    assert window.document.graph == before  # a drag that left drops nothing
