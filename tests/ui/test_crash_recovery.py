"""Crash recovery: a SIGKILL never leaves a broken document behind.

Saves are atomic (guiad.core.fileformat.write_text_atomic): a process killed at any moment
of a save leaves the old file or the new one, never a mix. Shown two ways, each in a child
process that is SIGKILLed:

* deterministically, by pausing the child at each stage of a save (half the temp file
  written, before the rename, after it) and killing it there; a naive in-place writer killed
  the same way leaves a broken file, so the check can fail;
* by killing a child that saves in a tight loop at seeded random moments.
"""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from guiad.core.expression import parse, to_expression
from guiad.core.fileformat import Document, FileFormatError, Settings, load, save
from guiad.core.graph import chain_graph

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

ROOT = Path(__file__).resolve().parents[2]
OLD = Document(parse("exp(sin(sin(x)))"), Settings(x0=2.0))
# Big enough (about 1 MB) that writing it takes a while, so random kills land mid-write.
NEW = Document(chain_graph(["sin", "cos"] * 2_500), Settings(x_min=-1.0, x_max=1.0))
OTHER = Document(chain_graph(["cos", "sin"] * 2_500), Settings(x0=2.0))  # as big as NEW
MIN_KILLS, MAX_KILLS = 4, 24  # a kill leaves either file about half the time: 24 all alike
# would happen by chance once in 8 million runs

CHILD = textwrap.dedent(
    """
    import os, sys, time
    from guiad.core import fileformat
    from guiad.core.fileformat import Document, write_text_atomic, dumps
    from guiad.core.graph import chain_graph
    from guiad.core.fileformat import Settings

    path, stage = sys.argv[1], sys.argv[2]
    new = Document(chain_graph(["sin", "cos"] * 2_500), Settings(x_min=-1.0, x_max=1.0))
    text = dumps(new)

    def pause():
        print("PAUSED", flush=True)
        time.sleep(60)

    real_fdopen, real_replace = os.fdopen, os.replace

    class HalfWriter:
        def __init__(self, fh):
            self.fh = fh
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.fh.__exit__(*exc)
        def fileno(self):
            return self.fh.fileno()
        def flush(self):
            self.fh.flush()
        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            pause()

    if stage == "mid-write":
        os.fdopen = lambda *a, **k: HalfWriter(real_fdopen(*a, **k))
    elif stage == "before-rename":
        os.replace = lambda *a: pause()
    elif stage == "after-rename":
        os.replace = lambda *a: (real_replace(*a), pause())
    elif stage == "naive":
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text[: len(text) // 2])
            fh.flush()
            pause()
    elif stage == "loop":
        old = fileformat.dumps(fileformat.load(path))
        start = time.perf_counter()
        write_text_atomic(fileformat.Path(path), text)
        write_text_atomic(fileformat.Path(path), old)
        print("PAUSED", flush=True)
        print(time.perf_counter() - start, flush=True)  # the loop's period, on this machine
        while True:
            write_text_atomic(fileformat.Path(path), text)
            write_text_atomic(fileformat.Path(path), old)
    write_text_atomic(fileformat.Path(path), text)
    print("SAVED", flush=True)
    """
)


def _start(path: Path, stage: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), stage],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=path.parent,
    )


def _wait_for_pause(child: subprocess.Popen) -> None:
    line = child.stdout.readline()
    if line.strip() != "PAUSED":
        child.kill()
        _, err = child.communicate(timeout=30)
        pytest.fail(f"child did not pause: {line!r}\n{err}")


def _kill(child: subprocess.Popen) -> None:
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL


@pytest.mark.parametrize(
    ("stage", "survivor"),
    [("mid-write", OLD), ("before-rename", OLD), ("after-rename", NEW)],
)
def test_a_kill_at_each_stage_of_a_save_leaves_a_whole_file(
    stage: str, survivor: Document, tmp_path: Path
) -> None:
    path = tmp_path / "doc.guiad.json"
    save(OLD, path)
    child = _start(path, stage)
    _wait_for_pause(child)
    _kill(child)
    assert load(path) == survivor


def test_the_check_catches_a_naive_save(tmp_path: Path) -> None:
    """Control: writing in place and being killed half way breaks the file."""
    path = tmp_path / "doc.guiad.json"
    save(OLD, path)
    child = _start(path, "naive")
    _wait_for_pause(child)
    _kill(child)
    with pytest.raises(FileFormatError):
        load(path)


def test_random_kills_during_a_save_loop_leave_the_old_or_the_new_file(tmp_path: Path) -> None:
    """The child saves NEW and OTHER (both about 1 MB) in turn; each is half the loop, so a
    kill at a random moment of the loop (whose period the child measures, so the kills land
    inside the loop on a slow or loaded machine too) leaves either one. Kill until both have
    survived a kill: a test whose kills always landed at the same point of the loop would prove
    little."""
    path = tmp_path / "doc.guiad.json"
    rng = random.Random(6)
    survivors = []
    while len(survivors) < MIN_KILLS or set(survivors) != {"new", "other"}:
        assert len(survivors) < MAX_KILLS, f"{MAX_KILLS} kills all left {survivors[0]}"
        save(OTHER, path)
        child = _start(path, "loop")
        _wait_for_pause(child)
        period = float(child.stdout.readline())
        time.sleep(rng.uniform(0.0, 2 * period))  # anywhere in two rounds of the loop
        _kill(child)
        doc = load(path)
        assert doc in (OTHER, NEW)
        survivors.append("new" if doc == NEW else "other")
    # leftover temp files from killed saves must not be mistaken for documents
    leftovers = [p for p in tmp_path.iterdir() if p.name != path.name]
    assert all(p.name.startswith(".doc.guiad.json.") and p.suffix == ".tmp" for p in leftovers)


