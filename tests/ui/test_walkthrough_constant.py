"""A constant f (sin(3), 3) fits the walkthrough dock like a chain: every node in view.

Found by the GUI monkey test's screenshots: the unused x was stacked over the constant, the
graph was two rows high, and in the window's walkthrough dock only x showed; the nodes
that compute f were cut off at the bottom.
"""

from __future__ import annotations

import pytest

from guiad.core.expression import parse


@pytest.mark.parametrize("text", ["sin(3)", "3", "exp(sin(2))"])
def test_every_node_of_a_constant_graph_is_in_view(text, window, qtbot):
    window.editor.set_graph(parse(text))
    panel = window.walkthrough
    panel.go_to_end()
    qtbot.wait(20)
    view = panel.view
    visible = view.viewport().rect()
    assert len(panel.scene.nodes) == len(parse(text).nodes)
    for node in panel.scene.nodes:
        shown = view.mapFromScene(node.sceneBoundingRect()).boundingRect()
        assert visible.contains(shown), (text, node, shown, visible)
