"""Tick labels never overlap: pyqtgraph always draws its top level of ticks, so a plot
squeezed short (the slices while building at 1280×800) wrote 5, 0 and −5 on top of each
other; the axes leave out a label that would touch one drawn before it."""

from __future__ import annotations

import pyqtgraph as pg
import pytest

from guiad.ui import theme
from guiad.ui.widgets.plot_view import CachedAxis, style_axes


@pytest.mark.parametrize(
    ("height", "y_range"), [(70, (-7.0, 7.0)), (64, (1.1, 2.9)), (300, (-7, 7))]
)
def test_no_two_tick_labels_drawn_overlap(qtbot, monkeypatch, height, y_range):
    drawn = []

    def record(axis, painter, axis_spec, tick_specs, text_specs):
        drawn.append([rect for rect, _flags, _text in text_specs])

    monkeypatch.setattr(pg.AxisItem, "drawPicture", record)  # what reaches pyqtgraph's painter
    view = pg.GraphicsLayoutWidget()
    qtbot.addWidget(view)
    view.setBackground(theme.PAPER)
    plot = pg.PlotItem(axisItems={n: CachedAxis(n) for n in ("left", "bottom")})
    style_axes(plot)
    view.ci.addItem(plot)
    view.resize(320, height)
    plot.setYRange(*y_range, padding=0)
    view.show()
    qtbot.waitExposed(view)
    view.grab()
    assert drawn
    for rects in drawn:
        for i, rect in enumerate(rects):
            assert not any(rect.intersects(other) for other in rects[i + 1 :])
    assert all(drawn)  # at least one label on each axis