def test_a_save_keeps_the_file_permissions(tmp_path: Path) -> None:
    path = tmp_path / "doc.guiad.json"
    save(OLD, path)
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600
    path.chmod(0o640)
    save(NEW, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert load(path) == NEW


def test_a_save_through_a_symlink_replaces_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.guiad.json"
    link = tmp_path / "link.guiad.json"
    save(OLD, target)
    link.symlink_to(target.name)
    save(NEW, link)
    assert link.is_symlink()
    assert load(target) == NEW


# ---- the app: SIGKILL it after edits, start it again, the last edit is there --------------

APP_CHILD = textwrap.dedent(
    """
    import json, os, random, sys
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from guiad.core.expression import to_expression
    from guiad.ui.window.app import make_app, run_app
    from guiad.ui.window.main_window import MainWindow

    mode = sys.argv[1]
    EXPRESSIONS = ["tanh(x^2 - 1)", "log(sin(x))", "x*sin(x)", "sigmoid(3*x)", "exp(-x^2)"]

    def window():
        return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))

    def report(tag, w):
        state = {
            "expression": to_expression(w.document.graph),
            "x0": w.document.settings.x0,
            "modified": w.isWindowModified(),
        }
        print(tag, json.dumps(state), flush=True)

    def type_expression(w, text):
        box = w.expression_box.edit
        box.selectAll()
        QTest.keyClicks(box, text)  # typed, then Enter, as a user does
        QTest.keyClick(box, Qt.Key.Key_Return)

    def edit_once():
        w = window()
        type_expression(w, "tanh(x^2 - 1)")
        w.insert_op("sin")  # what Enter on the palette's sin does
        w.plots.set_x0(0.75)  # what dragging the x0 line does
        report("EDITED", w)

    def edit_forever(i=0):
        w = window()
        type_expression(w, EXPRESSIONS[i % len(EXPRESSIONS)])
        report("EDITED", w)
        QTimer.singleShot(1, lambda: edit_forever(i + 1))

    def check():
        report("STATE", window())
        os._exit(0)  # no close prompt: the state was reported

    make_app()
    QTimer.singleShot(0, {"once": edit_once, "forever": edit_forever, "check": check}[mode])
    sys.exit(run_app(None))
    """
)


def _app_env(home: Path) -> dict[str, str]:
    """The app's settings and app-data folders inside ``home``, offscreen."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }


def _start_app(home: Path, mode: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", APP_CHILD, mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_app_env(home),
        cwd=home,
    )


def _read_state(child: subprocess.Popen, tag: str) -> dict:
    line = child.stdout.readline()
    if not line.startswith(tag + " "):
        child.kill()
        _, err = child.communicate(timeout=30)
        pytest.fail(f"expected {tag}, got {line!r}; stderr:\n{err[-3000:]}")
    return json.loads(line[len(tag) + 1 :])


def _restarted_state(home: Path) -> dict:
    child = _start_app(home, "check")
    try:
        state = _read_state(child, "STATE")
    finally:
        child.wait(timeout=60)
        child.stdout.close()
        child.stderr.close()
    return state


def test_the_last_edit_survives_a_sigkill(tmp_path: Path) -> None:
    child = _start_app(tmp_path, "once")
    edited = _read_state(child, "EDITED")
    _kill(child)
    assert edited["expression"] == "sin(tanh(x^2 - 1))"
    assert edited["x0"] == 0.75
    autosaves = list(tmp_path.rglob("autosave.guiad.json"))
    assert len(autosaves) == 1, "the autosave should be in the test's app-data folder"
    assert _restarted_state(tmp_path) == {**edited, "modified": True}


def test_random_kills_while_editing_lose_nothing(tmp_path: Path) -> None:
    """Killed at seeded random moments of a stream of edits: the restarted app shows the last
    reported edit, or the one after it (applied and autosaved, killed before reporting)."""
    rng = random.Random(3)
    known = ["tanh(x^2 - 1)", "log(sin(x))", "x*sin(x)", "sigmoid(3*x)", "exp(-x^2)"]
    texts = [to_expression(parse(text)) for text in known]
    for _ in range(3):
        child = _start_app(tmp_path, "forever")
        first = _read_state(child, "EDITED")
        time.sleep(rng.uniform(0.05, 0.4))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        rest = child.stdout.read().splitlines()  # what it printed before dying, unread so far
        child.stdout.close()
        child.stderr.close()
        reported = [first] + [json.loads(line[7:]) for line in rest if line.startswith("EDITED ")]
        last = reported[-1]["expression"]
        following = texts[(texts.index(last) + 1) % len(texts)]
        assert _restarted_state(tmp_path)["expression"] in (last, following), len(reported)
