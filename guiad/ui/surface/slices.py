"""The slice plots beside the map: f along one input through the point, with that partial
derivative below it, in the 1-D plots' style (f blue, the derivative by reverse mode orange,
the point's coordinate a slate line you can drag, undefined runs shaded with their reason).

Two columns: ``SLICES`` of them, one per axis of the map (for 3+ inputs, the map's axes
are the inputs chosen). The view draws what it is handed; ``coordinate_dragged(column,
value)`` says a slate line was moved.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Signal

from guiad.core.grid import SliceData
from guiad.core.plot_data import Span, robust_range, without_breaks
from guiad.ui import theme
from guiad.ui.widgets import text_scale
from guiad.ui.widgets.plot_view import (
    AXIS_WIDTH,
    CachedAxis,
    LegendRow,
    draw,
    pen,
    point_marker,
    shade_spans,
    style_axes,
)

SLICES = 2  # columns: along the map's horizontal input, along its vertical input


class SliceColumn:
    """f along one input (top) and ∂f/∂input (bottom), x linked, with the point's line."""

    def __init__(self, canvas: pg.GraphicsLayoutWidget, col: int, on_line_moved):
        self.f_plot = self._plot()
        self.d_plot = self._plot()
        self.d_plot.setXLink(self.f_plot)
        self.f_curve = self._curve(self.f_plot, theme.FORWARD)
        self.d_curve = self._curve(self.d_plot, theme.BACKWARD)
        self.markers = tuple(point_marker(p) for p in (self.f_plot, self.d_plot))
        self.lines = tuple(self._line(p, on_line_moved) for p in (self.f_plot, self.d_plot))
        self.regions: dict[int, list[pg.LinearRegionItem]] = {0: [], 1: []}
        self.data: SliceData | None = None
        # a title that wraps, rather than widening the column past the canvas
        self.title = LegendRow(justify="center")
        canvas.ci.addItem(self.title, row=0, col=col)
        canvas.ci.addItem(self.f_plot, row=1, col=col)
        canvas.ci.addItem(self.d_plot, row=2, col=col)

    @staticmethod
    def _plot() -> pg.PlotItem:
        plot = pg.PlotItem(axisItems={n: CachedAxis(n) for n in ("left", "bottom")})
        style_axes(plot)
        plot.getAxis("left").setWidth(AXIS_WIDTH * 3 // 4)
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.hideButtons()
        plot.vb.disableAutoRange()
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        return plot

    @staticmethod
    def _curve(plot: pg.PlotItem, colour: str) -> pg.PlotDataItem:
        curve = pg.PlotDataItem(pen=pen(colour), connect="finite")
        plot.addItem(curve)
        return curve

    @staticmethod
    def _line(plot: pg.PlotItem, on_moved) -> pg.InfiniteLine:
        line = pg.InfiniteLine(
            angle=90, movable=True, pen=pen(theme.X0, 1.5), hoverPen=pen(theme.X0, 3)
        )
        line.setZValue(15)
        line.setToolTip("The point's coordinate: drag to move the point along this input")
        line.sigPositionChanged.connect(on_moved)
        plot.addItem(line)
        return line

    def set_names(self, name: str, fixed: str) -> None:
        """Titles and labels for the slice along input ``name`` (``fixed``: the others)."""
        title = f"f along {name}{fixed}"
        self.title.setText(title, color=theme.TEXT, size=text_scale.pt(9))  # (presenter's)
        self.f_plot.setLabel("left", "f", color=theme.TEXT)
        self.d_plot.setLabel("left", f"∂f/∂{name}", color=theme.TEXT)
        self.d_plot.setLabel("bottom", name, color=theme.TEXT)

    def show(self, data: SliceData | None, fit_x: bool) -> None:
        """Curves and shaded spans; y fits the new curves (they change as the point moves)."""
        self.data = data
        if data is None:
            for curve in (self.f_curve, self.d_curve):
                curve.setData([], [], connect="finite")
            for order in (0, 1):
                self._show_spans(order, ())
            return
        draw(self.f_curve, data.x, data.f, data.connect[0])
        draw(self.d_curve, data.x, data.d, data.connect[1])
        for order, spans in enumerate(data.spans):
            self._show_spans(order, spans)
        self.fit(fit_x)

    def fit(self, fit_x: bool = True) -> None:
        data = self.data
        if data is None:
            return
        if fit_x:
            self.f_plot.setXRange(float(data.x[0]), float(data.x[-1]), padding=0)
        for plot, values in ((self.f_plot, data.f), (self.d_plot, data.d)):
            y_range = robust_range(values)
            if y_range is not None:
                plot.setYRange(*y_range, padding=0.08)

    def show_point(self, coordinate: float, f0: float, d0: float) -> None:
        for line in self.lines:
            line.setValue(coordinate)
        for marker, value in zip(self.markers, (f0, d0), strict=True):
            if math.isfinite(value):
                marker.setData([coordinate], [value])
            else:
                marker.clear()

    def _show_spans(self, order: int, spans: tuple[Span, ...]) -> None:
        shade_spans((self.f_plot, self.d_plot)[order], self.regions[order], spans)


class SliceView(QObject):
    """The canvas (``canvas``) with ``SLICES`` columns of slice plots."""

    coordinate_dragged = Signal(int, float)  # column, the new coordinate along its input

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground(theme.PAPER)
        self.canvas.setAcceptDrops(False)
        self.canvas.viewport().setAcceptDrops(False)
        self.canvas.ci.setContentsMargins(4, 4, 8, 4)
        self._syncing = False
        self.columns = [
            SliceColumn(self.canvas, col, lambda line, c=col: self._on_line_moved(c, line))
            for col in range(SLICES)
        ]

    def set_names(self, column: int, name: str, fixed: str) -> None:
        self.columns[column].set_names(name, fixed)

    def show_slice(self, column: int, data: SliceData | None, fit_x: bool = False) -> None:
        self.columns[column].show(data, fit_x)

    def show_point(self, column: int, coordinate: float, f0: float, d0: float) -> None:
        """The point's line, and its markers on f and the partial (not fed back as a drag)."""
        self._syncing = True
        try:
            self.columns[column].show_point(coordinate, f0, d0)
        finally:
            self._syncing = False

    def fit(self) -> None:
        for column in self.columns:
            column.fit()

    def curve(self, column: int, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The data of curve "f" or "d" of a column (NaN breaks dropped)."""
        c = self.columns[column]
        x, y = (c.f_curve if name == "f" else c.d_curve).getOriginalDataset()
        if x is None:
            return np.array([]), np.array([])
        return without_breaks(np.asarray(x), np.asarray(y))

    def line_value(self, column: int) -> float:
        return float(self.columns[column].lines[0].value())

    def undefined_regions(self, column: int, order: int) -> list[tuple[float, float, str]]:
        return [
            (*region.getRegion(), region.toolTip())
            for region in self.columns[column].regions[order]
            if region.isVisible()
        ]

    def _on_line_moved(self, column: int, line: pg.InfiniteLine) -> None:
        if not self._syncing:
            self.coordinate_dragged.emit(column, float(line.value()))
