"""The engine: a forward pass that records values and local partials, then reverse mode.

``trace`` keeps every number (values, partials, adjoints, dot derivatives and the order in
which the chain rule used them) so the walkthrough shows exactly what was computed. With
several inputs, one reverse sweep gives the whole gradient; forward mode runs one sweep per
input; ``Trace.cost`` counts the elementary operations each way while they run.
``evaluate`` is the lean path for plots: the same passes over a range of x, chunk by chunk
so memory stays bounded, on both cores (numpy's ufuncs release the GIL).

Points where the result is undefined (log of a negative, overflow, ...) become NaN, and a
``Failure`` says which node failed and why; nothing warns, everything runs in ``np.errstate``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from guiad.core import extended
from guiad.core.graph import CONST, HOLE, INPUT, Graph, first_hole, hole_reason, reads_hole
from guiad.core.ops import OPS

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

CHUNK_SIZE = 1 << 14  # 128 KiB per float64 array: every intermediate stays in cache
# A chunk keeps several arrays per node (value, partials, seconds, tangents, adjoint): its
# points are bounded so nodes × points stays under this too (a 10,000-node chain over the
# surface's 300×300 grid peaked at 7.5 GB). Each point's numbers do not depend on its chunk.
CHUNK_NODE_POINTS = 1 << 22
VALUE, FIRST, SECOND = 0, 1, 2  # which result a failure makes undefined, and all after it


@dataclass(frozen=True)
class Failure:
    """Why a point is undefined: the first node that failed, and from which order on."""

    node: int
    message: str
    level: int = VALUE

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Contribution:
    """One use of the chain rule along edge ``input → node`` (``position`` among its inputs).

    Backward: ``term = partial · adjoint[node]`` is added into ``total = adjoint[input]``.
    Forward mode: ``term = partial · dot[input]`` is added into ``total = dot[node]``.
    """

    node: int
    input: int
    position: int
    partial: np.ndarray
    term: np.ndarray
    total: np.ndarray


@dataclass(frozen=True)
class Sweep:
    """One forward-mode sweep: the dot derivatives v̇ᵢ = ∂vᵢ/∂(input ``input``)."""

    input: int
    dots: tuple[np.ndarray, ...]
    forward: tuple[Contribution, ...]


@dataclass(frozen=True)
class Cost:
    """Elementary operations, counted while the engine ran.

    One operation per op value and per local partial in the forward pass (``primal``, shared
    by both modes); in a sweep, one per multiplication by a partial and one per addition of
    a term into a sum. Reverse mode is the primal pass and one backward sweep; forward mode
    is the primal pass and one sweep per input (``forward`` holds each sweep's count).
    """

    primal: int
    reverse: int
    forward: tuple[int, ...]

    @property
    def reverse_total(self) -> int:
        return self.primal + self.reverse

    @property
    def forward_total(self) -> int:
        return self.primal + sum(self.forward)


class _Counter:
    """A running count of elementary operations (plain ints: the passes are per node)."""

    def __init__(self) -> None:
        self.count = 0


@dataclass(frozen=True)
class Trace:
    """Everything one evaluation computed, per node (index i is vᵢ; v0 is x; with several
    inputs, v0 … vₙ₋₁ are the inputs in ``graph.inputs`` order)."""

    graph: Graph
    x: np.ndarray
    seed: float
    values: tuple[np.ndarray, ...]
    partials: tuple[tuple[np.ndarray, ...], ...]  # ∂vᵢ/∂(each input of i)
    adjoints: tuple[np.ndarray, ...]  # v̄ᵢ = ∂y/∂vᵢ, times the seed ȳ
    dots: tuple[np.ndarray, ...]  # v̇ᵢ = ∂vᵢ/∂x
    ddots: tuple[np.ndarray, ...]  # v̈ᵢ = ∂²vᵢ/∂x²
    backward: tuple[Contribution, ...]  # in the order reverse mode applied them
    forward: tuple[Contribution, ...]  # in the order forward mode applied them
    failures: np.ndarray  # per point: index into ``reasons``, -1 where defined
    reasons: tuple[Failure, ...]
    point: tuple[np.ndarray, ...] = ()  # every input's values; point[0] is x
    sweeps: tuple[Sweep, ...] = ()  # forward mode, one sweep per input; sweeps[0] is dots
    cost: Cost | None = None

    @property
    def f(self) -> np.ndarray:
        return _masked(self.values[-1], self, VALUE)

    @property
    def df(self) -> np.ndarray:
        return _masked(self.adjoints[0], self, FIRST)

    @property
    def grad(self) -> tuple[np.ndarray, ...]:
        """∂f/∂ each input, all from the one reverse sweep (NaN where undefined)."""
        return tuple(
            _mask_gradient(self.graph, k, self.adjoints[k], self.failures, self.reasons)
            for k in range(self.graph.n_inputs)
        )

    @property
    def d2f(self) -> np.ndarray:
        return _masked(self.ddots[-1], self, SECOND)

    def failure(self, index: int | tuple = ()) -> Failure | None:
        """The failure at one point (``()`` for a scalar trace), or None."""
        code = int(self.failures[index])
        return None if code < 0 else self.reasons[code]


@dataclass(frozen=True)
class Evaluation:
    """f, f′ and (with order 2) f″ over a range, NaN where undefined.

    With several inputs ``grad`` holds ∂f/∂ each input (``df`` is ``grad[0]``), ``points``
    each input's values (``x`` is ``points[0]``) and ``d2f`` is ∂²f/∂x², x the first input.
    """

    x: np.ndarray
    f: np.ndarray
    df: np.ndarray | None
    d2f: np.ndarray | None
    failures: np.ndarray  # per point: index into ``reasons``, -1 where defined
    reasons: tuple[Failure, ...]
    grad: tuple[np.ndarray, ...] | None = None
    points: tuple[np.ndarray, ...] = ()

    def __post_init__(self) -> None:
        if self.grad is None and self.df is not None:
            object.__setattr__(self, "grad", (self.df,))
        if not self.points:
            object.__setattr__(self, "points", (self.x,))

    def failure(self, index: int) -> Failure | None:
        code = int(self.failures[index])
        return None if code < 0 else self.reasons[code]


# ---- the two passes ---------------------------------------------------------------------


def _forward(graph: Graph, point: Sequence[np.ndarray], second: bool, counter=None, wide=False):
    """Values and local partials (and second partials) of every node; ``point`` holds each
    input's values (all of one shape). ``wide``: the partials in extended precision (the
    values stay float64; see ``guiad.core.extended``)."""
    values: list[np.ndarray] = list(point)
    partials: list[tuple] = [()] * len(point)
    seconds: list[tuple] = [()] * len(point)
    holed = reads_hole(graph)
    for i, node in enumerate(graph.nodes[len(point) :], start=len(point)):
        if node.op == CONST:
            values.append(np.full(point[0].shape, node.param))
            partials.append(())
            seconds.append(())
            continue
        if holed and holed[i]:
            _append_hole(node, point[0].shape, second, values, partials, seconds)
            continue
        op = OPS[node.op]
        args = [values[j] for j in node.inputs]
        y = op.value(args, node.param)
        values.append(y)
        at, out = extended.wide(args, y) if wide else (args, y)
        partials.append(op.d1(at, out, node.param))
        seconds.append(op.d2(at, out, node.param) if second else ())
        if counter is not None:
            counter.count += 1 + len(node.inputs)  # the value, then one partial per input
    return values, partials, seconds


def _append_hole(node, shape, second: bool, values: list, partials: list, seconds: list):
    """A hole, or a node reading one: undefined (NaN), and not computed (a hole is an open
    port of a graph being built; ``_failures`` says which)."""
    nan = np.full(shape, np.nan)
    values.append(nan)
    partials.append((nan,) * len(node.inputs))
    seconds.append((nan,) * (0 if not second else 3 if len(node.inputs) == 2 else 1))


def _backward(
    graph: Graph,
    partials: Sequence[tuple],
    seed: np.ndarray,
    record: list | None,
    accumulate: bool = True,
    counter: _Counter | None = None,
):
    """Reverse mode: seed ȳ at the output and push adjoints to the inputs.

    ``accumulate=False`` is the classic learner's mistake, kept for teaching: ``=`` where
    ``+=`` belongs, so a node read twice keeps only its last contribution."""
    adjoints: list[np.ndarray | None] = [None] * len(graph.nodes)
    adjoints[-1] = seed
    for i in range(len(graph.nodes) - 1, 0, -1):
        adjoint = adjoints[i]
        if adjoint is None:
            continue
        for k, j in enumerate(graph.nodes[i].inputs):
            partial = partials[i][k]
            # ∂(u ± v)/∂u and ∂(u + b)/∂u are the float 1.0: the term is the adjoint itself,
            # bit for bit (x·1.0 is x for every float), one array pass fewer (counted still)
            term = adjoint if type(partial) is float and partial == 1.0 else partial * adjoint
            adds = adjoints[j] is not None and accumulate
            # a node read twice (x*sin(x)) gets both contributions added
            adjoints[j] = adjoints[j] + term if adds else term
            if counter is not None:
                counter.count += 2 if adds else 1
            if record is not None:
                record.append((i, j, k, term, adjoints[j]))
    zero = np.zeros_like(seed)
    return [zero if a is None else a for a in adjoints]


def depends_on(graph: Graph, inputs: Sequence[int]) -> list[bool]:
    """For each node, whether its value depends on any of the input nodes ``inputs``.

    A partial with respect to a node that does not (a constant) multiplies a tangent that
    is exactly 0, so it must neither turn that 0 into NaN (∞·0) nor be blamed: ``10^x`` at
    307 has a finite derivative although ∂(10^x)/∂10 overflows.
    """
    depends: list[bool] = []
    for i, node in enumerate(graph.nodes):
        depends.append(i in inputs or any(depends[j] for j in node.inputs))
    return depends


def depends_on_x(graph: Graph) -> list[bool]:
    """For each node, whether its value depends on any input at all."""
    return depends_on(graph, range(graph.n_inputs))


def _tangents(
    graph: Graph, partials, seconds, x: np.ndarray, record: list | None, wrt: int = 0, counter=None
):
    """Forward mode: dot derivatives v̇ = ∂v/∂(input ``wrt``) and, when ``seconds`` are
    given, v̈ (one sweep, seeded with 1 at that input and 0 at the others)."""
    one, zero = np.ones_like(x), np.zeros_like(x)
    depends = depends_on(graph, (wrt,))
    dots: list[np.ndarray] = []
    ddots: list[np.ndarray] = []
    for i, node in enumerate(graph.nodes):
        if node.op in (INPUT, CONST, HOLE):
            dots.append(one if i == wrt else zero)
            ddots.append(zero)
            continue
        dot = zero
        for k, j in enumerate(node.inputs):
            term = partials[i][k] * dots[j] if depends[j] else zero
            dot = term if k == 0 else dot + term
            if counter is not None:
                counter.count += int(depends[j]) + int(k > 0)
            if record is not None:
                record.append((i, j, k, term, dot))
        dots.append(dot)
        if seconds[i]:
            used = [depends[j] for j in node.inputs]
            ddots.append(_second_order(node.inputs, partials[i], seconds[i], dots, ddots, used))
    return dots, ddots


def _second_order(inputs, first, second, dots, ddots, used) -> np.ndarray:
    """v̈ = Σ ∂f/∂u·ü + Σ ∂²f/∂u∂w·u̇·ẇ (the chain rule applied twice), leaving out the
    terms of inputs that do not depend on x (``used`` False): their u̇ and ü are 0."""
    if len(inputs) == 1:
        (u,) = inputs
        return second[0] * dots[u] * dots[u] + first[0] * ddots[u]
    u, v = inputs
    huu, huv, hvv = second
    if all(used):
        return (
            huu * dots[u] * dots[u]
            + 2.0 * huv * dots[u] * dots[v]
            + hvv * dots[v] * dots[v]
            + first[0] * ddots[u]
            + first[1] * ddots[v]
        )
    if used[0]:
        return huu * dots[u] * dots[u] + first[0] * ddots[u]
    if used[1]:
        return hvv * dots[v] * dots[v] + first[1] * ddots[v]
    return np.zeros_like(dots[u])


# ---- undefined points ---------------------------------------------------------------------


def _diagnose(graph: Graph, point, order: int, first_bad: np.ndarray) -> list[Failure]:
    """Re-run the passes on the (few) bad points to find each one's first failing node.

    The most basic failure wins: an undefined value further on makes f undefined even when
    an earlier node only has an undefined second derivative (so f is masked the same way
    whatever ``order`` was asked for).
    """
    values, partials, seconds = _forward(graph, point, order >= 2)
    depends = depends_on_x(graph)
    x = point[0]
    found: list[Failure | None] = [None] * x.size

    def blame(mask: np.ndarray, failure: Failure) -> None:
        for p in np.flatnonzero(np.broadcast_to(mask, x.shape)):
            if found[p] is None or failure.level < found[p].level:
                found[p] = failure

    for k, name in enumerate(graph.inputs):
        why = f"the input {name} is not a finite number (NaN or ±∞)"
        blame(~np.isfinite(point[k]), Failure(k, why))
    for i, node in enumerate(graph.nodes):
        if node.op in (INPUT, CONST, HOLE):
            continue
        op = OPS[node.op]
        args = [values[j] for j in node.inputs]
        inputs_ok = np.logical_and.reduce([np.isfinite(a) for a in args])
        where = f"{op.name} (v{i})"
        if op.invalid is not None:
            invalid = inputs_ok & op.invalid(args, node.param)
            for j, underflowed in _underflowed_inputs(graph, values, i, invalid):
                why = f"its input v{j} underflowed to 0 (its true value is too small to represent)"
                blame(underflowed, Failure(i, f"{where}: {why}; {op.reason}"))
            blame(invalid, Failure(i, f"{where}: {op.reason}"))
        y = values[i]
        blame(inputs_ok & np.isinf(y), Failure(i, f"{where}: overflow, the value is too large"))
        blame(inputs_ok & np.isnan(y), Failure(i, f"{where}: the value is undefined here"))
        if op.d_invalid is not None:
            bad = inputs_ok & op.d_invalid(args, node.param)
            blame(bad, Failure(i, f"{where}: {op.d_reason}", FIRST))
        used = [depends[j] for j in node.inputs]
        for p, use in zip(partials[i], used, strict=True):
            bad = inputs_ok & ~np.isfinite(p) if use else False
            blame(bad, Failure(i, f"{where}: the derivative is infinite or undefined here", FIRST))
        # the second partials h_uu, h_uv, h_vv matter only for inputs that depend on x
        uses = [used[0]] if len(used) == 1 else [used[0], all(used), used[1]]
        for p, use in zip(seconds[i], uses, strict=False):  # no seconds for order < 2
            bad = inputs_ok & ~np.isfinite(p) if use else False
            msg = f"{where}: the second derivative is infinite or undefined here"
            blame(bad, Failure(i, msg, SECOND))
    # No node to blame: the chain rule's products overflowed. Say which result did, so only
    # that result and those after it are masked.
    rest = [
        Failure(graph.output, "the value overflows (too large to represent)", VALUE),
        Failure(graph.output, "the derivative overflows (too large to represent)", FIRST),
        Failure(graph.output, "the second derivative overflows (too large to represent)", SECOND),
    ]
    return [f if f is not None else rest[level] for f, level in zip(found, first_bad, strict=True)]


def _underflowed_inputs(graph: Graph, values, i: int, mask: np.ndarray):
    """The inputs j of node i that are 0 at points of ``mask`` only because they underflowed.

    Node j's op is recomputed there in extended precision (``np.longdouble``, whose range
    reaches far below float64's): nonzero there means the true value was not 0. Where
    longdouble is no wider than float64 nothing is found, and the plain reason stands.
    """
    if np.finfo(np.longdouble).tiny >= np.finfo(np.float64).tiny or not mask.any():
        return
    for j in graph.nodes[i].inputs:
        node = graph.nodes[j]
        if node.op in (INPUT, CONST, HOLE):
            continue
        zero = mask & (values[j] == 0)
        if not zero.any():
            continue
        args = [np.asarray(values[k][zero], dtype=np.longdouble) for k in node.inputs]
        wide = OPS[node.op].value(args, node.param)
        underflowed = np.zeros_like(zero)
        underflowed[zero] = wide != 0
        if underflowed.any():
            yield j, underflowed


def _failures(graph: Graph, point, results: Sequence[Sequence[np.ndarray]], order: int):
    """Per-point failure codes (-1 = fine) and the distinct failures they index;
    ``results[level]`` are the results of that level (f; the gradient; f″ or the Hessian)."""
    x = point[0]
    hole = first_hole(graph)
    if hole is not None:  # f is undefined everywhere, for one reason: nothing to diagnose
        return np.zeros(x.shape, dtype=np.int32), (Failure(hole, hole_reason(graph, hole)),)
    first_bad = np.full(x.shape, len(results))  # per point: the first non-finite result
    for level in reversed(range(len(results))):
        for result in results[level]:
            first_bad[~np.isfinite(result)] = level
    bad = first_bad < len(results)
    codes = np.full(x.shape, -1, dtype=np.int32)
    if not bad.any():
        return codes, ()
    reasons: dict[Failure, int] = {}
    diagnosed = _diagnose(graph, [p[bad] for p in point], order, first_bad[bad])
    codes[bad] = [reasons.setdefault(f, len(reasons)) for f in diagnosed]
    return codes, tuple(reasons)


def _mask(result: np.ndarray, codes: np.ndarray, reasons: Sequence[Failure], level: int):
    """NaN wherever a failure at ``level`` or below makes this result undefined."""
    if not reasons:
        return result
    levels = np.array([f.level for f in reasons])
    # np.where, not boolean assignment, so a 0-d trace (one x0) works too
    undefined = np.where(codes >= 0, levels[np.maximum(codes, 0)] <= level, False)
    if not undefined.any():
        return result
    result = np.array(result, dtype=np.float64, copy=True)
    result[undefined] = np.nan
    return result


def _masked(result: np.ndarray, trace: Trace, level: int) -> np.ndarray:
    return _mask(result, trace.failures, trace.reasons, level)


def _mask_gradient(graph: Graph, k: int, result: np.ndarray, codes, reasons) -> np.ndarray:
    """∂f/∂(input k), NaN where undefined. With one input: as f′ always was. With several,
    a failing derivative masks only the components it reaches: ``sqrt(x)*y`` at x = 0 has
    no ∂f/∂x but ∂f/∂y = 0."""
    if graph.n_inputs == 1:
        return _mask(result, codes, reasons, FIRST)
    if not reasons:
        return result
    reaches = depends_on(graph, (k,))
    masks = [f.level == VALUE or (f.level == FIRST and reaches[f.node]) for f in reasons]
    failed = np.where(codes >= 0, np.array(masks)[np.maximum(codes, 0)], False)
    undefined = failed | ((codes >= 0) & ~np.isfinite(result))
    if not undefined.any():
        return result
    result = np.array(result, dtype=np.float64, copy=True)
    result[undefined] = np.nan
    return result


def _point(graph: Graph, x) -> tuple[tuple[np.ndarray, ...], tuple[int, ...]]:
    """Each input's values as flat float64 arrays of one size, and the points' shape.

    One input: ``x`` is a number or an array. Several: a sequence of one number or array
    per input, broadcast together (numpy's rules)."""
    n = graph.n_inputs
    if n == 1:
        xs = np.asarray(x, dtype=np.float64)
        return (xs.reshape(-1),), xs.shape
    if isinstance(x, np.ndarray) or not isinstance(x, Sequence) or len(x) != n:
        raise ValueError(f"give one value or array per input ({', '.join(graph.inputs)})")
    arrays = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in x))
    shape = arrays[0].shape
    return tuple(np.ascontiguousarray(a).reshape(-1) for a in arrays), shape


