"""The plot panel: curves are the core's numbers, x0 and its tangent, the FD lab, export."""

from __future__ import annotations

import csv
import math
import struct
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from guiad.core.engine import evaluate
from guiad.core.expression import parse
from guiad.ui.plots.panel import PlotPanel
from guiad.ui.widgets.worker import SYNC_WORK

# Qt warnings fail these tests; the offscreen platform's own note about window hints is not ours.
pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]

SEED = "exp(sin(sin(x)))"


def seed_f(x):
    return np.exp(np.sin(np.sin(x)))


def seed_df(x):
    """Closed form, independent of the engine: the chain rule by hand."""
    return np.exp(np.sin(np.sin(x))) * np.cos(np.sin(x)) * np.cos(x)


@pytest.fixture
def panel(qtbot):
    widget = PlotPanel()
    qtbot.addWidget(widget)
    widget.resize(1000, 650)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()


def emissions(signal) -> list:
    seen: list = []
    signal.connect(lambda *args: seen.append(args))
    return seen


def assert_same(actual, expected):
    np.testing.assert_array_equal(np.asarray(actual), np.asarray(expected))


# ---- curves ---------------------------------------------------------------------------------


def test_curves_are_the_cores_results_over_the_default_range(panel):
    graph = parse(SEED)
    panel.set_graph(graph)
    panel.set_second_visible(True)
    expected = evaluate(graph, np.linspace(-4.0, 4.0, 2001))
    assert panel.range() == (-4.0, 4.0, 2001)
    for name, values in (("f", expected.f), ("df", expected.df), ("d2f", expected.d2f)):
        x, y = panel.curve(name)
        assert_same(x, expected.x)
        assert_same(y, values)


def test_large_n_is_evaluated_in_the_background_and_matches_the_core(panel, qtbot):
    graph = parse("x*sin(x)")
    panel.set_graph(graph)
    with qtbot.waitSignal(panel.plots_updated, timeout=20_000):
        assert panel.set_range(-3.0, 5.0, 300_001)
        assert panel.busy()
    assert not panel.busy()
    expected = evaluate(graph, np.linspace(-3.0, 5.0, 300_001))
    assert_same(panel.curve("f")[1], expected.f)
    assert_same(panel.curve("df")[1], expected.df)


def test_a_large_graph_is_evaluated_in_the_background_at_the_default_n(panel, qtbot):
    # 3,000 nodes × 2,001 points: ~1 s on the GUI thread, where only small work may run
    graph = parse(" + ".join(f"sin({k % 7 + 1}*x)*cos(x/{k % 5 + 1})" for k in range(500)))
    assert len(graph.nodes) * 2001 > SYNC_WORK  # (the premise)
    with qtbot.waitSignal(panel.plots_updated, timeout=60_000):
        panel.set_graph(graph)
        assert panel.busy()
    expected = evaluate(graph, np.linspace(-4.0, 4.0, 2001))
    assert_same(panel.curve("f")[1], expected.f)
    assert_same(panel.curve("df")[1], expected.df)


def test_superseded_background_work_is_never_shown(panel, qtbot):
    panel.set_range(-4.0, 4.0, 400_001)
    shown = []
    panel.plots_updated.connect(lambda: shown.append(panel.data().graph))
    first, second = parse("sin(x)"), parse("cos(x)")
    panel.set_graph(first)
    panel.set_graph(second)  # supersedes the first before it can be delivered
    qtbot.waitUntil(lambda: not panel.busy(), timeout=20_000)
    assert shown == [second]
    assert_same(panel.curve("f")[1], np.cos(np.linspace(-4.0, 4.0, 400_001)))


