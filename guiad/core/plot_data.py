"""What the plots show, computed without Qt: sampled curves, undefined spans, view ranges.

Everything here is plain numpy so it runs on a worker thread and is tested without a
window. The numbers drawn are exactly the core's (``engine.evaluate``, ``fd``); this module
only slices, merges and summarises them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from guiad.core.engine import Evaluation, Failure, evaluate
from guiad.core.expression import ParseError, parse
from guiad.core.fd import central_difference, error_against_h
from guiad.core.graph import Graph, GraphError
from guiad.core.sampling import MAX_POINTS, MIN_POINTS, coordinate_problem

SLOW_POINTS = 1_000_000
BLOCK = 1 << 20  # points per evaluate() call: superseded work stops between blocks, and
# a million points are one block (joining blocks cost a 1e6-point edit ~20 ms)
MAX_SPANS = 200  # shaded regions per plot; denser runs are merged (invisible at pixel scale)
H_MIN, H_MAX = 1e-12, 1e-1
H_STEPS = np.logspace(-12, -1, 111)  # the error-vs-h curve at x0: 10 points per decade
ERROR_FLOOR = 1e-18  # |AD − FD| of exactly 0 is drawn here on the log axis

# asked between blocks of work (plots and the surface grid): True once the result is unwanted
Abort = Callable[[], bool]


@dataclass(frozen=True)
class Span:
    """A run of undefined samples, widened by half a step on each side, and why."""

    x_start: float
    x_end: float
    reason: str


@dataclass(frozen=True)
class PlotData:
    """One evaluation of the graph over the range, plus the undefined spans of each curve."""

    graph: Graph
    x_min: float
    x_max: float
    points: int
    evaluation: Evaluation
    spans: tuple[tuple[Span, ...], tuple[Span, ...], tuple[Span, ...]]  # f, f′, f″
    connect: tuple[np.ndarray, np.ndarray, np.ndarray]  # f, f′, f″: draw segment i → i+1?

    def curve(self, order: int) -> np.ndarray:
        e = self.evaluation
        return (e.f, e.df, e.d2f)[order]


@dataclass(frozen=True)
class FdData:
    """The finite-difference lab over the range: the FD estimate of f′ and |f′ − FD|."""

    h: float
    fd: np.ndarray
    error: np.ndarray  # floored at ERROR_FLOOR where finite, NaN where either side is
    connect: np.ndarray  # draw the FD curve's segment i → i+1?


# ---- validation ---------------------------------------------------------------------------


def parse_points(text: str) -> int:
    """N from text such as '2001', '1e6' or '10,000'; ValueError if not a whole number."""
    what = f"N must be a whole number of points from {MIN_POINTS} to {MAX_POINTS:,} (such as 2001)"
    try:
        value = float(text.replace(",", "").replace("_", "").strip())
    except ValueError:
        raise ValueError(f"{what}, not {text.strip()!r}") from None
    if not np.isfinite(value) or value != int(value):
        raise ValueError(f"{what}, not {text.strip()!r}")
    return int(value)


def parse_real(text: str, name: str) -> float:
    """A finite float from text such as '2.5', '−1' or 'pi/2'; ValueError naming the field."""
    cleaned = text.replace("−", "-").strip()
    try:
        value = float(cleaned.replace(",", ""))
    except ValueError:
        value = _constant(cleaned)
    if value is None:
        raise ValueError(
            f"{name} must be a number (or a constant such as pi/2), not {text.strip()!r}"
        )
    problem = coordinate_problem(value, name)  # (what the views can draw)
    if problem is not None:
        raise ValueError(problem)
    return value


def _constant(text: str) -> float | None:
    """The value of a constant expression ('pi/2', '2*e') by the core's safe parser, or None."""
    try:
        graph = parse(text)
    except (ParseError, GraphError, ValueError):
        return None
    if graph.output == 0 or any(0 in node.inputs for node in graph.nodes):
        return None  # it depends on x
    return float(evaluate(graph, np.zeros(1), order=0).f[0])


# ---- evaluation ---------------------------------------------------------------------------


def sample_x(x_min: float, x_max: float, points: int) -> np.ndarray:
    return np.linspace(x_min, x_max, points)


def compute_plot_data(
    graph: Graph, x_min: float, x_max: float, points: int, abort: Abort | None = None
) -> PlotData | None:
    """f, f′, f″ over the range by the core, block by block; None if ``abort()`` says so."""
    x = sample_x(x_min, x_max, points)
    parts: list[Evaluation] = []
    for start in range(0, points, BLOCK):
        if abort is not None and abort():
            return None
        parts.append(evaluate(graph, x[start : start + BLOCK], order=2))
    evaluation = parts[0] if len(parts) == 1 else _concatenate(parts)
    spans = tuple(undefined_spans(x, evaluation, order) for order in range(3))
    e = evaluation
    connect = (connections(e.f, e.df), connections(e.df, e.d2f), connections(e.d2f, None))
    return PlotData(graph, x_min, x_max, points, evaluation, spans, connect)  # type: ignore[arg-type]


