"""The shipped examples of several inputs: each loads, has the inputs, ranges and point it
says, and its gradient (and Hessian, where it is a constant) matches a closed form written
here by hand, at its point and across its box."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from guiad.core import engine
from guiad.core.fileformat import load

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def softplus(z):
    return np.log1p(np.exp(z))


def logistic(b, w):
    """Loss of a logistic model p = σ(w·t + b) on the data (t, label): (2, 1), (1, 0), (0.5, 1)."""
    f = softplus(-(2 * w + b)) + softplus(b - w) + softplus(-(0.5 * w + b))
    db = -sigmoid(-(2 * w + b)) + sigmoid(b - w) - sigmoid(-(0.5 * w + b))
    dw = -2 * sigmoid(-(2 * w + b)) - sigmoid(b - w) - 0.5 * sigmoid(-(0.5 * w + b))
    return f, (db, dw)


# name: (inputs, point, f and its gradient by hand)
CASES = {
    "06-bowl-x-y": (("x", "y"), (2.0, 1.0), lambda x, y: (x**2 + 2 * y**2, (2 * x, 4 * y))),
    "07-saddle-x-y": (("x", "y"), (1.0, 0.5), lambda x, y: (x**2 - y**2, (2 * x, -2 * y))),
    "08-rosenbrock": (
        ("x", "y"),
        (-1.2, 1.0),
        lambda x, y: (
            (1 - x) ** 2 + 100 * (y - x**2) ** 2,
            (-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)),
        ),
    ),
    "09-product-4-inputs": (
        ("x", "y", "z", "w"),
        (1.0, 2.0, -1.0, 0.5),
        lambda x, y, z, w: (x * y * z * w, (y * z * w, x * z * w, x * y * w, x * y * z)),
    ),
    "10-logistic-loss": (("b", "w"), (0.0, 1.0), logistic),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_example_has_its_inputs_and_point(name):
    doc = load(EXAMPLES / f"{name}.guiad.json")
    inputs, point, _ = CASES[name]
    assert doc.graph.inputs == inputs
    assert doc.settings.point(inputs) == point
    for low, high in doc.settings.ranges(inputs):
        assert low < high


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_gradient_matches_the_closed_form_at_the_point_and_over_the_box(name):
    doc = load(EXAMPLES / f"{name}.guiad.json")
    inputs, point, by_hand = CASES[name]
    rng = np.random.default_rng(7)
    ranges = doc.settings.ranges(inputs)
    box = [rng.uniform(low, high, 200) for low, high in ranges]
    for at in (tuple(np.array([v]) for v in point), tuple(box)):
        f, grad = engine.value_and_grad(doc.graph, **dict(zip(inputs, at, strict=True)))
        f_hand, grad_hand = by_hand(*at)
        np.testing.assert_allclose(f, f_hand, rtol=1e-13, atol=1e-13)
        for name_k, g_hand in zip(inputs, grad_hand, strict=True):
            np.testing.assert_allclose(grad[name_k], g_hand, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("name", "hessian"),
    [("06-bowl-x-y", [[2.0, 0.0], [0.0, 4.0]]), ("07-saddle-x-y", [[2.0, 0.0], [0.0, -2.0]])],
)
def test_the_quadratics_have_their_constant_hessian(name, hessian):
    doc = load(EXAMPLES / f"{name}.guiad.json")
    inputs, point, _ = CASES[name]
    np.testing.assert_allclose(engine.hessian(doc.graph, point), hessian, atol=1e-15)


def test_rosenbrock_is_least_at_one_one():
    doc = load(EXAMPLES / "08-rosenbrock.guiad.json")
    f, grad = engine.value_and_grad(doc.graph, x=1.0, y=1.0)
    assert (f, grad["x"], grad["y"]) == (0.0, 0.0, 0.0)
    h = engine.hessian(doc.graph, (1.0, 1.0))
    np.testing.assert_allclose(h, [[802.0, -400.0], [-400.0, 200.0]], rtol=1e-15)
    assert math.isclose(np.linalg.det(h), 400.0, rel_tol=1e-9)  # positive definite: a minimum
