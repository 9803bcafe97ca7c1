"""The walkthrough animating a 30-node graph (a chain and a DAG), and re-fitting on resize.

Prints a table; asserts nothing. Run it under Xvfb to include a real window system:

  Xvfb :91 -screen 0 1920x1080x24 &
  DISPLAY=:91 QT_QPA_PLATFORM=xcb .venv/bin/python bench/walkthrough.py
  QT_QPA_PLATFORM=offscreen .venv/bin/python bench/walkthrough.py

Measured (the panel at 1260×720, as in View ▸ Walkthrough only at 1280×800):
- frame interval: playing for real at 1× with loop on, the time between two paints of the
  graph view while a token travels (goal: median ≤ 16.7 ms, p99 ≤ 25 ms, none over 50 ms).
  Paints in the dwell after a token lands are not frames of motion and are left out.
- step: one step shown at once (seek: labels, colours, banner, table) and painted.
- resize → painted: the panel resized and every resulting event handled (layout, re-fit,
  repaint of the whole panel: graph, table, controls), between two nearby sizes; "new
  layout": between 1260×720 and 900×600, where the table moves under the graph.
- fit (re-fit): GraphView.fit alone, what a resize costs the graph (goal: ≤ 16 ms). A resize
  that changes the best wrapping (a chain's rows, a graph's bands) rebuilds the scene 120 ms
  after the size settles (rewrap: that rebuild; shown for a graph wrapped at this size).
- timeline: building the pure timeline (trace + steps) when x0 or the graph changes.
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
from guiad.ui.walkthrough.panel import WalkthroughPanel  # noqa: E402

BUDGET_MS = 1000 / 60
SIZE = (1260, 720)
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
    p99 = times[int(0.99 * (len(times) - 1))]
    over = sum(t > over_ms for t in times)
    return (
        f"| {name:<16} | {what:<18} | {statistics.median(times):9.2f} | {p99:6.2f} |"
        f" {times[-1]:6.2f} | {over:>5}/{len(times):<5} |"
    )


class PaintClock(QObject):
    """Records when a widget paints, and whether a token was travelling then."""

    def __init__(self, panel: WalkthroughPanel):
        super().__init__()
        self.panel = panel
        self.times: list[tuple[float, bool]] = []

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.times.append((time.perf_counter(), self.panel.is_animating()))
        return False


def frame_intervals(app, panel, seconds: float = 8.0) -> list[float]:
    """Play (looping) for real; the intervals between paints while a token travels."""
    clock = PaintClock(panel)
    panel.view.viewport().installEventFilter(clock)
    panel.set_loop(True)
    panel.seek(0)
    panel.play()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    panel.pause()
    panel.view.viewport().removeEventFilter(clock)
    pairs = zip(clock.times, clock.times[1:], strict=False)
    return [(b - a) * 1000 for (a, moving), (b, still) in pairs if moving and still]


def refit_times(app, panel, sizes, repeat: int = 30) -> list[float]:
    """Resize the panel back and forth between ``sizes``; the time to handle each."""
    times = []
    for k in range(repeat):
        start = time.perf_counter()
        panel.resize(*sizes[k % 2])
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure(app, name: str, graph) -> list[str]:
    """The rows of the table for one graph."""
    panel = WalkthroughPanel()
    panel.resize(*SIZE)
    panel.set_graph(graph)
    panel.set_x0(0.7)
    panel.show()
    for _ in range(5):
        app.processEvents()
    timeline = panel.timeline
    k = [0]

    def one_step():
        k[0] = (k[0] + 1) % len(timeline)
        panel.seek(k[0])
        panel.repaint()

    steps = timed(one_step, 2 * len(timeline))
    panel.seek(len(timeline) // 2)
    same = refit_times(app, panel, [SIZE, (SIZE[0] - 40, SIZE[1] - 30)])
    relayout = refit_times(app, panel, [SIZE, (900, 600)])
    panel.resize(*SIZE)
    app.processEvents()
    fits = timed(panel.view.fit, 50)
    scene, columns = panel.scene, [4, 6]

    def rewrap():  # a new wrapping: the scene rebuilt (what a settled resize may cost)
        columns.reverse()
        scene.set_graph(graph, columns[0] if scene.columns else 0)
        scene.set_graph(graph, scene.columns)  # back, so every call rebuilds

    rebuilds = [t / 2 for t in timed(rewrap, 10)]
    build = timed(lambda: Timeline(graph, 0.7), 20)
    frames = frame_intervals(app, panel)
    panel.stop()
    panel.close()
    rows = [
        summary(name, "frame interval", frames, over_ms=25.0),
        summary(name, "step (seek)", steps),
        summary(name, "resize → painted", same),
        summary(name, "resize, new layout", relayout),
        summary(name, "fit (re-fit)", fits),
        summary(name, "rewrap (rebuild)", rebuilds),
        summary(name, "timeline", build),
    ]
    return rows if scene.columns else [r for r in rows if "rewrap" not in r]


def main() -> None:
    app = QApplication.instance() or QApplication([])
    print(f"platform: {app.platformName()}, panel {SIZE[0]}×{SIZE[1]}")
    print(f"| {'graph':<16} | {'work':<18} | median ms | p99 ms | max ms | over [1]    |")
    print(f"|{'-' * 18}|{'-' * 20}|{'-' * 11}|{'-' * 8}|{'-' * 8}|{'-' * 13}|")
    for name, graph in graphs().items():
        for row in measure(app, name, graph):
            print(row)
    print(
        "[1] samples over 16.7 ms; for frame intervals, over 25 ms (a dropped frame). "
        "Frame intervals over 50 ms: see the max column."
    )


if __name__ == "__main__":
    main()