def _concatenate(parts: Sequence[Evaluation]) -> Evaluation:
    """One Evaluation from consecutive blocks, with the failure codes renumbered."""
    reasons: dict[Failure, int] = {}
    codes = []
    for part in parts:
        remap = np.array([reasons.setdefault(f, len(reasons)) for f in part.reasons] + [-1])
        codes.append(remap[part.failures])  # code -1 picks the trailing -1
    return Evaluation(
        x=np.concatenate([p.x for p in parts]),
        f=np.concatenate([p.f for p in parts]),
        df=np.concatenate([p.df for p in parts]),
        d2f=np.concatenate([p.d2f for p in parts]),
        failures=np.concatenate(codes).astype(np.int32),
        reasons=tuple(reasons),
    )


def compute_fd(graph: Graph, data: PlotData, h: float, abort: Abort | None = None) -> FdData | None:
    """The central difference with step ``h`` at every sample, and its distance from f′."""
    x = data.evaluation.x
    pieces = []
    for start in range(0, x.size, BLOCK):
        if abort is not None and abort():
            return None
        pieces.append(central_difference(graph, x[start : start + BLOCK], h))
    fd = np.concatenate(pieces)
    return FdData(h, fd, floored_error(data.evaluation.df, fd), connections(fd, None))


def floored_error(exact: np.ndarray, estimate: np.ndarray) -> np.ndarray:
    """|exact − estimate|, NaN where either is undefined, exact zeros lifted to the floor."""
    with np.errstate(all="ignore"):
        error = np.abs(np.asarray(exact) - np.asarray(estimate))
    error[~np.isfinite(error)] = np.nan
    return np.where(error < ERROR_FLOOR, ERROR_FLOOR, error)


def error_curve(graph: Graph, x0: float, exact: float) -> tuple[np.ndarray, np.ndarray]:
    """(h, |f′(x0) − FD(h)|) over H_STEPS: the V of truncation (slope 2) and round-off."""
    error = error_against_h(graph, x0, exact, H_STEPS)
    return H_STEPS, floored_error(error, np.zeros_like(error))


# ---- where the curve is drawn -------------------------------------------------------------

JUMP = 0.5  # a step larger than this fraction of the curve's robust span may be a jump


def connections(y: np.ndarray, dy: np.ndarray | None) -> np.ndarray:
    """For each sample, whether to draw the segment to the next one.

    Not across undefined points, and not across a jump such as tan's pole: a step of more
    than JUMP of the curve's robust span that goes against the derivative at both ends
    (tan climbs to +∞, then the next sample is near −∞ while tan′ > 0 on both sides).
    Without a derivative (f″), a large step that changes sign counts as a jump.
    """
    finite = np.isfinite(y)
    connect = np.zeros(y.shape, dtype=bool)
    connect[:-1] = finite[:-1] & finite[1:]
    y_range = robust_range(y)
    if y_range is None or y.size < 2:
        return connect
    with np.errstate(all="ignore"):
        step = np.diff(y)
        # the few large steps (NaN steps are not large), then the test on those only: a
        # million-point curve spent ~10 ms here testing every step
        i = np.flatnonzero(np.abs(step) > JUMP * (y_range[1] - y_range[0]))
        if dy is None:
            against = y[i] * y[i + 1] < 0  # a sign change
        else:
            against = (step[i] * dy[i] < 0) & (step[i] * dy[i + 1] < 0)
    connect[i[against]] = False
    return connect


