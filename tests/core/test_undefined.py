"""Undefined points become NaN with a reason naming the node, and nothing ever warns.

Every test here runs with warnings turned into errors (also the suite's default), so a
RuntimeWarning leaking out of numpy would fail it.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from guiad.core import evaluate, parse, trace, value_and_grad
from guiad.core.engine import FIRST, VALUE


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        before = np.geterr()
        yield
        assert np.geterr() == before  # errstate was restored


# (expression, x, node that fails, words of the reason)
UNDEFINED = [
    ("log(x)", -1.0, 1, "log of a number ≤ 0"),
    ("log(x)", 0.0, 1, "log of a number ≤ 0"),
    ("sqrt(x)", -4.0, 1, "square root of a negative"),
    ("1/x", 0.0, 1, "division by zero"),
    ("sin(x)/x", 0.0, 2, "division by zero"),
    ("exp(x)", 1000.0, 1, "overflow"),
    ("exp(exp(x))", 7.0, 2, "overflow"),
    ("arcsin(x)", 2.0, 1, "outside [−1, 1]"),
    ("arccos(x)", -3.0, 1, "outside [−1, 1]"),
    ("log1p(x)", -2.0, 1, "≤ −1"),
    ("x^0.5", -1.0, 1, "negative base"),
    ("x^x", -2.0, 1, "negative base"),
    ("log(log(x))", 0.5, 2, "log of a number ≤ 0"),  # log(0.5) < 0: the second log fails
    ("log(log(x))", -1.0, 1, "log of a number ≤ 0"),  # the first failing node is named
]


@pytest.mark.parametrize(("expr", "x", "node", "words"), UNDEFINED)
def test_trace_gives_nan_and_a_reason_naming_the_node(expr, x, node, words):
    t = trace(parse(expr), x)
    assert math.isnan(float(t.f))
    assert math.isnan(float(t.df))
    assert math.isnan(float(t.d2f))
    failure = t.failure()
    assert failure is not None
    assert failure.node == node
    assert failure.level == VALUE
    assert words in failure.message
    op = parse(expr).nodes[node].op
    assert failure.message.startswith(f"{op} (v{node})")


@pytest.mark.parametrize(("expr", "x", "node", "words"), UNDEFINED)
def test_evaluate_marks_only_the_undefined_points(expr, x, node, words):
    good = 3.0 if expr.startswith("log(log") else 0.7  # a point where expr is defined
    result = evaluate(parse(expr), np.array([good, x, good]))
    for values in (result.f, result.df, result.d2f):
        assert math.isnan(values[1])
        assert np.isfinite(values[[0, 2]]).all()
    assert result.failure(0) is None
    assert result.failure(2) is None
    assert words in result.failure(1).message
    assert result.failure(1).node == node


def test_value_and_grad_returns_nan_for_an_undefined_point():
    f, df = value_and_grad("log(x)", -1.0)
    assert math.isnan(f)
    assert math.isnan(df)
    fs, dfs = value_and_grad("log(x)", np.array([-1.0, math.e]))
    assert math.isnan(fs[0])
    assert fs[1] == pytest.approx(1.0)
    assert dfs[1] == pytest.approx(1 / math.e)


@pytest.mark.parametrize(("expr", "x"), [("sqrt(x)", 0.0), ("arcsin(x)", 1.0), ("x^0.5", 0.0)])
def test_a_defined_value_with_an_infinite_slope_keeps_f(expr, x):
    t = trace(parse(expr), x)
    assert math.isfinite(float(t.f))
    assert math.isnan(float(t.df))
    assert t.failure().level == FIRST
    assert "derivative" in t.failure().message


def test_one_range_with_several_reasons():
    x = np.array([-1.0, 0.0, 0.5, 2.0, 4.0])
    result = evaluate(parse("sqrt(x) + log(x - 1)"), x)
    assert np.isnan(result.f[:3]).all()
    assert np.isfinite(result.f[3:]).all()
    messages = {result.failure(i).message for i in range(3)}
    assert any("square root" in m for m in messages)
    assert any("log" in m for m in messages)
    assert len(result.reasons) == len(messages)


def test_overflow_of_the_derivative_alone_is_reported():
    # f = exp(x²/2)·… stays finite where its derivative overflows first
    x = 37.6  # exp(x²/2) ≈ 1e307, f′ = x·f overflows
    t = trace(parse("exp(x^2/2)"), x)
    assert math.isfinite(float(t.f))
    assert math.isnan(float(t.df))
    assert t.failure().level == FIRST


def test_no_warning_from_a_range_full_of_bad_points():
    x = np.linspace(-5, 5, 1001)
    result = evaluate(parse("log(x)*sqrt(x)/x + arcsin(x) + exp(exp(x))"), x, chunk_size=64)
    assert np.isnan(result.f).sum() > 0
    assert all(result.failure(i) is not None for i in np.flatnonzero(np.isnan(result.f)))
