"""Where the window's start goes, part by part: named functions timed while guiad starts.

Each run starts a fresh interpreter (byte code cached, throwaway settings, the cyclic GC off
as `guiad` has it), imports what both guiad and a bare pyqtgraph window need, then times
guiad's phases (the app, guiad's imports, the window's constructor, show, the first paint
of the plots) and every function named, wrapped before the window is made: its calls and
their total. Medians over the runs; asserts nothing.

  QT_QPA_PLATFORM=xcb DISPLAY=:96 .venv/bin/python bench/startup_parts.py --runs 9 \
      guiad.ui.walkthrough.panel:WalkthroughPanel.set_graph pyqtgraph:PlotItem.__init__
      [--tree /tmp/guiad-old]   (another checkout, run interleaved with this one)

A function is MODULE:QUALNAME. Under the offscreen platform it runs too; an X server
(Xvfb) is what a user's start is.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROGRAM = r"""
import functools, gc, importlib, inspect, json, sys, time
gc.disable()  # as `guiad` does before it imports the window (cli._open_window)
from PySide6.QtCore import QEvent, QObject
import numpy, pyqtgraph, PySide6.QtWidgets
totals = {}

def wrap(spec):
    module, qualname = spec.split(":")
    owner = importlib.import_module(module)
    *path, name = qualname.split(".")
    for part in path:
        owner = getattr(owner, part)
    plain = getattr(owner, name)

    @functools.wraps(plain)
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return plain(*args, **kwargs)
        finally:
            calls, spent = totals.get(spec, (0, 0.0))
            totals[spec] = (calls + 1, spent + time.perf_counter() - start)

    static = isinstance(inspect.getattr_static(owner, name), staticmethod)
    setattr(owner, name, staticmethod(timed) if static else timed)

marks = [time.perf_counter()]
import guiad.cli.main
from guiad.ui.window.app import make_app
try:
    app = make_app(icon=False)  # as `guiad` does: the icon is set once it has painted
except TypeError:  # (a checkout from before that)
    app = make_app()
marks.append(time.perf_counter())
from guiad.ui.window.main_window import MainWindow
marks.append(time.perf_counter())
for spec in sys.argv[1:]:
    wrap(spec)
window = MainWindow(None)
marks.append(time.perf_counter())
painted = []
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            painted.append(1)
        return False
spy = FirstPaint()
window.plots.canvas.viewport().installEventFilter(spy)
window.show_first_time()
marks.append(time.perf_counter())
while not painted:
    app.processEvents()
marks.append(time.perf_counter())
phases = ["app", "guiad imports", "constructor", "show", "first paint"]
print(json.dumps({
    "phases": {name: 1e3 * (b - a) for name, a, b in zip(phases, marks, marks[1:])},
    "parts": {spec: [calls, 1e3 * spent] for spec, (calls, spent) in totals.items()},
}))
"""


def run(tree: Path, functions: list[str], folder: str) -> dict:
    home = tempfile.mkdtemp(dir=folder)
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONPYCACHEPREFIX=f"{folder}/pycache")
    env.update(XDG_CONFIG_HOME=f"{home}/config", XDG_DATA_HOME=f"{home}/data")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run(
        [sys.executable, "-c", PROGRAM, *functions],
        env=env,
        cwd=folder,  # not a checkout: the working folder comes first on sys.path
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("functions", nargs="*", help="MODULE:QUALNAME to time")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--tree", action="append", default=[], help="also time this checkout")
    args = parser.parse_args()
    trees = {"guiad": ROOT} | {Path(t).name: Path(t) for t in args.tree}
    results: dict[str, list[dict]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="guiad-parts-") as folder:
        for tree in trees.values():  # warm: byte code cached
            run(tree, [], folder)
        for _ in range(args.runs):
            for name, tree in trees.items():
                results[name].append(run(tree, args.functions, folder))
    print(f"median of {args.runs} runs, ms (wall)")
    for name, runs in results.items():
        phases = {p: statistics.median(r["phases"][p] for r in runs) for p in runs[0]["phases"]}
        total = statistics.median(sum(r["phases"].values()) for r in runs)
        print(f"{name}: " + "  ".join(f"{p} {v:.1f}" for p, v in phases.items()), end="")
        print(f"  | total {total:.1f}")
        for spec in args.functions:
            calls = [r["parts"].get(spec, [0, 0.0]) for r in runs]
            count = statistics.median(c for c, _ in calls)
            spent = statistics.median(t for _, t in calls)
            print(f"  {spec:<64} {count:5.0f} calls {spent:8.2f} ms")


if __name__ == "__main__":
    main()
