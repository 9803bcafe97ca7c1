"""Benchmark of the core: f and f′ over N points for chains of length 3 and 10, and the
gradient of a 2-input, 20-op expression over a 1000×1000 grid.

Run from the repository root with the README's venv: ``.venv/bin/python bench/core.py``
(``--quick`` for fewer repeats; ``--only grid`` or ``--only chains`` for one part).
Prints tables and asserts nothing. Compared, per chain and N:

- guiad ``evaluate(order=1)`` on both cores (``parallel=True``, the default) and on one;
- a seed-style scalar loop (the ``math`` module, value and derivative per op, one point at
  a time): timed for N <= 1e4, extrapolated linearly above that (marked "~");
- hand-fused numpy computing f and f′ on one thread (forward mode, in place);
- torch autograd (backward through the chain) on 1 and 2 threads, if torch imports.

Contenders take turns (one call each per round) so a busy machine slows them alike; times
are the median and the best of the rounds; ratios are medians against hand-fused numpy.
"extra B/pt" is the tracemalloc peak during the call minus the arrays it returns, divided
by N (numpy reports its buffers to tracemalloc; torch's allocator does not: "n/a").

The grid part (issue 11): ∂f/∂x and ∂f/∂y of ``GRID_EXPR`` at 1000×1000 points, guiad's
``evaluate(graph, (X, Y), order=1)`` (one reverse sweep) against torch autograd with 2
threads in the same run (goal: guiad ≤ 1.2× torch).
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from guiad.core.engine import evaluate  # noqa: E402
from guiad.core.expression import parse  # noqa: E402
from guiad.core.graph import CONST, Graph, chain_graph  # noqa: E402
from guiad.core.ops import OPS  # noqa: E402

L3 = ["sin", "sin", "exp"]
L10 = ["sin", "exp", "tanh", "cos", "square", "log1p", "sin", "arctan", "tanh", "cos"]
SIZES = [1_000, 10_000, 100_000, 1_000_000]
SCALAR_LIMIT = 10_000


# ---- the seed-style scalar loop: value and derivative per op, per point -------------------


def _scalar_rules() -> dict[str, Callable[[float], tuple[float, float]]]:
    def tanh(u: float) -> tuple[float, float]:
        t = math.tanh(u)
        return t, 1.0 - t * t

    return {
        "sin": lambda u: (math.sin(u), math.cos(u)),
        "cos": lambda u: (math.cos(u), -math.sin(u)),
        "exp": lambda u: (math.exp(u), math.exp(u)),
        "tanh": tanh,
        "square": lambda u: (u * u, 2.0 * u),
        "log1p": lambda u: (math.log1p(u), 1.0 / (1.0 + u)),
        "arctan": lambda u: (math.atan(u), 1.0 / (1.0 + u * u)),
    }


def scalar_loop(ops: list[str]) -> Callable[[np.ndarray], tuple[list, list]]:
    rules = [_scalar_rules()[name] for name in ops]

    def run(x: np.ndarray) -> tuple[list, list]:
        fs, dfs = [], []
        for u in x.tolist():
            d = 1.0
            for rule in rules:
                u, local = rule(u)
                d *= local
            fs.append(u)
            dfs.append(d)
        return fs, dfs

    return run


# ---- hand-fused numpy: forward mode, in place, one thread --------------------------------


def fused_l3(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    d = np.cos(x)
    u = np.sin(x)
    d *= np.cos(u)
    np.sin(u, out=u)
    np.exp(u, out=u)
    d *= u
    return u, d


def fused_l10(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    t = np.empty_like(x)
    d = np.cos(x)
    u = np.sin(x)
    np.exp(u, out=u)  # exp
    d *= u
    np.tanh(u, out=u)  # tanh: 1 - t²
    np.multiply(u, u, out=t)
    np.subtract(1.0, t, out=t)
    d *= t
    np.sin(u, out=t)  # cos: -sin
    d *= t
    np.negative(d, out=d)
    np.cos(u, out=u)
    d *= u  # square: 2u
    d *= 2.0
    u *= u
    np.add(u, 1.0, out=t)  # log1p: 1/(1 + u)
    d /= t
    np.log1p(u, out=u)
    np.cos(u, out=t)  # sin: cos
    d *= t
    np.sin(u, out=u)
    np.multiply(u, u, out=t)  # arctan: 1/(1 + u²)
    t += 1.0
    d /= t
    np.arctan(u, out=u)
    np.tanh(u, out=u)  # tanh
    np.multiply(u, u, out=t)
    np.subtract(1.0, t, out=t)
    d *= t
    np.sin(u, out=t)  # cos
    d *= t
    np.negative(d, out=d)
    np.cos(u, out=u)
    return u, d


# ---- torch autograd ------------------------------------------------------------------------


def torch_runner(ops: list[str]):
    try:
        import torch
    except ImportError:
        return None

    def run(x: np.ndarray):
        xt = torch.from_numpy(x).requires_grad_(True)
        u = xt
        for name in ops:
            u = getattr(torch, name)(u) if name != "square" else u * u
        u.backward(torch.ones_like(u))
        return u.detach().numpy(), xt.grad.numpy()

    return run


def torch_threads(threads: int) -> Callable[[], None]:
    import torch

    return lambda: torch.set_num_threads(threads)


# ---- measuring -----------------------------------------------------------------------------


@dataclass
class Contender:
    name: str
    run: Callable[[np.ndarray], object]
    traceable: bool  # its buffers show up in tracemalloc
    # untimed, before every call (torch's thread count), followed by one untimed call: the
    # first call after torch switches its pool pays for the switch (seen: twice as slow at best)
    prepare: Callable[[], None] | None = None
    sample: int | None = None  # time on this many points and scale up linearly


def interleaved_times(contenders: list[Contender], x: np.ndarray, repeats: int) -> dict:
    """Seconds per call, each contender once per round, so a busy machine hurts all alike."""
    inputs = {c.name: x if c.sample is None else x[: c.sample] for c in contenders}
    for c in contenders:  # warm up: thread pools, caches, torch's allocator
        _switch(c, inputs[c.name])
        c.run(inputs[c.name])
    times: dict[str, list[float]] = {c.name: [] for c in contenders}
    for _ in range(repeats):
        for c in contenders:
            _switch(c, inputs[c.name])
            start = time.perf_counter()
            c.run(inputs[c.name])
            times[c.name].append((time.perf_counter() - start) * x.size / inputs[c.name].size)
    return times


def _switch(c: Contender, x: np.ndarray) -> None:
    """Untimed: set torch's thread count for ``c``, and let one call pay for the switch."""
    if c.prepare is not None:
        c.prepare()
        c.run(x)


