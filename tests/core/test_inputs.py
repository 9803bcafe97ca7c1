"""Graphs of several inputs: the naming rule, the parser's free variables, the Graph rules."""

import pytest

from guiad.core.expression import ParseError, parse, to_expression
from guiad.core.graph import INPUT, MAX_INPUTS, Graph, GraphError, Node, graph_reason, order_inputs


@pytest.mark.parametrize(
    ("names", "ordered"),
    [
        (["y", "x"], ("x", "y")),
        (["b", "z", "a", "x"], ("x", "z", "a", "b")),
        (["w2", "w1", "bias"], ("bias", "w1", "w2")),
        (["z", "y"], ("y", "z")),
    ],
)
def test_inputs_are_ordered_x_y_z_then_alphabetically(names, ordered):
    assert order_inputs(names) == ordered


@pytest.mark.parametrize(
    ("text", "inputs"),
    [
        ("x*y + sin(x)", ("x", "y")),
        ("y*x", ("x", "y")),
        ("w*x + b", ("x", "b", "w")),
        ("exp(sin(sin(x)))", ("x",)),
        ("t^2", ("t",)),
        ("pi*e", ("x",)),  # constants only: the graph keeps its (unused) input x
        ("x1*x2*x3*x4", ("x1", "x2", "x3", "x4")),
    ],
)
def test_free_names_are_the_inputs(text, inputs):
    graph = parse(text)
    assert graph.inputs == inputs
    assert graph.nodes[: len(inputs)] == (Node(INPUT),) * len(inputs)
    assert all(node.op != INPUT for node in graph.nodes[len(inputs) :])


@pytest.mark.parametrize(
    "text", ["x*y + sin(x)", "b + w*x", "(1 - x)^2 + 100*(y - x^2)^2", "a/b - c"]
)
def test_several_inputs_print_and_read_back(text):
    graph = parse(text)
    assert parse(to_expression(graph)) == graph


def test_an_input_used_twice_is_one_node():
    graph = parse("x*y + x")
    assert graph.n_inputs == 2
    assert sum(node.op == INPUT for node in graph.nodes) == 2


def test_at_most_eight_inputs():
    parse("+".join(f"a{k}" for k in range(MAX_INPUTS)))
    with pytest.raises(ParseError, match="too many inputs"):
        parse("+".join(f"a{k}" for k in range(MAX_INPUTS + 1)))


@pytest.mark.parametrize(
    ("text", "words"),
    [("_x + 1", "cannot be an input name"), ("x + " + "a" * 40, "cannot be an input name")],
)
def test_bad_input_names_are_parse_errors(text, words):
    with pytest.raises(ParseError, match=words):
        parse(text)


def test_a_function_name_is_never_an_input():
    with pytest.raises(ParseError, match="is a function"):
        parse("x + sin")


def test_one_input_graphs_are_what_they_were():
    graph = parse("exp(sin(sin(x)))")
    assert graph == Graph(graph.nodes)  # default inputs ("x",)
    assert graph.chain() is not None


def test_a_graph_of_several_inputs_is_not_a_chain_and_says_why():
    graph = parse("x*y")
    assert graph.chain() is None
    assert "2 inputs (x, y)" in graph_reason(graph)
    assert "input is t" in graph_reason(parse("sin(t)"))


@pytest.mark.parametrize(
    ("nodes", "inputs", "words"),
    [
        ((Node(INPUT), Node("sin", (0,))), ("x", "y"), "must be the inputs"),
        ((Node(INPUT), Node(INPUT)), ("x", "x"), "must be different"),
        ((Node(INPUT),), ("1x",), "not a valid input name"),
        ((Node(INPUT),), (), "at least one input"),
        ((Node(INPUT), Node("sin", (0,)), Node(INPUT)), ("x",), "inputs come first"),
        ((Node(INPUT),) * 9, tuple("abcdfghij"), "too many inputs"),
    ],
)
def test_graph_rules_for_inputs(nodes, inputs, words):
    with pytest.raises(GraphError, match=words):
        Graph(nodes, inputs)