# ---- public API -------------------------------------------------------------------------


def trace(graph: Graph, x, seed: float = 1.0, accumulate: bool = True) -> Trace:
    """Run and record the forward pass, reverse mode (from ``ȳ = seed``) and forward mode.

    Parameters
    ----------
    graph : the computation.
    x : a float (the walkthrough's x0) or an array of points; with several inputs, one
        float or array per input (broadcast together).
    seed : ȳ, the adjoint seeded at the output.
    accumulate : False for the fan-out mistake (see ``_backward``); only for teaching.
    """
    # Always run on 1-d arrays: numpy's scalar and array loops can differ in the last bit
    # (np.power, for one), and the walkthrough must show exactly what the plots computed.
    point, shape = _point(graph, x)
    flat = point[0]
    with np.errstate(all="ignore"):

        def run(at, wide):
            return _trace_passes(graph, at, seed, accumulate, wide)

        results, partials, seconds, values, adjoints, back, sweeps, counts = extended.rerun(
            run, point, run(point, False)
        )
        codes, reasons = _failures(graph, point, results, 2)
    ddots = sweeps[0][2]

    def shaped(a):
        """``a`` at the points' shape, read-only; an array already of their size is only
        viewed (broadcast_to's checks were half a walkthrough's trace: ~2,800 calls)."""
        a = np.asarray(a, dtype=np.float64)
        if a.shape != flat.shape:
            return np.broadcast_to(a, flat.shape).reshape(shape)
        view = a.reshape(shape)
        view.flags.writeable = False
        return view

    shape_partials = tuple(tuple(shaped(p) for p in ps) for ps in partials)

    def contributions(rows):
        return tuple(
            Contribution(i, j, k, shape_partials[i][k], shaped(term), shaped(total))
            for i, j, k, term, total in rows
        )

    shaped_sweeps = tuple(
        Sweep(k, tuple(shaped(d) for d in dots), contributions(fwd)) for k, dots, _, fwd in sweeps
    )
    return Trace(
        graph=graph,
        x=shaped(flat),
        seed=float(seed),
        values=tuple(shaped(v) for v in values),
        partials=shape_partials,
        adjoints=tuple(shaped(a) for a in adjoints),
        dots=shaped_sweeps[0].dots,
        ddots=tuple(shaped(d) for d in ddots),
        backward=contributions(back),
        forward=shaped_sweeps[0].forward,
        failures=codes.reshape(shape),
        reasons=reasons,
        point=tuple(shaped(p) for p in point),
        sweeps=shaped_sweeps,
        cost=Cost(counts[0], counts[1], tuple(counts[2])),
    )


