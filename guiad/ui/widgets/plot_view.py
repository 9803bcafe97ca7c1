"""The curve view: the plots of f, f′, f″ and |f′ − FD| stacked with linked x axes.

It draws what it is handed (``show_data``, ``show_fd``, ``show_x0``) and fits the view; it
keeps no state of its own beyond what is on screen. The user's gestures come out as signals:
``x0_dragged`` (an x0 line moved), ``clicked`` and ``hovered`` (a plot's name and the x under
the mouse, or "" off the plots). The FD lab's error-against-h plot is placed beside the
column by ``arrange``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QPaintEngine, QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem

from guiad.core.plot_data import (
    FdData,
    PlotData,
    Span,
    robust_range,
    tangent_segment,
    with_breaks,
    without_breaks,
)
from guiad.ui import theme
from guiad.ui.guard import guarded
from guiad.ui.widgets.readout import number

TANGENT_REACH = 0.15  # the tangent spans x0 ± this fraction of the visible x range
SOLID, DASHED, DOTTED, BLOCK = "━━", "╍╍", "┅┅", "■"  # line samples in legend text
ROBUST_SAMPLE = 200_000  # y ranges are judged on at most this many evenly spaced samples
AXIS_WIDTH = 72  # fixed left-axis width so the linked plots line up
NAMES = ("f", "df", "d2f", "error")  # the stacked plots, top to bottom
LABELS = {"f": "f(x)", "df": "f′(x)", "d2f": "f″(x)", "error": "|f′ − FD|"}  # their y axes
LAB = "error_vs_h"  # the FD lab's plot, right of the column
LAB_WIDTH = 360  # its widest, in pixels


class _X0Label:
    """The x0 line's label text. pyqtgraph fills its label by ``format(value=...)``; this
    one formats through readout.number, as every number shown (a real minus, never −0)."""

    @staticmethod
    def format(value: float) -> str:
        return f"x0 = {number(value, 4)}"


_X0_LABEL = _X0Label()


def pen(color: str, width: float = 2.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine):
    return pg.mkPen(color=color, width=width, style=style)


def point_marker(plot: pg.PlotItem) -> pg.ScatterPlotItem:
    """The dot at the point (x0, f(x0)) on a plot, above its curves."""
    marker = pg.ScatterPlotItem(size=9, brush=pg.mkBrush(theme.X0), pen=pg.mkPen(theme.PAPER))
    marker.setZValue(20)
    plot.addItem(marker)
    return marker


def shade_spans(plot: pg.PlotItem, pool: list, spans: Sequence[Span]) -> None:
    """Shade each undefined span on ``plot`` with the core's reason as its tooltip, reusing
    the region items in ``pool`` (grown as needed; the spare ones hidden)."""
    while len(pool) < len(spans):
        region = pg.LinearRegionItem(
            brush=translucent(theme.UNDEFINED, 40), pen=pg.mkPen(None), movable=False
        )
        region.setZValue(-10)
        plot.addItem(region, ignoreBounds=True)
        pool.append(region)
    for region, span in zip(pool, spans, strict=False):
        region.setRegion((span.x_start, span.x_end))
        region.setToolTip(f"undefined here: {span.reason}")
        region.show()
    for region in pool[len(spans) :]:
        region.hide()


def translucent(color: str, alpha: int) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c


def style_axes(plot: pg.PlotItem) -> None:
    """Slate axes with plain tick numbers (a "(×1e+27)" prefix next to 6e+185 misleads)."""
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(theme.TEXT)
        axis.setTextPen(theme.TEXT)
        axis.enableAutoSIPrefix(False)


def draw(curve: pg.PlotDataItem, x: np.ndarray, y: np.ndarray, connect: np.ndarray) -> None:
    """Hand a curve its samples, broken by NaN where ``connect`` says (never a connect array)."""
    curve.setData(*with_breaks(x, y, connect), connect="finite")


def _escaped(text: str) -> str:
    """``text`` as rich-text content: &, < and > escaped (quotes need no escape outside an
    attribute). Not html.escape: the html module's table of entities costs the window's
    first frame 1.6 ms."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _unbreakable(text: str) -> str:
    """``text`` as HTML that wraps nowhere: no-break spaces, and a word joiner after primes
    (a line may otherwise break in "f′(x)" between ′ and the parenthesis)."""
    text = _escaped(text).replace(" ", "&nbsp;")
    return text.replace("′", "′\u2060").replace("″", "″\u2060")


