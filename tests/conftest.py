"""Test-wide setup: no screen needed, and Hypothesis's settings for CI and for developers.

CI (``CI=true``, which .ci/run and CI services set) runs the "ci" profile: derandomized, so a
run is reproducible from the commit alone (the examples follow from each test's source, not a
fresh seed), no deadline (a loaded CI machine is not a failure), and a failure prints the
``@reproduce_failure`` blob that replays it. Developers get the default random exploration.
Pick one by hand with ``.venv/bin/pytest --hypothesis-profile=ci``.
"""

import gc
import os

# Plain `pytest` must work with no display: Qt's offscreen platform, set before Qt loads.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Hypothesis's own "ci" profile (derandomize, deadline=None, print_blob, no database), with
# more examples than a developer's run
settings.register_profile("ci", settings.get_profile("ci"), max_examples=200)
settings.register_profile("dev", settings.get_profile("default"), deadline=None, max_examples=100)


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


settings.load_profile("ci" if running_in_ci() else "dev")


@pytest.fixture(autouse=True, scope="session")
def _no_fsync():
    """os.fsync does nothing in the test process: the window autosaves on every edit, and two
    syncs a save cost seconds over the suite. What a sync guards, the file surviving a power
    cut, cannot be observed in-process; the kill tests (test_crash_recovery.py) run the saves
    in child processes, which sync for real."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", lambda fd: None)
        yield


@pytest.fixture(autouse=True)
def _collect_between_tests():
    """Where the UI tests keep Python's automatic collection off (tests/ui/conftest.py: the
    app collects between events only), it also runs between tests, as it would have run
    during them."""
    yield
    if not gc.isenabled():
        from guiad.ui.window.app import collect_between_events

        collect_between_events().check()
