"""The heat map of f over the box: colours, contour lines, a colour bar, grey where f is
undefined, and the point (x₀, y₀) with the gradient drawn as an arrow.

It draws what it is handed (``show_grid``, ``show_point``) and keeps nothing else. The user's
gestures come out as signals: ``point_moved`` (the point dragged, or the map clicked) and
``hovered`` (the data coordinates under the mouse, NaN off the map).
"""

from __future__ import annotations

import html
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QPainterPath

from guiad.core.grid import (
    GridData,
    colour_range,
    contour_levels,
    contour_segments,
    defined_cells,
)
from guiad.ui import theme
from guiad.ui.widgets.plot_view import SOLID, CachedAxis, LegendRow, pen, style_axes

AXIS_WIDTH = 52  # the map's y axis and the colour bar's, fixed (see SurfaceMap.__init__)
ARROW_PIXELS = 70  # the gradient arrow's length on screen (its size is in the readout)
MAX_ASPECT = 4.0  # equal scales on both axes unless one range is this many times the other


class ContourLine(pg.IsocurveItem):
    """pyqtgraph's isocurve item, with the path from ``grid.contour_segments``: vectorised
    marching squares, about twenty times faster than pyqtgraph's own on a 500 × 500 map.

    Parented to the image, so it shares its pixel coordinates (sample (r, c) at the centre
    of pixel (c, r)).
    """

    defined: np.ndarray | None = None  # grid.defined_cells of the data, shared by all levels

    def generatePath(self) -> None:  # noqa: N802 (pyqtgraph's name)
        if self.data is None:
            self.path = None
            return
        points = contour_segments(self.data, self.level, self.defined) + 0.5
        if points.size == 0:
            self.path = QPainterPath()
            return
        self.path = pg.arrayToQPath(points[:, 0], points[:, 1], connect="pairs")


