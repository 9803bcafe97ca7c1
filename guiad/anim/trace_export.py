"""The evaluation trace for teachers: Markdown, and LaTeX (booktabs tables, a TikZ graph).

Pure text from one walkthrough timeline: the statements are ``evaltrace``'s, the numbers the
Trace's, formatted by the walkthrough's notation; the TikZ picture shows the graph as the
walkthrough shows it at one step (values, partials on edges, adjoints or dot derivatives).
The LaTeX compiles with pdflatex: every character is written as plain ASCII TeX.
"""

from __future__ import annotations

from collections.abc import Mapping

from guiad.anim import derivation
from guiad.anim import notation as n
from guiad.anim.evaltrace import Line, Section, evaluation_trace
from guiad.anim.layout import layout
from guiad.anim.texmath import tex, tex_text
from guiad.anim.timeline import Mode, Timeline
from guiad.core.expression import to_expression
from guiad.core.graph import GraphError

# colour names used in the LaTeX; the caller gives their hex values (the app's theme)
COLOR_NAMES = ("forward", "backward", "text", "muted", "undefined")
TEXT_FORMATS = ("latex", "latex-fragment", "markdown")


def text(format_: str, timeline: Timeline, colors: Mapping[str, str]) -> str:
    """The file of ``format_`` (one of TEXT_FORMATS): what ``guiad export`` and File ▸
    Export write."""
    if format_ == "markdown":
        return markdown(timeline)
    if format_ == "latex":
        return latex_document(timeline, colors)
    if format_ == "latex-fragment":
        return latex_fragment(timeline, colors)
    raise ValueError(f"no trace format {format_!r}; known: {', '.join(TEXT_FORMATS)}")


def markdown(timeline: Timeline) -> str:
    """A heading per section and a table of statements and values."""
    n.set_inputs(timeline.graph.n_inputs)
    parts = [f"# {_title(timeline)}", ""]
    for section, lines in _sections(timeline):
        parts += [f"## {section.value}", "", "| statement | value |", "| --- | ---: |"]
        parts += [f"| {_md(line.statement)} | {_md(line.value_text)} |" for line in lines]
        parts.append("")
    parts.append(derivation.markdown(_derivation(timeline)))
    return "\n".join(parts)


def _derivation(timeline: Timeline) -> derivation.Derivation:
    """The derivation of the timeline's output, always with the chain rule's ``+=`` (an
    overwrite mistake is the trace's to show; the derivation is the textbook's)."""
    return derivation.derive(timeline.graph, timeline.point)


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def _title(timeline: Timeline, math=lambda text: text) -> str:
    """``f(x) = x*sin(x) at x = 2, reverse mode``; ``math`` writes each formula (LaTeX
    typesets them, ``*`` as a dot)."""
    names = ", ".join(timeline.graph.inputs)
    several = timeline.graph.n_inputs > 1
    f = f"f({names if several else 'x'})"
    try:
        what = math(f"{f} = {to_expression(timeline.graph, max_length=200)}")
    except GraphError:  # too long to read as a title
        what = f"a graph of {len(timeline.graph.nodes)} nodes"
    point = n.point_text(timeline.point)
    at = math(f"({names}) = {point}" if several else f"x = {point}")
    return f"{what} at {at}, {timeline.mode.value} mode"


def _tex_title(timeline: Timeline) -> str:
    return _title(timeline, lambda text: f"${tex(text.replace('*', '·'))}$")


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
    """Colour definitions, the trace as booktabs tables, the graph at the timeline's step
    and the derivation of the gradient (``derivation``)."""
    n.set_inputs(timeline.graph.n_inputs)
    defs = [
        f"\\definecolor{{guiad{name}}}{{HTML}}{{{colors[name].lstrip('#').upper()}}}"
        for name in COLOR_NAMES
    ]
    # \bigskip: the picture's top labels kept clear of the tables' bottom rule
    parts = [*defs, "", latex_tables(timeline), "", "\\bigskip\\noindent%", tikz(timeline)]
    parts += ["", derivation.latex(_derivation(timeline))]
    return "\n".join(parts)


def latex_document(timeline: Timeline, colors: Mapping[str, str]) -> str:
    """A standalone article that compiles with pdflatex."""
    return (
        "\\documentclass{article}\n"
        "\\usepackage[margin=2cm,landscape]{geometry}\n"
        "\\usepackage{amsmath,booktabs,graphicx,xcolor,tikz}\n"
        "\\usetikzlibrary{arrows.meta}\n"
        "\\begin{document}\n"
        f"\\section*{{{_tex_title(timeline)}}}\n"
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
    notes = "".join(f"\n\n\\noindent Undefined: {tex_text(why)}" for why in dict.fromkeys(reasons))
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