def _trace_passes(graph: Graph, point, seed: float, accumulate: bool, wide: bool):
    """``trace``'s passes, recorded: the results by level, the partials, the second
    partials, the values, the adjoints, the backward rows, the sweeps and the counts."""
    primal, backward_count = _Counter(), _Counter()
    values, partials, seconds = _forward(graph, point, True, primal, wide)
    back: list = []
    seeded = np.full(point[0].shape, float(seed))
    adjoints = _backward(graph, partials, seeded, back, accumulate, backward_count)
    sweeps, sweep_counts = [], []
    for k in range(graph.n_inputs):
        fwd: list = []
        count = _Counter()
        dots, ddots = _tangents(graph, partials, seconds, point[0], fwd, k, count)
        sweeps.append((k, dots, ddots, fwd))
        sweep_counts.append(count.count)
    results = [[values[-1]], adjoints[: graph.n_inputs], [sweeps[0][2][-1]]]
    counts = (primal.count, backward_count.count, sweep_counts)
    return results, partials, seconds, values, adjoints, back, sweeps, counts


def _evaluate_chunk(graph: Graph, point, order: int, outputs: Sequence[np.ndarray], accumulate):
    """Evaluate one chunk straight into ``outputs`` (its slices of f, each input's ∂f and
    f″) and return its failures; done on a worker thread, so the copy runs in parallel too."""
    with np.errstate(all="ignore"):

        def run(at, wide):
            return _chunk_passes(graph, at, order, accumulate, wide)

        results = extended.rerun(run, point, run(point, False))[0]
        flat = [r for level in results for r in level]
        for out, result in zip(outputs, flat, strict=True):
            out[...] = result
        return _failures(graph, point, results, order)


