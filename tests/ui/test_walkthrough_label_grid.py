"""Label placement scores all of an edge's spots at once on plain floats (clash_scores):
the scores must be Qt's, to the last bit, or other spots would win and labels would move.

The reference is QRectF itself (intersected, intersects), on rectangles that touch, share
edges, sit inside one another and have no width, where the two could disagree.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, QRectF

from guiad.ui.walkthrough.labels import (
    LABEL_STACKS,
    LINE_WEIGHT,
    LabelRoom,
    LineGrid,
    RectGrid,
    _label_rects,
    box_of,
    clash_score,
    clash_scores,
    label_boxes,
    spot_boxes,
)

# few distinct coordinates, so edges coincide often; thirds are not exact in binary
coordinate = st.sampled_from([-161.0, -40.0, -1 / 3, 0.0, 2 / 3, 4.0, 39.5, 160.0, 321.25])
size = st.sampled_from([0.0, 4.0, 1 / 3, 35.0, 96.5, 160.0])
rectangle = st.builds(QRectF, coordinate, coordinate, size, size)


def qt_overlap(a: QRectF, b: QRectF) -> float:
    both = a.intersected(b)
    return 0.0 if both.isEmpty() else both.width() * both.height()


@settings(max_examples=300, deadline=None)
@given(stored=st.lists(rectangle, max_size=12), probe=rectangle)
def test_the_boxes_near_a_probe_hold_every_rectangle_it_meets(stored, probe):
    grid = RectGrid()
    for rect in stored:
        grid.add(rect)
    near = [tuple(box) for box in grid.boxes_near(box_of(probe))]
    assert all(box_of(rect) in near for rect in stored if probe.intersects(rect))


def test_a_probe_far_from_everything_has_nothing_near():
    grid = RectGrid()
    grid.add(QRectF(0, 0, 10, 10))
    assert grid.boxes_near(box_of(QRectF(1000, 1000, 10, 10))).shape == (0, 4)


def reference_score(pair: list[QRectF], taken: RectGrid, lines: list[QRectF]) -> float:
    """One pair's score by QRectF, box by box, in the pair's order (as placement summed it
    before clash_scores)."""
    area = sum(qt_overlap(rect, block) for rect in pair for block in taken.rects)
    return area + LINE_WEIGHT * sum(rect.intersects(line) for rect in pair for line in lines)


@settings(max_examples=200, deadline=None)
@given(
    pairs=st.lists(st.lists(rectangle, min_size=2, max_size=2), min_size=1, max_size=6),
    stored=st.lists(rectangle, max_size=12),
    lines=st.lists(rectangle, max_size=12),
)
def test_clash_scores_are_the_box_by_box_sums(pairs, stored, lines):
    taken = RectGrid()
    for rect in stored:
        taken.add(rect)
    boxes = np.array([[box_of(rect) for rect in pair] for pair in pairs])
    line_boxes = np.array([box_of(rect) for rect in lines]).reshape(-1, 4)
    scores = clash_scores(boxes, taken, line_boxes)
    assert list(scores) == [reference_score(pair, taken, lines) for pair in pairs]


@settings(max_examples=200, deadline=None)
@given(
    pairs=st.lists(st.lists(rectangle, min_size=2, max_size=2), min_size=1, max_size=6),
    lines=st.lists(rectangle, max_size=40),
    shift=st.sampled_from([0.0, 155.0, -321.25, 1000.0]),
)
def test_lines_in_a_grid_score_as_all_the_lines(pairs, lines, shift):
    """(the grid hands clash_scores the lines near the spots only: a 200-node graph has
    ~14,000 of them)"""
    boxes = np.array([[box_of(rect.translated(shift, 0)) for rect in pair] for pair in pairs])
    line_boxes = np.array([box_of(rect) for rect in lines]).reshape(-1, 4)
    taken = RectGrid()
    expected = clash_scores(boxes, taken, line_boxes)
    assert list(clash_scores(boxes, taken, LineGrid(line_boxes))) == list(expected)


@settings(max_examples=300, deadline=None)
@given(
    pair=st.lists(rectangle, min_size=2, max_size=2),
    stored=st.lists(rectangle, max_size=12),
    lines=st.lists(rectangle, max_size=40),
    shift=st.sampled_from([0.0, 155.0, -321.25]),
)
def test_one_pair_on_plain_floats_scores_as_qt_to_the_bit(pair, stored, lines, shift):
    """(one spot at a time, numpy's cost per call was most of placing a large graph's labels)"""
    pair = [rect.translated(shift, 0) for rect in pair]
    taken = RectGrid()
    for rect in stored:
        taken.add(rect)
    line_boxes = np.array([box_of(rect) for rect in lines]).reshape(-1, 4)
    score = clash_score([box_of(rect) for rect in pair], taken, LineGrid(line_boxes))
    assert score == reference_score(pair, taken, lines)
    assert score == clash_scores(np.array([[box_of(rect) for rect in pair]]), taken, line_boxes)[0]


def test_a_pair_over_two_blocks_and_an_edge_scores_both_areas_and_the_edge():
    taken = RectGrid()
    taken.add(QRectF(0, 0, 10, 10))
    taken.add(QRectF(100, 0, 10, 10))
    pair = [box_of(QRectF(5, 5, 10, 10)), box_of(QRectF(98, 8, 4, 4))]  # 5×5 and 2×2
    on_line = np.array([box_of(QRectF(12, 12, 4, 4)), box_of(QRectF(50, 50, 4, 4))])
    assert list(clash_scores(np.array([pair]), taken, on_line)) == [25.0 + 4.0 + LINE_WEIGHT]


def test_label_boxes_are_the_rectangles_placement_keeps():
    room = LabelRoom()
    points = [QPointF(0.1, -3.7), QPointF(123.25, 1 / 3)]
    boxes = label_boxes(points, LABEL_STACKS, room)
    for k, stack in enumerate(LABEL_STACKS):
        for j, point in enumerate(points):
            expected = [box_of(rect) for rect in _label_rects(point, stack, room)]
            assert [tuple(box) for box in boxes[k, j]] == expected
            assert spot_boxes(point, stack, room) == expected
