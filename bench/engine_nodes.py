"""Benchmark: the engine's time and peak memory on graphs of many nodes (issue 22 item 12).

``evaluate`` works in chunks of points; before the chunks were also bounded by the number
of nodes, a chunk held nodes × points × (values, partials, seconds, tangents, adjoints):
a 10,000-node chain over the plots' 2,001 points or the surface's 300×300 grid peaked at
gigabytes. Each case runs in a fresh process so its peak RSS is its own.

Run from the repository root: ``.venv/bin/python bench/engine_nodes.py`` (prints a table,
asserts nothing).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OPS = ("sin", "cos", "tanh", "arctan")
CASES = {
    "chain 10,000 x 2,001 points (plots)": (10_000, 1, 2_001),
    "chain 10,000 x 300x300 grid (2 inputs)": (10_000, 2, 300 * 300),
    "chain 1,000 x 300x300 grid (2 inputs)": (1_000, 2, 300 * 300),
    "chain 20 x 1,000,000 points": (20, 1, 1_000_000),
}


def _graph(nodes: int, inputs: int):
    from guiad.core.graph import INPUT, Graph, Node

    names = ("x", "y")[:inputs]
    built = [Node(INPUT) for _ in names]
    if inputs == 2:
        built.append(Node("mul", (0, 1)))
    while len(built) < nodes:
        built.append(Node(OPS[len(built) % len(OPS)], (len(built) - 1,)))
    return Graph(tuple(built), names)


def _one(nodes: int, inputs: int, points: int) -> dict:
    import numpy as np

    from guiad.core.engine import evaluate

    graph = _graph(nodes, inputs)
    x = [np.linspace(-2, 2, points)] * inputs
    start = time.perf_counter()
    evaluate(graph, x if inputs > 1 else x[0], order=2 if inputs == 1 else 1)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB
    return {"seconds": seconds, "peak_mb": peak}


def main() -> None:
    if len(sys.argv) == 4:
        print(json.dumps(_one(*map(int, sys.argv[1:]))))
        return
    print(f"{'case':42} {'time s':>8} {'peak RSS MB':>12}")
    for name, (nodes, inputs, points) in CASES.items():
        done = subprocess.run(
            [sys.executable, __file__, str(nodes), str(inputs), str(points)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        result = json.loads(done.stdout)
        print(f"{name:42} {result['seconds']:8.2f} {result['peak_mb']:12.0f}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
