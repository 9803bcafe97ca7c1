"""What the surface view shows for a graph of several inputs, computed without Qt.

A ``Box`` is the rectangle of two inputs (the map's horizontal and vertical axes) sampled on
an nx × ny grid; every other input stays fixed at the point. ``compute_grid`` evaluates f and
the whole gradient there with the core (``engine.evaluate`` on the flattened meshgrid, in
blocks), ``compute_slice`` does the same along one input through the point, and
``contour_segments`` finds the contour lines of a grid by marching squares. The numbers are
exactly the core's; this module only lays them out, and never imports Qt.

Arrays of a grid are row-major: ``f[row, col]`` is at ``(xs[col], ys[row])``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from guiad.core.engine import Failure, evaluate, trace
from guiad.core.graph import Graph
from guiad.core.plot_data import Abort, Span, connections, robust_range, undefined_spans
from guiad.core.sampling import range_problem

BLOCK = 1 << 18  # grid points per evaluate() call, so superseded work can stop between blocks
MIN_SIDE, MAX_SIDE = 2, 2000  # samples along each side of the map
SLICE_POINTS = 801  # samples of each slice plot
CONTOURS = 10  # contour lines of a map


@dataclass(frozen=True)
class Box:
    """Inputs ``x`` (horizontal) and ``y`` (vertical) over their ranges, nx × ny samples."""

    x: int
    y: int
    x_min: float
    x_max: float
    y_min: float
    y_max: float
    nx: int
    ny: int

    def xs(self) -> np.ndarray:
        return np.linspace(self.x_min, self.x_max, self.nx)

    def ys(self) -> np.ndarray:
        return np.linspace(self.y_min, self.y_max, self.ny)

    def problem(self, n_inputs: int) -> str | None:
        """Why this box cannot be sampled for a graph of ``n_inputs`` inputs, or None."""
        if n_inputs < 2:
            return "a map needs a function of at least two inputs"
        if not (0 <= self.x < n_inputs and 0 <= self.y < n_inputs) or self.x == self.y:
            return "the map's two axes must be two different inputs"
        for side in (self.nx, self.ny):
            if not MIN_SIDE <= side <= MAX_SIDE:
                return f"N must be between {MIN_SIDE} and {MAX_SIDE:,} samples a side"
        for lo, hi, side in ((self.x_min, self.x_max, self.nx), (self.y_min, self.y_max, self.ny)):
            problem = range_problem(lo, hi, side)
            if problem is not None:
                return problem
        return None


@dataclass(frozen=True)
class GridData:
    """f and every ∂f/∂input over a box, NaN where undefined, with the core's reasons."""

    graph: Graph
    box: Box
    point: tuple[float, ...]  # the inputs off the map's axes are fixed at these values
    f: np.ndarray  # (ny, nx)
    grad: tuple[np.ndarray, ...]  # one (ny, nx) array per input
    failures: np.ndarray  # (ny, nx): index into ``reasons``, -1 where defined
    reasons: tuple[Failure, ...]

    @property
    def dfx(self) -> np.ndarray:
        return self.grad[self.box.x]

    @property
    def dfy(self) -> np.ndarray:
        return self.grad[self.box.y]

    def cell(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, col) of the sample nearest to (x, y), or None outside the box's pixels."""
        b = self.box
        col = round((x - b.x_min) / (b.x_max - b.x_min) * (b.nx - 1))
        row = round((y - b.y_min) / (b.y_max - b.y_min) * (b.ny - 1))
        return (row, col) if 0 <= col < b.nx and 0 <= row < b.ny else None

    def reason(self, row: int, col: int) -> str | None:
        """Why the sample at (row, col) is undefined (f or a partial), or None."""
        code = int(self.failures[row, col])
        return None if code < 0 else self.reasons[code].message

    def undefined(self) -> np.ndarray:
        """Where f itself is undefined (the map greys these samples)."""
        return ~np.isfinite(self.f)


@dataclass(frozen=True)
class SliceData:
    """f and ∂f/∂(input ``input``) along that input, the others fixed at the point."""

    graph: Graph
    input: int
    point: tuple[float, ...]
    x: np.ndarray
    f: np.ndarray
    d: np.ndarray
    failures: np.ndarray
    reasons: tuple[Failure, ...]
    spans: tuple[tuple[Span, ...], tuple[Span, ...]]  # undefined runs of f, of the partial
    connect: tuple[np.ndarray, np.ndarray]  # draw segment i → i+1 of f, of the partial?

    # the names plot_data's span helpers read (an Evaluation has the same)
    @property
    def df(self) -> np.ndarray:
        return self.d

    d2f = None


