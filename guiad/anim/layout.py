"""Layered layout of a computation graph (Sugiyama style), pure: no Qt.

1. Layers by longest path from x (a constant sits one layer before its first reader, and so
   does each input of a graph of several inputs; an unused x, in a constant function, sits
   alone in the first layer).
2. Edges that skip layers get dummy points, one per skipped layer, so they route around
   the nodes in between instead of through them. A node with BUS_MIN or more such edges
   (x in a fan-out graph) sends them along one shared row of points, its trunk, which
   they leave in the layer before their node: x feeding 199 nodes made ~20,000 points and
   a layout of seconds; it makes 200.
3. Order within layers by repeated barycentre sweeps (down, then up), keeping the order
   with the fewest crossings.
4. Rows: each layer centred; then nodes pulled towards their neighbours' mean height while
   keeping a minimum gap, so a chain is a straight line and a DAG stays compact; a trunk
   then one straight row level with its source, where the layers it passes leave room.

Coordinates are in layer/row units: x = layer, y = row; the view scales them.

A chain too long to read in one row wraps snake-style (``snake``): rows of ``columns``
nodes, every other row running right to left, the edge between rows a turn at the row's
end. ``snake_columns`` picks the number of columns that shows the chain largest in a view.
A long graph wraps the same way (``bands``): its layers in bands of ``per_band`` consecutive
layers stacked top to bottom, every other band running right to left, so the links from
one band to the next are turns at the bands' ends; ``band_layers`` picks ``per_band``.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from guiad.core.graph import CONST, Graph

EdgeKey = tuple[int, int]  # (node, position among its inputs)


@dataclass(frozen=True)
class Layout:
    """Node centres and edge routes (lists of points from input to node)."""

    positions: dict[int, tuple[float, float]]
    routes: dict[EdgeKey, list[tuple[float, float]]]
    parallel: dict[EdgeKey, int]  # 0, or ±1, ±2 … for edges sharing both ends (x*x)
    layers: int
    rows: float  # height in rows (max − min y)
    crossings: int
    # snake rows: an edge from one row to the next turns at the row's "right" or "left" end
    turns: dict[EdgeKey, str] = field(default_factory=dict)
    columns: int = 0  # nodes per row of a snake (0: not a snake)
    # bands of a wrapped graph: where along its route an edge turns down to the next band,
    # as (index of the route's point before the turn, side "right"/"left", nesting level
    # among the turns at that band's end: 0 innermost)
    band_turns: dict[EdgeKey, tuple[tuple[int, str, int], ...]] = field(default_factory=dict)
    bands: int = 1
    # trunks: a node's edges that skip layers, when it has BUS_MIN or more, run along one
    # shared line of points (its trunk: the node, then a point per layer) and leave it in
    # the layer before their node; ``buses``: those edges, with their source
    trunks: dict[int, tuple[tuple[float, float], ...]] = field(default_factory=dict)
    buses: dict[EdgeKey, int] = field(default_factory=dict)

    @cached_property
    def band_extents(self) -> dict[tuple[int, float], tuple[int, float, int, int]]:
        """``band_extent``'s answers so far, by (layers a band, gap)."""
        return {}

    @cached_property
    def band_points(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For wrapping into bands, asked for every width tried: each node centre's and route
        point's layer (rounded) and row, and each route segment's first and last layer."""
        points = [*self.positions.values()]
        segments = []
        # a trunk's points and links once (its edges share them), then each edge's own
        routes = [*self.trunks.values()]
        for key, route in self.routes.items():
            routes.append(route if key not in self.buses else route[-2:])
        for route in routes:
            points.extend(route)
            segments.extend((a[0], b[0]) for a, b in zip(route, route[1:], strict=False))
        xy = np.array(points, dtype=float).reshape(-1, 2)
        ends = np.rint(np.array(segments, dtype=float).reshape(-1, 2)).astype(np.int64)
        return np.rint(xy[:, 0]).astype(np.int64), xy[:, 1], ends


def longest_path_layers(graph: Graph) -> list[int]:
    layer = [0] * len(graph.nodes)
    for i, node in enumerate(graph.nodes):
        if node.inputs:
            layer[i] = 1 + max(layer[j] for j in node.inputs)
    consumers = graph.consumers()
    several = graph.n_inputs > 1  # (one x stays in the first layer, as ever)
    for i, node in enumerate(graph.nodes):
        movable = node.op == CONST or (several and i < graph.n_inputs)
        if movable and consumers[i]:
            layer[i] = max(0, min(layer[c] for c in consumers[i]) - 1)
    return layer


def _count_crossings(order: list[list[int]], links: list[tuple[int, int]], index) -> int:
    """Crossings between consecutive layers; ``links`` are (upper id, lower id) pairs."""
    total = 0
    by_layer: dict[int, list[tuple[int, int]]] = {}
    for a, b in links:
        by_layer.setdefault(index[a][0], []).append((index[a][1], index[b][1]))
    for pairs in by_layer.values():
        total += inversions([b for _, b in sorted(pairs)])
    return total


def inversions(values: list[int]) -> int:
    """Pairs i < j with values[i] > values[j], in O(m log m) (all pairs was quadratic).

    Two links cross when their upper ends and lower ends are in opposite orders; sorted by
    (upper, lower), that is exactly a strict inversion of the lower ends.
    """
    seen: list[int] = []
    count = 0
    for v in values:
        count += len(seen) - bisect.bisect_right(seen, v)
        bisect.insort(seen, v)
    return count


BUS_MIN = 4  # a node with this many edges that skip layers sends them along one trunk


def _skips(graph: Graph, layer: list[int]) -> dict[int, list[EdgeKey]]:
    """Each node's out-edges that skip a layer or more."""
    skips: dict[int, list[EdgeKey]] = {}
    for i, node in enumerate(graph.nodes):
        for k, j in enumerate(node.inputs):
            if layer[i] - layer[j] > 1:
                skips.setdefault(j, []).append((i, k))
    return skips


@dataclass
class _Dummies:
    """The layout's points: real nodes keep their index, bends are numbered after them."""

    layer_of: dict[int, int]
    keys: list[EdgeKey] = field(default_factory=list)  # every edge, in the graph's order
    chains: dict[EdgeKey, list[int]] = field(default_factory=dict)  # edge → ids input to node
    # an edge along a trunk → its source and the index of the trunk's point it leaves it at
    # (its chain is the trunk's ids up to there, then its node: listing them for every
    # edge was quadratic)
    along: dict[EdgeKey, tuple[int, int]] = field(default_factory=dict)
    links: list[tuple[int, int]] = field(default_factory=list)  # (left id, right id)
    trunks: dict[int, list[int]] = field(default_factory=dict)  # source → its trunk's ids

    def new(self, lay: int) -> int:
        ident = len(self.layer_of)
        self.layer_of[ident] = lay
        return ident


def _route_ids(graph: Graph, layer: list[int]) -> _Dummies:
    """Every edge's ids from input to node: one bend per layer it skips, of its own, or
    shared with the other skipping edges of its source when that has BUS_MIN or more (a
    trunk: x feeding 199 nodes made ~20,000 bends, and the layout quadratic)."""
    ids = _Dummies({i: layer[i] for i in range(len(graph.nodes))})
    for j, edges in _skips(graph, layer).items():
        if len(edges) >= BUS_MIN:
            last = max(layer[i] for i, _ in edges)
            trunk = [j, *(ids.new(lay) for lay in range(layer[j] + 1, last))]
            ids.trunks[j] = trunk
            ids.links.extend(zip(trunk, trunk[1:], strict=False))  # once: its edges share it
    for i, node in enumerate(graph.nodes):
        for k, j in enumerate(node.inputs):
            ids.keys.append((i, k))
            if j in ids.trunks and layer[i] - layer[j] > 1:
                leave = layer[i] - layer[j] - 1
                ids.along[(i, k)] = (j, leave)
                ids.links.append((ids.trunks[j][leave], i))
                continue
            chain = [j, *(ids.new(lay) for lay in range(layer[j] + 1, layer[i])), i]
            ids.chains[(i, k)] = chain
            ids.links.extend(zip(chain, chain[1:], strict=False))  # (x*x: two links, as ever)
    return ids


def layout(graph: Graph, sweeps: int = 8) -> Layout:
    """The layered layout of ``graph``; see the module docstring."""
    layer = longest_path_layers(graph)
    if len(graph.nodes) > 1 and not graph.consumers()[0]:
        # a constant f: the unused x gets a layer of its own on the left, so the graph
        # stays one row high like a chain (stacked over the constant, it did not fit)
        layer = [0] + [lay + 1 for lay in layer[1:]]
    n_layers = max(layer) + 1
    ids = _route_ids(graph, layer)
    layer_of, links = ids.layer_of, ids.links
    left: dict[int, list[int]] = {}
    right: dict[int, list[int]] = {}
    for a, b in links:
        right.setdefault(a, []).append(b)
        left.setdefault(b, []).append(a)

    order: list[list[int]] = [[] for _ in range(n_layers)]
    for ident in sorted(layer_of):
        order[layer_of[ident]].append(ident)

    def index_of(o):
        return {ident: (lay, pos) for lay, ids in enumerate(o) for pos, ident in enumerate(ids)}

    def sweep(o, downward: bool):
        o = [list(ids) for ids in o]
        layers = range(1, n_layers) if downward else range(n_layers - 2, -1, -1)
        for lay in layers:
            pos = {ident: p for p, ident in enumerate(o[lay - 1 if downward else lay + 1])}
            neighbours = left if downward else right

            # keys from the order before sorting: during list.sort the list reads as empty,
            # so a key function must not look into it (a node without neighbours, e.g. an
            # unused x beside a constant, keeps its place)
            keys = {}
            for place, ident in enumerate(o[lay]):
                ns = [pos[m] for m in neighbours.get(ident, []) if m in pos]
                keys[ident] = sum(ns) / len(ns) if ns else place
            o[lay].sort(key=keys.__getitem__)
        return o

    best = order
    best_crossings = _count_crossings(order, links, index_of(order))
    current = order
    for s in range(sweeps):
        current = sweep(current, downward=s % 2 == 0)
        c = _count_crossings(current, links, index_of(current))
        if c < best_crossings:
            best, best_crossings = current, c
    ys = _rows(best, left, right)
    if graph.n_inputs > 1:  # (one input: as ever)
        ys = _tighten(best, left, right, ys)
    if ids.trunks:
        ys = _level_trunks(best, left, right, ys, ids.trunks)

    positions = {i: (float(layer[i]), ys[i]) for i in range(len(graph.nodes))}
    trunks = {
        j: tuple((float(layer_of[m]), ys[m]) for m in trunk) for j, trunk in ids.trunks.items()
    }
    routes, buses = _routes(ids, trunks, positions, layer_of, ys)
    y_values = list(ys.values())
    return Layout(
        positions,
        routes,
        _parallel_offsets(graph),
        n_layers,
        max(y_values) - min(y_values),
        best_crossings,
        trunks=trunks,
        buses=buses,
    )


def _routes(ids: _Dummies, trunks, positions, layer_of, ys):
    """Each edge's route, and the edges along a trunk (their source). A trunk's level runs
    are one segment in its edges' routes (``full_route`` gives the point per layer)."""
    corners = {j: _corners(trunk) for j, trunk in trunks.items()}
    routes: dict[EdgeKey, list[tuple[float, float]]] = {}
    buses: dict[EdgeKey, int] = {}
    for key in ids.keys:
        if key not in ids.along:
            routes[key] = [(float(layer_of[m]), ys[m]) for m in ids.chains[key]]
            continue
        source, leave = ids.along[key]
        kept = corners[source][: bisect.bisect_left(corners[source], leave)]
        routes[key] = [*(trunks[source][c] for c in kept), trunks[source][leave]]
        routes[key].append(positions[key[0]])
        buses[key] = source
    return routes, buses


def _corners(points) -> list[int]:
    """Indices of the points a polyline needs: all but those level with both neighbours."""
    return [
        c
        for c in range(len(points))
        if c in (0, len(points) - 1) or not points[c - 1][1] == points[c][1] == points[c + 1][1]
    ]


def full_route(placed: Layout, key: EdgeKey) -> list[tuple[float, float]]:
    """Edge ``key``'s route with a point in every layer it passes (along a trunk, its
    points up to the edge's node)."""
    if key not in placed.buses:
        return placed.routes[key]
    trunk = placed.trunks[placed.buses[key]]
    target = placed.positions[key[0]]
    return [*trunk[: round(target[0] - trunk[0][0])], target]


def _rows(order: list[list[int]], left, right, gap: float = 1.0) -> dict[int, float]:
    """Row coordinates: centred layers, then a few passes pulling nodes to their neighbours."""
    ys: dict[int, float] = {}
    for ids in order:
        for p, ident in enumerate(ids):
            ys[ident] = (p - (len(ids) - 1) / 2) * gap
    for _ in range(4):
        for ids in order:
            wanted = []
            for ident in ids:
                ns = left.get(ident, []) + right.get(ident, [])
                wanted.append(sum(ys[m] for m in ns) / len(ns) if ns else ys[ident])
            placed = _keep_gap(wanted, gap)
            for ident, y in zip(ids, placed, strict=True):
                ys[ident] = y
    return ys


def _tighten(order: list[list[int]], left, right, ys: dict[int, float], gap: float = 1.0):
    """The rows pulled again, each layer kept inside the band its largest layer needs,
    centred on the median row: no taller than it must be (fan-ins of several inputs,
    x·y·z·w, otherwise climb half a row a layer)."""
    width = (max(len(ids) for ids in order) - 1) * gap
    rows = sorted(ys.values())
    low = rows[len(rows) // 2] - width / 2
    ys = dict(ys)
    for _ in range(6):
        for ids in order:
            wanted = []
            for ident in ids:
                ns = left.get(ident, []) + right.get(ident, [])
                wanted.append(sum(ys[m] for m in ns) / len(ns) if ns else ys[ident])
            for ident, y in zip(ids, _keep_gap_within(wanted, gap, low, low + width), strict=True):
                ys[ident] = y
    return _straighten(order, left, ys, gap)


def _level_trunks(order, left, right, ys: dict[int, float], trunks, gap: float = 1.0):
    """Each trunk in one straight row, level with its source, where the layers it passes
    leave room for that (the pulls left it sloping out of its source, and its edges' labels
    nowhere level); the other points pulled again round the trunks."""
    pinned: dict[int, float] = {}
    for trunk in trunks.values():
        row = ys[trunk[0]]
        if all(_room_at(order, trunk, pinned, row, gap)):
            pinned.update(dict.fromkeys(trunk, row))
    if not pinned:
        return ys
    ys = {**ys, **pinned}
    bends = {ident for trunk in trunks.values() for ident in trunk[1:]}
    for _ in range(4):
        for ids in order:
            runs: list[list[int]] = [[]]  # the free points between pinned ones
            for ident in ids:
                if ident in pinned:
                    runs.append([])
                else:
                    runs[-1].append(ident)
            bounds = [-math.inf, *(pinned[i] for i in ids if i in pinned), math.inf]
            for k, run in enumerate(runs):
                wanted = []
                for ident in run:
                    # (not pulled towards a trunk: its edges bend off it wherever they are)
                    ns = [m for m in left.get(ident, []) + right.get(ident, []) if m not in bends]
                    wanted.append(sum(ys[m] for m in ns) / len(ns) if ns else ys[ident])
                low, high = bounds[k] + gap, bounds[k + 1] - gap
                for ident, y in zip(run, _keep_gap_within(wanted, gap, low, high), strict=True):
                    ys[ident] = y
    return ys


def _room_at(order, trunk: list[int], pinned: dict[int, float], row: float, gap: float):
    """For each point of ``trunk``, whether its layer leaves it room at ``row``: the points
    pinned before it in the layer's order far enough above, those after far enough below."""
    where = {ident: (lay, pos) for lay, ids in enumerate(order) for pos, ident in enumerate(ids)}
    for ident in trunk:
        lay, pos = where[ident]
        for other, y in ((i, pinned[i]) for i in order[lay] if i in pinned):
            apart = (pos - where[other][1]) * gap
            yield (row - y >= apart - 1e-9) if apart > 0 else (y - row >= -apart - 1e-9)


def _straighten(order: list[list[int]], left, ys: dict[int, float], gap: float):
    """A point with one link from the left moves level with it where its layer leaves
    room (a gently sloping edge left its labels nowhere clear)."""
    for ids in order[1:]:
        for k, ident in enumerate(ids):
            sources = left.get(ident, [])
            if len(sources) != 1 or abs(ys[sources[0]] - ys[ident]) >= gap / 2:
                continue
            y = ys[sources[0]]
            above = ys[ids[k - 1]] + gap if k > 0 else -math.inf
            below = ys[ids[k + 1]] - gap if k + 1 < len(ids) else math.inf
            if above - 1e-9 <= y <= below + 1e-9:
                ys[ident] = y
    return ys


def _keep_gap_within(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """The wanted rows, in order, at least ``gap`` apart and inside [low, high] (which holds
    them all ``gap`` apart)."""
    count, placed = len(wanted), []
    for i, w in enumerate(wanted):
        y = max(w, low + i * gap, placed[-1] + gap if placed else low)
        placed.append(min(y, high - (count - 1 - i) * gap))
    for i in range(count - 2, -1, -1):
        placed[i] = min(placed[i], placed[i + 1] - gap)
    return placed


def _keep_gap(wanted: list[float], gap: float) -> list[float]:
    """The wanted rows, in order, pushed apart to at least ``gap``, centred on their mean."""
    if not wanted:
        return []
    placed = [wanted[0]]
    for w in wanted[1:]:
        placed.append(max(w, placed[-1] + gap))
    shift = sum(wanted) / len(wanted) - sum(placed) / len(placed)
    return [p + shift for p in placed]


def _parallel_offsets(graph: Graph) -> dict[EdgeKey, int]:
    """Edges with the same two ends (x*x) get distinct bends: −1, +1, …; others 0."""
    offsets: dict[EdgeKey, int] = {}
    for i, node in enumerate(graph.nodes):
        seen: dict[int, list[int]] = {}
        for k, j in enumerate(node.inputs):
            seen.setdefault(j, []).append(k)
        for ks in seen.values():
            if len(ks) == 1:
                offsets[(i, ks[0])] = 0
                continue
            for m, k in enumerate(ks):
                offsets[(i, k)] = 2 * m - 1 if len(ks) == 2 else m - len(ks) // 2
    return offsets


# ---- long chains: snake rows -------------------------------------------------------------


def is_chain(graph: Graph) -> bool:
    """Every node but x reads exactly the node before it (the snake lays out only these)."""
    return all(node.inputs == (i - 1,) for i, node in enumerate(graph.nodes) if i > 0)


def snake(base: Layout, columns: int) -> Layout:
    """A chain's one-row layout wrapped into rows of ``columns`` nodes, boustrophedon:
    row 0 runs left to right, row 1 right to left under it, and so on, so each turn is a
    short step down at a row's end (its side in ``turns``)."""
    count = len(base.positions)
    columns = max(1, min(columns, count))
    if columns >= count:
        return base
    order = sorted(base.positions, key=lambda i: base.positions[i][0])

    def place(rank: int) -> tuple[float, float]:
        row, col = divmod(rank, columns)
        return (float(columns - 1 - col if row % 2 else col), float(row))

    positions = {i: place(rank) for rank, i in enumerate(order)}
    routes: dict[EdgeKey, list[tuple[float, float]]] = {}
    turns: dict[EdgeKey, str] = {}
    rank_of = {i: rank for rank, i in enumerate(order)}
    for key in base.routes:
        node = key[0]
        source = order[rank_of[node] - 1]
        routes[key] = [positions[source], positions[node]]
        if positions[source][1] != positions[node][1]:
            turns[key] = "left" if int(positions[source][1]) % 2 else "right"
    rows = (count - 1) // columns
    return replace(
        base,
        positions=positions,
        routes=routes,
        layers=columns,
        rows=float(rows),
        turns=turns,
        columns=columns,
    )


def snake_extent(count: int, columns: int, cell: tuple[float, float], pad: tuple[float, float]):
    """Width and height of a snake of ``count`` nodes: cells of ``cell`` (pitch between
    neighbours) plus ``pad`` around the outermost centres (node, labels, turn arcs)."""
    columns = max(1, min(columns, count))
    rows = -(-count // columns)
    return (columns - 1) * cell[0] + pad[0], (rows - 1) * cell[1] + pad[1]


def fitted_scale(extent: tuple[float, float], view: tuple[float, float], most: float) -> float:
    """The scale that shows ``extent`` whole in ``view``, at most ``most``."""
    width, height = extent
    if width <= 0 or height <= 0:
        return most
    return min(view[0] / width, view[1] / height, most)


def snake_columns(
    count: int,
    view: tuple[float, float],
    cell: tuple[float, float],
    pad: tuple[float, float],
    least: float,
    most: float,
    turn_pad: float = 0.0,
) -> int:
    """How many nodes per row a chain of ``count`` nodes gets in ``view``.

    One straight row while it fits at scale ``least`` or more (the readable minimum);
    otherwise the number of columns that fits the chain largest (fewer rows on a tie).
    ``turn_pad`` is the extra width the turns take at one end of the rows (two rows turn
    at the right only; more turn at both ends).
    """
    if count <= 1 or fitted_scale(snake_extent(count, count, cell, pad), view, most) >= least:
        return max(count, 1)
    best, best_scale = count, -1.0
    for columns in range(count - 1, 1, -1):
        width, height = snake_extent(count, columns, cell, pad)
        sides = 1 if -(-count // columns) == 2 else 2
        scale = fitted_scale((width + sides * turn_pad, height), view, most)
        if scale > best_scale + 1e-9:
            best, best_scale = columns, scale
    return best


# ---- long graphs: bands of layers --------------------------------------------------------

BAND_GAP = 1.3  # rows between the lowest point of a band and the highest of the next


def _band_spans(base: Layout, per_band: int) -> list[tuple[float, float]]:
    """Each band's (highest, lowest) row over its nodes and the bends of edges through it
    (bands without any left out)."""
    layers, rows, _ = base.band_points
    band = layers // per_band
    lows = np.full(band.max() + 1, np.inf)
    highs = np.full(band.max() + 1, -np.inf)
    np.minimum.at(lows, band, rows)
    np.maximum.at(highs, band, rows)
    present = np.bincount(band) > 0
    return list(zip(lows[present].tolist(), highs[present].tolist(), strict=True))


def band_extent(base: Layout, per_band: int, gap: float = BAND_GAP) -> tuple[int, float, int, int]:
    """Columns (layers across), height in rows, number of bands, and the most links that
    turn at one band's end (nested turns) of ``bands(base, per_band)``."""
    per_band = max(1, min(per_band, base.layers))
    if (per_band, gap) not in base.band_extents:  # (the view asks for every width again)
        _band_extents(base, np.arange(1, base.layers + 1), gap)
    return base.band_extents[(per_band, gap)]


def _band_extents(base: Layout, widths: np.ndarray, gap: float) -> None:
    """``band_extent`` for each of ``widths`` (layers a band) at once: the view tries every
    width, and a numpy pass per width was most of wrapping a 200-layer graph. A band's
    highest and lowest rows are those of its layers', and its height is summed as
    ``_band_spans`` and ``sum`` give it."""
    layers, rows, ends = base.band_points
    count = int(max(layers.max(initial=0), ends.max(initial=0))) + 1  # layers
    low, high = np.full(count, np.inf), np.full(count, -np.inf)
    np.minimum.at(low, layers, rows)
    np.maximum.at(high, layers, rows)
    band = np.arange(count)[None, :] // widths[:, None]  # each layer's band, per width
    offsets = np.arange(len(widths))[:, None] * count
    keys = (band + offsets).ravel()  # width k's bands at k·count …
    lows, highs = np.full(keys.size, np.inf), np.full(keys.size, -np.inf)
    np.minimum.at(lows, keys, np.tile(low, len(widths)))
    np.maximum.at(highs, keys, np.tile(high, len(widths)))
    filled = np.tile(np.bincount(layers, minlength=count), len(widths))
    present = np.bincount(keys, filled, minlength=keys.size) > 0
    spans = np.where(present, highs - lows, 0.0).reshape(len(widths), count)
    present = present.reshape(len(widths), count)
    # the links that turn at a band's end (from one band to the next), per band
    pairs, links = np.unique(ends.reshape(-1, 2), axis=0, return_counts=True)
    first, last = band[:, pairs[:, 0]], band[:, pairs[:, 1]]
    turns = first != last
    weights = np.broadcast_to(links, first.shape)[turns]
    turning = np.bincount((first + offsets)[turns], weights, minlength=keys.size)
    most = turning.reshape(len(widths), count).max(axis=1).astype(int).tolist()
    heights, counts, start = spans[present].tolist(), present.sum(axis=1).tolist(), 0
    for width, n, turned in zip(widths.tolist(), counts, most, strict=True):
        height = sum(heights[start : start + n]) + gap * (n - 1)
        base.band_extents[(width, gap)] = width, height, n, turned
        start += n


def bands(base: Layout, per_band: int, gap: float = BAND_GAP) -> Layout:
    """``base`` wrapped into bands of ``per_band`` consecutive layers, stacked top to bottom
    ``gap`` rows apart: band 0 runs left to right, band 1 right to left under it (turned
    half round, upside down too), and so on, so a link from one band to the next is a turn
    down at the bands' shared end (listed in ``band_turns``, nested: the turn spanning most
    rows outermost; turning every other band upside down keeps nested turns from crossing)."""
    if per_band >= base.layers or per_band < 1:
        return base
    spans = _band_spans(base, per_band)
    tops, top = [], 0.0
    for low, high in spans:
        tops.append(top)
        top += high - low + gap

    def place(point: tuple[float, float]) -> tuple[float, float]:
        x, y = point
        b, column = divmod(round(x), per_band)
        low, high = spans[b]
        if b % 2:  # turned half round: the turns into it and out of it nest, not cross
            return float(per_band - 1 - column), tops[b] + high - y
        return float(column), tops[b] + y - low

    positions = {i: place(p) for i, p in base.positions.items()}
    full = {key: full_route(base, key) for key in base.routes}  # a point in every layer
    routes = {key: [place(p) for p in route] for key, route in full.items()}
    found: dict[int, list[tuple[float, EdgeKey, int]]] = {}  # band → (rows spanned, edge, at)
    for key, route in full.items():
        for at in range(len(route) - 1):
            b = round(route[at][0]) // per_band
            if round(route[at + 1][0]) // per_band != b:
                span = routes[key][at + 1][1] - routes[key][at][1]
                found.setdefault(b, []).append((span, key, at))
    band_turns: dict[EdgeKey, tuple[tuple[int, str, int], ...]] = {}
    for b, turns in found.items():
        side = "left" if b % 2 else "right"
        levels: dict[object, int] = {}  # a turn → its level (edges along a trunk share one)
        for _, key, at in sorted(turns):
            on_trunk = key in base.buses and at + 2 < len(full[key])
            turn = (base.buses[key], at) if on_trunk else (key, at)
            level = levels.setdefault(turn, len(levels))
            band_turns[key] = (*band_turns.get(key, ()), (at, side, level))
    ys = [y for _, y in positions.values()]
    return replace(
        base,
        positions=positions,
        routes=routes,
        layers=per_band,
        rows=max(ys) - min(ys),
        band_turns=band_turns,
        bands=len(spans),
        trunks={},  # (its edges' routes have a point in every layer, as any edge's)
        buses={},
    )


def band_layers(
    base: Layout,
    view: tuple[float, float],
    cell: tuple[float, float],
    pad: tuple[float, float],
    least: float,
    most: float,
    turn_pad: tuple[float, float] = (0.0, 0.0),
) -> int:
    """How many layers per band a graph laid out as ``base`` gets in ``view``: all of them
    (one band) while that fits at scale ``least`` or more; otherwise the number that shows
    it largest (fewer bands on a tie), if that reads at ``least``; else all of them.
    ``cell``: pitch between layers and between rows; ``pad``: room around the outermost
    centres; ``turn_pad``: the width a turn adds at one end of the bands, and each turn
    nested round it (two bands turn at the right only; more at both ends)."""
    one_band = fitted_scale(banded_size(base, base.layers, cell, pad), view, most)
    if base.layers <= 2 or one_band >= least:
        return base.layers
    best, best_scale = base.layers, one_band
    for per_band in range(base.layers - 1, 1, -1):
        scale = fitted_scale(banded_size(base, per_band, cell, pad, turn_pad), view, most)
        if scale > best_scale + 1e-9:
            best, best_scale = per_band, scale
    # no wrapping reads whole: one band, which the view follows along (long skip edges
    # winding through bands read worse than a band cut at the side)
    return best if best_scale >= least else base.layers


def banded_size(
    base: Layout,
    per_band: int,
    cell: tuple[float, float],
    pad: tuple[float, float],
    turn_pad: tuple[float, float] = (0.0, 0.0),
) -> tuple[float, float]:
    """Width and height of ``bands(base, per_band)`` in scene units (see ``band_layers``)."""
    columns, height, count, nested = band_extent(base, per_band)
    sides = 0 if count == 1 else 1 if count == 2 else 2
    turns = turn_pad[0] + turn_pad[1] * max(0, nested - 1) if nested else 0.0
    return (columns - 1) * cell[0] + pad[0] + sides * turns, height * cell[1] + pad[1]
