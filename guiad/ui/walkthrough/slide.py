"""A walkthrough frame made for a slide (issue 23 item 6): the function typeset as the
title, the step's words under it, the graph as large as the frame allows, and the table's
header and current row in large type at the bottom. What the GIF and MP4 draw in presenter
mode (File ▸ Export with View ▸ Presenter on, ``guiad export --slide``).

Sizes are for a 1080-pixel-high frame and scale with the frame's height: the table's text
is TABLE_PX (its digits' ink ≥ 24 px tall at 1080p, issue 23), the title TITLE_PX. The
graph is the panel's own scene, drawn by ``QGraphicsScene.render`` into its box (the token
and the current node with it), so the slide shows exactly what the walkthrough shows.
"""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QTextDocument

from guiad.anim import notation as n
from guiad.anim.timeline import Kind
from guiad.core.expression import function_names, to_expression
from guiad.core.graph import GraphError
from guiad.ui import theme
from guiad.ui.walkthrough.banner import PHASE_COLORS
from guiad.ui.walkthrough.items import LABEL_PX, READABLE_PX

SLIDE_GIF_SIZE = (1280, 720)  # a slide GIF's default size (16:9; 1080p GIFs are huge)
BASE_H = 1080.0  # the sizes below are for a frame this high
MARGIN_PX = 40
TITLE_PX = 46
BANNER_PX = 34
TABLE_PX = 36  # the current row (its digits' ink ~26 px tall); its header a little smaller
HEADER_PX = 28
LEAST_TABLE_PX = 33  # a row too wide for its frame shrinks to this (digits ~24 px), then elides
GAP_PX = 18
SLIDE_LABEL_PX = 24  # the graph's labels, where a wrapping shows them so large
MOST_LABEL_PX = 48  # the graph's labels are not blown up beyond this (one node, say)
TITLE_LENGTH = 120  # a longer expression is named by its size instead


def slide_lines(graph) -> int:
    """The current row's height in lines: a node of k inputs lists k partials (one layout
    for every frame, so the graph never jumps)."""
    return max((len(node.inputs) for node in graph.nodes), default=1) or 1


def slide_graph_box(size: tuple[int, int], graph) -> tuple[int, int]:
    """The graph's box in a slide of ``size`` (the offscreen panel's view is made this
    size, so it wraps the graph for this box)."""
    return _layout(size, slide_lines(graph))["graph"].size().toSize().toTuple()


def slide_text_scale(size: tuple[int, int]) -> float:
    """The presenter scale the offscreen panel's view wraps the graph for: labels of at
    least SLIDE_LABEL_PX (at 1080p) where a wrapping shows them so."""
    return SLIDE_LABEL_PX / READABLE_PX * size[1] / BASE_H


def render_slide(panel, size: tuple[int, int]) -> QImage:
    """The panel's current step as a slide of ``size`` pixels."""
    image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    image.fill(QColor(theme.PAPER))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    try:
        cells = _current_row(panel)
        boxes = _layout(size, slide_lines(panel.timeline.graph))
        unit = size[1] / BASE_H
        _draw_title(painter, boxes["title"], panel, unit)
        _draw_banner(painter, boxes["banner"], panel, unit)
        _draw_graph(painter, boxes["graph"], panel.scene, unit)
        _draw_table(painter, boxes["table"], _header(panel), cells, unit)
    finally:
        painter.end()
    return image


# ---- layout -----------------------------------------------------------------------------


def _layout(size: tuple[int, int], lines: int) -> dict[str, QRectF]:
    """Title, banner, graph and table boxes, top to bottom."""
    unit = size[1] / BASE_H
    margin, gap = MARGIN_PX * unit, GAP_PX * unit
    width = size[0] - 2 * margin
    title_h = TITLE_PX * 1.5 * unit
    banner_h = BANNER_PX * 1.3 * 2 * unit  # two lines: the Done step's sentence is long
    table_h = (HEADER_PX * 1.6 + TABLE_PX * (0.5 + 1.25 * lines)) * unit
    top = margin
    title = QRectF(margin, top, width, title_h)
    banner = QRectF(margin, title.bottom() + gap / 2, width, banner_h)
    table = QRectF(margin, size[1] - margin - table_h, width, table_h)
    graph = QRectF(margin, banner.bottom() + gap, width, table.top() - gap - banner.bottom() - gap)
    return {"title": title, "banner": banner, "graph": graph, "table": table}