def _returned_bytes(result, x: np.ndarray) -> int:
    """Bytes of the arrays a call returns, not counting views of its input x."""
    arrays = vars(result).values() if hasattr(result, "__dataclass_fields__") else result
    return sum(a.nbytes for a in arrays if isinstance(a, np.ndarray) and not np.shares_memory(a, x))


def extra_bytes_per_point(fn: Callable, x: np.ndarray) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    result = fn(x)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    if isinstance(result, tuple) and isinstance(result[0], list):
        return float("nan")  # Python lists: not comparable "extra" memory
    return (peak - _returned_bytes(result, x)) / x.size


def repeats_for(n: int, quick: bool) -> int:
    base = {1_000: 200, 10_000: 50, 100_000: 21, 1_000_000: 9}[n]
    return max(3, base // 4) if quick else base


def contenders(ops: list[str], n: int) -> list[Contender]:
    graph = chain_graph(ops)
    fused = fused_l3 if ops == L3 else fused_l10
    sample = SCALAR_LIMIT if n > SCALAR_LIMIT else None
    rows = [
        Contender("guiad (2 threads)", lambda x: evaluate(graph, x, order=1), True),
        Contender("guiad (1 thread)", lambda x: evaluate(graph, x, order=1, parallel=False), True),
        Contender("hand-fused numpy", fused, True),
        Contender("scalar loop (math)", scalar_loop(ops), False, sample=sample),
    ]
    runner = torch_runner(ops)
    if runner is not None:
        for threads in (1, 2):
            rows.append(
                Contender(
                    f"torch autograd ({threads} thr)", runner, False, prepare=torch_threads(threads)
                )
            )
    return rows


def check_agreement(ops: list[str], x: np.ndarray) -> None:
    """The contenders must compute the same f′ before their times mean anything."""
    reference = np.asarray(scalar_loop(ops)(x)[1])
    for c in contenders(ops, x.size):
        if c.prepare is not None:
            c.prepare()
        name, result = c.name, c.run(x)
        df = result.df if hasattr(result, "df") else np.asarray(result[1])
        error = np.max(np.abs(df - reference) / (1.0 + np.abs(reference)))
        if not error < 1e-9:
            print(f"WARNING: {name} disagrees with the scalar loop (max rel error {error:.1e})")


def bench_chain(label: str, ops: list[str], quick: bool) -> None:
    rng = np.random.default_rng(0)
    check_agreement(ops, rng.uniform(-4.0, 4.0, 1000))
    print(f"\n{label}: x → {' → '.join(ops)} → y, x uniform in [-4, 4], f and f′")
    columns = ("median", 11), ("best", 10), ("vs numpy", 9), ("extra B/pt", 11)
    header = f"{'N':>9}  {'contender':<22} " + " ".join(f"{t:>{w}}" for t, w in columns)
    print(header)
    print("-" * len(header))
    for n in SIZES:
        x = rng.uniform(-4.0, 4.0, n)
        rows = contenders(ops, n)
        times = interleaved_times(rows, x, repeats_for(n, quick))
        numpy_time = statistics.median(times["hand-fused numpy"])
        for c in rows:
            median, best = statistics.median(times[c.name]), min(times[c.name])
            memory = extra_bytes_per_point(c.run, x) if c.traceable else float("nan")
            mark = "~" if c.sample else " "
            mem = "n/a" if math.isnan(memory) else f"{memory:.1f}"
            print(
                f"{n:>9,}  {c.name:<22} {mark}{_fmt(median):>10} {_fmt(best):>10} "
                f"{median / numpy_time:>8.2f}x {mem:>11}"
            )
        print()


def _fmt(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


# ---- the grid: a 2-input, 20-op gradient (issue 11) ---------------------------------------

# 20 ops (the parser makes -x^2 two: power, neg; 2*y one: scale)
GRID_EXPR = "sin(x*y) + exp(-x^2)*cos(y) + log1p(x^2 + y^2)*tanh(x - y) + sigmoid(x + 2*y)"
GRID_SIDE = 1000


def grid_points() -> tuple[np.ndarray, np.ndarray]:
    axis = np.linspace(-2.0, 2.0, GRID_SIDE)
    return tuple(np.ascontiguousarray(a).reshape(-1) for a in np.meshgrid(axis, axis))


def grid_graph(expr: str) -> Graph:
    graph = parse(expr)
    if graph.n_inputs != 2:
        raise SystemExit(f"{expr!r} has {graph.n_inputs} inputs; the grid needs 2")
    return graph


def guiad_grid(graph: Graph, parallel: bool) -> Callable:
    def run(points):
        return evaluate(graph, points, order=1, parallel=parallel).grad

    return run


def torch_grid(graph: Graph):
    """The same graph in torch, node by node (each op's value rule from the op table, run
    on tensors), differentiated by autograd; or None when torch is not installed."""
    try:
        import torch
    except ImportError:
        return None
    # the rules call functions named as the ops (sin, sigmoid, ...) and these three
    functions = {name: getattr(torch, name) for name in OPS if hasattr(torch, name)}
    functions |= {
        "power": torch.pow,
        "softplus": torch.nn.functional.softplus,
        "cbrt": lambda u: torch.sign(u) * torch.abs(u) ** (1.0 / 3.0),
    }
    rules = {
        name: eval(f"lambda u, v, p: {op.value_rule}", dict(functions))  # noqa: S307
        for name, op in OPS.items()
    }

    def run(points):
        inputs = [torch.from_numpy(p).requires_grad_(True) for p in points]
        values = list(inputs)
        for node in graph.nodes[graph.n_inputs :]:
            if node.op == CONST:
                values.append(torch.full_like(inputs[0], node.param))
                continue
            args = [values[j] for j in node.inputs] + [None] * (2 - len(node.inputs))
            values.append(rules[node.op](*args, node.param))
        f = values[-1]
        f.backward(torch.ones_like(f))
        return tuple(x.grad.numpy() for x in inputs)

    return run


def bench_grid(expr: str, quick: bool, thread_counts: tuple[int, ...] = (2, 1)) -> None:
    graph, points = grid_graph(expr), grid_points()
    ops = len(graph.nodes) - graph.n_inputs
    print(f"\nGrid: ∂f/∂{graph.inputs[0]} and ∂f/∂{graph.inputs[1]} of f = {expr}")
    print(f"({ops} ops, {GRID_SIDE}×{GRID_SIDE} points in [-2, 2]², one reverse sweep)")
    runner = torch_grid(graph)
    if runner is None:
        print("torch not installed: the torch rows are skipped (it is no guiad dependency)")
    else:
        check_grid_agreement(graph, runner, points)
    header = f"{'contender':<22} {'median':>10} {'best':>10} {'vs torch':>9}"
    print(header)
    print("-" * len(header))
    # One block per thread count, torch's set once per block: switching torch's thread pool
    # before every call (as the chain tables do) made its 2-thread calls several times slower.
    for threads in thread_counts:
        rows = [Contender(f"guiad ({threads} thr)", guiad_grid(graph, threads > 1), True)]
        if runner is not None:
            torch_threads(threads)()
            rows.append(Contender(f"torch autograd ({threads} thr)", runner, False))
        times = interleaved_times_of(rows, points, 5 if quick else 21)
        medians = {c.name: statistics.median(times[c.name]) for c in rows}
        for c in rows:
            ratio = f"{medians[c.name] / medians[rows[-1].name]:.2f}x" if runner else "n/a"
            best = _fmt(min(times[c.name]))
            print(f"{c.name:<22} {_fmt(medians[c.name]):>10} {best:>10} {ratio:>9}")


def check_grid_agreement(graph: Graph, runner: Callable, points) -> None:
    """guiad and torch must compute the same gradient before their times mean anything."""
    pairs = zip(graph.inputs, guiad_grid(graph, True)(points), runner(points), strict=True)
    for name, ours, theirs in pairs:
        error = np.max(np.abs(ours - theirs) / (1.0 + np.abs(theirs)))
        if not error < 1e-12:
            print(f"WARNING: ∂f/∂{name} of guiad and torch differ (max rel error {error:.1e})")


def interleaved_times_of(contenders: list[Contender], points, repeats: int) -> dict:
    """As ``interleaved_times``, for contenders that take a tuple of input arrays."""
    for c in contenders:
        c.run(points)
    times: dict[str, list[float]] = {c.name: [] for c in contenders}
    for _ in range(repeats):
        for c in contenders:
            start = time.perf_counter()
            c.run(points)
            times[c.name].append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    parser.add_argument("--only", choices=("chains", "grid"), help="run one part only")
    parser.add_argument("--expr", default=GRID_EXPR, help="the grid's function of x and y")
    parser.add_argument(
        "--threads", type=int, choices=(1, 2), help="the grid on this many threads only"
    )
    args = parser.parse_args()
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}")
    try:
        import torch

        print(f"torch {torch.__version__}")
    except ImportError:
        print("torch not installed: its rows are skipped")
    if args.only != "grid":
        bench_chain("L=3", L3, args.quick)
        bench_chain("L=10", L10, args.quick)
    if args.only != "chains":
        bench_grid(args.expr, args.quick, (args.threads,) if args.threads else (2, 1))


if __name__ == "__main__":
    main()
