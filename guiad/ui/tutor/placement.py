"""Where the tutor's answer box goes over the walkthrough's graph.

The box must never cover what the current question needs: the asked node, the nodes its
number is worked from, and the edge whose partial or contribution it uses, each with its
labels. Among the places that leave those clear it keeps the side (left or right half of the
view) it took first in the lesson, so it does not jump from side to side; then it covers as
little of the rest of the graph as it can, and stays near the asked node.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QRectF, QSize

from guiad.anim.timeline import Kind, Step
from guiad.core.graph import Graph

GAP = 8  # between the box and the node it sits beside
MARGIN = 4  # between the box and the view's edge
PAD = 3  # around what the question needs
GRID = 24  # the step of the places tried over the whole view


@dataclass(frozen=True)
class Spot:
    at: QPoint
    side: str  # "left" or "right": the half of the view the box sits in


def needed(graph: Graph, step: Step) -> tuple[set[int], set[tuple[int, int]]]:
    """The nodes and edges the question at ``step`` needs on screen."""
    nodes, edges = {step.node}, set()
    if step.edge is not None:
        i, k = step.edge
        inputs = graph.nodes[i].inputs
        nodes |= {i, inputs[k]}
        edges.add(step.edge)
        if step.kind is Kind.VALUE:  # vᵢ = op(all its inputs)
            nodes |= set(inputs)
            edges |= {(i, position) for position in range(len(inputs))}
        elif step.kind is Kind.PARTIAL:  # ∂(u·v)/∂u = v: a partial reads the other inputs
            nodes |= set(inputs)
    return nodes, edges


def node_rect(item) -> QRectF:
    """A node with its labels (the value above it, the adjoint below), in the scene."""
    return item.sceneBoundingRect().united(item.mapRectToScene(item.childrenBoundingRect()))


def edge_rects(edge) -> list[QRectF]:
    """An edge's labels (the partial, the contribution), in the scene."""
    labels = (edge.upper_label, edge.lower_label)
    return [label.sceneBoundingRect() for label in labels if label.isVisible()]


def _overlap(a: QRect, b: QRect) -> int:
    cut = a.intersected(b)
    return 0 if cut.isEmpty() else cut.width() * cut.height()


def candidates(area: QRect, size: QSize, anchor: QRect | None) -> list[QPoint]:
    """Beside the anchor (below, above, right, left), then the view's four corners, then a
    grid over the view."""
    w, h = size.width(), size.height()
    spots = [
        QPoint(area.left(), area.top()),
        QPoint(area.right() - w + 1, area.top()),
        QPoint(area.left(), area.bottom() - h + 1),
        QPoint(area.right() - w + 1, area.bottom() - h + 1),
    ]
    if anchor is not None:
        spots = [
            QPoint(anchor.left(), anchor.bottom() + GAP),
            QPoint(anchor.left(), anchor.top() - GAP - h),
            QPoint(anchor.right() + GAP, anchor.top()),
            QPoint(anchor.left() - GAP - w, anchor.top()),
            QPoint(anchor.right() - w, anchor.bottom() + GAP),
            QPoint(anchor.right() - w, anchor.top() - GAP - h),
            *spots,
        ]
    # then every GRID px over the view: a clear place the spots above miss (Baydin's v₆ at
    # 1024×768 had none of them clear on the lesson's side)
    for y in range(area.top(), area.bottom() - h + 2, GRID):
        for x in range(area.left(), area.right() - w + 2, GRID):
            spots.append(QPoint(x, y))
    inside = []
    for spot in spots:  # slid into the view (a spot beside a node near the edge)
        x = min(max(spot.x(), area.left()), area.right() - w + 1)
        y = min(max(spot.y(), area.top()), area.bottom() - h + 1)
        inside.append(QPoint(x, y))
    return inside


