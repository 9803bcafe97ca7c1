"""Where an edge's labels go: the room kept for labels, the blocks they cover, and a grid
that finds the blocks near a spot (pure geometry on Qt rectangles)."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainterPath

from guiad.ui.walkthrough.items import (
    COMPACT_H,
    COMPACT_W,
    EDGE_LABEL_W,
    LABEL_HALF_W,
    LAYER_DX,
    NODE_W,
    TURN_GAP,
    TURN_LABEL_W,
    TURN_REACH,
    EdgeItem,
    Label,
)

# how an edge's two labels (partial and term, two lines each) stack around its label point:
# the block they cover, as (top, height) relative to the point; "right"/"left" put both
# beside the point (a snake's turn); "skew_left"/"skew_right" split them into the two
# quadrants a steep edge leaves free (partial up-left and term down-right of an edge that
# climbs to the right, the mirror for one that falls)
LABEL_STACKS = ("split", "skew_left", "skew_right", "above", "below", "right", "left")
SKEW_GAP = 3.0  # between a skewed label's corner and the label point
BEND_W = 50.0  # the least width an edge of a graph bends in (steeper reads as a cliff)
LABEL_LINES_H = 35.0  # a two-line label's height
LINE_WEIGHT = 60.0  # a label over an edge counts as this much area per sample it covers
PARTIAL_LABEL_W = 80.0  # an edge's partial alone: ∂v₁₀/∂v₉ over = 0.6607
# a compact chain's row, top to bottom: the partial over an edge (two lines, from 4 above
# the edge) or a value label over a node, then the node and its adjoint below
COMPACT_ROW_H = 4 + LABEL_LINES_H + COMPACT_H / 2 + 3 + 19
COMPACT_DY = COMPACT_ROW_H + 8  # between the rows of a compact chain
COMPACT_REACH = 36.0  # how far a compact turn bulges past its nodes' sides
END_LABEL_OUT = COMPACT_W / 2 + 22  # a turn's node labels reach this far past its centre


Box = tuple[float, float, float, float]  # left, top, right, bottom


def box_of(rect: QRectF) -> Box:
    """``rect``'s edges as plain floats (the very numbers Qt computes with)."""
    return rect.left(), rect.top(), rect.right(), rect.bottom()


class RectGrid:
    """Rectangles bucketed by grid cell, so finding the ones near a block does not look at
    every rectangle (placing labels on a large graph was quadratic). Kept as plain floats
    too: ``clash_scores`` scores an edge's spots against them all at once."""

    CELL = 160.0

    def __init__(self) -> None:
        self.rects: list[QRectF] = []
        self._boxes: list[Box] = []
        self._cells: dict[tuple[int, int], list[int]] = {}

    def _cells_of(self, box: Box) -> list[tuple[int, int]]:
        c = self.CELL
        ys = range(math.floor(box[1] / c), math.floor(box[3] / c) + 1)
        return [
            (gx, gy)
            for gx in range(math.floor(box[0] / c), math.floor(box[2] / c) + 1)
            for gy in ys
        ]

    def add(self, rect: QRectF) -> None:
        self.rects.append(rect)
        box = box_of(rect)
        self._boxes.append(box)
        for cell in self._cells_of(box):
            self._cells.setdefault(cell, []).append(len(self.rects) - 1)

    def _near(self, box: Box) -> list[int]:
        found: set[int] = set()
        for cell in self._cells_of(box):
            found.update(self._cells.get(cell, ()))
        return sorted(found)

    def near(self, box: Box) -> list[Box]:
        """The boxes that share a cell with ``box``, in the order they were added."""
        return [self._boxes[k] for k in self._near(box)]

    def boxes_near(self, box: Box) -> np.ndarray:
        """``near`` as an n×4 array."""
        return np.array(self.near(box), dtype=float).reshape(-1, 4)


