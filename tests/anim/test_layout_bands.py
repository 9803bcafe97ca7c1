"""Long graphs wrap into bands of layers: bands stack top to bottom, every other one runs
right to left, links between bands turn at the bands' shared end, nested turns do not cross."""

from __future__ import annotations

import pytest

from guiad.anim.layout import (
    BAND_GAP,
    band_extent,
    band_layers,
    banded_size,
    bands,
    full_route,
    layout,
)
from guiad.core.expression import parse

LOGISTIC = "log(1 + exp(-(w*x + b)))"
ROSENBROCK = "(1 - x)^2 + 100*(y - x^2)^2"
PRODUCT = "x*y*z*w"
LONG = "sin(x)*cos(x) + exp(exp(exp(exp(exp(x*x)))))"  # one input, 10 layers
GRAPHS = [LOGISTIC, ROSENBROCK, PRODUCT, LONG]
CELL = (250.0, 116.0)
PAD = (124.0, 106.0)


@pytest.mark.parametrize("text", GRAPHS)
@pytest.mark.parametrize("per_band", [2, 3])
def test_every_link_steps_one_column_in_a_band_or_turns_down_at_its_end(text, per_band):
    base = layout(parse(text))
    result = bands(base, per_band)
    assert result.bands == -(-base.layers // per_band)
    assert {x for x, _ in result.positions.values()} <= set(map(float, range(per_band)))
    for key, route in base.routes.items():
        placed = result.routes[key]
        turns = {at: side for at, side, _ in result.band_turns.get(key, ())}
        for at in range(len(route) - 1):
            band = round(route[at][0]) // per_band
            (xa, ya), (xb, yb) = placed[at], placed[at + 1]
            if round(route[at + 1][0]) // per_band == band:
                # along the band: rightwards in bands 0, 2, …, leftwards in 1, 3, …
                assert xb - xa == (-1 if band % 2 else 1)
                assert at not in turns
            else:  # down to the next band, at the end both share
                assert xa == xb == (0 if band % 2 else per_band - 1)
                assert yb > ya
                assert turns[at] == ("left" if band % 2 else "right")


@pytest.mark.parametrize("text", GRAPHS)
def test_bands_do_not_overlap_and_stack_downwards(text):
    base = layout(parse(text))
    result = bands(base, 2)
    spans: dict[int, list[float]] = {}
    for i, (x, _) in base.positions.items():
        spans.setdefault(round(x) // 2, []).append(result.positions[i][1])
    ordered = [spans[b] for b in sorted(spans)]
    for upper, lower in zip(ordered, ordered[1:], strict=False):
        assert max(upper) + 1 <= min(lower)  # at least a row between bands


@pytest.mark.parametrize("text", GRAPHS)
@pytest.mark.parametrize("per_band", [2, 3, 4])
def test_nested_turns_at_a_band_end_do_not_cross(text, per_band):
    base = layout(parse(text))
    result = bands(base, per_band)
    ends: dict[int, list[tuple[int, float, float]]] = {}  # a band's end → its turns
    for key, turns in result.band_turns.items():
        for at, _, level in turns:
            (_, ya), (_, yb) = result.routes[key][at], result.routes[key][at + 1]
            ends.setdefault(round(base.routes[key][at][0]) // per_band, []).append((level, ya, yb))
    for turns in ends.values():
        assert sorted(level for level, _, _ in turns) == list(range(len(turns)))
        for inner in turns:
            for outer in turns:
                if outer[0] > inner[0]:  # the outer turn spans the inner one
                    assert outer[1] <= inner[1]
                    assert outer[2] >= inner[2]


def test_a_graph_that_reads_in_one_band_is_not_wrapped():
    base = layout(parse(PRODUCT))  # 4 layers
    assert band_layers(base, (1200.0, 500.0), CELL, PAD, least=0.8, most=1.3) == base.layers
    assert bands(base, base.layers) == base


def test_a_long_graph_wraps_into_the_bands_that_show_it_largest():
    base = layout(parse(LOGISTIC))  # 7 layers, 1700 units long in one band
    view, turn = (900.0, 600.0), (150.0, 16.0)
    per_band = band_layers(base, view, CELL, PAD, least=0.8, most=1.3, turn_pad=turn)
    assert 2 <= per_band < base.layers

    def scale(k):
        w, h = banded_size(base, k, CELL, PAD, turn)
        return min(view[0] / w, view[1] / h, 1.3)

    # no other number of layers per band shows it larger (brute force)
    assert scale(per_band) == pytest.approx(max(scale(k) for k in range(2, base.layers + 1)))
    assert scale(per_band) >= 0.8


def test_a_tall_view_gets_fewer_layers_a_band_than_a_wide_one():
    base = layout(parse(LONG))
    wide = band_layers(base, (1800.0, 500.0), CELL, PAD, least=0.9, most=1.3)
    tall = band_layers(base, (700.0, 1400.0), CELL, PAD, least=0.9, most=1.3)
    assert tall < wide


def test_an_input_of_several_sits_one_layer_before_its_first_reader():
    graph = parse(LOGISTIC)  # inputs x, b, w: b is read by the + after w·x
    result = layout(graph)
    b, times, plus = graph.inputs.index("b"), 3, 4
    assert graph.nodes[plus].inputs == (times, b)
    assert result.positions[b][0] == result.positions[times][0] == result.positions[plus][0] - 1
    assert result.positions[0][0] == 0  # x, read by the product, in the first layer


def test_a_product_of_four_inputs_is_two_rows_high():
    # x·y·z·w: every layer holds two nodes, so two rows are enough (the fan-ins climbed
    # half a row a layer, 1.7 rows)
    assert layout(parse(PRODUCT)).rows == pytest.approx(1.0)


def test_a_graph_no_wrapping_shows_whole_at_a_readable_size_stays_one_band():
    base = layout(parse(LOGISTIC))
    # 1000×190 (under the surface view at 1280×800): one band is too long, two too high
    view = (1000.0, 190.0)
    assert band_layers(base, view, CELL, PAD, least=0.786, most=1.3) == base.layers


def reference_extent(base, per_band: int, gap: float = BAND_GAP) -> tuple[int, float, int, int]:
    """band_extent as first written, point by point in plain Python (before the numpy
    version that keeps a 128-node fan-out graph from taking seconds), over every edge's
    route with a point in every layer; a link of a trunk (shared by the edges along it)
    turns once."""
    per_band = max(1, min(per_band, base.layers))
    spans: dict[int, tuple[float, float]] = {}
    routes = {key: full_route(base, key) for key in base.routes}
    points = [*base.positions.values(), *(p for route in routes.values() for p in route)]
    for x, y in points:
        b = round(x) // per_band
        low, high = spans.get(b, (y, y))
        spans[b] = (min(low, y), max(high, y))
    ordered = [spans[b] for b in sorted(spans)]
    height = sum(high - low for low, high in ordered) + gap * (len(ordered) - 1)
    turning: dict[int, int] = {}
    shared = set()
    for key, route in routes.items():
        for at, ((xa, _), (xb, _)) in enumerate(zip(route, route[1:], strict=False)):
            if key in base.buses and at + 2 < len(route):
                if (base.buses[key], at) in shared:
                    continue
                shared.add((base.buses[key], at))
            if round(xa) // per_band != round(xb) // per_band:
                turning[round(xa) // per_band] = turning.get(round(xa) // per_band, 0) + 1
    return per_band, height, len(ordered), max(turning.values(), default=0)


FAN_OUT = " + ".join(["x"] + [f"sin({'x*' * k}x)" for k in range(1, 9)])


@pytest.mark.parametrize("text", [*GRAPHS, FAN_OUT])
def test_band_extent_is_the_point_by_point_extent(text):
    base = layout(parse(text))
    for per_band in range(1, base.layers + 2):
        assert band_extent(base, per_band) == reference_extent(base, per_band)
