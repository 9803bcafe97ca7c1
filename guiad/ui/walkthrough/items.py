"""The walkthrough graph's items: labels, nodes, edges (with their paths) and the token.

Scene units are pixels at zoom 1. Text sizes are pixel sizes, so the view's zoom alone
decides how tall a label is on screen (LABEL_PX × zoom ≥ READABLE_PX).
"""

from __future__ import annotations

import math
from enum import Enum
from functools import lru_cache

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
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from guiad.ui import theme
from guiad.ui.guard import guarded

LABEL_PX = 14  # node and edge labels (edges were 9–10 px on screen)
TITLE_PX = 15  # the op inside a node
READABLE_PX = 11.0  # the smallest text height on screen the view allows
LAYER_DX = 200.0  # scene units between layers (a node, its value label and an edge label)
ROW_DY = 116.0  # between rows of a layered graph
SNAKE_DY = 112.0  # between the rows of a chain wrapped snake-style
NODE_W = 84.0
NODE_H = 46.0
# a chain too long for one row is drawn compact: nodes show their op only (the value label
# above names vᵢ), the contribution lands in the adjoint below instead of on the edge too
COMPACT_W = 66.0
COMPACT_H = 30.0
TURN_REACH = 30.0  # how far a snake's turn bulges past its nodes
TURN_GAP = 4.0  # between a turn and its labels
TURN_LABEL_W = 124.0  # the labels beside a turn (−5.7230e−06 is this wide)
EDGE_IDLE = theme.EDGE_IDLE
TEXT = theme.GRAPH_TEXT
LABEL_AT = 0.5  # the first spot tried along an edge for the labels of parallel edges (x*x)
LABEL_SPOTS = (0.5, 0.6, 0.4, 0.7, 0.3, 0.8, 0.2)  # the spots tried, in order
LABEL_HALF_W = 56.0  # half the width of a typical node label (v₁₂ = −0.4161)
EDGE_LABEL_W = 92.0  # an edge label: ∂v₁₀/∂v₉ over = −0.2488
CURRENT_FILL = theme.CURRENT_FILL
SELECTED_GLOW = QColor(*theme.SELECTED_GLOW)
SELECTED_ROW = theme.SELECTED_ROW  # the table row of the selected node
GLOW = 7.0  # how far the selection glow reaches beyond the node
TRUNK_DROP = 80.0  # how far before its node an edge leaves its source's trunk


class NodeState(Enum):
    PENDING = "pending"  # not computed yet
    DONE = "done"  # its value is known
    FAILED = "failed"
    MUTED = "muted"  # downstream of a failure


def _font(pixels: int, bold: bool = False, condensed: bool = False) -> QFont:
    """``condensed``: a narrower face at the same height (DejaVu Sans Condensed, where the
    system has one), for compact chains."""
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    if condensed:
        font.setStretch(QFont.Stretch.SemiCondensed)
    return font


@lru_cache(maxsize=64)
def _shared_font(
    pixels: int, bold: bool = False, condensed: bool = False, struck: bool = False
) -> QFont:
    """One font per key for every label and node, never changed (a 200-node graph's 1,600
    labels made 1,600 fonts, and the garbage collector went through them all)."""
    font = _font(pixels, bold, condensed)
    font.setStrikeOut(struck)
    return font


@lru_cache(maxsize=64)
def _shared_color(name: str) -> QColor:
    """One colour per name for every label, never changed (see ``_shared_font``)."""
    return QColor(name)


_NO_RECT = QRectF()  # never changed in place: a label lays out a rectangle of its own

FontKey = tuple[int, bool, bool, bool]  # pixels, bold, condensed, struck (see _font)
_METRICS: dict[FontKey, QFontMetricsF] = {}  # (the app's default face does not change)
_WRAPPED = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap


@lru_cache(maxsize=4096)
def _wrapped_size(font: FontKey, text: str, wrap: float) -> tuple[float, float]:
    """The size of ``text`` wrapped at ``wrap`` in the font ``font`` (a label shows the same
    texts again and again: each step, each rebuild, each measuring of the room)."""
    box = _METRICS[font].boundingRect(QRectF(0, 0, wrap, 1e4), _WRAPPED, text)
    return box.width(), box.height()


