"""Benchmark of the core: f and f′ over N points for chains of length 3 and 10.

Run from the repository root with the README's venv: ``.venv/bin/python bench/core.py``
(``--quick`` for fewer repeats).
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
from guiad.core.graph import chain_graph  # noqa: E402

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
    prepare: Callable[[], None] = lambda: None  # untimed, before every call (torch threads)
    sample: int | None = None  # time on this many points and scale up linearly


def interleaved_times(contenders: list[Contender], x: np.ndarray, repeats: int) -> dict:
    """Seconds per call, each contender once per round, so a busy machine hurts all alike."""
    inputs = {c.name: x if c.sample is None else x[: c.sample] for c in contenders}
    for c in contenders:  # warm up: thread pools, caches, torch's allocator
        c.prepare()
        c.run(inputs[c.name])
    times: dict[str, list[float]] = {c.name: [] for c in contenders}
    for _ in range(repeats):
        for c in contenders:
            c.prepare()
            start = time.perf_counter()
            c.run(inputs[c.name])
            times[c.name].append((time.perf_counter() - start) * x.size / inputs[c.name].size)
    return times


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}")
    try:
        import torch

        print(f"torch {torch.__version__}")
    except ImportError:
        print("torch not importable: its rows are skipped")
    bench_chain("L=3", L3, args.quick)
    bench_chain("L=10", L10, args.quick)


if __name__ == "__main__":
    main()
