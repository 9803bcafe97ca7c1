"""The walkthrough's graph view: fits the graph (wrapping a long chain into snake rows, a
long graph into bands of layers), zooms with the wheel, pans by dragging, and follows the
current node (saying so) when the graph does not fit at a readable size."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QAbstractAnimation, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QGraphicsView, QLabel, QWidget

from guiad.anim.layout import (
    band_layers,
    banded_size,
    fitted_scale,
    is_chain,
    snake_columns,
    snake_extent,
)
from guiad.core.graph import Graph
from guiad.ui import theme
from guiad.ui.guard import guarded
from guiad.ui.walkthrough.items import LABEL_PX, NODE_H, NODE_W, READABLE_PX, ROW_DY
from guiad.ui.walkthrough.labels import COMPACT_DY, LabelRoom
from guiad.ui.walkthrough.scene import GraphScene
from guiad.ui.widgets import text_scale


class GraphView(QGraphicsView):
    """Shows the whole graph as large as fits, up to MAX_ZOOM; a chain too long for one row
    at a readable size wraps into snake rows, a graph into bands of layers. When even that
    would make the labels smaller than READABLE_PX on screen, it keeps them readable, follows
    the current node and says so. The wheel zooms, dragging pans; ``fit`` returns to the
    fitted view."""

    MAX_ZOOM = 1.3  # small graphs are not blown up beyond this
    MIN_READABLE = READABLE_PX / LABEL_PX  # the zoom at which labels are READABLE_PX tall
    ZOOM_RANGE = (0.15, 4.0)  # how far the wheel may zoom
    RELAYOUT_MS = 120  # after the last resize, wrap the chain anew
    HINT = "Not all in view at a readable size: drag to pan · View ▸ Layout for more room"

    def __init__(self, scene: GraphScene, parent: QWidget | None = None):
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setBackgroundBrush(QColor(theme.CANVAS))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the panel keeps the keyboard
        # no scroll bars: fitting would show or hide them, which resizes the viewport, which
        # fits again (a resize loop). Drag to pan; the view follows the current node.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._user_zoomed = False
        self._follow: int | None = None  # the current node
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(self.RELAYOUT_MS)
        self._relayout.timeout.connect(self._settle)
        # said over the view when the fitted view cannot show the whole graph readably (made
        # when first needed)
        self._hint: QLabel | None = None
        self._hints = True
        self._cut = False  # the fitted view shows part of the graph
        self._text_scale = 1.0  # presenter mode's

    def graph_scene(self) -> GraphScene:
        return self.scene()

    def show_graph(self, graph: Graph, room_for: Callable[[bool], LabelRoom] | None = None) -> None:
        """Draw ``graph`` and fit it (a new graph, or a new mode: labels change size).
        ``room_for(compact)`` measures the room its labels need, drawn compact or not, before
        its items are made and placed and the view is fitted (see GraphScene.measure_room)."""
        self._follow = None
        scene = self.graph_scene()
        if room_for is not None:
            scene.set_room(LabelRoom())
            compact = is_chain(graph) and self._columns_for(graph) > 0  # (as first drawn)
            scene.set_room(room_for(compact))
        if not is_chain(graph) and scene.one_band_size(graph) is None:
            scene.set_graph(graph, 0)  # measured in one band: wrappings are sized from it
        scene.set_graph(graph, self._columns_for(graph))
        self.fit()

    def zoom_level(self) -> float:
        return self.transform().m11()

    def fits(self) -> bool:
        """Whether the whole graph is in view at the current zoom and scroll."""
        shown = self.mapFromScene(self.sceneRect()).boundingRect()
        return self.viewport().rect().adjusted(-1, -1, 1, 1).contains(shown)

    def _columns_for(self, graph: Graph) -> int:
        """Nodes per row for a chain in this view: 0 (full size, one row) while that is
        readable, else the compact rows that show it largest; layers per band for any other
        graph: 0 (one band) while that is readable or no wrapping is, else the bands that
        show it largest (see ``GraphScene.set_graph``). In presenter mode, rows or bands
        that show the labels at its size (``wanted_zoom``) come before one smaller row."""
        if self.viewport().width() < 10:
            return 0
        view = (float(self.viewport().width()), float(self.viewport().height()))
        room = self.graph_scene().room
        if not is_chain(graph):
            placed = self.graph_scene().layout_of(graph)
            cell, pad = self._graph_cell(graph)
            # presenter mode: bands that show the labels at its size, else as usual
            for least in dict.fromkeys((self.wanted_zoom(), self.MIN_READABLE)):
                per_band = band_layers(
                    placed,
                    view,
                    cell,
                    pad,
                    least=least,
                    most=self.MAX_ZOOM,
                    turn_pad=room.band_turn_pad,
                )
                if per_band < placed.layers:
                    return per_band
            return 0
        count = len(graph.nodes)
        full = fitted_scale(_full_row(room, count), view, self.MAX_ZOOM)
        wanted = self.wanted_zoom()
        if full >= wanted:
            return 0
        compact = room.compact
        cell, pad, turn = (compact.dx, COMPACT_DY), compact.pad(), compact.turn_pad()
        if wanted > self.MIN_READABLE:  # presenter mode: rows at its size beat one smaller row
            args = (count, view, cell, pad)
            columns = snake_columns(*args, least=wanted, most=self.MAX_ZOOM, turn_pad=turn)
            size = _snake_size(count, columns, cell, pad, turn)
            if fitted_scale(size, view, self.MAX_ZOOM) >= wanted:
                return columns
        if full >= self.MIN_READABLE:
            return 0
        return snake_columns(
            count, view, cell, pad, least=self.MIN_READABLE, most=self.MAX_ZOOM, turn_pad=turn
        )

    def wanted_zoom(self) -> float:
        """The zoom the view asks room for: labels READABLE_PX × the presenter's scale tall
        (it still shows a graph down to MIN_READABLE when it gets less)."""
        return max(self.MIN_READABLE, READABLE_PX * self._text_scale / LABEL_PX)

    def needed_height(self, width: float, least: float | None = None) -> float:
        """The viewport height that shows the graph whole at zoom ``least`` (by default
        ``wanted_zoom``: labels at the presenter's size) in a viewport ``width`` wide (inf if
        none does: it is too wide). It does not grow with the width."""
        least = self.wanted_zoom() if least is None else least
        scene = self.graph_scene()
        graph = scene.graph()
        if graph is None:
            return 0.0
        if not is_chain(graph):
            placed = scene.layout_of(graph)
            cell, pad = self._graph_cell(graph)
            for per_band in range(placed.layers, 0, -1):  # the fewest bands narrow enough
                turn = scene.room.band_turn_pad
                w, h = banded_size(placed, per_band, cell, pad, turn)
                if w * least <= width:
                    return h * least
            return math.inf
        room, count = scene.room, len(graph.nodes)
        full = _full_row(room, count)
        if full[0] * least <= width:
            return full[1] * least
        compact = room.compact
        for columns in range(count, 0, -1):  # the fewest rows that are narrow enough
            cell = (compact.dx, COMPACT_DY)
            w, h = _snake_size(count, columns, cell, compact.pad(), compact.turn_pad())
            if w * least <= width:
                return h * least
        return math.inf

    def _graph_cell(self, graph: Graph) -> tuple[tuple[float, float], tuple[float, float]]:
        """A graph's pitch between layers and rows, and the room around its outermost
        centres (nodes with their labels), made to match the scene drawn in one band when
        it has been (edge labels stacked above the top row, say): one band is then sized
        exactly, and its wrappings alike."""
        scene = self.graph_scene()
        room = scene.room
        cell, pad = (room.graph_dx, ROW_DY), (2 * room.node_half_w + 12, NODE_H + 48 + 12)
        drawn = scene.one_band_size(graph)
        if drawn is not None:
            placed = scene.layout_of(graph)
            w, h = banded_size(placed, placed.layers, cell, pad)
            pad = (pad[0] + drawn[0] - w, pad[1] + drawn[1] - h)
        return cell, pad

    def relayout_pending(self) -> bool:
        """Whether a resize changed the best wrapping and the relayout is still to come."""
        return self._relayout.isActive()

    def settle(self) -> None:
        """Run a pending relayout now (before a grab: its timer must not race it)."""
        if self._relayout.isActive():
            self._relayout.stop()
            self._settle()

    def fit(self, relayout: bool = True) -> None:
        """Lay out (unless ``relayout`` is False) and scale to show the whole graph, but
        never below a readable size."""
        self._user_zoomed = False
        if relayout:
            self._relayout.stop()
        scene = self.graph_scene()
        if scene.graph() is None or self.viewport().width() < 10:
            self._cut = False
            self._place_hint()
            return
        if relayout:
            scene.set_graph(scene.graph(), self._columns_for(scene.graph()))
        rect = self.sceneRect()
        view = self.viewport().rect()
        scale = min(view.width() / rect.width(), view.height() / rect.height(), self.MAX_ZOOM)
        readable = scale >= self.MIN_READABLE
        scale = max(scale, self.MIN_READABLE)
        self.resetTransform()
        self.scale(scale, scale)
        if not readable and self._followed() is not None:
            self.centerOn(self._followed())
        else:
            self.centerOn(rect.center())
        self._cut = not readable
        self._place_hint()

    def set_text_scale(self, scale: float) -> None:
        """Presenter mode: a graph that fits is blown up ``scale`` times further (its labels
        with it), and the view asks room for labels ``scale`` times READABLE_PX
        (``needed_height``); one that does not fit stays as large as fits, readable."""
        self.MAX_ZOOM = GraphView.MAX_ZOOM * scale
        self._text_scale = scale
        self.fit()

    def text_scale(self) -> float:
        """Presenter mode's scale (1.0 when it is off)."""
        return self._text_scale

    def set_hints(self, on: bool) -> None:
        """Whether the view says so when part of the graph is out of view (off in exported
        frames)."""
        self._hints = on
        self._place_hint()

    def hint_shown(self) -> bool:
        return self._hint is not None and not self._hint.isHidden()

    def _make_hint(self) -> QLabel:
        hint = QLabel(self.HINT, self)
        fill = QColor(theme.NODE_FILL)
        text_scale.set_sheet(  # (its 11 px follow View ▸ Presenter)
            hint,
            f"color: {theme.HINT_TEXT}; font-size: 11px; padding: 1px 6px;"
            f"background: rgba({fill.red()}, {fill.green()}, {fill.blue()}, 220);"
            f"border: 1px solid {theme.EDGE_IDLE}; border-radius: 4px;",
        )
        return hint

    def _place_hint(self) -> None:
        shown = self._hints and self._cut and not self._user_zoomed
        if shown and self._hint is None:
            self._hint = self._make_hint()
        if shown:
            port = self.viewport().geometry()
            self._hint.setWordWrap(False)
            self._hint.setMinimumWidth(0)
            self._hint.setMaximumWidth(16777215)
            self._hint.adjustSize()
            if self._hint.width() > port.width() - 12:  # (one line while it fits)
                self._hint.setWordWrap(True)
                self._hint.setFixedWidth(port.width() - 12)
                self._hint.adjustSize()
            self._hint.move(port.left() + 6, port.bottom() - self._hint.height() - 5)
        if self._hint is not None:
            self._hint.setVisible(shown)

    def _followed(self) -> QPointF | None:
        nodes = self.graph_scene().nodes
        if self._follow is None or self._follow >= len(nodes):
            return None
        return nodes[self._follow].pos()

    def follow(self, node: int) -> None:
        """Keep node ``node`` (the current one) in view, only when the graph does not fit."""
        self._follow = node
        if self.fits() or self._followed() is None:
            return
        point = self._followed()
        margin = int(NODE_W)
        self.ensureVisible(QRectF(point.x() - 1, point.y() - 1, 2, 2), margin, margin)

    def zoom(self, factor: float) -> None:
        low, high = self.ZOOM_RANGE
        factor = min(max(self.zoom_level() * factor, low), high) / self.zoom_level()
        self._user_zoomed = True
        self.scale(factor, factor)
        self._place_hint()  # (zoomed by hand: the hint has done its job)

    @guarded
    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        delta = event.angleDelta().y()
        if delta:
            self.zoom(1.15 ** (delta / 120))
        event.accept()

    @guarded
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if self._user_zoomed:
            return
        # scale at once; a new wrapping (a rebuild of the scene) waits until the size settles,
        # so dragging a splitter stays smooth
        self.fit(relayout=False)
        graph = self.graph_scene().graph()
        if graph is not None and self._columns_for(graph) != self.graph_scene().columns:
            self._relayout.start()

    def _settle(self) -> None:
        if not self._user_zoomed:
            self.fit()