class Label(QGraphicsItem):
    """Text on a soft white backdrop, centred on its position; empty text draws nothing."""

    WRAP = 200.0  # longer texts (failure reasons) wrap onto more lines

    def __init__(
        self,
        size: int = LABEL_PX,
        bold: bool = False,
        parent=None,
        anchor="center",
        condensed: bool = False,
    ):
        super().__init__(parent)
        self._anchor = anchor  # which side of the text sits at pos(): center, bottom or top
        self._side = "center"  # or "left": pos() is at the text's left edge ("right": right)
        self._key = (size, bold, condensed)
        self._font = _shared_font(*self._key)
        self._text = ""
        self._color = _shared_color(TEXT)
        self._rect = _NO_RECT  # (shared until it shows a text: most labels start empty)
        self._nudge = 0.0  # how far keep_inside slid it from where it was placed
        self.setZValue(3)

    def text(self) -> str:
        return self._text

    def pixel_size(self) -> int:
        """The text's height in scene units (the view's zoom times this is its screen size)."""
        return self._font.pixelSize()

    def side(self) -> str:
        """Which side of the text sits at pos(): center, left or right."""
        return self._side

    def set_anchor(self, anchor: str, side: str = "center") -> None:
        if (anchor, side) == (self._anchor, self._side):
            return  # (nothing moves: placing a large graph's labels re-anchored each)
        self._anchor = anchor
        self._side = side
        self._layout()

    def set_text(self, text: str, color: str = TEXT, struck: bool = False) -> None:
        """``struck``: drawn struck through (a contribution the fan-out mistake lost)."""
        if text == self._text and _shared_color(color) == self._color and struck == self.struck():
            return
        self._text = text
        self._color = _shared_color(color)
        self._font = _shared_font(*self._key, struck)
        self._layout()

    def keep_inside(self, bounds: QRectF) -> bool:
        """Slide sideways from where it was placed so its text stays within ``bounds`` (the
        scene the view fits): a text wider than the room kept for it, as a fan-out's
        "v̄₁ += 2.0000 → 1.7163" for one step, was cut at the view's edge. (Widening the
        scene for it instead cost the fit of every fan-out graph: x·sin(x) in a narrow panel.)
        True if it was slid (it may then reach an edge's label: NodeItem.lift)."""
        home = self.mapRectToScene(self._rect).translated(-self._nudge, 0)
        nudge = 0.0
        if home.left() < bounds.left():
            nudge = bounds.left() - home.left()
        elif home.right() > bounds.right():
            nudge = bounds.right() - home.right()
        if nudge != self._nudge:
            self.setX(self.x() - self._nudge + nudge)
            self._nudge = nudge
        return nudge != 0.0

    def struck(self) -> bool:
        return self._font.strikeOut()

    def size_of(self, text: str) -> tuple[float, float]:
        """The size this label takes showing ``text`` (what it shows is not changed: the
        room for labels is measured on every text of a graph before any is drawn)."""
        if not text:
            return 0.0, 0.0
        key = (*self._key, self._font.strikeOut())
        if key not in _METRICS:
            _METRICS[key] = QFontMetricsF(self._font)
        width, height = _wrapped_size(key, text, self.WRAP)
        return width + 8, height + 2

    def _layout(self) -> None:
        self.prepareGeometryChange()
        width, height = self.size_of(self._text)
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
        painter.drawText(self._rect, _WRAPPED, self._text)


