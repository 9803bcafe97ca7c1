"""guiad.Value: eager values equal to traced ones bit for bit, .backward() as micrograd's,
its graph, its one-line repr and its notebook display."""

from __future__ import annotations

import math

import numpy as np
import pytest

import guiad
from guiad import Value
from guiad.core import engine
from guiad.core.ops import OPS
from guiad.core.tracing import TracingError

SEED = (2.2013533791690376, -0.562752038662712)


def test_the_seed_as_values():
    x = Value(2.0, name="x")
    y = guiad.exp(guiad.sin(guiad.sin(x)))
    y.backward()
    assert (y.value, x.grad) == SEED
    assert y.graph == guiad.graph_of(lambda x: guiad.exp(guiad.sin(guiad.sin(x))))
    assert repr(x) == "Value(2.0, name='x', grad=-0.562752038662712)"
    assert repr(y) == "Value(2.2013533791690376, grad=1.0)"


@pytest.mark.parametrize("name", sorted(OPS))
def test_every_op_of_the_table_on_a_value_equals_the_engine_bit_for_bit(name):
    op = OPS[name]
    function = getattr(guiad, name)
    for x0 in (0.3, 0.55, 0.9):
        x = Value(x0)
        params = () if op.param is None else (op.default,)
        y = function(x, x * 0.5, *params) if op.arity == 2 else function(x, *params)
        t = engine.trace(y.graph, x0)
        assert y.value == float(t.values[-1])
        y.backward()
        assert x.grad == float(t.adjoints[0])


def test_operators_fold_as_the_parser_does_and_equal_the_trace():
    def f(x, y):
        return 2 * x**3 - x / 4 + 1 / (1 + guiad.exp(-y)) + 2**x + x**y - 3

    xv, yv = Value(0.7, name="x"), Value(1.3, name="y")
    out = f(xv, yv)
    assert out.graph == guiad.graph_of(f)
    t = engine.trace(out.graph, [0.7, 1.3])
    assert out.value == float(t.f)
    out.backward()
    assert (xv.grad, yv.grad) == tuple(float(g) for g in t.grad)


def test_grad_accumulates_over_fan_out_and_over_calls_as_micrograds():
    x = Value(3.0)
    s = guiad.sin(x)
    y = s * s + x  # s read twice, x read by sin and by +
    y.backward()
    expected = 2 * math.sin(3.0) * math.cos(3.0) + 1
    assert x.grad == pytest.approx(expected, rel=1e-15)
    assert s.grad == pytest.approx(2 * math.sin(3.0), rel=1e-15)
    y.backward()
    assert x.grad == pytest.approx(2 * expected, rel=1e-15)
    y.zero_grad()
    assert (x.grad, s.grad, y.grad) == (0.0, 0.0, 0.0)


def test_unnamed_inputs_are_named_x_y_z_in_order_and_named_ones_keep_theirs():
    a, b = Value(1.0), Value(2.0)
    assert (a * b).graph.inputs == ("x", "y")
    w = Value(1.0, name="w")
    assert (w * a + b).graph.inputs == ("x", "y", "w")
    with pytest.raises(TracingError, match="both named 'q'"):
        _ = (Value(1.0, name="q") + Value(2.0, name="q")).graph


def test_arrays_broadcast():
    x = Value(np.array([0.5, 1.0, 2.0]))
    y = x * guiad.log(x)
    np.testing.assert_array_equal(y.value, np.array([0.5, 1.0, 2.0]) * np.log([0.5, 1.0, 2.0]))
    y.backward()
    np.testing.assert_allclose(x.grad, np.log([0.5, 1.0, 2.0]) + 1, rtol=1e-15)
    assert "array of shape (3,)" in repr(y)


def test_transforms_take_values_and_give_values_that_differentiate_again():
    x = Value(2.0)
    df = guiad.grad(lambda t: guiad.exp(guiad.sin(guiad.sin(t))))(x)
    assert isinstance(df, Value)
    assert df.value == SEED[1]
    df.backward()
    assert x.grad == guiad.grad(guiad.grad(lambda t: guiad.exp(guiad.sin(guiad.sin(t)))))(2.0)


def test_a_value_shows_its_trace_in_a_notebook():
    y = guiad.exp(guiad.sin(guiad.sin(Value(2.0))))
    assert y.trace().graph == y.graph
    html = y._repr_html_()
    assert "<svg" in html
    assert "f(2) = 2.201353379" in html
    assert y._repr_png_()[0].startswith(b"\x89PNG")


def test_entry_points_take_a_value_as_its_graph():
    y = Value(2.0) * guiad.sin(Value(3.0))
    assert guiad.to_expression(y) == "x*sin(y)"
    assert guiad.value_and_grad(y, x=2.0, y=3.0)[0] == y.value


@pytest.mark.parametrize(
    ("use", "words"),
    [
        (lambda v: bool(v), "branches on a guiad.Value"),
        (lambda v: v > 0, "compares a guiad.Value"),
        (lambda v: int(v), "int() or an index was asked of a guiad.Value"),
        (lambda v: round(v), "round() was called on a guiad.Value"),
        (lambda v: math.sin(v), "math.sin(), which guiad does not know"),
        (lambda v: np.sin(v), "np.sin cannot take a guiad.Value; use guiad.sin"),
    ],
)
def test_what_a_value_cannot_do_says_why(use, words):
    with pytest.raises(TracingError) as info:
        use(Value(1.0))
    assert words in str(info.value)
    assert "(its number is .value)" in str(info.value) or "np." in words
