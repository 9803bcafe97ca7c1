"""Soak test: the whole window, animating and replotting for minutes; memory must stay flat.

Drives a real MainWindow (offscreen) the way a long session would: the walkthrough plays in a
loop at 4x while, every ``--edit-ms``, an edit goes through the window's own paths (typed
expressions applied, palette inserts, x0 moves, range changes with a large N now and then,
undo and redo). The undo history is limited to ``--undo-limit`` commands (the app keeps all:
a real session's memory grows with its history, which is not a leak; 0 here does the same).
Every ``--sample-seconds`` it prints resident memory (read from /proc/self/statm,
no psutil), Python objects, threads and how much work was done; at the end, the growth after
the first sample (warm-up: caches, fonts, thread pools) and a verdict.

RSS "as is" counts the document of the moment (a 200,001-point range on a long chain holds
~10-25 MB of samples and curves more than the seed at 2,001): that is memory in use, not a
leak. ``--settle`` also measures, at each sample, after going back to one reference document
(the seed on its default range, the history kept): growth there is memory the session kept.

Nothing is asserted on time. The exit code is 1 if an exception reached the event loop
(the app's own hook shows a dialog there; here it is counted and printed instead).

From the repository root, with the README's .venv:

  .venv/bin/python bench/soak.py --minutes 30
  .venv/bin/python bench/soak.py --minutes 1 --sample-seconds 10  # quick
"""

from __future__ import annotations

import argparse
import collections
import gc
import os
import random
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from guiad.ui.window.app import make_app  # noqa: E402
from guiad.ui.window.arenas import limit_malloc_arenas  # noqa: E402
from guiad.ui.window.files import Storage  # noqa: E402
from guiad.ui.window.main_window import MainWindow  # noqa: E402

EXPRESSIONS = [
    "exp(sin(sin(x)))",
    "softplus(sigmoid(2*x) - 0.5)",
    "x*sin(x)",
    "log(sin(x))",
    "tanh(exp(cos(sqrt(softplus(sin(2*x + 1))))^2))",
    "x^3 - 2*x",
    "sin(x)/x",
    "arcsin(tanh(x))",
]
# --switch-ms: one input and several in turn (the surface view replaces the line plots)
SEVERAL_INPUTS = [
    "x*y + sin(x)",
    "(1 - x)^2 + 100*(y - x^2)^2",
    "log(x1) + x1*x2 - sin(x2)",
    "x*y*z",
    "log(1 + exp(-(w*x + b)))",
]
OPS_TO_INSERT = ["sin", "tanh", "exp", "square", "softplus", "scale", "shift"]
RANGES = [(-4.0, 4.0, 2001), (-10.0, 10.0, 20_001), (-3.0, 3.0, 200_001), (0.1, 5.0, 501)]
PAGE = os.sysconf("SC_PAGE_SIZE")