class NodeItem(QGraphicsItem):
    """One node: its op on the first line, its name (vᵢ, x, y) on the second (``compact``:
    the op only, in a smaller box)."""

    def __init__(self, index: int, title: str, name: str, compact: bool = False):
        super().__init__()
        self.index = index
        self.title = title
        self.name = name
        self.compact = compact
        self.w, self.h = (COMPACT_W, COMPACT_H) if compact else (NODE_W, NODE_H)
        self.state = NodeState.PENDING
        self.current = False
        self.phase_color = theme.FORWARD
        self.selected = False  # its card is selected in the chain strip
        self._shown: tuple[str, str] | None = None  # (see shown_texts)
        self._title_font = _shared_font(TITLE_PX, bold=True, condensed=compact)
        self._name_font = _shared_font(LABEL_PX)
        self.setZValue(2)
        self.value_label = Label(parent=self, anchor="bottom", condensed=compact)
        self.value_label.setPos(0, -self.h / 2 - 3)
        self.lower_label = Label(
            parent=self, anchor="top", condensed=compact
        )  # the adjoint (or v̇ in forward mode)
        self.lower_label.setPos(0, self.h / 2 + 3)
        self.setToolTip(f"{name}: {title}")

    def lift(self, on: bool) -> None:
        """Drawn over the edges' labels (z 3), with its own: while a label of its is slid
        inside the view onto a neighbour's (Label.keep_inside), it is the one to read."""
        self.setZValue(3.5 if on else 2)

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
            -self.w / 2 - reach, -self.h / 2 - reach, self.w + 2 * reach, self.h + 2 * reach
        )

    @guarded
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        rect = QRectF(-self.w / 2, -self.h / 2, self.w, self.h)
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
        title, name = self.shown_texts()
        if self.compact:
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, title)
            return
        top = QRectF(rect.left(), rect.top() + 3, rect.width(), rect.height() / 2)
        painter.drawText(top, Qt.AlignmentFlag.AlignCenter, title)
        painter.setFont(self._name_font)
        bottom = QRectF(rect.left(), rect.center().y(), rect.width(), rect.height() / 2 - 3)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignCenter, name)

    def shown_texts(self) -> tuple[str, str]:
        """The op (or input's name) and the name as drawn: whole where they fit the box,
        else cut at the right with "…" (a long input name was clipped on both sides; the
        tooltip has it whole). Worked out when first painted, not when made."""
        if self._shown is None:
            self._shown = (
                _fitted(self.title, self._title_font, self.w),
                _fitted(self.name, self._name_font, self.w),
            )
        return self._shown

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

    def __init__(
        self, key: tuple[int, int], path: QPainterPath, compact: bool = False, on_trunk=False
    ):
        super().__init__()
        self.key = key
        self.path = path
        self.on_trunk = on_trunk  # drawn along a trunk other edges share (see _trunk_path)
        self.color = EDGE_IDLE
        self.width = 1.6
        self.setZValue(1)
        end = path.pointAtPercent(1.0)
        angle = path.angleAtPercent(0.999)
        self._arrow = _arrow_head(end, angle)
        bounds = path.boundingRect().united(self._arrow.boundingRect())
        self._bounds = bounds.adjusted(-4, -4, 4, 4)
        # (the scene places them: GraphScene._place_labels, _place_compact_labels)
        self.upper_label = Label(anchor="bottom", condensed=compact)
        self.lower_label = Label(anchor="top", condensed=compact)

    def set_style(self, color: str, width: float) -> None:
        if (color, width) != (self.color, self.width):
            self.color, self.width = color, width
            self.update()
            if self.on_trunk:  # the boldest of the edges sharing the trunk is the one seen
                self.setZValue(1 + width / 100)

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


def _fitted(text: str, font: QFont, width: float) -> str:
    """``text`` whole if it is no wider than ``width``, else cut at the right to fit with a
    little room either side, ending in "…"; a name line keeps its " = v₁" and cuts the
    input's name before it."""
    metrics = QFontMetricsF(font)
    if metrics.horizontalAdvance(text) <= width:
        return text
    elide = Qt.TextElideMode.ElideRight
    name, equals, rest = text.partition(" = ")
    room = width - 8 - metrics.horizontalAdvance(equals + rest)
    if equals and room >= metrics.horizontalAdvance("x…"):
        return metrics.elidedText(name, elide, room) + equals + rest
    return metrics.elidedText(text, elide, width - 8)


def _arrow_head(tip: QPointF, angle_degrees: float) -> QPolygonF:
    a = math.radians(angle_degrees)
    # Qt's angles are counter-clockwise with y pointing down
    dx, dy = math.cos(a), -math.sin(a)
    size, half = 11.0, 5.5
    base = QPointF(tip.x() - dx * size, tip.y() - dy * size)
    normal = QPointF(-dy * half, dx * half)
    return QPolygonF([tip, base + normal, base - normal])


def _edge_path(
    points: list[QPointF],
    bend: int,
    half_w: float = NODE_W / 2,
    flats: tuple[float, float] = (0.0, 0.0),
    through: float = 0.0,
    ends: tuple[bool, bool] = (True, True),
) -> QPainterPath:
    """S-curves through the route's points, leaving and entering nodes (``half_w`` wide
    each side of their centre) at their sides (left to right, or right to left on a snake's
    reversed rows). ``flats``: how far the edge runs straight out of its source and into its
    target before it bends (room for its labels where it is level); ``through``: the same
    on each side of a point between (where an edge skips a layer); ``ends``: whether each
    end is a node (else a point where the edge turns to the next band: no node to leave)."""
    offset = 12.0 * bend
    way = 1.0 if points[-1].x() >= points[0].x() else -1.0
    start_w, end_w = (half_w if ends[0] else 0.0), (half_w + 1 if ends[1] else 0.0)
    start = QPointF(points[0].x() + way * start_w, points[0].y() + offset)
    end = QPointF(points[-1].x() - way * end_w, points[-1].y() + offset)
    inner = points[1:-1]
    stops = [start, *inner, end]
    runs = [flats[0], *([through] * (2 * len(inner))), flats[1]]
    path = QPainterPath(start)
    for k in range(len(stops) - 1):
        a, b = stops[k], stops[k + 1]
        out, into = runs[2 * k], runs[2 * k + 1]
        room = abs(b.x() - a.x()) - 40  # at least this much to bend in
        if out + into > max(room, 0.0):
            scale = max(room, 0.0) / (out + into)
            out, into = out * scale, into * scale
        a2 = QPointF(a.x() + way * out, a.y())
        b2 = QPointF(b.x() - way * into, b.y())
        if out:
            path.lineTo(a2)
        dx = (b2.x() - a2.x()) / 2
        lift = 2.2 * offset if not inner else 0.0  # parallel edges bulge apart
        path.cubicTo(QPointF(a2.x() + dx, a2.y() + lift), QPointF(b2.x() - dx, b2.y() + lift), b2)
        if into:
            path.lineTo(b)
    return path


