"""The Hessian by forward-over-reverse, against closed forms, differences of the gradient
and, with one input, the engine's own f″ (forward over forward) and the seed's closed form."""

from decimal import Decimal, getcontext

import numpy as np
import pytest

from guiad.core.engine import evaluate, hessian, trace
from guiad.core.expression import parse

CASES = [
    ("x*y + sin(x)", (1.0, 2.0), lambda x, y: [[-np.sin(x), 1.0], [1.0, 0.0]]),
    ("x^2 - y^2", (0.3, 0.9), lambda x, y: [[2.0, 0.0], [0.0, -2.0]]),
    (
        "(1 - x)^2 + 100*(y - x^2)^2",
        (-0.5, 1.5),
        lambda x, y: [[2 - 400 * y + 1200 * x * x, -400 * x], [-400 * x, 200.0]],
    ),
    (
        "exp(x*y)",
        (0.5, -0.7),
        lambda x, y: np.exp(x * y) * np.array([[y * y, 1 + x * y], [1 + x * y, x * x]]),
    ),
]


@pytest.mark.parametrize(("text", "point", "closed"), CASES)
def test_hessian_matches_the_closed_form(text, point, closed):
    np.testing.assert_allclose(
        hessian(parse(text), list(point)), closed(*point), rtol=1e-13, atol=1e-13
    )


@pytest.mark.parametrize(
    "text", ["x*y + sin(x)*cos(z)", "log(1 + exp(-(w*x + b)))", "x^y + tanh(x - y)"]
)
def test_hessian_is_the_difference_quotient_of_the_gradient_and_symmetric(text):
    graph = parse(text)
    n = graph.n_inputs
    point = [0.7, 1.3, -0.4][:n]
    h = hessian(graph, point)
    np.testing.assert_allclose(h, h.T, rtol=1e-12, atol=1e-12)
    step = 1e-5
    for k in range(n):
        up, down = list(point), list(point)
        up[k] += step
        down[k] -= step
        column = (np.array(trace(graph, up).grad) - np.array(trace(graph, down).grad)) / (2 * step)
        np.testing.assert_allclose(h[:, k], column, rtol=1e-6, atol=1e-7)


def test_one_input_hessian_is_f_second():
    x0 = 2.0
    h = hessian(parse("exp(sin(sin(x)))"), x0)
    # closed form: f = e^{sin(sin x)},
    # f″ = f·((cos(sin x)cos x)² − sin(sin x)cos²x − cos(sin x) sin x)
    s, c = np.sin(x0), np.cos(x0)
    f = np.exp(np.sin(s))
    closed = f * ((np.cos(s) * c) ** 2 - np.sin(s) * c * c - np.cos(s) * s)
    assert h.shape == (1, 1)
    assert h[0, 0] == pytest.approx(closed, rel=1e-14)
    assert h[0, 0] == pytest.approx(float(trace(parse("exp(sin(sin(x)))"), x0).d2f), rel=1e-15)


def test_hessian_over_arrays_has_one_matrix_per_point():
    xs = np.linspace(-1, 1, 5)
    h = hessian(parse("x*y + sin(x)"), [xs, 2.0])
    assert h.shape == (5, 2, 2)
    np.testing.assert_allclose(h[:, 0, 0], -np.sin(xs), rtol=1e-14)


def test_hessian_is_nan_where_undefined():
    assert np.isnan(hessian(parse("log(x) + y"), [-1.0, 1.0])).all()  # no f: nothing


@pytest.mark.parametrize(
    ("text", "point", "expected"),
    [
        # f = √x·y: ∂²f/∂y² = 0 everywhere; the entries through ∂/∂x meet 1/(2√x) at 0
        ("sqrt(x)*y", [0.0, 1.0], [[np.nan, np.nan], [np.nan, 0.0]]),
        # f = x^1.5·y + y²: f_xx = 0.75·y/√x is infinite at 0, f_xy = 1.5√x = 0, f_yy = 2
        ("x^1.5*y + y^2", [0.0, 1.0], [[np.nan, 0.0], [0.0, 2.0]]),
        ("sqrt(x) + y^3", [0.0, 2.0], [[np.nan, np.nan], [np.nan, 12.0]]),
    ],
)
def test_one_undefined_entry_leaves_the_others(text, point, expected):
    """Issue 22 item 3: the whole matrix was blanked (the gradient is masked per component)."""
    np.testing.assert_array_equal(hessian(parse(text), point), expected)


def _decimal_reference():
    """f″ of the issue's two cases in 50-digit decimal arithmetic (closed forms)."""
    getcontext().prec = 50
    x = Decimal("-253.43")
    sigmoid_case = (-x).exp()  # 1/σ(x) = 1 + e^(−x), so f″ = e^(−x)
    x = Decimal(300)
    ln2 = Decimal(2).ln()
    two = Decimal(2) ** -x  # 0.5^x, exactly
    g = x * two  # exp(x)^(0.5^x) = e^g
    g1 = two * (1 - x * ln2)
    g2 = -ln2 * two * (2 - x * ln2)
    pow_case = g.exp() * (g2 + g1 * g1)
    return float(sigmoid_case), float(pow_case)


@pytest.mark.parametrize(
    ("text", "x0", "which"), [("1/sigmoid(x)", -253.43, 0), ("exp(x)^(0.5^x)", 300.0, 1)]
)
def test_a_second_partial_past_float64s_range_still_gives_f2(text, x0, which):
    """Issue 22 item 3: 1/σ(x)'s rule 2y³ overflowed (f″ null, exact 1.16e110); pow's
    v(v−1)·u^(v−2) underflowed to 0 (7.06e-89 where the exact f″ is 7.01e-89)."""
    exact = _decimal_reference()[which]
    t = trace(parse(text), x0)
    assert t.failure() is None
    assert float(t.d2f) == pytest.approx(exact, rel=1e-12)
    assert hessian(parse(text), x0)[0, 0] == pytest.approx(exact, rel=1e-12)
    result = evaluate(parse(text), np.array([x0, 1.0]))
    assert result.d2f[0] == pytest.approx(exact, rel=1e-12)


@pytest.mark.parametrize(("text", "x0"), [("relu(-1/x)", 1e-200), ("relu(log(x))", 5e-324)])
def test_a_flat_relu_gives_an_exact_zero_derivative(text, x0):
    """Issue 22 item 3: relu′ = 0 times a partial that overflows float64 (1/x² ≈ 1e400, 1/x
    ≈ 2e323, both finite) was NaN, so f′ was null where f is flat (f = 0 for all x > 0)."""
    t = trace(parse(text), x0)
    assert t.failure() is None
    assert float(t.df) == 0.0
    assert float(t.dots[-1]) == 0.0  # forward mode agrees
    assert float(t.d2f) == 0.0
    assert evaluate(parse(text), np.array([x0])).df[0] == 0.0
    two = parse(text.replace("(x)", "(x)*y") if "log" in text else "relu(-1/x)*y")
    np.testing.assert_array_equal(hessian(two, [x0, 2.0]), [[0.0, 0.0], [0.0, 0.0]])
    assert [float(g) for g in trace(two, [x0, 2.0]).grad] == [0.0, 0.0]


def test_a_true_infinity_stays_undefined():
    # √x′ at 0 is infinite in any precision: relu(−√x) at 0 keeps its failure
    t = trace(parse("relu(-sqrt(x))"), 0.0)
    assert t.failure() is not None
    assert np.isnan(float(t.df))
