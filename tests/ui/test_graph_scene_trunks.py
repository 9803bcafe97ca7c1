"""A fan-out graph in the walkthrough: x's edges run along one trunk and leave it just
before their nodes; every edge still runs from its input's side to its node's side, the
labels of the edges along the trunk sit clear of each other and of the nodes, and what is
drawn grows linearly with the graph."""

from __future__ import annotations

import pytest

from guiad.anim.timeline import Mode, Timeline
from guiad.core.expression import parse
from guiad.core.graph import Graph, Node
from guiad.ui.walkthrough.items import NODE_H, NODE_W, ROW_DY
from guiad.ui.walkthrough.scene import GraphScene

MIXED = "x + sin(x*x) + sin(x*x*x) + sin(x*x*x*x) + sin(x*x*x*x*x) + sin(x*x*x*x*x*x)"


def fan_out(n: int) -> Graph:
    nodes = [Node("x")] + [Node("mul" if i % 2 else "add", (i - 1, 0)) for i in range(1, n)]
    return Graph(tuple(nodes))


def drawn(graph: Graph | int) -> GraphScene:
    """The scene of ``graph`` (a number: the fan-out of that many nodes) at its last step,
    with the room its labels need, as the walkthrough draws it."""
    graph = fan_out(graph) if isinstance(graph, int) else graph
    last = Timeline(graph, 2.0, Mode.REVERSE).steps[-1]
    scene = GraphScene()
    scene.set_room(scene.measure_room(last, Mode.REVERSE, graph, compact=False))
    scene.set_graph(graph)
    scene.show_step(last, Mode.REVERSE)
    return scene


def test_every_edge_runs_from_its_inputs_side_to_its_nodes_side(qapp):
    scene = drawn(24)
    graph = scene.graph()
    for (node, position), edge in scene.edges.items():
        source = scene.nodes[graph.nodes[node].inputs[position]].scenePos()
        target = scene.nodes[node].scenePos()
        start, end = edge.path.pointAtPercent(0.0), edge.path.pointAtPercent(1.0)
        assert start.x() == pytest.approx(source.x() + NODE_W / 2)
        assert abs(start.y() - source.y()) <= NODE_H / 2
        assert end.x() == pytest.approx(target.x() - NODE_W / 2 - 1)
        assert abs(end.y() - target.y()) <= NODE_H / 2


def test_the_labels_of_a_fan_out_overlap_no_label_and_no_node(qapp):
    scene = drawn(24)
    labels = [
        label.sceneBoundingRect()
        for edge in scene.edges.values()
        for label in (edge.upper_label, edge.lower_label)
        if label.text()
    ] + [
        label.sceneBoundingRect()
        for node in scene.nodes
        for label in (node.value_label, node.lower_label)
        if label.text()
    ]
    nodes = [node.sceneBoundingRect() for node in scene.nodes]
    assert len(labels) == 2 * len(scene.edges) + 2 * len(scene.nodes)
    for k, a in enumerate(labels):
        for b in labels[k + 1 :] + nodes:
            overlap = a.intersected(b)
            assert overlap.isEmpty(), (a, b)


def test_what_is_drawn_grows_linearly_with_the_fan_out(qapp):
    def elements(n: int) -> int:
        return sum(edge.path.elementCount() for edge in drawn(n).edges.values())

    small, large = elements(30), elements(90)
    assert large <= 3.3 * small  # three times the nodes (one point per skipped layer: ~9×)


def test_the_scene_of_a_fan_out_is_two_rows_high(qapp):
    scene = drawn(30)
    rows = {round(node.scenePos().y(), 6) for node in scene.nodes[1:]}
    assert len(rows) == 1
    assert scene.sceneRect().height() < 4 * NODE_H + 4 * 80  # two rows and their labels


def test_edges_leaving_the_trunk_for_one_layer_keep_their_labels_on_the_trunk(qapp):
    """x*x*x…: several of x's edges leave its trunk for the same layer; the labels that do
    not fit just before their edge leaves go further back along the trunk, clear of each
    other and of the nodes, not onto the nodes' labels."""
    scene = drawn(parse(MIXED))
    placed = scene.layout()
    trunk_y = placed.trunks[0][0][1] * ROW_DY
    on_trunk = [
        (edge.upper_label.sceneBoundingRect(), edge.lower_label.sceneBoundingRect())
        for key, edge in scene.edges.items()
        if key in placed.buses
        and edge.upper_label.sceneBoundingRect().bottom() < trunk_y
        and edge.lower_label.sceneBoundingRect().top() > trunk_y
    ]
    assert 2 * len(on_trunk) > len(placed.buses)  # most of them
    rects = [rect for pair in on_trunk for rect in pair]
    nodes = [node.sceneBoundingRect() for node in scene.nodes]
    for k, a in enumerate(rects):
        for b in rects[k + 1 :] + nodes:
            assert a.intersected(b).isEmpty(), (a, b)


def test_the_trunk_shows_the_boldest_style_of_the_edges_along_it(qapp):
    """(they all draw the shared part: the last drawn, an idle edge, hid a computed one)"""
    scene = drawn(12)
    along = [edge for edge in scene.edges.values() if edge.on_trunk]
    assert len(along) == 10
    along[0].set_style("#ff0000", 3.0)
    along[-1].set_style("#00ff00", 1.6)
    assert along[0].zValue() > max(edge.zValue() for edge in along[1:])
