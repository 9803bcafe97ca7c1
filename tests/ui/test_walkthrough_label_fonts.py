"""The walkthrough's labels and nodes share one font and one colour per kind, and empty
labels one empty rectangle (a 200-node graph made 1,600 fonts): striking one label's text,
or colouring it, must not reach the others, and each must still measure and draw as a font
of its own would."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF

from guiad.ui import theme
from guiad.ui.walkthrough.items import LABEL_PX, TITLE_PX, Label, NodeItem


def own_font(pixels: int, bold=False, condensed=False, struck=False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    if condensed:
        font.setStretch(QFont.Stretch.SemiCondensed)
    font.setStrikeOut(struck)
    return font


def measured(font: QFont, text: str) -> tuple[float, float]:
    flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
    box = QFontMetricsF(font).boundingRect(QRectF(0, 0, Label.WRAP, 1e4), flags, text)
    return box.width() + 8, box.height() + 2


def test_striking_or_colouring_one_label_leaves_the_others_alone(qapp):
    one, other, condensed, empty = Label(), Label(), Label(condensed=True), Label()
    one.set_text("v̄₁ += 2.0000", theme.MUTED, struck=True)
    other.set_text("v̄₁ += 2.0000")
    condensed.set_text("v̄₁ += 2.0000", theme.BACKWARD)
    assert one.struck()
    assert not other.struck()
    assert not condensed.struck()
    assert one._font == own_font(LABEL_PX, struck=True)
    assert other._font == own_font(LABEL_PX)
    assert condensed._font == own_font(LABEL_PX, condensed=True)
    assert one._color == QColor(theme.MUTED)
    assert other._color == QColor(theme.GRAPH_TEXT)
    assert condensed._color == QColor(theme.BACKWARD)
    text = "v̄₁ += 2.0000"
    assert one.boundingRect().size().toTuple() == measured(own_font(LABEL_PX, struck=True), text)
    assert other.boundingRect().size().toTuple() == measured(own_font(LABEL_PX), text)
    assert empty.boundingRect() == QRectF()  # (the others' texts did not reach its box)
    one.set_text(text)  # unstruck again
    assert not one.struck()
    assert one._font == own_font(LABEL_PX)
    assert one._color == QColor(theme.GRAPH_TEXT)


def test_nodes_draw_their_op_and_name_in_fonts_of_their_size(qapp):
    full, compact = NodeItem(0, "sin", "v₁"), NodeItem(1, "exp", "v₂", compact=True)
    assert full._title_font == own_font(TITLE_PX, bold=True)
    assert compact._title_font == own_font(TITLE_PX, bold=True, condensed=True)
    assert full._name_font == own_font(LABEL_PX)
    assert full.value_label._font == own_font(LABEL_PX)
    assert compact.value_label._font == own_font(LABEL_PX, condensed=True)