def _font(pixels: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    return font


# ---- the title: the function, typeset ---------------------------------------------------

_TOKEN = re.compile(r"\s+|\d+\.?\d*(?:e[+-]?\d+)?|[A-Za-z_][A-Za-z_0-9]*|\S")
_SYMBOL = {"*": " · ", "-": " − ", "+": " + ", "/": "/", ",": ", "}


def math_html(text: str) -> str:
    """Expression text as typeset HTML: variables in italics with their digits as
    subscripts (x1 → x₁), functions upright, powers raised (x^2 → x²), · and − for * and -."""
    tokens = [t for t in _TOKEN.findall(text) if not t.isspace()]
    html, _ = _sequence(tokens, 0)
    return html


def _sequence(tokens: list[str], i: int) -> tuple[str, int]:
    """Tokens up to an unmatched ``)`` (not taken) or the end."""
    out: list[str] = []
    start = i
    while i < len(tokens) and tokens[i] != ")":
        if tokens[i] == "^":
            raised, i = _operand(tokens, i + 1)
            out.append(f"<sup>{raised}</sup>")
            continue
        if tokens[i] == "-" and (i == start or tokens[i - 1] in _SYMBOL):
            out.append("−")  # a sign, not a subtraction: no spaces (−x, 2·−x)
            i += 1
            continue
        atom, i = _atom(tokens, i)
        out.append(atom)
    return "".join(out).strip(), i


def _operand(tokens: list[str], i: int) -> tuple[str, int]:
    """A power's exponent: one atom (a group loses its brackets), with its own powers."""
    if i < len(tokens) and tokens[i] == "(":
        inner, i = _sequence(tokens, i + 1)
        atom, i = inner, i + 1
    elif i < len(tokens) and tokens[i] == "-":
        rest, i = _operand(tokens, i + 1)
        return f"−{rest}", i
    else:
        atom, i = _atom(tokens, i)
    if i < len(tokens) and tokens[i] == "^":
        raised, i = _operand(tokens, i + 1)
        atom += f"<sup>{raised}</sup>"
    return atom, i


def _atom(tokens: list[str], i: int) -> tuple[str, int]:
    token = tokens[i]
    if token == "(":
        inner, i = _sequence(tokens, i + 1)
        return f"({inner})", i + 1
    if re.match(r"[A-Za-z_]", token):
        if i + 1 < len(tokens) and tokens[i + 1] == "(" and token in _FUNCTIONS:
            inner, j = _sequence(tokens, i + 2)
            return f"{token}({inner})", j + 1
        return _variable(token), i + 1
    return _SYMBOL.get(token, _escape(token)), i + 1


def _variable(name: str) -> str:
    if name in ("pi", "e"):
        return "π" if name == "pi" else "<i>e</i>"
    match = re.fullmatch(r"([A-Za-z_]+?)(\d+)", name)
    if match:
        return f"<i>{match.group(1)}</i><sub>{match.group(2)}</sub>"
    return f"<i>{name}</i>"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_FUNCTIONS = frozenset(function_names())


def title_html(panel) -> str:
    """``f(x) = …  at x = 2`` typeset (a graph too long for a title is named by its size)."""
    timeline = panel.timeline
    graph = timeline.graph
    names = ", ".join(graph.inputs) if graph.n_inputs > 1 else "x"
    f = f"<i>f</i>({math_html(names)})"
    try:
        what = f"{f} = {math_html(to_expression(graph, max_length=TITLE_LENGTH))}"
    except GraphError:
        what = f"{f}: a graph of {len(graph.nodes)} nodes"
    at = n.point_text(timeline.point, rounded=True)  # as the table writes it
    where = f"({math_html(names)}) = {at}" if graph.n_inputs > 1 else f"<i>x</i> = {at}"
    muted = theme.HINT_TEXT
    return f"{what}<span style='color:{muted}'>&nbsp;&nbsp;at {where}</span>"


def _rich(painter: QPainter, box: QRectF, html: str, font: QFont, color: str) -> None:
    """``html`` in ``box``, wrapped to its width, in ``color`` (clipped to the box)."""
    doc = QTextDocument()
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setDefaultStyleSheet(f"body {{ color: {color}; }}")
    doc.setHtml(f"<body>{html}</body>")
    doc.setTextWidth(box.width())
    painter.save()
    painter.translate(box.topLeft())
    painter.setClipRect(QRectF(0, 0, box.width(), box.height()))
    doc.drawContents(painter, QRectF(0, 0, box.width(), box.height()))
    painter.restore()


def _draw_title(painter: QPainter, box: QRectF, panel, unit: float) -> None:
    _rich(painter, box, title_html(panel), _font(TITLE_PX * unit), theme.GRAPH_TEXT)


# ---- the step's words -------------------------------------------------------------------


def _draw_banner(painter: QPainter, box: QRectF, panel, unit: float) -> None:
    """The phase pill, then the step's sentence in its phase's colour."""
    step = panel.timeline.steps[panel.shown_step()]
    pill_font = _font(BANNER_PX * 0.8 * unit, bold=True)
    label = f"{step.phase.value} · {step.sweep}" if step.sweep else step.phase.value
    metrics = QFontMetricsF(pill_font)
    pill = QRectF(
        box.left(), box.top(), metrics.horizontalAdvance(label) + 28 * unit, BANNER_PX * 1.3 * unit
    )
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(PHASE_COLORS[step.phase]))
    painter.drawRoundedRect(pill, 10 * unit, 10 * unit)
    painter.setFont(pill_font)
    painter.setPen(QColor(theme.NODE_FILL))
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
    color = PHASE_COLORS[step.phase]
    failed = step.kind in (Kind.FAILURE, Kind.BLOCKED)
    if failed or (step.kind is Kind.DONE and math.isnan(step.number)):
        color = theme.UNDEFINED  # (as the window's banner: undefined in red)
    text = box.adjusted(pill.width() + 20 * unit, 0, 0, 0)
    _rich(painter, text, _escape(step.banner), _font(BANNER_PX * unit), color)