def _chunk_passes(graph: Graph, point, order: int, accumulate: bool, wide: bool):
    """f, each input's ∂f (order ≥ 1) and f″ (order 2) by level, the partials and the
    second partials."""
    n = graph.n_inputs
    values, partials, seconds = _forward(graph, point, order >= 2, wide=wide)
    results = [[values[-1]]]
    if order >= 1:
        seed = np.ones_like(point[0])
        results.append(_backward(graph, partials, seed, None, accumulate)[:n])
    if order >= 2:
        results.append([_tangents(graph, partials, seconds, point[0], None)[1][-1]])
    return results, partials, seconds


_pool: ThreadPoolExecutor | None = None


def _executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        # imported here: only evaluations of several chunks need it, not the window's start
        from concurrent.futures import ThreadPoolExecutor

        _pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="guiad")
    return _pool


def evaluate(
    graph: Graph,
    x,
    order: int = 2,
    chunk_size: int = CHUNK_SIZE,
    parallel: bool = True,
    accumulate: bool = True,
) -> Evaluation:
    """f, then f′ (reverse mode) for ``order >= 1`` and f″ for ``order=2``, at each point of x.

    With several inputs, ``x`` is one array per input (broadcast together, then flattened)
    and the one reverse sweep gives ∂f/∂ each input (``Evaluation.grad``).
    Works in chunks of ``chunk_size`` points (fewer for a graph of many nodes, see
    CHUNK_NODE_POINTS) so the extra memory does not grow with len(x) nor with the nodes;
    with ``parallel`` the chunks run on all cores. Undefined points are NaN, with a reason.
    ``accumulate=False`` gives the f′ of the fan-out mistake (see ``_backward``).
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    chunk_size = max(1, min(chunk_size, CHUNK_NODE_POINTS // len(graph.nodes)))
    point, _ = _point(graph, x)
    n = point[0].size
    k = graph.n_inputs
    outputs = [np.empty(n) for _ in range(1 + (k if order >= 1 else 0) + (order >= 2))]
    codes = np.full(n, -1, dtype=np.int32)
    reasons: dict[Failure, int] = {}
    starts = range(0, n, chunk_size)

    def run(start: int):
        chunk = slice(start, start + chunk_size)
        parts = [out[chunk] for out in outputs]
        return start, _evaluate_chunk(graph, [p[chunk] for p in point], order, parts, accumulate)

    runner = _executor().map if parallel and len(starts) > 1 else map
    for start, (chunk_codes, chunk_reasons) in runner(run, starts):
        if chunk_reasons:
            remap = np.array([reasons.setdefault(f, len(reasons)) for f in chunk_reasons])
            bad = chunk_codes >= 0
            codes[start : start + chunk_size][bad] = remap[chunk_codes[bad]]
    found = tuple(reasons)
    f = _mask(outputs[0], codes, found, VALUE)
    grad = None
    if order >= 1:
        grad = tuple(_mask_gradient(graph, i, outputs[1 + i], codes, found) for i in range(k))
    d2f = _mask(outputs[-1], codes, found, SECOND) if order >= 2 else None
    return Evaluation(
        x=point[0],
        f=f,
        df=grad[0] if grad else None,
        d2f=d2f,
        failures=codes,
        reasons=found,
        grad=grad,
        points=point,
    )


def hessian(graph: Graph, x) -> np.ndarray:
    """The matrix of second partials ∂²f/∂uᵢ∂uⱼ at a point (``x`` as for ``trace``), by
    forward-over-reverse: one Hessian-vector product per input, each a forward-mode sweep
    carried through the reverse sweep. Shape ``(n, n)`` for one point, ``shape + (n, n)``
    for arrays; NaN where that entry is undefined (see ``_mask_hessian``)."""
    point, shape = _point(graph, x)
    n = graph.n_inputs
    with np.errstate(all="ignore"):

        def run(at, wide):
            return _hessian_passes(graph, at, wide)

        results, _, _, matrix = extended.rerun(run, point, run(point, False))
        codes, reasons = _failures(graph, point, results, 2)
    matrix = _mask_hessian(graph, np.asarray(matrix, dtype=np.float64), codes, reasons)
    return matrix.reshape(*shape, n, n)


def _hessian_passes(graph: Graph, point, wide: bool):
    """f, the gradient and the Hessian's entries by level, the partials, the second
    partials and the matrix (points × n × n)."""
    n = graph.n_inputs
    values, partials, seconds = _forward(graph, point, True, wide=wide)
    adjoints = _backward(graph, partials, np.ones_like(point[0]), None)
    columns = [_hessian_column(graph, partials, seconds, adjoints, point[0], k) for k in range(n)]
    matrix = np.stack([np.stack(column, axis=-1) for column in columns], axis=-1)
    entries = [matrix[:, i, j] for i in range(n) for j in range(n)]
    return [[values[-1]], adjoints[:n], entries], partials, seconds, matrix


def _mask_hessian(graph: Graph, matrix: np.ndarray, codes, reasons) -> np.ndarray:
    """NaN in the entries a failure reaches, as the gradient is masked per component: an
    undefined value blanks all; an undefined first derivative at node m the entries (i, j)
    where input i or j reaches m (∂f/∂uᵢ is undefined, and so is its derivative); an
    undefined second derivative those where both do (only its h·u̇ᵢ·u̇ⱼ term is). ``sqrt(x)*y``
    at x = 0 keeps ∂²f/∂y² = 0."""
    if not reasons:
        return matrix
    n = graph.n_inputs
    reaches = np.array([depends_on(graph, (k,)) for k in range(n)])  # input k → node m
    masks = []
    for f in reasons:
        r = reaches[:, f.node]
        if f.level == VALUE:
            masks.append(np.ones((n, n), dtype=bool))
        else:
            masks.append(r[:, None] | r[None, :] if f.level == FIRST else r[:, None] & r[None, :])
    bad = codes >= 0
    undefined = np.array(masks)[codes[bad]] | ~np.isfinite(matrix[bad])
    matrix[bad] = np.where(undefined, np.nan, matrix[bad])
    return matrix


def _hessian_column(graph: Graph, partials, seconds, adjoints, x, wrt: int) -> list:
    """Column ``wrt`` of the Hessian: the tangent (along input ``wrt``) of every adjoint.

    Differentiating ``ū += p·v̄`` gives ``u̇̄ += ṗ·v̄ + p·v̄̇``, where the partial's own
    tangent ``ṗ`` comes from the op's second partials and the inputs' dots."""
    dots, _ = _tangents(graph, partials, [()] * len(graph.nodes), x, None, wrt)
    depends = depends_on(graph, (wrt,))
    zero = np.zeros_like(x)
    adjoint_dots = [zero] * len(graph.nodes)
    for i in range(len(graph.nodes) - 1, graph.n_inputs - 1, -1):
        node = graph.nodes[i]
        if not node.inputs:
            continue
        for k, j in enumerate(node.inputs):
            dp = _partial_tangent(node.inputs, k, seconds[i], dots, depends)
            adjoint_dots[j] = adjoint_dots[j] + dp * adjoints[i] + partials[i][k] * adjoint_dots[i]
    return adjoint_dots[: graph.n_inputs]


def _partial_tangent(inputs, k: int, second, dots, depends) -> np.ndarray | float:
    """ṗ for the partial of a node with respect to its input number ``k``."""
    if len(inputs) == 1:
        (u,) = inputs
        return second[0] * dots[u] if depends[u] else 0.0
    u, v = inputs
    huu, huv, hvv = second
    row = (huu, huv) if k == 0 else (huv, hvv)
    return (row[0] * dots[u] if depends[u] else 0.0) + (row[1] * dots[v] if depends[v] else 0.0)


def value_and_grad(expr_or_graph: str | Graph, x=None, **inputs):
    """``(f, f′)`` at ``x`` by reverse mode: floats for a float, arrays for an array.

    With several inputs, name them: ``value_and_grad("x*y", x=1.0, y=2.0)`` gives
    ``(f, {"x": ∂f/∂x, "y": ∂f/∂y})`` (arrays broadcast together)."""
    from guiad.core.expression import parse

    graph = parse(expr_or_graph) if isinstance(expr_or_graph, str) else expr_or_graph
    if graph.n_inputs == 1 and not inputs:
        return _value_and_derivative(graph, x)
    if x is not None:
        inputs = {"x": x, **inputs}
    unknown = sorted(set(inputs) - set(graph.inputs))
    missing = [name for name in graph.inputs if name not in inputs]
    if unknown or missing:
        detail = f"unknown {', '.join(unknown)}" if unknown else f"missing {', '.join(missing)}"
        raise ValueError(f"the inputs are {', '.join(graph.inputs)}: {detail}")
    values = [inputs[name] for name in graph.inputs]
    if all(np.ndim(v) == 0 for v in values):
        t = trace(graph, [float(v) for v in values] if graph.n_inputs > 1 else float(values[0]))
        return float(t.f), {name: float(g) for name, g in zip(graph.inputs, t.grad, strict=True)}
    shape = np.broadcast_shapes(*(np.shape(v) for v in values))
    result = evaluate(graph, values if graph.n_inputs > 1 else values[0], order=1)
    grads = {name: g.reshape(shape) for name, g in zip(graph.inputs, result.grad, strict=True)}
    return result.f.reshape(shape), grads


def _value_and_derivative(graph: Graph, x):
    if np.ndim(x) == 0:
        t = trace(graph, float(x))
        return float(t.f), float(t.df)
    result = evaluate(graph, np.asarray(x), order=1)
    return result.f.reshape(np.shape(x)), result.df.reshape(np.shape(x))