def _trim_heap() -> None:
    """Give the C heap's free pages back to the system (glibc's malloc_trim), so that RSS
    counts memory in use, not memory the allocator keeps after a free."""
    import contextlib
    import ctypes

    with contextlib.suppress(OSError, AttributeError):  # not glibc: RSS as it is
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def rss_bytes() -> int:
    """Resident set size from /proc/self/statm (its second field, in pages)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * PAGE


@dataclass
class Counts:
    edits: int = 0
    undos: int = 0
    steps: int = 0  # walkthrough steps advanced (sampled from the timeline position)
    errors: list[str] = field(default_factory=list)


@dataclass
class Sample:
    minute: float
    rss: int
    settled: int | None
    objects: int
    threads: int
    edits: int
    steps: int
    undo: int


class Soak:
    """Owns the window, the edit timer and the sampling timer."""

    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.rng = random.Random(args.seed)
        self.counts = Counts()
        self.samples: list[Sample] = []
        self.start = time.monotonic()
        self.folder = tempfile.TemporaryDirectory(prefix="guiad-soak-")
        # its own settings and autosave folder: a soak never touches the user's
        self.window = MainWindow(storage=Storage(Path(self.folder.name)), restore=False)
        self.window.undo_stack.setUndoLimit(args.undo_limit)
        self.window.resize(1280, 800)
        self.window.show()
        self.walkthrough = self.window.walkthrough
        self.walkthrough.set_loop(True)
        self.walkthrough.set_speed(4.0)
        self.walkthrough.play()
        self._last_step = 0
        self.types_at_warmup: collections.Counter[str] | None = None
        self.types_at_end: collections.Counter[str] | None = None
        self.edit_timer = QTimer()
        self.edit_timer.timeout.connect(self.edit)
        self.edit_timer.start(args.edit_ms)
        self.step_timer = QTimer()  # counts walkthrough progress and keeps it playing
        self.step_timer.timeout.connect(self.watch_walkthrough)
        self.step_timer.start(50)
        self.sample_timer = QTimer()
        self.sample_timer.timeout.connect(self.sample)
        self.sample_timer.start(int(args.sample_seconds * 1000))
        self.switches = 0
        self.switch_timer = QTimer()
        self.switch_timer.timeout.connect(self.switch_inputs)
        if args.switch_ms:
            self.switch_timer.start(args.switch_ms)
        QTimer.singleShot(int(args.minutes * 60_000), self.finish)

    # ---- the session -------------------------------------------------------------------

    def edit(self) -> None:
        """One user-like edit, chosen at random, through the window's own paths."""
        w = self.window
        kind = self.rng.choice(["expression", "insert", "x0", "undo", "undo", "range", "redo"])
        if kind == "expression":
            box = w.expression_box
            box.edit.setText(self.rng.choice(EXPRESSIONS))
            box.submit()  # what Enter does
        elif kind == "insert":
            w.insert_op(self.rng.choice(OPS_TO_INSERT))
        elif kind == "x0":
            w.plots.set_x0(round(self.rng.uniform(-3.5, 3.5), 3))
        elif kind == "range" and self.rng.random() < 0.3:
            w.plots.set_range(*self.rng.choice(RANGES))
        elif kind == "undo" and w.undo_stack.canUndo():
            w.undo_stack.undo()
            self.counts.undos += 1
        elif kind == "redo" and w.undo_stack.canRedo():
            w.undo_stack.redo()
        self.counts.edits += 1

    def switch_inputs(self) -> None:
        """A function of one input, then one of several, in turn (a point moved on each)."""
        w = self.window
        several = self.switches % 2 == 0
        box = w.expression_box
        box.edit.setText(self.rng.choice(SEVERAL_INPUTS if several else EXPRESSIONS))
        box.submit()
        if several and w.surface is not None and w.surface.inputs():
            w.surface.set_coordinate(0, round(self.rng.uniform(-2.0, 2.0), 3))
        self.switches += 1

    def watch_walkthrough(self) -> None:
        timeline = self.walkthrough.timeline
        if timeline is None:
            return
        position = getattr(timeline, "index", None)
        if isinstance(position, int):
            if position != self._last_step:
                self.counts.steps += 1
            self._last_step = position
        if not self.walkthrough.is_playing():  # an edit may stop playback: start it again
            self.walkthrough.play()

    def _measure(self) -> int:
        gc.collect()
        if self.args.trim:
            _trim_heap()
        return rss_bytes()

    def settle(self) -> int:
        """RSS in the reference document: the seed on the default range (an edit as any
        other; the soak's own edits go on from there)."""
        w = self.window
        w.plots.set_range(*RANGES[0])
        w.expression_box.edit.setText(EXPRESSIONS[0])
        w.expression_box.submit()
        w.plots.wait_for_data(30_000)
        return self._measure()

    def sample(self) -> None:
        as_is = self._measure()
        settled = self.settle() if self.args.settle else None
        minute = (time.monotonic() - self.start) / 60
        row = Sample(
            minute,
            as_is,
            settled,
            len(gc.get_objects()),
            threading.active_count(),
            self.counts.edits,
            self.counts.steps,
            self.window.undo_stack.count(),
        )
        self.samples.append(row)
        if self.types_at_warmup is None and minute >= self.args.warmup_minutes:
            self.types_at_warmup = _type_counts()
        print(_format_row(row, self.samples[0]), flush=True)

    def finish(self) -> None:
        self.sample()
        self.types_at_end = _type_counts()
        self.walkthrough.stop()
        for timer in (self.edit_timer, self.step_timer, self.sample_timer, self.switch_timer):
            timer.stop()
        self.window.set_modified(False)  # no unsaved-changes prompt on close
        self.window.close()
        QApplication.instance().quit()

    def on_exception(self, kind, error, tb) -> None:
        text = "".join(traceback.format_exception(kind, error, tb))
        self.counts.errors.append(f"{kind.__name__}: {error}")
        if len(self.counts.errors) <= 3:  # the first few in full; then only counted
            print(f"EXCEPTION in the event loop:\n{text}", file=sys.stderr, flush=True)


