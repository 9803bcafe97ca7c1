"""The strip's hint "Drag ops … drag cards to reorder" is about cards: it shows beside a chain
and goes where the strip has none (a graph, several inputs), leaving the note its room."""

from __future__ import annotations

from guiad.core.expression import parse


def test_the_card_hint_shows_only_beside_a_chain(make_window, qtbot):
    """Found under Xvfb at 1280×800: x*sin(x) and every example of several inputs showed
    "drag cards to reorder" beside a note saying there are no cards to drag."""
    window = make_window()
    window.resize(1280, 800)
    hint = window.chain_dock.widget().hint
    qtbot.waitUntil(hint.isVisible)  # the seed is a chain
    window.editor.set_graph(parse("x*sin(x)"))
    qtbot.waitUntil(lambda: not hint.isVisible())
    window.editor.set_graph(parse("x*y + sin(x)"))
    qtbot.wait(20)
    assert not hint.isVisible()
    window.editor.set_graph(parse("sin(exp(x))"))
    qtbot.waitUntil(hint.isVisible)
