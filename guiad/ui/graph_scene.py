"""The walkthrough's graph: node and edge items on a QGraphicsScene (diagramscene style).

The scene only draws a ``Frame`` of the pure timeline: which values, partials, adjoints and
dot derivatives are visible, which node is current, which failed. A token (a dot) travels
along the current edge; ``set_token_progress`` moves it, driven by the panel's animation.
Positions come from the pure layered layout (guiad/anim/layout.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
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
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QWidget,
)

from guiad.anim import notation as n
from guiad.anim.layout import layout
from guiad.anim.timeline import Kind, Mode, Phase, Step
from guiad.core.graph import Graph
from guiad.ui import theme
from guiad.ui.guard import guarded

LAYER_DX = 240.0  # scene units between layers
ROW_DY = 180.0  # between rows
NODE_W = 96.0
NODE_H = 54.0
EDGE_IDLE = "#cbd5e1"
TEXT = "#0f172a"
LABEL_AT = 0.6  # where along an edge its labels sit, unless that spot is crowded
LABEL_SPOTS = (0.6, 0.5, 0.7, 0.4, 0.75, 0.3)  # the spots tried, in order
LABEL_HALF_W = 75.0  # half the width of a typical node label (v₁₂ = −0.4161)
CURRENT_FILL = "#fef9c3"  # pale yellow: the node the current step is about
SELECTED_GLOW = QColor(37, 99, 235, 70)  # the strip's selection blue, soft: the selected card
SELECTED_ROW = "#dbeafe"  # the same, for the table row
GLOW = 7.0  # how far the selection glow reaches beyond the node


class NodeState(Enum):
    PENDING = "pending"  # not computed yet
    DONE = "done"  # its value is known
    FAILED = "failed"
    MUTED = "muted"  # downstream of a failure


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


class Label(QGraphicsItem):
    """Text on a soft white backdrop, centred on its position; empty text draws nothing."""

    WRAP = 200.0  # longer texts (failure reasons) wrap onto more lines

    def __init__(self, size: float = 11.0, bold: bool = False, parent=None, anchor: str = "center"):
        super().__init__(parent)
        self._anchor = anchor  # which side of the text sits at pos(): center, bottom or top
        self._font = _font(size, bold)
        self._metrics = QFontMetricsF(self._font)
        self._text = ""
        self._color = QColor(TEXT)
        self._rect = QRectF()
        self.setZValue(3)

    def text(self) -> str:
        return self._text

    def set_anchor(self, anchor: str) -> None:
        self._anchor = anchor
        self._layout()

    def set_text(self, text: str, color: str = TEXT) -> None:
        if text == self._text and QColor(color) == self._color:
            return
        self._text = text
        self._color = QColor(color)
        self._layout()

    def _layout(self) -> None:
        text = self._text
        self.prepareGeometryChange()
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        box = self._metrics.boundingRect(QRectF(0, 0, self.WRAP, 1e4), flags, text)
        width = box.width() + 8 if text else 0.0
        height = box.height() + 2 if text else 0.0
        top = {"bottom": -height, "top": 0.0}.get(self._anchor, -height / 2)
        self._rect = QRectF(-width / 2, top, width, height)
        self.update()

    @guarded(default=QRectF())
    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self._rect

    @guarded
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        if not self._text:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(255, 255, 255, 225))
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
        self._title_font = _font(12.5, bold=True)
        self._name_font = _font(11.0)
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
        border, fill, text = self._colors()
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

    def _colors(self) -> tuple[str, str, str]:
        """Border, fill and text colours for the state."""
        if self.state is NodeState.FAILED:
            return theme.UNDEFINED, "#fee2e2", theme.UNDEFINED
        if self.state is NodeState.MUTED:
            return theme.MUTED, "#f1f5f9", theme.MUTED
        fill = CURRENT_FILL if self.current else "#ffffff"
        if self.state is NodeState.PENDING:
            return (self.phase_color if self.current else EDGE_IDLE), fill, "#64748b"
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
        self.upper_label = Label(size=10.5, anchor="bottom")
        self.upper_label.setPos(middle.x(), middle.y() - 4)
        self.lower_label = Label(size=10.5, anchor="top")
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
    """The dot that travels along an edge while a step animates."""

    RADIUS = 7.0

    def __init__(self):
        super().__init__()
        self.color = QColor(theme.FORWARD)
        self.setZValue(5)
        self.setVisible(False)

    @guarded(default=QRectF())
    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        r = self.RADIUS + 2
        return QRectF(-r, -r, 2 * r, 2 * r)

    @guarded
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        painter.setPen(QPen(QColor("#ffffff"), 2))
        painter.setBrush(QBrush(self.color))
        painter.drawEllipse(QPointF(0, 0), self.RADIUS, self.RADIUS)


# how an edge's two labels (partial: 2 lines; term: 1 line) stack around its label point:
# the block they cover, as (top, height) relative to the point
LABEL_STACKS = {"split": (-40.0, 64.0), "above": (-62.0, 58.0), "below": (4.0, 58.0)}


def _overlap(a: QRectF, b: QRectF) -> float:
    """The area two rectangles share."""
    both = a.intersected(b)
    return 0.0 if both.isEmpty() else both.width() * both.height()


class _RectGrid:
    """Rectangles bucketed by grid cell, so finding the ones near a block does not look at
    every rectangle (placing labels on a large graph was quadratic)."""

    CELL = 160.0

    def __init__(self) -> None:
        self._rects: list[QRectF] = []
        self._cells: dict[tuple[int, int], list[int]] = {}

    def _cells_of(self, rect: QRectF) -> Iterator[tuple[int, int]]:
        c = self.CELL
        for gx in range(math.floor(rect.left() / c), math.floor(rect.right() / c) + 1):
            for gy in range(math.floor(rect.top() / c), math.floor(rect.bottom() / c) + 1):
                yield gx, gy

    def add(self, rect: QRectF) -> None:
        self._rects.append(rect)
        for cell in self._cells_of(rect):
            self._cells.setdefault(cell, []).append(len(self._rects) - 1)

    def near(self, rect: QRectF) -> list[QRectF]:
        """Every rectangle that shares a cell with ``rect`` (a superset of those it overlaps)."""
        found: set[int] = set()
        for cell in self._cells_of(rect):
            found.update(self._cells.get(cell, ()))
        return [self._rects[k] for k in sorted(found)]


def _stack_labels(edge: EdgeItem, point: QPointF, stack: str) -> None:
    """Partial above and term below the edge ("split"), or both on one side."""
    x, y = point.x(), point.y()
    upper, lower = edge.upper_label, edge.lower_label
    if stack == "above":
        upper.set_anchor("bottom")
        upper.setPos(x, y - 24)
        lower.set_anchor("bottom")
        lower.setPos(x, y - 4)
    elif stack == "below":
        upper.set_anchor("top")
        upper.setPos(x, y + 4)
        lower.set_anchor("top")
        lower.setPos(x, y + 40)
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


def _edge_path(route: list[tuple[float, float]], bend: int) -> QPainterPath:
    """S-curves through the route's points, leaving and entering nodes horizontally."""
    points = [QPointF(x * LAYER_DX, y * ROW_DY) for x, y in route]
    offset = 12.0 * bend
    start = QPointF(points[0].x() + NODE_W / 2, points[0].y() + offset)
    end = QPointF(points[-1].x() - NODE_W / 2 - 1, points[-1].y() + offset)
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

    def set_graph(self, graph: Graph) -> None:
        """Rebuild the items (only when the graph's shape changed; labels update per step)."""
        if graph == self._graph:
            return
        self._graph = graph
        for item in [*self.nodes, *self.edges.values()]:
            self.removeItem(item)
        for edge in self.edges.values():
            self.removeItem(edge.upper_label)
            self.removeItem(edge.lower_label)
        self.nodes, self.edges = [], {}
        self.hide_token()
        placed = layout(graph)
        output = graph.output
        for i in range(len(graph.nodes)):
            name = n.v(i)
            if i == output and i != 0:
                name = f"y = {name}"
            elif i == 0:
                name = f"x = {name}" if output != 0 else f"x = y = {name}"
            item = NodeItem(i, n.node_title(graph, i), name)
            x, y = placed.positions[i]
            item.setPos(x * LAYER_DX, y * ROW_DY)
            self.addItem(item)
            self.nodes.append(item)
        for key, route in placed.routes.items():
            edge = EdgeItem(key, _edge_path(route, placed.parallel.get(key, 0)))
            self.addItem(edge)
            self.addItem(edge.upper_label)
            self.addItem(edge.lower_label)
            self.edges[key] = edge
        self._place_labels()
        self._spread_parallel_labels(placed.parallel)
        # room for the labels (up to Label.WRAP wide) around the outermost nodes
        nodes = self.nodes[0].sceneBoundingRect()
        for item in [*self.nodes[1:], *self.edges.values()]:
            nodes = nodes.united(item.sceneBoundingRect())
        # (a failure reason, up to Label.WRAP wide, may spill past a short chain's ends: the
        # room for it would shrink every chain's fitted zoom)
        margin_x = LABEL_HALF_W - NODE_W / 2 + 16
        self.setSceneRect(nodes.adjusted(-margin_x, -52, margin_x, 52))

    def _place_labels(self) -> None:
        """Slide each edge's labels along the edge to a spot clear of nodes and their labels."""
        taken = _RectGrid()
        for node in self.nodes:  # the node with its value label above and adjoint below
            centre = node.scenePos()
            taken.add(
                QRectF(
                    centre.x() - LABEL_HALF_W,
                    centre.y() - NODE_H / 2 - 24,
                    2 * LABEL_HALF_W,
                    NODE_H + 48,
                )
            )
        for edge in self.edges.values():
            best = None
            for t in LABEL_SPOTS:
                point = edge.path.pointAtPercent(t)
                for stack, (top, height) in LABEL_STACKS.items():
                    block = QRectF(point.x() - 60, point.y() + top, 120, height)
                    clashes = sum(_overlap(block, r) for r in taken.near(block))
                    if best is None or clashes < best[0]:
                        best = (clashes, point, block, stack)
                    if clashes == 0:
                        break
                if best[0] == 0:
                    break
            _, point, block, stack = best
            taken.add(block)
            _stack_labels(edge, point, stack)

    def _spread_parallel_labels(self, parallel: dict[tuple[int, int], int]) -> None:
        """Edges sharing both ends (x*x): put each edge's labels on its own side."""
        for key, bend in parallel.items():
            if bend == 0:
                continue
            edge = self.edges[key]
            middle = edge.path.pointAtPercent(LABEL_AT)
            # both labels on the outer side of this edge
            _stack_labels(edge, middle, "below" if bend > 0 else "above")

    def highlight_node(self, node: int) -> None:
        """Mark node ``node`` as the one selected elsewhere (-1: none)."""
        for item in self.nodes:
            item.set_selected(item.index == node)

    def highlighted_node(self) -> int:
        return next((item.index for item in self.nodes if item.selected), -1)

    # ---- showing a step -------------------------------------------------------------------

    def show_step(self, step: Step, mode: Mode) -> None:
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
                text = f"× {n.vbar(node)} → {n.fmt(frame.terms[key])}"
                edge.lower_label.set_text(text, theme.BACKWARD)
            else:
                input_ = self._graph.nodes[node].inputs[position]
                text = f"× {n.vdot(input_)} → {n.fmt(frame.terms[key])}"
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
        for token, edge in zip(self._tokens, self._token_edges, strict=False):
            token.color = QColor(color)
            edge.set_style(color, 2.6)  # the edge a token travels along
            token.setVisible(True)
        self.set_token_progress(0.0)
        return True

    def set_token_progress(self, t: float) -> None:
        t = min(max(t, 0.0), 1.0)
        along = 1.0 - t if self._token_backward else t
        for token, edge in zip(self._tokens, self._token_edges, strict=False):
            token.setPos(edge.path.pointAtPercent(along))

    def hide_token(self) -> None:
        for token in self._tokens:
            token.setVisible(False)
        self._token_edges = []


