"""The walkthrough's graph: node and edge items on a QGraphicsScene (diagramscene style).

The scene only draws a ``Frame`` of the pure timeline: which values, partials, adjoints and
dot derivatives are visible, which node is current, which failed. A token (a dot) travels
along the current edge; ``set_token_progress`` moves it, driven by the panel's animation.
Positions come from the pure layered layout (guiad/anim/layout.py); the items live in
graph_items.py, the placing of edge labels in graph_labels.py.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsScene

from guiad.anim import notation as n
from guiad.anim.layout import Layout, bands, is_chain, layout, snake
from guiad.anim.timeline import Kind, Mode, Phase, Step
from guiad.core.graph import Graph
from guiad.ui import theme
from guiad.ui.walkthrough.items import (  # noqa: F401 (re-exported: the view and tests read them)
    COMPACT_H,
    COMPACT_W,
    EDGE_IDLE,
    EDGE_LABEL_W,
    LABEL_AT,
    LABEL_HALF_W,
    LABEL_PX,
    LABEL_SPOTS,
    NODE_H,
    NODE_W,
    READABLE_PX,
    ROW_DY,
    SELECTED_ROW,
    SNAKE_DY,
    TURN_GAP,
    TURN_LABEL_W,
    EdgeItem,
    Label,
    NodeItem,
    NodeState,
    TokenItem,
    _banded_path,
    _edge_path,
    _trunk_path,
    _turn_path,
)
from guiad.ui.walkthrough.labels import (  # noqa: F401 (re-exported)
    COMPACT_DY,
    COMPACT_REACH,
    EDGE_LABEL_CAP,
    END_LABEL_OUT,
    LABEL_LINES_H,
    LABEL_STACKS,
    LINE_WEIGHT,
    PARTIAL_LABEL_W,
    CompactRoom,
    LabelRoom,
    LineGrid,
    PathSampler,
    RectGrid,
    _label_rects,
    _stack_labels,
    box_of,
    clash_score,
    clash_scores,
    edge_width,
    half_width,
    label_boxes,
    sample_boxes,
    spaced_points,
    spot_boxes,
    stacked_xy,
)
from guiad.ui.walkthrough.tokens import Tokens


class GraphScene(QGraphicsScene):
    """Nodes and edges of one graph, showing one step of the timeline."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.nodes: list[NodeItem] = []
        self.edges: dict[tuple[int, int], EdgeItem] = {}
        self._graph: Graph | None = None
        # wrapped: a chain's nodes per snake row, a graph's layers per band (0: not wrapped)
        self.columns = 0
        self._compact = False
        self._laid_out: tuple[Graph, Layout] | None = None
        self._one_band: tuple[Graph, LabelRoom, float, float] | None = None
        self.room = LabelRoom()
        self._stale = False  # the room changed: rebuild even for the same graph
        self._shown: tuple[Step, Mode] | None = None  # re-shown after a relayout
        self.tokens = Tokens(self)  # (a part: it reads self.edges and self.graph())
        self.token = self.tokens.first

    def set_graph(self, graph: Graph, columns: int = 0) -> bool:
        """Build the items for ``graph``; a chain with ``columns`` > 0 is drawn compact in
        rows of that many nodes (one row when ``columns`` is its length; 0: full size, one
        row); any other graph with ``columns`` > 0 fewer than its layers wraps into bands of
        that many layers. Only when the graph or the wrapping changed (labels update per
        step); True if it rebuilt."""
        placed = self.layout_of(graph)
        chain = is_chain(graph)
        if chain:
            columns = min(columns, len(graph.nodes)) if columns > 0 else 0
        else:
            columns = columns if 0 < columns < placed.layers else 0
        if graph == self._graph and columns == self.columns and not self._stale:
            return False
        self._stale = False
        if graph != self._graph:
            self._shown = None  # the last step belongs to the old graph
        self._graph = graph
        self._readers = Counter(j for node in graph.nodes for j in node.inputs)
        self.columns = columns
        self._compact = chain and columns > 0
        self._clear()
        compact = self.compact()
        if compact:
            placed = snake(placed, columns)
        elif columns:
            placed = bands(placed, columns)
        dx = self.room.compact.dx if compact else self.room.layer_dx
        if not chain:
            dx = self.room.graph_dx
        scale = (dx, COMPACT_DY if compact else ROW_DY)
        self._scale = scale
        self._add_nodes(graph, placed, scale)
        self._add_edges(placed, scale, chain)
        taken = self._place_compact_labels(placed) if compact else self._place_labels(placed)
        self._fit_scene_rect(taken)
        if not chain and not columns:  # where estimates of wrappings start
            size = self.sceneRect().size()
            self._one_band = (graph, self.room, size.width(), size.height())
        if self._shown is not None:
            self.show_step(*self._shown)
        return True

    def _clear(self) -> None:
        """Remove the last graph's items (nodes, edges and their labels, the token)."""
        for item in [*self.nodes, *self.edges.values()]:
            self.removeItem(item)
        for edge in self.edges.values():
            self.removeItem(edge.upper_label)
            self.removeItem(edge.lower_label)
        self.nodes, self.edges = [], {}
        self.hide_token()
        self._label_points: dict[tuple[int, int], QPointF] = {}  # where an edge is level
        self._turn_points: dict[tuple[int, int], tuple[QPointF, str]] = {}  # a band's turn
        # an edge along a trunk: its own part, where it leaves the trunk for its node
        self._branches: dict[tuple[int, int], QPainterPath] = {}
        # and the spots further back along the trunk its labels may take
        self._trunk_spots: dict[tuple[int, int], list[QPointF]] = {}
        self._trunk_is_level: dict[int, bool] = {}  # whether a source's trunk is one level row

    def _add_nodes(self, graph: Graph, placed: Layout, scale: tuple[float, float]) -> None:
        compact = self.compact()
        for i in range(len(graph.nodes)):
            name = _node_name(graph, i)
            item = NodeItem(i, n.node_title(graph, i), name, compact)
            x, y = placed.positions[i]
            item.setPos(x * scale[0], y * scale[1])
            self.addItem(item)
            self.nodes.append(item)

    def _add_edges(self, placed: Layout, scale: tuple[float, float], chain: bool) -> None:
        compact = self.compact()
        for key, route in placed.routes.items():
            points = [QPointF(x * scale[0], y * scale[1]) for x, y in route]
            path = self._route_path(key, points, placed, chain)
            edge = EdgeItem(key, path, compact, on_trunk=key in self._branches)
            self.addItem(edge)
            self.addItem(edge.upper_label)
            self.addItem(edge.lower_label)
            self.edges[key] = edge

    def _route_path(
        self, key: tuple[int, int], points: list[QPointF], placed: Layout, chain: bool
    ) -> QPainterPath:
        """The drawn path of one edge along its route's points; notes where its labels go
        when that is not the path's middle (a band's turn, a level run)."""
        compact = self.compact()
        half_w = (COMPACT_W if compact else NODE_W) / 2
        if key in placed.turns:
            reach = COMPACT_REACH if compact else self.room.turn_reach
            return _turn_path(points[0], points[-1], placed.turns[key], reach, half_w)
        if key in placed.band_turns:
            turns = placed.band_turns[key]
            reach = self.room.turn_reach
            step = self.room.turn_step
            path = _banded_path(points, turns, reach, step, half_w, self._flats(key))
            at, side, level = turns[0]
            way = 1.0 if side == "right" else -1.0
            far = points[at].x() + way * (half_w + reach + level * step)
            middle = QPointF(far, (points[at].y() + points[at + 1].y()) / 2)
            self._turn_points[key] = (middle, side)
            return path
        if key in placed.buses and not placed.parallel.get(key, 0):
            path, branch = _trunk_path(points, half_w)
            self._branches[key] = branch
            # its labels on the trunk, just before it leaves for its node
            leave = branch.pointAtPercent(0.0)
            way = 1.0 if points[-1].x() >= points[0].x() else -1.0
            before = way * (4 + self.room.edge_w / 2)
            self._label_points[key] = QPointF(leave.x() - before, leave.y())
            self._trunk_spots[key] = self._along_trunk(placed, key, leave, way)
            return path
        if placed.parallel.get(key, 0) or chain:
            return _edge_path(points, placed.parallel.get(key, 0), half_w)
        flats = self._flats(key)
        path = _edge_path(points, 0, half_w, flats, self.room.flat_run)
        if len(points) > 2:  # its labels go where it passes a layer, level
            self._label_points[key] = points[1]
        elif flats[1]:
            x = points[-1].x() - self.room.node_half_w - 4 - self.room.edge_w / 2
            self._label_points[key] = QPointF(x, points[-1].y())
        elif flats[0]:
            x = points[0].x() + self.room.node_half_w + 4 + self.room.edge_w / 2
            self._label_points[key] = QPointF(x, points[0].y())
        return path

    def _fit_scene_rect(self, taken: list[QRectF]) -> None:
        """The scene is what the labels may cover: nodes, edges and the blocks kept for
        labels (a failure reason, up to Label.WRAP wide, may spill past a short chain's
        ends: the room for it would shrink every chain's fitted zoom)."""
        bounds = self.nodes[0].sceneBoundingRect()
        for item in [*self.nodes[1:], *self.edges.values()]:
            bounds = bounds.united(item.sceneBoundingRect())
        for rect in taken:
            bounds = bounds.united(rect)
        self.setSceneRect(bounds.adjusted(-6, -6, 6, 6))

    def _place_labels(self, placed: Layout) -> list[QRectF]:
        """Slide each edge's labels along the edge to a spot clear of nodes, other labels and
        edges; the rectangles kept for labels."""
        taken = self._node_blocks()
        kept_out = set()
        for rect in self._sum_blocks():
            taken.add(rect)
            kept_out.add(id(rect))
        lines = self._line_grid(placed)

        def pick(best, points, stacks, beside_w=None, by_spot=False):
            """``best`` (score, point, stack), or the first of the lowest-scoring spots and
            stacks if lower still: what trying them one by one in order finds (stacks for
            each point in turn if ``by_spot``, else points for each stack)."""
            if len(points) == 1 and len(stacks) == 1:  # (numpy costs more than it saves)
                boxes = spot_boxes(points[0], stacks[0], self.room, beside_w)
                score = clash_score(boxes, taken, lines)
                better = best is None or score < best[0]
                return (score, points[0], stacks[0]) if better else best
            boxes = label_boxes(points, stacks, self.room, beside_w)
            if by_spot:
                boxes = boxes.transpose(1, 0, 2, 3)
            scores = clash_scores(boxes.reshape(-1, 2, 4), taken, lines)
            k = int(np.argmin(scores))
            if best is not None and not scores[k] < best[0]:
                return best
            point, stack = divmod(k, len(stacks)) if by_spot else divmod(k, len(points))[::-1]
            return float(scores[k]), points[point], stacks[stack]

        for key, edge in self.edges.items():
            if key in placed.turns:  # beside the turn, outside it
                point = edge.path.pointAtPercent(0.5)
                stack = placed.turns[key]
            elif placed.parallel.get(key, 0):
                # edges sharing both ends (x*x): each edge's labels on its own outer side,
                # slid along it if another edge's labels are there (sqrt(1 + x*x)·…)
                outer = "below" if placed.parallel[key] > 0 else "above"
                stacks = (outer, *(o for o in LABEL_STACKS if o != outer))
                spots = PathSampler(edge.path).points((LABEL_AT, *LABEL_SPOTS))
                _, point, stack = pick(None, spots, stacks)
            else:
                best = None
                level = self._label_points.get(key)
                if level is not None:  # where the edge runs level: the first choice
                    best = pick(best, [level], ("split",))
                if self._trunk_spots.get(key) and best[0] > 0:
                    # several edges leave the trunk for one layer: further back along it
                    best = pick(best, self._trunk_spots[key], ("split",))
                if key in self._turn_points and (best is None or best[0] > 0):
                    turn, side = self._turn_points[key]  # beside its turn, outside it
                    best = pick(best, [turn], (side,), self.room.edge_w)
                if best is None or best[0] > 0:
                    spots = PathSampler(self._branches.get(key, edge.path)).points(LABEL_SPOTS)
                    best = pick(best, spots, LABEL_STACKS, by_spot=True)
                _, point, stack = best
            beside = self.room.edge_w if key in self._turn_points else None
            for rect in _label_rects(point, stack, self.room, beside):
                taken.add(rect)
            _stack_labels(edge, point, stack)
        # (a sum is slid into the scene, not fitted: see Label.keep_inside)
        return [rect for rect in taken.rects if id(rect) not in kept_out]

    def _line_grid(self, placed: Layout) -> LineGrid:
        """Points along every edge, for labels to keep off: of an edge along a trunk, its own
        part, and each trunk once."""
        along = [m / 24 for m in range(1, 24)]
        paths = [self._branches.get(key, edge.path) for key, edge in self.edges.items()]
        points = [
            np.empty((0, 2)),
            stacked_xy([PathSampler(path) for path in paths], along),
            *(spaced_points(path) for path in self._trunk_lines(placed)),
        ]
        return LineGrid(sample_boxes(np.vstack(points)))

    def _along_trunk(self, placed: Layout, key, leave: QPointF, way: float) -> list[QPointF]:
        """Spots for edge ``key``'s labels on its trunk, one label's width apart going back
        from where it leaves it, while the trunk is one level row from its source's side."""
        source = placed.buses[key]
        trunk = placed.trunks[source]
        if source not in self._trunk_is_level:  # (asked once per edge along it)
            self._trunk_is_level[source] = len({y for _, y in trunk}) == 1
        if not self._trunk_is_level[source]:
            return []
        source_side = trunk[0][0] * self._scale[0] + way * (self.room.node_half_w + 4)
        step = self.room.edge_w + 8
        spots = []
        for k in range(1, 4):
            x = leave.x() - way * (4 + self.room.edge_w / 2 + k * step)
            if way * (x - self.room.edge_w / 2 - source_side) < 0:
                break
            spots.append(QPointF(x, leave.y()))
        return spots

    def _trunk_lines(self, placed: Layout) -> list[QPainterPath]:
        """The trunks drawn (see ``_trunk_path``), to the last layer their edges leave them."""
        paths = []
        for trunk in placed.trunks.values():
            points = [QPointF(x * self._scale[0], y * self._scale[1]) for x, y in trunk]
            paths.append(_edge_path(points, 0, NODE_W / 2, ends=(True, False)))
        return paths

    def _node_blocks(self) -> RectGrid:
        """Where no edge label may go: each node with its value label above and adjoint
        below."""
        taken = RectGrid()
        for node in self.nodes:
            centre = node.scenePos()
            taken.add(
                QRectF(
                    centre.x() - self.room.node_half_w,
                    centre.y() - NODE_H / 2 - 24,
                    2 * self.room.node_half_w,
                    NODE_H + 48,
                )
            )
        return taken

    def _sum_blocks(self) -> list[QRectF]:
        """Where a fan-out's sum under its node (two lines) may be drawn for a step: from its
        place to where ``Label.keep_inside`` slides it if it sticks out of the span of the
        nodes' blocks (the scene is at least that wide)."""
        if not self.room.sums:
            return []
        half = self.room.node_half_w
        xs = [node.scenePos().x() for node in self.nodes]
        least, most = min(xs) - half - 2, max(xs) + half + 2
        blocks = []
        for i, half_w, height in self.room.sums:
            centre = self.nodes[i].scenePos()
            width = 2 * max(half_w, half)
            left = min(centre.x() - width / 2, most - width)
            right = max(centre.x() + width / 2, least + width)
            blocks.append(QRectF(left, centre.y() + NODE_H / 2, right - left, 3 + height))
        return blocks

    def _flats(self, key: tuple[int, int]) -> tuple[float, float]:
        """How far edge ``key`` runs level out of its source and into its node: into a node
        from a source that fans out (the edges bend apart first, then run level to their
        nodes), out of a source into a node that fans in (level first, then together)."""
        graph, run = self._graph, self.room.flat_run
        node, position = key
        source = graph.nodes[node].inputs[position]
        fan_out = self._readers[source]
        fan_in = len(graph.nodes[node].inputs)
        out = run if fan_in > 1 and fan_out == 1 else 0.0
        into = run if fan_out > 1 and fan_in == 1 else 0.0
        return out, into

    def _place_compact_labels(self, placed: Layout) -> list[QRectF]:
        """A compact chain's labels have fixed places (its rows are spaced for them): each
        partial above the middle of its edge or beside its turn, a turn's node labels pushed
        inward, clear of it (see LabelRoom); the rectangles kept."""
        for key, side in placed.turns.items():
            source, target = self.nodes[key[0] - 1], self.nodes[key[0]]
            way = 1.0 if side == "right" else -1.0
            source.lower_label.set_anchor("top", side)
            source.lower_label.setX(way * END_LABEL_OUT)
            target.value_label.set_anchor("bottom", side)
            target.value_label.setX(way * END_LABEL_OUT)
        taken = []
        for node in self.nodes:
            for label, half in (
                (node.value_label, self.room.compact.value_half_w),
                (node.lower_label, self.room.compact.lower_half_w),
            ):
                x, y = label.scenePos().x(), label.scenePos().y()
                left = {"left": x, "right": x - 2 * half}.get(label.side(), x - half)
                top = y - 19 if label is node.value_label else y
                taken.append(QRectF(left, top, 2 * half, 19))
        w, h = self.room.compact.partial_w, LABEL_LINES_H
        for key, edge in self.edges.items():
            point = edge.path.pointAtPercent(0.5)
            x, y = point.x(), point.y()
            side = placed.turns.get(key)
            if side == "right":
                edge.upper_label.set_anchor("center", "left")
                edge.upper_label.setPos(x + TURN_GAP, y)
                taken.append(QRectF(x + TURN_GAP, y - h / 2, w, h))
            elif side == "left":
                edge.upper_label.set_anchor("center", "right")
                edge.upper_label.setPos(x - TURN_GAP, y)
                taken.append(QRectF(x - TURN_GAP - w, y - h / 2, w, h))
            else:
                edge.upper_label.set_anchor("bottom")
                edge.upper_label.setPos(x, y - 4)
                taken.append(QRectF(x - w / 2, y - 4 - h, w, h))
        return taken

    def compact(self) -> bool:
        """Whether the graph is a chain drawn compact (see ``set_graph``)."""
        return self._compact

    def layout_of(self, graph: Graph) -> Layout:
        """The graph's one-band layout (kept: a resize asks for it again)."""
        if self._laid_out is None or self._laid_out[0] != graph:
            self._laid_out = (graph, layout(graph))
        return self._laid_out[1]

    def one_band_size(self, graph: Graph) -> tuple[float, float] | None:
        """The scene's size when ``graph`` was last drawn in one band with the current room
        (None if it has not been)."""
        if self._one_band is None or self._one_band[:2] != (graph, self.room):
            return None
        return self._one_band[2], self._one_band[3]

    def layout(self) -> Layout | None:
        """The current graph's layout before any wrapping (None without a graph)."""
        return None if self._graph is None else self.layout_of(self._graph)

    def graph(self) -> Graph | None:
        return self._graph

    def set_room(self, room: LabelRoom) -> None:
        """Keep ``room`` for labels from the next ``set_graph`` on."""
        if room != self.room:
            self.room = room
            self._stale = True

    def measure_room(
        self,
        last: Step,
        mode: Mode,
        graph: Graph | None = None,
        compact: bool | None = None,
        steps: Sequence[Step] = (),
    ) -> LabelRoom:
        """The room the labels need for the last step (every number is shown), in the full
        face and (when first asked for) the condensed one: worked out from the texts alone,
        before any item of ``graph`` (the scene's graph unless given) is made. ``compact``:
        whether the graph is drawn compact (the scene's drawing unless given). ``steps``:
        the timeline's steps, for the fan-out sums some of them show under a node (wider
        than any label of the last step)."""
        graph = self._graph if graph is None else graph
        compact = self._compact if compact is None else compact
        frame = last.frame
        values, lowers = [], []
        for i in range(len(graph.nodes)):
            pending = _node_name(graph, i) if compact else ""
            accumulated = _accumulated(last, i)
            value, lower = _node_texts(graph, i, frame, mode, accumulated, pending)
            values.append(value[0])
            lowers.append(lower[0])
        keys = list(self.layout_of(graph).routes)
        partials = tuple(_partial_text(graph, key, frame)[0] for key in keys)
        # terms are measured whether or not shown (a compact chain does not show them)
        terms = tuple(_term_text(graph, k, frame, mode) for k in keys if k in frame.terms)
        full = Label()
        edge = edge_width(partials + terms, EDGE_LABEL_W, full)
        return LabelRoom(
            value_half_w=half_width(values, full),
            lower_half_w=half_width(lowers, full),
            edge_w=edge,
            turn_w=min(max(TURN_LABEL_W, edge), EDGE_LABEL_CAP),
            compact_texts=(tuple(values), tuple(lowers), partials),
            sums=() if compact else _sum_sizes(graph, steps, mode, full),
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
        bounds = self.sceneRect().adjusted(4, 0, -4, 0)  # (its 6 px margin, less a hair)
        for item in self.nodes:
            i = item.index
            state = _state_of(i, frame)
            item.set_state(state, i == current_node, phase_color)
            pending = item.name if item.compact else ""
            value, lower = _node_texts(self._graph, i, frame, mode, _accumulated(step, i), pending)
            item.value_label.set_text(*value)
            item.lower_label.set_text(*lower)
            # (a text wider than its room for one step: slid into view, read over the rest)
            slid = item.value_label.keep_inside(bounds) | item.lower_label.keep_inside(bounds)
            item.lift(slid)
            if state is NodeState.FAILED:
                item.setToolTip(frame.message)
        for key, edge in self.edges.items():
            self._style_edge(key, edge, step, mode)

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
        edge.upper_label.set_text(*_partial_text(self._graph, key, frame))
        if key in frame.terms and not self.compact():
            # (compact: in a chain the contribution is the input's whole adjoint or v̇; it
            # lands in the node's label below, the token carries it there)
            text = _term_text(self._graph, key, frame, mode)
            if mode is Mode.REVERSE:
                lost = key in frame.lost
                edge.lower_label.set_text(text, theme.MUTED if lost else theme.BACKWARD, lost)
            else:
                edge.lower_label.set_text(text, theme.FORWARD)
        else:
            edge.lower_label.set_text("")

    # ---- the token ------------------------------------------------------------------------

    def start_token(self, step: Step) -> bool:
        return self.tokens.start(step)

    def token_positions(self) -> list[QPointF]:
        return self.tokens.positions()

    def token_texts(self) -> list[str]:
        return self.tokens.texts()

    def set_token_progress(self, t: float) -> None:
        self.tokens.set_progress(t)

    def hide_token(self) -> None:
        self.tokens.hide()


def _node_name(graph: Graph, i: int) -> str:
    """A node's second line: vᵢ, with the input's name (x = v₀) or the output's (y = v₇)."""
    name, output = n.v(i), graph.output
    if i < graph.n_inputs:
        input_ = graph.inputs[i]
        if graph.n_inputs == 1:
            input_ = "x"  # (as ever: the walkthrough calls a single input x)
        if i == output:
            return f"{input_} = {n.output_name(graph)} = {name}"
        return f"{input_} = {name}"
    if i == output:
        return f"{n.output_name(graph)} = {name}"
    return name


def _sum_sizes(
    graph: Graph, steps: Sequence[Step], mode: Mode, label: Label
) -> tuple[tuple[int, float, float], ...]:
    """(node, half width, height) of the largest sum each node shows under it, at the steps
    adding a second contribution to its adjoint (two lines: taller than its adjoint)."""
    largest: dict[int, tuple[float, float]] = {}
    for step in steps:
        i = step.node
        accumulated = _accumulated(step, i)
        if accumulated is None:
            continue
        text = _node_texts(graph, i, step.frame, mode, accumulated, "")[1][0]
        half_w, height = half_width([text], label), label.size_of(text)[1]
        before = largest.get(i, (0.0, 0.0))
        largest[i] = (max(half_w, before[0]), max(height, before[1]))
    return tuple((i, *size) for i, size in sorted(largest.items()))


def _state_of(i: int, frame) -> NodeState:
    if i == frame.failed_node:
        return NodeState.FAILED
    if i in frame.muted:
        return NodeState.MUTED
    return NodeState.DONE if i in frame.values else NodeState.PENDING


def _accumulated(step: Step, i: int) -> float | None:
    """The second contribution being added to node i's adjoint at ``step`` (fan-out)."""
    if step.accumulate and step.kind is Kind.ADJOINT and i == step.node:
        return step.frame.terms[step.edge]
    return None


Text = tuple[str, str]  # a label's text and colour


def _node_texts(
    graph: Graph, i: int, frame, mode: Mode, accumulated: float | None, pending: str
) -> tuple[Text, Text]:
    """Node i's value label (above it) and the label below it (adjoint, or v̇); ``pending``:
    the value label's text until the value comes (a compact node names itself)."""
    state = _state_of(i, frame)
    if state is NodeState.FAILED:
        value = frame.values.get(i, math.nan)
        if math.isfinite(value):  # only its derivative failed
            above = (f"{n.v(i)} = {n.fmt(value)}", theme.FORWARD)
        else:
            above = (f"{n.v(i)} undefined", theme.UNDEFINED)
        return above, (frame.message.split(": ", 1)[-1], theme.UNDEFINED)
    if state is NodeState.MUTED:
        above = (f"{n.v(i)}: not computed", theme.MUTED)
    elif i in frame.values:
        above = (f"{n.v(i)} = {n.fmt(frame.values[i])}", theme.FORWARD)
    elif pending:  # its box shows the op only: name it until its value comes
        above = (pending, theme.TEXT_PENDING)
    else:
        above = ("", theme.GRAPH_TEXT)
    if mode is Mode.FORWARD:
        text = f"{n.vdot(i, frame.wrt)} = {n.fmt(frame.dots[i])}" if i in frame.dots else ""
        return above, (text, theme.FORWARD)
    name = n.vbar(i)
    if graph.n_inputs > 1 and i < graph.n_inputs:
        # x̄ (its node says x = v₀): "x̄ = v̄₀ = …" was wider than the node, and the edges
        # bending out of it crossed the label
        name = n.bar(graph.inputs[i])
    if accumulated is not None:  # fan-out: show the second contribution being added
        # (on two lines, as an edge's term: on one it was wider than the room under a
        # node, and ran into the labels of the edges leaving it)
        text = f"{name} += {n.fmt(accumulated)}\n→ {n.fmt(frame.adjoints[i])}"
        return above, (text, theme.BACKWARD)
    text = f"{name} = {n.fmt(frame.adjoints[i])}" if i in frame.adjoints else ""
    return above, (text, theme.BACKWARD)


def _partial_text(graph: Graph, key: tuple[int, int], frame) -> Text:
    """An edge's upper label: its local partial, once computed."""
    if key not in frame.partials:
        return "", theme.GRAPH_TEXT
    node, position = key
    color = theme.UNDEFINED if key in frame.failed_edges else theme.FORWARD
    input_ = graph.nodes[node].inputs[position]
    return f"{n.partial_name(node, input_)}\n= {n.fmt(frame.partials[key])}", color


def _term_text(graph: Graph, key: tuple[int, int], frame, mode: Mode) -> str:
    """An edge's contribution: × v̄ (or × v̇ of its input) → the term."""
    node, position = key
    if mode is Mode.REVERSE:
        return f"× {n.vbar(node)}\n→ {n.fmt(frame.terms[key])}"
    input_ = graph.nodes[node].inputs[position]
    return f"× {n.vdot(input_, frame.wrt)}\n→ {n.fmt(frame.terms[key])}"
