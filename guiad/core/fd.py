"""Central finite differences: the independent estimate the plots' FD lab compares with."""

from __future__ import annotations

import numpy as np

from guiad.core.engine import evaluate
from guiad.core.graph import Graph


def central_difference(graph: Graph, x: float | np.ndarray, h: float) -> np.ndarray:
    """(f(x + h) − f(x − h)) / 2h at every point of ``x``: error O(h²) plus round-off O(ε/h)."""
    if not h > 0:
        raise ValueError("the step h must be positive")
    xs = np.asarray(x, dtype=np.float64)
    flat = xs.reshape(-1)
    ahead = evaluate(graph, flat + h, order=0).f
    behind = evaluate(graph, flat - h, order=0).f
    with np.errstate(all="ignore"):
        return ((ahead - behind) / (2.0 * h)).reshape(xs.shape)


def error_against_h(graph: Graph, x0: float, exact: float, steps: np.ndarray) -> np.ndarray:
    """|f′ − FD(h)| at ``x0`` for every step in ``steps``: the V of truncation and round-off."""
    hs = np.asarray(steps, dtype=np.float64)
    ahead = evaluate(graph, x0 + hs, order=0).f
    behind = evaluate(graph, x0 - hs, order=0).f
    with np.errstate(all="ignore"):
        return np.abs((ahead - behind) / (2.0 * hs) - exact)
