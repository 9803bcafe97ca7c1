"""Python functions traced into graphs: the same graphs, values and errors as typed text."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given

import guiad
from guiad.core.engine import value_and_grad as graph_value_and_grad
from guiad.core.expression import parse, to_expression
from guiad.core.ops import OPS
from guiad.core.tracing import TracingError, graph_of
from tests.core.test_properties import canonical_graphs

g = guiad  # the op functions, as a user reaches them: g.sin, g.exp, …


# (the function as a user writes it, the same computation typed as text)
WRITTEN_BOTH_WAYS = [
    (lambda x: g.exp(g.sin(g.sin(x))), "exp(sin(sin(x)))"),
    (lambda x: x * g.sin(x), "x*sin(x)"),
    (lambda x: g.sigmoid(g.softplus(x)), "sigmoid(softplus(x))"),
    (lambda x: g.log(g.sin(x)), "log(sin(x))"),
    (lambda x: 2 * x**3 - 1, "2*x^3 - 1"),
    (lambda x: 1 / (1 + g.exp(-x)), "1/(1 + exp(-x))"),
    (lambda x: 2 - x / 4, "2 - x/4"),
    (lambda x: 2**x + x**x, "2^x + x^x"),
    (lambda x: -abs(x) + (+x), "-abs(x) + x"),
    (lambda x: g.scale(x, 3.0) + g.power(x, -2), "scale(x, 3) + power(x, -2)"),
    (lambda x: g.mul(x, 2.0), "x*2"),
    (lambda x: np.float64(2.0) * x, "2*x"),
    (lambda x: 3.0, "3"),
    (lambda x: x, "x"),
    (
        lambda x: g.cos(g.tanh(g.arctan(g.sin(g.log1p(g.square(g.cos(g.tanh(g.exp(g.sin(x)))))))))),
        "cos(tanh(arctan(sin(log1p(square(cos(tanh(exp(sin(x))))))))))",
    ),
]


@pytest.mark.parametrize(
    ("function", "text"), WRITTEN_BOTH_WAYS, ids=[t for _, t in WRITTEN_BOTH_WAYS]
)
def test_a_traced_function_is_the_graph_of_its_text(function, text):
    assert graph_of(function) == parse(text)


@pytest.mark.parametrize(
    ("function", "text"), WRITTEN_BOTH_WAYS, ids=[t for _, t in WRITTEN_BOTH_WAYS]
)
def test_traced_values_and_derivatives_equal_the_string_path_bit_for_bit(function, text):
    xs = np.linspace(0.1, 3.0, 7)
    f_traced, df_traced = guiad.value_and_grad(function, xs)
    f_text, df_text = graph_value_and_grad(text, xs)
    np.testing.assert_array_equal(f_traced, f_text)
    np.testing.assert_array_equal(df_traced, df_text)


def test_the_seed_written_in_python_gives_the_blog_posts_digits():
    f, df = guiad.value_and_grad(lambda x: guiad.exp(guiad.sin(guiad.sin(x))), 2.0)
    assert (f, df) == (2.2013533791690376, -0.562752038662712)


def _python_function(text: str):
    """The printed expression as Python source (test-only; guiad itself never evals)."""
    names = {name: getattr(guiad, name) for name in OPS}
    return eval("lambda x: " + text.replace("^", "**"), {"__builtins__": {}, **names})  # noqa: S307


@given(canonical_graphs())
def test_generated_expressions_trace_to_the_graphs_they_print_from(graph):
    text = to_expression(graph)
    assert graph_of(_python_function(text)) == parse(text)


def test_unused_intermediate_values_are_not_part_of_the_graph():
    def f(x):
        unused = g.exp(x)  # noqa: F841 (computed and dropped on purpose)
        y = g.sin(x)
        g.cos(y)
        return y * 2

    assert graph_of(f) == parse("2*sin(x)")


def test_a_value_used_twice_is_one_node_read_twice():
    def f(x):
        s = g.sin(x)
        return s * s

    graph = graph_of(f)
    assert [node.op for node in graph.nodes] == ["x", "sin", "mul"]
    assert graph.nodes[2].inputs == (1, 1)
    f_value, df = guiad.value_and_grad(f, 0.7)
    assert f_value == pytest.approx(math.sin(0.7) ** 2, rel=1e-15)
    assert df == pytest.approx(2 * math.sin(0.7) * math.cos(0.7), rel=1e-15)


@pytest.mark.parametrize("name", sorted(OPS))
def test_every_op_of_the_table_is_a_guiad_function(name):
    function = getattr(guiad, name)
    assert function.__name__ == name
    assert name in guiad.__all__
    op = OPS[name]
    u = np.array([0.3, 0.6, 0.9])
    args = (u, u + 1.0) if op.arity == 2 else (u,)
    params = () if op.param is None else (op.default,)
    with np.errstate(all="ignore"):
        expected = op.value(args, op.default)
    np.testing.assert_array_equal(function(*args, *params), expected)
    traced = graph_of(lambda x: function(x, x, *params) if op.arity == 2 else function(x, *params))
    assert name in [node.op for node in traced.nodes]


def test_op_functions_work_on_plain_numbers_like_numpys():
    assert guiad.sin(2.0) == np.sin(2.0)
    assert guiad.exp(1) == np.exp(1.0)
    np.testing.assert_array_equal(guiad.tanh(np.linspace(-3, 3, 9)), np.tanh(np.linspace(-3, 3, 9)))


def _message(function) -> str:
    with pytest.raises(TracingError) as info:
        graph_of(function)
    return str(info.value)


def test_branching_on_a_traced_value_names_the_line():
    def branches(x):
        if x > 0:
            return x
        return -x

    message = _message(branches)
    assert "compares a traced value" in message
    assert "in branches: if x > 0:" in message
    assert "test_tracing.py" in message


def test_truth_of_a_traced_value_is_refused():
    def truthy(x):
        return g.sin(x) or x

    assert "branches on a traced value" in _message(truthy)


def test_math_functions_are_named_in_the_error():
    def uses_math(x):
        return math.sin(x) + 1

    message = _message(uses_math)
    assert "math.sin()" in message
    assert "return math.sin(x) + 1" in message


def test_numpys_own_functions_are_named_and_guiads_suggested():
    message = _message(lambda x: np.sin(x))
    assert "np.sin" in message
    assert "use guiad.sin" in message


@pytest.mark.parametrize(
    ("function", "says"),
    [
        (lambda: 1.0, "takes no input"),
        (lambda _a, b: _a + b, "'_a' cannot be an input name"),
        (lambda a, b, c, d, f, g, h, i, j: a, "takes 9 inputs; at most 8"),
        (lambda x: "text", "returned str, not a number"),
        (lambda x: x / 0, "division by the constant 0"),
        (lambda x: x + math.inf, "not finite"),
        (lambda x: g.scale(x, x), "the a of scale must be a constant"),
        (42, "expected a function"),
    ],
)
def test_wrong_functions_get_the_documented_errors(function, says):
    assert says in _message(function)


def test_a_function_with_a_default_second_argument_is_traced():
    def f(x, a=3.0):
        return a * x

    assert graph_of(f) == parse("3*x")


def test_graph_of_accepts_text_and_graphs_too():
    graph = parse("x*sin(x)")
    assert graph_of("x*sin(x)") == graph
    assert graph_of(graph) is graph
    assert guiad.to_expression(lambda x: x * g.sin(x)) == "x*sin(x)"


def test_trace_of_a_function_is_the_walkthroughs_data():
    t = guiad.trace(lambda x: g.exp(g.sin(g.sin(x))), 2.0)
    assert float(t.f) == 2.2013533791690376
    assert float(t.df) == -0.562752038662712


def test_a_function_of_several_inputs_gives_the_parsed_graph():
    # parameter names become the inputs, in guiad's order whatever the signature's order
    graph = graph_of(lambda y, x: x * y + guiad.sin(x))
    assert graph == parse("x*y + sin(x)")
    assert graph_of(lambda w, b, x: w * x + b) == parse("w*x + b")
    assert graph_of(lambda x, y: x).inputs == ("x", "y")  # an unused input stays an input