class GraphView(QGraphicsView):
    """Fits the graph; if fitting would make it unreadable, keeps a readable zoom and follows
    the current node. Ctrl+wheel (or +/−) zooms; the panel's Fit button resets."""

    MIN_READABLE = 0.7  # below this scale the numbers are too small to read

    def __init__(self, scene: GraphScene, parent: QWidget | None = None):
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setBackgroundBrush(QColor("#f8fafc"))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the panel keeps the keyboard
        # no scroll bars: fitting would show or hide them, which resizes the viewport, which
        # fits again (a resize loop). Drag to pan; the view follows the current node.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._user_zoomed = False
        self._follow: QPointF | None = None

    def fit(self) -> None:
        """Scale to show the whole graph, but never below a readable size."""
        self._user_zoomed = False
        rect = self.sceneRect()
        if rect.isEmpty() or self.viewport().width() < 10:
            return
        view = self.viewport().rect()
        scale = min(view.width() / rect.width(), view.height() / rect.height(), 1.25)
        scale = max(scale, self.MIN_READABLE)
        self.resetTransform()
        self.scale(scale, scale)
        if self._follow is not None and scale <= self.MIN_READABLE:
            self.centerOn(self._follow)
        else:
            self.centerOn(rect.center())

    def follow(self, point: QPointF) -> None:
        """Keep ``point`` (the current node) in view when the graph does not fit."""
        self._follow = point
        margin = int(NODE_W)
        self.ensureVisible(QRectF(point.x() - 1, point.y() - 1, 2, 2), margin, margin)

    def zoom(self, factor: float) -> None:
        self._user_zoomed = True
        self.scale(factor, factor)

    @guarded
    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            event.accept()
            return
        super().wheelEvent(event)

    @guarded
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if not self._user_zoomed:
            self.fit()
