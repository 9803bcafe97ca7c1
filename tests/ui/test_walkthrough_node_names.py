"""A walkthrough node draws its op (or input's name) and its name line inside its box: a
long input name (up to 32 letters) is cut at the right with "…", keeping " = v₁", where it
was clipped on both sides ("ate_of_the"); the tooltip has it whole. Short texts are drawn
as they are."""

from __future__ import annotations

from PySide6.QtGui import QFontMetricsF

from guiad.core.expression import parse
from guiad.ui.walkthrough.scene import GraphScene

LONG = "learning_rate_of_the_gradient"


def test_a_long_input_name_is_cut_at_the_right_and_keeps_its_v(qapp):
    scene = GraphScene()
    scene.set_graph(parse(f"{LONG}*y + sin({LONG})"))
    node = next(item for item in scene.nodes if item.title == LONG)
    title, name = node.shown_texts()
    assert title.endswith("…")
    assert LONG.startswith(title[:-1])
    assert name.endswith(" = v₁")
    assert name.startswith(title[:2])
    title_width = QFontMetricsF(node._title_font).horizontalAdvance(title)
    name_width = QFontMetricsF(node._name_font).horizontalAdvance(name)
    assert max(title_width, name_width) <= node.w - 8
    assert LONG in node.toolTip()


def test_short_ops_and_names_are_drawn_whole(qapp):
    for text in ("exp(sin(sin(x)))", "log(x1) + x1*x2 - sin(x2)", "softplus(x)*x*y"):
        scene = GraphScene()
        scene.set_graph(parse(text))
        for node in scene.nodes:
            assert node.shown_texts() == (node.title, node.name)
