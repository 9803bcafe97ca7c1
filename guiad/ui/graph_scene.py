"""The walkthrough's graph: node and edge items on a QGraphicsScene (diagramscene style).

The scene only draws a ``Frame`` of the pure timeline: which values, partials, adjoints and
dot derivatives are visible, which node is current, which failed. A token (a dot) travels
along the current edge; ``set_token_progress`` moves it, driven by the panel's animation.
Positions come from the pure layered layout (guiad/anim/layout.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QStyleOptionGraphicsItem,
)

from guiad.anim import notation as n
from guiad.anim.layout import Layout, is_chain, layout, snake
from guiad.anim.timeline import Kind, Mode, Phase, Step
from guiad.core.graph import Graph
from guiad.ui import theme
from guiad.ui.guard import guarded

# Scene units are pixels at zoom 1. Text sizes are pixel sizes, so the view's zoom alone
# decides how tall a label is on screen (LABEL_PX × zoom ≥ READABLE_PX).
LABEL_PX = 14  # node and edge labels (edges were 9–10 px on screen)
TITLE_PX = 15  # the op inside a node
READABLE_PX = 11.0  # the smallest text height on screen the view allows
LAYER_DX = 200.0  # scene units between layers (a node, its value label and an edge label)
ROW_DY = 116.0  # between rows of a layered graph
SNAKE_DY = 112.0  # between the rows of a chain wrapped snake-style
NODE_W = 84.0
NODE_H = 46.0
TURN_REACH = 30.0  # how far a snake's turn bulges past its nodes
TURN_GAP = 4.0  # between a turn and its labels
TURN_LABEL_W = 124.0  # the labels beside a turn (−5.7230e−06 is this wide)
EDGE_IDLE = theme.EDGE_IDLE
TEXT = theme.GRAPH_TEXT
LABEL_AT = 0.5  # where along an edge its labels sit, unless that spot is crowded
LABEL_SPOTS = (0.5, 0.6, 0.4, 0.7, 0.3, 0.8, 0.2)  # the spots tried, in order
LABEL_HALF_W = 56.0  # half the width of a typical node label (v₁₂ = −0.4161)
EDGE_LABEL_W = 92.0  # an edge label: ∂v₁₀/∂v₉ over = −0.2488
CURRENT_FILL = theme.CURRENT_FILL
SELECTED_GLOW = QColor(*theme.SELECTED_GLOW)
SELECTED_ROW = theme.SELECTED_ROW  # the table row of the selected node
GLOW = 7.0  # how far the selection glow reaches beyond the node


class NodeState(Enum):
    PENDING = "pending"  # not computed yet
    DONE = "done"  # its value is known
    FAILED = "failed"
    MUTED = "muted"  # downstream of a failure


def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


class Label(QGraphicsItem):
    """Text on a soft white backdrop, centred on its position; empty text draws nothing."""

    WRAP = 200.0  # longer texts (failure reasons) wrap onto more lines

    def __init__(self, size: int = LABEL_PX, bold: bool = False, parent=None, anchor="center"):
        super().__init__(parent)
        self._anchor = anchor  # which side of the text sits at pos(): center, bottom or top
        self._side = "center"  # or "left": pos() is at the text's left edge ("right": right)
        self._font = _font(size, bold)
        self._metrics = QFontMetricsF(self._font)
        self._text = ""
        self._color = QColor(TEXT)
        self._rect = QRectF()
        self.setZValue(3)

    def text(self) -> str:
        return self._text

    def pixel_size(self) -> int:
        """The text's height in scene units (the view's zoom times this is its screen size)."""
        return self._font.pixelSize()

    def set_anchor(self, anchor: str, side: str = "center") -> None:
        self._anchor = anchor
        self._side = side
        self._layout()

    def set_text(self, text: str, color: str = TEXT, struck: bool = False) -> None:
        """``struck``: drawn struck through (a contribution the fan-out mistake lost)."""
        if text == self._text and QColor(color) == self._color and struck == self.struck():
            return
        self._text = text
        self._color = QColor(color)
        self._font.setStrikeOut(struck)
        self._layout()

    def struck(self) -> bool:
        return self._font.strikeOut()

    def _layout(self) -> None:
        text = self._text
        self.prepareGeometryChange()
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        box = self._metrics.boundingRect(QRectF(0, 0, self.WRAP, 1e4), flags, text)
        width = box.width() + 8 if text else 0.0
        height = box.height() + 2 if text else 0.0
        top = {"bottom": -height, "top": 0.0}.get(self._anchor, -height / 2)
        left = {"left": 0.0, "right": -width}.get(self._side, -width / 2)
        self._rect = QRectF(left, top, width, height)
        self.update()

    @guarded(default=QRectF())
    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._rect

    @guarded
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        if not self._text:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(*theme.LABEL_BACKDROP))
        painter.drawRoundedRect(self._rect, 4, 4)
        painter.setFont(self._font)
        painter.setPen(self._color)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(self._rect, flags, self._text)


class NodeItem(QGraphicsItem):
    """One node: its op on the first line, its name (vᵢ, x, y) on the second."""

    def __init__(self, index: int, title: str, name: str):
        super().__init__()
        self.index = index
        self.title = title
        self.name = name
        self.state = NodeState.PENDING
        self.current = False
        self.phase_color = theme.FORWARD
        self.selected = False  # its card is selected in the chain strip
        self._title_font = _font(TITLE_PX, bold=True)
        self._name_font = _font(LABEL_PX)
        self.setZValue(2)
        self.value_label = Label(parent=self, anchor="bottom")
        self.value_label.setPos(0, -NODE_H / 2 - 3)
        self.lower_label = Label(parent=self, anchor="top")  # the adjoint (or v̇ in forward mode)
        self.lower_label.setPos(0, NODE_H / 2 + 3)
        self.setToolTip(f"{name}: {title}")

    def set_state(self, state: NodeState, current: bool, phase_color: str) -> None:
        if (state, current, phase_color) != (self.state, self.current, self.phase_color):
            self.state, self.current, self.phase_color = state, current, phase_color
            self.update()

    def set_selected(self, selected: bool) -> None:
        if selected != self.selected:
            self.prepareGeometryChange()  # the glow reaches beyond the node
            self.selected = selected
            self.update()

    @guarded(default=QRectF())
    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        reach = GLOW if self.selected else 3.0
        return QRectF(
            -NODE_W / 2 - reach, -NODE_H / 2 - reach, NODE_W + 2 * reach, NODE_H + 2 * reach
        )

    @guarded
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        rect = QRectF(-NODE_W / 2, -NODE_H / 2, NODE_W, NODE_H)
        if self.selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(SELECTED_GLOW)
            painter.drawRoundedRect(rect.adjusted(-GLOW, -GLOW, GLOW, GLOW), 14, 14)
        border, fill, text = self.colors()
        pen = QPen(QColor(border), 3.2 if self.current else 1.6)
        if self.state is NodeState.MUTED:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(rect, 10, 10)
        painter.setPen(QColor(text))
        painter.setFont(self._title_font)
        top = QRectF(rect.left(), rect.top() + 3, rect.width(), rect.height() / 2)
        painter.drawText(top, Qt.AlignmentFlag.AlignCenter, self.title)
        painter.setFont(self._name_font)
        bottom = QRectF(rect.left(), rect.center().y(), rect.width(), rect.height() / 2 - 3)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, self.name)

    def colors(self) -> tuple[str, str, str]:
        """Border, fill and text colours for the state."""
        if self.state is NodeState.FAILED:
            return theme.UNDEFINED, theme.FAILED_FILL, theme.UNDEFINED
        if self.state is NodeState.MUTED:
            return theme.MUTED, theme.MUTED_FILL, theme.MUTED
        fill = CURRENT_FILL if self.current else theme.NODE_FILL
        if self.state is NodeState.PENDING:
            return (self.phase_color if self.current else EDGE_IDLE), fill, theme.TEXT_PENDING
        return (self.phase_color if self.current else theme.FORWARD), fill, TEXT


class EdgeItem(QGraphicsItem):
    """An arrow from an input node to the node that reads it, with two labels."""

    def __init__(self, key: tuple[int, int], path: QPainterPath):
        super().__init__()
        self.key = key
        self.path = path
        self.color = EDGE_IDLE
        self.width = 1.6
        self.setZValue(1)
        end = path.pointAtPercent(1.0)
        angle = path.angleAtPercent(0.999)
        self._arrow = _arrow_head(end, angle)
        bounds = path.boundingRect().united(self._arrow.boundingRect())
        self._bounds = bounds.adjusted(-4, -4, 4, 4)
        # labels sit past the middle, where edges fanning out of one node are already apart
        middle = path.pointAtPercent(LABEL_AT)
        self.upper_label = Label(anchor="bottom")
        self.upper_label.setPos(middle.x(), middle.y() - 4)
        self.lower_label = Label(anchor="top")
        self.lower_label.setPos(middle.x(), middle.y() + 4)

    def set_style(self, color: str, width: float) -> None:
        if (color, width) != (self.color, self.width):
            self.color, self.width = color, width
            self.update()

    @guarded(default=QRectF())
    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._bounds

    @guarded(default=QPainterPath())
    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(8)
        return stroker.createStroke(self.path)

    @guarded
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        color = QColor(self.color)
        pen = QPen(color, self.width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        painter.drawPolygon(self._arrow)


class TokenItem(QGraphicsItem):
    """What travels along an edge while a step animates: a dot carrying its number (the
    value forward, the adjoint contribution backward) on a small pill above it."""

    RADIUS = 7.0

    def __init__(self):
        super().__init__()
        self.color = QColor(theme.FORWARD)
        self._font = _font(LABEL_PX, bold=True)
        self._text = ""
        self._pill = QRectF()
        self.setZValue(5)
        self.setVisible(False)

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self.prepareGeometryChange()
        self._text = text
        width = QFontMetricsF(self._font).horizontalAdvance(text) + 12 if text else 0.0
        height = QFontMetricsF(self._font).height() + 4
        self._pill = QRectF(-width / 2, -self.RADIUS - 4 - height, width, height)

    @guarded(default=QRectF())
    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        r = self.RADIUS + 2
        return QRectF(-r, -r, 2 * r, 2 * r).united(self._pill.adjusted(-1, -1, 1, 1))

    @guarded
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        painter.setPen(QPen(QColor(theme.NODE_FILL), 2))
        painter.setBrush(QBrush(self.color))
        painter.drawEllipse(QPointF(0, 0), self.RADIUS, self.RADIUS)
        if self._text:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(self._pill, 6, 6)
            painter.setPen(QColor(theme.NODE_FILL))
            painter.setFont(self._font)
            painter.drawText(self._pill, Qt.AlignmentFlag.AlignCenter, self._text)


# how an edge's two labels (partial and term, two lines each) stack around its label point:
# the block they cover, as (top, height) relative to the point; "right"/"left" put both
# beside the point (a snake's turn)
LABEL_STACKS = ("split", "above", "below", "right", "left")
LABEL_LINES_H = 35.0  # a two-line label's height
LINE_WEIGHT = 60.0  # a label over an edge counts as this much area per sample it covers


def _overlap(a: QRectF, b: QRectF) -> float:
    """The area two rectangles share."""
    both = a.intersected(b)
    return 0.0 if both.isEmpty() else both.width() * both.height()


class RectGrid:
    """Rectangles bucketed by grid cell, so finding the ones near a block does not look at
    every rectangle (placing labels on a large graph was quadratic)."""

    CELL = 160.0

    def __init__(self) -> None:
        self.rects: list[QRectF] = []
        self._cells: dict[tuple[int, int], list[int]] = {}

    def _cells_of(self, rect: QRectF) -> Iterator[tuple[int, int]]:
        c = self.CELL
        for gx in range(math.floor(rect.left() / c), math.floor(rect.right() / c) + 1):
            for gy in range(math.floor(rect.top() / c), math.floor(rect.bottom() / c) + 1):
                yield gx, gy

    def add(self, rect: QRectF) -> None:
        self.rects.append(rect)
        for cell in self._cells_of(rect):
            self._cells.setdefault(cell, []).append(len(self.rects) - 1)

    def near(self, rect: QRectF) -> list[QRectF]:
        """Every rectangle that shares a cell with ``rect`` (a superset of those it overlaps)."""
        found: set[int] = set()
        for cell in self._cells_of(rect):
            found.update(self._cells.get(cell, ()))
        return [self.rects[k] for k in sorted(found)]


@dataclass(frozen=True)
class LabelRoom:
    """The room kept for labels: half a node label's width, an edge label's, a turn's. The
    panel measures them on the last step (tiny adjoints such as −5.9739e−05 are wider)."""

    node_half_w: float = LABEL_HALF_W
    edge_w: float = EDGE_LABEL_W
    turn_w: float = TURN_LABEL_W

    @property
    def turn_reach(self) -> float:
        """How far a turn bulges past its nodes: clear of their labels (wider than a node)."""
        return max(TURN_REACH, self.node_half_w - NODE_W / 2 + 24)

    @property
    def layer_dx(self) -> float:
        """Between layers: a node's label, an edge's label, the next node's label."""
        return max(LAYER_DX, 2 * self.node_half_w + self.edge_w - 4)


