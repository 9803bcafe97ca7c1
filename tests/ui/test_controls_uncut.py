"""No control is cut off: after a layout toggle or with the Cost dock open, every control of
the walkthrough's bar lies inside the visible part of each of its parents, at no less than
its minimum size (the speed and mode boxes and Table/Fit were half hidden at 1280 and 1920:
the bar kept one row's height for two rows)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from guiad.ui.window.layout import AUTO, SIDE_BY_SIDE, STACKED

SIZES = {"1024x768": (1024, 768), "1280x800": (1280, 800), "1920x1080": (1920, 1080)}


def cut_widgets(widgets: list[QWidget]) -> list[str]:
    """Each shown widget that is not whole: outside a parent's rect, or squeezed below its
    minimum size."""
    cut = []
    for widget in widgets:
        if not widget.isVisible():
            continue
        rect = QRect(widget.mapTo(widget.window(), widget.rect().topLeft()), widget.size())
        shown, parent = QRect(rect), widget.parentWidget()
        while parent is not None:
            corner = parent.mapTo(parent.window(), parent.rect().topLeft())
            shown = shown.intersected(QRect(corner, parent.size()))
            parent = parent.parentWidget()
        least = widget.minimumSizeHint().expandedTo(widget.minimumSize())
        squeezed = widget.width() < least.width() or widget.height() < least.height()
        if shown != rect or squeezed:
            name = widget.text() if hasattr(widget, "text") else type(widget).__name__
            cut.append(f"{name or type(widget).__name__}: {widget.size().toTuple()} shown {shown}")
    return cut


def bar_widgets(window) -> list[QWidget]:
    bar = window.walkthrough.controls
    return [*bar.widgets(), bar.step_label]


def settled_uncut(qtbot, window, widgets) -> None:
    try:
        qtbot.waitUntil(lambda: not cut_widgets(widgets), timeout=3000)
    except AssertionError:
        pytest.fail("cut off: " + "; ".join(cut_widgets(widgets)))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "toggles",
    [(SIDE_BY_SIDE, STACKED), (STACKED, SIDE_BY_SIDE), (SIDE_BY_SIDE, AUTO), ("cost dock",)],
)
def test_the_walkthrough_controls_stay_whole(make_window, qtbot, size, toggles):
    window = make_window()
    window.resize(*SIZES[size])
    qtbot.waitUntil(lambda: window.size().toTuple() == SIZES[size])
    for toggle in toggles:
        if toggle == "cost dock":
            window.cost_dock.show()
        else:
            window.stage.set_arrangement(toggle)
        qtbot.wait(20)
        settled_uncut(qtbot, window, bar_widgets(window))


def plot_row_widgets(window) -> list[QWidget]:
    controls = window.plots.controls
    edits = [controls.x_min_edit, controls.x_max_edit, controls.points_edit, controls.x0_edit]
    lab = [controls.second_box, controls.fd_box, controls.h_slider, controls.h_label]
    return [*edits, *lab, controls.fit_button]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("arrangement", [AUTO, SIDE_BY_SIDE])
def test_the_plot_row_shows_every_control_fit_included(make_window, qtbot, size, arrangement):
    """At 1024 the tool bar hid Fit behind a » that opened nothing: the toggles, h and Fit
    now go to a second row when the range's row is full."""
    window = make_window()
    window.resize(*SIZES[size])
    qtbot.waitUntil(lambda: window.size().toTuple() == SIZES[size])
    window.stage.set_arrangement(arrangement)
    widgets = plot_row_widgets(window)  # (side by side at 1024 x0 hid behind »: it wraps)
    qtbot.waitUntil(lambda: all(w.isVisible() for w in widgets), timeout=3000)
    settled_uncut(qtbot, window, widgets)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("arrangement", [AUTO, SIDE_BY_SIDE])