def test_second_derivative_plot_is_behind_a_toggle(panel, qtbot):
    panel.set_graph(parse(SEED))
    assert panel.plots_shown() == ["f", "df"]
    qtbot.mouseClick(panel.controls.second_box, Qt.MouseButton.LeftButton)
    assert panel.second_visible()
    assert panel.plots_shown() == ["f", "df", "d2f"]
    x, d2f = panel.curve("d2f")
    assert_same(d2f, evaluate(parse(SEED), x).d2f)
    panel.set_second_visible(False)
    assert not panel.controls.second_box.isChecked()
    assert panel.plots_shown() == ["f", "df"]


# ---- range validation ---------------------------------------------------------------------


def type_range(panel, x_min: str, x_max: str, points: str) -> None:
    panel.controls.x_min_edit.setText(x_min)
    panel.controls.x_max_edit.setText(x_max)
    panel.controls.points_edit.setText(points)
    panel.controls.points_edit.editingFinished.emit()


@pytest.mark.parametrize(
    ("x_min", "x_max", "points", "words"),
    [
        ("5", "4", "2001", "less than"),
        ("-1", "-1", "2001", "less than"),
        ("-4", "4", "1", "between 2 and"),
        ("-4", "4", "20000000", "between 2 and"),
        ("-4", "4", "12.5", "whole number"),
        ("-4", "4", "abc", "N must be a whole number of points from 2 to 10,000,000"),
        ("abc", "4", "2001", "must be a number"),
        ("-4", "inf", "2001", "finite"),
    ],
)
def test_bad_range_is_refused_with_a_message_and_the_old_range_kept(
    panel, x_min, x_max, points, words
):
    panel.set_graph(parse(SEED))
    before = panel.curve("f")
    changed = emissions(panel.range_changed)
    type_range(panel, x_min, x_max, points)
    assert words in panel.message()
    assert "could not convert" not in panel.message()  # Python's words, not the user's
    assert "stays [−4, 4] with N = 2,001" in panel.message()
    assert panel.range() == (-4.0, 4.0, 2001)
    assert changed == []
    assert (panel.controls.x_min_edit.text(), panel.controls.x_max_edit.text()) == ("-4", "4")
    assert_same(panel.curve("f")[1], before[1])


def test_good_range_is_applied_live_and_announced_once(panel):
    graph = parse(SEED)
    panel.set_graph(graph)
    changed = emissions(panel.range_changed)
    type_range(panel, "-1", "3", "1e3")
    # focus leaving another field: no second change
    panel.controls.x_max_edit.editingFinished.emit()
    assert changed == [(-1.0, 3.0, 1000)]
    assert panel.message() == ""
    assert_same(panel.curve("f")[1], evaluate(graph, np.linspace(-1.0, 3.0, 1000)).f)


def test_more_than_a_million_points_shows_a_slow_note(panel, qtbot):
    panel.set_graph(parse("x"))
    assert panel.set_range(-4.0, 4.0, 1_000_001)
    assert "slow" in panel.message()
    qtbot.waitUntil(lambda: not panel.busy(), timeout=30_000)
    assert panel.set_range(-4.0, 4.0, 2001)
    assert panel.message() == ""


# ---- undefined regions ----------------------------------------------------------------------


def test_log_on_minus_two_to_two_shades_the_left_half_and_draws_nothing_across_it(panel):
    panel.set_range(-2.0, 2.0, 2001)
    panel.set_graph(parse("log(x)"))
    for order, name in enumerate(("f", "df", "d2f")):
        regions = panel.undefined_regions(order)
        assert len(regions) == 1
        start, end, tip = regions[0]
        assert start == -2.0
        assert 0.0 <= end < 0.01  # x = 0 is undefined too (log 0 = −∞)
        assert "log" in tip
        x, y = panel.curve(name)
        finite = np.isfinite(y)
        drawn = finite[:-1] & finite[1:]  # connect="finite": a segment joins two finite points
        assert not np.any(drawn & (x[1:] > start) & (x[:-1] < end))
        assert finite[x > end].all()


def test_undefined_point_readout_gives_the_cores_reason(panel):
    panel.set_range(-2.0, 2.0, 2001)
    panel.set_graph(parse("log(x)"))
    panel.set_x0(-1.0)
    assert panel.values_at_x0()[0] != panel.values_at_x0()[0]  # NaN
    assert "log" in panel.readout.text()
    assert panel.tangent()[0].size == 0


