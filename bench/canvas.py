"""Build mode's canvas in the main window (1280×800, build mode on). Prints a table; asserts
nothing.

  QT_QPA_PLATFORM=offscreen .venv/bin/python bench/canvas.py [--quick]   (repository root)

- **drop → repainted**: a palette drop (sin applied to the output node, as a QDropEvent on
  the canvas) to the plots' new curves (N = 2,001) and the canvas painted; the walkthrough
  (hidden under the canvas while building) has its new graph by then too. Alternates with
  undo, which is measured too. Goal ≤ 50 ms (median).
  "typed edit" sets the same two graphs as the expression box does (one undo command):
  the part of the time every edit pays (plots, walkthrough, expression, autosave).
- **wire → repainted**: the mouse released on an open port (x into × of x·sin(x)), to the
  same. Alternates with pulling the wire off (also measured).
- **node drag frame**: one mouse move of a node dragged on a 50-node graph, to the canvas
  painted (a synchronous repaint of the viewport). Goal ≤ 16 ms a frame, p99 ≤ 25 ms.
  The release (one Move command: the document and every view) is timed on its own.
- **Tidy**: the Tidy command on a 200-node chain and on the 198-node sum of 66 sines, to the
  canvas painted (the layout itself in brackets). Goal ≤ 0.3 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from guiad.anim.sketch_layout import tidy_positions  # noqa: E402
from guiad.core.expression import parse  # noqa: E402
from guiad.core.sketch import Sketch  # noqa: E402
from guiad.ui.window.app import make_app  # noqa: E402
from guiad.ui.window.files import Storage  # noqa: E402
from guiad.ui.window.main_window import MainWindow  # noqa: E402

LEFT, NO_MODS = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


def stats(ms: list[float]) -> str:
    ordered = sorted(ms)
    p = lambda q: ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]  # noqa: E731
    return f"{statistics.median(ordered):7.1f} {p(0.9):7.1f} {p(0.99):7.1f} {ordered[-1]:7.1f}"


class Bench:
    def __init__(self):
        self.window = MainWindow(storage=Storage(Path(tempfile.mkdtemp())), restore=False)
        self.window.resize(1280, 800)
        self.window.show()
        self.window.finish_start()
        self.window.build_mode.set_on(True)
        QApplication.processEvents()
        self.view = self.window.build_mode.canvas.view

    @property
    def scene(self):
        return self.view.canvas_scene

    def show(self, sketch: Sketch) -> None:
        self.window.document.set_sketch(sketch)
        self.window.undo_stack.clear()
        self.window.undo_stack.resetClean()  # as in a session already edited: no clean state
        self.view.fit()
        self.settle()

    def settle(self) -> None:
        """Every view up to date and painted: the plots' curves, the canvas."""
        self.window.plots.wait_for_data()
        QApplication.processEvents()
        self.window.plots.canvas.repaint()
        self.view.viewport().repaint()

    def at(self, point: QPointF) -> QPoint:
        return self.view.mapFromScene(point)

    def drop(self, name: str, point: QPointF) -> None:
        palette = self.window.palette_model
        mime = palette.mimeData([palette.index(palette.row_of(name))])
        port, pos, copy = self.view.viewport(), self.at(point), Qt.DropAction.CopyAction
        none = Qt.MouseButton.NoButton
        QApplication.sendEvent(port, QDragEnterEvent(pos, copy, mime, none, NO_MODS))
        QApplication.sendEvent(port, QDragMoveEvent(pos, copy, mime, none, NO_MODS))
        QApplication.sendEvent(port, QDropEvent(QPointF(pos), copy, mime, none, NO_MODS))

    def timed(self, act) -> float:
        start = time.perf_counter()
        act()
        self.settle()
        return (time.perf_counter() - start) * 1e3


