"""Benchmark of the core: f and f′ over N points for chains of length 3 and 10.

Run from the repository root: ``python bench/core.py`` (``--quick`` for fewer repeats).
Prints tables and asserts nothing. Compared, per chain and N:

- guiad ``evaluate(order=1)`` on both cores (``parallel=True``, the default) and on one;
- a seed-style scalar loop (the ``math`` module, value and derivative per op, one point at
  a time): timed for N <= 1e4, extrapolated linearly above that (marked "~");
- hand-fused numpy computing f and f′ on one thread (forward mode, in place);
- torch autograd (backward through the chain) on 1 and 2 threads, if torch imports.

Times are medians; ratios are against hand-fused numpy. "extra B/pt" is the tracemalloc
peak during the call minus the arrays it returns, divided by N (numpy reports its buffers
to tracemalloc; torch's allocator does not, so torch shows "n/a").
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
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


def torch_runner(ops: list[str], threads: int):
    try:
        import torch
    except ImportError:
        return None

    def run(x: np.ndarray):
        torch.set_num_threads(threads)
        xt = torch.from_numpy(x).requires_grad_(True)
        u = xt
        for name in ops:
            u = getattr(torch, name)(u) if name != "square" else u * u
        u.backward(torch.ones_like(u))
        return u.detach().numpy(), xt.grad.numpy()

    return run


# ---- measuring -----------------------------------------------------------------------------


def median_time(fn: Callable, x: np.ndarray, repeats: int) -> float:
    fn(x)  # warm up (thread pool, caches)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(x)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
    base = {1_000: 200, 10_000: 50, 100_000: 15, 1_000_000: 7}[n]
    return max(3, base // 4) if quick else base


def contenders(ops: list[str]) -> list[tuple[str, Callable, bool]]:
    graph = chain_graph(ops)
    fused = fused_l3 if ops == L3 else fused_l10
    rows: list[tuple[str, Callable, bool]] = [
        ("guiad (2 threads)", lambda x: evaluate(graph, x, order=1), True),
        ("guiad (1 thread)", lambda x: evaluate(graph, x, order=1, parallel=False), True),
        ("hand-fused numpy", fused, True),
        ("scalar loop (math)", scalar_loop(ops), False),
    ]
    for threads in (1, 2):
        runner = torch_runner(ops, threads)
        if runner is not None:
            rows.append((f"torch autograd ({threads} thr)", runner, False))
    return rows


def check_agreement(ops: list[str], x: np.ndarray) -> None:
    """The contenders must compute the same f′ before their times mean anything."""
    reference = np.asarray(scalar_loop(ops)(x)[1])
    for name, fn, _ in contenders(ops):
        result = fn(x)
        df = result.df if hasattr(result, "df") else np.asarray(result[1])
        error = np.max(np.abs(df - reference) / (1.0 + np.abs(reference)))
        if not error < 1e-9:
            print(f"WARNING: {name} disagrees with the scalar loop (max rel error {error:.1e})")


def bench_chain(label: str, ops: list[str], quick: bool) -> None:
    rng = np.random.default_rng(0)
    check_agreement(ops, rng.uniform(-4.0, 4.0, 1000))
    print(f"\n{label}: x → {' → '.join(ops)} → y, x uniform in [-4, 4], f and f′")
    header = f"{'N':>9}  {'contender':<22} {'median':>11} {'vs numpy':>9} {'extra B/pt':>11}"
    print(header)
    print("-" * len(header))
    for n in SIZES:
        x = rng.uniform(-4.0, 4.0, n)
        rows = []
        for name, fn, traceable in contenders(ops):
            extrapolated = name.startswith("scalar") and n > SCALAR_LIMIT
            if extrapolated:
                sample = x[:SCALAR_LIMIT]
                seconds = median_time(fn, sample, 3) * n / SCALAR_LIMIT
            else:
                seconds = median_time(fn, x, repeats_for(n, quick))
            memory = extra_bytes_per_point(fn, x) if traceable else float("nan")
            rows.append((name, seconds, memory, extrapolated))
        numpy_time = next(s for name, s, _, _ in rows if name == "hand-fused numpy")
        for name, seconds, memory, extrapolated in rows:
            mark = "~" if extrapolated else " "
            mem = "n/a" if math.isnan(memory) else f"{memory:.1f}"
            print(
                f"{n:>9,}  {name:<22} {mark}{_fmt(seconds):>10} "
                f"{seconds / numpy_time:>8.2f}x {mem:>11}"
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
