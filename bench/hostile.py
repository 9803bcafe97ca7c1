"""Hostile input, measured: time per refused file, memory for a 200 MB file, 10,000 expressions.

The tests (tests/core/test_hostile_files.py, test_hostile_expressions.py) check that every
case is refused cleanly; this prints how long that takes and how much memory it needs, and
runs the expression property on 10,000 generated strings (CI runs 2,000). Asserts nothing
about time. Numbers from a shared machine are noisy.

From the repository root, with the README's .venv:

  .venv/bin/python bench/hostile.py [--examples 10000]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "core"))

import test_hostile_expressions as hx  # noqa: E402
import test_hostile_files as hf  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import HypothesisWarning  # noqa: E402

from guiad.core.expression import ParseError  # noqa: E402
from guiad.core.fileformat import FileFormatError, load, loads  # noqa: E402


def time_files(folder: Path) -> None:
    print("hostile files: load(path) of each, refused with FileFormatError")
    print(f"{'family':<26}{'files':>7}{'median ms':>11}{'max ms':>9}   slowest case")
    path = folder / "hostile.guiad.json"
    everything: list[float] = []
    for family, make in hf.FAMILIES.items():
        times: list[tuple[float, str]] = []
        for name, content in make().items():
            data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
            path.write_bytes(data)
            start = time.perf_counter()
            try:
                load(path)
            except FileFormatError:
                pass
            else:
                raise SystemExit(f"not refused: {family} / {name}")
            times.append((time.perf_counter() - start, name))
        ms = [t * 1e3 for t, _ in times]
        everything += ms
        slowest = max(times)[1]
        print(
            f"{family:<26}{len(ms):>7,d}{statistics.median(ms):>11.3f}{max(ms):>9.2f}"
            f"   {slowest[:40]}"
        )
    print(
        f"{'all':<26}{len(everything):>7,d}{statistics.median(everything):>11.3f}"
        f"{max(everything):>9.2f}"
    )


def huge_file(folder: Path) -> None:
    path = folder / "huge.guiad.json"
    size = 200 * 1024 * 1024
    hf._sparse_file(path, size, hf.VALID_TEXT[:-3].encode() + b', "pad": "')
    tracemalloc.start()
    start = time.perf_counter()
    try:
        load(path)
    except FileFormatError as err:
        message = str(err)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\n200 MB sparse file: refused in {elapsed * 1e3:.3f} ms, tracemalloc peak {peak:,} B")
    print(f"  message: {message}")
    deep = "[" * 100_000 + "]" * 100_000
    tracemalloc.start()
    start = time.perf_counter()
    with contextlib.suppress(FileFormatError):
        loads(deep)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"100,000-deep list: refused in {elapsed * 1e3:.3f} ms, peak {peak:,} B")


def expressions(examples: int) -> None:
    stats = {"graphs": 0, "errors": 0, "slowest": 0.0}

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(hx.expressions)
    def run(text: str) -> None:
        start = time.perf_counter()
        graph = hx.check_expression(text)
        stats["slowest"] = max(stats["slowest"], time.perf_counter() - start)
        stats["graphs" if graph is not None else "errors"] += 1

    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", HypothesisWarning)  # "overly large repr" of the strategy
        run()
    total = time.perf_counter() - start
    print(
        f"\n{examples:,d} generated expressions in {total:.1f} s: {stats['graphs']:,d} graphs "
        f"(evaluated, traced, round-tripped), {stats['errors']:,d} ParseErrors, none of anything "
        f"else; slowest check {stats['slowest'] * 1e3:.1f} ms"
    )
    print("deep inputs (parse only):")
    for name, text in hx.DEEP.items():
        start = time.perf_counter()
        try:
            hx.parse(text)
            outcome = "graph"
        except ParseError as err:
            outcome = err.message[:50]
        print(f"  {name:<26}{(time.perf_counter() - start) * 1e3:9.3f} ms  {outcome}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        time_files(Path(folder))
        huge_file(Path(folder))
    expressions(args.examples)


if __name__ == "__main__":
    main()
