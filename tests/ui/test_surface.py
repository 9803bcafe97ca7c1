"""The surface view (heat map, point, gradient arrow, slices) through its public surface."""

from __future__ import annotations

import csv
import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from guiad.core.expression import parse
from guiad.ui.surface.panel import SurfacePanel

SADDLE = "x*x - y*y"
ROSENBROCK = "(1 - x)^2 + 100*(y - x^2)^2"
LOGISTIC = "log(1 + exp(-(w*x + b)))"


def rosenbrock_grad(x, y):
    return -2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)


@pytest.fixture
def surface(qtbot) -> SurfacePanel:
    panel = SurfacePanel()
    qtbot.addWidget(panel)
    panel.resize(1100, 520)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def record(signal) -> list:
    seen: list = []
    signal.connect(lambda *args: seen.append(args))
    return seen


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


def hover(panel: SurfacePanel, x: float, y: float) -> None:
    QTest.qWait(25)  # pyqtgraph drops mouse moves closer than 10 ms to the last one
    viewport = panel.map.canvas.viewport()
    send_mouse(viewport, QEvent.Type.MouseMove, map_pixel(panel, x, y), Qt.MouseButton.NoButton)


def map_pixel(panel: SurfacePanel, x: float, y: float) -> QPoint:
    return panel.map.canvas.mapFromScene(panel.map.scene_pos_of(x, y))


def test_heat_map_shows_the_cores_grid(surface):
    surface.set_graph(parse(SADDLE))
    grid = surface.grid()
    b = grid.box
    cols, rows = np.meshgrid(b.xs(), b.ys())
    np.testing.assert_allclose(grid.f, cols**2 - rows**2, rtol=1e-15, atol=1e-15)
    np.testing.assert_array_equal(surface.map.image.image, grid.f)  # drawn as computed
    levels = surface.map.contour_levels()
    assert len(levels) >= 5
    assert all(grid.f.min() < v < grid.f.max() for v in levels)
    assert surface.inputs() == ("x", "y")
    lo, hi = surface.map.colour_bar.levels()
    marked = [v for v in levels if lo <= v <= hi]
    assert surface.map.level_ticks() == pytest.approx(marked, rel=1e-12, abs=1e-12)


def test_readout_and_arrow_give_the_gradient_at_the_point(surface):
    surface.set_graph(parse(ROSENBROCK))
    surface.set_point((-1.0, 1.5))
    at = surface.values()
    gx, gy = rosenbrock_grad(-1.0, 1.5)
    assert at.grad == pytest.approx((gx, gy), rel=1e-14)
    assert f"∂f/∂x = {gx:.6g}".replace("-", "−") in surface.readout_text()
    (x0, y0), (x1, y1) = surface.map.arrow()
    assert (x0, y0) == (-1.0, 1.5)
    # the arrow points along the gradient (equal scales on both axes for this box)
    assert math.atan2(y1 - y0, x1 - x0) == pytest.approx(math.atan2(gy, gx), abs=1e-6)


def test_no_arrow_where_the_gradient_vanishes(surface):
    surface.set_graph(parse(ROSENBROCK))
    surface.set_point((1.0, 1.0))
    assert surface.values().grad == (0.0, 0.0)
    assert surface.map.arrow() is None
    assert "|∇f| = 0" in surface.readout_text()


