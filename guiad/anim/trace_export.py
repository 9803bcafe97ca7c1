"""The evaluation trace for teachers: Markdown, and LaTeX (booktabs tables, a TikZ graph).

Pure text from one walkthrough timeline: the statements are ``evaltrace``'s, the numbers the
Trace's, formatted by the walkthrough's notation; the TikZ picture shows the graph as the
walkthrough shows it at one step (values, partials on edges, adjoints or dot derivatives).
The LaTeX compiles with pdflatex: every character is written as plain ASCII TeX.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from guiad.anim import notation as n
from guiad.anim.evaltrace import Line, Section, evaluation_trace
from guiad.anim.layout import layout
from guiad.anim.timeline import Mode, Timeline
from guiad.core.expression import to_expression
from guiad.core.graph import GraphError

# colour names used in the LaTeX; the caller gives their hex values (the app's theme)
COLOR_NAMES = ("forward", "backward", "text", "muted", "undefined")


def markdown(timeline: Timeline) -> str:
    """A heading per section and a table of statements and values."""
    parts = [f"# {_title(timeline)}", ""]
    for section, lines in _sections(timeline):
        parts += [f"## {section.value}", "", "| statement | value |", "| --- | ---: |"]
        parts += [f"| {_md(line.statement)} | {_md(line.value_text)} |" for line in lines]
        parts.append("")
    return "\n".join(parts)


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def _title(timeline: Timeline) -> str:
    names = ", ".join(timeline.graph.inputs)
    several = timeline.graph.n_inputs > 1
    try:
        what = f"f({names if several else 'x'}) = {to_expression(timeline.graph, max_length=200)}"
    except GraphError:  # too long to read as a title
        what = f"a graph of {len(timeline.graph.nodes)} nodes"
    at = (
        f"({names}) = {n.point_text(timeline.point)}"
        if several
        else "x = " + n.point_text(timeline.point)
    )
    return f"{what} at {at}, {timeline.mode.value} mode"


def _sections(timeline: Timeline) -> list[tuple[Section, list[Line]]]:
    mode = "forward" if timeline.mode is Mode.FORWARD else "reverse"
    lines = evaluation_trace(timeline.trace, mode, timeline.overwrite)
    return [
        (s, [line for line in lines if line.section is s])
        for s in Section
        if any(line.section is s for line in lines)
    ]


# ---- LaTeX ----------------------------------------------------------------------------------


def latex_fragment(timeline: Timeline, colors: Mapping[str, str]) -> str:
    """Colour definitions, the trace as booktabs tables and the graph at the timeline's step."""
    defs = [
        f"\\definecolor{{guiad{name}}}{{HTML}}{{{colors[name].lstrip('#').upper()}}}"
        for name in COLOR_NAMES
    ]
    return "\n".join([*defs, "", latex_tables(timeline), "", tikz(timeline)]) + "\n"


def latex_document(timeline: Timeline, colors: Mapping[str, str]) -> str:
    """A standalone article that compiles with pdflatex."""
    return (
        "\\documentclass{article}\n"
        "\\usepackage[margin=2cm,landscape]{geometry}\n"
        "\\usepackage{amsmath,booktabs,graphicx,xcolor,tikz}\n"
        "\\usetikzlibrary{arrows.meta}\n"
        "\\begin{document}\n"
        f"\\section*{{{_tex_text(_title(timeline))}}}\n"
        + latex_fragment(timeline, colors)
        + "\\end{document}\n"
    )


def latex_tables(timeline: Timeline) -> str:
    """One booktabs table per section; where the point is undefined, why, below them (the
    reason is too long for a table cell)."""
    out, reasons = [], []
    for section, lines in _sections(timeline):
        reasons += [line.reason for line in lines if line.reason]
        rows = [
            f"${tex(line.target)} {_tex_op(line.op)} {tex(line.formula)}$ & "
            f"${tex(n.fmt(line.value))}$ \\\\"
            for line in lines
        ]
        out.append(
            "\\begin{tabular}[t]{lr}\n\\toprule\n"
            f"\\multicolumn{{2}}{{l}}{{\\textbf{{{section.value}}}}} \\\\\n\\midrule\n"
            + "\n".join(rows)
            + "\n\\bottomrule\n\\end{tabular}"
        )
    notes = "".join(f"\n\n\\noindent Undefined: {_tex_text(why)}" for why in dict.fromkeys(reasons))
    return "\n\\quad\n".join(out) + notes


def _tex_op(op: str) -> str:
    return "\\mathrel{+}=" if op == "+=" else "="


