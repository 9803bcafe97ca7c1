"""Properties over generated chains, DAGs and text (hypothesis).

- forward mode (trace dots) and reverse mode (adjoints) give the same f′;
- parse(to_expression(g)) == g for every graph the parser can produce;
- chunked, parallel evaluation equals one-shot evaluation, point for point, and a trace at
  one point (the walkthrough) shows the very numbers the range evaluation (the plots) gave;
- any text either parses or raises ParseError: no other exception, no hang.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from guiad.core import Graph, Node, evaluate, parse, to_expression, trace
from guiad.core.expression import ParseError
from guiad.core.ops import BINARY_NAMES, OPS, PARAM_NAMES, UNARY_NAMES

# Ops that are defined and smooth for every real input; with moderate parameters a
# generated graph stays finite, and the few that overflow are filtered out.
SAFE_UNARY = ["sin", "cos", "tanh", "arctan", "sigmoid", "softplus", "neg", "square", "exp"]
SAFE_BINARY = ["add", "sub", "mul"]

xs = st.floats(-2.0, 2.0, allow_nan=False)
params = st.floats(-2.0, 2.0, allow_nan=False, allow_infinity=False)


@st.composite
def chains(draw) -> Graph:
    nodes = [Node("x")]
    for _ in range(draw(st.integers(1, 12))):
        if draw(st.booleans()):
            nodes.append(Node(draw(st.sampled_from(SAFE_UNARY)), (len(nodes) - 1,)))
        else:
            op = draw(st.sampled_from(["scale", "shift"]))
            nodes.append(Node(op, (len(nodes) - 1,), draw(params)))
    return Graph(tuple(nodes))


@st.composite
def dags(draw) -> Graph:
    """Any earlier node may feed a later one, so x and other values are read many times."""
    nodes = [Node("x")]
    for _ in range(draw(st.integers(1, 12))):
        pick = st.integers(0, len(nodes) - 1)
        if draw(st.integers(0, 2)) == 0:
            nodes.append(Node(draw(st.sampled_from(SAFE_UNARY)), (draw(pick),)))
        else:
            nodes.append(Node(draw(st.sampled_from(SAFE_BINARY)), (draw(pick), draw(pick))))
    # make the output read the last node and x, so the graph is never trivially a chain
    nodes.append(Node("mul", (len(nodes) - 1, 0)))
    return Graph(tuple(nodes))


def magnitude(t) -> float:
    """Forward mode with |partials|: how large the terms of f′ are, before cancellation."""
    size = [0.0] * len(t.graph.nodes)
    size[0] = 1.0
    for i, node in enumerate(t.graph.nodes[1:], start=1):
        size[i] = sum(
            abs(float(p)) * size[j] for p, j in zip(t.partials[i], node.inputs, strict=True)
        )
    return size[-1]


def assert_modes_agree(graph: Graph, x: float) -> None:
    t = trace(graph, x)
    reverse, forward = float(t.adjoints[0]), float(t.dots[-1])
    assume(math.isfinite(float(t.values[-1])) and math.isfinite(magnitude(t)))
    tolerance = 1e-13 * len(graph.nodes) * (1.0 + magnitude(t))
    assert abs(reverse - forward) <= tolerance, (to_expression(graph), x, reverse, forward)


@given(chains(), xs)
def test_forward_and_reverse_mode_agree_on_chains(graph, x):
    assert_modes_agree(graph, x)


@given(dags(), xs)
def test_forward_and_reverse_mode_agree_on_dags(graph, x):
    assert_modes_agree(graph, x)


@given(dags(), st.floats(0.1, 1.5), st.floats(-1.0, 1.0))
def test_reverse_mode_scales_with_the_seed(graph, x, seed):
    # ȳ is linear: seeding ȳ = s gives s times the adjoints of ȳ = 1
    one, scaled = trace(graph, x), trace(graph, x, seed=seed)
    assume(math.isfinite(magnitude(one)))
    expected = float(one.adjoints[0]) * seed
    # a subnormal seed has fewer digits: each product may be off by up to one subnormal step
    tolerance = len(graph.nodes) * (1.0 + magnitude(one)) * (1e-13 * abs(seed) + math.ulp(0.0))
    assert abs(float(scaled.adjoints[0]) - expected) <= tolerance


# ---- printing round trip ---------------------------------------------------------------------

numbers = st.one_of(
    st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 3.0, math.pi, 1e20, -1e-7]),
    st.floats(allow_nan=False, allow_infinity=False),
)


@st.composite
def canonical_graphs(draw, max_depth: int = 5) -> Graph:
    """Graphs as the parser builds them: an expression tree, nodes in post-order."""
    nodes = [Node("x")]

    def build(depth: int) -> int:
        kind = draw(st.sampled_from(["x", "unary", "param", "binary"])) if depth else "x"
        if kind == "unary":
            arg = build(depth - 1)
            nodes.append(Node(draw(st.sampled_from(UNARY_NAMES)), (arg,)))
        elif kind == "param":
            arg = build(depth - 1)
            nodes.append(Node(draw(st.sampled_from(PARAM_NAMES)), (arg,), draw(numbers)))
        elif kind == "binary":
            left, right = build(depth - 1), build(depth - 1)
            nodes.append(Node(draw(st.sampled_from(BINARY_NAMES)), (left, right)))
        else:
            return 0
        return len(nodes) - 1

    build(draw(st.integers(0, max_depth)))
    return Graph(tuple(nodes))


@given(canonical_graphs())
def test_parse_of_the_printed_expression_is_the_same_graph(graph):
    text = to_expression(graph)
    assert parse(text) == graph, text


@given(canonical_graphs())
def test_the_canonical_text_is_a_fixed_point(graph):
    text = to_expression(graph)
    assert to_expression(parse(text)) == text


# ---- chunks and threads change nothing -------------------------------------------------------

points = st.lists(st.floats(-5.0, 5.0, allow_nan=False), min_size=0, max_size=120)
# a mix with undefined points (log, sqrt, division) so the failures are compared too
MIXED = ["log(x)*sin(x)", "sqrt(x - 1)/x", "exp(x^2)^40", "tanh(x)*x - arcsin(x/3)"]


@settings(max_examples=40)
@given(
    st.sampled_from(MIXED) | dags().map(to_expression),
    points,
    st.integers(1, 17),
    st.booleans(),
    st.integers(0, 2),
)
def test_chunked_parallel_evaluation_equals_one_shot(text, x, chunk_size, parallel, order):
    graph = parse(text)
    x = np.array(x)
    whole = evaluate(graph, x, order=order, chunk_size=max(1, x.size), parallel=False)
    parts = evaluate(graph, x, order=order, chunk_size=chunk_size, parallel=parallel)
    for name in ("f", "df", "d2f"):
        a, b = getattr(whole, name), getattr(parts, name)
        if a is None:
            assert b is None
        else:
            np.testing.assert_array_equal(a, b)
    assert [whole.failure(i) for i in range(x.size)] == [parts.failure(i) for i in range(x.size)]


@settings(max_examples=40)
@given(st.sampled_from(MIXED) | dags().map(to_expression), points)
def test_trace_at_a_point_shows_the_numbers_the_range_evaluation_computed(text, x):
    # the walkthrough (trace at x0) and the plots (evaluate over x) must never disagree
    graph = parse(text)
    result = evaluate(graph, np.array(x), order=2, chunk_size=7)
    for i, at in enumerate(x):
        t = trace(graph, at)
        for ours, theirs in ((t.f, result.f[i]), (t.df, result.df[i]), (t.d2f, result.d2f[i])):
            assert float(ours) == theirs or (math.isnan(ours) and math.isnan(theirs))
        assert t.failure() == result.failure(i)


# ---- fuzzed text -------------------------------------------------------------------------

TOKENS = [
    "x",
    "pi",
    "e",
    "sin",
    "exp",
    "log",
    "power",
    "scale",
    "asin",
    "foo",
    "lambda",
    "__class__",
    "(",
    ")",
    ",",
    "+",
    "-",
    "*",
    "/",
    "^",
    "**",
    "%",
    ".",
    "[",
    "]",
    "'",
    "0",
    "1",
    "2.5",
    "1e999",
    "1e-400",
    "0x1F",
    "1_0",
    "j",
    " ",
    "π",
    "²",
    "−",
    "×",
    "÷",
    "\n",
    "\x00",
    "\ud800",
    "\u202e",
    ":=",
    "if",
    "=",
    ";",
    "@",
    "{",
    "}",
    "~",
    "not",
    "`",
    "\\",
]
texts = st.one_of(
    st.text(max_size=80),
    st.lists(st.sampled_from(TOKENS), max_size=40).map("".join),
)


@settings(max_examples=300, deadline=2000)
@given(texts)
def test_any_text_parses_or_raises_parse_error(text):
    try:
        graph = parse(text)
    except ParseError as err:
        error = err
    else:
        assert parse(to_expression(graph)) == graph
        return
    assert error.message
    assert 0 <= error.column <= len(text) + 1


def test_every_op_of_the_table_can_appear_in_generated_graphs():
    # guards the strategies above against silently dropping ops from the table
    assert set(UNARY_NAMES) | set(PARAM_NAMES) | set(BINARY_NAMES) == set(OPS)
    assert set(SAFE_UNARY) <= set(UNARY_NAMES)
