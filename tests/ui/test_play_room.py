"""While the walkthrough plays, every shipped example and both README graphs show whole, at
11 px or more, at 1280×800 and 1366×768 in the default layout: the walkthrough takes the
room it needs while it plays (the plots, then the Ops palette's width, then the chain
panel's height) and gives it back when it stops. Rosenbrock and the logistic loss showed
8 of 10 nodes ("Not all in view")."""

from __future__ import annotations

import pytest

from guiad.ui.resources import asset_dir
from tests.ui.test_walkthrough_fit import assert_whole_and_readable

README = {
    "rosenbrock": "(1 - x)^2 + 100*(y - x^2)^2",
    "logistic loss": "log(1 + exp(-(w*x + b)))",
}
EXAMPLES = sorted(p.name for p in asset_dir("examples").glob("*.guiad.json"))
LAPTOPS = {"1280x800": (1280, 800), "1366x768": (1366, 768)}


def _show(window, qtbot, name: str) -> None:
    if name in README:
        window.expression_box.edit.setText(README[name])
        window.expression_box.submit()
    else:
        window.open_path(asset_dir("examples") / name)
    panel = window.walkthrough
    qtbot.waitUntil(lambda: panel.timeline is not None and panel.graph() == window.document.graph)
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not panel.view.relayout_pending())


def _settled(qtbot, panel) -> None:
    qtbot.wait(30)
    qtbot.waitUntil(lambda: not panel.view.relayout_pending(), timeout=5000)


@pytest.mark.parametrize("size", LAPTOPS)
@pytest.mark.parametrize("name", [*README, *EXAMPLES])
def test_while_it_plays_the_graph_is_whole_and_readable(make_window, qtbot, size, name):
    window = make_window()
    window.resize(*LAPTOPS[size])
    qtbot.waitUntil(lambda: window.size().toTuple() == LAPTOPS[size])
    _show(window, qtbot, name)
    panel = window.walkthrough
    shown = (window.palette_dock.isVisible(), window.chain_dock.isVisible())
    sizes = window.stage.sizes()
    panel.set_reduce_motion(True)  # (steps land at once: the test seeks while it plays)
    panel.set_speed(0.25)  # a tick every 4 s: the test looks between them
    panel.play()
    _settled(qtbot, panel)
    last = len(panel.timeline) - 1
    for step in (0, last // 2, last):
        panel.seek(step)
        assert panel.is_playing()
        _settled(qtbot, panel)
        assert_whole_and_readable(panel)
    panel.pause()  # the room goes back
    qtbot.waitUntil(lambda: window.stage.sizes() == sizes)
    assert (window.palette_dock.isVisible(), window.chain_dock.isVisible()) == shown
    assert window.plot_stack.isVisible()


def test_closing_while_it_plays_saves_the_layout_not_the_room_it_took(make_window, qtbot):
    window = make_window()
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.size().toTuple() == (1280, 800))
    _show(window, qtbot, "10-logistic-loss.guiad.json")
    window.walkthrough.set_speed(0.25)
    window.walkthrough.play()
    qtbot.waitUntil(lambda: not window.palette_dock.isVisible())  # (it took the palette's room)
    window.close()
    again = make_window()
    assert again.palette_dock.isVisible()
    assert again.chain_dock.isVisible()
