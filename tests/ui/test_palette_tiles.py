"""The op tiles: each op's text fits inside its tile's border at every drawn size, centred,
and shrinks only as far as it must."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from PySide6.QtGui import QColor, QImage

from guiad.core.ops import OPS
from guiad.ui.resources import ICON_SIZES, icon_text, op_icon

CHAIN_OPS = [op for op in OPS.values() if op.arity == 1]


def _ink_box(image: QImage, side: int) -> tuple[int, int, int, int] | None:
    """The box (left, top, right, bottom) of the text, from the pixels inside the tile's
    border (which runs from 0.25 to 1.75 of the 32 units) that differ from the fill (the
    commonest colour there). Across, only the rows clear of the rounded corners are read
    (8 to 24 units), and down only the columns clear of them."""
    unit = side / 32
    lo, hi = math.ceil(1.75 * unit), math.floor(30.25 * unit)
    clear = range(math.ceil(8 * unit), math.floor(24 * unit))
    inside = range(lo, hi)
    row_band = {(x, y): image.pixel(x, y) for x in inside for y in clear}
    column_band = {(x, y): image.pixel(x, y) for x in clear for y in inside}
    fill = QColor.fromRgba(Counter(row_band.values()).most_common(1)[0][0])

    def ink(band: dict) -> list[tuple[int, int]]:
        return [xy for xy, rgba in band.items() if _distance(QColor.fromRgba(rgba), fill) > 48]

    across, down = ink(row_band), ink(column_band)
    if not across or not down:
        return None
    return (
        min(x for x, _ in across),
        min(y for _, y in down),
        max(x for x, _ in across),
        max(y for _, y in down),
    )


def _distance(a: QColor, b: QColor) -> int:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue()))


def _edges_are_plain(image: QImage, side: int) -> bool:
    """Whether the border's straight parts (the pixels outside the inner area, between the
    rounded corners) are each one colour along their length: no text spills onto them."""
    unit = side / 32
    lo, hi = math.ceil(1.75 * unit), math.floor(30.25 * unit)
    clear = range(math.ceil(8 * unit), math.floor(24 * unit))
    edge = [*range(lo), *range(hi, side)]
    columns = ({image.pixel(x, y) for y in clear} for x in edge)
    rows = ({image.pixel(x, y) for x in clear} for y in edge)
    return all(len(colours) == 1 for colours in (*columns, *rows))


def _inside(side: int) -> tuple[int, int]:
    """The first and last pixel wholly inside the border."""
    return math.ceil(1.75 * side / 32), math.floor(30.25 * side / 32) - 1


@pytest.mark.parametrize("side", ICON_SIZES)
@pytest.mark.parametrize("op", CHAIN_OPS, ids=lambda op: op.name)
def test_tile_text_fits_inside_the_border_and_is_centred(qapp, op, side):
    image = op_icon(op).pixmap(side, side).toImage()
    assert image.width() == side
    box = _ink_box(image, side)
    assert box is not None, "no text drawn"
    left, top, right, bottom = box
    first, last = _inside(side)
    # the text keeps clear of the border (26 of the 32 units are left for it)
    assert _edges_are_plain(image, side)
    assert first <= left <= right <= last, (box, side)
    assert first <= top <= bottom <= last, (box, side)
    # centred across the tile, to within anti-aliasing
    assert abs((left + right + 1) / 2 - side / 2) <= max(1.0, side / 26), (box, side)


@pytest.mark.parametrize("side", [26, 52])
def test_tile_text_shrinks_only_as_far_as_it_must(qapp, side):
    """Short texts are drawn big; long ones fill most of the 26-unit width after shrinking."""
    widths = {}
    for op in CHAIN_OPS:
        left, _, right, _ = _ink_box(op_icon(op).pixmap(side, side).toImage(), side)
        widths[icon_text(op)] = (right - left + 1) * 32 / side  # in tile units
    assert widths["ln"] > 14  # not shrunk: 'ln' at full size is ~17 units wide
    for text in ("asin", "tanh", "cosh", "ln1p", "eˣ−1", "relu", "u+b"):
        assert 20 <= widths[text] <= 26, (text, widths[text])


@pytest.mark.parametrize("ratio", [1.0, 1.5, 2.0])
def test_a_tile_painted_on_a_high_dpi_device_is_drawn_at_its_pixels(qapp, ratio):
    """On a 2x screen a 26 px tile covers 52 pixels: it must be the 52-pixel tile, not the
    26-pixel one scaled up (blurred)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPainter

    icon = op_icon(OPS["sin"])
    side = round(26 * ratio)
    image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(0)
    painter = QPainter(image)
    icon.paint(painter, QRect(0, 0, 26, 26))
    painter.end()
    expected = icon.pixmap(side, side).toImage()  # the tile drawn at that many pixels
    image.setDevicePixelRatio(1.0)
    assert image.convertToFormat(expected.format()) == expected


def test_a_selected_tile_reads_as_on_paper(qapp):
    """On a selected row the selection's colour must not show through the tile's light fill
    (blue text on blue): inside its border the tile looks as it does on paper."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QIcon, QPainter

    from guiad.ui import theme

    def painted(background: str, mode: QIcon.Mode) -> QImage:
        image = QImage(52, 52, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(background))
        painter = QPainter(image)
        op_icon(OPS["tan"]).paint(painter, QRect(0, 0, 52, 52), mode=mode)
        painter.end()
        return image.copy(8, 8, 36, 36)  # inside the border, clear of its rounded corners

    on_paper = painted(theme.PAPER, QIcon.Mode.Normal)
    selected = painted("#2a7ab8", QIcon.Mode.Selected)  # a selection blue
    assert selected == on_paper
    assert painted("#2a7ab8", QIcon.Mode.Normal) != on_paper  # (the fill is see-through)
