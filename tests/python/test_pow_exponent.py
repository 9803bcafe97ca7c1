"""∂(uᵛ)/∂v recorded in a derivative graph gives the engine's numbers, 0 at u = 0 included
(it was recorded as y·log(u): NaN there, where the engine's rule xlogy(y, u) gives 0)."""

from __future__ import annotations

import math

import numpy as np
import pytest

import guiad
from guiad.core import engine
from guiad.core.ops import OPS


def power(u, v):
    return u**v


# (u, v): u = 0 with v ≥ 1 (the engine has a gradient there), and ordinary points
POINTS = [(0.0, 1.0), (0.0, 2.0), (0.0, 3.5), (2.0, 3.0), (0.3, -1.7), (1.5, 0.25)]


def _closed_form(u: float, v: float) -> float:
    """∂(uᵛ)/∂v = uᵛ·log(u), whose limit at u = 0 is 0 for v > 0."""
    return 0.0 if u == 0 else u**v * math.log(u)


@pytest.mark.parametrize(("u", "v"), POINTS)
def test_the_exponents_partial_equals_the_engines_and_the_closed_form(u, v):
    t = engine.trace(guiad.graph_of(power), [np.float64(u), np.float64(v)])
    assert t.failure() is None or t.failure().level > 1  # the engine has a gradient here
    expected = float(t.grad[1])
    traced = guiad.grad(power, argnums=1)(u, v)  # recorded from traced inputs
    a, b = guiad.Value(u), guiad.Value(v)
    eager = guiad.grad(power, argnums=1)(a, b).value  # recorded on Values
    y = power(a, b)
    y.backward()
    derived = guiad.graph_of(guiad.grad(power, argnums=1))  # the derivative as a graph
    by_engine = float(engine.evaluate(derived, [np.float64(u), np.float64(v)], order=0).f[0])
    assert traced == eager == b.grad == by_engine == expected
    assert expected == pytest.approx(_closed_form(u, v), rel=1e-15, abs=0.0)


@pytest.mark.parametrize(("u", "v"), [(0.0, 2.0), (0.0, 3.5), (2.0, 3.0), (0.3, -1.7)])
def test_the_second_partial_in_the_exponent_is_the_engines_rule(u, v):
    """∂²(uᵛ)/∂v² = uᵛ·log²(u) (0 at u = 0), the engine's d2 rule xlogy(xlogy(y, u), u)."""
    second = guiad.grad(guiad.grad(power, argnums=1), argnums=1)(u, v)
    args = [np.array([u]), np.array([v])]
    with np.errstate(all="ignore"):  # log(0) inside the rule, as the engine runs it
        h_vv = OPS["pow"].d2(args, OPS["pow"].value(args, None), None)[2]
    assert second == float(h_vv[0])
    closed = 0.0 if u == 0 else u**v * math.log(u) ** 2
    assert second == pytest.approx(closed, rel=1e-14, abs=0.0)


def test_the_derivative_still_prints_and_reads_back():
    text = guiad.to_expression(guiad.grad(power, argnums=1))
    assert text == "u^v*log0(u)"
    assert guiad.value_and_grad(text, u=0.0, v=2.0)[0] == 0.0  # typed back in, same session