def test_spikes_do_not_blow_up_the_y_range(panel):
    panel.set_graph(parse("tan(x)"))
    low, high = panel.plot_item("f").vb.viewRange()[1]
    assert high - low < 200  # tan reaches ~1e16 near π/2 on this grid; the view stays readable


# ---- x0 -------------------------------------------------------------------------------------


def test_set_x0_emits_once_per_change_and_moves_every_line(panel):
    panel.set_graph(parse(SEED))
    seen = emissions(panel.x0_changed)
    panel.set_x0(1.5)
    panel.set_x0(1.5)
    panel.set_x0(-0.25)
    assert seen == [(1.5,), (-0.25,)]
    assert {line.value() for line in panel.view.x0_lines} == {-0.25}
    assert panel.controls.x0_edit.text() == "-0.25"


def test_typing_x0_emits_once_and_bad_text_is_refused(panel):
    panel.set_graph(parse(SEED))
    seen = emissions(panel.x0_changed)
    panel.controls.x0_edit.setText("0.75")
    panel.controls.x0_edit.editingFinished.emit()
    panel.controls.x0_edit.editingFinished.emit()
    assert seen == [(0.75,)]
    panel.controls.x0_edit.setText("two")
    panel.controls.x0_edit.editingFinished.emit()
    assert "x0 must be a number" in panel.message()
    assert panel.x0() == 0.75
    assert seen == [(0.75,)]


def test_moving_one_line_moves_the_others_and_emits_once(panel):
    panel.set_graph(parse(SEED))
    seen = emissions(panel.x0_changed)
    panel.view.x0_lines[1].setValue(0.5)  # what a drag of the f′ plot's line does
    assert seen == [(0.5,)]
    assert [line.value() for line in panel.view.x0_lines] == [0.5] * 2  # f and f′ shown
    assert panel.x0() == 0.5
    # the plots of f″ and of the error, shown later, get their line at x0 too
    panel.set_second_visible(True)
    panel.set_fd_lab(True)
    assert [line.value() for line in panel.view.x0_lines] == [0.5] * 4
    assert seen == [(0.5,)]