# ---- the graph --------------------------------------------------------------------------


def _draw_graph(painter: QPainter, box: QRectF, scene, unit: float) -> None:
    """The scene as large as fits the box (its labels at most MOST_LABEL_PX), centred."""
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(theme.CANVAS))
    painter.drawRoundedRect(box, 12 * unit, 12 * unit)
    source = scene.sceneRect()
    if source.isEmpty():
        return
    scale = min(box.width() / source.width(), box.height() / source.height())
    scale = min(scale, MOST_LABEL_PX * unit / LABEL_PX)
    target = QRectF(0, 0, source.width() * scale, source.height() * scale)
    target.moveCenter(box.center())
    scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)


# ---- the table: the header and the current row -----------------------------------------


def _header(panel) -> list[str]:
    model = panel.model
    return [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]


def _current_row(panel) -> list[tuple[str, QColor]]:
    """The current node's row as the table shows it: (text, colour) per column."""
    model = panel.model
    row = panel.timeline.steps[panel.shown_step()].node
    if row is None or not 0 <= row < model.rowCount():
        return [("", QColor(theme.GRAPH_TEXT)) for _ in range(model.columnCount())]
    cells = []
    for column in range(model.columnCount()):
        index = model.index(row, column)
        text = model.data(index) or ""
        color = model.data(index, Qt.ItemDataRole.ForegroundRole)
        cells.append((str(text), QColor(color) if color is not None else QColor(theme.GRAPH_TEXT)))
    return cells


def row_font(cells: list[tuple[str, QColor]], width: float, unit: float) -> QFont:
    """TABLE_PX, or smaller down to LEAST_TABLE_PX where the row would not fit ``width``."""
    pixels = TABLE_PX * unit
    while pixels > LEAST_TABLE_PX * unit:
        if sum(_cell_width(text, _font(pixels, True)) for text, _ in cells) <= width:
            break
        pixels -= 1
    return _font(max(pixels, LEAST_TABLE_PX * unit), bold=True)


def _cell_width(text: str, font: QFont) -> float:
    metrics = QFontMetricsF(font)
    return (
        max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0)
        + 2 * metrics.averageCharWidth()
    )


def _draw_table(painter, box: QRectF, header: list[str], cells, unit: float) -> None:
    """Header over the current row; columns share the width by their content."""
    font = row_font(cells, box.width(), unit)
    head_font = _font(HEADER_PX * unit)
    needs = [
        max(_cell_width(text, font), _cell_width(title, head_font), 60 * unit)
        for (text, _), title in zip(cells, header, strict=True)
    ]
    spare = max(0.0, box.width() - sum(needs)) / len(needs)  # (shared alike)
    widths = [need * min(1.0, box.width() / sum(needs)) + spare for need in needs]
    head_h = HEADER_PX * 1.6 * unit
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(theme.CURRENT_FILL))
    painter.drawRoundedRect(box.adjusted(0, head_h, 0, 0), 8 * unit, 8 * unit)
    painter.setPen(QColor(theme.EDGE_IDLE))
    painter.drawLine(
        QPointF(box.left(), box.top() + head_h), QPointF(box.right(), box.top() + head_h)
    )
    x = box.left()
    pad = 12 * unit
    for (text, color), title, width in zip(cells, header, widths, strict=True):
        head = QRectF(x + pad, box.top(), width - 2 * pad, head_h)
        row = QRectF(x + pad, box.top() + head_h, width - 2 * pad, box.height() - head_h)
        first = x == box.left()
        align = Qt.AlignmentFlag.AlignLeft if first else Qt.AlignmentFlag.AlignRight
        painter.setFont(head_font)
        painter.setPen(QColor(theme.HINT_TEXT))
        painter.drawText(head, align | Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(font)
        painter.setPen(color)
        metrics = QFontMetricsF(font)
        lines = [
            metrics.elidedText(line, Qt.TextElideMode.ElideRight, row.width())
            for line in text.split("\n")
        ]
        painter.drawText(row, align | Qt.AlignmentFlag.AlignVCenter, "\n".join(lines))
        x += width
