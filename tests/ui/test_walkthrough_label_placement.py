"""Label placement scores a lone spot on plain floats (clash_score) and many at once in numpy
(clash_scores): every label must land where scoring all spots in numpy puts it, on graphs
whose edges take each kind of spot (level, along a trunk, beside a band's turn, on parallel
edges, slid along a crowded edge)."""

from __future__ import annotations

import numpy as np
import pytest

from guiad.anim.layout import is_chain
from guiad.anim.timeline import Mode, Timeline
from guiad.core.expression import parse
from guiad.core.graph import Graph, Node
from guiad.ui.walkthrough import scene as scene_module
from guiad.ui.walkthrough.labels import clash_scores
from guiad.ui.walkthrough.scene import GraphScene


def fan_out(n: int) -> Graph:
    nodes = [Node("x")] + [Node("mul" if i % 2 else "add", (i - 1, 0)) for i in range(1, n)]
    return Graph(tuple(nodes))


GRAPHS = [
    ("exp(sin(sin(x)))", 0),
    ("log(x1) + x1*x2 - sin(x2)", 0),
    ("(1 - x)^2 + 100*(y - x^2)^2", 0),
    ("(1 - x)^2 + 100*(y - x^2)^2", 3),  # wrapped into bands: labels beside the turns
    ("sqrt(1 + x*x)*x*x", 0),  # parallel edges
    ("x + sin(x*x) + sin(x*x*x) + sin(x*x*x*x) + sin(x*x*x*x*x) + sin(x*x*x*x*x*x)", 0),
    ("softplus(-(2*w + b)) + softplus(b - w) + softplus(-(0.5*w + b))", 2),
    (fan_out(60), 0),
    (fan_out(30), 7),
]


def placed_labels(graph: Graph, columns: int) -> tuple:
    """Where each edge's labels sit, how they are anchored, and the scene's rectangle."""
    last = Timeline(graph, 0.7, Mode.REVERSE).steps[-1]
    scene = GraphScene()
    scene.set_room(scene.measure_room(last, Mode.REVERSE, graph, compact=False))
    scene.set_graph(graph, columns)
    labels = [
        (key, label.pos().x(), label.pos().y(), label._anchor, label.side())
        for key, edge in scene.edges.items()
        for label in (edge.upper_label, edge.lower_label)
    ]
    return labels, scene.sceneRect().getRect()


def numpy_score(pair, taken, lines) -> float:
    return float(clash_scores(np.array([pair]), taken, lines)[0])


@pytest.mark.parametrize(("graph", "columns"), GRAPHS)
def test_lone_spots_scored_on_floats_place_every_label_as_numpy_does(
    qapp, monkeypatch, graph, columns
):
    graph = parse(graph) if isinstance(graph, str) else graph
    fast = placed_labels(graph, columns)
    calls = []
    monkeypatch.setattr(
        scene_module, "clash_score", lambda *args: calls.append(1) or numpy_score(*args)
    )
    assert placed_labels(graph, columns) == fast
    assert calls or is_chain(graph)  # (a chain's edges have no lone spot)
