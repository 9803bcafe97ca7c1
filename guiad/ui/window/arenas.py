"""How many malloc arenas the app's threads share (glibc only)."""

from __future__ import annotations

import ctypes
import os
import sys

M_ARENA_MAX = -8  # glibc's mallopt parameter (malloc.h)


def limit_malloc_arenas(arenas: int = 2) -> bool:
    """Let glibc make at most ``arenas`` malloc arenas; whether it was set.

    By default each thread that allocates while another holds the lock gets an arena of its
    own (up to 8 per core). The plots' and the surface's workers allocate their arrays there,
    and an arena that keeps one live block among freed ones cannot give the freed pages back,
    even to malloc_trim: a 30-minute soak switching functions every second crept +10 MB with
    the default and stayed in a 10 MB band with 2 (docs/benchmarks.md, Reliability). A
    MALLOC_ARENA_MAX the user set is left as it is; so is any libc without mallopt."""
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    return mallopt(M_ARENA_MAX, arenas) == 1
