"""The GUI monkey test: a seeded random user (monkey_driver.py) drives the main window.

1,000 actions with fixed seeds (three seeds of 250 with every kind of action, one of 250
without the view settings), each followed by the invariants; then undo everything and redo
back to the end. Besides those, 250 actions with a seed drawn afresh on every run, so each run
tries something new; ``GUIAD_MONKEY_SEED=N`` replays seed N there. The last tests break the
window on purpose to show the invariants do catch what they claim.
A failure names the seed and the action's number: ``run_monkey(window, n + 1, seed)`` replays
it. ``bench/monkey.py`` runs the same driver for 10,000 actions.
"""

from __future__ import annotations

import os
import random

import pytest
from monkey_driver import run_monkey

from guiad.core.graph import Step

ACTIONS = 250
# the offscreen platform cannot raise a window or let a context menu grab the keyboard;
# every other Qt warning fails the test (as does any the driver itself records)
pytestmark = pytest.mark.qt_log_ignore(
    "does not support raise", "does not support grabbing the keyboard"
)


def problems(report: dict) -> str:
    listed = "\n\n".join(report["problems"][:5])
    return f"seed {report['seed']}: {report['failures']} problem(s)\n{listed}"


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a payload that ran would create its file here
    return tmp_path / "files"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_user_breaks_no_invariant(seed, window, workdir):
    report = run_monkey(window, ACTIONS, seed, workdir)
    assert report["failures"] == 0, problems(report)
    assert report["actions"] >= ACTIONS
    assert report["undo_all_restores_graph"]
    assert report["redo_to_end_restores_graph"]
    assert not (workdir.parent / "PWNED").exists()


def fresh_seed() -> int:
    """GUIAD_MONKEY_SEED if set (to replay a failure), else a new seed from the OS."""
    text = os.environ.get("GUIAD_MONKEY_SEED", "").strip()
    return int(text) if text else random.SystemRandom().randrange(1_000_000)


def test_random_user_with_a_fresh_seed_breaks_no_invariant(window, workdir):
    seed = fresh_seed()
    print(f"monkey seed {seed}: replay with GUIAD_MONKEY_SEED={seed}")  # shown on a failure
    report = run_monkey(window, ACTIONS, seed, workdir)
    replay = f"replay: GUIAD_MONKEY_SEED={seed} pytest tests/ui/test_monkey.py -k fresh_seed"
    assert report["failures"] == 0, f"{problems(report)}\n{replay}"
    assert report["undo_all_restores_graph"], replay
    assert report["redo_to_end_restores_graph"], replay
    assert not (workdir.parent / "PWNED").exists(), replay


def test_undo_all_restores_the_exact_starting_document(window, workdir):
    """Without x0 and range edits (view settings, outside the undo history) undoing every
    action restores the starting graph and settings exactly, also across opened files."""
    report = run_monkey(window, ACTIONS, 4, workdir, settings_actions=False)
    assert report["failures"] == 0, problems(report)
    assert "open example" in report["counts"]
    assert report["undo_all_restores_document"]


# ---- the invariants catch what they claim ------------------------------------------------


def test_a_view_that_misses_updates_is_caught(window, workdir, monkeypatch):
    real = window.walkthrough.set_graph

    def sometimes(graph):
        if len(graph.nodes) % 3:
            real(graph)

    monkeypatch.setattr(window.walkthrough, "set_graph", sometimes)
    report = run_monkey(window, 60, 5, workdir)
    assert any("walkthrough shows" in p for p in report["problems"])


def test_a_canvas_that_misses_updates_is_caught(window, workdir, monkeypatch):
    from guiad.ui.canvas.view import CanvasView

    real = CanvasView.refresh

    def sometimes(view):
        if len(window.document.sketch.ids()) % 3:
            real(view)

    monkeypatch.setattr(CanvasView, "refresh", sometimes)
    report = run_monkey(window, 120, 5, workdir)
    caught = ("canvas shows nodes", "canvas draws wires", "canvas marks")
    assert any(what in p for p in report["problems"] for what in caught), report["problems"]


def test_an_exception_in_a_slot_is_caught(window, workdir):
    def fragile(x0: float) -> None:
        if x0 > 0:
            raise RuntimeError("a slot that breaks")

    window.plots.x0_changed.connect(fragile)
    report = run_monkey(window, 60, 6, workdir)
    window.plots.x0_changed.disconnect(fragile)
    assert any("a slot that breaks" in p for p in report["problems"])


def test_an_edit_outside_the_undo_history_is_caught(window, workdir, monkeypatch):
    def insert_without_undo(row, name, param=None):
        steps = window.document.steps()
        if steps is None:
            return False
        op_param = param if param is not None else _default(name)
        window.document.insert(max(0, min(row, len(steps))), Step(name, op_param))
        return True

    monkeypatch.setattr(window.editor, "insert", insert_without_undo)
    report = run_monkey(window, 80, 7, workdir)
    assert any("undo" in p for p in report["problems"])


def _default(name: str) -> float | None:
    from guiad.core.ops import OPS

    op = OPS[name]
    return op.default if op.param else None