def _type_counts() -> collections.Counter[str]:
    """Live objects by type name (gc-tracked ones: containers, Qt wrappers, user classes)."""
    return collections.Counter(type(o).__qualname__ for o in gc.get_objects())


def _format_row(s: Sample, first: Sample) -> str:
    mb = s.rss / 2**20
    growth = (s.rss - first.rss) / 2**20
    settled = f"  {s.settled / 2**20:8.1f}" if s.settled is not None else ""
    return (
        f"{s.minute:7.2f}  {mb:8.1f}  {growth:+8.1f}  {s.objects:9,d}  {s.threads:7d}"
        f"  {s.edits:7,d}  {s.steps:7,d}  {s.undo:5d}{settled}"
    )


def _slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of ys against xs."""
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0


def _trend(soak: Soak, steady: list[Sample], name: str, rss: list[int]) -> None:
    mb = [r / 2**20 for r in rss]
    slope = _slope([s.minute for s in steady], mb)
    print(f"RSS {name}: after warm-up ({steady[0].minute:.1f} min) {mb[0]:.1f} MB,", end=" ")
    print(f"at the end {mb[-1]:.1f} MB, {min(mb):.1f}–{max(mb):.1f} MB;", end=" ")
    print(f"trend {slope:+.2f} MB/min (least squares)")
    verdict = "flat" if abs(slope) < soak.args.flat_mb_per_min else "GROWING"
    print(f"memory {name}: {verdict} (threshold ±{soak.args.flat_mb_per_min} MB/min)")


def report(soak: Soak) -> int:
    samples = soak.samples
    print()
    steady = [s for s in samples if s.minute >= soak.args.warmup_minutes]
    if len(steady) < 3:
        steady = samples[1:]  # a short run: all but the start
    if len(steady) >= 3:
        _trend(soak, steady, "as is", [s.rss for s in steady])
        if soak.args.settle:
            _trend(soak, steady, "settled", [s.settled or 0 for s in steady])
        print(f"Python objects {steady[0].objects:,d} → {samples[-1].objects:,d}")
    else:
        print("too few samples for a trend: run longer or sample more often")
    if soak.types_at_warmup is not None and soak.types_at_end is not None:
        grown = soak.types_at_end - soak.types_at_warmup
        if grown:
            top = ", ".join(f"{name} +{n:,d}" for name, n in grown.most_common(8))
            print(f"object types that grew after warm-up: {top}")
    c = soak.counts
    print(
        f"{c.edits:,d} edits ({c.undos:,d} undos), {c.steps:,d} walkthrough steps shown, "
        f"{soak.switches:,d} switches between one input and several, {len(c.errors)} exceptions"
    )
    return 1 if c.errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="how long (default 30)")
    parser.add_argument("--sample-seconds", type=float, default=60.0, help="RSS sampling period")
    parser.add_argument("--edit-ms", type=int, default=100, help="time between edits")
    parser.add_argument(
        "--undo-limit", type=int, default=100, help="undo history kept (0: all, as the app)"
    )
    parser.add_argument("--seed", type=int, default=6, help="random seed of the edit sequence")
    parser.add_argument(
        "--switch-ms",
        type=int,
        default=0,
        help="switch between a function of one input and one of several this often (0: never)",
    )
    parser.add_argument(
        "--warmup-minutes", type=float, default=2.0, help="left out of the trend (default 2)"
    )
    parser.add_argument("--flat-mb-per-min", type=float, default=0.5, help="verdict threshold")
    parser.add_argument(
        "--trim",
        action="store_true",
        help="malloc_trim before each sample: growth that goes is the allocator's, not a leak",
    )
    parser.add_argument(
        "--settle",
        action="store_true",
        help="also measure each sample in one reference document (the seed, default range)",
    )
    args = parser.parse_args()

    arenas = "2 (as guiad sets them)" if limit_malloc_arenas() else "as they were"
    app = make_app()
    soak = Soak(args)
    sys.excepthook = soak.on_exception
    print(
        f"soak: {args.minutes:g} min, an edit every {args.edit_ms} ms, walkthrough looping at 4x, "
        f"undo limit {args.undo_limit}, sampling every {args.sample_seconds:g} s; malloc arenas "
        f"{arenas}"
    )
    settled = "  settled" if args.settle else ""
    print(f" minute    RSS MB    growth    objects  threads    edits    steps   undo{settled}")
    soak.sample()
    app.exec()
    return report(soak)


if __name__ == "__main__":
    sys.exit(main())
