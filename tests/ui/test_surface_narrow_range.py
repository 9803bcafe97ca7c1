"""A range the line plots sample with a few points (1e-15 wide, N = 3) is the document's; the
map shows it too, with as many samples as it holds, and keeps the point (it fell back to its
own range and point, and disagreed with the document and the walkthrough: monkey seed 941392)."""

from __future__ import annotations

from guiad.core.expression import parse
from guiad.core.grid import Box

NARROW = (1.0, 1.000000000000001)


def test_the_map_shows_the_documents_narrow_range_and_point(window):
    assert window.plots.set_range(*NARROW, 3)
    window.plots.set_x0(1.722)
    window.editor.set_graph(parse("x*y + sin(x)"))
    surface, settings = window.surface, window.document.settings
    graph = window.document.graph
    assert surface.point() == settings.point(graph.inputs) == (1.722, 1.0)
    assert surface.wait_for_data(60_000)
    box = surface.grid().box
    assert (box.x_min, box.x_max) == NARROW
    assert ((box.x_min, box.x_max), (box.y_min, box.y_max)) == settings.ranges(graph.inputs)
    assert 2 <= box.nx < box.ny  # only a few distinct samples fit in the narrow range
    assert box.problem(2) is None
    assert window.walkthrough.point() == surface.point()


def test_a_box_checks_each_range_with_its_own_number_of_samples():
    assert Box(0, 1, *NARROW, -4.0, 4.0, 3, 300).problem(2) is None
    assert Box(0, 1, *NARROW, -4.0, 4.0, 300, 300).problem(2) is not None
