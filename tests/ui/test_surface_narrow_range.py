"""The map keeps the point and the ranges it is given, however narrow a range (fewer samples
along it): it fell back to its own range and point, and disagreed with the document and the
walkthrough (monkey seed 941392, a document with x over 1e-15 and N = 3; files and the
plots' boxes now refuse ranges under 1e-12 of their ends, the map stays whole anyway)."""

from __future__ import annotations

from guiad.core.expression import parse
from guiad.core.grid import Box

NARROW = (1.0, 1.000000000000001)


def test_the_map_keeps_a_narrow_range_and_the_point(surface_panel):
    surface_panel.set_graph(parse("x*y + sin(x)"), [NARROW, (-4.0, 4.0)], (1.722, 1.0))
    assert surface_panel.point() == (1.722, 1.0)
    assert surface_panel.wait_for_data(60_000)
    box = surface_panel.grid().box
    assert ((box.x_min, box.x_max), (box.y_min, box.y_max)) == (NARROW, (-4.0, 4.0))
    assert 2 <= box.nx < box.ny  # only a few distinct samples fit in the narrow range
    assert box.problem(2) is None
    assert surface_panel.values().point == (1.722, 1.0)


def test_a_box_checks_each_range_with_its_own_number_of_samples():
    assert Box(0, 1, *NARROW, -4.0, 4.0, 3, 300).problem(2) is None
    assert Box(0, 1, *NARROW, -4.0, 4.0, 300, 300).problem(2) is not None