def _label_rects(point: QPointF, stack: str, room: LabelRoom) -> tuple[QRectF, QRectF]:
    """The rectangles an edge's partial and term labels (two lines each) cover when stacked
    ``stack`` at ``point`` (see ``_stack_labels``)."""
    x, y = point.x(), point.y()
    h = LABEL_LINES_H
    if stack in ("right", "left"):
        w = room.turn_w
        left = x + TURN_GAP if stack == "right" else x - TURN_GAP - w
        return QRectF(left, y - 2 - h, w, h), QRectF(left, y + 2, w, h)
    tops = {"split": (-4 - h, 4.0), "above": (-41 - h, -4 - h), "below": (4.0, 41.0)}[stack]
    left = x - room.edge_w / 2
    return tuple(QRectF(left, y + top, room.edge_w, h) for top in tops)


def _stack_labels(edge: EdgeItem, point: QPointF, stack: str) -> None:
    """Partial above and term below the edge ("split"), both on one side, or beside."""
    x, y = point.x(), point.y()
    upper, lower = edge.upper_label, edge.lower_label
    if stack in ("right", "left"):
        side, dx = ("left", TURN_GAP) if stack == "right" else ("right", -TURN_GAP)
        upper.set_anchor("bottom", side)
        upper.setPos(x + dx, y - 2)
        lower.set_anchor("top", side)
        lower.setPos(x + dx, y + 2)
    elif stack == "above":
        upper.set_anchor("bottom")
        upper.setPos(x, y - 41)
        lower.set_anchor("bottom")
        lower.setPos(x, y - 4)
    elif stack == "below":
        upper.set_anchor("top")
        upper.setPos(x, y + 4)
        lower.set_anchor("top")
        lower.setPos(x, y + 41)
    else:
        upper.set_anchor("bottom")
        upper.setPos(x, y - 4)
        lower.set_anchor("top")
        lower.setPos(x, y + 4)