def best_spot(
    area: QRect,
    size: QSize,
    anchor: QRect | None,
    needs: list[QRect],
    others: list[QRect],
    side: str | None,
) -> Spot:
    """The place for a box of ``size`` in ``area``: clear of ``needs`` if at all possible,
    on ``side`` if it can be, over as little of ``others`` as it can, near ``anchor``."""
    centre = area.center().x()
    needs = [r.adjusted(-PAD, -PAD, PAD, PAD) for r in needs]

    def cost(spot: QPoint) -> tuple:
        box = QRect(spot, size)
        spot_side = "left" if box.center().x() < centre else "right"
        covered = sum(_overlap(box, r) for r in needs)
        rest = sum(_overlap(box, r) for r in others)
        away = 0 if anchor is None else (box.center() - anchor.center()).manhattanLength()
        return (covered, side is not None and spot_side != side, rest, away)

    spot = min(candidates(area, size, anchor), key=cost)
    return Spot(spot, "left" if QRect(spot, size).center().x() < centre else "right")


def view_rect(view, rect: QRectF) -> QRect:
    """A scene rectangle in the view's viewport."""
    return view.mapFromScene(rect).boundingRect()


def place(panel, box, step: Step, side: str | None, keep_clear=()) -> Spot:
    """Move ``box`` for the question at ``step`` over ``panel``'s graph, clear of
    ``keep_clear`` too (other boxes, in viewport coordinates); the side it took."""
    drawn = Drawn(panel)
    needs, others = drawn.split(step)
    spot = best_spot(
        drawn.area, box.size(), drawn.nodes[step.node], [*keep_clear, *needs], others, side
    )
    box.move(spot.at)
    return spot


def side_for(panel, box, steps: list[Step]) -> str:
    """The half of the view where the box can sit clear of what the most of these questions
    need (a lesson's, chosen at its first: the side taken by the first question alone left
    Baydin's v₆ and ∂v₆/∂v₅ no clear place at 1024×768)."""
    drawn, size = Drawn(panel), box.size()
    centre = drawn.area.center().x()
    clear = {"left": 0, "right": 0}  # the questions with a clear place on each side
    for step in steps:
        needs = [r.adjusted(-PAD, -PAD, PAD, PAD) for r in drawn.split(step)[0]]
        sides = set()
        for spot in candidates(drawn.area, size, drawn.nodes[step.node]):
            box_rect = QRect(spot, size)
            if not any(box_rect.intersects(r) for r in needs):
                sides.add("left" if box_rect.center().x() < centre else "right")
        for side in sides:
            clear[side] += 1
    return max(clear, key=clear.get)  # (a tie: the left, where the graph starts)


class Drawn:
    """The graph as drawn in the walkthrough's viewport: each node with its labels, each
    edge's labels, and the area a box may take."""

    def __init__(self, panel):
        view, scene = panel.view, panel.scene
        self.graph = panel.timeline.graph
        self.area = view.viewport().rect().adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        self.nodes = [view_rect(view, node_rect(item)) for item in scene.nodes]
        self.edges = {
            key: [view_rect(view, rect) for rect in edge_rects(edge)]
            for key, edge in scene.edges.items()
        }

    def split(self, step: Step) -> tuple[list[QRect], list[QRect]]:
        """What the question at ``step`` needs on screen, and the rest of the graph."""
        nodes, edges = needed(self.graph, step)
        needs, others = [], []
        for i, rect in enumerate(self.nodes):
            (needs if i in nodes else others).append(rect)
        for key, rects in self.edges.items():
            (needs if key in edges else others).extend(rects)
        return needs, others


def fit_height(frame, width: int) -> None:
    """Make ``frame`` (a fixed ``width``, word-wrapped labels inside) as tall as its words
    need: the layout's height for the width inside the frame's border (measured at the
    outer width, a wrapped line fell off the bottom)."""
    frame.layout().activate()
    border = frame.frameWidth()
    height = frame.layout().heightForWidth(width - 2 * border) + 2 * border
    frame.setFixedHeight(max(height, frame.minimumSizeHint().height()))
