"""A node whose edges skip layers to many readers (x in a fan-out graph) sends them along one
trunk: the layout's points grow linearly with the graph, nodes never overlap, every edge
still runs from its input to its node, layer by layer, and the trunk is one straight row."""

from __future__ import annotations

import pytest

from guiad.anim.layout import BUS_MIN, bands, full_route, layout
from guiad.core.expression import parse
from guiad.core.graph import Graph, Node

SMALL = [
    "exp(sin(sin(x)))",
    "log(x1) + x1*x2 - sin(x2)",
    "(1 - x)^2 + 100*(y - x^2)^2",
    "x*sin(x)",
    "x*y + sin(x)",
    "softplus(-(2*w + b)) + softplus(b - w) + softplus(-(0.5*w + b))",
    "sin(cos(exp(tanh(sin(cos(exp(tanh(sin(cos(x))))))))))",
]
MIXED = "x + sin(x*x) + sin(x*x*x) + sin(x*x*x*x) + sin(x*x*x*x*x) + sin(x*x*x*x*x*x)"


def fan_out(n: int) -> Graph:
    """x feeds every node: v_i = v_(i-1) · x or + x (bench/walkthrough_size.py's graph)."""
    nodes = [Node("x")] + [Node("mul" if i % 2 else "add", (i - 1, 0)) for i in range(1, n)]
    return Graph(tuple(nodes))


def points_in_layers(placed) -> dict[float, set[float]]:
    """Every node centre and every bend of every edge, by layer (shared bends once)."""
    found: dict[float, set[float]] = {}
    for key in placed.routes:
        for x, y in full_route(placed, key)[1:-1]:
            found.setdefault(x, set()).add(y)
    for x, y in placed.positions.values():
        found.setdefault(x, set()).add(y)
    return found


@pytest.mark.parametrize("n", [40, 80, 160])
def test_the_points_of_a_fan_out_grow_linearly(n):
    placed = layout(fan_out(n))
    points = sum(len(ys) for ys in points_in_layers(placed).values())
    drawn = sum(len(route) for route in placed.routes.values())
    # n nodes and a trunk of n - 2 bends (one bend per skipped layer per edge: n²/2)
    assert points <= 2 * n
    assert drawn <= 4 * 2 * n  # two edges a node, a few points each


@pytest.mark.parametrize("text", [MIXED, "fan"])
def test_nodes_and_bends_never_overlap_and_edges_go_layer_by_layer(text):
    graph = fan_out(60) if text == "fan" else parse(text)
    placed = layout(graph)
    for ys in points_in_layers(placed).values():
        ordered = sorted(ys)
        assert all(b - a >= 1 - 1e-9 for a, b in zip(ordered, ordered[1:], strict=False))
    for i, node in enumerate(graph.nodes):
        for k, j in enumerate(node.inputs):
            assert placed.positions[j][0] < placed.positions[i][0]  # topological order
            route, full = placed.routes[(i, k)], full_route(placed, (i, k))
            assert route[0] == full[0] == placed.positions[j]
            assert route[-1] == full[-1] == placed.positions[i]
            xs = [x for x, _ in full]
            assert xs == [xs[0] + m for m in range(len(xs))]
            # the route drawn is the full one without the bends level with both neighbours
            assert set(route) <= set(full)
            for (xa, ya), (xb, _) in zip(route, route[1:], strict=False):
                if xb - xa > 1:
                    skipped = [y for x, y in full if xa <= x <= xb]
                    assert skipped == [ya] * len(skipped)


def test_a_fan_out_is_a_straight_trunk_out_of_x_and_a_straight_row_of_nodes():
    graph = fan_out(50)
    placed = layout(graph)
    assert set(placed.trunks) == {0}
    x_row = placed.positions[0][1]
    assert {y for _, y in placed.trunks[0]} == {x_row}
    rows = {placed.positions[i][1] for i in range(1, 50)}
    assert len(rows) == 1
    assert abs(rows.pop() - x_row) == pytest.approx(1.0)
    assert placed.rows == pytest.approx(1.0)
    assert placed.crossings == 0
    # x's edges that skip layers run along the trunk; x*x (next layer) does not
    assert {key for key, source in placed.buses.items() if source == 0} == {
        (i, 1) for i in range(2, 50)
    }


@pytest.mark.parametrize("text", SMALL)
def test_graphs_without_a_node_feeding_many_later_layers_have_no_trunk(text):
    """(so their pictures stay as they were)"""
    placed = layout(parse(text))
    assert placed.trunks == {}
    assert placed.buses == {}


def test_a_node_gets_a_trunk_from_bus_min_edges_that_skip_layers():
    few = " + ".join(f"sin({'x*' * k}x)" for k in range(1, BUS_MIN))  # BUS_MIN - 1 skip
    many = " + ".join(f"sin({'x*' * k}x)" for k in range(1, BUS_MIN + 2))
    assert layout(parse(few)).trunks == {}
    assert set(layout(parse(many)).trunks) == {0}


@pytest.mark.parametrize("per_band", [3, 5, 8])
def test_a_fan_out_in_bands_steps_column_by_column_and_its_trunk_turns_once(per_band):
    base = layout(fan_out(24))
    result = bands(base, per_band)
    for key in base.routes:
        full, placed = full_route(base, key), result.routes[key]
        assert len(placed) == len(full)
        turns = {at: side for at, side, _ in result.band_turns.get(key, ())}
        for at in range(len(full) - 1):
            band = round(full[at][0]) // per_band
            (xa, ya), (xb, yb) = placed[at], placed[at + 1]
            if round(full[at + 1][0]) // per_band == band:
                assert xb - xa == (-1 if band % 2 else 1)
            else:
                assert xa == xb == (0 if band % 2 else per_band - 1)
                assert yb > ya
                assert turns[at] == ("left" if band % 2 else "right")
    # at each band's end: one turn of the trunk (however many edges run along it) and
    # one of the row of nodes, nested
    levels: dict[int, set[int]] = {}
    for key, turns in result.band_turns.items():
        for at, _, level in turns:
            levels.setdefault(round(full_route(base, key)[at][0]) // per_band, set()).add(level)
    assert levels
    assert all(found == set(range(len(found))) and len(found) <= 3 for found in levels.values())