def test_dragging_the_point_emits_and_updates_the_slices(surface):
    surface.set_graph(parse(SADDLE))
    surface.set_point((0.5, 0.5))
    seen = record(surface.point_changed)
    viewport = surface.map.canvas.viewport()
    left = Qt.MouseButton.LeftButton
    start, end = map_pixel(surface, 0.5, 0.5), map_pixel(surface, -1.0, 1.25)
    send_mouse(viewport, QEvent.Type.MouseButtonPress, start, left)
    for k in range(1, 11):
        send_mouse(viewport, QEvent.Type.MouseMove, start + (end - start) * (k / 10), left)
    send_mouse(viewport, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)
    x0, y0 = surface.point()
    assert x0 == pytest.approx(-1.0, abs=0.05)
    assert y0 == pytest.approx(1.25, abs=0.05)
    assert len(seen) > 1
    assert seen[-1] == ((x0, y0),)
    along_x, along_y = surface.slice_data(0), surface.slice_data(1)
    np.testing.assert_allclose(along_x.f, along_x.x**2 - y0**2, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(along_y.f, x0**2 - along_y.x**2, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(along_y.d, -2 * along_y.x, rtol=1e-15)
    x, y = surface.slices.curve(1, "f")  # what is drawn is the slice
    np.testing.assert_allclose(y, x0**2 - x**2, rtol=1e-15, atol=1e-15)
    assert surface.slices.line_value(0) == x0
    assert surface.slices.line_value(1) == y0
    assert [e.text() for e in surface.controls.point_edits] == [f"{x0:.6g}", f"{y0:.6g}"]


def test_clicking_the_map_moves_the_point(surface, qtbot):
    surface.set_graph(parse(SADDLE))
    qtbot.mouseClick(
        surface.map.canvas.viewport(), Qt.MouseButton.LeftButton, pos=map_pixel(surface, 1.5, -1.0)
    )
    assert surface.point() == pytest.approx((1.5, -1.0), abs=0.05)


def test_dragging_a_slice_line_moves_the_point_along_its_input(surface):
    surface.set_graph(parse(SADDLE))
    surface.set_point((0.5, 0.5))
    seen = record(surface.point_changed)
    surface.slices.columns[1].lines[1].setValue(-0.75)  # what a drag of the ∂f/∂y line does
    assert seen == [((0.5, -0.75),)]
    assert surface.map.target.pos().y() == -0.75
    np.testing.assert_allclose(surface.slice_data(0).f, surface.slice_data(0).x ** 2 - 0.5625)


def test_hover_over_an_undefined_region_gives_the_reason(surface):
    surface.set_graph(parse("log(x*y)"))
    hover(surface, -1.0, 1.0)
    assert "undefined" in surface.hover_text()
    assert "log" in surface.hover_text()
    assert surface.map.hover_tip().startswith("undefined here:")
    assert "log" in surface.readout_text()
    hover(surface, 1.0, 1.0)
    assert "undefined" not in surface.hover_text()
    assert surface.map.hover_tip() == ""
    assert surface.map.legend_entries()[-1][2] == "undefined"


def test_typed_box_and_point(surface, qtbot):
    surface.set_graph(parse(SADDLE))
    seen = record(surface.point_changed)
    c = surface.controls
    for edit, text in zip(
        (c.x_min_edit, c.x_max_edit, c.y_min_edit, c.y_max_edit, c.points_edit),
        ("-1", "3", "0", "pi", "51"),
        strict=True,
    ):
        edit.setText(text)
        edit.editingFinished.emit()
    b = surface.grid().box
    assert (b.x_min, b.x_max, b.y_min, b.y_max, b.nx, b.ny) == (-1, 3, 0, math.pi, 51, 51)
    c.point_edits[1].setText("-2")
    c.point_edits[1].editingFinished.emit()
    assert surface.point()[1] == -2.0
    assert len(seen) == 1
    c.x_min_edit.setText("abc")
    c.x_min_edit.editingFinished.emit()
    assert "x min" in surface.message()
    assert surface.grid().box.x_min == -1


def test_inverted_box_is_refused_and_kept(surface):
    surface.set_graph(parse(SADDLE))
    before = surface.box()
    assert not surface.set_box(2.0, -2.0, -1.0, 1.0, 100)
    assert "less than" in surface.message()
    assert surface.box() == before
    assert surface.controls.x_min_edit.text() == "-2"


def test_three_inputs_point_editor_and_chosen_axes(surface, qtbot):
    surface.set_graph(parse(LOGISTIC))
    assert surface.inputs() == ("x", "b", "w")
    edits = surface.controls.point_edits
    qtbot.waitUntil(lambda: [e.isVisible() for e in edits] == [True] * 3)  # laid out
    assert surface.controls.x_axis_box.isVisible()
    surface.set_point((1.0, 0.5, 2.0))
    g = surface.grid()
    cols, rows = np.meshgrid(g.box.xs(), g.box.ys())  # x across, b up; w fixed at 2
    np.testing.assert_allclose(g.f, np.log1p(np.exp(-(2.0 * cols + rows))), rtol=1e-12)
    surface.set_axes(0, 2)  # map x against w: the second slice is along w
    g = surface.grid()
    cols, rows = np.meshgrid(g.box.xs(), g.box.ys())
    np.testing.assert_allclose(g.f, np.log1p(np.exp(-(rows * cols + 0.5))), rtol=1e-12)
    along_w = surface.slice_data(1)
    assert along_w.input == 2
    sig = 1 / (1 + np.exp(along_w.x * 1.0 + 0.5))
    np.testing.assert_allclose(along_w.d, -1.0 * sig, rtol=1e-12)  # ∂f/∂w = −x·σ(−(wx+b))
    edits[1].setText("-1")  # b is off the map now: typing it redraws the map
    edits[1].editingFinished.emit()
    np.testing.assert_allclose(surface.grid().f, np.log1p(np.exp(-(rows * cols - 1.0))), rtol=1e-12)


def test_one_input_graph_clears_the_view(surface):
    surface.set_graph(parse(SADDLE))
    surface.set_graph(parse("sin(x)"))
    assert surface.grid() is None
    assert surface.graph() is None


def test_the_map_settles_after_an_edit(surface, qtbot):
    """Equal scales on both axes once made the layout oscillate forever (the y axis widened
    for longer tick labels, which changed the range and the labels back): the second edit
    never returned from painting. Fixed axis widths end it."""
    surface.resize(1000, 560)  # the size and box where it was seen
    surface.set_graph(parse("x*y"))
    surface.set_box(-2.0, 2.0, -1.0, 3.0, 100)
    qtbot.wait(50)
    changes = record(surface.map.plot.vb.sigRangeChanged)
    for expr in (SADDLE, "x*x - 2*y*y"):
        surface.set_graph(parse(expr))
        qtbot.wait(200)
    assert len(changes) < 10


def test_a_box_set_from_code_is_shown_in_the_boxes(surface):
    surface.set_graph(parse(ROSENBROCK))
    assert surface.set_box(-2.0, 2.0, -1.0, 3.0, 200)
    c = surface.controls
    texts = [e.text() for e in (c.x_min_edit, c.x_max_edit, c.y_min_edit, c.y_max_edit)]
    assert texts == ["-2", "2", "-1", "3"]
    assert c.points_edit.text() == "200"


def test_arrow_keys_nudge_the_point(surface, qtbot):
    surface.set_graph(parse(SADDLE))
    surface.set_point((0.5, 0.5))
    surface.setFocus()
    qtbot.keyClick(surface, Qt.Key.Key_Right)
    qtbot.keyClick(surface, Qt.Key.Key_Up)
    step = 0.01 * 4.0  # 1 % of the box's default width and height
    assert surface.point() == pytest.approx((0.5 + step, 0.5 + step), rel=1e-12)


def test_the_axis_boxes_choose_the_maps_inputs(surface):
    surface.set_graph(parse("x*y + z"))
    combo = surface.controls.y_axis_box
    combo.setCurrentIndex(2)
    combo.activated.emit(2)  # what picking "z" in the box does
    assert surface.axes() == (0, 2)
    assert surface.slice_data(1).input == 2
    np.testing.assert_allclose(surface.slice_data(1).d, 1.0)  # ∂(x*y + z)/∂z
    combo.setCurrentIndex(0)
    combo.activated.emit(0)  # x against x: refused, the axes stay
    assert surface.axes() == (0, 2)
    assert "different inputs" in surface.message()
    assert combo.currentIndex() == 2


def test_a_large_map_is_evaluated_in_the_background(surface, qtbot):
    surface.set_graph(parse(SADDLE))
    with qtbot.waitSignal(surface.map_updated, timeout=30_000):
        assert surface.set_box(-2.0, 2.0, -2.0, 2.0, 800)  # 640,000 samples
        assert surface.busy()  # not on the GUI thread
    assert surface.wait_for_data()
    grid = surface.grid()
    assert grid.f.shape == (800, 800)
    cols, rows = np.meshgrid(grid.box.xs(), grid.box.ys())
    np.testing.assert_allclose(grid.f, cols**2 - rows**2, rtol=1e-15, atol=1e-15)


def test_a_point_off_the_map_is_noted_and_the_box_extends_to_it(surface):
    surface.set_graph(parse(SADDLE))
    surface.set_point((5.0, 0.5))
    assert "outside the map" in surface.message()
    assert surface.extend_box_to_point()
    b = surface.box()
    assert b.x_min == -2.0
    assert 5.0 < b.x_max <= 5.0 + 0.05 * 7.0 + 1e-12
    assert (b.y_min, b.y_max) == (-2.0, 2.0)
    assert surface.message() == ""
    assert surface.grid().box == b


def test_the_grid_csv_of_an_input_named_f_has_distinct_columns(surface, tmp_path):
    # the header was f,y,f,df/df,df/dy (two "f" columns): the function is called g there
    surface.set_graph(parse("f*f - y"))
    assert surface.set_box(-1.0, 1.0, 0.0, 2.0, 3)
    path = tmp_path / "grid.csv"
    surface.export_csv(path)
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == [*surface.inputs(), "g", *(f"dg/d{name}" for name in surface.inputs())]
    assert sorted(rows[0]) == sorted(["f", "y", "g", "dg/df", "dg/dy"])
    table = [dict(zip(rows[0], map(float, row), strict=True)) for row in rows[1:]]
    assert len(table) == 9
    for row in table:
        f, y = row["f"], row["y"]
        assert row["g"] == pytest.approx(f * f - y, abs=1e-15)
        assert (row["dg/df"], row["dg/dy"]) == (2 * f, -1.0)
