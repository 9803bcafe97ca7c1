"""A point's failure is its most basic one, whatever order of derivative was asked for.

Found by the GUI monkey test: in tanh(log(x^1.5)) at x = 0 the power node's second derivative
is infinite (0.75·x^−0.5) before log(0) makes the value itself undefined. The diagnosis kept
the first failing node, so evaluate(order=2) and trace() showed f = −1 (tanh(−∞)) with a
note about f″, while evaluate(order=1) said f is undefined: the plot of f depended on
whether f″ was computed.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from guiad.core import evaluate, parse, trace
from guiad.core.engine import VALUE

TEXT = "tanh(log(x^1.5))"
LOG_NODE = 2


@pytest.mark.parametrize("order", [1, 2])
def test_f_is_undefined_where_an_inner_log_is(order):
    result = evaluate(parse(TEXT), np.array([0.0, 0.5]), order=order)
    assert math.isnan(result.f[0])
    assert math.isnan(result.df[0])
    assert result.f[1] == pytest.approx(math.tanh(1.5 * math.log(0.5)), rel=1e-14)


def test_the_trace_blames_the_log_not_the_second_derivative():
    failure = trace(parse(TEXT), 0.0).failure()
    assert failure is not None
    assert (failure.node, failure.level) == (LOG_NODE, VALUE)
    assert "log" in failure.message


def test_an_overflowing_second_derivative_leaves_f_and_f_prime_defined():
    # f = exp(exp(x)): f′ = f·eˣ, f″ = f·eˣ·(eˣ + 1). Where f ≈ 1e305 and eˣ ≈ 702, f′ ≈ 7e307
    # still fits a float but f″ ≈ 5e310 does not, and no single node is to blame.
    x = math.log(math.log(1e305))
    result = evaluate(parse("exp(exp(x))"), np.array([x]), order=2)
    f = math.exp(math.exp(x))
    assert result.f[0] == pytest.approx(f, rel=1e-12)
    assert result.df[0] == pytest.approx(f * math.exp(x), rel=1e-12)
    assert math.isnan(result.d2f[0])
    failure = result.failure(0)
    assert failure is not None
    assert "second derivative" in failure.message
