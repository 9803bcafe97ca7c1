"""The controls' tool bar is drawn flat without a style sheet: it must look as the style
sheet it replaced drew it (no panel, 4 px between items, none around them)."""

import pytest
from PySide6.QtWidgets import QStyleFactory

from guiad.ui.widgets.controls import PlotControls

OLD_SHEET = "QToolBar { border: none; spacing: 4px; padding: 0px; }"


def shown(qtbot, width: int, sheet: str = "", style: str = "") -> PlotControls:
    controls = PlotControls(1e-5)
    qtbot.addWidget(controls)
    if sheet:
        controls.bar.setStyleSheet(sheet)
    if style:
        controls.bar.setStyle(QStyleFactory.create(style))
    controls.show_range(-4, 4, 2001)
    controls.show_x0(-0.445415)
    controls.resize(width, 40)
    controls.show()
    qtbot.waitExposed(controls)
    return controls


def grab(qtbot, width: int, sheet: str = ""):
    return shown(qtbot, width, sheet).grab().toImage()


@pytest.mark.parametrize("width", [1000, 420])  # all of it; and the » extension
def test_the_flat_bar_looks_as_its_style_sheet_did(qtbot, width):
    assert grab(qtbot, width) == grab(qtbot, width, OLD_SHEET)


def test_a_new_style_keeps_the_bar_tight(qtbot):
    def places(controls):  # across: the boxes' own heights are the style's, sheet or not
        return [(edit.x(), edit.width()) for edit in (controls.x_min_edit, controls.x0_edit)]

    flat = shown(qtbot, 1000, style="Windows")
    sheet = shown(qtbot, 1000, OLD_SHEET, style="Windows")
    assert places(flat) == places(sheet)