class SurfaceMap(QObject):
    """The map's canvas (``canvas``, the widget to lay out) and its items."""

    point_moved = Signal(float, float)  # the point dragged, or a click on the map
    hovered = Signal(float, float)  # data coordinates under the mouse; NaN, NaN off the map
    fit_requested = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._grid: GridData | None = None
        self._point = (math.nan, math.nan)
        self._gradient = (math.nan, math.nan)
        self._syncing = False

        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground(theme.PAPER)
        self.canvas.setAcceptDrops(False)
        self.canvas.viewport().setAcceptDrops(False)
        self.canvas.ci.setContentsMargins(4, 4, 4, 4)
        # axes drawn from a cache until their range changes (an edit keeps the box)
        self.plot = pg.PlotItem(axisItems={n: CachedAxis(n) for n in ("left", "bottom")})
        style_axes(self.plot)
        self.plot.hideButtons()
        self.plot.vb.disableAutoRange()
        # Fixed axis widths: with equal scales locked, an axis that widened for longer tick
        # labels narrowed the view, which changed the range and the labels back: the layout
        # oscillated forever.
        self.plot.getAxis("left").setWidth(AXIS_WIDTH)
        # the legend is a row of its own above the map, as in the 1-D plots
        self.legend = LegendRow(justify="left")
        self.canvas.ci.addItem(self.legend, row=0, col=0)
        self.canvas.ci.addItem(self.plot, row=1, col=0)
        self._title = "f"
        self._undefined_shown = False

        self._make_layers()
        self._make_arrow_and_point()

        scene = self.canvas.scene()
        fit = QAction("Fit view to the box", self)
        fit.triggered.connect(self.fit_requested)
        scene.contextMenu = [fit]
        scene.sigMouseMoved.connect(self._on_mouse_moved)
        scene.sigMouseClicked.connect(self._on_mouse_clicked)
        self.plot.vb.sigRangeChanged.connect(self._draw_arrow)

    def _make_layers(self) -> None:
        """The heat map, the grey where f is undefined, the contours' list, the colour bar."""
        self.image = pg.ImageItem(axisOrder="row-major")  # NaN pixels are transparent
        self.plot.addItem(self.image)
        self.undefined = pg.ImageItem(axisOrder="row-major")  # grey where f is undefined
        self.undefined.setZValue(1)
        self.plot.addItem(self.undefined)
        self.contours: list[ContourLine] = []
        self.colour_bar = pg.ColorBarItem(
            colorMap=pg.colormap.get(theme.MAP_COLOURS), interactive=False, width=14
        )
        self.colour_bar.setImageItem(self.image, insert_in=self.plot)
        self.colour_bar.axis.setPen(theme.TEXT)
        self.colour_bar.axis.setTextPen(theme.TEXT)
        self.colour_bar.axis.enableAutoSIPrefix(False)
        self.colour_bar.axis.setWidth(AXIS_WIDTH)
        self._level_ticks = pg.PlotDataItem(pen=pg.mkPen(theme.CONTOUR, width=1))
        self.colour_bar.addItem(self._level_ticks)

    def _make_arrow_and_point(self) -> None:
        """The gradient's arrow (halo, shaft, head) and the point the user drags."""
        self._halo = pg.PlotDataItem(pen=pen(theme.ARROW_HALO, 5))
        self._shaft = pg.PlotDataItem(pen=pen(theme.GRADIENT, 2.5))
        self._head = pg.ArrowItem(
            headLen=16, tipAngle=32, brush=theme.GRADIENT, pen=pg.mkPen(theme.ARROW_HALO, width=1)
        )
        for z, item in enumerate((self._halo, self._shaft, self._head), start=20):
            item.setZValue(z)
            self.plot.addItem(item, ignoreBounds=True)
        self.target = pg.TargetItem(
            pos=(0, 0),
            size=13,
            movable=True,
            pen=pg.mkPen(theme.PAPER, width=2),
            brush=pg.mkBrush(theme.X0),
            hoverBrush=pg.mkBrush(theme.GRADIENT),
        )
        self.target.setZValue(30)
        self.target.setToolTip("The point: drag it, or click the map, or type in the point's boxes")
        self.target.sigPositionChanged.connect(self._on_target_moved)
        self.plot.addItem(self.target, ignoreBounds=True)

    # ---- drawing --------------------------------------------------------------------------

    def set_axis_names(self, x_name: str, y_name: str) -> None:
        self.plot.setLabel("bottom", x_name, color=theme.TEXT)
        self.plot.setLabel("left", y_name, color=theme.TEXT)

    def set_title(self, title: str) -> None:
        """The name of f in the legend ("f(x, y) = x*x - y*y")."""
        self._title = title
        self._show_legend()

    def legend_entries(self) -> list[tuple[str, str, str]]:
        """(sample, colour, text) of each legend entry under the title, in order."""
        entries = [(SOLID, theme.GRADIENT, "∇f at the point, by reverse mode (direction)")]
        if self._undefined_shown:
            entries.append(("■", theme.MUTED, "undefined"))
        return entries

    def _show_legend(self) -> None:
        parts = [
            f"<span style='color:{colour}'>{sample}</span>&nbsp;"
            + html.escape(text).replace(" ", "&nbsp;")  # an entry never wraps inside
            for sample, colour, text in self.legend_entries()
        ]
        title = f"<b>{html.escape(self._title)}</b>"
        self.legend.setText("&nbsp;&nbsp;&nbsp; ".join([title, *parts]), color=theme.TEXT)

    def show_grid(self, grid: GridData | None) -> None:
        """The map of ``grid`` (None clears it): colours, grey where undefined, contours."""
        self._grid = grid
        undefined_shown = grid is not None and bool(grid.undefined().any())
        if undefined_shown != self._undefined_shown:
            self._undefined_shown = undefined_shown
            self._show_legend()
        if grid is None:
            self.image.clear()
            self.undefined.clear()
            for line in self.contours:
                line.setData(None)
            self._level_ticks.setData([], [])
            return
        b = grid.box
        dx, dy = (b.x_max - b.x_min) / (b.nx - 1), (b.y_max - b.y_min) / (b.ny - 1)
        # pixel (c, r) is centred on sample (xs[c], ys[r])
        rect = QRectF(b.x_min - dx / 2, b.y_min - dy / 2, b.nx * dx, b.ny * dy)
        levels = colour_range(grid.f) or (0.0, 1.0)
        self.image.setImage(grid.f, autoLevels=False, levels=levels, rect=rect)
        self.colour_bar.setLevels(levels)
        undefined = grid.undefined()
        if undefined.any():
            grey = np.zeros((b.ny, b.nx, 4), dtype=np.uint8)
            grey[undefined] = theme.MAP_UNDEFINED
            self.undefined.setImage(grey, autoLevels=False, levels=(0, 255), rect=rect)
        else:
            self.undefined.clear()
        self._show_contours(grid.f, levels)

    def _show_contours(self, f: np.ndarray, colours: tuple[float, float]) -> None:
        """The contour lines, and a tick at each one's level across the colour bar."""
        levels = contour_levels(f)
        lo, hi = colours
        inside = levels[(levels >= lo) & (levels <= hi)]
        # the bar is a 1 × 256 pixmap in its own view: low colours at y = 0, high at 256
        ys = np.repeat(256.0 * (inside - lo) / (hi - lo), 2)
        self._level_ticks.setData(np.tile([0.0, 1.0], inside.size), ys, connect="pairs")
        defined = defined_cells(f)
        while len(self.contours) < len(levels):
            line = ContourLine(pen=pg.mkPen(theme.CONTOUR, width=1), axisOrder="row-major")
            line.setParentItem(self.image)
            self.contours.append(line)
        for line, level in zip(self.contours, levels, strict=False):
            line.defined = defined
            line.setData(f, float(level))
            line.show()
        for line in self.contours[len(levels) :]:
            line.setData(None)
            line.hide()

    def level_ticks(self) -> list[float]:
        """The values marked across the colour bar (the contour levels in its range)."""
        _, ys = self._level_ticks.getData()
        if ys is None or len(ys) == 0:
            return []
        lo, hi = self.colour_bar.levels()
        return [lo + (hi - lo) * y / 256.0 for y in ys[::2]]

    def set_hover_tip(self, text: str) -> None:
        """The map's tooltip where the mouse is ('' for none): the reason a sample is
        undefined. On the grey overlay, which covers the map: Qt shows a scene item's
        tooltip, not the view's."""
        self.undefined.setToolTip(text)

    def hover_tip(self) -> str:
        return self.undefined.toolTip()

    def contour_levels(self) -> list[float]:
        """The levels of the contour lines drawn."""
        return [line.level for line in self.contours if line.isVisible() and line.data is not None]

    def show_point(self, x: float, y: float, dfx: float, dfy: float) -> None:
        """The point's marker and the gradient (dfx, dfy) as an arrow from it."""
        self._point, self._gradient = (x, y), (dfx, dfy)
        self._syncing = True
        try:
            self.target.setPos(x, y)
        finally:
            self._syncing = False
        self._draw_arrow()

    def arrow(self) -> tuple[tuple[float, float], tuple[float, float]] | None:
        """The arrow's tail and tip in data coordinates, or None when none is drawn."""
        x, y = self._shaft.getData()
        if x is None or len(x) < 2:
            return None
        return (float(x[0]), float(y[0])), (float(x[1]), float(y[1]))

    def _draw_arrow(self) -> None:
        """The gradient's direction at a fixed length on screen (its size is in the readout).

        The direction is the data's: with equal scales on both axes (the default) it is
        perpendicular to the contour lines, as a gradient is.
        """
        (x, y), (gx, gy) = self._point, self._gradient
        px, py = self._pixel_size()
        finite = all(map(math.isfinite, (x, y, gx, gy, px, py)))
        if not finite or px == 0 or py == 0 or math.hypot(gx / px, gy / py) == 0:
            for item in (self._halo, self._shaft):
                item.setData([], [])
            self._head.hide()
            return
        sx, sy = gx / px, gy / py  # the gradient in pixels (y up)
        view = self.plot.vb.boundingRect()
        length = min(ARROW_PIXELS, 0.22 * min(view.width(), view.height()))
        scale = length / math.hypot(sx, sy)
        tip = (x + sx * scale * px, y + sy * scale * py)
        for item in (self._halo, self._shaft):
            item.setData([x, tip[0]], [y, tip[1]])
        # ArrowItem's angle 0 points left (tip at its position); the screen's y is down
        self._head.setStyle(angle=180.0 - math.degrees(math.atan2(sy, sx)))
        self._head.setPos(*tip)
        self._head.show()

    def _pixel_size(self) -> tuple[float, float]:
        """Data units per screen pixel along x and y."""
        px, py = self.plot.vb.viewPixelSize()
        return float(px), float(py)

    def fit(self) -> None:
        """The view to the box; equal scales unless one side is much longer than the other."""
        if self._grid is None:
            return
        b = self._grid.box
        ratio = (b.x_max - b.x_min) / (b.y_max - b.y_min)
        self.plot.vb.setAspectLocked(1 / MAX_ASPECT <= ratio <= MAX_ASPECT, ratio=1.0)
        self.plot.setRange(xRange=(b.x_min, b.x_max), yRange=(b.y_min, b.y_max), padding=0.02)
        self._draw_arrow()

    # ---- mouse ----------------------------------------------------------------------------

    def _on_target_moved(self) -> None:
        if self._syncing:
            return
        pos = self.target.pos()
        self.point_moved.emit(float(pos.x()), float(pos.y()))

    def _in_map(self, scene_pos: QPointF) -> QPointF | None:
        vb = self.plot.vb
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        return vb.mapSceneToView(scene_pos)

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        pos = self._in_map(scene_pos)
        if pos is None:
            self.hovered.emit(math.nan, math.nan)
        else:
            self.hovered.emit(float(pos.x()), float(pos.y()))

    def _on_mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        pos = self._in_map(event.scenePos())
        if pos is not None:
            self.point_moved.emit(float(pos.x()), float(pos.y()))

    def scene_pos_of(self, x: float, y: float) -> QPointF:
        """Where the data point (x, y) is in the scene (for tests and tools)."""
        return self.plot.vb.mapViewToScene(QPointF(x, y))
