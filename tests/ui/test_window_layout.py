"""The window's parts together: the selected card highlighted in the walkthrough, and a
layout that gives the plots and the walkthrough graph room (checked on geometry, offscreen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor

from guiad.core.expression import parse
from guiad.core.graph import chain_graph
from guiad.ui.walkthrough.scene import SELECTED_ROW


def background(window, row: int) -> QColor | None:
    model = window.walkthrough.model
    return model.data(model.index(row, 1), Qt.ItemDataRole.BackgroundRole)


def test_selecting_a_card_highlights_its_node_and_row(window):
    walk = window.walkthrough
    assert walk.highlighted_node() == -1
    window.strip.select_row(1)  # the second card: node v₂
    assert walk.highlighted_node() == 2
    assert [item.selected for item in walk.scene.nodes] == [False, False, True, False]
    assert background(window, 2) == QColor(SELECTED_ROW)
    assert background(window, 1) != QColor(SELECTED_ROW)
    window.strip.select_row(-1)
    assert walk.highlighted_node() == -1
    assert all(background(window, row) != QColor(SELECTED_ROW) for row in range(4))


def test_highlight_survives_a_rebuild_and_goes_with_its_node(window):
    walk = window.walkthrough
    window.strip.select_row(2)
    window.plots.set_x0(0.5)  # rebuilds the walkthrough
    assert walk.x0() == 0.5
    assert walk.highlighted_node() == 3
    walk.set_graph(chain_graph(["sin"]))  # node 3 no longer exists
    assert walk.highlighted_node() == -1


def test_highlight_draws_a_glow_around_the_node(window):
    item = window.walkthrough.scene.nodes[1]
    plain = item.boundingRect()
    window.walkthrough.highlight_node(1)
    assert item.boundingRect().contains(plain)
    assert item.boundingRect() != plain


def _visible_in_view(view, rect: QRectF) -> bool:
    return view.viewport().rect().contains(view.mapFromScene(rect).boundingRect())


@pytest.mark.parametrize("step", [0, 5, 11])
def test_short_chain_fits_the_walkthrough_view(window, step):
    """x → sin → sin → exp → y: every node and its labels in view, at every step."""
    walk = window.walkthrough
    walk.seek(step)
    view = walk.view
    for node in walk.scene.nodes:
        assert _visible_in_view(view, node.sceneBoundingRect()), node.title
    assert view.transform().m11() >= view.MIN_READABLE


def test_long_chain_follows_the_current_node(window):
    # (up to 30 ops a chain shows whole at 1280×800: tests/ui/test_walkthrough_fit.py)
    window.document.set_graph(parse("sin(" * 60 + "x" + ")" * 60))
    walk = window.walkthrough
    view = walk.view
    assert view.transform().m11() == pytest.approx(view.MIN_READABLE)  # does not fit: readable
    for step in (0, 10, 20, len(walk.timeline) - 1):
        walk.seek(step)
        current = walk.scene.nodes[walk.timeline.current.node]
        assert _visible_in_view(view, current.sceneBoundingRect())


def test_plots_and_walkthrough_share_the_window_at_1280_by_800(window):
    """Stacked at this width, the walkthrough gets at least 40% of the window's height."""
    assert window.stage.orientation() == Qt.Orientation.Vertical
    assert window.walkthrough.height() >= 0.4 * window.height()
    assert window.plots.height() >= 0.35 * window.height()
    assert window.chain_dock.height() <= 130


def test_window_can_be_narrow(window, qtbot):
    assert window.minimumSizeHint().width() <= 900
    window.resize(900, 700)
    qtbot.waitUntil(lambda: window.width() == 900)
    bar = window.plots.controls_bar
    assert bar.width() <= window.plots.width()
