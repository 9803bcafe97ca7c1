"""The Hessian by forward-over-reverse, against closed forms, differences of the gradient
and, with one input, the engine's own f″ (forward over forward) and the seed's closed form."""

import numpy as np
import pytest

from guiad.core.engine import hessian, trace
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
    assert np.isnan(hessian(parse("sqrt(x)*y"), [0.0, 1.0])).all()
    assert np.isnan(hessian(parse("log(x) + y"), [-1.0, 1.0])).all()
