"""Frame time of the walkthrough animation on 30-node graphs (a chain and a DAG).

Prints a table; asserts nothing. 60 fps needs every frame under 16.7 ms.

From the repository root, with the README's .venv:

  QT_QPA_PLATFORM=offscreen .venv/bin/python bench/walkthrough.py

Measured:
- step: one step of the timeline shown (graph labels and colours, banner, table), then
  painted (the work a timer tick does, once per step).
- token frame: the token moved one animation frame along its edge and the view repainted
  (the work done up to 60 times a second while a step animates).
- timeline: building the pure timeline (trace + steps) when x0 or the graph changes.
- paint gap: playing for real (1×, 5 s, the Qt event loop running): the time between two
  paints of the graph view while a token travels. 16.7 ms is 60 fps; a gap over 25 ms is a
  dropped frame. Run it under Xvfb (DISPLAY=:N QT_QPA_PLATFORM=xcb) to include a real
  window system; offscreen measures the same loop without one.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
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


def summary(name: str, what: str, times: list[float], over_ms: float = BUDGET_MS) -> str:
    """One table row; the last column counts samples over ``over_ms``."""
    times = sorted(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    over = sum(t > over_ms for t in times)
    return (
        f"| {name:<18} | {what:<12} | {statistics.median(times):9.2f} | {p95:6.2f} |"
        f" {times[-1]:6.2f} | {over:>4}/{len(times):<4} |"
    )


class PaintClock(QObject):
    """Records when a widget paints."""

    def __init__(self):
        super().__init__()
        self.times: list[float] = []

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.times.append(time.perf_counter())
        return False


def paint_gaps(app, panel, seconds: float = 5.0) -> list[float]:
    """Play for real and return the intervals between paints while tokens travel."""
    clock = PaintClock()
    panel.view.viewport().installEventFilter(clock)
    panel.seek(0)
    panel.play()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    panel.pause()
    panel.view.viewport().removeEventFilter(clock)
    gaps = [(b - a) * 1000 for a, b in zip(clock.times, clock.times[1:], strict=False)]
    return [g for g in gaps if g < 100]  # longer gaps are the pauses between two steps


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
    gaps = paint_gaps(app, panel)
    panel.stop()
    panel.close()
    return [
        summary(name, "step", steps),
        summary(name, "token frame", tokens),
        summary(name, "timeline", build),
        summary(name, "paint gap", gaps, over_ms=25.0),
    ]


def main() -> None:
    app = QApplication.instance() or QApplication([])
    print(f"platform: {app.platformName()}")
    print(f"| {'graph':<18} | {'work':<12} | median ms | p95 ms | max ms | over [1] |")
    print(f"|{'-' * 20}|{'-' * 14}|{'-' * 11}|{'-' * 8}|{'-' * 8}|{'-' * 11}|")
    for name, graph in graphs().items():
        for row in measure(app, name, graph):
            print(row)
    print("[1] samples over 16.7 ms (60 fps); for paint gaps, over 25 ms (a dropped frame)")


if __name__ == "__main__":
    main()
