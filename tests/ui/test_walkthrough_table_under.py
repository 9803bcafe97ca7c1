"""In a wide walkthrough the table goes under the graph where that shows the graph clearly
larger (UNDER_GAIN): Baydin with View ▸ Layout ▸ walkthrough only at 1280×800 was bent into a
two-band loop at 12 px beside the table (its output bottom-left, arcs back), and is one
band at 16 px over it. A chain that reads as large beside its table keeps it there."""

from __future__ import annotations

from PySide6.QtCore import Qt

from guiad.core.expression import parse
from guiad.ui.walkthrough.items import LABEL_PX
from guiad.ui.walkthrough.view import settle_layout
from guiad.ui.window.layout import WALKTHROUGH


def _walkthrough_only(make_window, expr: str):
    window = make_window()
    window.resize(1280, 800)
    window.editor.set_graph(parse(expr), expr)
    window.stage.set_parts(WALKTHROUGH)
    settle_layout(window)
    return window.walkthrough


def test_baydin_keeps_one_band_with_the_table_under_it(make_window):
    walkthrough = _walkthrough_only(make_window, "log(x1) + x1*x2 - sin(x2)")
    assert walkthrough.table_shown()
    assert walkthrough.splitter.orientation() == Qt.Orientation.Vertical
    assert walkthrough.scene.columns == 0  # one band
    assert walkthrough.view.fits()
    assert LABEL_PX * walkthrough.view.transform().m11() >= 15


def test_the_seed_keeps_its_table_beside_it(make_window):
    walkthrough = _walkthrough_only(make_window, "exp(sin(sin(x)))")
    assert walkthrough.table_shown()
    assert walkthrough.splitter.orientation() == Qt.Orientation.Horizontal
    assert walkthrough.view.fits()
