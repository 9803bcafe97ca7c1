"""GraphScene's measuring build: items made only to measure the room their labels need
(the walkthrough's first build of a graph) leave no unplaced labels behind."""

from __future__ import annotations

import pytest

from guiad.anim.timeline import Mode, Timeline
from guiad.core.expression import parse
from guiad.ui.graph_scene import GraphScene


def label_places(scene: GraphScene) -> list[tuple[float, float]]:
    return [
        (label.scenePos().x(), label.scenePos().y())
        for edge in scene.edges.values()
        for label in (edge.upper_label, edge.lower_label)
    ]


@pytest.mark.parametrize("expr", ["x*sin(x)", "sqrt(1 + x*x)", "x^2 - y^2"])
def test_a_measuring_build_is_followed_by_a_placed_one(qapp, expr):
    graph = parse(expr)
    last = Timeline(graph, (0.7,) * graph.n_inputs, Mode.REVERSE).steps[-1]

    placed = GraphScene()  # built and placed first, as before measuring builds existed
    placed.set_graph(graph)
    room = placed.measure_room(last, Mode.REVERSE)
    placed.set_room(room)
    placed.set_graph(graph)

    measured = GraphScene()
    measured.set_room(room)  # the room it will be placed in: nothing else will change
    measured.set_graph(graph, place_labels=False)
    assert measured.measure_room(last, Mode.REVERSE) == room  # only the texts matter
    assert measured.set_graph(graph)  # rebuilt, though graph, room and wrapping are the same
    assert label_places(measured) == label_places(placed)
    assert measured.sceneRect() == placed.sceneRect()
    assert not measured.set_graph(graph)  # and from then on only when something changed