class LineGrid:
    """The small boxes along the edges (``sample_boxes``), bucketed by the grid cell of
    their top left corner, so a label's spots are checked against those near it only
    (every spot of a 200-node graph looked at all ~14,000)."""

    CELL = 160.0

    def __init__(self, boxes: np.ndarray):
        self.boxes = boxes.reshape(-1, 4)
        cells = np.floor(self.boxes[:, :2] / self.CELL).astype(np.int64)
        order = np.lexsort((cells[:, 1], cells[:, 0]))
        self._sorted = self.boxes[order]
        keys, starts = np.unique(cells[order], axis=0, return_index=True)
        ends = [*starts[1:].tolist(), len(order)][: len(starts)]
        self._cells = {
            (int(gx), int(gy)): (start, end)
            for (gx, gy), start, end in zip(keys, starts.tolist(), ends, strict=True)
        }
        sizes = self.boxes[:, 2:] - self.boxes[:, :2]
        self._reach = sizes.max(axis=0).tolist() if len(sizes) else [0.0, 0.0]
        self._plain: list[list[float]] | None = None  # the sorted boxes as plain floats

    def _cells_near(self, box: Box) -> list[tuple[int, int]]:
        """The cells a box meeting ``box`` could start in, that hold boxes."""
        c, (rx, ry) = self.CELL, self._reach
        return [
            (gx, gy)
            for gx in range(math.floor((box[0] - rx) / c), math.floor(box[2] / c) + 1)
            for gy in range(math.floor((box[1] - ry) / c), math.floor(box[3] / c) + 1)
            if (gx, gy) in self._cells
        ]

    def boxes_near(self, box: Box) -> np.ndarray:
        """The boxes whose top left corner lies in a cell that a box of theirs meeting
        ``box`` could start in (a superset of those meeting it), n×4."""
        found = [self._sorted[slice(*self._cells[cell])] for cell in self._cells_near(box)]
        return np.concatenate(found) if found else np.empty((0, 4))

    def near(self, box: Box) -> list[Box]:
        """``boxes_near`` as plain floats."""
        if self._plain is None:
            self._plain = self._sorted.tolist()
        found = []
        for cell in self._cells_near(box):
            start, end = self._cells[cell]
            found += self._plain[start:end]
        return found


@dataclass(frozen=True)
class CompactRoom:
    """The room kept for a compact chain's labels (condensed text; edges carry their
    partial only): half a node's value label, half its adjoint (or v̇) label, a partial.

    At a turn the labels of its two nodes are pushed inward (to END_LABEL_OUT past their
    centres), so the turn bulges past the nodes only, not past their widest labels."""

    value_half_w: float = 0.9 * LABEL_HALF_W
    lower_half_w: float = 0.9 * LABEL_HALF_W
    partial_w: float = PARTIAL_LABEL_W

    @property
    def dx(self) -> float:
        """Between neighbours: above, two value labels with the partial between them;
        below, two adjoint labels side by side; room for the arrow; and at a turn, the
        pushed-in adjoint of its source and value label of its target clear of theirs."""
        vh, lh, pw, out = self.value_half_w, self.lower_half_w, self.partial_w, END_LABEL_OUT
        return max(
            2 * vh + pw + 6,
            2 * lh + 10,
            COMPACT_W + 48,
            3 * lh - out + 6,
            4 * vh - 2 * out + pw + 8,
        )

    def pad(self) -> tuple[float, float]:
        """What a compact chain needs around its outermost node centres."""
        return 2 * max(self.value_half_w, self.lower_half_w) + 12, COMPACT_ROW_H + 12

    def turn_pad(self) -> float:
        """The width a turn and its partial add past the node labels at a row's end."""
        reach = COMPACT_W / 2 + COMPACT_REACH + TURN_GAP + self.partial_w
        return max(0.0, reach - max(self.value_half_w, self.lower_half_w))


NODE_LABEL_CAP = 90.0  # half a node label's room at most (a failure reason wraps instead)
EDGE_LABEL_CAP = 150.0  # an edge label's room at most


def widest(texts: Sequence[str], label: Label) -> float:
    """The width of the widest of ``texts`` as ``label`` shows it (0 for none)."""
    return max([0.0, *(label.size_of(text)[0] for text in texts)])


def half_width(texts: Sequence[str], label: Label) -> float:
    """The room for half a node label: half the widest of ``texts``, and a margin."""
    return min(widest(texts, label) / 2 + 2, NODE_LABEL_CAP)