def settle_layout(widget: QWidget, rounds: int = 20) -> None:
    """Lay out everything under ``widget`` now, as an idle machine would before a grab:
    posted resizes and layout requests, every graph view's delayed rewrap, and Qt's own
    short animations (a line edit's clear button fading in) at their end. A loaded machine
    grabbed before the rewrap's timer fired: the same command drew two pictures."""
    app = QApplication.instance()
    for _ in range(rounds):
        app.processEvents()
        views = [widget] if isinstance(widget, GraphView) else []
        pending = [v for v in views + widget.findChildren(GraphView) if v.relayout_pending()]
        if not pending:
            break
        for view in pending:
            view.settle()
    for animation in widget.findChildren(QAbstractAnimation):
        if animation.state() == QAbstractAnimation.State.Running and animation.loopCount() == 1:
            animation.setCurrentTime(animation.totalDuration())
    app.processEvents()


def _full_row(room: LabelRoom, count: int) -> tuple[float, float]:
    """Width and height of a chain of ``count`` nodes at full size in one row."""
    return (count - 1) * room.layer_dx + 2 * room.node_half_w + 12, NODE_H + 48 + 12


def _snake_size(count, columns, cell, pad, turn_pad) -> tuple[float, float]:
    """Width and height of a chain of ``count`` compact nodes in rows of ``columns``, with
    its turns (two rows turn at the right only; more at both ends)."""
    width, height = snake_extent(count, columns, cell, pad)
    rows = -(-count // columns)
    return width + (0 if rows == 1 else 1 if rows == 2 else 2) * turn_pad, height
