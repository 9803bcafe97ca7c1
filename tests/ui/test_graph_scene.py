"""GraphScene's room for labels is measured from the texts alone (the walkthrough's first
build of a graph is its only one): the texts measured are the texts the labels show at the
last step, and the room fits the labels as a drawn scene shows them."""

from __future__ import annotations

import pytest

from guiad.anim.timeline import Mode, Timeline
from guiad.core.expression import parse
from guiad.ui.walkthrough.labels import EDGE_LABEL_CAP, EDGE_LABEL_W, NODE_LABEL_CAP
from guiad.ui.walkthrough.scene import GraphScene

TEN = "cos(tanh(arctan(sin(log1p(square(cos(tanh(exp(sin(x))))))))))"


def last_step(graph, mode=Mode.REVERSE, x0=0.7):
    return Timeline(graph, (x0,) * graph.n_inputs, mode).steps[-1]


@pytest.mark.parametrize(
    "expr",
    # the last: a term (× v̄ → e−07) wider than every partial
    ["x*sin(x)", "sqrt(1 + x*x)", "x^2 - y^2", "exp(sin(sin(x)))", "log(x)*exp(-x*20)"],
)
def test_a_room_measured_before_drawing_fits_the_labels_as_drawn(qapp, expr):
    graph = parse(expr)
    last = last_step(graph)
    fresh = GraphScene()
    room = fresh.measure_room(last, Mode.REVERSE, graph, compact=False)
    assert fresh.nodes == []  # measured without making an item

    # the reference: the labels as a drawn scene shows them at the last step, their widths
    # read off the items (values above the nodes, adjoints below, partials and terms on
    # the edges)
    drawn = GraphScene()
    drawn.set_graph(graph)
    drawn.show_step(last, Mode.REVERSE)

    def widest(labels) -> float:
        return max(label.boundingRect().width() for label in labels if label.text())

    values = [node.value_label for node in drawn.nodes]
    lowers = [node.lower_label for node in drawn.nodes]
    edges = [label for e in drawn.edges.values() for label in (e.upper_label, e.lower_label)]
    assert all(edge.lower_label.text() for edge in drawn.edges.values())  # terms are shown
    assert room.value_half_w == min(widest(values) / 2 + 2, NODE_LABEL_CAP)
    assert room.lower_half_w == min(widest(lowers) / 2 + 2, NODE_LABEL_CAP)
    assert room.edge_w == min(max(EDGE_LABEL_W, widest(edges) + 4), EDGE_LABEL_CAP)

    fresh.set_room(room)
    assert fresh.set_graph(graph)
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
