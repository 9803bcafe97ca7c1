"""The canvas's items: a node (its op, input ports on the left, output port on the right), a
wire from an output port to an input port, and the hint box that says what a drop or a
wire would do (or why not)."""

from __future__ import annotations

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
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QStyleOptionGraphicsItem

from guiad.anim.notation import op_text
from guiad.core.expression import format_number
from guiad.core.graph import CONST, INPUT
from guiad.core.ops import GROUPS, OPS
from guiad.core.sketch import SketchNode
from guiad.ui import theme
from guiad.ui.guard import guarded

NODE_H = 40.0
OP_W = 84.0
LEAF_W = 56.0  # an input or a constant
# at most this wide, its label cut with "…" (its tooltip says it all): the layout puts 150 px
# between layers, and a 29-letter input name drew its node over the op it feeds
MAX_W = 130.0
PORT_R = 5.0
PORT_HIT = 12.0  # how near a port the pointer must be to pick it
OK = "#16a34a"  # a port that takes the wire being drawn


def node_label(node: SketchNode) -> str:
    if node.op == INPUT:
        return node.name or "?"
    if node.op == CONST:
        return format_number(node.param if node.param is not None else 0.0)
    return op_text(node.op, node.param)


def _tip(node: SketchNode) -> str:
    if node.op == INPUT:
        return f"Input {node.name}: double-click or F2 to rename it (x1, rate, …)"
    if node.param is not None:
        return "Double-click or F2 to type its value (2.5, pi/2)"
    return ""


def _colour(node: SketchNode) -> QColor:
    if node.op in (INPUT, CONST):
        return QColor(theme.FORWARD if node.op == INPUT else theme.MUTED)
    group = OPS[node.op].group
    return QColor(theme.OP_GROUPS[GROUPS.index(group) % len(theme.OP_GROUPS)])


class NodeItem(QGraphicsItem):
    """One node of the sketch, at its scene position; ``id`` is its sketch id."""

    def __init__(self, id: int, node: SketchNode, is_output: bool, font: QFont):
        super().__init__()
        self.id, self.node, self.is_output = id, node, is_output
        self.label = node_label(node)
        self._font = font
        metrics = QFontMetricsF(font)
        base = LEAF_W if node.op in (INPUT, CONST) else OP_W
        self.width = min(max(base, metrics.horizontalAdvance(self.label) + 20), MAX_W)
        self.shown = metrics.elidedText(self.label, Qt.TextElideMode.ElideRight, self.width - 20)
        self.open_ports = {k for k, j in enumerate(node.inputs) if j is None}
        self.marked_port: tuple[int, bool] | None = None  # (port, takes the wire) while wiring
        self.focus_ring = False
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setZValue(1)
        cut = f"{self.label}\n" if self.shown != self.label and node.op != INPUT else ""
        self.setToolTip(cut + _tip(node))
        self.moved_callback = None

    # ---- geometry ---------------------------------------------------------------------

    @property
    def arity(self) -> int:
        return len(self.node.inputs)

    def body(self) -> QRectF:
        return QRectF(-self.width / 2, -NODE_H / 2, self.width, NODE_H)

    def input_port(self, k: int) -> QPointF:
        """Input port ``k`` in item coordinates (spread down the left side)."""
        y = (k + 1) * NODE_H / (self.arity + 1) - NODE_H / 2
        return QPointF(-self.width / 2, y)

    def output_port(self) -> QPointF:
        return QPointF(self.width / 2, 0.0)

    def port_at(self, scene_pos: QPointF) -> tuple[str, int] | None:
        """("in", k) or ("out", 0) for a port within PORT_HIT of ``scene_pos``."""
        p = self.mapFromScene(scene_pos)
        best, best_d = None, PORT_HIT
        candidates = [(("in", k), self.input_port(k)) for k in range(self.arity)]
        candidates.append((("out", 0), self.output_port()))
        for which, where in candidates:
            d = (where - p).manhattanLength()
            if d <= best_d:
                best, best_d = which, d
        return best

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        return self.body().adjusted(-PORT_R - 3, -14, PORT_R + 16, 4)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self.body().adjusted(-PORT_R, 0, PORT_R, 0), 8, 8)
        return path

    # ---- drawing ----------------------------------------------------------------------

    @guarded
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        colour = _colour(self.node)
        body = self.body()
        if self.isSelected():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(*theme.SELECTED_GLOW))
            painter.drawRoundedRect(body.adjusted(-5, -5, 5, 5), 11, 11)
        fill = QColor(theme.PARAM_FILL if self.node.param is not None else theme.NODE_FILL)
        pen = QPen(
            QColor(theme.FORWARD) if self.is_output else colour, 3 if self.is_output else 1.5
        )
        painter.setPen(pen)
        painter.setBrush(fill)
        radius = NODE_H / 2 if self.node.op == INPUT else 8
        painter.drawRoundedRect(body, radius, radius)
        if self.focus_ring:
            ring = QPen(QColor(theme.FOCUS_RING), 1, Qt.PenStyle.DotLine)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(body.adjusted(3, 3, -3, -3), radius - 2, radius - 2)
        painter.setFont(self._font)
        painter.setPen(QColor(theme.GRAPH_TEXT))
        painter.drawText(body, Qt.AlignmentFlag.AlignCenter, self.shown)
        self._paint_ports(painter, colour)
        if self.is_output:
            self._paint_output_tag(painter)

    def _paint_ports(self, painter: QPainter, colour: QColor) -> None:
        for k in range(self.arity):
            open_ = k in self.open_ports
            ring, fill = colour, QBrush(QColor(theme.NODE_FILL) if open_ else colour)
            if self.marked_port is not None and self.marked_port[0] == k:
                ring = QColor(OK if self.marked_port[1] else theme.UNDEFINED)
                fill = QBrush(ring)
            elif open_:
                ring = QColor(theme.UNDEFINED)
            painter.setPen(QPen(ring, 2))
            painter.setBrush(fill)
            painter.drawEllipse(self.input_port(k), PORT_R, PORT_R)
        painter.setPen(QPen(colour, 2))
        painter.setBrush(colour)
        painter.drawEllipse(self.output_port(), PORT_R, PORT_R)

    def _paint_output_tag(self, painter: QPainter) -> None:
        """A small "f" beside the output port: this node's value is f."""
        corner = self.output_port() + QPointF(PORT_R + 2, -NODE_H / 2 - 2)
        painter.setPen(QColor(theme.FORWARD))
        font = QFont(self._font)
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(corner, QPointF(corner.x() + 14, corner.y() + 16)), "f")

    def set_marked_port(self, mark: tuple[int, bool] | None) -> None:
        if mark != self.marked_port:
            self.marked_port = mark
            self.update()

    def set_focus_ring(self, on: bool) -> None:
        if on != self.focus_ring:
            self.focus_ring = on
            self.update()

    def itemChange(self, change, value):  # noqa: N802 (Qt override)
        if (
            change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged
            and self.moved_callback is not None
        ):
            self.moved_callback(self.id)
        return super().itemChange(change, value)


