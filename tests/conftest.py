"""Test-wide setup: no screen needed, and hypothesis settings for CI."""

import os

# Plain `pytest` must work with no display: Qt's offscreen platform, set before Qt loads.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hypothesis import settings  # noqa: E402

settings.register_profile("ci", deadline=None, max_examples=200)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
