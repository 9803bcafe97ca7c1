"""Central finite differences: close to closed-form derivatives, with the textbook error
behaviour (O(h²) truncation for moderate h, round-off growing like ε/h for tiny h)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from guiad.core import parse
from guiad.core.fd import central_difference, error_against_h


def test_central_difference_matches_the_closed_form():
    x = np.array([-1.0, 0.3, 2.0])
    fd = central_difference(parse("x*sin(x)"), x, 1e-5)
    exact = np.sin(x) + x * np.cos(x)
    np.testing.assert_allclose(fd, exact, rtol=1e-9, atol=1e-10)


def test_central_difference_keeps_the_shape_and_accepts_a_float():
    fd = central_difference(parse("exp(x)"), 0.5, 1e-6)
    assert np.shape(fd) == ()
    assert math.isclose(float(fd), math.exp(0.5), rel_tol=1e-9)
    grid = np.linspace(0, 1, 6).reshape(2, 3)
    assert central_difference(parse("x^2"), grid, 1e-4).shape == (2, 3)


def test_truncation_error_shrinks_like_h_squared():
    exact = math.cos(1.0)
    errors = error_against_h(parse("sin(x)"), 1.0, exact, np.array([1e-1, 1e-2]))
    # error ≈ h²/6 · |sin'''| : ten times smaller h, a hundred times smaller error
    assert errors[0] == pytest.approx(1e-2 / 6 * math.cos(1.0), rel=1e-2)
    assert errors[0] / errors[1] == pytest.approx(100.0, rel=2e-2)


def test_round_off_dominates_for_tiny_steps():
    exact = math.exp(1.0)
    errors = error_against_h(parse("exp(x)"), 1.0, exact, np.array([1e-5, 1e-13]))
    assert errors[1] > 10 * errors[0]  # the right side of the V


def test_undefined_points_give_nan_without_warnings():
    fd = central_difference(parse("log(x)"), np.array([-1.0, 0.0, 1.0]), 1e-6)
    assert np.isnan(fd[:2]).all()
    assert math.isclose(fd[2], 1.0, rel_tol=1e-8)


@pytest.mark.parametrize("h", [0.0, -1e-3, float("nan")])
def test_the_step_must_be_positive(h):
    with pytest.raises(ValueError, match="positive"):
        central_difference(parse("x"), 1.0, h)
