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


def _window(make_window, expr: str, scale: float, size=(1920, 1080)):
    window = make_window()
    window.resize(*size)
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


def test_baydin_takes_the_room_while_it_plays_and_keeps_it_while_paused(make_window, qtbot):
    """Presenter mode: a pause is where the lecturer talks, so the room stays (it was
    given back at each pause, and at each of lecture mode's steps); Home gives it back."""
    window = _window(make_window, BAYDIN, 2.0)
    walkthrough = window.walkthrough
    before = _label_px(walkthrough)
    walkthrough.play()
    settle_layout(window)
    taken = _label_px(walkthrough)
    assert taken >= READABLE_PX * 2.0 > before
    assert walkthrough.view.fits()
    assert walkthrough.table_shown()  # (under the graph, where it leaves it that size)
    walkthrough.seek(5)
    walkthrough.pause()
    walkthrough.step_back()
    settle_layout(window)
    assert window.play_room.taken()
    assert _label_px(walkthrough) == pytest.approx(taken, rel=0.02)
    walkthrough.restart()
    settle_layout(window)
    assert window.stage.plots.isVisible()
    assert _label_px(walkthrough) == pytest.approx(before, rel=0.02)


def _play_to_done(window) -> None:
    walkthrough = window.walkthrough
    walkthrough.set_reduce_motion(True)
    walkthrough.play()
    while walkthrough.is_playing():
        walkthrough.tick()
    settle_layout(window)
    assert walkthrough.timeline.at_end


def _laptop(make_window, scale: float):
    return _window(make_window, SEED, scale, (1280, 800))


def test_at_1280_presenter_keeps_the_room_at_done_until_an_edit(make_window):
    """The seed at 1280×800 2×: playing gives the graph the room; at Done it was given
    back, leaving 11 px labels and "Not all in view" over what the lecturer talks about."""
    window = _laptop(make_window, 2.0)
    walkthrough = window.walkthrough
    _play_to_done(window)
    assert window.play_room.taken()
    assert not window.stage.plots.isVisible()
    assert walkthrough.view.fits()
    assert _label_px(walkthrough) >= READABLE_PX * 2.0
    window.expression_box.edit.setText("exp(sin(x))")
    window.expression_box.submit()
    settle_layout(window)
    assert not window.play_room.taken()
    assert window.stage.plots.isVisible()


def test_at_1280_end_takes_the_room_and_leaving_presenter_gives_it_back(make_window):
    window = _laptop(make_window, 2.0)
    window.walkthrough.go_to_end()  # (End, without playing: the same last step)
    settle_layout(window)
    assert window.play_room.taken()
    assert window.walkthrough.view.fits()
    window.presenter_menu.set_scale(1.0)
    settle_layout(window)
    assert not window.play_room.taken()
    assert window.stage.plots.isVisible()
    assert window.palette_dock.isVisible()


def test_at_1280_off_the_room_goes_back_at_done_as_before(make_window):
    window = _laptop(make_window, 1.0)
    sizes = window.stage.sizes()
    _play_to_done(window)
    assert not window.play_room.taken()
    assert window.stage.plots.isVisible()
    assert window.stage.sizes() == sizes


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
