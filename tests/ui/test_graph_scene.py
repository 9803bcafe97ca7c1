"""GraphScene's room for labels is measured from the texts alone (the walkthrough's first
build of a graph is its only one): the texts measured are the texts the labels show at the
last step, and a room measured before any item exists places the labels as one measured
from a drawn scene."""

from __future__ import annotations

import pytest

from guiad.anim.timeline import Mode, Timeline
from guiad.core.expression import parse
from guiad.ui.graph_scene import GraphScene

TEN = "cos(tanh(arctan(sin(log1p(square(cos(tanh(exp(sin(x))))))))))"


def label_places(scene: GraphScene) -> list[tuple[float, float]]:
    return [
        (label.scenePos().x(), label.scenePos().y())
        for edge in scene.edges.values()
        for label in (edge.upper_label, edge.lower_label)
    ]


def last_step(graph, mode=Mode.REVERSE, x0=0.7):
    return Timeline(graph, (x0,) * graph.n_inputs, mode).steps[-1]


@pytest.mark.parametrize("expr", ["x*sin(x)", "sqrt(1 + x*x)", "x^2 - y^2", "exp(sin(sin(x)))"])
def test_a_room_measured_before_drawing_places_labels_as_one_measured_from_the_drawing(qapp, expr):
    graph = parse(expr)
    last = last_step(graph)

    drawn = GraphScene()  # drawn first, then measured from what it shows
    drawn.set_graph(graph)
    room = drawn.measure_room(last, Mode.REVERSE)
    drawn.set_room(room)
    drawn.set_graph(graph)

    fresh = GraphScene()
    measured = fresh.measure_room(last, Mode.REVERSE, graph, compact=False)
    assert fresh.nodes == []  # measured without making an item
    assert measured == room
    fresh.set_room(measured)
    assert fresh.set_graph(graph)
    assert label_places(fresh) == label_places(drawn)
    assert fresh.sceneRect() == drawn.sceneRect()
    assert not fresh.set_graph(graph)  # from then on only when something changed


@pytest.mark.parametrize(
    ("expr", "mode", "x0", "columns"),
    [
        ("x*sin(x)", Mode.REVERSE, 0.7, 0),
        ("x*sin(x)", Mode.FORWARD, 0.7, 0),
        ("x^2 - y^2", Mode.FORWARD, 0.7, 0),
        ("exp(x)*exp(x)", Mode.REVERSE, 0.7, 0),  # fan-out: a second contribution added
        (TEN, Mode.REVERSE, 0.7, 4),  # drawn compact
        ("log(x - 3)", Mode.REVERSE, 2.0, 0),  # undefined: failed and muted nodes
        ("sqrt(sin(x)) * x", Mode.REVERSE, -1.0, 0),  # undefined in a graph
        ("exp(log(x - 3))", Mode.REVERSE, 2.0, 2),  # undefined, compact
    ],
)
def test_the_texts_measured_are_the_texts_shown_at_the_last_step(qapp, expr, mode, x0, columns):
    graph = parse(expr)
    last = last_step(graph, mode, x0)
    scene = GraphScene()
    scene.set_graph(graph, columns)
    assert scene.compact() == (columns > 0)
    room = scene.measure_room(last, mode)
    scene.show_step(last, mode)
    values = tuple(node.value_label.text() for node in scene.nodes)
    lowers = tuple(node.lower_label.text() for node in scene.nodes)
    partials = tuple(edge.upper_label.text() for edge in scene.edges.values())
    assert room.compact_texts == (values, lowers, partials)
    assert any(values)
    assert any(partials)
