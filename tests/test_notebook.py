"""A Trace from guiad.trace shows itself in a notebook: valid HTML with an SVG graph, a PNG."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import numpy as np
import pytest
from PIL import Image

import guiad
from guiad.anim import notation as n


class _Collect(HTMLParser):
    """Checks that every tag closes in order, and keeps the text."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open.pop() == tag

    def handle_data(self, data):
        self.text.append(data)


def _read_html(markup: str) -> str:
    parser = _Collect()
    parser.feed(markup)
    parser.close()
    assert parser.open == []
    return " ".join(parser.text)


def test_the_seed_trace_shows_the_blog_posts_numbers_in_html():
    t = guiad.trace(lambda x: guiad.exp(guiad.sin(guiad.sin(x))), 2.0)
    text = _read_html(t._repr_html_())
    # the seed's f and f′ to the ten digits the check line shows
    assert "2.201353379" in text
    assert f"{n.MINUS}0.5627520387" in text
    svg = t._repr_html_().split("<svg", 1)[1].split("</svg>", 1)[0]
    ET.fromstring("<svg" + svg + "</svg>")  # well-formed XML


def test_a_graph_shows_each_partial_by_name_and_every_adjoint():
    t = guiad.trace("x*sin(x)", 2.0)
    text = _read_html(t._repr_html_())
    # x*sin(x): ∂v₂/∂v₀ = sin(2), ∂v₂/∂v₁ = x = 2, v̄₀ = sin 2 + 2 cos 2 (closed form)
    assert f"∂v₂/∂v₀ = {np.sin(2.0):.4f}" in text
    assert "∂v₂/∂v₁ = 2.0000" in text
    assert f"v̄₀ = {np.sin(2.0) + 2 * np.cos(2.0):.4f}" in text


def test_an_undefined_point_says_why_and_shows_no_adjoints():
    text = _read_html(guiad.trace("log(sin(x))", 4.0)._repr_html_())
    assert "f is undefined at x = 4" in text
    assert "log of a number ≤ 0" in text
    assert "v̄" not in text.split("node")[0]  # the picture (before the table) has no adjoints


@pytest.mark.parametrize("expr", ["exp(sin(sin(x)))", "x*sin(x)", "3", "x"])
def test_the_png_is_a_real_image_of_the_drawing(expr):
    data, size = guiad.trace(expr, 2.0)._repr_png_()
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert size["width"] >= 150
    assert size["height"] >= 80
    assert (image.width, image.height) == (2 * size["width"], 2 * size["height"])  # drawn at 2×
    colours = {c for _, c in image.getcolors(maxcolors=1 << 20)}
    assert len(colours) > 10  # text and lines were drawn, not a blank page


def test_a_trace_over_a_range_has_no_picture():
    t = guiad.trace("sin(x)", np.array([1.0, 2.0]))
    assert t._repr_html_() is None
    assert t._repr_png_() is None


@pytest.mark.parametrize(
    ("expr", "x0", "says"),
    [
        ("exp(sin(sin(x)))", 2.0, "f = 2.2013533791690376, f′ = -0.562752038662712>"),
        ("log(x)", -1.0, "f is undefined (log (v1): log of a number ≤ 0)>"),
        ("sqrt(x)", 0.0, "f = 0.0, f′ is undefined"),
        ("+".join(["sin(x)"] * 60), 1.0, "<guiad Trace of a graph of 120 nodes at x = 1.0"),
    ],
)
def test_a_trace_prints_as_one_line_with_its_result(expr, x0, says):
    assert says in repr(guiad.trace(expr, x0))


def test_a_trace_of_two_inputs_names_each_input_node_and_fills_both_adjoints():
    t = guiad.trace("x*y + sin(x)", x=1.0, y=2.0)
    text = _read_html(t._repr_html_())
    words = text.split()
    assert words.count("x") >= 1
    assert "y" in words  # node v₁ is y, not a second x
    # one reverse sweep: x̄ = y + cos x and ȳ = x (closed forms)
    assert f"v̄₀ = {2.0 + np.cos(1.0):.4f}" in text
    assert "v̄₁ = 1.0000" in text


@pytest.mark.parametrize(("expr", "x0"), [("log(sin(x))", -1.0), ("sqrt(x)", 0.0)])
def test_an_undefined_point_prints_no_adjoint_in_the_table_either(expr, x0):
    """Issue 22 item 1: the table ran the adjoints (v̄₀ = −0.6421 for log(sin(x)) at −1)."""
    from guiad.notebook import table_html

    t = guiad.trace(expr, x0)
    rows = re.findall(r"<tr>(.*?)</tr>", table_html(t))[1:]
    cells = [re.findall(r"<td>(.*?)</td>", row) for row in rows]
    assert len(cells) == len(t.graph.nodes)
    assert all(row[4] == "undefined" for row in cells)  # v̄ᵢ: not run on an undefined point
    failure = t.failure()
    if failure.level == 0:
        assert [row[2] for row in cells][failure.node :] == ["undefined"] * (
            len(cells) - failure.node
        )
    text = _read_html(t._repr_html_())
    assert "v̄" not in text.split("node")[0]  # the picture: no adjoints
    assert str(failure) in text  # the caption says why