def drop_and_wire(bench: Bench, repeats: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"drop": [], "undo drop": [], "wire": [], "unwire": []}
    out["typed edit, for scale"] = []
    stack, doc = bench.window.undo_stack, bench.window.document
    bench.show(Sketch.from_graph(parse("x*sin(x)")))
    output = doc.sketch.output
    for k in range(repeats):  # the same two graphs set as if typed: what any edit costs
        graph = parse("sin(x*sin(x))" if k % 2 == 0 else "x*sin(x)")
        edit = bench.window.editor.set_graph  # as Enter in the expression box: one command
        out["typed edit, for scale"].append(bench.timed(lambda g=graph, e=edit: e(g)))
    bench.show(Sketch.from_graph(parse("x*sin(x)")))
    for _ in range(repeats):
        out["drop"].append(bench.timed(lambda: bench.drop("sin", bench.scene.nodes[output].pos())))
        out["undo drop"].append(bench.timed(stack.undo))
    s = bench.window.document.sketch.disconnect(output, 0)  # sin(x) × ?: port 1 open
    bench.show(s)
    x = [i for i in s.ids() if s.node(i).op == "x"][0]
    port = bench.view.viewport()
    for _ in range(repeats):
        start, end = bench.scene.port_pos(x, "out"), bench.scene.port_pos(output, "in", 0)
        QTest.mousePress(port, LEFT, NO_MODS, bench.at(start))
        for k in range(1, 5):
            QTest.mouseMove(port, bench.at(start + (end - start) * (k / 4)))
        release = bench.at(end)
        let_go = lambda r=release: QTest.mouseRelease(port, LEFT, NO_MODS, r)  # noqa: E731
        out["wire"].append(bench.timed(let_go))
        out["unwire"].append(bench.timed(stack.undo))
    return out


def drag_frames(bench: Bench, moves: int) -> tuple[list[float], float, int]:
    graph = parse(" + ".join(f"sin({k}*x)" for k in range(1, 17)) + " + x")
    bench.show(Sketch.from_graph(graph))
    node = sorted(bench.scene.nodes)[len(bench.scene.nodes) // 2]
    port = bench.view.viewport()
    start = bench.scene.nodes[node].pos()
    QTest.mouseClick(port, LEFT, NO_MODS, bench.at(start))
    QTest.mousePress(port, LEFT, NO_MODS, bench.at(start))
    frames = []
    for k in range(1, moves + 1):
        t = time.perf_counter()
        QTest.mouseMove(port, bench.at(start + QPointF(2.0 * k, 1.0 * k)))
        port.repaint()
        frames.append((time.perf_counter() - t) * 1e3)
    end = start + QPointF(2.0 * moves, 1.0 * moves)
    release = bench.timed(lambda: QTest.mouseRelease(port, LEFT, NO_MODS, bench.at(end)))
    return frames, release, len(graph.nodes)


def tidy(bench: Bench, repeats: int) -> list[tuple[str, int, list[float], list[float]]]:
    rows = []
    texts = {
        "chain of 199 sin": "sin(" * 199 + "x" + ")" * 199,
        "sum of 66 sin(k·x)": " + ".join(f"sin({k}*x)" for k in range(1, 67)),
    }
    for name, text in texts.items():
        sketch = Sketch.from_graph(parse(text))
        bench.show(sketch)
        whole, core = [], []
        for _ in range(repeats):
            bench.show(sketch.moved({i: (0.0, 0.0) for i in sketch.ids()}))  # all in a heap
            whole.append(bench.timed(bench.view.tidy))
            t = time.perf_counter()
            tidy_positions(sketch)
            core.append((time.perf_counter() - t) * 1e3)
        rows.append((name, len(sketch.ids()), whole, core))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeats = 5 if args.quick else 25
    make_app([])
    bench = Bench()
    print(f"{'ms (window 1280×800, build mode)':36} {'median':>7} {'p90':>7} {'p99':>7} {'max':>7}")
    for name, ms in drop_and_wire(bench, repeats).items():
        print(f"{name + ' → repainted (N = 2,001)':36} {stats(ms)}")
    frames, release, nodes = drag_frames(bench, 40 if args.quick else 200)
    print(f"{f'node drag frame ({nodes} nodes)':36} {stats(frames)}")
    print(f"{'  release → every view':36} {release:7.1f}")
    for name, nodes, whole, core in tidy(bench, 3 if args.quick else 5):
        layout_ms = statistics.median(core)
        print(f"{f'Tidy, {name} ({nodes})':36} {stats(whole)}   (layout {layout_ms:.1f})")
    bench.window.set_modified(False)
    bench.window.close()


if __name__ == "__main__":
    main()
