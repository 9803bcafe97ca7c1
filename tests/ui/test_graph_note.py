"""The strip's note and the status bar name the real reason a graph has no cards.

Found by the GUI monkey test's screenshots: sin(3) and 3^x were said to use x "more than
once" (sin(3) does not use x at all; 3^x uses it once, in an op of two inputs).
"""

from __future__ import annotations

import pytest

from guiad.anim.timeline import MAX_ANIMATED_NODES
from guiad.core.expression import parse
from guiad.core.graph import graph_reason
from guiad.ui.chain.strip import graph_note


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("sin(3)", "f does not depend on x"),
        ("pi", "f does not depend on x"),
        ("3^x", "an op in it takes two inputs"),
        ("2^sin(x)", "an op in it takes two inputs"),
        ("x*sin(x)", "x is used more than once"),
        ("x*x", "x is used more than once"),
    ],
)
def test_the_note_gives_the_reason(text, reason):
    note = graph_note(parse(text))
    assert reason in note
    assert note.endswith(": build it on the canvas (Build, Ctrl+B) or edit it as text below.")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("sin(3)", "f does not depend on x"),
        ("3^x", "an op in it takes two inputs"),
        ("x*sin(x)", "x is used more than once"),
    ],
)
def test_the_status_bar_gives_the_same_reason(text, reason, window):
    window.editor.set_graph(parse(text))
    message = window.status_label.text()
    assert reason in message
    assert message.startswith(graph_reason(parse(text)))  # one wording, as the strip's


def test_the_status_bar_counts_nodes_as_the_walkthroughs_limit_does(window):
    nodes = MAX_ANIMATED_NODES + 1
    graph = parse("x" + "+x" * (nodes - 1))  # x and nodes − 1 additions
    window.editor.set_graph(graph)
    limit = window.walkthrough.too_large_message()
    assert limit is not None
    assert f"this one has {nodes}." in limit
    assert f"({nodes} nodes" in window.status_label.text()


def test_a_graph_of_several_inputs_is_named_so_in_the_strip_and_the_status_bar(window):
    graph = parse("x*y + sin(x)")
    assert graph_note(graph).startswith(
        "This graph has 2 inputs (x, y): build it on the canvas (Build, Ctrl+B) or edit it as an "
        "expression below"
    )
    window.editor.set_graph(graph)
    assert window.status_label.text() == (
        "This graph has 2 inputs (x, y) (5 nodes, inputs included): build it on the canvas "
        "(Ctrl+B) or edit it as an expression"
    )


def test_an_open_port_is_no_node_in_the_status_bars_count(window):
    """Found under Xvfb in lesson 07: x*sin(?) (x, sin, ×) was "4 nodes, x included"."""
    window.editor.set_graph(parse("x*sin(?)"))
    assert "(3 nodes, x included)" in window.status_label.text()


def test_one_node_is_not_counted_as_nodes(window):
    """An emptied canvas (x and no output) said "(1 nodes, x included)"."""
    window.editor.set_graph(parse("?"))
    assert "(1 node, x included)" in window.status_label.text()


def test_a_graph_gives_the_strips_room_to_the_views_and_a_chain_takes_it_back(window, qtbot):
    """The strip's 66 px had no cards to show for a graph, only its note: the note now takes
    one line in its place, and the plots and the walkthrough get the rest."""
    window.resize(1280, 800)
    qtbot.wait(20)
    panel = window.chain_panel
    assert window.strip.isVisible()
    assert panel.note.isHidden()
    chain_height, views_top = window.chain_dock.height(), window.stage.geometry().top()
    graph = parse("x*y + sin(x)")
    window.editor.set_graph(graph)
    qtbot.waitUntil(lambda: window.chain_dock.height() <= chain_height - 40)
    assert window.strip.isHidden()
    assert panel.note.isVisible()
    assert panel.note.note() == graph_note(graph)
    assert panel.note.toolTip() == graph_note(graph)
    assert not panel.hint.isVisible()  # (dragging cards: no cards)
    assert chain_height - window.chain_dock.height() >= 40
    assert window.stage.geometry().top() <= views_top - 40  # the room went to the views
    window.editor.set_graph(parse("exp(sin(x))"))
    qtbot.waitUntil(lambda: window.chain_dock.height() == chain_height)
    assert window.strip.isVisible()
    assert panel.note.isHidden()


def test_in_build_mode_the_note_and_the_status_say_it_is_being_built(window, qtbot):
    """In build mode the graph is being built on the canvas already: the note and the status
    bar no longer tell the user to build it there (qa5 saw "build it on the canvas" while
    building), and say it again once build mode is left."""
    window.editor.set_graph(parse("x*y + sin(x)"))
    note, status = window.chain_panel.note, window.status_label
    assert "build it on the canvas" in note.note()
    assert "build it on the canvas" in status.text()
    window.build_mode.set_on(True)
    assert "building it on the canvas" in note.note()
    assert "build it on the canvas" not in note.note()
    assert "building it on the canvas" in status.text()
    window.editor.set_graph(parse("x*sin(x)"))  # an edit while building keeps the wording
    assert "building it on the canvas" in note.note()
    assert "building it on the canvas" in status.text()
    window.build_mode.set_on(False)
    assert "build it on the canvas" in note.note()
    assert "build it on the canvas" in status.text()