def edge_width(texts: Sequence[str], least: float, label: Label) -> float:
    """The room for an edge's labels: the widest of ``texts`` and a margin, ``least`` at
    least."""
    return min(max(least, widest(texts, label) + 4), EDGE_LABEL_CAP)


@dataclass(frozen=True)
class LabelRoom:
    """The room kept for labels: half the width of a node's value label (above it) and of
    its adjoint or v̇ label (below it), an edge's labels, a turn's; and a compact chain's.
    The panel measures them on the last step (tiny adjoints such as −5.9739e−05 are
    wider)."""

    value_half_w: float = LABEL_HALF_W
    lower_half_w: float = LABEL_HALF_W
    edge_w: float = EDGE_LABEL_W
    turn_w: float = TURN_LABEL_W
    # the texts a compact chain shows (values, adjoints or v̇, partials), measured in the
    # condensed face when first asked for: most graphs are never drawn compact, and the
    # face's first use costs more than the rest of the measuring
    compact_texts: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None = None
    # (node, half width, height) of a fan-out's sum under a node for a step, "x̄2 += 2.0000"
    # over "→ 1.7163": kept clear of edge labels under its node only (widening every
    # node's room for it cost every fan-out graph its fit)
    sums: tuple[tuple[int, float, float], ...] = ()

    @cached_property
    def compact(self) -> CompactRoom:
        """The room a compact chain's labels need (CompactRoom's defaults without texts)."""
        if self.compact_texts is None:
            return CompactRoom()
        values, lowers, partials = self.compact_texts
        condensed = Label(condensed=True)
        return CompactRoom(
            value_half_w=half_width(values, condensed),
            lower_half_w=half_width(lowers, condensed),
            partial_w=edge_width(partials, PARTIAL_LABEL_W, condensed),
        )

    @property
    def node_half_w(self) -> float:
        """Half the widest node label, at least LABEL_HALF_W."""
        return max(LABEL_HALF_W, self.value_half_w, self.lower_half_w)

    @property
    def turn_reach(self) -> float:
        """How far a turn bulges past its nodes: clear of their labels (wider than a node)."""
        return max(TURN_REACH, self.node_half_w - NODE_W / 2 + 24)

    @property
    def layer_dx(self) -> float:
        """Between layers: a node's label, an edge's label, the next node's label."""
        return max(LAYER_DX, 2 * self.node_half_w + self.edge_w - 4)

    @property
    def flat_run(self) -> float:
        """How far an edge of a graph runs level beside a node that fans out or in: past
        the node's labels, then its own labels (they sit where it is level, not on it)."""
        return self.node_half_w - NODE_W / 2 + 8 + self.edge_w

    @property
    def turn_step(self) -> float:
        """Between nested turns at a band's end (a graph wrapped into bands): an inner
        turn's labels sit beside it, inside the next turn."""
        return TURN_GAP + self.edge_w + 8

    @property
    def band_turn_pad(self) -> tuple[float, float]:
        """The width a turn at a band's end and its labels add past the node labels, and
        each turn nested round it (a graph wrapped into bands)."""
        reach = NODE_W / 2 + self.turn_reach + TURN_GAP + self.edge_w
        return max(0.0, reach - self.node_half_w), self.turn_step

    @property
    def graph_dx(self) -> float:
        """Between the layers of a graph (not a chain): a level run and room to bend."""
        return max(self.layer_dx, NODE_W + BEND_W + self.flat_run)


Span = tuple  # left, top, width, height: floats, or arrays of them (one per spot)


def _label_spans(x, y, stack: str, room: LabelRoom, beside_w: float | None = None):
    """The (left, top, width, height) of the blocks an edge's partial and term labels (two
    lines each) cover when stacked ``stack`` at (``x``, ``y``) (see ``_stack_labels``);
    ``beside_w``: their width beside a point ("right", "left"; room.turn_w unless given).
    ``x`` and ``y`` may be arrays of spots: the arithmetic is the same, to the last bit."""
    h = LABEL_LINES_H
    if stack in ("right", "left"):
        w = room.turn_w if beside_w is None else beside_w
        left = x + TURN_GAP if stack == "right" else x - TURN_GAP - w
        return (left, y - 2 - h, w, h), (left, y + 2, w, h)
    w = room.edge_w
    if stack == "skew_left":
        return (x - SKEW_GAP - w, y - 4 - h, w, h), (x + SKEW_GAP, y + 4, w, h)
    if stack == "skew_right":
        return (x + SKEW_GAP, y - 4 - h, w, h), (x - SKEW_GAP - w, y + 4, w, h)
    tops = {"split": (-4 - h, 4.0), "above": (-41 - h, -4 - h), "below": (4.0, 41.0)}[stack]
    left = x - room.edge_w / 2
    return tuple((left, y + top, room.edge_w, h) for top in tops)


