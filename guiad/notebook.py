"""A Trace in a notebook: the graph at the end of the backward pass (or, for
``mode="forward"``, with the tangent trace), and the table; a Graph: its picture.

Jupyter calls ``_repr_html_`` / ``_repr_png_`` on the Trace that ``guiad.trace`` returns,
which land here (for a Trace at one point), and ``_repr_svg_`` / ``_repr_png_`` on a Graph.
One drawing (boxes, lines with arrowheads and texts placed by the walkthrough's own layout,
numbers in its notation) is written out twice: as SVG, and as a PNG at 2× through Pillow.
No Qt, no new dependency.
"""

from __future__ import annotations

import html
import io
import math
from dataclasses import dataclass

from guiad.anim import notation as n
from guiad.anim.evaltrace import Undefined, undefined
from guiad.anim.layout import layout
from guiad.core.engine import Trace
from guiad.core.graph import Graph
from guiad.ui import theme  # plain colour constants; importing them loads no Qt

LAYER_PX, ROW_PX = 240, 120  # the layout's units on the page
NODE_W, NODE_H = 84, 40
MARGIN = 50
FONT_PX = 13
ARROW_PX = 8  # an edge's arrowhead, long side
PNG_SCALE = 2


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


def drawing(trace: Trace | Graph) -> Drawing:
    """The graph with every value vᵢ, local partial and adjoint v̄ᵢ, as the walkthrough ends
    (a Trace of ``mode="forward"``: the dot derivatives instead); a Graph alone: its nodes
    and edges, no numbers."""
    graph = trace if isinstance(trace, Graph) else trace.graph
    numbers = None if isinstance(trace, Graph) else trace
    placed = layout(graph)
    ys = [y for route in placed.routes.values() for _, y in route]
    ys += [y for _, y in placed.positions.values()]
    top = min(ys)

    def page(point: tuple[float, float]) -> tuple[float, float]:
        return MARGIN + NODE_W / 2 + point[0] * LAYER_PX, MARGIN + (point[1] - top) * ROW_PX

    failure = numbers.failure() if numbers is not None else None
    bad = undefined(numbers) if numbers is not None else None
    boxes, lines, texts = [], [], []
    for i, point in placed.positions.items():
        x, y = page(point)
        failed = failure is not None and failure.node == i
        boxes.append((x, y, theme.UNDEFINED if failed else theme.TEXT))
        texts.append(Text(x, y - 6, n.node_title(graph, i), theme.TEXT, bold=True))
        texts.append(Text(x, y + 12, _name(graph, i), theme.MUTED))
        if numbers is None:
            continue
        value = f"{n.v(i)} = {_number(numbers.values[i], i in bad.values)}"
        texts.append(Text(x, y - NODE_H / 2 - 10, value, theme.FORWARD))
        below = _below(numbers, bad)
        if below is not None:  # adjoints of an undefined f (or f′) mean nothing
            name, values, color, lost = below
            text = f"{name(i)} = {_number(values[i], lost(i))}"
            texts.append(Text(x, y + NODE_H / 2 + 16, text, color))
    for (node, position), route in placed.routes.items():
        points = [page(p) for p in route]
        points[0] = (points[0][0] + NODE_W / 2, points[0][1])
        points[-1] = (points[-1][0] - NODE_W / 2, points[-1][1])
        lines.append(points)
        if numbers is None:
            continue
        source = graph.nodes[node].inputs[position]
        (ax, ay), (bx, by) = points[-2], points[-1]
        label = f"{n.partial_name(node, source)} = {_number(numbers.partials[node][position])}"
        texts.append(Text((ax + bx) / 2, (ay + by) / 2 - 8, label, theme.TEXT))
    layers = max((p[0] for p in placed.positions.values()), default=0)
    width = int(2 * MARGIN + NODE_W + layers * LAYER_PX)
    height = int(2 * MARGIN + (max(ys) - top) * ROW_PX)
    return Drawing(width, height, boxes, lines, texts)


def _name(graph: Graph, i: int) -> str:
    """vᵢ; for a function of several outputs, the outputs say which they are: "v₃ = y₂"
    (f₂ where an input is called y)."""
    if len(graph.outputs) < 2 or i not in graph.outputs:
        return n.v(i)
    y = n.output_name(graph)
    return f"{n.v(i)} = " + ", ".join(
        f"{y}{n.sub(k + 1)}" for k, o in enumerate(graph.outputs) if o == i
    )


def _below(trace: Trace, bad: Undefined):
    """What each node shows under it (and the table's last column): its adjoint v̄ᵢ, or in
    forward mode its dot v̇ᵢ; with which of them the engine does not vouch for. None where
    nothing is shown: the adjoints of a point where f or f′ is undefined."""
    if getattr(trace, "mode", "reverse") == "forward":
        k = getattr(trace, "wrt", 0)
        wrt = None if trace.graph.n_inputs == 1 else trace.graph.inputs[k]
        return (
            (lambda i: n.vdot(i, wrt)),
            trace.sweeps[k].dots,
            theme.FORWARD,
            bad.nodes.__contains__,
        )
    if bad.adjoints:
        return None
    return n.vbar, trace.adjoints, theme.BACKWARD, lambda i: False


def _below_name(trace: Trace) -> str:
    """The table's last column: v̄ᵢ, or the dot derivative as the picture writes it."""
    if getattr(trace, "mode", "reverse") != "forward":
        return "v̄ᵢ"
    graph = trace.graph
    return "dvᵢ/dx" if graph.n_inputs == 1 else f"∂vᵢ/∂{graph.inputs[getattr(trace, 'wrt', 0)]}"