def test_the_surface_readout_shows_the_whole_gradient(make_window, qtbot, size, arrangement):
    """Side by side at 1920 the readout of three inputs was cut after "∂f/∂y": it goes
    under the point's boxes when its text does not fit beside them."""
    window = make_window()
    window.resize(*SIZES[size])
    qtbot.waitUntil(lambda: window.size().toTuple() == SIZES[size])
    window.stage.set_arrangement(arrangement)
    window.expression_box.edit.setText("log(1 + exp(-(w*x + b)))")
    window.expression_box.submit()
    qtbot.waitUntil(lambda: window.surface is not None and window.surface.isVisible())
    readout = window.surface.controls.readout

    def whole() -> bool:
        room = readout.contentsRect()
        flags = Qt.TextFlag.TextWordWrap if readout.wordWrap() else 0
        needed = readout.fontMetrics().boundingRect(room, flags, readout.text())
        return "|∇f|" in readout.text() and room.contains(needed)

    qtbot.waitUntil(whole, timeout=3000)
    settled_uncut(qtbot, window, [readout])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("arrangement", [STACKED, SIDE_BY_SIDE])
@pytest.mark.parametrize("expression", ["(1 - x)^2 + 100*(y - x^2)^2", "x*y + z"])
def test_the_surface_box_shows_every_control(make_window, qtbot, size, arrangement, expression):
    """Side by side at 1024 the map's box showed x min, x max, y min and hid the rest behind
    a » that opened nothing useful; at 1920 (three inputs) N was behind it. The box's groups
    wrap to a second row instead."""
    window = make_window()
    window.resize(*SIZES[size])
    qtbot.waitUntil(lambda: window.size().toTuple() == SIZES[size])
    window.stage.set_arrangement(arrangement)
    window.expression_box.edit.setText(expression)
    window.expression_box.submit()
    qtbot.waitUntil(lambda: window.surface is not None and window.surface.isVisible())
    controls = window.surface.controls
    widgets = [*controls.captions, *controls.findChildren(QLineEdit), controls.fit_button]
    if "z" in expression:
        widgets += [controls.x_axis_box, controls.y_axis_box]
    qtbot.waitUntil(lambda: all(w.isVisible() for w in widgets), timeout=3000)
    settled_uncut(qtbot, window, widgets)


def test_each_point_caption_sits_beside_its_box(make_window, qtbot):
    """Found under Xvfb at 1920 side by side, building: with the readout under the point's
    boxes, the row stretched to the width and spread "b₀ … [0] w₀ … [1]" apart once the
    boxes of x, y had made way for those of b, w."""
    window = make_window()
    window.resize(1280, 800)
    window.build_mode.set_on(True)  # (the canvas's room: the readout goes under the boxes)
    window.resize(1920, 1080)  # (side by side)
    qtbot.waitUntil(lambda: window.size().toTuple() == (1920, 1080))
    for text in ("x*y", "softplus(-(2*w + b)) + softplus(b - w) + softplus(-(0.5*w + b))"):
        window.expression_box.edit.setText(text)  # (the boxes of x, y, then of b, w)
        window.expression_box.submit()
        qtbot.waitUntil(lambda: window.surface is not None and window.surface.isVisible())
        qtbot.wait(200)  # (laid out with the readout beside the boxes of x, y)
    controls = window.surface.controls
    edits = controls.point_edits
    qtbot.waitUntil(lambda: all(e.isVisible() for e in edits), timeout=3000)
    qtbot.wait(200)  # (the readout's place is settled after a layout pass)
    captions = {w.text(): w for w in controls.findChildren(QLabel) if w.text() in ("b₀", "w₀")}
    for name, edit in zip(("b", "w"), edits, strict=True):
        caption = captions[f"{name}₀"]
        left = edit.mapTo(controls, edit.rect().topLeft()).x()
        text_end = caption.mapTo(controls, caption.rect().topLeft()).x() + (
            caption.fontMetrics().horizontalAdvance(caption.text())
        )
        assert left - text_end <= 12, (name, left - text_end)  # (left-aligned caption text)
