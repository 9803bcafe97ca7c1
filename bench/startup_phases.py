"""Where start-up time goes: guiad's phases against a bare PySide6 + pyqtgraph window.

Runs each program in a fresh interpreter (byte code cached, throwaway settings) and prints,
per phase, wall / CPU milliseconds: the imports both need (numpy, pyqtgraph, PySide6), the
QApplication, guiad's own imports, the window's constructor, show, and the first paint of
the plot canvas. CPU time is the steadier measure on a shared machine. guiad runs with the
cyclic garbage collector off until the first paint, as `guiad` does (cli._open_window).
Asserts nothing.

  .venv/bin/python bench/startup_phases.py [--runs 3] [--tree /tmp/guiad-old]
      (QT_QPA_PLATFORM and DISPLAY as for the app: offscreen, or an Xvfb display)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROGRAM = r"""
import gc, sys, time
marks = [("start", time.perf_counter(), time.process_time())]
def mark(name):
    marks.append((name, time.perf_counter(), time.process_time()))
if sys.argv[1] == "guiad" and hasattr(__import__("guiad.cli.main").cli.main, "_open_window"):
    gc.disable()  # as `guiad` does before it imports the window (cli._open_window)
from PySide6.QtCore import QEvent, QObject
import numpy, pyqtgraph, PySide6.QtWidgets
mark("common imports")
if sys.argv[1] == "guiad":
    import guiad.cli.main
    from guiad.ui.window.app import make_app
    app = make_app()
    mark("app")
    from guiad.ui.window.main_window import MainWindow
    mark("guiad imports")
    window = MainWindow(None)
    mark("constructor")
    target = window.plots.canvas.viewport()
else:
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication(sys.argv)
    mark("app")
    mark("guiad imports")
    window = QMainWindow()
    widget = pg.PlotWidget()
    x = np.linspace(-4, 4, 2001)
    item = widget.getPlotItem()
    item.setDownsampling(auto=True, mode="peak")
    item.setClipToView(True)
    item.plot(x, np.exp(np.sin(np.sin(x))), pen=pg.mkPen("#2563eb", width=2))
    window.setCentralWidget(widget)
    mark("constructor")
    target = widget.viewport()
painted = []
class Spy(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            painted.append(1)
        return False
spy = Spy()
target.installEventFilter(spy)
if sys.argv[1] == "guiad":
    window.show_first_time()
else:
    # sized to the screen as guiad's first start is (Xvfb has no window manager to do it)
    window.setGeometry(window.screen().availableGeometry())
    window.showMaximized()
mark("show")
while not painted:
    app.processEvents()
if not gc.isenabled():
    from guiad.ui.window.app import keep_start_up_objects
    keep_start_up_objects()  # as run_app does once the window has painted
mark("first paint")
print(";".join(f"{name}={1e3 * (t - t0)}/{1e3 * (c - c0)}"
               for (_, t0, c0), (name, t, c) in zip(marks, marks[1:])))
"""

PHASES = ("common imports", "app", "guiad imports", "constructor", "show", "first paint")


def run(kind: str, tree: Path, folder: str) -> dict[str, tuple[float, float]]:
    home = tempfile.mkdtemp(dir=folder)
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONPYCACHEPREFIX=f"{folder}/pycache")
    env.update(XDG_CONFIG_HOME=f"{home}/config", XDG_DATA_HOME=f"{home}/data")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = (
        subprocess.run(
            [sys.executable, "-c", PROGRAM, kind],
            env=env,
            cwd=folder,  # not a checkout: the working folder comes first on sys.path
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    phases = {}
    for part in out.split(";"):
        name, times = part.rsplit("=", 1)
        wall, cpu = times.split("/")
        phases[name] = (float(wall), float(cpu))
    return phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tree", action="append", default=[], help="also time this checkout")
    args = parser.parse_args()
    programs = {"bare": ("bare", ROOT), "guiad": ("guiad", ROOT)}
    for tree in args.tree:
        programs[f"guiad ({Path(tree).name})"] = ("guiad", Path(tree).resolve())
    results: dict[str, list] = {name: [] for name in programs}
    with tempfile.TemporaryDirectory(prefix="guiad-phases-") as folder:
        for kind, tree in programs.values():  # warm-up: byte code and disk caches
            run(kind, tree, folder)
        for _ in range(args.runs):
            for name, (kind, tree) in programs.items():
                results[name].append(run(kind, tree, folder))
    print(f"median of {args.runs} runs, ms wall / CPU")
    print(f"{'program':<24}" + "".join(f"{p:>17}" for p in (*PHASES, "total")))
    for name, rows in results.items():
        cells = []
        for phase in PHASES:
            wall = statistics.median(r[phase][0] for r in rows)
            cpu = statistics.median(r[phase][1] for r in rows)
            cells.append(f"{wall:8.0f} /{cpu:5.0f}")
        wall = statistics.median(sum(v[0] for v in r.values()) for r in rows)
        cpu = statistics.median(sum(v[1] for v in r.values()) for r in rows)
        print(f"{name:<24}" + "".join(f"{c:>17}" for c in cells) + f"{wall:8.0f} /{cpu:5.0f}")


if __name__ == "__main__":
    main()
