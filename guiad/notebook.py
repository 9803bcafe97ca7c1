"""A Trace in a notebook: the graph at the end of the backward pass, and the table.

Jupyter calls ``_repr_html_`` / ``_repr_png_`` on the Trace that ``guiad.trace`` returns,
which land here (for a Trace at one point). One drawing (boxes,
lines and texts placed by the walkthrough's own layout, numbers in its notation) is written
out twice: as SVG inside the HTML, and as a PNG through Pillow. No Qt, no new dependency.
"""

from __future__ import annotations

import html
import io
import math
from dataclasses import dataclass

from guiad.anim import notation as n
from guiad.anim.evaltrace import undefined
from guiad.anim.layout import layout
from guiad.core.engine import Trace
from guiad.ui import theme  # plain colour constants; importing them loads no Qt

LAYER_PX, ROW_PX = 240, 120  # the layout's units on the page
NODE_W, NODE_H = 84, 40
MARGIN = 50
FONT_PX = 13


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    color: str
    bold: bool = False


@dataclass(frozen=True)
class Drawing:
    width: int
    height: int
    boxes: list[tuple[float, float, str]]  # centre x, y and outline colour
    lines: list[list[tuple[float, float]]]
    texts: list[Text]


def drawing(trace: Trace) -> Drawing:
    """The graph with every value vᵢ, local partial and adjoint v̄ᵢ, as the walkthrough ends."""
    graph = trace.graph
    placed = layout(graph)
    ys = [y for route in placed.routes.values() for _, y in route]
    ys += [y for _, y in placed.positions.values()]
    top = min(ys)

    def page(point: tuple[float, float]) -> tuple[float, float]:
        return MARGIN + NODE_W / 2 + point[0] * LAYER_PX, MARGIN + (point[1] - top) * ROW_PX

    failure, bad = trace.failure(), undefined(trace)
    boxes, lines, texts = [], [], []
    for i, point in placed.positions.items():
        x, y = page(point)
        failed = failure is not None and failure.node == i
        boxes.append((x, y, theme.UNDEFINED if failed else theme.TEXT))
        texts.append(Text(x, y - 6, n.node_title(graph, i), theme.TEXT, bold=True))
        texts.append(Text(x, y + 12, n.v(i), theme.MUTED))
        value = f"{n.v(i)} = {_number(trace.values[i], i in bad.values)}"
        texts.append(Text(x, y - NODE_H / 2 - 10, value, theme.FORWARD))
        if not bad.adjoints:  # adjoints of an undefined f (or f′) mean nothing
            adjoint = f"{n.vbar(i)} = {_number(trace.adjoints[i])}"
            texts.append(Text(x, y + NODE_H / 2 + 16, adjoint, theme.BACKWARD))
    for (node, position), route in placed.routes.items():
        points = [page(p) for p in route]
        points[0] = (points[0][0] + NODE_W / 2, points[0][1])
        points[-1] = (points[-1][0] - NODE_W / 2, points[-1][1])
        lines.append(points)
        source = graph.nodes[node].inputs[position]
        (ax, ay), (bx, by) = points[-2], points[-1]
        label = f"{n.partial_name(node, source)} = {_number(trace.partials[node][position])}"
        texts.append(Text((ax + bx) / 2, (ay + by) / 2 - 8, label, theme.TEXT))
    layers = max((p[0] for p in placed.positions.values()), default=0)
    width = int(2 * MARGIN + NODE_W + layers * LAYER_PX)
    height = int(2 * MARGIN + (max(ys) - top) * ROW_PX)
    return Drawing(width, height, boxes, lines, texts)


def _number(value, lost: bool = False) -> str:
    """A number of the trace; ``lost``: one the engine does not vouch for."""
    return n.fmt(math.nan if lost else float(value))


def svg(trace: Trace) -> str:
    d = drawing(trace)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{d.width}" height="{d.height}" '
        f'viewBox="0 0 {d.width} {d.height}" font-family="DejaVu Sans, sans-serif" '
        f'font-size="{FONT_PX}" text-anchor="middle">',
        f'<rect width="100%" height="100%" fill="{theme.PAPER}"/>',
    ]
    for points in d.lines:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{theme.MUTED}" stroke-width="1.5"/>'
        )
    for x, y, color in d.boxes:
        parts.append(
            f'<rect x="{x - NODE_W / 2:.1f}" y="{y - NODE_H / 2:.1f}" width="{NODE_W}" '
            f'height="{NODE_H}" rx="8" fill="{theme.PAPER}" stroke="{color}" stroke-width="1.5"/>'
        )
    for t in d.texts:
        weight = ' font-weight="bold"' if t.bold else ""
        parts.append(
            f'<text x="{t.x:.1f}" y="{t.y + FONT_PX / 3:.1f}" fill="{t.color}"{weight}>'
            f"{html.escape(t.text)}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def table_html(trace: Trace) -> str:
    graph, bad = trace.graph, undefined(trace)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in ("node", "op", "vᵢ", "local ∂", "v̄ᵢ"))
    rows = []
    for i in range(len(graph.nodes)):
        partials = ", ".join(
            f"{n.partial_name(i, j)} = {_number(p)}"
            for j, p in zip(graph.nodes[i].inputs, trace.partials[i], strict=True)
        )
        cells = (
            n.v(i),
            n.node_title(graph, i),
            _number(trace.values[i], i in bad.values),
            partials,
            _number(trace.adjoints[i], bad.adjoints),
        )
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def trace_html(trace: Trace) -> str:
    """The graph (SVG) over the table, with f and f′ at x0 as a caption."""
    x0 = n.fmt_long(float(trace.x))
    failure = trace.failure()
    if failure is not None and failure.level == 0:
        result = f"f is undefined at x = {x0}: {failure}"
    elif undefined(trace).adjoints:
        result = f"f({x0}) = {n.fmt_long(float(trace.f))}, f′ is undefined: {failure}"
    else:
        result = f"f({x0}) = {n.fmt_long(float(trace.f))}, f′({x0}) = {n.fmt_long(float(trace.df))}"
    return (
        f'<div class="guiad-trace"><p><b>{html.escape(result)}</b></p>'
        f'<div style="overflow-x:auto">{svg(trace)}</div>{table_html(trace)}</div>'
    )


def trace_png(trace: Trace) -> bytes:
    """The same drawing as ``svg``, rasterised by Pillow."""
    from PIL import Image, ImageDraw, ImageFont

    d = drawing(trace)
    image = Image.new("RGB", (d.width, d.height), theme.PAPER)
    draw = ImageDraw.Draw(image)
    try:
        regular = ImageFont.truetype("DejaVuSans.ttf", FONT_PX)
        bold = ImageFont.truetype("DejaVuSans-Bold.ttf", FONT_PX)
    except OSError:  # no DejaVu on this machine: Pillow's own font
        regular = bold = ImageFont.load_default(FONT_PX)
    for points in d.lines:
        draw.line(points, fill=theme.MUTED, width=2)
    for x, y, color in d.boxes:
        box = (x - NODE_W / 2, y - NODE_H / 2, x + NODE_W / 2, y + NODE_H / 2)
        draw.rounded_rectangle(box, radius=8, fill=theme.PAPER, outline=color, width=2)
    for t in d.texts:
        draw.text((t.x, t.y), t.text, fill=t.color, font=bold if t.bold else regular, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
