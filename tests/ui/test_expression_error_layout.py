"""An expression error's line comes and goes without moving the plots: it is drawn over
them, just under the expression (15.10: the plots stayed pushed down after it went; issue
22 item 7: it pushed the plot tool bar down ~20 px while shown)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt


def _plots_top(window) -> int:
    return window.plots.mapTo(window, QPoint(0, 0)).y()


def _enter(qtbot, window, text: str) -> None:
    edit = window.expression_box.edit
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800), (1920, 1080)])
def test_the_plots_stay_put_as_an_error_comes_and_goes(window, qtbot, size):
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    qtbot.wait(50)
    before = _plots_top(window)
    _enter(qtbot, window, "sin(x")
    assert window.expression_box.error_text()
    error = window.expression_box.error
    qtbot.waitUntil(error.isVisible)
    qtbot.wait(50)  # (a layout pass that would push them)
    assert _plots_top(window) == before
    edit = window.expression_box.edit
    top = error.mapTo(window, QPoint(0, 0))
    assert top.y() >= edit.mapTo(window, QPoint(0, edit.height())).y()  # under the edit
    assert error.height() >= error.heightForWidth(error.width())  # shown whole
    assert top.y() + error.height() <= window.height()
    assert error.parentWidget() is window  # (over the plots, not in their layout)
    _enter(qtbot, window, "sin(x)")
    assert not window.expression_box.error_text()
    qtbot.wait(50)
    assert _plots_top(window) == before