def send_mouse(widget, kind, pos: QPoint, buttons) -> None:
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
    event = QMouseEvent(
        kind,
        QPointF(pos),
        QPointF(widget.mapToGlobal(pos)),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def view_pixel(panel, plot, x: float, y: float) -> QPoint:
    scene_pos = plot.vb.mapViewToScene(QPointF(x, y))
    return panel.canvas.mapFromScene(scene_pos)


def test_dragging_the_line_with_the_mouse_moves_x0(panel, qtbot):
    panel.set_graph(parse(SEED))
    seen = emissions(panel.x0_changed)
    viewport = panel.canvas.viewport()
    left = Qt.MouseButton.LeftButton
    start = view_pixel(panel, panel.plot_item("f"), 2.0, 1.0)
    end = view_pixel(panel, panel.plot_item("f"), 0.0, 1.0)
    send_mouse(viewport, QEvent.Type.MouseButtonPress, start, left)
    for k in range(1, 11):
        step = start + (end - start) * (k / 10)
        send_mouse(viewport, QEvent.Type.MouseMove, step, left)
    send_mouse(viewport, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    assert abs(panel.x0() - 0.0) < 0.05  # within a pixel or two of where it was dropped
    values = [args[0] for args in seen]
    assert len(values) > 1  # the x0 follows the drag, live
    assert values[-1] == panel.x0()
    assert len(values) == len(set(values))  # never the same position twice
    assert all(line.value() == panel.x0() for line in panel.view.x0_lines)


def test_clicking_a_plot_sets_x0(panel, qtbot):
    panel.set_graph(parse(SEED))
    seen = emissions(panel.x0_changed)
    qtbot.mouseClick(
        panel.canvas.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view_pixel(panel, panel.plot_item("df"), -1.0, 0.0),
    )
    assert len(seen) == 1
    assert abs(panel.x0() + 1.0) < 0.05


@pytest.mark.parametrize("x0", [2.0, -1.3, 0.4])
def test_tangent_has_the_slope_of_the_closed_form_derivative(panel, x0):
    panel.set_graph(parse(SEED))
    panel.set_x0(x0)
    x, y = panel.tangent()
    slope = (y[1] - y[0]) / (x[1] - x[0])
    assert slope == pytest.approx(seed_df(x0), rel=1e-9, abs=1e-12)
    assert np.interp(x0, x, y) == pytest.approx(seed_f(x0), rel=1e-12)
    f0, df0, _ = panel.values_at_x0()
    assert df0 == pytest.approx(seed_df(x0), rel=1e-13)
    assert f0 == pytest.approx(seed_f(x0), rel=1e-13)


def test_seed_digits_at_the_default_x0(panel):
    panel.set_graph(parse(SEED))
    f0, df0, _ = panel.values_at_x0()
    assert panel.x0() == 2.0
    assert f0 == pytest.approx(2.2013533791690376, rel=1e-15)
    assert df0 == pytest.approx(-0.562752038662712, rel=1e-14)


# ---- finite-difference lab --------------------------------------------------------------------


def test_fd_overlay_is_close_to_reverse_mode_for_a_smooth_function(panel):
    panel.set_graph(parse(SEED))
    panel.set_fd_lab(True)
    panel.set_fd_step(1e-5)
    assert panel.plots_shown() == ["f", "df", "error", "error_vs_h"]
    x, fd = panel.curve("fd")
    np.testing.assert_allclose(fd, seed_df(x), atol=1e-8)
    _, error = panel.curve("error")
    assert np.nanmax(error) < 1e-8


def test_fd_error_is_small_away_from_a_kink(panel):
    panel.set_graph(parse("abs(x)"))
    panel.set_fd_lab(True)
    panel.set_fd_step(1e-4)
    x, error = panel.curve("error")
    away = np.abs(x) > 1e-3
    assert np.nanmax(error[away]) < 1e-9


def test_error_against_h_has_its_minimum_between_1e_8_and_1e_4_at_the_seed(panel):
    panel.set_graph(parse(SEED))
    panel.set_fd_lab(True)
    h, error = panel.error_vs_h()
    assert h.min() == pytest.approx(1e-12)
    assert h.max() == pytest.approx(1e-1)
    assert 1e-8 <= h[np.nanargmin(error)] <= 1e-4
    # both arms of the V rise well above its bottom: round-off at small h, truncation at large
    assert error[0] > 100 * error.min()
    assert error[-1] > 100 * error.min()


def test_fd_slider_sets_h_on_a_log_scale(panel):
    panel.set_graph(parse(SEED))
    panel.set_fd_lab(True)
    panel.controls.h_slider.setValue(-30)
    assert panel.fd_step() == pytest.approx(1e-3)
    x, fd = panel.curve("fd")
    f = parse(SEED)
    ahead, behind = evaluate(f, x + 1e-3, order=0).f, evaluate(f, x - 1e-3, order=0).f
    np.testing.assert_allclose(fd, (ahead - behind) / 2e-3, rtol=1e-12)


# ---- export -----------------------------------------------------------------------------------


def test_png_export_has_a_png_header_and_the_requested_size(panel, tmp_path):
    panel.set_graph(parse(SEED))
    path = tmp_path / "plots.png"
    panel.export_png(path, 800, 500)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (800, 500)


def test_svg_export_parses_as_xml(panel, tmp_path):
    panel.set_graph(parse("log(sin(x))"))
    path = tmp_path / "plots.svg"
    panel.export_svg(path)
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")


def test_csv_export_has_the_columns_and_one_row_per_point(panel, tmp_path):
    graph = parse("log(x)")
    panel.set_graph(graph)
    panel.set_range(-1.0, 2.0, 301)
    path = tmp_path / "plots.csv"
    panel.export_csv(path)
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["x", "f", "df", "d2f"]
    assert len(rows) == 1 + 301
    # guiad's CSV convention: empty cells where undefined, round-trip floats
    table = np.array([[float(c) if c else math.nan for c in row] for row in rows[1:]])
    expected = evaluate(graph, np.linspace(-1.0, 2.0, 301))
    for column, values in enumerate((expected.x, expected.f, expected.df, expected.d2f)):
        assert_same(table[:, column], values)
    assert rows[1][1:] == ["", "", ""]  # log(-1): undefined


# ---- more behaviour ---------------------------------------------------------------------------


def test_leaving_the_boxes_without_editing_changes_nothing(panel):
    """The boxes show rounded text; focus leaving them must not round x0 or the range."""
    panel.set_graph(parse(SEED))
    panel.set_x0(0.123456789012)
    assert panel.set_range(-1.23456789012345, 4.0, 2001)
    x0_seen, range_seen = emissions(panel.x0_changed), emissions(panel.range_changed)
    panel.controls.x0_edit.editingFinished.emit()
    panel.controls.x_min_edit.editingFinished.emit()
    assert x0_seen == []
    assert range_seen == []
    assert panel.x0() == 0.123456789012
    assert panel.range() == (-1.23456789012345, 4.0, 2001)


def test_busy_indicator_shows_while_a_slow_evaluation_runs(panel, qtbot, monkeypatch):
    import threading

    from guiad.ui.plots import panel as plots

    panel.set_graph(parse(SEED))
    release = threading.Event()
    real = plots.compute_plot_data

    def held_back(*args):
        release.wait(timeout=30)
        return real(*args)

    monkeypatch.setattr(plots, "compute_plot_data", held_back)
    panel.set_range(-4.0, 4.0, 100_001)
    qtbot.waitUntil(panel.controls.busy_bar.isVisible, timeout=5_000)
    assert panel.busy()
    panel.set_x0(1.0)  # the GUI keeps working meanwhile
    assert panel.x0() == 1.0
    release.set()
    qtbot.waitUntil(lambda: not panel.busy(), timeout=20_000)
    assert not panel.controls.busy_bar.isVisible()
    assert panel.data().points == 100_001


def move_mouse(panel, plot, x: float, y: float) -> None:
    viewport = panel.canvas.viewport()
    send_mouse(
        viewport, QEvent.Type.MouseMove, view_pixel(panel, plot, x, y), Qt.MouseButton.NoButton
    )


def test_hover_readout_shows_the_cores_values_at_the_nearest_sample(panel):
    graph = parse(SEED)
    panel.set_graph(graph)
    move_mouse(panel, panel.plot_item("df"), -1.5, 0.0)
    text = panel.readout.text()
    x_text = text.split("x = ")[1].split()[0].replace("−", "-")
    x = float(x_text)
    assert abs(x + 1.5) < 0.05
    f, df = seed_f(x), seed_df(x)
    assert f"f = {f:.6g}" in text
    assert f"f′ = {df:.6g}".replace("-", "−") in text


def test_hover_over_an_undefined_point_gives_the_reason(panel):
    panel.set_range(-2.0, 2.0, 2001)
    panel.set_graph(parse("log(x)"))
    move_mouse(panel, panel.plot_item("f"), -1.0, 0.0)
    assert "undefined" in panel.readout.text()
    assert "log of a number" in panel.readout.text()


def test_clicking_the_error_against_h_plot_sets_h(panel, qtbot):
    panel.set_graph(parse(SEED))
    panel.set_fd_lab(True)
    qtbot.mouseClick(
        panel.canvas.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view_pixel(panel, panel.plot_item("error_vs_h"), -3.0, -8.0),  # log10 coordinates
    )
    assert panel.fd_step() == pytest.approx(1e-3, rel=0.1)  # a pixel is ~0.04 decades here
    assert panel.controls.h_slider.value() == -30


def test_large_fd_overlay_is_computed_in_the_background(panel, qtbot):
    graph = parse(SEED)
    panel.set_graph(graph)
    panel.set_range(-4.0, 4.0, 100_001)
    qtbot.waitUntil(lambda: not panel.busy(), timeout=20_000)
    with qtbot.waitSignal(panel.fd_updated, timeout=20_000):
        panel.set_fd_lab(True)
    x, fd = panel.curve("fd")
    assert x.size == 100_001
    np.testing.assert_allclose(fd, seed_df(x), atol=1e-8)


def test_clearing_the_graph_clears_the_curves(panel):
    panel.set_graph(parse(SEED))
    panel.set_graph(None)
    assert panel.data() is None
    assert panel.curve("f")[0].size == 0
    assert panel.tangent()[0].size == 0


def test_png_width_alone_keeps_the_aspect_ratio(panel, tmp_path):
    panel.set_graph(parse(SEED))
    path = tmp_path / "wide.png"
    panel.export_png(path, width=500)
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    canvas = panel.canvas.size()
    assert width == 500
    assert height == round(500 * canvas.height() / canvas.width())


def test_render_plots_writes_a_png_of_the_requested_size(qapp, tmp_path):
    from guiad.ui.plots.panel import render_plots

    path = tmp_path / "render.png"
    render_plots(parse("x*sin(x)"), path, x0=1.0, size=(640, 400), second=True)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (640, 400)


@pytest.mark.parametrize(
    "expression",
    [
        "exp(exp(exp(x)))",  # overflow on the right: undefined, shaded
        "log(-(x*x) - 1)",  # undefined everywhere: nothing to fit, nothing breaks
        "reciprocal(x)",
        "tan(x)",
        "sqrt(x)",  # f defined at 0, f′ not
        "abs(x)",
        "x ** x",
        "arcsin(x)",
    ],
)
def test_awkward_functions_plot_without_warnings(panel, expression):
    graph = parse(expression)
    panel.set_second_visible(True)
    panel.set_fd_lab(True)
    panel.set_graph(graph)
    expected = evaluate(graph, np.linspace(-4.0, 4.0, 2001))
    assert_same(panel.curve("f")[1], expected.f)
    for order, values in enumerate((expected.f, expected.df, expected.d2f)):
        undefined = ~np.isfinite(values)
        assert bool(panel.undefined_regions(order)) == bool(undefined.any())
    for plot in panel.view.stacked_plots():
        low, high = plot.vb.viewRange()[1]
        assert np.isfinite(low)
        assert np.isfinite(high)
        assert low < high


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
def test_hovering_a_shaded_region_shows_the_reason_as_a_tooltip(panel):
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    panel.set_range(-2.0, 2.0, 2001)
    panel.set_graph(parse("log(x)"))
    viewport = panel.canvas.viewport()
    pos = view_pixel(panel, panel.plot_item("f"), -1.0, 0.0)
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, pos, viewport.mapToGlobal(pos))
    )
    reason = evaluate(parse("log(x)"), np.array([-1.0])).failure(0).message
    assert QToolTip.text() == f"undefined here: {reason}"
    QToolTip.hideText()