class CachedAxis(pg.AxisItem):
    """An axis (with its grid lines) painted from a pixmap cache until its range changes.

    pyqtgraph replays an axis's tick labels and grid lines in every paint of its plot: most
    of a repaint, though a drag of x0 changes no axis and an edit changes only the y axes.
    The axis is redrawn when its range really changes (pyqtgraph re-sets an x axis's
    unchanged range whenever y changes) or its size does; otherwise Qt blits the cache.

    The grid lines are drawn as one-pixel rectangles, the very pixels pyqtgraph's lines
    give: Qt draws a translucent, aliased line pixel by pixel (~0.2 ms per grid line across
    a plot, ~5 ms per axis), a rectangle as a span (see ``fill_aligned_lines``).
    """

    def __init__(self, orientation: str):
        super().__init__(orientation)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._lines: list = []  # (pen, p1, p2) of the ticks and grid lines, for ``paint``

    def setRange(self, mn: float, mx: float) -> None:  # noqa: N802 (pyqtgraph's name)
        if getattr(self, "picture", None) is not None and [mn, mx] == list(self.range):
            return  # the same range: keep the picture and the cache
        super().setRange(mn, mx)

    def drawPicture(self, p, axisSpec, tickSpecs, textSpecs) -> None:  # noqa: N802, N803
        """pyqtgraph's picture without the tick lines (``paint`` draws them after it) and
        with tick labels apart."""
        self._lines = list(tickSpecs)
        super().drawPicture(p, axisSpec, [], labels_apart(textSpecs))

    @guarded
    def paint(self, p, opt, widget) -> None:
        p.save()  # the picture leaves its text's clip on the painter; the lines have none
        super().paint(p, opt, widget)
        p.restore()
        fill_aligned_lines(p, self._lines)


def labels_apart(text_specs: list) -> list:
    """The (rect, flags, text) tick labels less each that would touch one kept before it.
    pyqtgraph always draws its top level of ticks: in a plot squeezed ~40 px high it wrote
    5, 0 and −5 on top of each other. (It lists the top level first, so that is kept.)"""
    kept: list = []
    for spec in text_specs:
        if not any(spec[0].intersects(other[0]) for other in kept):
            kept.append(spec)
    return kept


def fill_aligned_lines(painter: QPainter, lines: list) -> None:
    """Draw (pen, p1, p2) lines as QPainter.drawLine would with antialiasing off.

    A horizontal or vertical line in a 1-px cosmetic pen covers, in device pixels, the row
    (column) floor(y) from floor(x1) to floor(x2) inclusive; filling that rectangle gives
    the same pixels in a fraction of the time. Anything else (a scaled painter, as on a
    high-DPI screen or in a 2x export, an SVG file, a wider pen, a slanted line) is drawn as
    a line.
    """
    if not lines:
        return
    to_device = painter.deviceTransform()
    fast = (
        painter.paintEngine().type() == QPaintEngine.Type.Raster  # pixels, not SVG or a picture
        and to_device.type().value <= QTransform.TransformationType.TxTranslate.value
        and to_device == painter.worldTransform()  # no window/viewport mapping
    )
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    if fast:
        painter.resetTransform()
    for pen, p1, p2 in lines:
        rect = _pixel_rect(to_device.map(p1), to_device.map(p2), pen) if fast else None
        if rect is not None:
            painter.fillRect(rect, pen.color())
        else:
            if fast:
                painter.setWorldTransform(to_device)
            painter.setPen(pen)
            painter.drawLine(p1, p2)
            if fast:
                painter.resetTransform()
    painter.restore()


