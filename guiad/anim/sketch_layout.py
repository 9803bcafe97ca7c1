"""Where the nodes of a sketch (a graph being built by hand) sit when the user has not put
them anywhere, and Tidy: the walkthrough's layered layout (guiad/anim/layout.py) applied to
every node of the sketch, those off the output's path and those with open ports included.

Pure (no Qt): the canvas scales the layout's (layer, row) units to scene pixels.
"""

from __future__ import annotations

from guiad.anim.layout import layout
from guiad.core.graph import CONST, INPUT, Graph, Node
from guiad.core.sketch import Sketch

Point = tuple[float, float]


def _topological(sketch: Sketch) -> list[int]:
    """Sketch ids with inputs first, then each node after the nodes it reads (a sketch is
    acyclic: the core refuses a wire that would close a cycle)."""
    order: list[int] = [i for i in sketch.ids() if sketch.node(i).op == INPUT]
    done = set(order)

    def visit(i: int) -> None:
        if i in done:
            return
        done.add(i)
        for j in sketch.node(i).inputs:
            if j is not None:
                visit(j)
        order.append(i)

    for i in sketch.ids():
        visit(i)
    return order


def _as_graph(sketch: Sketch) -> tuple[Graph, list[int]]:
    """Every node of the sketch as a Graph for layout only: an open port reads a stand-in
    constant of its own (laid out, then dropped). The graph index of each sketch id."""
    order = _topological(sketch)
    names = [sketch.node(i).name or f"in{i}" for i in order if sketch.node(i).op == INPUT]
    nodes: list[Node] = [Node(INPUT) for _ in names] or [Node(INPUT)]
    index: dict[int, int] = {i: k for k, i in enumerate(order[: len(names)])}
    for i in order[len(names) :]:
        node = sketch.node(i)
        inputs = []
        for j in node.inputs:
            if j is None:  # an open port: a stand-in so the op has its inputs
                nodes.append(Node(CONST, (), 0.0))
                j_index = len(nodes) - 1
            else:
                j_index = index[j]
            inputs.append(j_index)
        index[i] = len(nodes)
        nodes.append(Node(node.op, tuple(inputs), node.param))
    graph = Graph(tuple(nodes), tuple(names) or ("x",))
    return graph, [index[i] for i in sketch.ids()]


def tidy_positions(sketch: Sketch, pitch: Point = (150.0, 90.0)) -> dict[int, Point]:
    """Every node's place in the walkthrough's layered layout, scaled by ``pitch`` (scene
    pixels per layer and per row)."""
    if not sketch.ids():
        return {}
    graph, where = _as_graph(sketch)
    placed = layout(graph).positions
    dx, dy = pitch
    return {
        i: (placed[k][0] * dx, placed[k][1] * dy) for i, k in zip(sketch.ids(), where, strict=True)
    }


def missing_positions(sketch: Sketch, pitch: Point = (150.0, 90.0)) -> dict[int, Point]:
    """Places for the nodes the user has not placed (a typed expression, a version-2 file):
    their tidy places, shifted below the placed nodes when there are some."""
    unplaced = [i for i in sketch.ids() if sketch.node(i).pos is None]
    if not unplaced:
        return {}
    tidy = tidy_positions(sketch, pitch)
    placed = [sketch.node(i).pos for i in sketch.ids() if sketch.node(i).pos is not None]
    if not placed:
        return {i: tidy[i] for i in unplaced}
    # below everything placed, so a new node never lands on an old one
    top = min(tidy[i][1] for i in unplaced)
    left = min(tidy[i][0] for i in unplaced)
    y0 = max(p[1] for p in placed) + pitch[1]
    x0 = min(p[0] for p in placed)
    return {i: (tidy[i][0] - left + x0, tidy[i][1] - top + y0) for i in unplaced}
