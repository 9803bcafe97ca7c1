"""Label placement scores spots on plain floats (RectGrid.overlaps / crossings): the scores
must be Qt's, to the last bit, or other spots would win and labels would move.

The reference is QRectF itself (intersected, intersects), on rectangles that touch, share
edges, sit inside one another and have no width, where the two could disagree.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF

from guiad.ui.graph_labels import RectGrid, box_of

# few distinct coordinates, so edges coincide often; thirds are not exact in binary
coordinate = st.sampled_from([-161.0, -40.0, -1 / 3, 0.0, 2 / 3, 4.0, 39.5, 160.0, 321.25])
size = st.sampled_from([0.0, 4.0, 1 / 3, 35.0, 96.5, 160.0])
rectangle = st.builds(QRectF, coordinate, coordinate, size, size)


def qt_overlap(a: QRectF, b: QRectF) -> float:
    both = a.intersected(b)
    return 0.0 if both.isEmpty() else both.width() * both.height()


@settings(max_examples=300, deadline=None)
@given(stored=st.lists(rectangle, max_size=12), probe=rectangle)
def test_overlaps_and_crossings_are_qts(stored, probe):
    grid = RectGrid()
    for rect in stored:
        grid.add(rect)
    near = grid.near(probe)
    assert list(grid.overlaps(box_of(probe))) == [qt_overlap(probe, r) for r in near]
    assert grid.crossings(box_of(probe)) == sum(1 for r in near if probe.intersects(r))


def test_a_probe_far_from_everything_has_nothing_near():
    grid = RectGrid()
    grid.add(QRectF(0, 0, 10, 10))
    far = box_of(QRectF(1000, 1000, 10, 10))
    assert list(grid.overlaps(far)) == []
    assert grid.crossings(far) == 0


def test_a_covered_probe_counts_the_area_it_shares():
    grid = RectGrid()
    grid.add(QRectF(0, 0, 10, 10))
    grid.add(QRectF(5, 5, 10, 10))
    probe = box_of(QRectF(2, 2, 6, 6))  # 6×6 inside the first, 3×3 inside the second
    assert list(grid.overlaps(probe)) == [36.0, 9.0]
    assert grid.crossings(probe) == 2
