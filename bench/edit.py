"""Time from a chain edit to the model's "changed" signal and the strip repainted.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/edit.py  # from the repository root

Two set-ups: the bare strip (document → ChainModel → ChainStrip) and the whole window (which
also feeds the plots, the walkthrough, the expression box and the autosave). Prints a table
of median and 90th-percentile milliseconds per edit kind and chain length; asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtGui import QUndoStack  # noqa: E402

from guiad.core.document import ChainDocument  # noqa: E402
from guiad.core.graph import chain_graph  # noqa: E402
from guiad.ui.chain.commands import Editor  # noqa: E402
from guiad.ui.chain.model import ChainModel  # noqa: E402
from guiad.ui.chain.strip import ChainStrip  # noqa: E402
from guiad.ui.window.app import make_app  # noqa: E402

REPEATS = 25
LENGTHS = (3, 30, 300)


class PaintWatch(QObject):
    """Records when the strip's viewport last painted."""

    def __init__(self):
        super().__init__()
        self.painted_at: float | None = None

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted_at = time.perf_counter()
        return False


def measure(app, editor: Editor, strip: ChainStrip, edit) -> tuple[float, float, float]:
    """Seconds from the edit to: document changed, model signal, strip painted."""
    marks: dict[str, float] = {}
    on_changed = lambda c: marks.setdefault("changed", time.perf_counter())  # noqa: E731
    editor.doc.changed.insert(0, on_changed)
    model = strip.model()
    on_model = lambda *a: marks.setdefault("model", time.perf_counter())  # noqa: E731
    signals = (model.rowsInserted, model.rowsRemoved, model.rowsMoved, model.dataChanged)
    for sig in signals:
        sig.connect(on_model)
    watch = strip.viewport()._watch
    watch.painted_at = None
    t0 = time.perf_counter()
    edit(editor)
    deadline = t0 + 2.0
    while watch.painted_at is None and time.perf_counter() < deadline:
        app.processEvents()
    for sig in signals:
        sig.disconnect(on_model)
    editor.doc.changed.remove(on_changed)
    painted = watch.painted_at or float("nan")
    return marks["changed"] - t0, marks["model"] - t0, painted - t0


def _undo(e: Editor) -> None:
    e.stack.undo()


def _nothing(e: Editor) -> None:
    pass


# kind: (unmeasured setup, measured edit, unmeasured reset) — the chain is the same after each
EDITS = {
    "insert": (_nothing, lambda e: e.insert(e.row_count() // 2, "tanh"), _undo),
    "move": (_nothing, lambda e: e.move(0, e.row_count() - 1), _undo),
    "param": (_nothing, lambda e: e.set_param(1, e.doc.steps()[1].param + 1.0), _undo),
    "delete": (_nothing, lambda e: e.remove(e.row_count() // 2), _undo),
    "undo": (lambda e: e.insert(0, "sqrt"), _undo, _nothing),
}


def _chain(length: int):
    """``length`` cards alternating sin and a·u (a card with a parameter at row 1)."""
    return chain_graph([("sin", ("scale", 2.0))[i % 2] for i in range(length)])


def bare(app, length: int):
    doc = ChainDocument(_chain(length))
    editor = Editor(doc, QUndoStack())
    strip = ChainStrip(ChainModel(editor))
    strip.resize(1000, 100)
    strip.show()
    return editor, strip, strip


def window(app, length: int):
    from guiad.ui.window.files import Storage
    from guiad.ui.window.main_window import MainWindow

    win = MainWindow(storage=Storage(Path(tempfile.mkdtemp())), restore=False)
    win.resize(1280, 800)
    win.show()
    win.document.set_graph(_chain(length))
    return win.editor, win.strip, win


def run(app, setup, name: str) -> None:
    print(
        f"\n{name}: ms from the edit to  changed / model signal / strip painted  "
        f"(median, p90 of {REPEATS})"
    )
    print(f"{'edit':>8} {'cards':>6} {'changed':>16} {'model':>16} {'painted':>16}")
    for length in LENGTHS:
        editor, strip, owner = setup(app, length)
        watch = PaintWatch()
        strip.viewport().installEventFilter(watch)
        strip.viewport()._watch = watch
        for _ in range(10):
            app.processEvents()
        for kind, (before, edit, after) in EDITS.items():
            times = []
            for _ in range(REPEATS):
                before(editor)
                times.append(measure(app, editor, strip, edit))
                after(editor)
            cols = []
            for i in range(3):
                ms = sorted(t[i] * 1000 for t in times)
                cols.append(f"{statistics.median(ms):7.3f} {ms[int(0.9 * len(ms)) - 1]:7.3f}")
            print(f"{kind:>8} {length:>6} " + " ".join(f"{c:>16}" for c in cols))
        if hasattr(owner, "set_modified"):
            owner.set_modified(False)
        owner.close()


def main() -> None:
    app = make_app()
    print("Timings on a shared machine are noisy; compare rows, not absolute numbers.")
    run(app, bare, "bare strip")
    run(app, window, "whole window (plots, walkthrough, text, autosave)")


if __name__ == "__main__":
    main()
