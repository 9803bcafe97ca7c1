"""Local partials past float64's range, worked out again in extended precision.

A partial alone may over- or underflow while its products in the chain rule are ordinary
numbers: 1/σ(u) at u = −253.43 has ∂²/∂u² = 2y³ ≈ 3e330, times u̇² ≈ 7e-221 (f″ ≈ 1.16e110);
pow's v(v−1)·u^(v−2) is ≈ −1e-351 for exp(x)^(0.5^x) at 300, times u̇² ≈ 4e260, and
dropping it to 0 made f″ 7.06e-89 where it is 7.01e-89; log′ = 1/u at u = 5e-324 is 2e323,
times the adjoint 0 that relu(log(x)) sends back (f′ is exactly 0, not 0·∞).

The engine runs its passes in float64, then finds the points where that happened (a result
undefined though f is defined, or a second partial that came out 0) and runs the passes
again at just those points with the partials in ``np.longdouble`` (whose range reaches
~1e±4932 on x86). Where a partial there was lost (0 or ±∞ in float64, finite and nonzero
in longdouble) that point's numbers are taken from the second run, cast back to float64;
every other point keeps its float64 numbers bit for bit, whatever the chunking. Values are
never recomputed: only partials are widened. A true infinity (√u′ at 0) stays infinite.
Where longdouble is no wider than float64 nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

WIDER = np.finfo(np.longdouble).max > np.finfo(np.float64).max


def wide(args: Sequence[np.ndarray], y: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """An op's inputs and value as longdouble, for its partials' rules."""
    return [np.asarray(a, np.longdouble) for a in args], np.asarray(y, np.longdouble)


def candidates(results: Sequence[Sequence[np.ndarray]], seconds: Sequence[tuple]) -> np.ndarray:
    """Points worth a second look: f defined but a derivative result not, or a second
    partial exactly 0 (it may have underflowed)."""
    f = np.asarray(results[0][0])
    found = np.zeros(f.shape, dtype=bool)
    derivatives = [r for level in results[1:] for r in level]
    if derivatives:
        defined = np.logical_and.reduce([np.isfinite(r) for r in derivatives])
        found |= np.isfinite(f) & ~defined
    for node in seconds:
        for h in node:
            if np.ndim(h) > 0:  # (a constant partial, mul's h_uu = 0, is exact)
                found |= h == 0
    return found


def lost(narrow: Sequence[tuple], wider: Sequence[tuple], at: np.ndarray, size: int):
    """Per point of the second run: whether float64 lost any partial there (0 or not
    finite, where longdouble has it finite and nonzero). ``narrow`` and ``wider`` are the
    runs' partials (or second partials) per node; ``at`` the second run's points in the
    first, of ``size`` points."""
    found = np.zeros(at.shape, dtype=bool)
    for narrow_node, wide_node in zip(narrow, wider, strict=True):
        for h, w in zip(narrow_node, wide_node, strict=True):
            if np.ndim(h) > 0:  # (a constant partial is exact)
                h = np.broadcast_to(h, (size,))[at]
                found |= ((h == 0) | ~np.isfinite(h)) & np.isfinite(w) & (w != 0)
    return found


def merge(narrow, wider, into: np.ndarray, take: np.ndarray, size: int):
    """``narrow`` (the first run's nested lists and tuples of per-point arrays) with the
    points ``into`` replaced by the second run's points ``take`` (``size``: points in all)."""
    if isinstance(narrow, np.ndarray) and narrow.ndim >= 1 and narrow.shape[0] == size:
        out = np.array(narrow, dtype=np.float64, copy=True)
        out[into] = np.asarray(wider)[take]  # longdouble past float64's range: ±∞
        return out
    if isinstance(narrow, (list, tuple)):
        return type(narrow)(
            merge(a, b, into, take, size) for a, b in zip(narrow, wider, strict=True)
        )
    return narrow


def rerun(run: Callable, point: Sequence[np.ndarray], first):
    """``first`` = ``run(point, False)``, with the points where float64 lost a partial taken
    from ``run(those points, True)``. ``run`` returns ``(results, partials, seconds, ...)``:
    results by level (f first), then every node's partials and second partials."""
    if not WIDER:
        return first
    results, partials, seconds = first[0], first[1], first[2]
    at = np.flatnonzero(candidates(results, seconds))
    if not at.size:
        return first
    second = run([p[at] for p in point], True)
    size = point[0].size
    keep = lost(partials, second[1], at, size) | lost(seconds, second[2], at, size)
    if not keep.any():
        return first
    return merge(first, second, at[keep], np.flatnonzero(keep), size)
