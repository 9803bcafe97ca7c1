"""Presenter mode's graph (issue 23 item 6): in the default layout at 1920×1080 the labels
reach the presenter's size (READABLE_PX × the scale on screen), by wrapping where that
shows them larger, the table moving under the graph or giving way, and the walkthrough
taking the room while it plays; off, nothing changes."""

from __future__ import annotations

import pytest

from guiad.core.expression import parse
from guiad.ui.walkthrough.items import LABEL_PX, READABLE_PX
from guiad.ui.walkthrough.view import settle_layout
from guiad.ui.window import presenter

SEED = "exp(sin(sin(x)))"
BAYDIN = "log(x1) + x1*x2 - sin(x2)"


@pytest.fixture(autouse=True)
def _font_back(qapp):
    yield
    presenter.apply_scale(1.0)


def _label_px(walkthrough) -> float:
    """The graph's labels' height on screen: LABEL_PX-high text times the view's zoom."""
    return LABEL_PX * walkthrough.view.transform().m11()


def _window(make_window, expr: str, scale: float):
    window = make_window()
    window.resize(1920, 1080)
    window.editor.set_graph(parse(expr), expr)
    window.presenter_menu.set_scale(scale)
    settle_layout(window)
    return window


def test_a_chain_reaches_the_presenter_size_beside_the_plots(make_window):
    window = _window(make_window, SEED, 2.0)
    walkthrough = window.walkthrough
    assert window.stage.plots.isVisible()
    assert _label_px(walkthrough) >= READABLE_PX * 2.0
    assert walkthrough.view.fits()


def test_off_the_chain_stays_one_row_beside_its_table(make_window):
    window = _window(make_window, SEED, 1.0)
    walkthrough = window.walkthrough
    assert walkthrough.scene.columns == 0  # one row, as before presenter mode
    assert walkthrough.table_shown()
    assert walkthrough.view.fits()


def test_baydin_takes_the_room_while_it_plays_and_gives_it_back(make_window, qtbot):
    window = _window(make_window, BAYDIN, 2.0)
    walkthrough = window.walkthrough
    before = _label_px(walkthrough)
    walkthrough.play()
    settle_layout(window)
    assert _label_px(walkthrough) >= READABLE_PX * 2.0 > before
    assert walkthrough.view.fits()
    assert walkthrough.table_shown()  # (under the graph, where it leaves it that size)
    walkthrough.pause()
    settle_layout(window)
    assert window.stage.plots.isVisible()
    assert _label_px(walkthrough) == pytest.approx(before, rel=0.02)


def test_no_room_is_taken_for_a_graph_it_cannot_show_whole(make_window, qtbot):
    """A 90-op chain does not fit 1280×800 at a readable size even with every other part
    hidden: the plots keep their share, before and while it plays (it took all but 150 px
    of them, and while playing every dock, to show a part of it)."""
    window = make_window()
    expr = "sin(" * 90 + "x" + ")" * 90
    window.editor.set_graph(parse(expr), expr)
    settle_layout(window)
    plots, walk = window.stage.sizes()
    assert walk <= 0.55 * (plots + walk)
    assert window.walkthrough.view.hint_shown()  # (the view says it follows the node)
    window.walkthrough.play()
    settle_layout(window)
    assert window.stage.plots.isVisible()
    assert window.palette_dock.isVisible()
    assert window.stage.sizes() == [plots, walk]
    window.walkthrough.pause()