def _label_rects(
    point: QPointF, stack: str, room: LabelRoom, beside_w: float | None = None
) -> tuple[QRectF, QRectF]:
    """The rectangles of ``_label_spans`` at ``point``."""
    spans = _label_spans(point.x(), point.y(), stack, room, beside_w)
    return tuple(QRectF(*span) for span in spans)


def label_boxes(
    points: Sequence[QPointF], stacks: Sequence[str], room: LabelRoom, beside_w=None
) -> np.ndarray:
    """The boxes an edge's two labels cover at each of ``points`` in each of ``stacks``
    (len(stacks) × len(points) × 2 × 4: left, top, right, bottom, as QRectF has them)."""
    xs = np.array([point.x() for point in points])
    ys = np.array([point.y() for point in points])
    out = np.empty((len(stacks), len(points), 2, 4))
    for k, stack in enumerate(stacks):
        for j, (left, top, w, h) in enumerate(_label_spans(xs, ys, stack, room, beside_w)):
            box = out[k, :, j]
            box[:, 0], box[:, 1], box[:, 2], box[:, 3] = left, top, left + w, top + h
    return out


class PathSampler:
    """``path.pointAtPercent(t)`` for many t, measuring the path once.

    Qt measures the whole path again at every call (an edge across a 200-node graph has
    hundreds of elements: 5 of the 8 s its walkthrough took). As Qt does: the element where
    the running length first reaches t of the total, then the point at the fraction of that
    element's length left (linear in the curve's parameter), asked of that element alone;
    ``xy`` does Qt's arithmetic for many t at once in numpy (de Casteljau's, as QBezier's
    pointAt; a line is the cubic with its controls at a third and two thirds), to the bit."""

    def __init__(self, path: QPainterPath):
        self._pieces: list[tuple[float, float, QPainterPath]] = []  # (length before, length)
        self._rows: list[tuple[float, ...]] = []  # x1 … x4, y1 … y4 of each piece's cubic
        count = path.elementCount()
        before, i = 0.0, 1
        while i < count:
            first = i == 1  # (the piece starts at the path's own start)
            start, e = path.elementAt(i - 1), path.elementAt(i)
            if e.isCurveTo():
                c2, end = path.elementAt(i + 1), path.elementAt(i + 2)
                row = (start.x, e.x, c2.x, end.x, start.y, e.y, c2.y, end.y)
                i += 3
            elif e.isLineTo():
                dx, dy = e.x - start.x, e.y - start.y
                xs = (start.x, dx / 3 + start.x, start.x + 2 * dx / 3, e.x)
                row = (*xs, start.y, dy / 3 + start.y, start.y + 2 * dy / 3, e.y)
                i += 1
            else:  # a move starts another piece
                i += 1
                continue
            if first and i == count:  # the path is this one piece
                piece = path
            else:
                piece = QPainterPath(QPointF(start.x, start.y))
                if e.isCurveTo():
                    piece.cubicTo(e.x, e.y, c2.x, c2.y, end.x, end.y)
                else:
                    piece.lineTo(e.x, e.y)
            length = piece.length()
            self._pieces.append((before, length, piece))
            self._rows.append(row)
            before += length
        self._total = before
        self._ends = [(b + length) / before for b, length, _ in self._pieces] if before else []

    @cached_property
    def _controls(self) -> np.ndarray:
        return np.array(self._rows, dtype=float).reshape(-1, 8)

    @cached_property
    def _before(self) -> np.ndarray:
        return np.array([b for b, _, _ in self._pieces], dtype=float)

    @cached_property
    def _lengths(self) -> np.ndarray:
        return np.array([length for _, length, _ in self._pieces], dtype=float)

    def point(self, t: float) -> QPointF:
        # the first piece whose end reaches t (Qt tests end / total >= t, piece by piece)
        k = min(bisect_left(self._ends, t), len(self._pieces) - 1)
        before, length, piece = self._pieces[k]
        along = (self._total * t - before) / length if length > 0 else 0.0
        return piece.pointAtPercent(min(max(along, 0.0), 1.0))

    def points(self, ts: Sequence[float]) -> list[QPointF]:
        return [QPointF(x, y) for x, y in self.xy(ts)]

    def length(self) -> float:
        return self._total

    def xy(self, ts: Sequence[float]) -> np.ndarray:
        """The points at ``ts`` (n×2), as ``point`` gives them."""
        ts = np.asarray(ts, dtype=float)
        pieces = self._controls, self._lengths, self._before
        return _points_at(*pieces, self._total, ts, self._at(ts))

    def _at(self, ts: np.ndarray) -> np.ndarray:
        """The piece each t falls in (the first whose end reaches it)."""
        return np.minimum(np.searchsorted(self._ends, ts, side="left"), len(self._pieces) - 1)


