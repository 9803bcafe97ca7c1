"""How building the walkthrough scales with the graph's size (a chain and a fan-out graph).

Prints a table (milliseconds, best of ``REPEAT``); asserts nothing. Timings on a shared
machine are noisy.

From the repository root, with the README's .venv:

  QT_QPA_PLATFORM=offscreen .venv/bin/python bench/walkthrough_size.py
  QT_QPA_PLATFORM=offscreen .venv/bin/python bench/walkthrough_size.py fan-out 200  # one row

- timeline: ``Timeline(graph, x0)`` (trace + every step's frame), reverse mode, with the
  node limit lifted (what it would cost).
- forward: the same in forward mode.
- scene: ``GraphScene.set_graph`` (layout, items, label placement).
- panel: ``WalkthroughPanel.set_graph`` as the app runs it (everything the window waits
  for); above ``MAX_ANIMATED_NODES`` that is the message instead of the graph.

Each run starts after ``gc.collect()`` and each panel is deleted after its run (its
DeferredDelete sent), both outside the timing: with ``deleteLater`` alone and no event loop
every panel stayed alive, and each later build paid for the garbage collector's growing
passes over them.
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from guiad.anim import timeline  # noqa: E402
from guiad.anim.timeline import Mode, Timeline  # noqa: E402
from guiad.core.graph import Graph, Node, chain_graph  # noqa: E402
from guiad.ui.walkthrough.panel import WalkthroughPanel  # noqa: E402
from guiad.ui.walkthrough.scene import GraphScene  # noqa: E402

SIZES = (30, 128, 256, 512, 1000)
OPS = ["sin", "cos", "exp", "tanh", "sigmoid", "square", "arctan", "softplus"]
REPEAT = 2


def chain(n: int) -> Graph:
    return chain_graph([OPS[i % len(OPS)] for i in range(n - 1)])


def fan_out(n: int) -> Graph:
    """x feeds every node: v_i = v_(i-1) · x or + x (x has n - 1 consumers)."""
    nodes = [Node("x")] + [Node("mul" if i % 2 else "add", (i - 1, 0)) for i in range(1, n)]
    return Graph(tuple(nodes))


def best_ms(fn, repeat: int = REPEAT, free=None) -> float:
    """The best wall time of ``repeat`` calls of ``fn``; ``free(result)`` after each call,
    and a full garbage collection before it, outside the timing."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        made = fn()
        times.append((time.perf_counter() - start) * 1000)
        if free is not None:
            free(made)
        del made
    return min(times)


def panel_ms(graph: Graph) -> float:
    def build() -> WalkthroughPanel:
        panel = WalkthroughPanel()
        panel.resize(1200, 450)
        panel.set_graph(graph)
        return panel

    def free(panel: WalkthroughPanel) -> None:
        panel.stop()
        panel.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    return best_ms(build, free=free)


def uncapped_timeline(graph: Graph, mode: Mode) -> None:
    """Build the timeline as if there were no node limit."""
    limit = timeline.MAX_ANIMATED_NODES
    timeline.MAX_ANIMATED_NODES = len(graph.nodes)
    try:
        Timeline(graph, 0.5, mode)
    finally:
        timeline.MAX_ANIMATED_NODES = limit


def main(args: list[str]) -> None:
    """``args``: a graph's name (chain, fan-out) and sizes to time only those."""
    QApplication.instance() or QApplication([])
    graphs = [(name, make) for name, make in (("chain", chain), ("fan-out", fan_out))]
    graphs = [(name, make) for name, make in graphs if name in args] or graphs
    sizes = [int(arg) for arg in args if arg.isdigit()] or SIZES
    print(f"MAX_ANIMATED_NODES = {timeline.MAX_ANIMATED_NODES}; ms, best of {REPEAT}")
    print("| graph    | nodes | timeline |  forward |    scene |    panel |")
    print("|----------|------:|---------:|---------:|---------:|---------:|")
    for name, make in graphs:
        for size in sizes:
            graph = make(size)
            rev = best_ms(lambda g=graph: uncapped_timeline(g, Mode.REVERSE))
            fwd = best_ms(lambda g=graph: uncapped_timeline(g, Mode.FORWARD))
            scene = best_ms(lambda g=graph: GraphScene().set_graph(g), 1 if size > 256 else REPEAT)
            panel = panel_ms(graph)
            print(
                f"| {name:<8} | {size:>5} | {rev:8.1f} | {fwd:8.1f} | {scene:8.1f} | {panel:8.1f} |"
            )
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