@dataclass(frozen=True)
class PointValues:
    """f and the gradient at exactly the point (from the core's trace), and why undefined."""

    point: tuple[float, ...]
    f: float
    grad: tuple[float, ...]
    reason: str


# ---- evaluation ---------------------------------------------------------------------------


def _evaluate_blocks(graph: Graph, inputs: Sequence[np.ndarray], abort: Abort | None):
    """f, the gradient, failure codes and reasons at the flat ``inputs``, block by block;
    None if ``abort()`` says so."""
    size = inputs[0].size
    f = np.empty(size)
    grad = [np.empty(size) for _ in inputs]
    codes = np.full(size, -1, dtype=np.int32)
    reasons: dict[Failure, int] = {}
    for start in range(0, size, BLOCK):
        if abort is not None and abort():
            return None
        block = slice(start, start + BLOCK)
        e = evaluate(graph, tuple(a[block] for a in inputs), order=1)
        f[block] = e.f
        for out, partial in zip(grad, e.grad, strict=True):
            out[block] = partial
        if e.reasons:
            remap = np.array([reasons.setdefault(r, len(reasons)) for r in e.reasons] + [-1])
            codes[block] = remap[e.failures]  # code -1 picks the trailing -1
    return f, tuple(grad), codes, tuple(reasons)


def _inputs_at(point: Sequence[float], size: int) -> list[np.ndarray]:
    return [np.full(size, float(v)) for v in point]


def compute_grid(
    graph: Graph, box: Box, point: Sequence[float], abort: Abort | None = None
) -> GridData | None:
    """f and the gradient over ``box``, the other inputs at ``point``; None if aborted."""
    problem = box.problem(len(point))
    if problem is not None:
        raise ValueError(problem)
    cols, rows = np.meshgrid(box.xs(), box.ys())  # (ny, nx) each, row-major
    inputs = _inputs_at(point, cols.size)
    inputs[box.x], inputs[box.y] = cols.reshape(-1), rows.reshape(-1)
    result = _evaluate_blocks(graph, inputs, abort)
    if result is None:
        return None
    f, grad, codes, reasons = result
    shape = (box.ny, box.nx)
    return GridData(
        graph=graph,
        box=box,
        point=tuple(float(v) for v in point),
        f=f.reshape(shape),
        grad=tuple(g.reshape(shape) for g in grad),
        failures=codes.reshape(shape),
        reasons=reasons,
    )


def compute_slice(
    graph: Graph,
    input: int,
    point: Sequence[float],
    lo: float,
    hi: float,
    points: int = SLICE_POINTS,
) -> SliceData:
    """f and ∂f/∂input over [lo, hi] along ``input``, the other inputs at ``point``."""
    x = np.linspace(lo, hi, points)
    inputs = _inputs_at(point, points)
    inputs[input] = x
    result = _evaluate_blocks(graph, inputs, None)
    assert result is not None  # nothing aborts it
    f, grad, codes, reasons = result
    d = grad[input]
    partial = SliceData(graph, input, tuple(point), x, f, d, codes, reasons, ((), ()), ((), ()))
    spans = (undefined_spans(x, partial, 0), undefined_spans(x, partial, 1))  # type: ignore[arg-type]
    connect = (connections(f, d), connections(d, None))
    return SliceData(graph, input, tuple(point), x, f, d, codes, reasons, spans, connect)


def values_at(graph: Graph, point: Sequence[float]) -> PointValues:
    """f and ∂f/∂each input at exactly ``point`` by one reverse sweep of the core's trace."""
    t = trace(graph, [np.array([float(v)]) for v in point])
    failure = t.failure(0)
    return PointValues(
        point=tuple(float(v) for v in point),
        f=float(t.f[0]),
        grad=tuple(float(g[0]) for g in t.grad),
        reason="" if failure is None else failure.message,
    )


# ---- colours and contours -----------------------------------------------------------------


def colour_range(f: np.ndarray) -> tuple[float, float] | None:
    """The values the colour map spans: all of f, unless a few spikes dwarf the rest."""
    return robust_range(f.reshape(-1))