def tikz(timeline: Timeline) -> str:
    """The graph as the walkthrough shows it at the timeline's current step."""
    graph, frame = timeline.graph, timeline.frame
    placed = layout(graph)
    forward = timeline.mode is Mode.FORWARD

    def at(point: tuple[float, float]) -> str:
        return f"({point[0] * 4.4:.2f},{-point[1] * 2.6:.2f})"

    lines = [
        "% wider than the line: scaled down to fit (graphicx)",
        "\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{%",
        "\\begin{tikzpicture}[>=Stealth, every node/.style={font=\\small},",
        "  op/.style={draw=guiadtext, rounded corners, minimum width=1.6cm, minimum height=0.8cm}]",
    ]
    for i, point in placed.positions.items():
        color = (
            "guiadundefined"
            if frame.failed_node == i
            else ("guiadmuted" if i in frame.muted else "guiadtext")
        )
        title = tex(n.node_title(graph, i))
        lines.append(f"\\node[op, draw={color}] (n{i}) at {at(point)} {{${title}$}};")
        if i in frame.values:
            text = f"{tex(n.v(i))} = {tex(n.fmt(frame.values[i]))}"
            lines.append(f"\\node[anchor=south, text=guiadforward] at (n{i}.north) {{${text}$}};")
        numbers = frame.dots if forward else frame.adjoints
        if i in numbers:
            name = n.vdot(i, frame.wrt) if forward else n.vbar(i)
            text = f"{tex(name)} = {tex(n.fmt(numbers[i]))}"
            style = "guiadforward" if forward else "guiadbackward"
            lines.append(f"\\node[anchor=north, text={style}] at (n{i}.south) {{${text}$}};")
    for (node, position), route in placed.routes.items():
        source = graph.nodes[node].inputs[position]
        points = [f"(n{source})", *(at(p) for p in route[1:-1]), f"(n{node})"]
        label = ""
        if (node, position) in frame.partials:
            name = tex(n.partial_name(node, source))
            label = f"{name} = {tex(n.fmt(frame.partials[node, position]))}"
            label = f" node[midway, above, sloped, font=\\scriptsize, text=guiadtext] {{${label}$}}"
        # the label rides on the last segment, next to the node the edge leads to
        path = " -- ".join(points[:-1]) + f" --{label} " + points[-1]
        lines.append(f"\\draw[->, guiadmuted] {path};")
    lines.append("\\end{tikzpicture}}")
    return "\n".join(lines)


# ---- text to TeX ----------------------------------------------------------------------------

_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻ⁿᵛ", "0123456789-nv")
_KNOWN = {
    "sin",
    "cos",
    "tan",
    "exp",
    "log",
    "sinh",
    "cosh",
    "tanh",
    "arcsin",
    "arccos",
    "arctan",
    "max",
    "min",
}
_SYMBOLS = {
    "·": "\\cdot ",
    "−": "-",
    "σ": "\\sigma ",
    "∂": "\\partial ",
    "∞": "\\infty ",
    "≤": "\\le ",
    "π": "\\pi ",
    "ȳ": "\\bar{y}",
    "′": "'",
    "×": "\\times ",
    "÷": "\\div ",
    "√": "\\surd ",
    "∛": "\\sqrt[3]{\\cdot}",
    "\x01": "\\sqrt{",
    "\x03": "\\sqrt[3]{",
    "\x02": "}",
}
_OPERAND = r"(\([^()]*\)|v[₀-₉]+|[A-Za-z0-9.π]+)"
_TOKEN = re.compile(
    r"(?P<bar>v\u0304)|(?P<namebar>[A-Za-z])\u0304|(?P<sub>[₀-₉]+)|(?P<sup>[⁰-⁹⁻ⁿᵛ¹²³]+)|dv(?P<dvdx>[₀-₉]+)/dx"
    r"|(?P<word>[A-Za-z][A-Za-z0-9]+)|(?P<other>.)",
    re.S,
)


def tex(text: str) -> str:
    """Notation text (``v̄₂``, ``cos(v₀)·dv₀/dx``, ``1/(2√v₀)``) as ASCII math-mode TeX."""
    text = re.sub("√" + _OPERAND, lambda m: "\x01" + _unwrap(m.group(1)) + "\x02", text)
    text = re.sub("∛" + _OPERAND, lambda m: "\x03" + _unwrap(m.group(1)) + "\x02", text)
    text = re.sub(r"\^" + _OPERAND, lambda m: "^{" + _unwrap(m.group(1)) + "}", text)
    return "".join(_tex_token(m) for m in _TOKEN.finditer(text))


def _unwrap(operand: str) -> str:
    return operand[1:-1] if operand.startswith("(") else operand


def _tex_token(m: re.Match) -> str:
    piece = m.group()
    if m.group("bar"):
        return "\\bar{v}"
    if m.group("namebar"):  # an input's adjoint, x̄
        return f"\\bar{{{m.group('namebar')}}}"
    if m.group("sub"):
        return f"_{{{piece.translate(_SUBSCRIPTS)}}}"
    if m.group("sup"):
        return f"^{{{piece.translate(_SUPERSCRIPTS)}}}"
    if m.group("dvdx"):
        return f"\\mathrm{{d}}v_{{{m.group('dvdx').translate(_SUBSCRIPTS)}}}/\\mathrm{{d}}x"
    if m.group("word") in ("if", "else"):
        return f"\\text{{ {piece} }}"
    if m.group("word"):
        return f"\\{piece} " if piece in _KNOWN else f"\\operatorname{{{piece}}}"
    return _SYMBOLS.get(piece, piece if piece.isascii() else "?")


_TEXT_ESCAPES = {
    "#": "\\#",
    "$": "\\$",
    "%": "\\%",
    "&": "\\&",
    "_": "\\_",
    "{": "\\{",
    "}": "\\}",
    "^": "\\^{}",
    "~": "\\~{}",
    "\\": "\\textbackslash{}",
}


def _tex_text(text: str) -> str:
    """Plain text for a heading: TeX's special characters escaped, other pieces in $…$."""

    def piece(m: re.Match) -> str:
        return _TEXT_ESCAPES.get(m.group()) or f"${tex(m.group())}$"

    return re.sub(r"[^\x20-\x7e]+|[#$%&_{}\\^~]", piece, text)
