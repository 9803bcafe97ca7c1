"""The cost dock's meter is made when the dock is first shown: it opens as wide as the meter
asks, reads the walkthrough's trace, and a dock left open reopens at its saved width."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]


def plain(label) -> str:
    return QTextDocumentFragment.fromHtml(label.text()).toPlainText()


def open_cost_dock(window, qtbot) -> None:
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    action = next(a for a in view.actions() if a.text() == "&Cost of the gradient")
    action.trigger()
    qtbot.waitUntil(window.cost_dock.isVisible)


def test_the_cost_dock_opens_at_the_meters_width_showing_the_walkthroughs_cost(window, qtbot):
    open_cost_dock(window, qtbot)
    meter = window.cost_meter
    assert window.cost_dock.widget() is meter
    qtbot.waitUntil(lambda: meter.width() >= meter.sizeHint().width())  # not squeezed
    assert plain(meter.reverse_ops) == "9"  # the seed's walkthrough trace


def test_a_cost_dock_left_open_reopens_at_its_saved_width(make_window, qtbot):
    first = make_window()
    open_cost_dock(first, qtbot)
    opened = first.cost_dock.width()
    first.resizeDocks([first.cost_dock], [opened + 120], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: first.cost_dock.width() > opened + 100)
    saved = first.cost_dock.width()
    first.set_modified(False)
    first.close()
    second = make_window(restore=True)
    qtbot.waitUntil(second.cost_dock.isVisible)
    assert second.cost_dock.width() == saved
    assert plain(second.cost_meter.reverse_ops) == "9"
