"""A large graph's map, slices and point values are evaluated off the GUI thread (a 3,000-node
expression once blocked the window 38 s on the map's first grid); a small one's at once."""

from __future__ import annotations

import numpy as np
import pytest

from guiad.core.expression import parse
from guiad.core.grid import compute_slice, values_at
from guiad.ui.widgets.worker import SYNC_WORK

# ~3,000 nodes
LARGE = " + ".join(f"sin({k % 7 + 1}*x)*cos(y/{k % 5 + 1})" for k in range(500))


def test_a_large_graph_is_evaluated_in_the_background_and_matches_the_core(surface_panel):
    graph = parse(LARGE)
    surface_panel.set_graph(parse("x*y"))
    assert surface_panel.set_box(-2.0, 2.0, -1.0, 3.0, 41)  # N kept for the next graph; quicker
    assert len(graph.nodes) * 41 * 41 > SYNC_WORK  # (the premise, for the map and the slices)
    assert len(graph.nodes) * 801 * 2 > SYNC_WORK
    before = surface_panel.values()
    surface_panel.set_graph(graph, [(-2.0, 2.0), (-1.0, 3.0)], (0.5, 1.5))
    assert surface_panel.busy()  # set_graph returned before any of it was computed
    assert surface_panel.grid().graph == parse("x*y")  # the last map stays until the new one
    assert surface_panel.values() is before  # x*y's values, until the new ones come
    assert surface_panel.wait_for_data(120_000)
    assert not surface_panel.busy()

    box, grid = surface_panel.box(), surface_panel.grid()
    for row, col in ((0, 0), (20, 7), (40, 40)):  # samples against the core's own sweep
        x, y = box.xs()[col], box.ys()[row]
        assert grid.f[row, col] == pytest.approx(values_at(graph, (x, y)).f, rel=1e-13)
    at = values_at(graph, (0.5, 1.5))
    assert surface_panel.values().f == at.f
    assert surface_panel.values().grad == at.grad
    along_x = compute_slice(graph, 0, (0.5, 1.5), -2.0, 2.0)
    np.testing.assert_array_equal(surface_panel.slice_data(0).f, along_x.f)
    assert "f = " in surface_panel.readout_text()


def test_a_small_graph_is_on_screen_when_set_graph_returns(surface_panel):
    graph = parse("x^2 + 3*y")
    surface_panel.set_graph(graph, [(-2.0, 2.0), (-1.0, 3.0)], (0.5, 1.5))
    assert not surface_panel.busy()
    assert surface_panel.values().f == pytest.approx(0.25 + 4.5, rel=1e-15)
    assert surface_panel.grid() is not None
