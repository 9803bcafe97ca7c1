"""The map keeps the point and the ranges it is given, however narrow a range (fewer samples
along it): it fell back to its own range and point, and disagreed with the document and the
walkthrough (monkey seed 941392, a document with x over 1e-15 and N = 3; files and the
plots' boxes now refuse ranges under 1e-12 of their ends, the map stays whole anyway)."""

from __future__ import annotations

import pytest

from guiad.core.expression import parse
from guiad.core.grid import Box
from guiad.ui.surface.panel import SurfacePanel

NARROW = (1.0, 1.000000000000001)


@pytest.fixture
def surface(qtbot) -> SurfacePanel:
    panel = SurfacePanel()
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    return panel


def test_the_map_keeps_a_narrow_range_and_the_point(surface):
    surface.set_graph(parse("x*y + sin(x)"), [NARROW, (-4.0, 4.0)], (1.722, 1.0))
    assert surface.point() == (1.722, 1.0)
    assert surface.wait_for_data(60_000)
    box = surface.grid().box
    assert ((box.x_min, box.x_max), (box.y_min, box.y_max)) == (NARROW, (-4.0, 4.0))
    assert 2 <= box.nx < box.ny  # only a few distinct samples fit in the narrow range
    assert box.problem(2) is None
    assert surface.values().point == (1.722, 1.0)


def test_a_box_checks_each_range_with_its_own_number_of_samples():
    assert Box(0, 1, *NARROW, -4.0, 4.0, 3, 300).problem(2) is None
    assert Box(0, 1, *NARROW, -4.0, 4.0, 300, 300).problem(2) is not None