def _pixel_rect(a: QPointF, b: QPointF, pen: QPen) -> QRect | None:
    """The device pixels an aliased 1-px cosmetic line from a to b covers, if it is
    horizontal or vertical and lies at non-negative coordinates; else None."""
    if not (pen.isCosmetic() and pen.widthF() <= 1.0 and pen.style() == Qt.PenStyle.SolidLine):
        return None
    if pen.brush().style() != Qt.BrushStyle.SolidPattern or min(a.x(), a.y(), b.x(), b.y()) < 0:
        return None
    if a.y() == b.y():
        x1, x2 = sorted((math.floor(a.x()), math.floor(b.x())))
        return QRect(x1, math.floor(a.y()), x2 - x1 + 1, 1)
    if a.x() == b.x():
        y1, y2 = sorted((math.floor(a.y()), math.floor(b.y())))
        return QRect(math.floor(a.x()), y1, 1, y2 - y1 + 1)
    return None


class LazyMenuViewBox(pg.ViewBox):
    """A ViewBox whose right-click menu (pyqtgraph's ViewBoxMenu, ~2.5 ms of the window's
    start per plot) is built when first asked for; until then it is enabled, but absent."""

    def __init__(self) -> None:
        super().__init__(enableMenu=False)
        self.state["enableMenu"] = True  # menuEnabled(): right-clicks open the menu

    def _menu(self):
        if self.menu is None and self.menuEnabled():
            self._applyMenuEnabled()  # pyqtgraph's own way to build it (and its view lists)
        return self.menu

    def getMenu(self, ev):  # noqa: N802 (pyqtgraph's name)
        return self._menu()

    def getContextMenus(self, event):  # noqa: N802 (pyqtgraph's name)
        menu = self._menu()
        return menu.actions() if menu is not None else []


class LegendRow(pg.LabelItem):
    """A label whose text wraps to the width the layout gives it (it never widens the plots)."""

    def resizeEvent(self, ev) -> None:  # noqa: N802 (Qt override, called by pyqtgraph too)
        self.item.setTextWidth(max(40.0, self.width() - 8))
        super().resizeEvent(ev)

    def updateMin(self) -> None:  # noqa: N802 (pyqtgraph's name)
        height = self.itemRect().height()
        self.setMinimumSize(0, height)
        self._sizeHint = {
            Qt.SizeHint.MinimumSize: (0, height),
            Qt.SizeHint.PreferredSize: (0, height),
            Qt.SizeHint.MaximumSize: (-1, -1),
            Qt.SizeHint.MinimumDescent: (0, 0),
        }
        self.updateGeometry()


