"""guiad caps glibc's malloc arenas at 2 (a soak's memory crept with one per busy thread).

Each case runs in a fresh interpreter, where no arena beyond the main one exists yet: eight
threads allocate at once, and glibc's own malloc_stats (on stderr) lists one "Arena N:"
block per arena made."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="malloc arenas are glibc's"
)

PROGRAM = """
import ctypes, sys, threading
from guiad.ui.window.arenas import limit_malloc_arenas
if sys.argv[1] == "limit":
    assert limit_malloc_arenas()
together = threading.Barrier(8)
def allocate():
    together.wait()
    blocks = [bytearray(n % 500 + 1) for n in range(20000)]
    del blocks
threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
ctypes.CDLL(None).malloc_stats()
"""


def arenas_made(case: str) -> int:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    run = subprocess.run(
        [sys.executable, "-c", PROGRAM, case], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    return sum(line.startswith("Arena ") for line in run.stderr.splitlines())


def test_eight_busy_threads_share_two_arenas_where_glibc_alone_makes_more():
    assert arenas_made("as is") > 2  # what the limit changes: glibc's default makes more
    assert 1 <= arenas_made("limit") <= 2


def test_an_arena_limit_the_user_set_is_left_alone(monkeypatch):
    from guiad.ui.window.arenas import limit_malloc_arenas

    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert not limit_malloc_arenas()