def _trunk_path(
    points: list[QPointF], half_w: float = NODE_W / 2, drop: float = TRUNK_DROP
) -> tuple[QPainterPath, QPainterPath]:
    """An edge along its source's trunk (points: the source, the trunk's points up to the
    layer before the edge's node, the node): out of the source and along the trunk, level
    on until ``drop`` before the node's side, then an S-curve into it (edges that left the
    trunk one layer early crossed the labels of the edges between the nodes it feeds).
    Also that S-curve alone (the edge's own part: the trunk is shared)."""
    *trunk, target = points
    way = 1.0 if target.x() >= trunk[0].x() else -1.0
    end = QPointF(target.x() - way * (half_w + 1), target.y())
    last = trunk[-1]
    leave = QPointF(end.x() - way * drop, last.y())
    if way * (leave.x() - last.x()) <= 0:  # no room to run on: leave where the trunk ends
        leave = last
    else:
        trunk.append(leave)
    path = _edge_path(trunk, 0, half_w, ends=(True, False))
    dx = (end.x() - leave.x()) / 2
    controls = QPointF(leave.x() + dx, leave.y()), QPointF(end.x() - dx, end.y())
    path.cubicTo(*controls, end)
    branch = QPainterPath(leave)
    branch.cubicTo(*controls, end)
    return path, branch


def _turn_path(
    a: QPointF,
    b: QPointF,
    side: str,
    bulge: float,
    half_w: float = NODE_W / 2,
    ends: tuple[bool, bool] = (True, True),
) -> QPainterPath:
    """A snake's turn: out of node ``a``'s ``side``, round and into node ``b`` below it,
    reaching ``bulge`` past the nodes' sides. ``ends``: whether each end is a node (else a
    point of an edge that skips layers: the turn starts or ends right there)."""
    way = 1.0 if side == "right" else -1.0
    start = QPointF(a.x() + way * (half_w if ends[0] else 0.0), a.y())
    end = QPointF(b.x() + way * (half_w + 1 if ends[1] else 0.0), b.y())
    # a cubic's middle reaches 3/4 of its controls; from a point with no node the controls
    # reach past where the node's side would be
    out_a = way * (bulge + (0.0 if ends[0] else half_w)) * 4 / 3
    out_b = way * (bulge + (0.0 if ends[1] else half_w)) * 4 / 3
    path = QPainterPath(start)
    path.cubicTo(QPointF(start.x() + out_a, start.y()), QPointF(end.x() + out_b, end.y()), end)
    return path


def _banded_path(
    points: list[QPointF],
    turns: tuple[tuple[int, str, int], ...],
    reach: float,
    level_step: float,
    half_w: float = NODE_W / 2,
    flats: tuple[float, float] = (0.0, 0.0),
    through: float = 0.0,
) -> QPainterPath:
    """An edge of a graph wrapped into bands: S-curves along each band, a turn (reaching
    ``reach`` plus ``level_step`` per nesting level past the nodes) down to the next band
    at each of ``turns`` (see guiad/anim/layout.py ``bands``)."""
    last = len(points) - 1
    path: QPainterPath | None = None

    def join(piece: QPainterPath) -> None:
        nonlocal path
        if path is None:
            path = piece
        else:
            path.connectPath(piece)

    start = 0
    for at, side, level in turns:
        if at > start:
            run = (flats[0] if start == 0 else 0.0, 0.0)
            join(_edge_path(points[start : at + 1], 0, half_w, run, through, (start == 0, False)))
        ends = (at == 0, at + 1 == last)
        join(_turn_path(points[at], points[at + 1], side, reach + level * level_step, half_w, ends))
        start = at + 1
    if start < last:
        run = (flats[0] if start == 0 else 0.0, flats[1])
        join(_edge_path(points[start:], 0, half_w, run, through, (start == 0, True)))
    return path