def contour_levels(f: np.ndarray, count: int = CONTOURS) -> np.ndarray:
    """``count`` levels at evenly spaced quantiles of f's finite values (each band between
    two lines covers about as much of the map), rounded to 3 significant digits.

    Quantiles, not evenly spaced values: Rosenbrock's narrow valley gets lines although its
    walls rise a thousand times higher. Levels that round to the same value are kept once.
    """
    finite = f[np.isfinite(f)]
    if finite.size == 0:
        return np.array([])
    step = max(1, finite.size // 50_000)  # quantiles of a sample are as good for lines
    quantiles = np.linspace(0, 100, count + 2)[1:-1]
    levels = np.percentile(finite[::step], quantiles)
    rounded = [_round_significant(float(v), 3) for v in levels]
    return np.unique([v for v in rounded if finite.min() < v < finite.max()])


def _round_significant(value: float, digits: int) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def defined_cells(z: np.ndarray) -> np.ndarray:
    """The cells (between four samples) of the grid ``z`` whose corners are all finite."""
    finite = np.isfinite(z)
    return finite[:-1, :-1] & finite[:-1, 1:] & finite[1:, 1:] & finite[1:, :-1]


def contour_segments(z: np.ndarray, level: float, defined: np.ndarray | None = None) -> np.ndarray:
    """The contour line f = ``level`` of the row-major grid ``z`` by marching squares.

    Returns a (2k, 2) array of (col, row) coordinates in sample units (sample (r, c) at
    (c, r)), two rows per segment. Cells with an undefined corner get no segment
    (``defined``: ``defined_cells(z)``, passed in when drawing several levels). In a
    saddle cell (two opposite corners above) the mean of the four corners decides which
    corners the lines cut off.
    """
    if z.ndim != 2 or min(z.shape) < 2:
        return np.empty((0, 2))
    if defined is None:
        defined = defined_cells(z)
    with np.errstate(invalid="ignore"):
        above = z >= level
    # a cell is crossed when its corners are not all on one side (bools: cheap on big grids)
    crossed = above[:-1, :-1] != above[:-1, 1:]
    crossed |= above[:-1, 1:] != above[1:, 1:]
    crossed |= above[1:, 1:] != above[1:, :-1]
    rows, cols = np.nonzero(crossed & defined)
    if rows.size == 0:
        return np.empty((0, 2))
    a = (above[rows, cols], above[rows, cols + 1], above[rows + 1, cols + 1], above[rows + 1, cols])
    case = a[0] * 1 + a[1] * 2 + a[2] * 4 + a[3] * 8
    z00, z01 = z[rows, cols], z[rows, cols + 1]
    z11, z10 = z[rows + 1, cols + 1], z[rows + 1, cols]
    with np.errstate(divide="ignore", invalid="ignore"):
        # crossing points on the bottom, right, top and left edges of each cell
        edges = np.stack(
            [
                np.column_stack([cols + (level - z00) / (z01 - z00), rows]),
                np.column_stack([cols + 1, rows + (level - z01) / (z11 - z01)]),
                np.column_stack([cols + (level - z10) / (z11 - z10), rows + 1]),
                np.column_stack([cols, rows + (level - z00) / (z10 - z00)]),
            ],
            axis=1,
        ).astype(np.float64)
    crosses = np.column_stack([a[0] != a[1], a[1] != a[2], a[2] != a[3], a[3] != a[0]])
    saddle = crosses.all(axis=1)
    simple = ~saddle
    first = np.argmax(crosses, axis=1)
    second = 3 - np.argmax(crosses[:, ::-1], axis=1)
    idx = np.flatnonzero(simple)
    segments = [np.stack([edges[idx, first[idx]], edges[idx, second[idx]]], axis=1)]
    if saddle.any():
        s = np.flatnonzero(saddle)
        centre_above = (z00[s] + z01[s] + z11[s] + z10[s]) / 4 >= level
        # corners 1 and 3 (bottom-right, top-left) are cut off when they differ from the centre
        cut_13 = (case[s] == 5) == centre_above
        pairs = np.where(cut_13[:, None], [[0, 1, 2, 3]], [[0, 3, 1, 2]])
        ends = edges[s[:, None], pairs]  # (k, 4, 2): two segments a cell
        segments.append(ends.reshape(-1, 2, 2))
    return np.concatenate(segments).reshape(-1, 2)
