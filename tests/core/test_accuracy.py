"""Numbers a careful user checks (issue 15, items 1–4), against closed forms written with the
math module: full relative accuracy, no false "undefined", reasons that say what happened."""

from __future__ import annotations

import math

import numpy as np
import pytest

from guiad.core import evaluate, parse, trace, value_and_grad
from guiad.core.engine import FIRST, VALUE

TINY = np.finfo(np.float64).tiny  # the smallest normal float


def relative_errors(got: np.ndarray, expected: list[float]) -> np.ndarray:
    """|got − expected|/|expected| where the expected value is a normal float."""
    ref = np.array(expected)
    normal = np.abs(ref) >= TINY
    assert normal.sum() > len(ref) // 2  # the check is about something
    return np.abs(got[normal] - ref[normal]) / np.abs(ref[normal])


# ---- 1. sigmoid: full relative accuracy for every u, for f, f′ and f″ ---------------------


def sigmoid_closed_forms(u: float) -> tuple[float, float, float]:
    """σ, σ′, σ″ from e = exp(−|u|) (never overflows, no cancellation)."""
    e = math.exp(-abs(u))
    one_minus_e = -math.expm1(-abs(u))
    s = e / (1 + e) if u < 0 else 1 / (1 + e)
    s1 = e / (1 + e) ** 2
    s2 = math.copysign(e * one_minus_e / (1 + e) ** 3, -u)
    return s, s1, s2


SIGMOID_POINTS = np.concatenate([np.linspace(-700, 700, 2801), [-40.0, -38.5, -10.0, 30.0]])


def test_sigmoid_keeps_full_relative_accuracy_for_f_and_its_derivatives():
    t = trace(parse("sigmoid(x)"), SIGMOID_POINTS)
    forms = [sigmoid_closed_forms(u) for u in SIGMOID_POINTS.tolist()]
    for k, got in enumerate((t.f, t.df, t.d2f)):
        errors = relative_errors(got, [form[k] for form in forms])
        assert errors.max() <= 1e-13, ("f, f′, f″"[3 * k : 3 * k + 2], errors.max())


@pytest.mark.parametrize("x", [-36.0, -40.0, -700.0])
def test_log_of_sigmoid_far_left_is_x(x):
    # log σ(x) = x − log1p(exp(x)); far left that is x to the last digit, and the slope 1
    f, df = value_and_grad("log(sigmoid(x))", x)
    assert f == x - math.log1p(math.exp(x))
    assert df == pytest.approx(1.0 - math.exp(x) / (1.0 + math.exp(x)), rel=1e-15)


# ---- 2. tanh′ = sech², expm1′ = exp: accurate where the slope is tiny ----------------------


def test_tanh_slope_is_sech_squared_to_1e13_relative():
    xs = np.linspace(-354.0, 354.0, 3541)
    t = trace(parse("tanh(x)"), xs)
    expected = [1.0 / math.cosh(u) ** 2 for u in xs.tolist()]
    assert relative_errors(t.df, expected).max() <= 1e-13
    second = [-2.0 * math.tanh(u) / math.cosh(u) ** 2 for u in xs.tolist()]
    assert relative_errors(t.d2f, second).max() <= 1e-13


def test_expm1_slope_is_exp_to_1e13_relative():
    xs = np.linspace(-700.0, 700.0, 2801)
    t = trace(parse("expm1(x)"), xs)
    expected = [math.exp(u) for u in xs.tolist()]
    assert relative_errors(t.df, expected).max() <= 1e-13
    assert relative_errors(t.d2f, expected).max() <= 1e-13


# ---- 3. no false "undefined" where the derivative exists -----------------------------------

# (expression, x, f, f′, f″), each a closed form
EXISTING = [
    ("0^x", 0.5, 0.0, 0.0, 0.0),
    ("0^x", 3.0, 0.0, 0.0, 0.0),
    ("x^0", 0.0, 1.0, 0.0, 0.0),
    ("x^1", 0.0, 0.0, 1.0, 0.0),
    ("10^x", 307.0, 1e307, 1e307 * math.log(10), 1e307 * math.log(10) ** 2),
    ("2^x", 1020.0, 2.0**1020, 2.0**1020 * math.log(2), 2.0**1020 * math.log(2) ** 2),
    ("0.5^x", -1023.0, 2.0**1023, -(2.0**1023) * math.log(2), 2.0**1023 * math.log(2) ** 2),
]


@pytest.mark.parametrize(("expr", "x", "f", "df", "d2f"), EXISTING)
def test_a_derivative_that_exists_is_not_called_undefined(expr, x, f, df, d2f):
    t = trace(parse(expr), x)
    assert t.failure() is None, t.failure()
    assert float(t.f) == pytest.approx(f, rel=1e-15)
    assert float(t.df) == pytest.approx(df, rel=1e-14)
    assert float(t.d2f) == pytest.approx(d2f, rel=1e-14)


def test_the_plots_agree_with_the_walkthrough_there():
    result = evaluate(parse("10^x"), np.array([306.0, 307.0]))
    assert np.isfinite(result.df).all()
    assert result.failures.tolist() == [-1, -1]


# ---- 4. reasons that say what happened -----------------------------------------------------


@pytest.mark.parametrize(("expr", "x"), [("log(exp(x))", -800.0), ("log(x*x)", 1e-200)])
def test_log_of_an_intermediate_that_underflowed_says_so(expr, x):
    failure = trace(parse(expr), x).failure()
    assert failure.level == VALUE
    assert "underflowed" in failure.message
    assert "v1" in failure.message


def test_log_of_a_true_zero_keeps_the_plain_reason():
    failure = trace(parse("log(relu(x))"), -1.0).failure()
    assert "underflow" not in failure.message
    assert "log of a number ≤ 0" in failure.message


@pytest.mark.parametrize("x", [math.nan, math.inf, -math.inf])
def test_a_non_finite_input_is_named_as_such(x):
    t = trace(parse("sin(x)"), x)
    assert "x is not a finite number" in t.failure().message
    assert "overflow" not in t.failure().message
    result = evaluate(parse("sin(x)"), np.array([x, 0.5]))
    assert "not a finite number" in result.failure(0).message
    assert result.failure(1) is None


def test_a_vertical_tangent_is_named_for_cbrt_and_sqrt():
    for expr in ("cbrt(x)", "sqrt(x)"):
        failure = trace(parse(expr), 0.0).failure()
        assert failure.level == FIRST
        assert "vertical tangent" in failure.message
