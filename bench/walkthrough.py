"""Frame time of the walkthrough animation on 30-node graphs (a chain and a DAG).

Prints a table; asserts nothing. 60 fps needs every frame under 16.7 ms.

  cd /work/main && QT_QPA_PLATFORM=offscreen /work/venv/bin/python bench/walkthrough.py

Measured:
- step: one step of the timeline shown (graph labels and colours, banner, table), then
  painted (the work a timer tick does, once per step).
- token frame: the token moved one animation frame along its edge and the view repainted
  (the work done up to 60 times a second while a step animates).
- timeline: building the pure timeline (trace + steps) when x0 or the graph changes.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from guiad.anim.timeline import Timeline  # noqa: E402
from guiad.core.expression import parse  # noqa: E402
from guiad.core.graph import chain_graph  # noqa: E402
from guiad.ui.walkthrough import WalkthroughPanel  # noqa: E402

BUDGET_MS = 1000 / 60
OPS = ["sin", "cos", "exp", "tanh", "sigmoid", "square", "arctan", "softplus"]


def graphs():
    chain = chain_graph([OPS[i % len(OPS)] for i in range(29)])
    dag = parse(
        "sin(x)*cos(x) + exp(sin(x))*x - tanh(x*x)/(1 + x*x) + sigmoid(x)*softplus(x)"
        " + arctan(x)*sqrt(1 + x*x) + cos(x)*x"
    )
    return {"chain (30 nodes)": chain, f"DAG ({len(dag.nodes)} nodes)": dag}


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(name: str, what: str, times: list[float]) -> str:
    times = sorted(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    over = sum(t > BUDGET_MS for t in times)
    return (
        f"| {name:<18} | {what:<12} | {statistics.median(times):9.2f} | {p95:6.2f} |"
        f" {times[-1]:6.2f} | {over:>4}/{len(times):<4} |"
    )


def measure(app, name: str, graph) -> list[str]:
    """The three rows of the table for one graph."""
    panel = WalkthroughPanel()
    panel.resize(1200, 450)
    panel.set_graph(graph)
    panel.set_x0(0.7)
    panel.show()
    app.processEvents()
    timeline = panel.timeline
    viewport = panel.view.viewport()
    k = [0]

    def one_step():
        k[0] = (k[0] + 1) % len(timeline)
        panel.seek(k[0])
        panel.repaint()

    steps = timed(one_step, 2 * len(timeline))

    panel.seek(len(timeline) // 3)
    token_step = next(s for s in timeline.steps[len(timeline) // 3 :] if s.edge is not None)
    panel.scene.start_token(token_step)
    frame = [0]

    def token_frame():
        frame[0] += 1
        panel.scene.set_token_progress((frame[0] % 60) / 60)
        viewport.repaint()

    tokens = timed(token_frame, 300)
    panel.scene.hide_token()
    build = timed(lambda: Timeline(graph, 0.7), 20)
    panel.stop()
    panel.close()
    return [
        summary(name, "step", steps),
        summary(name, "token frame", tokens),
        summary(name, "timeline", build),
    ]


def main() -> None:
    app = QApplication.instance() or QApplication([])
    print(f"| {'graph':<18} | {'work':<12} | median ms | p95 ms | max ms | > 16.7 ms |")
    print(f"|{'-' * 20}|{'-' * 14}|{'-' * 11}|{'-' * 8}|{'-' * 8}|{'-' * 11}|")
    for name, graph in graphs().items():
        for row in measure(app, name, graph):
            print(row)


if __name__ == "__main__":
    main()
