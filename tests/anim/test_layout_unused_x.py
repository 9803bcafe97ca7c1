"""Layout of graphs whose x is not used (a constant function such as sin(3)).

Found by the GUI monkey test: the crossing-reduction sweep sorted a layer with a key that
looked into that same list, which reads as empty while list.sort runs, so any node without
neighbours (the unused x) raised ValueError, and typing sin(3) crashed the window.
"""

from __future__ import annotations

import pytest

from guiad.anim.layout import layout
from guiad.core.expression import parse

CONSTANT_GRAPHS = ["sin(3)", "exp(sin(2))", "sqrt(2)*2", "log(3) + 1"]


@pytest.mark.parametrize("text", CONSTANT_GRAPHS)
def test_every_node_gets_its_own_place(text):
    graph = parse(text)
    assert all(0 not in node.inputs for node in graph.nodes)  # x really is unused
    result = layout(graph)
    places = [result.positions[i] for i in range(len(graph.nodes))]
    assert len(set(places)) == len(places)


@pytest.mark.parametrize("text", CONSTANT_GRAPHS)
def test_edges_run_from_input_to_node(text):
    graph = parse(text)
    result = layout(graph)
    for i, node in enumerate(graph.nodes):
        for k, j in enumerate(node.inputs):
            assert result.routes[(i, k)][0] == result.positions[j]
            assert result.routes[(i, k)][-1] == result.positions[i]


@pytest.mark.parametrize("text", [*CONSTANT_GRAPHS, "3"])
def test_a_constant_chain_is_one_row_with_x_alone_on_the_left(text):
    """Stacked over the constant, x made the graph two rows: too tall for the walkthrough."""
    result = layout(parse(text))  # each is a const followed by one-input ops
    assert result.rows == 0.0
    assert {y for _, y in result.positions.values()} == {result.positions[0][1]}
    assert sorted(lay for lay, _ in result.positions.values()) == list(range(result.layers))


def test_a_constant_graph_keeps_x_in_a_layer_of_its_own():
    graph = parse("sin(2)*cos(3)")
    result = layout(graph)
    x_layer = result.positions[0][0]
    assert all(result.positions[i][0] > x_layer for i in range(1, len(graph.nodes)))