def stacked_xy(samplers: Sequence[PathSampler], ts: Sequence[float]) -> np.ndarray:
    """``sampler.xy(ts)`` of each sampler, one after another (n·len(ts)×2), worked out in one
    numpy pass: the same arithmetic on the same numbers (one pass per edge of a 200-node
    graph was a fifth of its label placement)."""
    ts = np.asarray(ts, dtype=float)
    if not samplers or any(not sampler._pieces for sampler in samplers):
        return np.vstack([np.empty((0, 2)), *(sampler.xy(ts) for sampler in samplers)])
    first = np.cumsum([0, *(len(sampler._pieces) for sampler in samplers[:-1])])
    starts = zip(samplers, first, strict=True)
    k = np.concatenate([sampler._at(ts) + start for sampler, start in starts])
    controls = np.array([row for sampler in samplers for row in sampler._rows], dtype=float)
    pieces = [piece for sampler in samplers for piece in sampler._pieces]
    lengths = np.array([length for _, length, _ in pieces], dtype=float)
    before = np.array([b for b, _, _ in pieces], dtype=float)
    totals = np.repeat([sampler._total for sampler in samplers], len(ts))
    return _points_at(controls, lengths, before, totals, np.tile(ts, len(samplers)), k)


def _points_at(controls, lengths, before, total, ts: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The points at ``ts`` of pieces ``k`` (Qt's arithmetic: see PathSampler), n×2."""
    length = lengths[k]
    live = length > 0
    safe = np.where(live, length, 1.0)
    along = np.clip(np.where(live, (total * ts - before[k]) / safe, 0.0), 0, 1)
    t = np.clip(length * along / safe, 0.0, 1.0)  # what pointAtPercent(along) works out
    c, m = controls[k], 1.0 - t
    out = np.empty((len(ts), 2))
    for axis in (0, 1):
        x1, x2, x3, x4 = (c[:, 4 * axis + j] for j in range(4))
        a, b, d = x1 * m + x2 * t, x2 * m + x3 * t, x3 * m + x4 * t
        a, b = a * m + b * t, b * m + d * t
        out[:, axis] = a * m + b * t
    return out


def spaced_points(path: QPainterPath, spacing: float = 10.0) -> np.ndarray:
    """Points about every ``spacing`` along ``path`` (a trunk: the same few fractions of
    every edge leave gaps in a long one), n×2."""
    sampler = PathSampler(path)
    count = max(1, math.ceil(sampler.length() / spacing))
    return sampler.xy(np.arange(count) / count)


def sample_boxes(points: np.ndarray) -> np.ndarray:
    """4×4 boxes round ``points`` (n×2: along an edge, a label must not sit on a line)."""
    xs, ys = points[:, 0] - 2, points[:, 1] - 2
    return np.stack([xs, ys, xs + 4, ys + 4], axis=-1).reshape(-1, 4)


def _meets(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether boxes ``a`` (…×1×4) and ``b`` (n×4) overlap, as QRectF.intersects decides it
    (an empty box meets nothing)."""
    a0, a1, a2, a3 = a[..., 0], a[..., 1], a[..., 2], a[..., 3]
    b0, b1, b2, b3 = b[:, 0], b[:, 1], b[:, 2], b[:, 3]
    full = (a0 != a2) & (a1 != a3) & (b0 != b2) & (b1 != b3)
    return full & (a0 < b2) & (b0 < a2) & (a1 < b3) & (b1 < a3)


def clash_scores(pairs: np.ndarray, taken: RectGrid, lines: np.ndarray | LineGrid) -> np.ndarray:
    """For each pair of label boxes in ``pairs`` (n×2×4), the area it shares with the blocks
    ``taken`` plus LINE_WEIGHT for each of the boxes ``lines`` (m×4: points along the edges)
    it overlaps, with QRectF's arithmetic (intersected, intersects) and summed in the
    pair's order, for all the pairs at once: the numbers a QRectF test per box gave, so the
    same spot wins."""
    count = len(pairs)
    flat = pairs.reshape(-1, 4)
    low, high = flat.min(axis=0), flat.max(axis=0)
    region = (low[0], low[1], high[2], high[3])
    a = pairs[:, :, None, :]
    blocks = taken.boxes_near(region)
    w = np.minimum(a[..., 2], blocks[:, 2]) - np.maximum(a[..., 0], blocks[:, 0])
    h = np.minimum(a[..., 3], blocks[:, 3]) - np.maximum(a[..., 1], blocks[:, 1])
    areas = np.where(_meets(a, blocks), w * h, 0.0).reshape(count, -1)
    # summed one by one in the pair's order, as sum() does (the zeros change nothing)
    area = np.add.accumulate(np.hstack([np.zeros((count, 1)), areas]), axis=1)[:, -1]
    if isinstance(lines, LineGrid):  # (a box a pair meets is near it: the rest count 0)
        lines = lines.boxes_near(region)
    on_lines = _meets(a, lines).sum(axis=(1, 2))
    return area + LINE_WEIGHT * on_lines


def spot_boxes(point: QPointF, stack: str, room: LabelRoom, beside_w=None) -> list[Box]:
    """The two boxes of ``label_boxes`` at one spot in one stack, as plain floats."""
    spans = _label_spans(point.x(), point.y(), stack, room, beside_w)
    return [(left, top, left + w, top + h) for left, top, w, h in spans]


def clash_score(pair: Sequence[Box], taken: RectGrid, lines: LineGrid) -> float:
    """``clash_scores`` of one pair of boxes, to the bit, on plain floats: the same sums in
    the same order (numpy's cost per call, not its arithmetic, was most of placing a
    200-node graph's labels, one spot at a time)."""
    region = (min(b[0] for b in pair), min(b[1] for b in pair))
    region += (max(b[2] for b in pair), max(b[3] for b in pair))
    full = [a for a in pair if a[0] != a[2] and a[1] != a[3]]  # an empty box meets nothing
    blocks, area = taken.near(region), 0.0
    for a0, a1, a2, a3 in full:
        for b0, b1, b2, b3 in _meeting(a0, a1, a2, a3, blocks):
            area += (min(a2, b2) - max(a0, b0)) * (min(a3, b3) - max(a1, b1))
    near = lines.near(region)
    return area + LINE_WEIGHT * sum(len(_meeting(*a, near)) for a in full)


def _meeting(a0: float, a1: float, a2: float, a3: float, boxes: list[Box]) -> list[Box]:
    """The ``boxes`` that box (a0, a1, a2, a3), not empty, meets (as ``_meets``)."""
    return [
        (b0, b1, b2, b3)
        for b0, b1, b2, b3 in boxes
        if a0 < b2 and b0 < a2 and a1 < b3 and b1 < a3 and b0 != b2 and b1 != b3
    ]


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
    elif stack in ("skew_left", "skew_right"):
        way = -1.0 if stack == "skew_left" else 1.0
        upper.set_anchor("bottom", "right" if way < 0 else "left")
        upper.setPos(x + way * SKEW_GAP, y - 4)
        lower.set_anchor("top", "left" if way < 0 else "right")
        lower.setPos(x - way * SKEW_GAP, y + 4)
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
