"""The plots' numpy helpers: evaluation in blocks, undefined spans, view ranges, validation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from guiad.core import plot_data
from guiad.core.engine import evaluate
from guiad.core.expression import parse
from guiad.core.plot_data import (
    MAX_SPANS,
    compute_fd,
    compute_plot_data,
    error_curve,
    parse_points,
    parse_real,
    robust_range,
    tangent_segment,
    undefined_spans,
    with_breaks,
    without_breaks,
)


def test_blocks_give_exactly_the_single_evaluation(monkeypatch):
    monkeypatch.setattr(plot_data, "BLOCK", 1000)  # many blocks, several with failures
    graph = parse("log(sin(x))")
    data = compute_plot_data(graph, -10.0, 10.0, 7001)
    whole = evaluate(graph, np.linspace(-10.0, 10.0, 7001))
    for name in ("x", "f", "df", "d2f"):
        np.testing.assert_array_equal(getattr(data.evaluation, name), getattr(whole, name))
    for i in range(0, 7001, 97):
        assert data.evaluation.failure(i) == whole.failure(i)


def test_abort_stops_the_work_and_returns_none(monkeypatch):
    monkeypatch.setattr(plot_data, "BLOCK", 100)
    calls = []

    def abort():
        calls.append(1)
        return len(calls) > 2

    assert compute_plot_data(parse("sin(x)"), 0.0, 1.0, 1000, abort) is None
    assert len(calls) == 3


def test_spans_cover_exactly_the_undefined_samples():
    graph = parse("log(sin(x))")
    x = np.linspace(-4.0, 4.0, 2001)
    e = evaluate(graph, x)
    spans = undefined_spans(x, e, 0)
    assert len(spans) == 2  # sin < 0 on (−π, 0) and (π, 4]
    covered = np.zeros(x.size, dtype=bool)
    for span in spans:
        covered |= (x >= span.x_start) & (x <= span.x_end)
        assert "log" in span.reason
    np.testing.assert_array_equal(covered, np.isnan(e.f))


def test_dense_undefined_runs_are_merged_to_at_most_the_limit():
    graph = parse("log(sin(x))")
    x = np.linspace(-1000.0, 1000.0, 200_001)  # ~318 separate runs where sin x ≤ 0
    e = evaluate(graph, x)
    spans = undefined_spans(x, e, 0)
    assert len(spans) == MAX_SPANS
    bad = x[np.isnan(e.f)]
    inside = np.zeros(bad.size, dtype=bool)
    for span in spans:
        inside |= (bad >= span.x_start) & (bad <= span.x_end)
    assert inside.all()  # merging never un-shades an undefined point


def test_no_spans_when_everything_is_defined():
    x = np.linspace(-4.0, 4.0, 101)
    assert undefined_spans(x, evaluate(parse("exp(sin(sin(x)))"), x), 2) == ()


def test_robust_range_ignores_nan_and_inf():
    values = np.array([np.nan, 1.0, np.inf, 3.0, -np.inf, 2.0])
    assert robust_range(values) == (1.0, 3.0)
    assert robust_range(np.array([np.nan, np.inf])) is None


def test_robust_range_keeps_a_smooth_curve_whole():
    values = np.exp(np.linspace(-4.0, 4.0, 2001))
    lo, hi = robust_range(values)
    assert lo == values.min()
    assert hi == values.max()


def test_robust_range_clips_the_spikes_of_tan():
    with np.errstate(all="ignore"):
        values = np.tan(np.linspace(-4.0, 4.0, 2001))
    lo, hi = robust_range(values)
    assert -200 < lo < -5
    assert 5 < hi < 200
    assert np.mean((values >= lo) & (values <= hi)) > 0.98


def test_robust_range_of_a_constant_is_not_empty():
    lo, hi = robust_range(np.full(10, 3.0))
    assert lo < 3.0 < hi


@given(
    x0=st.floats(-100, 100),
    f0=st.floats(-1e6, 1e6),
    slope=st.floats(-1e12, 1e12),
)
def test_tangent_segment_keeps_the_exact_slope_and_passes_through_the_point(x0, f0, slope):
    xs, ys = tangent_segment(x0, f0, slope, x0 - 3.0, x0 + 3.0, f0 - 10.0, f0 + 10.0)
    assert xs[0] < xs[1]
    assert xs[0] <= x0 <= xs[1]
    assert ys == pytest.approx(f0 + slope * (xs - x0), rel=1e-12, abs=1e-6)


def test_parse_points_and_reals():
    assert parse_points("1e6") == 1_000_000
    assert parse_points("10,000") == 10_000
    with pytest.raises(ValueError, match="whole number"):
        parse_points("2.5")
    with pytest.raises(ValueError, match="whole number") as refused:
        parse_points("many")
    assert "could not convert" not in str(refused.value)
    assert parse_real("−2.5", "x min") == -2.5  # a typographic minus, as the plots print
    with pytest.raises(ValueError, match="x max must be a number"):
        parse_real("four", "x max")


def test_fd_error_is_floored_and_nan_where_undefined():
    graph = parse("log(x)")
    data = compute_plot_data(graph, -1.0, 1.0, 201)
    fd = compute_fd(graph, data, 1e-6)
    x = data.evaluation.x
    assert np.isnan(fd.error[x < 0]).all()
    positive = x > 0.05
    assert (fd.error[positive] >= plot_data.ERROR_FLOOR).all()
    np.testing.assert_allclose(fd.fd[positive], 1.0 / x[positive], rtol=1e-6)


def test_error_curve_has_the_v_shape_for_the_seed():
    exact = float(np.exp(np.sin(np.sin(2.0))) * np.cos(np.sin(2.0)) * np.cos(2.0))
    h, error = error_curve(parse("exp(sin(sin(x)))"), 2.0, exact)
    best = np.nanargmin(error)
    assert 1e-8 <= h[best] <= 1e-4
    # the truncation arm: error ∝ h², slope 2 on log-log between 1e-3 and 1e-1
    large = (h >= 1e-3) & (h <= 1e-1)
    slope = np.polyfit(np.log10(h[large]), np.log10(error[large]), 1)[0]
    assert slope == pytest.approx(2.0, abs=0.1)


def test_tan_is_not_drawn_across_its_poles():
    data = compute_plot_data(parse("tan(x)"), -4.0, 4.0, 2001)
    x, connect = data.evaluation.x, data.connect[0]
    poles = np.array([-np.pi / 2, np.pi / 2])
    straddles = (x[:-1, None] < poles) & (x[1:, None] > poles)
    breaks = np.flatnonzero(~connect[:-1])
    np.testing.assert_array_equal(breaks, np.flatnonzero(straddles.any(axis=1)))
    assert not data.connect[2][:-1][straddles.any(axis=1)].any()  # f″ = 2 tan·sec² jumps too


@pytest.mark.parametrize("expression", ["exp(sin(sin(x)))", "tanh(scale(x, 50))", "x*x*x"])
def test_continuous_curves_are_drawn_without_breaks(expression):
    data = compute_plot_data(parse(expression), -4.0, 4.0, 2001)
    for connect in data.connect:
        assert connect[:-1].all()


def test_tan_is_drawn_with_a_nan_at_each_pole_and_its_samples_come_back_unchanged():
    data = compute_plot_data(parse("tan(x)"), -4.0, 4.0, 2001)
    e = data.evaluation
    x, y = with_breaks(e.x, e.f, data.connect[0])
    poles = np.array([-np.pi / 2, np.pi / 2])
    assert x.size == e.x.size + poles.size
    assert np.all(np.diff(x) >= 0)  # pyqtgraph bisects x to clip to the view
    joined = np.isfinite(y[:-1]) & np.isfinite(y[1:])  # what connect="finite" draws
    straddles = (x[:-1, None] < poles) & (x[1:, None] > poles)
    assert not (joined[:, None] & straddles).any()
    back = without_breaks(x, y)
    np.testing.assert_array_equal(back[0], e.x)
    np.testing.assert_array_equal(back[1], e.f)