class CurveView(QObject):
    """The canvas and its plots; ``canvas`` is the widget to lay out."""

    x0_dragged = Signal(float)  # an x0 line was moved by the user
    clicked = Signal(str, float)  # plot name ("f", "df", …, "error_vs_h") and x in its data
    hovered = Signal(str, float)  # the same for the mouse moving; "" when off every plot
    fit_requested = Signal()  # the canvas's context menu: "Fit view"
    image_options_requested = Signal()  # the canvas's context menu: "Image export size…"

    def __init__(
        self,
        make_lab_plot: Callable[[], pg.PlotItem],
        x0: float,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._make_lab_plot = make_lab_plot  # the FD lab's plot, asked for when first shown
        self._lab_plot: pg.PlotItem | None = None
        self._data: PlotData | None = None
        self._fd: FdData | None = None
        self._second_on = self._fd_on = False
        self._x0_point = (x0, math.nan, math.nan)  # x0, f(x0), f′(x0): the tangent's anchor
        self._syncing = False
        self._regions: dict[pg.PlotItem, list[pg.LinearRegionItem]] = {}

        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground(theme.PAPER)
        # The plots take no drops. Left accepting, Qt sends pyqtgraph's view (which ignores
        # drag enter before QGraphicsView sees it) a drag leave, and QGraphicsView warns.
        self.canvas.setAcceptDrops(False)
        self.canvas.viewport().setAcceptDrops(False)
        self.canvas.ci.setContentsMargins(4, 4, 12, 4)
        # The plots of f″ and of the error are made when first shown (``plot``): hidden at
        # start, they cost the window's first frame ~15 ms.
        self._plots: dict[str, pg.PlotItem] = {}
        self._curves: dict[str, pg.PlotDataItem] = {}
        self.x0_lines: list[pg.InfiniteLine] = []  # one per plot made, f's (labelled) first
        plot_f, plot_df = self.plot("f"), self.plot("df")
        self._curves["f"] = self._curve(plot_f, theme.FORWARD, "f(x)")
        self._curves["df"] = self._curve(plot_df, theme.BACKWARD, "f′(x), reverse mode")
        # the dashed overlays on f′ ("fd", "mistake") are made when first drawn (``_dashed``)
        # two points: a bare curve item (a PlotDataItem's downsampling and scatter are for
        # the curves of thousands of points)
        self._tangent = pg.PlotCurveItem(pen=pen(theme.X0, 1.5, Qt.PenStyle.DashLine))
        plot_f.addItem(self._tangent)
        self._markers = (point_marker(plot_f), point_marker(plot_df))
        # x0 outside the view: its line would vanish silently, so an arrow at the edge says where
        self.x0_note = pg.TextItem(color=theme.X0, fill=theme.LEGEND_FILL)
        self.x0_note.setZValue(25)
        self.x0_note.hide()
        plot_f.addItem(self.x0_note, ignoreBounds=True)
        # The legend is a row of its own above the plots: it never covers a curve, never has
        # to give way in a short plot, and is part of the scene, so exports include it.
        self.legend = LegendRow(justify="left")
        self._title = "f(x)"
        self._full_title = "f(x)"
        self._export_title = False
        self._undefined_shown = False

        self.canvas.installEventFilter(self)  # the lab's width follows the canvas's
        scene = self.canvas.scene()
        # pyqtgraph's own "Export..." dialog writes SVG with its broken exporter (see
        # plot_svg); the window's File ▸ Export uses the panel's export_png/svg/csv instead.
        fit = QAction("Fit view (ignoring spikes)", self)
        fit.triggered.connect(self.fit_requested)
        size = QAction("Image export size…", self)
        size.triggered.connect(self.image_options_requested)
        scene.contextMenu = [fit, size]
        scene.sigMouseMoved.connect(self._on_mouse_moved)
        scene.sigMouseClicked.connect(self._on_mouse_clicked)
        plot_f.vb.sigRangeChanged.connect(self.draw_tangent)

    # ---- construction ---------------------------------------------------------------------

    @guarded
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if watched is self.canvas and event.type() == QEvent.Type.Resize:
            self._fit_lab_width(event.size().width())
        return False

    def _fit_lab_width(self, canvas_width: int) -> None:
        """The FD lab's plot takes at most 40 % of a narrow canvas (side by side with the
        walkthrough, the column of curves was squeezed to a third)."""
        if self._lab_plot is not None:
            self._lab_plot.setMaximumWidth(max(200.0, min(LAB_WIDTH, 0.4 * canvas_width)))

    def _lab(self) -> pg.PlotItem:
        if self._lab_plot is None:
            self._lab_plot = self._make_lab_plot()
            self._fit_lab_width(self.canvas.width())
        return self._lab_plot

    def _make_plot(self, name: str) -> pg.PlotItem:
        """A plot of the column with its x0 line, x linked to f's, and its own curve."""
        plot = self._new_plot(LABELS[name], log_y=name == "error")
        self._plots[name] = plot
        if name != "f":
            plot.setXLink(self._plots["f"])
        if name == "d2f":
            self._curves["d2f"] = self._curve(plot, theme.SECOND, None)
            if self._data is not None:
                self._show_spans(plot, self._data.spans[2])
        elif name == "error":
            self._curves["error"] = self._curve(plot, theme.FINITE_DIFFERENCE, None, 1.5)
        x0 = self.x0_lines[0].value() if self.x0_lines else self._x0_point[0]
        self.x0_lines.append(self._x0_line(plot, x0, labelled=name == "f"))
        return plot

    def _new_plot(self, label: str, log_y: bool = False) -> pg.PlotItem:
        plot = pg.PlotItem(
            viewBox=LazyMenuViewBox(),
            axisItems={name: CachedAxis(name) for name in ("left", "bottom")},
        )
        plot.setLabel("left", label, color=theme.TEXT)
        style_axes(plot)
        for name in ("left", "bottom"):
            # major and minor grid lines only: each costs a paint
            plot.getAxis(name).setStyle(maxTickLevel=1)
        plot.getAxis("left").setWidth(AXIS_WIDTH)
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.hideButtons()  # pyqtgraph's auto-range would chase spikes; "Fit" is robust
        plot.vb.disableAutoRange()
        if log_y:
            plot.setLogMode(False, True)
        # On the PlotItem, not as plot() arguments: the PlotItem overwrites those per curve.
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        return plot

    def _dashed(self, name: str) -> pg.PlotDataItem:
        """A dashed overlay on f′'s plot, made when first drawn (hidden at start, two curves
        cost the first frame ~1.5 ms): "fd", the FD lab's central difference, or "mistake",
        f′ as the fan-out mistake computes it (tutor mode's teaching switch)."""
        curve = self._curves.get(name)
        if curve is None:
            colour = theme.FINITE_DIFFERENCE if name == "fd" else theme.BACKWARD
            curve = self._curve(self._plots["df"], colour, None, 2, Qt.PenStyle.DashLine)
            curve.setVisible(name == "fd" and self._fd_on)
            self._curves[name] = curve
        return curve

    @staticmethod
    def _curve(plot, color, name, width=2.0, style=Qt.PenStyle.SolidLine) -> pg.PlotDataItem:
        curve = pg.PlotDataItem(pen=pen(color, width, style), connect="finite", name=name)
        plot.addItem(curve)
        return curve

    def _x0_line(self, plot: pg.PlotItem, x0: float, labelled: bool) -> pg.InfiniteLine:
        line = pg.InfiniteLine(
            pos=x0,
            angle=90,
            movable=True,
            pen=pen(theme.X0, 1.5),
            hoverPen=pen(theme.X0, 3),
            label=_X0_LABEL if labelled else None,
            labelOpts={"position": 0.06, "color": theme.X0, "fill": theme.LEGEND_FILL},
        )
        line.setZValue(15)
        line.setToolTip("x0: drag to move (or click a plot, or type in the x0 box)")
        line.sigPositionChanged.connect(self._on_line_moved)
        plot.addItem(line)
        return line

    # ---- what is where --------------------------------------------------------------------

    def plot(self, name: str) -> pg.PlotItem:
        """The PlotItem called ``name``: "f", "df", "d2f", "error" or "error_vs_h" (made
        now if it has never been shown)."""
        if name == LAB:
            return self._lab()
        plot = self._plots.get(name)
        return plot if plot is not None else self._make_plot(name)

    def stacked_plots(self) -> list[pg.PlotItem]:
        """The plots shown in the column, top to bottom."""
        return [self.plot(name) for name in self._column()]

    def _column(self) -> list[str]:
        return ["f", "df"] + ["d2f"] * self._second_on + ["error"] * self._fd_on

    def plots_shown(self) -> list[str]:
        """Which plots are laid out: "f", "df", then "d2f", "error", "error_vs_h" if on."""
        return self._column() + [LAB] * self._fd_on

    def curve_data(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The full data (not the downsampled view) of "f", "df", "d2f", "fd", "error" or
        "mistake"."""
        curve = self._curves.get(name)  # f″'s and the error's exist once their plot does
        x, y = curve.getOriginalDataset() if curve is not None else (None, None)
        if x is None:
            return (np.array([]),) * 2
        return without_breaks(np.asarray(x), np.asarray(y))

    def tangent(self) -> tuple[np.ndarray, np.ndarray]:
        x, y = self._tangent.getData()
        return (np.asarray(x), np.asarray(y)) if x is not None else (np.array([]),) * 2

    def undefined_regions(self, order: int) -> list[tuple[float, float, str]]:
        plot = self.plot(NAMES[order])
        return [
            (*region.getRegion(), region.toolTip())
            for region in self._regions.get(plot, [])
            if region.isVisible()
        ]

    def x_view(self) -> tuple[float, float]:
        (x_lo, x_hi), _ = self._plots["f"].vb.viewRange()
        return x_lo, x_hi

    # ---- layout ---------------------------------------------------------------------------

    def arrange(self, second_on: bool, fd_on: bool) -> None:
        """Put the visible plots in the grid: f, f′, [f″], [error] in a column, [V] right."""
        self._second_on, self._fd_on = second_on, fd_on
        if fd_on or "fd" in self._curves:
            self._dashed("fd").setVisible(fd_on)
        ci = self.canvas.ci
        for item in list(ci.items):
            ci.removeItem(item)
        ci.addItem(self.legend, row=0, col=0)
        ci.layout.setRowStretchFactor(0, 0)
        plots = self.stacked_plots()
        for index, plot in enumerate(plots):
            row = index + 1
            ci.addItem(plot, row=row, col=0)
            last = index == len(plots) - 1
            # the last plot also carries the x axis numbers: a little more height for it
            ci.layout.setRowStretchFactor(row, (6 if index < 2 else 4) + (1 if last else 0))
            plot.setLabel("bottom", "x" if last else None, color=theme.TEXT)
            # linked x axes: the numbers once, under the last plot; the others keep their ticks
            axis = plot.getAxis("bottom")
            axis.setStyle(showValues=last)
            axis.setHeight(None if last else 6)
        if fd_on:
            ci.addItem(self._lab(), row=1, col=1, rowspan=len(plots))
        ci.layout.setColumnStretchFactor(0, 3)
        self._show_legend()
        if self.canvas.isVisible():  # (hidden, as while the window is made: sized when shown)
            ci.layout.activate()  # sizes now, so ranges are fitted to the new layout

    # ---- drawing --------------------------------------------------------------------------

    def set_title(self, title: str, full_title: str | None = None) -> None:
        """The name of f in the legend (and the longer one an export's title line shows)."""
        self._title = title
        self._full_title = full_title or title
        self._show_legend()

    def set_export_title(self, on: bool) -> None:
        """Put a title line above the legend (for an exported image) or take it away."""
        self._export_title = on
        self._show_legend()

    def legend_entries(self) -> list[tuple[str, str, str]]:
        """(sample, colour, text) of each legend entry, in order."""
        entries = [
            (SOLID, theme.FORWARD, self._title),
            (DASHED, theme.X0, "tangent at x0"),
            (SOLID, theme.BACKWARD, "f′(x), reverse mode"),
        ]
        if self._fd_on:
            entries.append((DASHED, theme.FINITE_DIFFERENCE, "central difference, step h"))
        if "mistake" in self._curves and self._curves["mistake"].isVisible():
            entries.append((DASHED, theme.BACKWARD, "f′ with = where += belongs (the mistake)"))
        if self._second_on:
            entries.append((SOLID, theme.SECOND, "f″(x)"))
        if self._undefined_shown:
            entries.append((BLOCK, theme.UNDEFINED, "undefined"))
        return entries

    def legend_text(self) -> str:
        return "    ".join(f"{sample} {text}" for sample, _, text in self.legend_entries())

    def _show_legend(self) -> None:
        parts = [
            # no break inside an entry (the title, which may be long, aside)
            f"<span style='color:{color}'>{sample}</span>&nbsp;"
            + (_escaped(text) if text is self._title else _unbreakable(text))
            for sample, color, text in self.legend_entries()
        ]
        text = "&nbsp;&nbsp;&nbsp; ".join(parts)
        if self._export_title:
            x0 = number(self._x0_point[0], 6)
            title = f"{self._full_title}, with f′ by reverse mode; x0 = {x0}"
            style = "font-size:12pt; font-weight:bold"
            text = f"<span style='{style}'>{_escaped(title)}</span><br>{text}"
        self.legend.setText(text, color=theme.TEXT)

    def show_data(self, data: PlotData | None) -> None:
        """New curves (None clears them); the FD overlay is cleared until ``show_fd``."""
        self._data, self._fd = data, None
        if "fd" in self._curves:
            self._curves["fd"].setData([], [], connect="finite")
        if "error" in self._curves:
            self._curves["error"].setData([], [])
        if data is None:
            for name in ("f", "df"):
                self._curves[name].setData([], [], connect="finite")
            self.show_second_curve()
            for name in ("f", "df", "d2f"):
                if name in self._plots:
                    self._show_spans(self._plots[name], ())
            return
        e = data.evaluation
        draw(self._curves["f"], e.x, e.f, data.connect[0])
        draw(self._curves["df"], e.x, e.df, data.connect[1])
        self.show_second_curve()
        for name, spans in zip(("f", "df", "d2f"), data.spans, strict=True):
            if name in self._plots:  # f″'s plot catches up when it is made
                self._show_spans(self._plots[name], spans)

    def show_mistake(self, x: np.ndarray | None, df: np.ndarray | None) -> None:
        """The wrong f′ of the overwrite mistake, dashed beside the right one (None hides it)."""
        if "mistake" not in self._curves and (x is None or df is None):
            return  # never shown: nothing to hide
        curve = self._dashed("mistake")
        if x is None or df is None:
            curve.setData([], [], connect="finite")
        else:
            curve.setData(x, df, connect="finite")
        if curve.isVisible() != (x is not None):
            curve.setVisible(x is not None)
            self._show_legend()

    def show_second_curve(self) -> None:
        """f″ is handed to its curve only while shown: hidden, it would cost every edit."""
        data = self._data
        if self._second_on and data is not None:
            self.plot("d2f")
            draw(self._curves["d2f"], data.evaluation.x, data.evaluation.d2f, data.connect[2])
        elif "d2f" in self._curves:
            self._curves["d2f"].setData([], [], connect="finite")

    def show_fd(self, data: PlotData, fd: FdData) -> None:
        self._fd = fd
        draw(self._dashed("fd"), data.evaluation.x, fd.fd, fd.connect)
        self.plot("error")
        self._curves["error"].setData(data.evaluation.x, fd.error)

    def place_x0(self, x0: float) -> None:
        """Move every x0 line without feeding their signals back as a drag."""
        self._syncing = True
        try:
            for line in self.x0_lines:
                line.setValue(x0)
        finally:
            self._syncing = False

    def show_x0(self, x0: float, f0: float, df0: float) -> None:
        """The markers at (x0, f(x0)) and (x0, f′(x0)) and the tangent."""
        self._x0_point = (x0, f0, df0)
        for marker, value in zip(self._markers, (f0, df0), strict=True):
            if math.isfinite(value):
                marker.setData([x0], [value])
            else:
                marker.clear()
        self.draw_tangent()

    def _show_x0_note(self) -> None:
        """ "x0 = 7 →" at the right edge (or "← x0 = −7" at the left) when x0 is out of view."""
        x0 = self._x0_point[0]
        (x_lo, x_hi), (y_lo, y_hi) = self._plots["f"].vb.viewRange()
        if x_lo <= x0 <= x_hi:
            self.x0_note.hide()
            return
        right = x0 > x_hi
        text = f"x0 = {number(x0, 4)}"
        self.x0_note.setText(f"{text} →" if right else f"← {text}")
        self.x0_note.setAnchor((1.0, 0.0) if right else (0.0, 0.0))
        self.x0_note.setPos(x_hi if right else x_lo, y_hi)
        self.x0_note.show()

    def draw_tangent(self) -> None:
        x0, f0, df0 = self._x0_point
        self._show_x0_note()
        if not (math.isfinite(f0) and math.isfinite(df0)):
            self._tangent.setData([], [])
            return
        (x_lo, x_hi), (y_lo, y_hi) = self._plots["f"].vb.viewRange()
        # the "x0 = …" label goes to the end of the line away from the marker
        self.x0_lines[0].label.setPosition(0.94 if f0 < (y_lo + y_hi) / 2 else 0.06)
        reach = TANGENT_REACH * (x_hi - x_lo)  # a local segment reads as "the tangent at x0"
        band = 2.0 * (y_hi - y_lo)
        xs, ys = tangent_segment(x0, f0, df0, x0 - reach, x0 + reach, y_lo - band, y_hi + band)
        self._tangent.setData(xs, ys)

    def _show_spans(self, plot: pg.PlotItem, spans: tuple[Span, ...]) -> None:
        """Shade each undefined span (reusing region items) with the core's reason as tooltip."""
        shade_spans(plot, self._regions.setdefault(plot, []), spans)
        if plot is self._plots["f"] and bool(spans) != self._undefined_shown:
            self._undefined_shown = bool(spans)
            self._show_legend()

    # ---- fitting --------------------------------------------------------------------------

    def fit(self, x_range: tuple[float, float] | None) -> None:
        """x to ``x_range`` (if given), y to the curves' robust range in view."""
        if x_range is not None:
            self._plots["f"].setXRange(*x_range, padding=0)
        if self._data is None:
            return
        window = self._visible_slice()
        e = self._data.evaluation
        fd = self._fd if self._fd_on else None
        curves = [("f", [e.f]), ("df", [e.df] if fd is None else [e.df, fd.fd])]
        if self._second_on:
            curves.append(("d2f", [e.d2f]))
        if fd is not None:
            with np.errstate(all="ignore"):
                curves.append(("error", [np.log10(fd.error)]))
        stride = max(1, (window.stop - window.start) // ROBUST_SAMPLE)
        for name, arrays in curves:
            y_range = robust_range(np.concatenate([a[window][::stride] for a in arrays]))
            if y_range is not None:
                self._plots[name].setYRange(*y_range, padding=0.06)
        self.draw_tangent()

    def _visible_slice(self) -> slice:
        """The samples inside the current x view (all of them if fewer than two are)."""
        assert self._data is not None
        x = self._data.evaluation.x
        lo, hi = (int(i) for i in np.searchsorted(x, self.x_view()))
        if hi - lo < 2:
            lo, hi = 0, x.size
        return slice(lo, hi)

    # ---- mouse ----------------------------------------------------------------------------

    def _on_line_moved(self, line: pg.InfiniteLine) -> None:
        if not self._syncing:
            self.x0_dragged.emit(line.value())

    def _plot_at(self, scene_pos) -> tuple[str, pg.PlotItem] | None:
        for name in self.plots_shown():
            plot = self.plot(name)
            if plot.scene() is not None and plot.vb.sceneBoundingRect().contains(scene_pos):
                return name, plot
        return None

    def _on_mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        found = self._plot_at(event.scenePos())
        if found is not None:
            name, plot = found
            self.clicked.emit(name, plot.vb.mapSceneToView(event.scenePos()).x())

    def _on_mouse_moved(self, scene_pos) -> None:
        found = self._plot_at(scene_pos)
        if found is None:
            self.hovered.emit("", math.nan)
        else:
            name, plot = found
            self.hovered.emit(name, plot.vb.mapSceneToView(scene_pos).x())
