"""No walkthrough label covers another's text at any step: Baydin's function at (2, 5), step
23 of 25, drew x2's sum "x̄2 += 2.0000 → 1.7163" over the term "× v̄₃ → 2.0000" of its edge
to ×, since the room under a node was measured on the last step's labels only (qa5,
/tmp/qa5/off/acc-1280.png); the logistic loss's w̄ and b̄ sums did the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF

from guiad.core.expression import parse
from guiad.ui.walkthrough.export_part import offscreen_panel
from guiad.ui.walkthrough.items import Label, NodeItem

EXAMPLES = Path(__file__).parents[2] / "assets" / "examples"
LOGISTIC = json.loads((EXAMPLES / "10-logistic-loss.guiad.json").read_text())


def _covered(scene) -> list[tuple[str, str]]:
    """Pairs (label or node, label) where the first's backdrop or box covers the second's
    text, measured on the items the scene draws (a text is its backdrop less its margins:
    4 px at the sides, 1 px above and below)."""
    labels = [item for item in scene.items() if isinstance(item, Label) and item.text()]
    nodes = [item for item in scene.items() if isinstance(item, NodeItem)]
    texts = [(label, label.sceneBoundingRect().adjusted(4, 1, -4, -1)) for label in labels]
    found = []
    for label, text in texts:
        for other in labels:
            if other is not label and other.sceneBoundingRect().intersects(text):
                found.append((other.text(), label.text()))
        for node in nodes:
            box = node.mapRectToScene(QRectF(-node.w / 2, -node.h / 2, node.w, node.h))
            if box.intersects(text):
                found.append((node.title, label.text()))
    return found


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("log(x1) + x1*x2 - sin(x2)", (2.0, 5.0)),
        (LOGISTIC["expression"], LOGISTIC["settings"]["point"]),
    ],
)
@pytest.mark.parametrize("size", [(1000, 230), (1600, 400)])
def test_no_label_covers_another_at_any_step(qapp, text, point, size):
    graph = parse(text)
    if isinstance(point, dict):
        point = tuple(point[name] for name in graph.inputs)
    with offscreen_panel(graph, point, "reverse", size) as panel:
        steps = panel.timeline.steps
        assert any(step.accumulate for step in steps)  # (a node's adjoint is a sum)
        for k in range(len(steps)):
            panel.seek(k)
            assert _covered(panel.scene) == [], f"step {k + 1} of {len(steps)}"


def test_a_sum_shows_its_term_then_the_adjoint_below(qapp):
    """On two lines, as an edge's term: x2's sum is no wider than the room under a node."""
    graph = parse("log(x1) + x1*x2 - sin(x2)")
    with offscreen_panel(graph, (2.0, 5.0), "reverse", (1000, 230)) as panel:
        steps = panel.timeline.steps
        k = next(k for k, s in enumerate(steps) if s.accumulate and s.node == 1)
        panel.seek(k)
        label = panel.scene.nodes[1].lower_label
        assert label.text() == "x̄2 += 2.0000\n→ 1.7163"  # ∂f/∂x2 = x1 − cos(x2)
        room = panel.scene.room
        assert label.boundingRect().width() / 2 <= room.node_half_w


def test_no_label_covers_another_after_the_fan_out_mistake_is_turned_off(qapp):
    """The mistake switch rebuilds the timeline without refitting the view: the room kept for
    labels was the one measured with the mistake on, with no sum under a node, and x1's sum
    "x̄1 += 0.5000 → 5.5000" then covered the term of its edge to × at step 24."""
    graph = parse("log(x1) + x1*x2 - sin(x2)")
    with offscreen_panel(graph, (2.0, 5.0), "reverse", (1000, 230)) as panel:
        mistake = panel.teaching.overwrite_action
        mistake.setChecked(True)
        panel.set_graph(None)
        panel.set_graph(graph)  # drawn with the mistake on: no step adds to an adjoint
        assert not any(step.accumulate for step in panel.timeline.steps)
        mistake.setChecked(False)
        steps = panel.timeline.steps
        assert any(step.accumulate for step in steps)
        for k in range(len(steps)):
            panel.seek(k)
            assert _covered(panel.scene) == [], f"step {k + 1} of {len(steps)}"
