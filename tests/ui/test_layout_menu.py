"""View ▸ Layout: which parts show and how they sit, kept across a restart (isolated
QSettings from the ``storage`` fixture), and a window that works down to 1024×700."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QWidget

from guiad.ui.window.files import Storage
from guiad.ui.window.main_window import MainWindow


def layout_action(window, text: str):
    """The View ▸ Layout action whose menu text (without '&') starts with ``text``."""
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    layout = next(a.menu() for a in menu.actions() if a.menu() and "Layout" in a.text())
    for action in layout.actions():
        if action.text().replace("&", "").startswith(text):
            return action
    raise AssertionError(f"no View ▸ Layout action {text!r}")


def inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return window.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize(
    ("text", "plots", "walkthrough"),
    [
        ("Plots only", True, False),
        ("Walkthrough only", False, True),
        ("Plots and walkthrough", True, True),
    ],
)
def test_each_parts_action_shows_the_right_parts(window, qtbot, text, plots, walkthrough):
    if text == "Plots and walkthrough":
        layout_action(window, "Plots only").trigger()
    action = layout_action(window, text)
    assert action.isCheckable()
    assert not action.shortcut().isEmpty()
    action.trigger()
    assert action.isChecked()
    assert window.plots.isVisible() is plots
    assert window.walkthrough.isVisible() is walkthrough
    shown = window.plots if plots and not walkthrough else window.walkthrough
    if plots != walkthrough:  # the one part shown has the whole stage
        stage = window.stage
        qtbot.waitUntil(lambda: shown.height() >= stage.height() - 2)
        assert shown.width() >= stage.width() - 2


def test_parts_shortcuts_work_from_the_keyboard(window, qtbot):
    window.activateWindow()
    qtbot.waitActive(window)
    for key, plots, walkthrough in [
        (Qt.Key.Key_2, True, False),
        (Qt.Key.Key_3, False, True),
        (Qt.Key.Key_1, True, True),
    ]:
        qtbot.keyClick(window.strip, key, Qt.KeyboardModifier.ControlModifier)
        assert (window.plots.isVisible(), window.walkthrough.isVisible()) == (plots, walkthrough)


def _plots_left_of_walkthrough(window) -> bool:
    return window.plots.geometry().right() < window.walkthrough.geometry().left()


def _plots_above_walkthrough(window) -> bool:
    return window.plots.geometry().bottom() < window.walkthrough.geometry().top()


def test_side_by_side_and_stacked(window):
    layout_action(window, "Side by side").trigger()
    assert _plots_left_of_walkthrough(window)
    assert window.walkthrough.width() >= 0.4 * window.stage.width()
    layout_action(window, "Stacked").trigger()
    assert _plots_above_walkthrough(window)
    assert window.walkthrough.height() >= 0.4 * window.stage.height()


@pytest.mark.parametrize(
    ("size", "side_by_side"), [((1024, 768), False), ((1280, 800), False), ((1920, 1080), True)]
)
def test_automatic_arrangement_follows_the_window_width(window, qtbot, size, side_by_side):
    assert layout_action(window, "Automatic").isChecked()  # the default
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size() == QSize(*size))
    assert _plots_left_of_walkthrough(window) is side_by_side
    assert _plots_above_walkthrough(window) is not side_by_side
    # the walkthrough's share of the window
    share = (
        window.walkthrough.width() / window.width()
        if side_by_side
        else (window.walkthrough.height() / window.height())
    )
    assert share >= 0.4


def test_layout_survives_a_restart(make_window, storage, qtbot):
    first = make_window()
    layout_action(first, "Stacked").trigger()
    layout_action(first, "Walkthrough only").trigger()
    layout_action(first, "Plots and walkthrough").trigger()
    first.stage.setSizes([500, 150])  # the user drags the splitter
    sizes = first.stage.sizes()
    first.palette_dock.hide()
    first.close()

    second = make_window(storage_=Storage(storage.folder))  # a new QSettings on the same file
    assert layout_action(second, "Stacked").isChecked()
    assert layout_action(second, "Plots and walkthrough").isChecked()
    assert not second.palette_dock.isVisible()
    assert second.stage.orientation() == Qt.Orientation.Vertical
    assert second.stage.sizes() == pytest.approx(sizes, abs=3)


def test_parts_survive_a_restart(make_window, storage):
    first = make_window()
    layout_action(first, "Plots only").trigger()
    first.close()
    second = make_window(storage_=Storage(storage.folder))
    assert layout_action(second, "Plots only").isChecked()
    assert second.plots.isVisible()
    assert not second.walkthrough.isVisible()


def test_a_stale_layout_state_is_ignored(make_window, storage):
    old = make_window()
    old.palette_dock.hide()
    stale_dock_state = old.saveState()  # version 0: what the previous layout wrote
    old.close()
    settings = Storage(storage.folder).settings
    settings.setValue("window/state", stale_dock_state)
    settings.setValue("layout/version", 1)
    settings.setValue("layout/parts", "walkthrough")
    settings.setValue("layout/stage", QByteArray(b"junk"))
    settings.sync()

    window = make_window(storage_=Storage(storage.folder))
    assert window.palette_dock.isVisible()
    assert layout_action(window, "Plots and walkthrough").isChecked()
    assert window.plots.isVisible()
    assert window.walkthrough.isVisible()


def test_first_run_fills_the_screens_available_area(qtbot, storage):
    window = MainWindow(storage=storage, restore=False)
    qtbot.addWidget(window)
    area = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    assert window.size() == area.size().expandedTo(QSize(1024, 700))


def test_nothing_is_cut_at_1024_by_700(window, qtbot):
    assert window.minimumSizeHint().width() <= 1024
    assert window.minimumSizeHint().height() <= 700
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.size() == QSize(1024, 700))
    parts = [
        window.palette,
        window.strip,
        window.expression_box,
        window.plots,
        window.plots.controls_bar,
        window.walkthrough,
        window.statusBar(),
    ]
    for part in parts:
        assert part.isVisible(), part
        assert inside(part, window), part
        hint = part.minimumSizeHint()
        assert part.width() >= hint.width(), (part, part.size(), hint)
        assert part.height() >= hint.height(), (part, part.size(), hint)
    buttons = [b for b in window.walkthrough.findChildren(QAbstractButton) if b.isVisible()]
    assert len(buttons) >= 5  # play, steps, restart, end at least
    for button in buttons:
        assert inside(button, window.walkthrough), button.text()
        assert button.width() >= button.minimumSizeHint().width(), button.text()
