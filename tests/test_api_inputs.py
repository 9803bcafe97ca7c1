"""guiad's Python API with several inputs: named, broadcast, checked against closed forms;
the one-input form and its seed digits unchanged."""

from __future__ import annotations

import math

import numpy as np
import pytest

import guiad


def test_value_and_grad_of_several_inputs_broadcasts_like_numpy():
    xs = np.linspace(-2.0, 2.0, 5)
    ys = np.array([[0.5], [1.5], [3.0]])  # shape (3, 1) with (5,): a (3, 5) grid
    f, grad = guiad.value_and_grad("x*y + sin(x)", x=xs, y=ys)
    assert f.shape == (3, 5)
    assert list(grad) == ["x", "y"]
    np.testing.assert_allclose(f, xs * ys + np.sin(xs), rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(grad["x"], ys + np.cos(xs) + 0 * xs, rtol=1e-15)
    np.testing.assert_allclose(grad["y"], xs + 0 * ys, rtol=0, atol=0)


def test_value_and_grad_at_one_point_gives_floats():
    f, grad = guiad.value_and_grad("x*y + sin(x)", x=1.0, y=2.0)
    assert f == 2.0 + math.sin(1.0)
    assert grad == {"x": pytest.approx(2.0 + math.cos(1.0), rel=1e-15), "y": 1.0}
    assert isinstance(grad["x"], float)


def test_a_python_function_of_two_inputs_is_traced_by_its_parameter_names():
    def loss(w, b):
        return guiad.softplus(-(2 * w + b))

    f, grad = guiad.value_and_grad(loss, w=0.5, b=-0.25)
    z = -(2 * 0.5 - 0.25)
    sigma = 1 / (1 + math.exp(-z))
    assert math.isclose(f, math.log1p(math.exp(z)), rel_tol=1e-15)
    assert math.isclose(grad["w"], -2 * sigma, rel_tol=1e-14)
    assert math.isclose(grad["b"], -sigma, rel_tol=1e-14)


def test_the_one_input_form_is_unchanged():
    assert guiad.value_and_grad("exp(sin(sin(x)))", 2.0) == (
        2.2013533791690376,
        -0.562752038662712,
    )
    assert guiad.value_and_grad(lambda t: guiad.exp(guiad.sin(guiad.sin(t))), 2.0) == (
        2.2013533791690376,
        -0.562752038662712,
    )


def test_a_trace_of_several_inputs_is_named_and_prints_its_gradient():
    t = guiad.trace("x*y + sin(x)", x=1.0, y=2.0)
    assert t.graph.inputs == ("x", "y")
    assert [float(g) for g in t.grad] == [2.0 + math.cos(1.0), 1.0]
    shown = repr(t)
    assert "at x = 1.0, y = 2.0" in shown
    assert f"∇f = ({2.0 + math.cos(1.0)!r}, 1.0)" in shown
    assert repr(guiad.trace("exp(sin(sin(x)))", 2.0)).endswith(
        "f = 2.2013533791690376, f′ = -0.562752038662712>"
    )


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: guiad.value_and_grad("x*y", x=1.0), "missing y"),
        (lambda: guiad.value_and_grad("x*y", x=1.0, y=2.0, z=3.0), "unknown z"),
        (lambda: guiad.trace("x*y", x=1.0), "missing y"),
        (lambda: guiad.trace("x*y", x=1.0, y=2.0, q=0.0), "unknown q"),
    ],
)
def test_a_missing_or_unknown_input_is_named(call, words):
    with pytest.raises(ValueError, match=words):
        call()