def _arrowhead(points: list[tuple[float, float]], size: float) -> list[tuple[float, float]]:
    """The triangle at the end of a line, pointing along its last segment."""
    (ax, ay), (bx, by) = points[-2], points[-1]
    length = max(((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5, 1e-9)
    ux, uy = (bx - ax) / length, (by - ay) / length
    back_x, back_y = bx - ux * size, by - uy * size
    return [(bx, by), (back_x - uy * size / 2, back_y + ux * size / 2),
            (back_x + uy * size / 2, back_y - ux * size / 2)]  # fmt: skip


def _number(value, lost: bool = False) -> str:
    """A number of the trace; ``lost``: one the engine does not vouch for."""
    return n.fmt(math.nan if lost else float(value))


def svg(trace: Trace | Graph) -> str:
    d = drawing(trace)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{d.width}" height="{d.height}" '
        f'viewBox="0 0 {d.width} {d.height}" font-family="DejaVu Sans, sans-serif" '
        f'font-size="{FONT_PX}" text-anchor="middle">',
        f'<rect width="100%" height="100%" fill="{theme.PAPER}"/>',
    ]
    for points in d.lines:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        head = " ".join(f"{x:.1f},{y:.1f}" for x, y in _arrowhead(points, ARROW_PX))
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{theme.MUTED}" stroke-width="1.5"/>'
            f'<polygon points="{head}" fill="{theme.MUTED}"/>'
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
    last = _below_name(trace)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in ("node", "op", "vᵢ", "local ∂", last))
    below = _below(trace, bad)
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
            "undefined" if below is None else _number(below[1][i], below[3](i)),
        )
        rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def caption(trace: Trace) -> str:
    """f at the point with every input named, and the whole gradient (or, for a Trace of
    ``mode="forward"``, the one tangent its sweep computed)."""
    graph = trace.graph
    values = [n.fmt_long(float(p)) for p in (trace.point or (trace.x,))]
    one = graph.inputs == ("x",)
    named = zip(graph.inputs, values, strict=True)
    at = values[0] if one else ", ".join(f"{k} = {v}" for k, v in named)
    failure = trace.failure()
    if failure is not None and failure.level == 0:
        return f"f is undefined at {'x = ' if one else ''}{at}: {failure}"
    f = f"f({at}) = {n.fmt_long(float(trace.f))}"
    forward = getattr(trace, "mode", "reverse") == "forward"
    k = getattr(trace, "wrt", 0)
    if undefined(trace).adjoints:  # f′ fails: no gradient to show
        name = "f′" if one else (f"∂f/∂{graph.inputs[k]}" if forward else "∇f")
        return f"{f}, {'forward mode: ' if forward else ''}{name} is undefined: {failure}"
    if forward:
        name = "f′" if one else f"∂f/∂{graph.inputs[k]}"
        return f"{f}, forward mode: {name} = {_defined(trace, trace.sweeps[k].dots[-1])}"
    if one:
        return f"{f}, f′({at}) = {_defined(trace, trace.df)}"
    parts = [
        f"∂f/∂{k} = {_defined(trace, g)}" for k, g in zip(graph.inputs, trace.grad, strict=True)
    ]
    return f"{f}, ∇f = ({', '.join(parts)})"


def _defined(trace: Trace, value) -> str:
    number = float(value)
    if number != number:
        failure = trace.failure()
        return f"undefined ({failure})" if failure is not None else "undefined"
    return n.fmt_long(number)


def trace_html(trace: Trace) -> str:
    """The graph (SVG) over the table, with f and its gradient at the point as a caption."""
    return (
        f'<div class="guiad-trace"><p><b>{html.escape(caption(trace))}</b></p>'
        f'<div style="overflow-x:auto">{svg(trace)}</div>{table_html(trace)}</div>'
    )


def graph_svg(graph: Graph) -> str:
    """A Graph's picture (``guiad.graph_of(f)`` in a notebook): nodes and edges."""
    return svg(graph)


def trace_png(trace: Trace | Graph) -> bytes:
    """The same drawing as ``svg``, rasterised by Pillow at twice its size (sharp on a
    high-density screen; ``png_metadata`` gives notebooks the size to show it at)."""
    from PIL import Image, ImageDraw, ImageFont

    d = drawing(trace)
    s = PNG_SCALE
    image = Image.new("RGB", (d.width * s, d.height * s), theme.PAPER)
    draw = ImageDraw.Draw(image)
    try:
        regular = ImageFont.truetype("DejaVuSans.ttf", FONT_PX * s)
        bold = ImageFont.truetype("DejaVuSans-Bold.ttf", FONT_PX * s)
    except OSError:  # no DejaVu on this machine: Pillow's own font
        regular = bold = ImageFont.load_default(FONT_PX * s)
    for points in d.lines:
        scaled = [(x * s, y * s) for x, y in points]
        draw.line(scaled, fill=theme.MUTED, width=2 * s)
        draw.polygon(_arrowhead(scaled, ARROW_PX * s), fill=theme.MUTED)
    for x, y, color in d.boxes:
        box = (
            (x - NODE_W / 2) * s,
            (y - NODE_H / 2) * s,
            (x + NODE_W / 2) * s,
            (y + NODE_H / 2) * s,
        )
        draw.rounded_rectangle(box, radius=8 * s, fill=theme.PAPER, outline=color, width=2 * s)
    for t in d.texts:
        font = bold if t.bold else regular
        draw.text((t.x * s, t.y * s), t.text, fill=t.color, font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(72 * s, 72 * s))
    return out.getvalue()


def png_metadata(trace: Trace | Graph) -> dict:
    """The size a notebook shows the 2× PNG at: the drawing's own."""
    d = drawing(trace)
    return {"width": d.width, "height": d.height}