def with_breaks(x: np.ndarray, y: np.ndarray, connect: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The samples to draw with connect="finite": a NaN after each finite sample not joined on.

    pyqtgraph 0.14 raises IndexError in paint when a curve's connect array meets a view with
    no finite sample (all undefined, or clipped to an undefined stretch), so jumps are broken
    the way undefined points already are: by a NaN. Each NaN repeats the x before it, so x
    stays sorted (pyqtgraph bisects it to clip) and ``without_breaks`` can drop them again.
    """
    finite = np.isfinite(y)
    jumps = np.flatnonzero(~connect[:-1] & finite[:-1] & finite[1:])
    if jumps.size == 0:
        return x, y
    return np.insert(x, jumps + 1, x[jumps]), np.insert(y, jumps + 1, np.nan)


def without_breaks(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The samples of a curve drawn by ``with_breaks`` (x strictly increasing): NaNs dropped."""
    keep = np.ones(x.shape, dtype=bool)
    keep[1:] = x[1:] != x[:-1]
    return x[keep], y[keep]


# ---- undefined spans ----------------------------------------------------------------------


def undefined_spans(x: np.ndarray, evaluation: Evaluation, order: int) -> tuple[Span, ...]:
    """The runs where curve ``order`` (0 f, 1 f′, 2 f″) is NaN, at most MAX_SPANS of them."""
    values = (evaluation.f, evaluation.df, evaluation.d2f)[order]
    bad = ~np.isfinite(values)
    if not bad.any():
        return ()
    edges = np.flatnonzero(np.diff(bad.astype(np.int8)))
    starts = np.concatenate([[0] if bad[0] else [], edges[~bad[edges]] + 1]).astype(int)
    stops = np.concatenate([edges[bad[edges]], [bad.size - 1] if bad[-1] else []]).astype(int)
    starts, stops = _merge_runs(starts, stops, MAX_SPANS)
    half = (x[-1] - x[0]) / (x.size - 1) / 2 if x.size > 1 else 0.0
    return tuple(
        Span(
            float(max(x[0], x[a] - half)),
            float(min(x[-1], x[b] + half)),
            _reason(evaluation, a, b),
        )
        for a, b in zip(starts, stops, strict=True)
    )


def _merge_runs(starts: np.ndarray, stops: np.ndarray, limit: int):
    """Keep the ``limit - 1`` widest gaps between runs and merge across the others."""
    if starts.size <= limit:
        return starts, stops
    gaps = starts[1:] - stops[:-1]
    keep = np.sort(np.argsort(gaps, kind="stable")[-(limit - 1) :])
    return starts[np.concatenate([[0], keep + 1])], stops[np.concatenate([keep, [stops.size - 1]])]


def _reason(evaluation: Evaluation, start: int, stop: int) -> str:
    """The core's reasons for the undefined points in one run (at most two, then '…')."""
    codes = evaluation.failures[start : stop + 1]
    found = [evaluation.reasons[c].message for c in np.unique(codes[codes >= 0])]
    if not found:
        return "undefined (not a finite number)"
    return "; ".join(found[:2]) + ("; …" if len(found) > 2 else "")


# ---- view ranges --------------------------------------------------------------------------

SAMPLE = 200_000  # robust ranges look at at most this many evenly spaced values
SPIKE_RATIO = 4.0  # full span over the 1–99 % span beyond which spikes are clipped off


def robust_range(values: np.ndarray) -> tuple[float, float] | None:
    """A y range showing the curve: all finite values, unless a few spikes (tan) dwarf them.

    Returns None when no value is finite. Spikes are values outside the 1st–99th percentile
    when the whole span is more than SPIKE_RATIO times the span between those percentiles.
    """
    step = max(1, values.size // SAMPLE)
    finite = values[::step]
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return None
    lo, hi = float(finite.min()), float(finite.max())
    if finite.size >= 50:
        q_lo, q_hi = (float(q) for q in percentiles(finite, (1.0, 99.0)))
        if hi - lo > SPIKE_RATIO * (q_hi - q_lo) and q_hi > q_lo:
            margin = 0.25 * (q_hi - q_lo)
            lo, hi = max(lo, q_lo - margin), min(hi, q_hi + margin)
    if hi - lo <= 1e-12 * max(1.0, abs(lo), abs(hi)):
        pad = max(1.0, abs(lo)) * 0.1
        lo, hi = lo - pad, hi + pad
    return lo, hi


def percentiles(values: np.ndarray, q: tuple[float, ...]) -> np.ndarray:
    """``np.percentile(values, q)`` (its linear method) to the last bit, for finite values.

    Not numpy's own: its first call imports numpy.ma (through np.unique), ~10 ms of the
    window's start, and it sorts more than the two order statistics it needs.
    """
    n = values.size
    quantiles = np.asarray(q, dtype=np.float64) / 100
    virtual = (n - 1) * quantiles
    lower = np.floor(virtual)
    gamma = virtual - lower
    below = np.clip(lower.astype(np.intp), 0, n - 1)
    above = np.minimum(below + 1, n - 1)
    ordered = np.partition(values, sorted({*below.tolist(), *above.tolist()}))
    a, b = ordered[below], ordered[above]
    diff = b - a
    # numpy's lerp: from the nearer end, so the result stays within [a, b]
    return np.where(gamma >= 0.5, b - diff * (1 - gamma), a + diff * gamma)


def tangent_segment(
    x0: float, f0: float, slope: float, x_lo: float, x_hi: float, y_lo: float, y_hi: float
) -> tuple[np.ndarray, np.ndarray]:
    """The tangent y = f0 + slope·(x − x0) over [x_lo, x_hi], cut to the band [y_lo, y_hi].

    Cutting keeps the coordinates moderate for huge slopes; the slope itself is exact.
    """
    xs = np.array([x_lo, x_hi], dtype=np.float64)
    if slope != 0.0:
        with np.errstate(all="ignore"):
            at_band = x0 + (np.array([y_lo, y_hi]) - f0) / slope
        inside = np.sort(at_band[np.isfinite(at_band)])
        if inside.size == 2:
            xs = np.clip(xs, inside[0], inside[1])
        if xs[0] >= xs[1]:
            xs = np.array([x0 - 1e-9 * max(1.0, abs(x0)), x0 + 1e-9 * max(1.0, abs(x0))])
    with np.errstate(all="ignore"):
        return xs, f0 + slope * (xs - x0)
