"""What the palette's rows look like, read from the rendered list: the formula right-aligned
in its muted colour and elided to its half of the row, the selection highlighted."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage, QPalette

from guiad.ui import theme
from guiad.ui.chain.model import PaletteModel
from guiad.ui.chain.palette import Palette


@pytest.fixture
def make_palette(qtbot):
    def make(width: int) -> Palette:
        widget = Palette(PaletteModel())
        qtbot.addWidget(widget)
        widget.resize(width, 840)  # (softplus in view below the inputs and constants)
        widget.show()
        qtbot.waitExposed(widget)
        return widget

    return make


def _row(palette: Palette, name: str):
    index = palette.proxy.mapFromSource(palette.model.index(palette.model.row_of(name)))
    return palette.list.visualRect(index)


def _formula_columns(image: QImage, rect, background: QColor) -> list[int]:
    """The columns of ``rect`` holding formula ink: the muted, bluish slate of HINT_TEXT
    (the op's name is drawn in neutral black, its tile left of the half is skipped)."""
    muted = QColor(theme.HINT_TEXT)
    columns = []
    for x in range(rect.left() + rect.width() // 3, rect.right() + 1):
        for y in range(rect.top(), rect.bottom() + 1):
            pixel = image.pixelColor(x, y)
            bluish = pixel.blue() - pixel.red() > 12
            darker = pixel.lightness() < background.lightness() - 40
            if bluish and darker and abs(pixel.hue() - muted.hue()) < 25:
                columns.append(x)
                break
    return columns


def test_formula_is_right_aligned_in_its_muted_colour(make_palette):
    palette = make_palette(300)
    image = palette.list.viewport().grab().toImage()
    background = palette.list.palette().color(QPalette.ColorRole.Base)
    for name in ("sin", "arccos", "softplus"):
        rect = _row(palette, name)
        columns = _formula_columns(image, rect, background)
        assert columns, name
        assert rect.right() - 8 - 2 <= max(columns) <= rect.right() - 8 + 1, name


def test_formula_is_elided_into_the_right_half_of_a_narrow_row(make_palette):
    palette = make_palette(150)
    image = palette.list.viewport().grab().toImage()
    background = palette.list.palette().color(QPalette.ColorRole.Base)
    rect = _row(palette, "softplus")  # "y = log(1 + exp(u))" is far wider than its half
    columns = _formula_columns(image, rect, background)
    assert columns  # elided, not dropped
    assert min(columns) >= rect.left() + rect.width() // 2
    assert max(columns) <= rect.right() - 8 + 1


def test_the_selected_row_is_highlighted(make_palette):
    palette = make_palette(260)
    palette.select_op("tan")
    image = palette.list.viewport().grab().toImage()
    highlights = {
        palette.list.palette().color(group, QPalette.ColorRole.Highlight).rgb()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
    }
    selected, other = _row(palette, "tan"), _row(palette, "cos")
    # a point of the row's background, away from the tile and the text
    probe = selected.center().x(), selected.top() + 1
    assert image.pixelColor(*probe).rgb() in highlights
    assert image.pixelColor(probe[0], other.top() + 1).rgb() not in highlights


def test_op_rows_are_taller_than_group_headers(make_palette):
    palette = make_palette(260)
    header = palette.list.visualRect(palette.proxy.index(0, 0))  # "Inputs & constants"
    assert header.height() == 28
    assert _row(palette, "sin").height() == 32
    assert _row(palette, "x").top() == header.bottom() + 1