def _arrow_head(tip: QPointF, angle_degrees: float) -> QPolygonF:
    a = math.radians(angle_degrees)
    # Qt's angles are counter-clockwise with y pointing down
    dx, dy = math.cos(a), -math.sin(a)
    size, half = 11.0, 5.5
    base = QPointF(tip.x() - dx * size, tip.y() - dy * size)
    normal = QPointF(-dy * half, dx * half)
    return QPolygonF([tip, base + normal, base - normal])


def _edge_path(points: list[QPointF], bend: int) -> QPainterPath:
    """S-curves through the route's points, leaving and entering nodes at their sides (left
    to right, or right to left on a snake's reversed rows)."""
    offset = 12.0 * bend
    way = 1.0 if points[-1].x() >= points[0].x() else -1.0
    start = QPointF(points[0].x() + way * NODE_W / 2, points[0].y() + offset)
    end = QPointF(points[-1].x() - way * (NODE_W / 2 + 1), points[-1].y() + offset)
    inner = points[1:-1]
    path = QPainterPath(start)
    previous = start
    for point in [*inner, end]:
        dx = (point.x() - previous.x()) / 2
        lift = 2.2 * offset if not inner else 0.0  # parallel edges bulge apart
        path.cubicTo(
            QPointF(previous.x() + dx, previous.y() + lift),
            QPointF(point.x() - dx, point.y() + lift),
            point,
        )
        previous = point
    return path


