"""The engine: a forward pass that records values and local partials, then reverse mode.

``trace`` keeps every number (values, partials, adjoints, dot derivatives and the order in
which the chain rule used them) so the walkthrough shows exactly what was computed.
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

from guiad.core.graph import CONST, INPUT, Graph
from guiad.core.ops import OPS

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

CHUNK_SIZE = 1 << 14  # 128 KiB per float64 array: every intermediate stays in cache
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
class Trace:
    """Everything one evaluation computed, per node (index i is vᵢ; v0 is x)."""

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

    @property
    def f(self) -> np.ndarray:
        return _masked(self.values[-1], self, VALUE)

    @property
    def df(self) -> np.ndarray:
        return _masked(self.adjoints[0], self, FIRST)

    @property
    def d2f(self) -> np.ndarray:
        return _masked(self.ddots[-1], self, SECOND)

    def failure(self, index: int | tuple = ()) -> Failure | None:
        """The failure at one point (``()`` for a scalar trace), or None."""
        code = int(self.failures[index])
        return None if code < 0 else self.reasons[code]


@dataclass(frozen=True)
class Evaluation:
    """f, f′ and (with order 2) f″ over a range, NaN where undefined."""

    x: np.ndarray
    f: np.ndarray
    df: np.ndarray | None
    d2f: np.ndarray | None
    failures: np.ndarray  # per point: index into ``reasons``, -1 where defined
    reasons: tuple[Failure, ...]

    def failure(self, index: int) -> Failure | None:
        code = int(self.failures[index])
        return None if code < 0 else self.reasons[code]


# ---- the two passes ---------------------------------------------------------------------


def _forward(graph: Graph, x: np.ndarray, second: bool):
    """Values and local partials (and second partials) of every node."""
    values: list[np.ndarray] = []
    partials: list[tuple] = []
    seconds: list[tuple] = []
    for node in graph.nodes:
        if node.op == INPUT:
            values.append(x)
            partials.append(())
            seconds.append(())
            continue
        if node.op == CONST:
            values.append(np.full(x.shape, node.param))
            partials.append(())
            seconds.append(())
            continue
        op = OPS[node.op]
        args = [values[j] for j in node.inputs]
        y = op.value(args, node.param)
        values.append(y)
        partials.append(op.d1(args, y, node.param))
        seconds.append(op.d2(args, y, node.param) if second else ())
    return values, partials, seconds


def _backward(
    graph: Graph,
    partials: Sequence[tuple],
    seed: np.ndarray,
    record: list | None,
    accumulate: bool = True,
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
            term = partials[i][k] * adjoint
            # a node read twice (x*sin(x)) gets both contributions added
            adjoints[j] = term if adjoints[j] is None or not accumulate else adjoints[j] + term
            if record is not None:
                record.append((i, j, k, term, adjoints[j]))
    zero = np.zeros_like(seed)
    return [zero if a is None else a for a in adjoints]


def depends_on_x(graph: Graph) -> list[bool]:
    """For each node, whether its value depends on x at all.

    A partial with respect to a node that does not (a constant) multiplies a tangent that
    is exactly 0, so it must neither turn that 0 into NaN (∞·0) nor be blamed: ``10^x`` at
    307 has a finite derivative although ∂(10^x)/∂10 overflows.
    """
    depends: list[bool] = []
    for node in graph.nodes:
        depends.append(node.op == INPUT or any(depends[j] for j in node.inputs))
    return depends


def _tangents(graph: Graph, partials, seconds, x: np.ndarray, record: list | None):
    """Forward mode: dot derivatives v̇ and, when ``seconds`` are given, v̈."""
    one, zero = np.ones_like(x), np.zeros_like(x)
    depends = depends_on_x(graph)
    dots: list[np.ndarray] = []
    ddots: list[np.ndarray] = []
    for i, node in enumerate(graph.nodes):
        if node.op in (INPUT, CONST):
            dots.append(one if node.op == INPUT else zero)
            ddots.append(zero)
            continue
        dot = zero
        for k, j in enumerate(node.inputs):
            term = partials[i][k] * dots[j] if depends[j] else zero
            dot = term if k == 0 else dot + term
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


def _diagnose(graph: Graph, x: np.ndarray, order: int, first_bad: np.ndarray) -> list[Failure]:
    """Re-run the passes on the (few) bad points to find each one's first failing node.

    The most basic failure wins: an undefined value further on makes f undefined even when
    an earlier node only has an undefined second derivative (so f is masked the same way
    whatever ``order`` was asked for).
    """
    values, partials, seconds = _forward(graph, x, order >= 2)
    depends = depends_on_x(graph)
    found: list[Failure | None] = [None] * x.size

    def blame(mask: np.ndarray, failure: Failure) -> None:
        for p in np.flatnonzero(np.broadcast_to(mask, x.shape)):
            if found[p] is None or failure.level < found[p].level:
                found[p] = failure

    blame(~np.isfinite(x), Failure(0, "the input x is not a finite number (NaN or ±∞)"))
    for i, node in enumerate(graph.nodes):
        if node.op in (INPUT, CONST):
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
        if node.op in (INPUT, CONST):
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


def _failures(graph: Graph, x: np.ndarray, results: Sequence[np.ndarray], order: int):
    """Per-point failure codes (-1 = fine) and the distinct failures they index."""
    first_bad = np.full(x.shape, len(results))  # per point: the first non-finite result
    for level in reversed(range(len(results))):
        first_bad[~np.isfinite(results[level])] = level
    bad = first_bad < len(results)
    codes = np.full(x.shape, -1, dtype=np.int32)
    if not bad.any():
        return codes, ()
    reasons: dict[Failure, int] = {}
    diagnosed = _diagnose(graph, x[bad], order, first_bad[bad])
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


# ---- public API -------------------------------------------------------------------------


def trace(graph: Graph, x: float | np.ndarray, seed: float = 1.0, accumulate: bool = True) -> Trace:
    """Run and record the forward pass, reverse mode (from ``ȳ = seed``) and forward mode.

    Parameters
    ----------
    graph : the computation.
    x : a float (the walkthrough's x0) or an array of points.
    seed : ȳ, the adjoint seeded at the output.
    accumulate : False for the fan-out mistake (see ``_backward``); only for teaching.
    """
    xs = np.asarray(x, dtype=np.float64)
    # Always run on a 1-d array: numpy's scalar and array loops can differ in the last bit
    # (np.power, for one), and the walkthrough must show exactly what the plots computed.
    flat = xs.reshape(-1)
    with np.errstate(all="ignore"):
        values, partials, seconds = _forward(graph, flat, second=True)
        back: list = []
        adjoints = _backward(graph, partials, np.full(flat.shape, float(seed)), back, accumulate)
        fwd: list = []
        dots, ddots = _tangents(graph, partials, seconds, flat, fwd)
        results = [values[-1], adjoints[0], ddots[-1]]
        codes, reasons = _failures(graph, flat, results, 2)

    def shaped(a):
        return np.broadcast_to(np.asarray(a, dtype=np.float64), flat.shape).reshape(xs.shape)

    shape_partials = tuple(tuple(shaped(p) for p in ps) for ps in partials)

    def contributions(rows):
        return tuple(
            Contribution(i, j, k, shape_partials[i][k], shaped(term), shaped(total))
            for i, j, k, term, total in rows
        )

    return Trace(
        graph=graph,
        x=xs,
        seed=float(seed),
        values=tuple(shaped(v) for v in values),
        partials=shape_partials,
        adjoints=tuple(shaped(a) for a in adjoints),
        dots=tuple(shaped(d) for d in dots),
        ddots=tuple(shaped(d) for d in ddots),
        backward=contributions(back),
        forward=contributions(fwd),
        failures=codes.reshape(xs.shape),
        reasons=reasons,
    )


def _evaluate_chunk(
    graph: Graph, x: np.ndarray, order: int, outputs: Sequence[np.ndarray], accumulate: bool
):
    """Evaluate one chunk straight into ``outputs`` (its slices of the results) and return
    its failures; done on a worker thread, so the copy runs in parallel too."""
    with np.errstate(all="ignore"):
        values, partials, seconds = _forward(graph, x, second=order >= 2)
        results = [values[-1]]
        if order >= 1:
            results.append(_backward(graph, partials, np.ones_like(x), None, accumulate)[0])
        if order >= 2:
            results.append(_tangents(graph, partials, seconds, x, None)[1][-1])
        for out, result in zip(outputs, results, strict=True):
            out[...] = result
        return _failures(graph, x, results, order)


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
    x: np.ndarray,
    order: int = 2,
    chunk_size: int = CHUNK_SIZE,
    parallel: bool = True,
    accumulate: bool = True,
) -> Evaluation:
    """f, then f′ (reverse mode) for ``order >= 1`` and f″ for ``order=2``, at each point of x.

    Works in chunks of ``chunk_size`` points so the extra memory does not grow with len(x);
    with ``parallel`` the chunks run on all cores. Undefined points are NaN, with a reason.
    ``accumulate=False`` gives the f′ of the fan-out mistake (see ``_backward``).
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    xs = np.ascontiguousarray(x, dtype=np.float64).reshape(-1)
    n = xs.size
    outputs = [np.empty(n) for _ in range(order + 1)]
    codes = np.full(n, -1, dtype=np.int32)
    reasons: dict[Failure, int] = {}
    starts = range(0, n, chunk_size)

    def run(start: int):
        chunk = slice(start, start + chunk_size)
        parts = [out[chunk] for out in outputs]
        return start, _evaluate_chunk(graph, xs[chunk], order, parts, accumulate)

    runner = _executor().map if parallel and len(starts) > 1 else map
    for start, (chunk_codes, chunk_reasons) in runner(run, starts):
        if chunk_reasons:
            remap = np.array([reasons.setdefault(f, len(reasons)) for f in chunk_reasons])
            bad = chunk_codes >= 0
            codes[start : start + chunk_size][bad] = remap[chunk_codes[bad]]
    found = tuple(reasons)
    masked = [_mask(out, codes, found, level) for level, out in enumerate(outputs)]
    return Evaluation(
        x=xs,
        f=masked[0],
        df=masked[1] if order >= 1 else None,
        d2f=masked[2] if order >= 2 else None,
        failures=codes,
        reasons=found,
    )


def value_and_grad(expr_or_graph: str | Graph, x: float | np.ndarray):
    """``(f, f′)`` at ``x`` by reverse mode: floats for a float, arrays for an array."""
    from guiad.core.expression import parse

    graph = parse(expr_or_graph) if isinstance(expr_or_graph, str) else expr_or_graph
    if np.ndim(x) == 0:
        t = trace(graph, float(x))
        return float(t.f), float(t.df)
    result = evaluate(graph, np.asarray(x), order=1)
    return result.f.reshape(np.shape(x)), result.df.reshape(np.shape(x))
