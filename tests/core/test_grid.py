"""The surface view's data (guiad.core.grid) against closed forms and central differences."""

from __future__ import annotations

import numpy as np
import pytest

from guiad.core import grid as grid_module
from guiad.core.expression import parse
from guiad.core.grid import (
    Box,
    compute_grid,
    compute_slice,
    contour_levels,
    contour_segments,
    values_at,
)

SADDLE = "x*x - y*y"
ROSENBROCK = "(1 - x)^2 + 100*(y - x^2)^2"


def rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def rosenbrock_grad(x, y):
    return -2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)


def box(nx=41, ny=31, lo=-2.0, hi=2.0, y_lo=-1.0, y_hi=3.0, x=0, y=1) -> Box:
    return Box(x, y, lo, hi, y_lo, y_hi, nx, ny)


def test_saddle_grid_is_row_major_and_matches_the_closed_form():
    b = box()
    g = compute_grid(parse(SADDLE), b, (0.0, 0.0))
    cols, rows = np.meshgrid(np.linspace(-2, 2, 41), np.linspace(-1, 3, 31))
    assert g.f.shape == (31, 41)
    # x*x - y*y is not symmetric in x and y: a transposed grid fails here
    np.testing.assert_allclose(g.f, cols**2 - rows**2, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(g.dfx, 2 * cols, rtol=1e-15)
    np.testing.assert_allclose(g.dfy, -2 * rows, rtol=1e-15)
    assert g.reasons == ()
    assert (g.failures == -1).all()


def test_rosenbrock_grid_matches_closed_form_and_central_differences():
    b = box(nx=25, ny=25)
    g = compute_grid(parse(ROSENBROCK), b, (0.0, 0.0))
    cols, rows = np.meshgrid(b.xs(), b.ys())
    np.testing.assert_allclose(g.f, rosenbrock(cols, rows), rtol=1e-13, atol=1e-12)
    gx, gy = rosenbrock_grad(cols, rows)
    np.testing.assert_allclose(g.dfx, gx, rtol=1e-12, atol=1e-10)
    np.testing.assert_allclose(g.dfy, gy, rtol=1e-12, atol=1e-10)
    h = 1e-6
    fd_x = (rosenbrock(cols + h, rows) - rosenbrock(cols - h, rows)) / (2 * h)
    fd_y = (rosenbrock(cols, rows + h) - rosenbrock(cols, rows - h)) / (2 * h)
    np.testing.assert_allclose(g.dfx, fd_x, rtol=1e-6, atol=1e-5)
    np.testing.assert_allclose(g.dfy, fd_y, rtol=1e-6, atol=1e-5)


def test_grid_equals_the_cores_trace_at_each_sample():
    graph = parse("sin(x*y) + exp(x - y)")
    b = box(nx=7, ny=5)
    g = compute_grid(graph, b, (0.0, 0.0))
    xs, ys = b.xs(), b.ys()
    for row in range(5):
        for col in range(7):
            at = values_at(graph, (xs[col], ys[row]))
            assert g.f[row, col] == pytest.approx(at.f, rel=1e-15, abs=1e-300)
            assert g.dfx[row, col] == pytest.approx(at.grad[0], rel=1e-15, abs=1e-300)
            assert g.dfy[row, col] == pytest.approx(at.grad[1], rel=1e-15, abs=1e-300)


def test_three_inputs_hold_the_others_at_the_point():
    graph = parse("x*y*z + z")
    b = box(nx=9, ny=7)
    g = compute_grid(graph, b, (5.0, 6.0, 1.5))  # x and y of the point are ignored
    cols, rows = np.meshgrid(b.xs(), b.ys())
    np.testing.assert_allclose(g.f, cols * rows * 1.5 + 1.5, rtol=1e-15)
    np.testing.assert_allclose(g.grad[2], cols * rows + 1.0, rtol=1e-15)
    assert g.point == (5.0, 6.0, 1.5)


def test_swapped_axes_put_the_first_input_on_the_vertical_axis():
    b = box(x=1, y=0, nx=11, ny=9)
    g = compute_grid(parse(SADDLE), b, (0.0, 0.0))
    cols, rows = np.meshgrid(b.xs(), b.ys())  # columns are y now, rows are x
    np.testing.assert_allclose(g.f, rows**2 - cols**2, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(g.dfx, -2 * cols, rtol=1e-15)  # ∂f/∂(horizontal input y)
    np.testing.assert_allclose(g.grad[0], 2 * rows, rtol=1e-15)


def test_undefined_samples_have_the_cores_reason():
    g = compute_grid(parse("log(x*y)"), box(nx=21, ny=21, y_lo=-2, y_hi=2), (1.0, 1.0))
    cols, rows = np.meshgrid(np.linspace(-2, 2, 21), np.linspace(-2, 2, 21))
    undefined = cols * rows <= 0
    assert (g.undefined() == undefined).all()
    row, col = g.cell(-1.0, 1.0)
    assert "log" in g.reason(row, col)
    assert g.reason(*g.cell(1.0, 1.0)) is None
    np.testing.assert_allclose(g.f[~undefined], np.log((cols * rows)[~undefined]), rtol=1e-15)


def test_blocks_merge_their_failure_codes(monkeypatch):
    graph = parse("log(x) + sqrt(y)")
    b = box(nx=30, ny=30, y_lo=-2, y_hi=2)
    whole = compute_grid(graph, b, (1.0, 1.0))
    monkeypatch.setattr(grid_module, "BLOCK", 37)
    blocks = compute_grid(graph, b, (1.0, 1.0))
    np.testing.assert_array_equal(whole.f, blocks.f)
    reasons = [[whole.reason(r, c) for c in range(30)] for r in range(30)]
    assert reasons == [[blocks.reason(r, c) for c in range(30)] for r in range(30)]
    assert len({r for row in reasons for r in row if r}) >= 2  # both ops fail somewhere


def test_abort_stops_between_blocks(monkeypatch):
    monkeypatch.setattr(grid_module, "BLOCK", 10)
    assert compute_grid(parse(SADDLE), box(), (0.0, 0.0), abort=lambda: True) is None


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        (Box(0, 0, -1, 1, -1, 1, 10, 10), "different inputs"),
        (Box(0, 2, -1, 1, -1, 1, 10, 10), "different inputs"),
        (Box(0, 1, 1, -1, -1, 1, 10, 10), "less than"),
        (Box(0, 1, -1, 1, -1, 1, 1, 10), "between"),
        (Box(0, 1, -1, 1, -1, 1, 10, 2001), "between"),
    ],
)
def test_bad_boxes_are_refused_with_a_reason(bad, why):
    assert why in bad.problem(2)
    with pytest.raises(ValueError, match=why):
        compute_grid(parse(SADDLE), bad, (0.0, 0.0))