def wire_path(start: QPointF, end: QPointF) -> QPainterPath:
    """A wire: an S-curve leaving the output to the right, entering the input from the left."""
    path = QPainterPath(start)
    pull = max(30.0, abs(end.x() - start.x()) / 2)
    path.cubicTo(start + QPointF(pull, 0), end - QPointF(pull, 0), end)
    return path


class WireItem(QGraphicsPathItem):
    """The wire from node ``src``'s output into input ``port`` of node ``dst``."""

    def __init__(self, src: int, dst: int, port: int):
        super().__init__()
        self.src, self.dst, self.port = src, dst, port
        self.setPen(QPen(QColor(theme.TEXT_PENDING), 1.6))
        self.setZValue(0)
        self._hit = QPainterPath()

    def route(self, start: QPointF, end: QPointF) -> None:
        self.setPath(wire_path(start, end))
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        self._hit = stroker.createStroke(self.path())

    def shape(self) -> QPainterPath:
        return self._hit

    def set_hot(self, hot: bool) -> None:
        """Drawn thicker while a drop would insert an op on it."""
        colour = theme.FORWARD if hot else theme.TEXT_PENDING
        self.setPen(QPen(QColor(colour), 3 if hot else 1.6))


class HintItem(QGraphicsItem):
    """A short sentence in a box by the pointer, readable at any zoom."""

    def __init__(self, font: QFont):
        super().__init__()
        self._font = font
        self.text = ""
        self.bad = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(100)
        self.hide()

    def say(self, text: str, at: QPointF, bad: bool = False) -> None:
        self.prepareGeometryChange()
        self.text, self.bad = text, bad
        self.setPos(at + QPointF(14, 14))
        self.setVisible(bool(text))
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        width = QFontMetricsF(self._font).horizontalAdvance(self.text) + 14
        return QRectF(0, 0, width, QFontMetricsF(self._font).height() + 8)

    @guarded
    def paint(self, painter: QPainter, option, widget=None) -> None:
        rect = self.boundingRect()
        painter.setPen(QPen(QColor(theme.UNDEFINED if self.bad else theme.EDGE_IDLE), 1))
        painter.setBrush(QColor(*theme.LABEL_BACKDROP))
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.setFont(self._font)
        painter.setPen(QColor(theme.ERROR_TEXT if self.bad else theme.GRAPH_TEXT))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text)
