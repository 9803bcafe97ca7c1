"""Layered layout: layers by longest path, routes between adjacent layers, no overlaps."""

from __future__ import annotations

import random

import pytest

from guiad.anim.layout import inversions, layout, longest_path_layers
from guiad.core.expression import parse
from guiad.core.graph import chain_graph

DAGS = ["x*sin(x)", "sin(x)/(1 + x*x)", "sin(x)*cos(x) + exp(x)*x", "x*x", "exp(x*sin(x)) + x"]


def test_a_chain_is_one_straight_row_left_to_right():
    graph = chain_graph(["sin"] * 29)
    result = layout(graph)
    assert [result.positions[i][0] for i in range(30)] == list(range(30))
    assert {result.positions[i][1] for i in range(30)} == {result.positions[0][1]}
    assert result.crossings == 0


@pytest.mark.parametrize("text", DAGS)
def test_every_edge_goes_one_layer_per_point_from_input_to_node(text):
    graph = parse(text)
    result = layout(graph)
    for i, node in enumerate(graph.nodes):
        for k, j in enumerate(node.inputs):
            route = result.routes[(i, k)]
            assert route[0] == result.positions[j]
            assert route[-1] == result.positions[i]
            xs = [p[0] for p in route]
            assert xs == [xs[0] + m for m in range(len(xs))]


@pytest.mark.parametrize("text", DAGS)
def test_nodes_and_bends_in_a_layer_keep_their_distance(text):
    graph = parse(text)
    result = layout(graph)
    points: dict[float, set[float]] = {}
    for route in result.routes.values():
        for x, y in route[1:-1]:
            points.setdefault(x, set()).add(round(y, 9))
    for x, y in result.positions.values():
        points.setdefault(x, set()).add(round(y, 9))
    for ys in points.values():
        ordered = sorted(ys)
        assert all(b - a >= 1 - 1e-9 for a, b in zip(ordered, ordered[1:], strict=False))


def test_layers_are_longest_paths():
    graph = parse("x*sin(x)")  # x → sin → mul, and x → mul directly
    assert longest_path_layers(graph) == [0, 1, 2]


def test_x_sin_x_has_no_crossings_and_the_skip_edge_bends_around_sin():
    result = layout(parse("x*sin(x)"))
    assert result.crossings == 0
    bend = result.routes[(2, 0)][1]
    assert bend != result.positions[1]


def test_parallel_edges_of_x_times_x_bend_apart():
    result = layout(parse("x*x"))
    assert sorted(result.parallel.values()) == [-1, 1]


@pytest.mark.parametrize("seed", range(5))
def test_inversions_count_matches_all_pairs(seed):
    """The O(m log m) crossing count against the all-pairs definition (ties never cross)."""
    rng = random.Random(seed)
    values = [rng.randrange(12) for _ in range(rng.randrange(0, 60))]
    pairs = sum(
        values[i] > values[j] for i in range(len(values)) for j in range(i + 1, len(values))
    )
    assert inversions(values) == pairs
