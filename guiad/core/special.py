"""Vectorised special functions the op table needs and numpy lacks: sigmoid and erf.

``sigmoid`` keeps full relative accuracy for every u (0.5·tanh(u/2) + 0.5 does not: it
rounds to 0 below u ≈ −38). ``erf`` is piecewise Chebyshev, fitted when this module is
imported to the standard library's correctly rounded ``math.erf``/``math.erfc`` (so there
are no magic coefficients to copy wrong): within a few ulps of ``math.erf`` everywhere, and
odd, so erf(−u) = −erf(u) exactly.
"""

from __future__ import annotations

import functools
import math

import numpy as np

Array = np.ndarray


def sigmoid(u: Array) -> Array:
    """1/(1 + exp(−u)) without overflow, and without cancellation on either side.

    Written with ``np.real`` for the branch so it stays analytic for a complex u (the
    tests' complex-step derivative).
    """
    negative = np.real(u) < 0
    e = np.exp(np.where(negative, u, -u))  # exp(−|u|): never overflows
    return np.where(negative, e / (1.0 + e), 1.0 / (1.0 + e))


def _chebyshev_fit(f, a: float, b: float, degree: int) -> np.ndarray:
    """Coefficients of the interpolant of ``f`` at Chebyshev points of [a, b]."""
    from numpy.polynomial import chebyshev

    k = np.arange(degree + 1)
    t = np.cos(np.pi * (k + 0.5) / (degree + 1))
    return chebyshev.chebfit(t, [f(0.5 * (b - a) * tk + 0.5 * (b + a)) for tk in t], degree)


def _erf_over_u(t: float) -> float:
    """erf(√t)/√t: smooth in t = u², so the fit keeps erf's relative accuracy near 0."""
    return math.erf(math.sqrt(t)) / math.sqrt(t) if t > 0 else 2.0 / math.sqrt(math.pi)


def _erfcx(u: float) -> float:
    """exp(u²)·erfc(u): slowly varying, so erf = 1 − exp(−u²)·erfcx(u) fits well."""
    return math.erfc(u) * math.exp(u * u)


SMALL, MIDDLE, LARGE = 0.75, 2.5, 6.0  # above LARGE, erf(u) rounds to 1


@functools.cache
def _fits() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The three fits, made on first use (not at import: the window's start-up pays
    numpy.polynomial's import and the fits only when erf is used)."""
    return (
        _chebyshev_fit(_erf_over_u, 0.0, SMALL * SMALL, 12),
        _chebyshev_fit(_erfcx, SMALL, MIDDLE, 20),
        _chebyshev_fit(_erfcx, MIDDLE, LARGE, 16),
    )


def erf(u: Array) -> Array:
    """The error function 2/√π ∫₀ᵘ exp(−t²) dt, vectorised (NaN stays NaN)."""
    from numpy.polynomial import chebyshev

    near_zero, middle, tail = _fits()
    u = np.asarray(u, dtype=np.float64)
    a = np.abs(u)
    out = np.ones_like(a)  # |u| ≥ LARGE, and ±inf
    out[np.isnan(a)] = np.nan
    near = a < SMALL
    s = a[near]
    out[near] = s * chebyshev.chebval(2.0 * (s * s) / (SMALL * SMALL) - 1.0, near_zero)
    for lo, hi, coefficients in ((SMALL, MIDDLE, middle), (MIDDLE, LARGE, tail)):
        inside = (a >= lo) & (a < hi)
        s = a[inside]
        t = (2.0 * s - (lo + hi)) / (hi - lo)
        out[inside] = 1.0 - np.exp(-s * s) * chebyshev.chebval(t, coefficients)
    return np.copysign(out, u)
