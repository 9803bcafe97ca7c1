"""Shared Qt fixtures for the UI tests.

- ``storage``: a ``Storage`` in tmp_path (QSettings ini + autosave), so tests never touch the
  user's settings or app-data folder.
- ``window``: a shown MainWindow at 1280×800 using ``storage``, with the seed chain and no
  autosave restored.
- ``no_running_animations`` (autouse): fails any test that leaves a QPropertyAnimation /
  QVariantAnimation (any QAbstractAnimation) running when the test body ends.
- ``answer_save_prompt``: monkeypatches the unsaved-changes prompt; call it with "save",
  "discard" or "cancel"; it returns a list recording each time the prompt was shown.
"""

from __future__ import annotations

import gc

import pytest
import shiboken6
from PySide6.QtCore import QAbstractAnimation, QStandardPaths

from guiad.ui import dialogs
from guiad.ui.app import APP_NAME, ORG_NAME
from guiad.ui.files import Storage


@pytest.fixture(scope="session", autouse=True)
def _app_identity(qapp):
    """Name the app as run_app does, and keep QStandardPaths away from the real home."""
    QStandardPaths.setTestModeEnabled(True)
    qapp.setApplicationName(APP_NAME)
    qapp.setOrganizationName(ORG_NAME)
    return qapp


def running_animations() -> list[QAbstractAnimation]:
    """Every animation created from Python that is still running.

    Found through their Python wrappers (the garbage collector tracks them, parented or not).
    Qt's own internal animations (a QLineEdit clear button fading in) are not ours and are
    deliberately not looked for.
    """
    return [
        obj
        for obj in gc.get_objects()
        if isinstance(obj, QAbstractAnimation)
        and shiboken6.isValid(obj)
        and obj.state() == QAbstractAnimation.State.Running
    ]


def _describe(anim: QAbstractAnimation) -> str:
    name = type(anim).__name__
    prop = getattr(anim, "propertyName", None)
    return f"{name}({bytes(prop().data()).decode()})" if callable(prop) else name


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Check right after the test body, before pytest-qt closes the test's widgets."""
    result = yield
    if "no_running_animations" in item.fixturenames:
        left = running_animations()
        if left:
            for anim in left:
                anim.stop()
            names = ", ".join(_describe(a) for a in left)
            pytest.fail(f"test left {len(left)} animation(s) running: {names}", pytrace=False)
    return result


@pytest.fixture(autouse=True)
def no_running_animations():
    """Autouse: the hook above fails the test if an animation is still running when the
    test body ends. Yields ``running_animations`` so a test can check mid-way too."""
    return running_animations


@pytest.fixture
def storage(tmp_path) -> Storage:
    return Storage(tmp_path / "appdata")


@pytest.fixture
def make_window(qtbot, storage):
    """Factory: ``make_window(path=None, restore=False)`` → a shown MainWindow (1280×800)."""
    from guiad.ui.main_window import MainWindow

    def make(path=None, *, restore: bool = False, storage_: Storage | None = None):
        win = MainWindow(path, storage=storage_ or storage, restore=restore)
        qtbot.addWidget(win, before_close_func=_skip_prompt)
        win.resize(1280, 800)
        win.show()
        qtbot.waitExposed(win)
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


# ---- walkthrough panel (engineer D) ------------------------------------------------------
# Its playback runs on a QTimer, not a QAbstractAnimation: a panel still playing when the test
# body ends counts as a running animation too.


def playing_walkthroughs() -> list:
    from guiad.ui.walkthrough import WalkthroughPanel

    return [
        obj
        for obj in gc.get_objects()
        if isinstance(obj, WalkthroughPanel) and shiboken6.isValid(obj) and obj.is_playing()
    ]


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    """Right after the test function (pytest-qt closes widgets later, which stops them)."""
    result = yield
    left = playing_walkthroughs()
    for panel in left:
        panel.stop()
    if left:
        pytest.fail(f"test left {len(left)} walkthrough panel(s) playing", pytrace=False)
    return result