def _turn_path(a: QPointF, b: QPointF, side: str, bulge: float) -> QPainterPath:
    """A snake's turn: out of node ``a``'s ``side``, round and into node ``b`` below it."""
    way = 1.0 if side == "right" else -1.0
    start = QPointF(a.x() + way * NODE_W / 2, a.y())
    end = QPointF(b.x() + way * (NODE_W / 2 + 1), b.y())
    reach = way * bulge * 4 / 3  # a cubic's middle reaches 3/4 of its controls
    path = QPainterPath(start)
    path.cubicTo(QPointF(start.x() + reach, start.y()), QPointF(end.x() + reach, end.y()), end)
    return path


class GraphScene(QGraphicsScene):
    """Nodes and edges of one graph, showing one step of the timeline."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.nodes: list[NodeItem] = []
        self.edges: dict[tuple[int, int], EdgeItem] = {}
        self.token = TokenItem()  # the first token; more for ops with two inputs
        self.addItem(self.token)
        self._tokens: list[TokenItem] = [self.token]
        self._token_edges: list[EdgeItem] = []
        self._token_backward = False
        self._graph: Graph | None = None
        self.columns = 0  # a chain wrapped snake-style: nodes per row (0: one row)
        self.room = LabelRoom()
        self._stale = False  # the room changed: rebuild even for the same graph
        self._shown: tuple[Step, Mode] | None = None  # re-shown after a relayout

    def set_graph(self, graph: Graph, columns: int = 0) -> bool:
        """Build the items for ``graph``, a chain wrapped into rows of ``columns`` nodes
        (0: one row). Only when the graph or the wrapping changed (labels update per step);
        True if it rebuilt."""
        columns = columns if columns and is_chain(graph) and columns < len(graph.nodes) else 0
        if graph == self._graph and columns == self.columns and not self._stale:
            return False
        self._stale = False
        if graph != self._graph:
            self._shown = None  # the last step belongs to the old graph
        self._graph = graph
        self.columns = columns
        for item in [*self.nodes, *self.edges.values()]:
            self.removeItem(item)
        for edge in self.edges.values():
            self.removeItem(edge.upper_label)
            self.removeItem(edge.lower_label)
        self.nodes, self.edges = [], {}
        self.hide_token()
        placed = layout(graph)
        if columns:
            placed = snake(placed, columns)
        dy = SNAKE_DY if columns else ROW_DY
        output = graph.output
        for i in range(len(graph.nodes)):
            name = n.v(i)
            if i == output and i != 0:
                name = f"y = {name}"
            elif i == 0:
                name = f"x = {name}" if output != 0 else f"x = y = {name}"
            item = NodeItem(i, n.node_title(graph, i), name)
            x, y = placed.positions[i]
            item.setPos(x * self.room.layer_dx, y * dy)
            self.addItem(item)
            self.nodes.append(item)
        for key, route in placed.routes.items():
            points = [QPointF(x * self.room.layer_dx, y * dy) for x, y in route]
            if key in placed.turns:
                path = _turn_path(points[0], points[-1], placed.turns[key], self.room.turn_reach)
            else:
                path = _edge_path(points, placed.parallel.get(key, 0))
            edge = EdgeItem(key, path)
            self.addItem(edge)
            self.addItem(edge.upper_label)
            self.addItem(edge.lower_label)
            self.edges[key] = edge
        taken = self._place_labels(placed)
        # the scene is what the labels may cover: nodes, edges and the blocks kept for labels
        # (a failure reason, up to Label.WRAP wide, may spill past a short chain's ends: the
        # room for it would shrink every chain's fitted zoom)
        bounds = self.nodes[0].sceneBoundingRect()
        for item in [*self.nodes[1:], *self.edges.values()]:
            bounds = bounds.united(item.sceneBoundingRect())
        for rect in taken:
            bounds = bounds.united(rect)
        self.setSceneRect(bounds.adjusted(-6, -6, 6, 6))
        if self._shown is not None:
            self.show_step(*self._shown)
        return True

    def _place_labels(self, placed: Layout) -> list[QRectF]:
        """Slide each edge's labels along the edge to a spot clear of nodes, other labels and
        edges; the rectangles kept for labels."""
        taken = RectGrid()
        lines = RectGrid()  # points along every edge: a label must not sit on a line
        for node in self.nodes:  # the node with its value label above and adjoint below
            centre = node.scenePos()
            taken.add(
                QRectF(
                    centre.x() - self.room.node_half_w,
                    centre.y() - NODE_H / 2 - 24,
                    2 * self.room.node_half_w,
                    NODE_H + 48,
                )
            )
        for edge in self.edges.values():
            for m in range(1, 24):
                p = edge.path.pointAtPercent(m / 24)
                lines.add(QRectF(p.x() - 2, p.y() - 2, 4, 4))

        def clashes(rects) -> float:
            area = sum(_overlap(rect, r) for rect in rects for r in taken.near(rect))
            on_lines = sum(1 for rect in rects for r in lines.near(rect) if rect.intersects(r))
            return area + LINE_WEIGHT * on_lines

        for key, edge in self.edges.items():
            if key in placed.turns:  # beside the turn, outside it
                point = edge.path.pointAtPercent(0.5)
                stack = placed.turns[key]
            elif placed.parallel.get(key, 0):
                # edges sharing both ends (x*x): each edge's labels on its own outer side
                point = edge.path.pointAtPercent(LABEL_AT)
                stack = "below" if placed.parallel[key] > 0 else "above"
            else:
                best = None
                for t in LABEL_SPOTS:
                    spot = edge.path.pointAtPercent(t)
                    for option in LABEL_STACKS:
                        score = clashes(_label_rects(spot, option, self.room))
                        if best is None or score < best[0]:
                            best = (score, spot, option)
                        if score == 0:
                            break
                    if best[0] == 0:
                        break
                _, point, stack = best
            for rect in _label_rects(point, stack, self.room):
                taken.add(rect)
            _stack_labels(edge, point, stack)
        return taken.rects

    def graph(self) -> Graph | None:
        return self._graph

    def set_room(self, room: LabelRoom) -> None:
        """Keep ``room`` for labels from the next ``set_graph`` on."""
        if room != self.room:
            self.room = room
            self._stale = True

    def measure_room(self, last: Step, mode: Mode) -> LabelRoom:
        """The room the labels need, measured with the last step shown (every number is)."""
        self.show_step(last, mode)
        cap_node, cap_edge = 90.0, 150.0  # a failure reason wraps; it does not set the room
        node = max(
            (
                label.boundingRect().width()
                for item in self.nodes
                for label in (item.value_label, item.lower_label)
            ),
            default=0.0,
        )
        edge = max(
            (
                label.boundingRect().width()
                for item in self.edges.values()
                for label in (item.upper_label, item.lower_label)
            ),
            default=0.0,
        )
        return LabelRoom(
            min(max(LABEL_HALF_W, node / 2 + 2), cap_node),
            min(max(EDGE_LABEL_W, edge + 4), cap_edge),
            min(max(TURN_LABEL_W, edge + 4), cap_edge),
        )

    def highlight_node(self, node: int) -> None:
        """Mark node ``node`` as the one selected elsewhere (-1: none)."""
        for item in self.nodes:
            item.set_selected(item.index == node)

    def highlighted_node(self) -> int:
        return next((item.index for item in self.nodes if item.selected), -1)

    # ---- showing a step -------------------------------------------------------------------

    def show_step(self, step: Step, mode: Mode) -> None:
        self._shown = (step, mode)
        frame = step.frame
        backward = step.phase is Phase.BACKWARD
        phase_color = theme.BACKWARD if backward else theme.FORWARD
        current_node = step.node
        for item in self.nodes:
            i = item.index
            if i == frame.failed_node:
                state = NodeState.FAILED
            elif i in frame.muted:
                state = NodeState.MUTED
            elif i in frame.values:
                state = NodeState.DONE
            else:
                state = NodeState.PENDING
            item.set_state(state, i == current_node, phase_color)
            accumulated = None
            if step.accumulate and step.kind is Kind.ADJOINT and i == step.node:
                accumulated = frame.terms[step.edge]
            self._label_node(item, frame, mode, state, accumulated)
        for key, edge in self.edges.items():
            self._style_edge(key, edge, step, mode)

    def _label_node(
        self, item: NodeItem, frame, mode: Mode, state: NodeState, accumulated: float | None
    ) -> None:
        i = item.index
        if state is NodeState.FAILED:
            value = frame.values.get(i, math.nan)
            if math.isfinite(value):  # only its derivative failed
                item.value_label.set_text(f"{n.v(i)} = {n.fmt(value)}", theme.FORWARD)
            else:
                item.value_label.set_text(f"{n.v(i)} undefined", theme.UNDEFINED)
            item.setToolTip(frame.message)
            item.lower_label.set_text(frame.message.split(": ", 1)[-1], theme.UNDEFINED)
            return
        elif state is NodeState.MUTED:
            item.value_label.set_text(f"{n.v(i)}: not computed", theme.MUTED)
        elif i in frame.values:
            item.value_label.set_text(f"{n.v(i)} = {n.fmt(frame.values[i])}", theme.FORWARD)
        else:
            item.value_label.set_text("")
        if mode is Mode.FORWARD:
            text = f"{n.vdot(i)} = {n.fmt(frame.dots[i])}" if i in frame.dots else ""
            item.lower_label.set_text(text, theme.FORWARD)
        elif accumulated is not None:  # fan-out: show the second contribution being added
            text = f"{n.vbar(i)} += {n.fmt(accumulated)} → {n.fmt(frame.adjoints[i])}"
            item.lower_label.set_text(text, theme.BACKWARD)
        else:
            text = f"{n.vbar(i)} = {n.fmt(frame.adjoints[i])}" if i in frame.adjoints else ""
            item.lower_label.set_text(text, theme.BACKWARD)

    def _style_edge(self, key, edge: EdgeItem, step: Step, mode: Mode) -> None:
        frame = step.frame
        current = step.edge == key and step.kind is not Kind.VALUE
        travelling = step.edge == key
        node, position = key
        if key in frame.failed_edges:
            edge.set_style(theme.UNDEFINED, 3.0)
        elif key in frame.terms and mode is Mode.REVERSE:
            edge.set_style(theme.BACKWARD, 3.0 if current else 2.0)
        elif key in frame.partials:
            edge.set_style(theme.FORWARD, 3.0 if current else 2.0)
        elif node == frame.failed_node:
            edge.set_style(theme.UNDEFINED, 2.4)  # its value could not be computed from this
        elif node in frame.muted:
            edge.set_style(theme.MUTED, 1.4)
        else:
            edge.set_style(theme.FORWARD if travelling else EDGE_IDLE, 2.4 if travelling else 1.6)
        if key in frame.partials:
            color = theme.UNDEFINED if key in frame.failed_edges else theme.FORWARD
            input_ = self._graph.nodes[node].inputs[position]
            edge.upper_label.set_text(
                f"{n.partial_name(node, input_)}\n= {n.fmt(frame.partials[key])}", color
            )
        else:
            edge.upper_label.set_text("")
        if key in frame.terms:
            if mode is Mode.REVERSE:
                text = f"× {n.vbar(node)}\n→ {n.fmt(frame.terms[key])}"
                lost = key in frame.lost
                edge.lower_label.set_text(text, theme.MUTED if lost else theme.BACKWARD, lost)
            else:
                input_ = self._graph.nodes[node].inputs[position]
                text = f"× {n.vdot(input_)}\n→ {n.fmt(frame.terms[key])}"
                edge.lower_label.set_text(text, theme.FORWARD)
        else:
            edge.lower_label.set_text("")

    # ---- the token ------------------------------------------------------------------------

    def _token_keys(self, step: Step) -> list[tuple[int, int]]:
        """The edges tokens travel along: every input of a node whose value is computed."""
        if step.edge is None or step.edge not in self.edges:
            return []
        value_step = step.kind is Kind.VALUE or (
            step.kind is Kind.FAILURE and not step.frame.failed_edges
        )
        if value_step:
            inputs = self._graph.nodes[step.node].inputs
            return [(step.node, k) for k in range(len(inputs)) if (step.node, k) in self.edges]
        return [step.edge]

    def start_token(self, step: Step) -> bool:
        """Put tokens at the start of the step's edges; False if the step has no edge."""
        keys = self._token_keys(step)
        self._token_backward = step.direction == "backward"
        self._token_edges = [self.edges[key] for key in keys]
        while len(self._tokens) < len(keys):
            extra = TokenItem()
            self.addItem(extra)
            self._tokens.append(extra)
        for token in self._tokens:
            token.setVisible(False)
        if not keys:
            return False
        color = theme.BACKWARD if self._token_backward else theme.FORWARD
        if step.kind is Kind.FAILURE:
            color = theme.UNDEFINED
        for token, edge, key in zip(self._tokens, self._token_edges, keys, strict=False):
            token.color = QColor(color)
            token.set_text(self._token_text(step, key))
            edge.set_style(color, 2.6)  # the edge a token travels along
            token.setVisible(True)
        self.set_token_progress(0.0)
        return True

    def _token_text(self, step: Step, key: tuple[int, int]) -> str:
        """The number a token carries: the input's value into a node, the partial onto its
        edge, the contribution ∂·v̄ (or ∂·v̇) along it."""
        frame = step.frame
        if step.kind in (Kind.ADJOINT, Kind.DOT) and key in frame.terms:
            return n.fmt(frame.terms[key])
        if step.kind is Kind.PARTIAL or key in frame.failed_edges:
            return n.fmt(step.number)
        source = self._graph.nodes[key[0]].inputs[key[1]]
        return n.fmt(frame.values[source]) if source in frame.values else ""

    def token_positions(self) -> list[QPointF]:
        """Where the visible tokens are (scene coordinates)."""
        return [token.pos() for token in self._tokens if token.isVisible()]

    def token_texts(self) -> list[str]:
        return [token.text() for token in self._tokens if token.isVisible()]

    def set_token_progress(self, t: float) -> None:
        t = min(max(t, 0.0), 1.0)
        along = 1.0 - t if self._token_backward else t
        for token, edge in zip(self._tokens, self._token_edges, strict=False):
            token.setPos(edge.path.pointAtPercent(along))

    def hide_token(self) -> None:
        for token in self._tokens:
            token.setVisible(False)
        self._token_edges = []
