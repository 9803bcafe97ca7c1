"""The table's columns are measured as Qt measures them (``sizeHintForColumn``), though the
delegate is asked only about the widest cells: same widths on graphs with numbers of every
length, partials named per input, an undefined point, and in a larger font (presenter)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont

from guiad.core.expression import parse
from guiad.core.graph import Graph, Node
from guiad.ui.walkthrough.panel import WalkthroughPanel


def fan_out(n: int) -> Graph:
    """x feeds every node (bench/walkthrough_size.py's graph): 200 rows of long numbers."""
    nodes = [Node("x")] + [Node("mul" if i % 2 else "add", (i - 1, 0)) for i in range(1, n)]
    return Graph(tuple(nodes))


GRAPHS = {
    "seed": parse("exp(sin(sin(x)))"),
    "baydin": parse("log(x1) + x1*x2 - sin(x2)"),
    "rosenbrock": parse("(1 - x)^2 + 100*(y - x^2)^2"),
    "undefined": parse("log(sin(x))"),
    "huge": parse("1e200*x*x + exp(-x)"),
    "fan-out": fan_out(120),
}


@pytest.mark.parametrize("pixels", [None, 24])
@pytest.mark.parametrize("name", GRAPHS)
def test_column_hint_is_qts_size_hint_for_every_column(qtbot, name, pixels):
    panel = WalkthroughPanel()
    qtbot.addWidget(panel)
    panel.resize(1400, 700)
    if pixels is not None:
        font = QFont(panel.table.font())
        font.setPixelSize(pixels)
        panel.table.setFont(font)
    panel.show()
    panel.set_x0(4.0)  # (log(sin(4)) is undefined)
    panel.set_graph(GRAPHS[name])
    table = panel.table
    for step in (0, len(panel.timeline) // 2, len(panel.timeline) - 1):
        table.model().show_step(step)  # the bold current row moves with the step
        hints = [table.column_hint(c) for c in range(table.model().columnCount())]
        assert hints == [table.sizeHintForColumn(c) for c in range(len(hints))], step
