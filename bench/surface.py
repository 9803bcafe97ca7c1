"""Time from an edit to the heat map (500 × 500) repainted, and where that time goes.

    QT_QPA_PLATFORM=offscreen /work/venv/bin/python bench/surface.py  # from the repository root

A SurfacePanel (1000 × 560, the size it gets in a 1280 × 800 window with the walkthrough
hidden) alternates between two graphs of each pair, as an edit of the expression does; each
switch is timed from ``set_graph`` to the view repainted. Then the parts alone: the
grid evaluation (``compute_grid``: f and the gradient at 250,000 points), the contour lines
(``contour_segments`` for every level) and the slices and values at the point. Prints
median and 90th-percentile milliseconds; asserts nothing (the goal is ≤ 100 ms an edit).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from guiad.core.expression import parse  # noqa: E402
from guiad.core.grid import (  # noqa: E402
    Box,
    compute_grid,
    compute_slice,
    contour_levels,
    contour_segments,
    values_at,
)
from guiad.ui.surface.panel import SurfacePanel  # noqa: E402

SIDE = 500
REPEATS = 15
PAIRS = {
    "saddle": ("x*x - y*y", "x*x - 2*y*y"),
    "Rosenbrock": ("(1 - x)^2 + 100*(y - x^2)^2", "(1 - x)^2 + 10*(y - x^2)^2"),
    "20 ops": (
        "sin(x*y) + exp(-x^2) * cos(y) + log(1 + x^2 + y^2) + tanh(x - y) * sqrt(1 + y^2)",
        "sin(x*y) + exp(-x^2) * cos(y) + log(1 + x^2 + y^2) + tanh(x + y) * sqrt(1 + y^2)",
    ),
}


def ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return f"{statistics.median(samples) * 1e3:8.1f} {p90 * 1e3:8.1f}"


def timed(fn, repeats: int = REPEATS) -> list[float]:
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def edit_to_paint(app, panel: SurfacePanel, exprs) -> list[float]:
    """Seconds from ``set_graph`` until the events it caused are processed, as the window's
    loop would: the map, its contour lines and the slices are repainted by then (a wrapper
    of the map image's paint checks that it was; if Qt painted nothing, the map is
    repainted by force before the clock stops)."""
    graphs = [parse(e) for e in exprs]
    panel.set_graph(graphs[1])
    app.processEvents()
    image = panel.map.image
    painted: list[float] = []
    paint = image.paint

    def timed_paint(*args):
        paint(*args)
        painted.append(time.perf_counter())

    image.paint = timed_paint
    out = []
    try:
        for i in range(REPEATS):
            painted.clear()
            t0 = time.perf_counter()
            panel.set_graph(graphs[i % 2])
            app.processEvents()
            if not painted:
                panel.map.canvas.viewport().repaint()
            out.append(time.perf_counter() - t0)
    finally:
        del image.paint
    return out


def parts(graph, box: Box, f, levels) -> list[tuple[str, list[float]]]:
    """The evaluation, the contour lines and the point's slices, each timed alone."""

    def point() -> None:
        compute_slice(graph, 0, (0.5, 0.5), box.x_min, box.x_max)
        compute_slice(graph, 1, (0.5, 0.5), box.y_min, box.y_max)
        values_at(graph, (0.5, 0.5))

    return [
        ("  grid: f and ∇f, 250,000 points", timed(lambda: compute_grid(graph, box, (0.5, 0.5)))),
        (
            f"  contour lines ({len(levels)} levels)",
            timed(lambda: [contour_segments(f, v) for v in levels]),
        ),
        ("  two slices and the point", timed(point)),
    ]


def main() -> None:
    app = QApplication.instance() or QApplication([])
    panel = SurfacePanel()
    panel.resize(1000, 560)
    panel.show()
    panel.set_graph(parse("x*y"))
    panel.set_box(-2.0, 2.0, -1.0, 3.0, SIDE)
    app.processEvents()
    print(f"heat map {SIDE} × {SIDE}, {REPEATS} edits each; milliseconds")
    print(f"{'graph':<12} {'part':<34} {'median':>8} {'p90':>8}")
    print("-" * 66)
    for name, exprs in PAIRS.items():
        graph = parse(exprs[0])
        box = Box(0, 1, -2.0, 2.0, -1.0, 3.0, SIDE, SIDE)
        grid = compute_grid(graph, box, (0.5, 0.5))
        levels = contour_levels(grid.f)
        rows = [("edit → map repainted (whole view)", edit_to_paint(app, panel, exprs))]
        rows += parts(graph, box, grid.f, levels)
        for part, samples in rows:
            print(f"{name:<12} {part:<34} {ms(samples)}")
    panel.close()


if __name__ == "__main__":
    main()
