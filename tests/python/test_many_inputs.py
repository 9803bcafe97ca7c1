"""jvp and vjp at numbers for functions of 5 to 8 inputs (they needed f's inputs plus one
more per tangent or cotangent, at most 8 in all: a function of 5 inputs was refused)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import guiad
from guiad.core.tracing import TracingError

POINT = (0.3, -1.2, 0.7, 2.0, -0.4, 1.1)
TANGENT = (1.0, -0.5, 2.0, 0.25, -1.5, 0.0)  # one zero: the input is not moved


def six(a, b, c, d, e, g):
    return a * b + guiad.sin(c) * d - guiad.exp(e * g), guiad.tanh(a + g) * c


def _jacobian(a, b, c, d, e, g) -> np.ndarray:
    """Both outputs' partials, in closed form."""
    sech2 = 1 / math.cosh(a + g) ** 2
    first = [b, a, math.cos(c) * d, math.sin(c), -g * math.exp(e * g), -e * math.exp(e * g)]
    second = [sech2 * c, 0.0, math.tanh(a + g), 0.0, 0.0, sech2 * c]
    return np.array([first, second])


def test_jvp_of_six_inputs_is_the_jacobian_times_the_tangent():
    out, tangent_out = guiad.jvp(six, POINT, TANGENT)
    assert out == pytest.approx(six(*POINT), rel=1e-15)
    np.testing.assert_allclose(tangent_out, _jacobian(*POINT) @ TANGENT, rtol=1e-14)


def test_vjp_of_six_inputs_is_the_cotangent_times_the_jacobian():
    out, vjp_fn = guiad.vjp(six, *POINT)
    bars = vjp_fn((2.0, -3.0))
    np.testing.assert_allclose(bars, np.array([2.0, -3.0]) @ _jacobian(*POINT), rtol=1e-14)

    def first(a, b, c, d, e, g):
        return six(a, b, c, d, e, g)[0]

    # ȳ = (1, 0): the first output's gradient, digit for digit
    assert vjp_fn((1.0, 0.0)) == guiad.grad(first, argnums=tuple(range(6)))(*POINT)


def test_eight_inputs_by_both_modes_agree_with_the_jacobian():
    def eight(a, b, c, d, e, g, h, k):
        v = (a, b, c, d, e, g, h, k)
        total = a
        for n in range(1, 8):
            total = total + guiad.sin(v[n] * n) * v[n - 1]
        return total

    point = tuple(0.1 * k - 0.3 for k in range(8))
    jac = np.asarray(guiad.jacobian(eight)(*point)).reshape(-1)
    ones = (1.0,) * 8
    assert guiad.jvp(eight, point, ones)[1] == pytest.approx(jac.sum(), rel=1e-13)
    np.testing.assert_allclose(guiad.vjp(eight, *point)[1](1.0), jac, rtol=1e-14)


def test_array_tangents_of_five_inputs_say_what_to_pass():
    xs = np.linspace(0.0, 1.0, 3)
    with pytest.raises(TracingError, match="numbers as seeds need none"):
        guiad.jvp(lambda a, b, c, d, e: a * b * c * d * e, (xs,) * 5, (xs,) * 5)