def test_slices_through_the_point():
    graph = parse(SADDLE)
    along_y = compute_slice(graph, 1, (0.75, 123.0), -2.0, 2.0, points=101)
    y = np.linspace(-2, 2, 101)
    np.testing.assert_allclose(along_y.f, 0.75**2 - y**2, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(along_y.d, -2 * y, rtol=1e-15)
    along_x = compute_slice(graph, 0, (9.0, -0.5), -1.0, 3.0, points=51)
    x = np.linspace(-1, 3, 51)
    np.testing.assert_allclose(along_x.f, x**2 - 0.25, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(along_x.d, 2 * x, rtol=1e-15)


def test_slice_spans_say_why_it_is_undefined():
    s = compute_slice(parse("log(x*y)"), 0, (1.0, 2.0), -2.0, 2.0, points=401)
    (span,) = s.spans[0]
    assert span.x_start == -2.0
    assert span.x_end == pytest.approx(0.0, abs=0.011)
    assert "log" in span.reason
    assert not s.connect[0][:199].any()  # nothing drawn across the undefined run


def test_values_at_the_point_by_reverse_mode():
    at = values_at(parse(ROSENBROCK), (-1.0, 1.0))
    assert at.f == 4.0
    assert at.grad == pytest.approx(rosenbrock_grad(-1.0, 1.0), rel=1e-15)
    assert at.reason == ""
    assert values_at(parse(ROSENBROCK), (1.0, 1.0)).grad == (0.0, 0.0)  # the minimum
    bad = values_at(parse("log(x*y)"), (-1.0, 1.0))
    assert np.isnan(bad.f)
    assert "log" in bad.reason


def test_contour_segments_lie_on_the_level():
    xs = np.linspace(-2, 2, 81)
    cols, rows = np.meshgrid(xs, xs)
    points = contour_segments(cols**2 + rows**2, 1.0)
    assert points.shape[0] % 2 == 0
    assert points.shape[0] > 100
    to_data = -2 + points * (4 / 80)
    radius = np.hypot(to_data[:, 0], to_data[:, 1])
    np.testing.assert_allclose(radius, 1.0, atol=2e-3)  # linear interpolation on a circle
    plane = 2 * cols - rows  # linear: interpolation along the edges is exact
    ends = -2 + contour_segments(plane, 0.3) * (4 / 80)
    np.testing.assert_allclose(2 * ends[:, 0] - ends[:, 1], 0.3, atol=1e-12)


def test_contours_skip_undefined_cells_and_split_saddles():
    z = np.array([[1.0, -1.0], [-1.0, 1.0]])  # a saddle cell: two segments, not one
    assert contour_segments(z, 0.0).shape == (4, 2)
    z[0, 0] = np.nan
    assert contour_segments(z, 0.0).shape == (0, 2)
    assert contour_segments(np.full((5, 5), 2.0), 2.0).shape == (0, 2)  # flat: no line


def test_contour_levels_are_inside_the_values_and_sorted():
    xs = np.linspace(-2, 2, 101)
    cols, rows = np.meshgrid(xs, xs)
    f = rosenbrock(cols, rows)
    levels = contour_levels(f, 10)
    assert 5 <= len(levels) <= 10
    assert (np.diff(levels) > 0).all()
    assert f.min() < levels[0]
    assert levels[-1] < f.max()
    # quantiles: half the lines lie below the median value, so the valley gets lines
    assert (levels < np.median(f)).sum() >= 4
    assert contour_levels(np.full((3, 3), np.nan)).size == 0
