"""An expression error's line comes and goes without leaving the plots pushed down (15.10)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt


def _plots_top(window) -> int:
    return window.plots.mapTo(window, QPoint(0, 0)).y()


def _enter(qtbot, window, text: str) -> None:
    edit = window.expression_box.edit
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_the_plots_return_to_their_place_after_an_error(window, qtbot):
    qtbot.wait(10)
    before = _plots_top(window)
    _enter(qtbot, window, "sin(x")
    assert window.expression_box.error_text()
    qtbot.waitUntil(lambda: _plots_top(window) > before)  # room for the error line
    _enter(qtbot, window, "sin(x)")
    assert not window.expression_box.error_text()
    qtbot.waitUntil(lambda: abs(_plots_top(window) - before) <= 1)
