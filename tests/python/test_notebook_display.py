"""What a notebook shows: captions with every input and the whole gradient, the tangent
trace, a Graph's own picture, PNGs at 2× with arrowheads."""

from __future__ import annotations

import io
import math
import xml.etree.ElementTree as ET

import numpy as np
from PIL import Image

import guiad
from guiad.notebook import caption

BAYDIN = "log(x1) + x1*x2 - sin(x2)"  # Baydin et al.'s example, at (2, 5)


def test_the_caption_names_every_input_and_the_whole_gradient():
    t = guiad.trace(BAYDIN, x1=2.0, x2=5.0)
    f = math.log(2) + 10 - math.sin(5)
    text = caption(t)
    assert text.startswith("f(x1 = 2, x2 = 5) = 11.65")
    assert "∇f = (∂f/∂x1 = 5.5, ∂f/∂x2 = 1.716" in text
    assert f"{f:.6f}"[:8] in text
    assert text == "f(x1 = 2, x2 = 5) = 11.65207146, ∇f = (∂f/∂x1 = 5.5, ∂f/∂x2 = 1.716337815)"
    assert "∂f/∂x2 = " + f"{2 - math.cos(5):.9f}"[:9] in text
    assert text in t._repr_html_()


def test_one_input_keeps_its_short_caption():
    assert caption(guiad.trace("exp(sin(sin(x)))", 2.0)) == (
        "f(2) = 2.201353379, f′(2) = −0.5627520387"
    )


def test_an_undefined_point_is_captioned_with_every_input():
    text = caption(guiad.trace("log(x)*y", x=-1.0, y=2.0))
    assert text == "f is undefined at x = −1, y = 2: log (v2): log of a number ≤ 0"


def test_an_undefined_gradient_is_captioned_with_its_reason_in_either_mode():
    """√x has no derivative at 0: f is 0 there, the gradient has no number to show."""
    reverse = caption(guiad.trace("sqrt(x)*y", x=0.0, y=2.0))
    forward = caption(guiad.trace("sqrt(x)*y", mode="forward", x=0.0, y=2.0))
    assert reverse.startswith("f(x = 0, y = 2) = 0, ∇f is undefined: sqrt (v2): no derivative")
    assert forward.startswith("f(x = 0, y = 2) = 0, forward mode: ∂f/∂x is undefined: sqrt")


def test_the_tangent_trace_shows_dots_up_to_where_f_stops_being_defined():
    """log(sin(x)) + x at −1: v̇₀ = 1 and v̇₁ = cos(−1) are numbers, log's and after are not."""
    t = guiad.trace("log(sin(x)) + x", -1.0, mode="forward")
    svg = t._repr_html_().split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "dv₀/dx = 1.0000" in svg
    assert f"dv₁/dx = {math.cos(-1.0):.4f}" in svg
    assert "dv₂/dx = undefined" in svg
    assert "dv₃/dx = undefined" in svg
    assert "<th>dvᵢ/dx</th>" in t._repr_html_()
    assert "v̄" not in t._repr_html_()  # neither the picture nor the table shows adjoints


def test_a_value_is_traced_at_its_own_point():
    x, y = guiad.Value(0.5, name="x"), guiad.Value(-1.5, name="y")
    t = guiad.trace(x * y + guiad.sin(x))
    assert (float(t.point[0]), float(t.point[1])) == (0.5, -1.5)
    assert [float(g) for g in t.grad] == [-1.5 + math.cos(0.5), 0.5]  # closed form
    assert caption(t).startswith("f(x = 0.5, y = −1.5) = ")


def test_the_forward_mode_trace_shows_dot_derivatives_not_adjoints():
    t = guiad.trace(BAYDIN, mode="forward", x1=2.0, x2=5.0)
    html = t._repr_html_()
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "∂v" in svg
    assert "/∂x1 = " in svg
    assert "v̄" not in svg
    assert "forward mode: ∂f/∂x1 = 5.5" in caption(t)
    t2 = guiad.trace(BAYDIN, mode="forward", wrt="x2", x1=2.0, x2=5.0)
    assert f"∂f/∂x2 = {2 - math.cos(5):.9f}"[:20] in caption(t2)


def test_a_graph_shows_a_picture_not_its_dataclass():
    graph = guiad.graph_of(lambda x, y: x * guiad.sin(y))
    svg = graph._repr_svg_()
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "sin" in svg
    assert svg.count("<polygon") == 3  # one arrowhead per edge: x→mul, y→sin, sin→mul
    data, size = graph._repr_png_()
    image = Image.open(io.BytesIO(data))
    assert image.size == (2 * size["width"], 2 * size["height"])


def test_arrowheads_are_drawn_where_the_edges_end():
    data, size = guiad.trace("exp(sin(x))", 2.0)._repr_png_()
    image = np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    grey = np.all(image == np.array([0x94, 0xA3, 0xB8]), axis=-1)
    assert grey.sum() > 200  # the lines and their filled heads


def test_a_graph_of_several_outputs_names_them_in_order():
    def f(x, w):
        product = x * w
        return product, guiad.sin(x), product  # one node returned twice

    svg = guiad.graph_of(f)._repr_svg_()
    assert ">v₂ = y₁, y₃<" in svg
    assert ">v₃ = y₂<" in svg
    with_y = guiad.graph_of(lambda x, y: (x * y, guiad.sin(x)))._repr_svg_()
    assert ">v₃ = f₂<" in with_y  # y is an input: the outputs are f₁, f₂
    one = guiad.graph_of(lambda x, y: x * guiad.sin(y))._repr_svg_()
    assert "= y" not in one
