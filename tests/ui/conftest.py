"""Shared Qt fixtures for the UI tests.

- ``storage``: a ``Storage`` in tmp_path (QSettings ini + autosave), so tests never touch the
  user's settings or app-data folder.
- ``window``: a shown MainWindow at 1280×800 using ``storage``, with the seed chain and no
  autosave restored.
- ``no_running_animations`` (autouse): fails any test that leaves a QPropertyAnimation /
  QVariantAnimation (any QAbstractAnimation) running, or a walkthrough panel playing, when
  the test body ends.
- ``answer_save_prompt``: monkeypatches the unsaved-changes prompt; call it with "save",
  "discard" or "cancel"; it returns a list recording each time the prompt was shown.
- ``panel``: a shown WalkthroughPanel on the seed at x0 = 2.
"""

from __future__ import annotations

import gc

import pytest
import shiboken6
from PySide6.QtCore import QAbstractAnimation, QStandardPaths

from guiad.ui.window import dialogs
from guiad.ui.window.app import APP_NAME, ORG_NAME, collect_between_events
from guiad.ui.window.files import Storage


@pytest.fixture(scope="session", autouse=True)
def _collect_between_events(qapp):
    """As the app does once its window has painted: Python's cyclic collector runs from the
    event loop (and between tests, tests/conftest.py), never inside a call into Qt, where a
    collection that freed a QObject while Qt held its signal lock deadlocked a test run."""
    collector = collect_between_events(0.25)
    yield collector
    collector.timer.stop()
    gc.enable()


@pytest.fixture(scope="session", autouse=True)
def _app_identity(qapp):
    """Name the app as run_app does, and keep QStandardPaths away from the real home."""
    QStandardPaths.setTestModeEnabled(True)
    qapp.setApplicationName(APP_NAME)
    qapp.setOrganizationName(ORG_NAME)
    return qapp


def _kinds(base: type) -> set[type]:
    """``base`` and every subclass of it defined so far."""
    kinds = {base}
    for sub in base.__subclasses__():
        kinds |= _kinds(sub)
    return kinds


def _live(*bases: type) -> list:
    """Every live object of one of ``bases`` (subclasses included) that Python can see.

    Found through their Python wrappers, which the garbage collector tracks, parented or not.
    One pass over the heap (about 85,000 objects with a window): comparing ``type(obj)``
    with a set is several times faster than ``isinstance`` on each object.
    """
    kinds = set().union(*(_kinds(base) for base in bases))
    return [obj for obj in gc.get_objects() if type(obj) in kinds and shiboken6.isValid(obj)]


def running_animations() -> list[QAbstractAnimation]:
    """Every animation created from Python that is still running.

    Qt's own internal animations (a QLineEdit clear button fading in) are not ours and are
    deliberately not looked for.
    """
    return [a for a in _live(QAbstractAnimation) if a.state() == QAbstractAnimation.State.Running]


def _describe(anim: QAbstractAnimation) -> str:
    name = type(anim).__name__
    prop = getattr(anim, "propertyName", None)
    return f"{name}({bytes(prop().data()).decode()})" if callable(prop) else name


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Right after the test body, before pytest-qt closes the test's widgets (which would stop
    them): fail a test that left an animation running or a walkthrough panel playing (its
    playback runs on a QTimer, not a QAbstractAnimation). One scan of the heap finds both."""
    result = yield
    if "no_running_animations" not in item.fixturenames:
        return result
    from guiad.ui.walkthrough.panel import WalkthroughPanel

    live = _live(QAbstractAnimation, WalkthroughPanel)
    animations = [
        a
        for a in live
        if isinstance(a, QAbstractAnimation) and a.state() == QAbstractAnimation.State.Running
    ]
    panels = [p for p in live if isinstance(p, WalkthroughPanel) and p.is_playing()]
    for anim in animations:
        anim.stop()
    for panel in panels:
        panel.stop()
    left = [_describe(a) for a in animations] + ["a playing WalkthroughPanel"] * len(panels)
    if left:
        pytest.fail(f"test left {len(left)} running: {', '.join(left)}", pytrace=False)
    return result


@pytest.fixture(autouse=True)
def no_running_animations():
    """Autouse: the hook above fails the test if an animation is still running (or a
    walkthrough playing) when the test body ends. Yields ``running_animations`` so a test can
    check mid-way too."""
    return running_animations


@pytest.fixture
def storage(tmp_path) -> Storage:
    return Storage(tmp_path / "appdata")


@pytest.fixture
def make_window(qtbot, storage):
    """Factory: ``make_window(path=None, restore=False)`` → a shown MainWindow (1280×800)."""
    from guiad.ui.window.main_window import MainWindow

    def make(path=None, *, restore: bool = False, storage_: Storage | None = None):
        win = MainWindow(path, storage=storage_ or storage, restore=restore)
        qtbot.addWidget(win, before_close_func=_skip_prompt)
        win.resize(1280, 800)
        win.show()
        qtbot.waitExposed(win)
        win.finish_start()  # as run_app does once the window has painted
        return win

    return make


def _skip_prompt(win) -> None:
    # teardown must not block on the unsaved-changes prompt
    win.set_modified(False)


@pytest.fixture
def window(make_window):
    return make_window()


@pytest.fixture
def answer_save_prompt(monkeypatch):
    def answer(reply: str) -> list[str]:
        calls: list[str] = []

        def ask(parent, name):
            calls.append(name)
            return reply

        monkeypatch.setattr(dialogs, "ask_save_changes", ask)
        return calls

    return answer


@pytest.fixture
def panel(qtbot):
    """A shown WalkthroughPanel (1200×450) on the seed at x0 = 2, stopped at teardown.
    test_plots.py, test_walkthrough_limit.py and test_walkthrough_motion.py have their own."""
    from guiad.core.expression import parse
    from guiad.ui.walkthrough.panel import WalkthroughPanel

    widget = WalkthroughPanel()
    qtbot.addWidget(widget)
    widget.resize(1200, 450)
    widget.set_graph(parse("exp(sin(sin(x)))"))
    widget.set_x0(2.0)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.stop()


@pytest.fixture
def surface_panel(qtbot):
    """A shown SurfacePanel of its own (900×600)."""
    from guiad.ui.surface.panel import SurfacePanel

    panel = SurfacePanel()
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    return panel
