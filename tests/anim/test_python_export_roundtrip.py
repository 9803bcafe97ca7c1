"""Export as Python and guiad.graph_of round-trip: the script's f, traced, is the graph."""

from __future__ import annotations

import pytest
from hypothesis import given

import guiad
from guiad.anim.python_export import script_text
from guiad.core.expression import parse
from guiad.core.graph import Graph, Node
from guiad.core.ops import OPS
from tests.core.test_properties import canonical_graphs


def _exported(graph: Graph) -> dict:
    """The script's names, as importing it would give them (main() is not run)."""
    names = {"__name__": "exported"}
    exec(compile(script_text(graph, 0.5), "exported.py", "exec"), names)  # noqa: S102 (our own script)
    return names


def _nodes(graph: Graph) -> list[tuple]:
    return [(node.op, node.inputs, node.param) for node in graph.nodes]


EXAMPLES = [
    "exp(sin(sin(x)))",
    "x*sin(x)",
    "2*x*sin(x) - 1 + 2^x",
    "sigmoid(softplus(x))",
    "1/(1 + exp(-x))",
    "x",
    "cos(tanh(arctan(sin(log1p(square(cos(tanh(exp(sin(x))))))))))",
]


@pytest.mark.parametrize("expr", EXAMPLES)
def test_the_exported_function_traces_back_to_the_graph(expr):
    graph = parse(expr)
    script = _exported(graph)
    assert guiad.graph_of(lambda x: script["f"](x, guiad)) == graph
    assert script["NODES"] == _nodes(graph)  # the script's own pass runs on the same nodes


OPERATORS = {"add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "^"}


@pytest.mark.parametrize("name", sorted(OPS))
def test_every_op_round_trips(name):
    op = OPS[name]
    if op.arity == 2:
        graph = parse(f"sin(x) {OPERATORS[name]} cos(x)")
    elif op.param is not None:
        graph = Graph((Node("x"), Node(name, (0,), op.default)))
    else:
        graph = parse(f"{name}(x)")
    assert {node.op for node in graph.nodes} >= {name}
    assert guiad.graph_of(lambda x: _exported(graph)["f"](x, guiad)) == graph


@given(canonical_graphs())
def test_generated_graphs_round_trip(graph):
    assert guiad.graph_of(lambda x: _exported(graph)["f"](x, guiad)) == graph