def test_fit_from_the_context_menu_restores_the_range_after_a_zoom(panel):
    panel.set_graph(parse("tan(x)"))
    fitted = panel.plot_item("f").vb.viewRange()
    panel.plot_item("f").setXRange(0.0, 1.0, padding=0)
    panel.plot_item("f").setYRange(-1e6, 1e6, padding=0)
    fit, _size = panel.canvas.scene().contextMenu  # pyqtgraph's SVG-exporting dialog is gone
    fit.trigger()
    np.testing.assert_allclose(panel.plot_item("f").vb.viewRange(), fitted)


def test_arrow_keys_nudge_x0(panel, qtbot):
    panel.set_graph(parse(SEED))
    seen = emissions(panel.x0_changed)
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Right)
    assert panel.x0() == pytest.approx(2.0 + 0.08)  # 1 % of the 8-wide view
    qtbot.keyClick(panel.canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert panel.x0() == pytest.approx(2.0 + 0.08 - 0.008)
    assert len(seen) == 2


def test_boxes_accept_constants_such_as_pi(panel):
    panel.set_graph(parse(SEED))
    panel.controls.x0_edit.setText("pi/2")
    panel.controls.x0_edit.editingFinished.emit()
    assert panel.x0() == math.pi / 2
    type_range(panel, "-2*pi", "2*pi", "2001")
    assert panel.range() == (-2 * math.pi, 2 * math.pi, 2001)
    panel.controls.x0_edit.setText("x+1")
    panel.controls.x0_edit.editingFinished.emit()
    assert "constant such as pi/2" in panel.message()
    assert panel.x0() == math.pi / 2


def _inside_a_plot(panel, rect) -> list[str]:
    """The plots whose data area ``rect`` (scene coordinates) overlaps."""
    return [
        name
        for name in panel.plots_shown()
        if panel.plot_item(name).vb.sceneBoundingRect().intersects(rect)
    ]


@pytest.mark.parametrize("size", [(1000, 650), (1000, 300), (700, 420)])
def test_legend_covers_no_data_and_stays_when_the_plots_get_short(panel, qtbot, size):
    """Issue 15.10: the legend sat on the curve, and vanished once the plots got short."""
    panel.set_range(-2.0, 2.0, 2001)
    panel.set_graph(parse("log(x)"))
    panel.set_fd_lab(True)
    panel.resize(*size)
    qtbot.wait(20)
    legend = panel.view.legend
    assert legend.isVisible()
    rect = legend.mapRectToScene(legend.item.boundingRect())
    assert panel.canvas.sceneRect().contains(rect)  # all of it on the canvas
    assert _inside_a_plot(panel, rect) == []
    text = panel.view.legend_text()  # plain entries
    for entry in ("f(x) = log(x)", "tangent at x0", "f′(x), reverse mode", "central difference"):
        assert entry in text
    assert "undefined" in text  # log is undefined left of 0: the shading is explained


def test_fd_lab_key_covers_no_data(panel):
    panel.set_graph(parse(SEED))
    panel.set_fd_lab(True)
    lab = panel.plot_item("error_vs_h")
    title = lab.titleLabel
    rect = title.mapRectToScene(title.item.boundingRect())
    assert not lab.vb.sceneBoundingRect().intersects(rect)
    assert "measured" in title.text
    assert "round-off" in title.text
    assert "truncation" in title.text


@pytest.mark.parametrize(("x0", "arrow"), [(7.0, "x0 = 7 →"), (-9.5, "← x0 = −9.5")])
def test_x0_outside_the_range_is_shown_at_the_edge_and_the_range_can_grow(panel, x0, arrow):
    """Issue 15.14: x0's line vanished silently when x0 left the range."""
    panel.set_graph(parse(SEED))
    panel.set_x0(x0)
    assert "outside the range [−4, 4]" in panel.message()
    note = panel.view.x0_note
    assert note.isVisible()
    assert note.toPlainText() == arrow
    x_lo, x_hi = panel.view.x_view()
    assert note.pos().x() == (x_hi if x0 > 0 else x_lo)
    assert panel.extend_range_to_x0()
    x_min, x_max, _ = panel.range()
    assert x_min < x0 < x_max
    assert min(abs(x0 - x_min), abs(x0 - x_max)) > 0.04 * (x_max - x_min)  # not on the edge
    assert panel.message() == ""
    assert not note.isVisible()
    assert panel.values_at_x0()[1] == pytest.approx(seed_df(x0), rel=1e-13)


def test_x0_back_inside_the_range_clears_the_note(panel):
    panel.set_graph(parse(SEED))
    panel.set_x0(5.0)
    assert "outside" in panel.message()
    panel.set_x0(1.0)
    assert panel.message() == ""
    assert not panel.view.x0_note.isVisible()


def test_fd_lab_where_every_step_is_undefined_warns_nothing(panel, qtbot):
    """Issue 15.18: the monkey (seed 77) met numpy's "All-NaN slice encountered" from the FD
    lab's scatter of |f′(x0) − FD(h)|: log at x0 = 1e-13 has f′ = 1e13, but f(x0 − h) is
    undefined for every h ≥ 1e-12, so there is no error to draw."""
    import warnings

    panel.set_graph(parse("log(x)"))
    panel.set_fd_lab(True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        panel.set_x0(1e-13)
        panel.canvas.grab()
        panel.plot_item("error_vs_h").vb.enableAutoRange()  # what "auto" would compute
        panel.canvas.grab()
    assert [str(w.message) for w in caught] == []
    assert np.isfinite(panel.values_at_x0()[1])
    h, error = panel.error_vs_h()
    assert h.size == 0  # nothing drawn, and the lab says why
    assert "every step" in panel.lab.note_text()


def test_png_export_defaults_to_twice_the_screen_and_keeps_its_layout(panel, tmp_path):
    """Issue 15.15: the PNG was screen resolution; now 2× by default, crisp, same layout."""
    from PIL import Image

    panel.set_graph(parse(SEED))
    path = tmp_path / "default.png"
    panel.export_png(path)
    canvas = panel.canvas.size()
    with Image.open(path) as image:
        assert image.size == (2 * canvas.width(), 2 * canvas.height())
    panel.export_png(tmp_path / "scaled.png", 800, 500, scale=2)
    with Image.open(tmp_path / "scaled.png") as image:
        assert image.size == (800, 500)  # laid out at 400 × 250, drawn at 2×


def test_svg_export_has_a_title_the_legend_and_axis_labels(panel, tmp_path):
    panel.set_graph(parse(SEED))
    path = tmp_path / "plots.svg"
    panel.export_svg(path, 900, 600)
    text = "".join(ET.parse(path).getroot().itertext())
    text = text.replace("\xa0", " ").replace("\u2060", "")  # no-break space, word joiner
    assert "f(x) = exp(sin(sin(x))), with f′ by reverse mode; x0 = 2" in text  # the title
    for words in ("tangent at x0", "f′(x), reverse mode", "f(x)", "f′(x)"):
        assert words in text
    assert "with f′ by reverse mode" not in panel.view.legend.text  # on screen: no title


def test_fd_step_digits_and_image_options_survive_a_restart(qtbot, tmp_path):
    """Issue 15.16: the FD lab's h (and the readout's digits, the image size) come back."""
    from PySide6.QtCore import QSettings

    from guiad.ui.plots.settings import ImageOptions

    ini = str(tmp_path / "settings.ini")
    first = PlotPanel()
    qtbot.addWidget(first)
    first.use_settings(QSettings(ini, QSettings.Format.IniFormat))
    assert first.fd_step() == 1e-5  # the default, nothing saved yet
    first.set_fd_step(5e-2)
    first.readout.set_precision(17)
    first.set_image_options(ImageOptions(1200, 700, 3.0))
    first.close()
    second = PlotPanel()
    qtbot.addWidget(second)
    second.use_settings(QSettings(ini, QSettings.Format.IniFormat))
    assert second.fd_step() == 5e-2
    assert second.controls.h_label.text() == "h = 5e-02"
    assert second.readout.precision() == 17
    assert second.image_options() == ImageOptions(1200, 700, 3.0)
    second.close()


def test_fd_lab_changed_tells_whether_the_lab_is_on_and_its_h(panel):
    seen = emissions(panel.fd_lab_changed)
    panel.set_fd_lab(True)
    panel.set_fd_step(1e-3)
    panel.set_fd_lab(False)
    assert seen == [(True, 1e-5), (True, 1e-3), (False, 1e-3)]
