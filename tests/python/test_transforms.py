"""grad, value_and_grad, jvp, vjp, hessian and jacobian on random functions of 1-4 inputs and
1-3 outputs: against central differences and jax (float64, tests/python/data), against each
other, and against the engine's own digits bit for bit."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

import guiad
from guiad.core import engine
from guiad.core.expression import parse
from guiad.core.ops import OPS
from tests.python.random_functions import case

SEEDS = range(48)
JAX = Path(__file__).parent / "data" / "jax_reference.json"


def function_of(names, texts):
    """The outputs' texts as a Python function of guiad's ops (test-only eval of our own
    generated text, as tests/core/test_tracing.py does)."""
    body = texts[0] if len(texts) == 1 else f"({', '.join(texts)},)"
    namespace = {"__builtins__": {}} | {name: getattr(guiad, name) for name in OPS}
    return eval(f"lambda {', '.join(names)}: {body}", namespace)  # noqa: S307


def central_jacobian(f, point, h=1e-6):
    columns = []
    for k in range(len(point)):
        up, down = list(point), list(point)
        up[k] += h
        down[k] -= h
        columns.append(
            (np.atleast_1d(_numbers(f(*up))) - np.atleast_1d(_numbers(f(*down)))) / (2 * h)
        )
    return np.stack(columns, axis=-1)


def _numbers(result):
    return np.atleast_1d(np.array(result, dtype=float))


def _numeric(names, texts):
    """The same outputs computed by numpy alone, for the differences."""
    f = function_of(names, texts)
    return lambda *p: _numbers(f(*p))


@pytest.mark.parametrize("seed", SEEDS)
def test_the_jacobian_both_ways_matches_central_differences(seed):
    names, texts, point = case(seed)
    f = function_of(names, texts)
    forward = guiad.jacobian(f, mode="forward")(*point)
    reverse = guiad.jacobian(f, mode="reverse")(*point)
    assert forward.shape == reverse.shape == (len(texts), len(names))
    assert (forward.mode, forward.sweeps) == ("forward", len(names))
    assert (reverse.mode, reverse.sweeps) == ("reverse", len(texts))
    np.testing.assert_allclose(forward, reverse, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(
        forward, central_jacobian(_numeric(names, texts), point), rtol=1e-6, atol=1e-7
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_auto_picks_the_mode_with_fewer_sweeps(seed):
    names, texts, point = case(seed)
    found = guiad.jacobian(function_of(names, texts))(*point)
    assert found.mode == ("forward" if len(names) <= len(texts) else "reverse")


@pytest.mark.parametrize("seed", SEEDS)
def test_jvp_and_vjp_contract_the_jacobian(seed):
    names, texts, point = case(seed)
    f = function_of(names, texts)
    rng = np.random.default_rng(seed)
    tangents = tuple(float(t) for t in rng.normal(size=len(names)))
    cotangents = tuple(float(c) for c in rng.normal(size=len(texts)))
    matrix = np.asarray(guiad.jacobian(f)(*point))
    out, dots = guiad.jvp(f, point, tangents)
    np.testing.assert_allclose(np.atleast_1d(dots), matrix @ tangents, rtol=1e-12, atol=1e-14)
    out_v, vjp_fn = guiad.vjp(f, *point)
    assert out_v == out
    bars = vjp_fn(cotangents if len(texts) > 1 else cotangents[0])
    assert len(bars) == len(names)
    np.testing.assert_allclose(bars, np.array(cotangents) @ matrix, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_recorded_gradient_equals_the_engines_sweep_bit_for_bit(seed):
    names, texts, point = case(seed)
    graph = parse(texts[0])
    f = function_of(names, texts[:1])
    value, gradient = guiad.value_and_grad(f, *point)
    at = {n: p for n, p in zip(names, point, strict=True)}
    t = engine.trace(graph, point[0] if len(names) == 1 else list(point))
    assert value == float(t.f)
    expected = [float(g) for g in t.grad]
    assert list(np.atleast_1d(gradient)) == expected
    # the derivative as a graph (what nesting differentiates), evaluated by the engine
    recorded = guiad.grad(f, argnums=tuple(range(len(names))))(**at)
    derived = guiad.graph_of(guiad.grad(f, argnums=tuple(range(len(names)))))
    assert len(derived.outputs) == len(names)
    assert list(recorded) == expected
    # and eagerly, on Values: the same numbers again
    inputs = [guiad.Value(p, name=n) for n, p in zip(names, point, strict=True)]
    y = f(*inputs)
    assert y.value == value
    y.backward()
    assert [v.grad for v in inputs] == expected


def _jacobian_of_graph(graph, point):
    return [
        engine.evaluate(
            graph.for_output(k), point[0] if graph.n_inputs == 1 else list(point), order=0
        ).f[0]
        for k in range(len(graph.outputs))
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_hessian_is_symmetric_and_the_jacobian_of_the_gradient(seed):
    names, texts, point = case(seed)
    f = function_of(names, texts[:1])
    matrix = guiad.hessian(f)(*point)
    matrix = np.atleast_2d(matrix)
    np.testing.assert_allclose(matrix, matrix.T, rtol=1e-12, atol=1e-13)
    gradient = guiad.grad(f, argnums=tuple(range(len(names))))
    nested = np.asarray(guiad.jacobian(gradient)(*point))
    np.testing.assert_allclose(nested, matrix, rtol=1e-12, atol=1e-13)
    by_difference = central_jacobian(lambda *p: np.array(gradient(*p)), point)
    np.testing.assert_allclose(matrix, by_difference, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("seed", [s for s in SEEDS if s % 4 == 0])
def test_nesting_to_third_order_matches_differences_of_the_order_below(seed):
    names, texts, point = case(seed)
    f = function_of(names, texts[:1])
    (x0,) = point
    second, third = guiad.grad(guiad.grad(f)), guiad.grad(guiad.grad(guiad.grad(f)))
    h = 1e-5
    assert second(x0) == pytest.approx(
        (guiad.grad(f)(x0 + h) - guiad.grad(f)(x0 - h)) / (2 * h), rel=1e-6, abs=1e-7
    )
    assert third(x0) == pytest.approx(
        (second(x0 + h) - second(x0 - h)) / (2 * h), rel=1e-5, abs=1e-6
    )


@pytest.mark.parametrize(
    ("f", "x0", "derivatives"),
    [
        (guiad.sin, 0.7, (math.cos(0.7), -math.sin(0.7), -math.cos(0.7))),
        (
            lambda x: guiad.exp(2 * x),
            0.3,
            (2 * math.exp(0.6), 4 * math.exp(0.6), 8 * math.exp(0.6)),
        ),
        (lambda x: x**4, 1.5, (4 * 1.5**3, 12 * 1.5**2, 24 * 1.5)),
        (lambda x: guiad.log(x), 2.0, (0.5, -0.25, 0.25)),
        (
            lambda x: x * guiad.sin(x),
            1.0,
            (
                math.sin(1) + math.cos(1),
                2 * math.cos(1) - math.sin(1),
                -3 * math.sin(1) - math.cos(1),
            ),
        ),
    ],
)
def test_nested_grads_give_the_closed_forms(f, x0, derivatives):
    first = guiad.grad(f)
    second = guiad.grad(first)
    third = guiad.grad(second)
    found = (first(x0), second(x0), third(x0))
    assert found == pytest.approx(derivatives, rel=1e-14, abs=1e-15)


def test_the_seeds_second_derivative_by_nesting_and_by_the_engine():
    f = lambda x: guiad.exp(guiad.sin(guiad.sin(x)))  # noqa: E731
    s, c = math.sin(2.0), math.cos(2.0)
    y = math.exp(math.sin(s))
    closed = y * (math.cos(s) ** 2 * c**2 - math.sin(s) * c**2 - math.cos(s) * s)
    assert guiad.grad(guiad.grad(f))(2.0) == pytest.approx(closed, rel=1e-14)
    assert guiad.hessian(f)(2.0) == pytest.approx(closed, rel=1e-14)


def test_arrays_broadcast_and_give_arrays():
    xs = np.linspace(-1.0, 1.0, 5)
    ys = np.array([[0.5], [2.0]])
    f = lambda x, y: x * guiad.sin(y) + x**2  # noqa: E731
    dfdx = guiad.grad(f)(xs, ys)
    assert dfdx.shape == (2, 5)
    np.testing.assert_allclose(dfdx, np.sin(ys) + 2 * xs, rtol=1e-15)
    d2 = guiad.grad(guiad.grad(f))(xs, ys)
    np.testing.assert_allclose(d2, np.full((2, 5), 2.0), rtol=0)
    out, dots = guiad.jvp(f, (xs, ys), (np.ones(5), 0.0))
    np.testing.assert_allclose(dots, np.sin(ys) + 2 * xs, rtol=1e-15)
    jac = guiad.jacobian(f)(xs, ys)
    assert jac.shape == (2, 5, 1, 2)


def test_keyword_inputs_keep_their_names():
    assert guiad.value_and_grad(lambda t: guiad.sin(t), t=2.0) == (math.sin(2.0), math.cos(2.0))
    assert guiad.grad(lambda t: guiad.sin(t))(t=2.0) == math.cos(2.0)
    f, g = guiad.value_and_grad(lambda w, b: w * b + w, w=2.0, b=3.0)
    assert g == {"w": 4.0, "b": 2.0}
    assert guiad.value_and_grad(lambda w, b: w * b + w, 2.0, 3.0) == (8.0, (4.0, 2.0))
    assert guiad.grad(lambda w, b: w * b + w, argnums=1)(2.0, 3.0) == 2.0
    assert guiad.grad(lambda w, b: w * b + w, argnums=(1, 0))(2.0, b=3.0) == (2.0, 4.0)


def test_value_and_grad_without_a_point_is_the_function_jax_users_expect():
    vg = guiad.value_and_grad(lambda x: guiad.exp(guiad.sin(guiad.sin(x))))
    assert vg(2.0) == (2.2013533791690376, -0.562752038662712)
    # and it nests: value_and_grad of the derivative it returns
    assert guiad.value_and_grad(lambda x: vg(x)[1], 2.0)[1] == guiad.grad(
        guiad.grad(lambda x: guiad.exp(guiad.sin(guiad.sin(x))))
    )(2.0)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: guiad.grad(lambda x, y: (x, y)), "one output; <lambda> has 2: use guiad.jacobian"),
        (
            lambda: guiad.grad(lambda x, y: x * y, argnums=2),
            "argnums 2: <lambda> has inputs 0 to 1",
        ),
        (lambda: guiad.grad(lambda t: t)(s=1.0), "the inputs are t: unknown s"),
        (lambda: guiad.grad(lambda a, b: a)(1.0), "the inputs are a, b: missing b"),
        (lambda: guiad.grad(lambda a, b: a)(1.0, 2.0, 3.0), "takes 2 input"),
        (lambda: guiad.jvp(lambda x: x, (1.0,), (1.0, 2.0)), "one tangent per primal"),
        (lambda: guiad.jacobian(lambda x: x, mode="sideways"), "mode is 'auto'"),
        (lambda: guiad.vjp(lambda x: (x, x), 1.0)[1](1.0), "one ȳ per output"),
    ],
)
def test_wrong_calls_say_what_is_wrong(call, words):
    with pytest.raises((ValueError, TypeError)) as info:
        call()
    assert words in str(info.value)


@pytest.mark.skipif(not JAX.exists(), reason="no jax reference file")
@pytest.mark.parametrize("seed", SEEDS)
def test_against_jax_float64(seed):
    reference = json.loads(JAX.read_text())[str(seed)]
    names, texts, point = case(seed)
    assert reference["texts"] == list(texts)
    f = function_of(names, texts)
    np.testing.assert_allclose(
        np.asarray(guiad.jacobian(f)(*point)), reference["jacobian"], rtol=1e-12, atol=1e-14
    )
    first = function_of(names, texts[:1])
    np.testing.assert_allclose(
        np.atleast_2d(guiad.hessian(first)(*point)), reference["hessian"], rtol=1e-11, atol=1e-13
    )
    third = guiad.grad(guiad.grad(guiad.grad(first)))(*point)
    assert third == pytest.approx(reference["third"], rel=1e-10, abs=1e-12)


@pytest.mark.parametrize(
    ("f", "point", "expected"),
    [
        ("log(x)", (-1.0,), [[math.nan]]),  # f undefined: its tangent −1 is no derivative
        ("log(sin(x))", (-1.0,), [[math.nan]]),
        ("log(x)*y", (-1.0, 2.0), [[math.nan, math.nan]]),
        ("sqrt(x)*y", (0.0, 2.0), [[math.nan, 0.0]]),  # ∂f/∂y = √0 is defined
        (lambda x: (guiad.log(x), x * x), (-1.0,), [[math.nan], [-2.0]]),  # per output
    ],
)
def test_both_modes_say_undefined_at_the_same_entries(f, point, expected):
    """The forward-mode Jacobian read the tangents as they were: log(x) at −1 gave −1."""
    for mode in ("forward", "reverse"):
        np.testing.assert_array_equal(guiad.jacobian(f, mode=mode)(*point), expected)
