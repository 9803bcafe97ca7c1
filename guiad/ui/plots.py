"""The central plot area: f on top, f′ below (x axes linked), f″ and the FD lab on demand.

The panel draws exactly the core's numbers: ``evaluate`` over the range (on a worker
thread for large N), ``trace`` at exactly x0 for the marker and the tangent, and ``fd``
for the finite-difference lab. Plot items are created once; a change only calls setData.

MainWindow calls the setters (``set_graph``, ``set_x0``, ``set_range``) and listens to
``x0_changed`` / ``range_changed``; the panel's own toolbar row edits the same state.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QImage, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSlider,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from guiad.core.engine import trace
from guiad.core.expression import to_expression
from guiad.core.graph import Graph, GraphError
from guiad.core.sampling import range_problem
from guiad.ui import theme
from guiad.ui.guard import guarded
from guiad.ui.plot_data import (
    ERROR_FLOOR,
    H_MAX,
    H_MIN,
    SLOW_POINTS,
    FdData,
    PlotData,
    Span,
    compute_fd,
    compute_plot_data,
    error_curve,
    parse_points,
    parse_real,
    robust_range,
    tangent_segment,
    with_breaks,
    without_breaks,
    write_csv,
)
from guiad.ui.plot_svg import write_svg
from guiad.ui.plot_worker import BackgroundEvaluator

DEFAULT_RANGE = (-4.0, 4.0, 2001)
DEFAULT_X0 = 2.0
DEFAULT_H = 1e-5
SYNC_POINTS = 20_001  # up to this many points evaluate on the GUI thread, for immediacy
TITLE_LENGTH = 60  # characters of the expression shown in the legend
TANGENT_REACH = 0.15  # the tangent spans x0 ± this fraction of the visible x range
# legend places in order of preference: (anchor fraction of the view, offset in pixels)
LEGEND_SPOTS = [
    ((0.0, 0.0), (8, 4)),
    ((1.0, 0.0), (-8, 4)),
    ((0.0, 1.0), (8, -4)),
    ((1.0, 1.0), (-8, -4)),
    ((0.5, 0.0), (0, 4)),
    ((0.5, 1.0), (0, -4)),
]
LEGEND_MIN_HEIGHT = 140  # pixels: in a shorter plot the legend would cover the curve
ROBUST_SAMPLE = 200_000  # y ranges are judged on at most this many evenly spaced samples
AXIS_WIDTH = 72  # fixed left-axis width so the linked plots line up
SLIDER_STEPS_PER_DECADE = 10
NUDGE, NUDGE_FINE = 0.01, 0.001  # ← / → move x0 by this fraction of the visible x range
TEXT = "#334155"
EPSILON = float(np.finfo(np.float64).eps)


def _pen(color: str, width: float = 2.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine):
    return pg.mkPen(color=color, width=width, style=style)


def _draw(curve: pg.PlotDataItem, x: np.ndarray, y: np.ndarray, connect: np.ndarray) -> None:
    """Hand a curve its samples, broken by NaN where ``connect`` says (never a connect array)."""
    curve.setData(*with_breaks(x, y, connect), connect="finite")


def _number(value: float) -> str:
    """Compact readout text for one value."""
    if not math.isfinite(value):
        return "undefined"
    return f"{value + 0.0:.6g}".replace("-", "−")  # + 0.0: −0.0 (relu′ left of 0) reads 0


def _translucent(color: str, alpha: int) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c


class PlotPanel(QWidget):
    """Plots of f, f′ (and f″), a draggable x0 with its tangent, and the FD lab."""

    x0_changed = Signal(float)
    range_changed = Signal(float, float, int)  # x_min, x_max, points
    plots_updated = Signal()  # new curve data is on screen (after a graph or range change)
    fd_updated = Signal()  # new finite-difference overlay is on screen

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._graph: Graph | None = None
        self._x0 = DEFAULT_X0
        self._range = DEFAULT_RANGE
        self._data: PlotData | None = None
        self._fd: FdData | None = None
        self._h = DEFAULT_H
        self._second_on = False
        self._fd_on = False
        self._at_x0 = (math.nan, math.nan, math.nan, "")  # f, f′, f″ at x0 and why undefined
        self._syncing = False
        self._title = "f(x)"
        self._regions: dict[pg.PlotItem, list[pg.LinearRegionItem]] = {}

        self._evaluator = BackgroundEvaluator(self)
        self._evaluator.finished.connect(self._on_data)
        self._evaluator.busy_changed.connect(self._on_busy)
        self._fd_evaluator = BackgroundEvaluator(self)
        self._fd_evaluator.finished.connect(self._on_fd)
        self._fd_evaluator.busy_changed.connect(self._on_busy)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(self._build_controls())
        layout.addWidget(self._message)
        layout.addWidget(self._build_canvas(), 1)
        layout.addWidget(self._readout)
        self._arrange_plots()
        self._show_range_in_fields()
        self._show_x0_in_box()
        self._place_x0(self._x0)
        self._show_readout_at_x0()

    # ---- construction ---------------------------------------------------------------------

    def _build_controls(self) -> QHBoxLayout:
        """One row: range, x0, toggles, h, Fit in a toolbar (what does not fit goes behind its
        » button, so the window can be narrow), then the busy indicator."""
        bar = QToolBar()
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setStyleSheet("QToolBar { border: none; spacing: 4px; padding: 0px; }")
        self.controls_bar = bar
        self._x_min_edit = self._field(
            "x min", "Left end of the range (a number, or e.g. -pi)", bar
        )
        self._x_max_edit = self._field(
            "x max", "Right end of the range (a number, or e.g. 2*pi)", bar
        )
        self._points_edit = self._field("N", "Number of points (2 to 10,000,000)", bar, 80)
        self._x0_edit = self._field(
            "x0", "The point x0, e.g. 2 or pi/2 (also: drag the line, click a plot, ← / →)", bar
        )
        for edit in (self._x_min_edit, self._x_max_edit, self._points_edit):
            edit.editingFinished.connect(self._on_range_edited)
        self._x0_edit.editingFinished.connect(self._on_x0_edited)

        self._second_box = QCheckBox("f″")
        self._second_box.setToolTip("Show the second derivative f″ (forward over reverse)")
        self._second_box.toggled.connect(self.set_second_visible)
        self._fd_box = QCheckBox("FD lab")
        self._fd_box.setToolTip(
            "Compare f′ with the central difference (f(x+h) − f(x−h)) / 2h and show the error"
        )
        self._fd_box.toggled.connect(self.set_fd_lab)
        bar.addSeparator()
        bar.addWidget(self._second_box)
        bar.addWidget(self._fd_box)

        self._h_slider = QSlider(Qt.Orientation.Horizontal)
        self._h_slider.setRange(
            round(math.log10(H_MIN) * SLIDER_STEPS_PER_DECADE),
            round(math.log10(H_MAX) * SLIDER_STEPS_PER_DECADE),
        )
        self._h_slider.setValue(round(math.log10(self._h) * SLIDER_STEPS_PER_DECADE))
        self._h_slider.setFixedWidth(120)
        self._h_slider.setToolTip("Finite-difference step h, on a log scale from 1e-12 to 1e-1")
        self._h_slider.valueChanged.connect(self._on_h_slider)
        self._h_label = QLabel()
        self._h_label.setMinimumWidth(64)
        bar.addWidget(self._h_slider)
        bar.addWidget(self._h_label)
        self._show_h()

        fit = QToolButton()
        fit.setText("Fit")
        fit.setToolTip("Show the whole range; y fits the curves, ignoring extreme spikes")
        fit.clicked.connect(lambda: self.fit_view(reset_x=True))
        bar.addWidget(fit)

        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(bar, 1)
        self._busy = QProgressBar()
        self._busy.setRange(0, 0)  # indeterminate: "working"
        self._busy.setFixedWidth(80)
        self._busy.setTextVisible(False)
        self._busy.setToolTip("Evaluating in the background…")
        self._busy.hide()
        self._busy_label = QLabel("evaluating…")
        self._busy_label.hide()
        row.addWidget(self._busy_label)
        row.addWidget(self._busy)

        self._message = QLabel()
        self._message.setWordWrap(True)
        self._message.hide()
        self._readout = QLabel()
        self._readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return row

    def _field(self, label: str, tip: str, bar: QToolBar, width: int = 64) -> QLineEdit:
        edit = QLineEdit()
        edit.setFixedWidth(width)
        edit.setToolTip(tip)
        caption = QLabel(label)
        caption.setBuddy(edit)
        caption.setContentsMargins(4, 0, 0, 0)
        bar.addWidget(caption)
        bar.addWidget(edit)
        return edit

    def _build_canvas(self) -> pg.GraphicsLayoutWidget:
        self._canvas = pg.GraphicsLayoutWidget()
        self._canvas.setBackground("w")
        self._canvas.ci.setContentsMargins(4, 4, 12, 4)
        self._plot_f = self._new_plot("f(x)", legend=True)
        self._plot_df = self._new_plot("f′(x)", legend=True)
        self._plot_d2f = self._new_plot("f″(x)")
        self._plot_err = self._new_plot("|f′ − FD|", log_y=True)
        for plot in (self._plot_df, self._plot_d2f, self._plot_err):
            plot.setXLink(self._plot_f)
        self._curve_f = self._curve(self._plot_f, theme.FORWARD, "f(x)")
        self._tangent = self._curve(
            self._plot_f, theme.X0, "tangent at x0", width=1.5, style=Qt.PenStyle.DashLine
        )
        self._curve_df = self._curve(self._plot_df, theme.BACKWARD, "f′(x), reverse mode")
        self._curve_fd = self._curve(
            self._plot_df, theme.FINITE_DIFFERENCE, None, width=2, style=Qt.PenStyle.DashLine
        )
        self._curve_d2f = self._curve(self._plot_d2f, theme.SECOND, None)
        self._curve_err = self._curve(self._plot_err, theme.FINITE_DIFFERENCE, None, width=1.5)
        self._marker_f = self._marker(self._plot_f)
        self._marker_df = self._marker(self._plot_df)
        self._undefined_sample = pg.PlotDataItem(
            pen=None, fillLevel=0, fillBrush=_translucent(theme.UNDEFINED, 60)
        )
        self._fd_sample = pg.PlotDataItem(
            pen=_pen(theme.FINITE_DIFFERENCE, 2, Qt.PenStyle.DashLine)
        )

        self._x0_lines = [
            self._x0_line(plot, labelled=plot is self._plot_f)
            for plot in (self._plot_f, self._plot_df, self._plot_d2f, self._plot_err)
        ]
        self._build_error_plot()
        scene = self._canvas.scene()
        # pyqtgraph's own "Export..." dialog writes SVG with its broken exporter (see
        # plot_svg); the window's File ▸ Export uses export_png/svg/csv instead.
        fit = QAction("Fit view (ignoring spikes)", self)
        fit.triggered.connect(lambda: self.fit_view(reset_x=True))
        scene.contextMenu = [fit]
        scene.sigMouseMoved.connect(self._on_mouse_moved)
        scene.sigMouseClicked.connect(self._on_mouse_clicked)
        self._plot_f.vb.sigRangeChanged.connect(self._draw_tangent)
        for plot in (self._plot_f, self._plot_df):
            plot.vb.sigResized.connect(self._place_legends)
        return self._canvas

    def _new_plot(self, label: str, legend: bool = False, log_y: bool = False) -> pg.PlotItem:
        plot = pg.PlotItem()
        plot.setLabel("left", label, color=TEXT)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(TEXT)
            axis.setTextPen(TEXT)
            axis.setStyle(maxTickLevel=1)  # major and minor grid lines only: each costs a paint
            # plain tick numbers: a "(×1e+27)" prefix next to labels like 6e+185 misleads
            axis.enableAutoSIPrefix(False)
        plot.getAxis("left").setWidth(AXIS_WIDTH)
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.hideButtons()  # pyqtgraph's auto-range would chase spikes; "Fit" is robust
        plot.vb.disableAutoRange()
        if log_y:
            plot.setLogMode(False, True)
        # On the PlotItem, not as plot() arguments: the PlotItem overwrites those per curve.
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        if legend:
            plot.addLegend(offset=(8, 4), brush=(255, 255, 255, 210), labelTextColor=TEXT)
        return plot

    def _curve(self, plot, color, name, width=2.0, style=Qt.PenStyle.SolidLine):
        curve = pg.PlotDataItem(pen=_pen(color, width, style), connect="finite", name=name)
        plot.addItem(curve)
        return curve

    def _marker(self, plot: pg.PlotItem) -> pg.ScatterPlotItem:
        marker = pg.ScatterPlotItem(size=9, brush=pg.mkBrush(theme.X0), pen=pg.mkPen("w"))
        marker.setZValue(20)
        plot.addItem(marker)
        return marker

    def _x0_line(self, plot: pg.PlotItem, labelled: bool) -> pg.InfiniteLine:
        line = pg.InfiniteLine(
            pos=self._x0,
            angle=90,
            movable=True,
            pen=_pen(theme.X0, 1.5),
            hoverPen=_pen(theme.X0, 3),
            label="x0 = {value:.4g}" if labelled else None,
            labelOpts={"position": 0.06, "color": theme.X0, "fill": (255, 255, 255, 210)},
        )
        line.setZValue(15)
        line.setToolTip("x0: drag to move (or click a plot, or type in the x0 box)")
        line.sigPositionChanged.connect(self._on_line_moved)
        plot.addItem(line)
        return line

    def _build_error_plot(self) -> None:
        """The small log-log plot of |f′(x0) − FD(h)| against h: the V."""
        plot = pg.PlotItem(title="error at x0 against h")
        plot.setLogMode(True, True)
        plot.setLabel("bottom", "step h", color=TEXT)
        plot.setLabel("left", "|f′(x0) − FD(h)|", color=TEXT)
        for name in ("left", "bottom"):
            plot.getAxis(name).setPen(TEXT)
            plot.getAxis(name).setTextPen(TEXT)
            plot.getAxis(name).enableAutoSIPrefix(False)
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.hideButtons()
        plot.vb.disableAutoRange()
        plot.addLegend(offset=(0, 4), brush=(255, 255, 255, 210), labelTextColor=TEXT)
        plot.legend.anchor((0.5, 0), (0.5, 0), offset=(0, 4))  # between the arms of the V
        plot.setPreferredWidth(320)
        plot.setMaximumWidth(360)
        self._v_curve = pg.PlotDataItem(
            pen=_pen(theme.FINITE_DIFFERENCE, 2),
            symbol="o",
            symbolSize=4,
            symbolBrush=theme.FINITE_DIFFERENCE,
            symbolPen=None,
            connect="finite",
            name="measured",
        )
        self._v_truncation = pg.PlotDataItem(
            pen=_pen(theme.MUTED, 1.5, Qt.PenStyle.DashLine), name="truncation ∝ h² (slope 2)"
        )
        self._v_roundoff = pg.PlotDataItem(
            pen=_pen(theme.MUTED, 1.5, Qt.PenStyle.DotLine), name="round-off ∝ ε/h (slope −1)"
        )
        for item in (self._v_truncation, self._v_roundoff, self._v_curve):
            plot.addItem(item)
        self._h_line = pg.InfiniteLine(
            pos=math.log10(self._h),
            angle=90,
            movable=True,
            pen=_pen(theme.X0, 1.5),
            hoverPen=_pen(theme.X0, 3),
            label="h",
            labelOpts={"position": 0.1, "color": theme.X0},
        )
        self._h_line.setToolTip("The step h of the overlay: drag to change it")
        self._h_line.sigPositionChangeFinished.connect(
            lambda line: self.set_fd_step(10.0 ** line.value())
        )
        plot.addItem(self._h_line)
        self._v_note = pg.TextItem(
            "f′(x0) is undefined: nothing to compare", color=theme.UNDEFINED, anchor=(0.5, 0.5)
        )
        self._v_note.setPos(-6.5, 0.0)  # log10 coordinates: h ≈ 3e-7, error ≈ 1
        self._v_note.hide()
        plot.addItem(self._v_note, ignoreBounds=True)
        self._plot_v = plot

    # ---- layout -------------------------------------------------------------------------

    def _left_plots(self) -> list[pg.PlotItem]:
        plots = [self._plot_f, self._plot_df]
        if self._second_on:
            plots.append(self._plot_d2f)
        if self._fd_on:
            plots.append(self._plot_err)
        return plots

    def _arrange_plots(self) -> None:
        """Put the visible plots in the grid: f, f′, [f″], [error] in a column, [V] right."""
        ci = self._canvas.ci
        for item in list(ci.items):
            ci.removeItem(item)
        plots = self._left_plots()
        for row, plot in enumerate(plots):
            ci.addItem(plot, row=row, col=0)
            last = row == len(plots) - 1
            # the last plot also carries the x axis numbers: a little more height for it
            ci.layout.setRowStretchFactor(row, (6 if row < 2 else 4) + (1 if last else 0))
            plot.setLabel("bottom", "x" if last else None, color=TEXT)
            # linked x axes: the numbers once, under the last plot; the others keep their ticks
            axis = plot.getAxis("bottom")
            axis.setStyle(showValues=last)
            axis.setHeight(None if last else 6)
        if self._fd_on:
            ci.addItem(self._plot_v, row=0, col=1, rowspan=len(plots))
        ci.layout.setColumnStretchFactor(0, 3)
        ci.layout.activate()  # sizes now, so ranges and legends are fitted to the new layout
        self._h_slider.setEnabled(self._fd_on)

    # ---- public API -----------------------------------------------------------------------

    def set_graph(self, graph: Graph | None) -> None:
        """Plot ``graph`` (None clears the plots)."""
        if graph == self._graph and (graph is None or self._data is not None):
            return
        self._graph = graph
        self._title = self._name_of(graph)
        self._set_legend_name(self._curve_f, self._title)
        self._refresh()

    def graph(self) -> Graph | None:
        return self._graph

    def set_x0(self, x0: float) -> None:
        """Move x0 (lines, box, marker, tangent); emits x0_changed once if it moved."""
        try:
            x0 = float(x0) + 0.0  # "−0" typed is x0 = 0
        except (TypeError, ValueError):
            self._show_message(f"x0 must be a number, not {x0!r}", error=True)
            return
        if not math.isfinite(x0):
            self._show_message("x0 must be a finite number", error=True)
            self._show_x0_in_box()
            return
        self._show_x0_in_box(x0)
        if x0 == self._x0:
            return
        self._x0 = x0
        self._place_x0(x0)
        self._update_at_x0()
        self.x0_changed.emit(x0)

    def x0(self) -> float:
        return self._x0

    def set_range(self, x_min: float, x_max: float, points: int) -> bool:
        """Plot over [x_min, x_max] with ``points`` samples; refused (message) if invalid."""
        try:
            x_min, x_max, points = float(x_min), float(x_max), int(points)
        except (TypeError, ValueError, OverflowError):
            return self._refuse_range("x min, x max and N must be numbers")
        problem = range_problem(x_min, x_max, points)
        if problem is not None:
            return self._refuse_range(problem)
        self._show_range_in_fields(x_min, x_max, points)
        if points > SLOW_POINTS:
            self._show_message(
                f"N = {points:,} points: evaluating and drawing may be slow.", error=False
            )
        else:
            self._show_message("")
        if (x_min, x_max, points) == self._range:
            return True
        self._range = (x_min, x_max, points)
        self.range_changed.emit(x_min, x_max, points)
        self._refresh()
        return True

    def range(self) -> tuple[float, float, int]:
        return self._range

    def set_second_visible(self, visible: bool) -> None:
        """Show or hide the plot of f″."""
        visible = bool(visible)
        self._set_checked(self._second_box, visible)
        if visible == self._second_on:
            return
        self._second_on = visible
        self._show_second_curve()
        self._arrange_plots()
        self.fit_view(reset_x=False)

    def _show_second_curve(self) -> None:
        """f″ is handed to its curve only while shown: hidden, it would cost every edit."""
        data = self._data
        if self._second_on and data is not None:
            e = data.evaluation
            _draw(self._curve_d2f, e.x, e.d2f, data.connect[2])
        else:
            self._curve_d2f.setData([], [], connect="finite")

    def second_visible(self) -> bool:
        return self._second_on

    def set_fd_lab(self, on: bool) -> None:
        """Show or hide the finite-difference lab (overlay, error plot, error against h)."""
        on = bool(on)
        self._set_checked(self._fd_box, on)
        if on == self._fd_on:
            return
        self._fd_on = on
        self._curve_fd.setVisible(on)
        legend = self._plot_df.legend
        if on:
            legend.addItem(self._fd_sample, "central difference, step h")
        else:
            legend.removeItem(self._fd_sample)
        self._arrange_plots()
        if on:
            self._refresh_fd()
            self._update_error_curve()
        else:
            self._fd_evaluator.cancel()

    def fd_lab(self) -> bool:
        return self._fd_on

    def set_fd_step(self, h: float) -> None:
        """The finite-difference step h, clamped to [1e-12, 1e-1]."""
        h = float(h)
        if not math.isfinite(h) or h <= 0:
            self._show_message("the step h must be a positive number", error=True)
            return
        h = min(max(h, H_MIN), H_MAX)
        exponent = round(math.log10(h) * SLIDER_STEPS_PER_DECADE)
        if self._h_slider.value() != exponent:
            self._h_slider.blockSignals(True)
            self._h_slider.setValue(exponent)
            self._h_slider.blockSignals(False)
        if h == self._h:
            return
        self._h = h
        self._show_h()
        if self._fd_on:
            self._refresh_fd()

    def fd_step(self) -> float:
        return self._h

    def data(self) -> PlotData | None:
        """The evaluation on screen (the core's numbers), or None before the first graph."""
        return self._data

    def fd_data(self) -> FdData | None:
        return self._fd

    def error_vs_h(self) -> tuple[np.ndarray, np.ndarray]:
        """The (h, error) data of the V plot at x0."""
        h, error = self._v_curve.getOriginalDataset()
        return (np.asarray(h), np.asarray(error)) if h is not None else (np.array([]),) * 2

    def curve(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The full data (not the downsampled view) of curve "f", "df", "d2f", "fd" or "error"."""
        item = {
            "f": self._curve_f,
            "df": self._curve_df,
            "d2f": self._curve_d2f,
            "fd": self._curve_fd,
            "error": self._curve_err,
        }[name]
        x, y = item.getOriginalDataset()
        if x is None:
            return (np.array([]),) * 2
        return without_breaks(np.asarray(x), np.asarray(y))

    def plots_shown(self) -> list[str]:
        """Which plots are laid out: "f", "df", then "d2f", "error", "error_vs_h" if on."""
        names = {
            id(self._plot_f): "f",
            id(self._plot_df): "df",
            id(self._plot_d2f): "d2f",
            id(self._plot_err): "error",
            id(self._plot_v): "error_vs_h",
        }
        return [names[id(item)] for item in self._canvas.ci.items]

    def tangent(self) -> tuple[np.ndarray, np.ndarray]:
        """The drawn tangent segment's two points (empty where f′(x0) is undefined)."""
        x, y = self._tangent.getOriginalDataset()
        return (np.asarray(x), np.asarray(y)) if x is not None else (np.array([]),) * 2

    def values_at_x0(self) -> tuple[float, float, float]:
        """f, f′, f″ at exactly x0, from the core's trace (NaN where undefined)."""
        return self._at_x0[:3]

    def message(self) -> str:
        """The message shown under the toolbar ('' when none)."""
        return self._message.text()

    def busy(self) -> bool:
        return self._evaluator.pending or self._fd_evaluator.pending

    def wait_for_data(self, timeout_ms: int = 60_000) -> bool:
        """Process events until background evaluation is on screen; False on timeout."""
        return self._evaluator.wait(timeout_ms) and self._fd_evaluator.wait(timeout_ms)

    def fit_view(self, reset_x: bool = True) -> None:
        """x to the range (if ``reset_x``), y to the curves' robust range in view."""
        if reset_x:
            x_min, x_max, _ = self._range
            self._plot_f.setXRange(x_min, x_max, padding=0)
        if self._data is None:
            return
        window = self._visible_slice()
        e = self._data.evaluation
        fd = self._fd if self._fd_on else None
        curves = [(self._plot_f, [e.f]), (self._plot_df, [e.df] if fd is None else [e.df, fd.fd])]
        if self._second_on:
            curves.append((self._plot_d2f, [e.d2f]))
        if fd is not None:
            with np.errstate(all="ignore"):
                curves.append((self._plot_err, [np.log10(fd.error)]))
        stride = max(1, (window.stop - window.start) // ROBUST_SAMPLE)
        for plot, arrays in curves:
            y_range = robust_range(np.concatenate([a[window][::stride] for a in arrays]))
            if y_range is not None:
                plot.setYRange(*y_range, padding=0.06)
        self._place_legends()
        self._draw_tangent()

    def _place_legends(self) -> None:
        """Legends where the curves are not; hidden in plots too short to spare the room."""
        if self._data is None:
            return
        window = self._visible_slice()
        e = self._data.evaluation
        for plot, values in ((self._plot_f, e.f), (self._plot_df, e.df)):
            plot.legend.setVisible(plot.vb.height() >= LEGEND_MIN_HEIGHT)
            self._place_legend(plot, e.x[window], values[window])

    @staticmethod
    def _place_legend(plot: pg.PlotItem, x: np.ndarray, y: np.ndarray) -> None:
        """Put the legend in the corner (or top/bottom middle) the curve crosses least."""
        legend = plot.legend
        (x_lo, x_hi), (y_lo, y_hi) = plot.vb.viewRange()
        step = max(1, x.size // 4000)
        xs, ys = x[::step], y[::step]
        width = 1.2 * legend.width() / max(1.0, plot.vb.width()) * (x_hi - x_lo)
        height = 1.2 * legend.height() / max(1.0, plot.vb.height()) * (y_hi - y_lo)
        best, crossings = LEGEND_SPOTS[0], None
        for spot in LEGEND_SPOTS:
            (fx, fy), _ = spot
            left = x_lo + fx * (x_hi - x_lo - width)
            top = y_hi - fy * (y_hi - y_lo - height)
            inside = (xs >= left) & (xs <= left + width) & (ys <= top) & (ys >= top - height)
            count = int(np.count_nonzero(inside))
            if crossings is None or count < crossings:
                best, crossings = spot, count
        (fx, fy), offset = best
        legend.anchor((fx, fy), (fx, fy), offset=offset)

    # ---- export ---------------------------------------------------------------------------

    def export_png(self, path: str | Path, width: int | None = None, height: int | None = None):
        """The plots as a PNG of ``width`` × ``height`` pixels (default: as on screen)."""
        self.wait_for_data()
        size = self._canvas.size()
        if width is None and height is None:
            width, height = size.width(), size.height()
        elif height is None:
            height = max(1, round(width * size.height() / max(1, size.width())))
        elif width is None:
            width = max(1, round(height * size.width() / max(1, size.height())))
        image = self.render_image(int(width), int(height))
        if not image.save(str(path), "PNG"):
            raise OSError(f"could not write the PNG file {path}")

    def render_image(self, width: int, height: int) -> QImage:
        """The plots laid out at ``width`` × ``height`` and painted into an image."""
        image = QImage(width, height, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        self._paint_into(image, width, height)
        return image

    def export_svg(self, path: str | Path, width: int | None = None, height: int | None = None):
        """The plots as SVG, vector curves as drawn on screen (downsampled to the pixels)."""
        self.wait_for_data()
        size = self._canvas.size()
        width, height = width or size.width(), height or size.height()
        write_svg(
            path,
            width,
            height,
            lambda device: self._paint_into(device, width, height),
            title=self._title,
            description="f and its derivatives, drawn by guiad",
            dpi=round(self.logicalDpiX()),
        )

    def _paint_into(self, device, width: int, height: int) -> None:
        """Lay the plots out at ``width`` × ``height``, paint them on ``device``, restore."""
        ci = self._canvas.ci
        old = ci.geometry()
        try:
            ci.setGeometry(QRectF(0, 0, width, height))
            ci.layout.activate()
            self._draw_tangent()
            painter = QPainter(device)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            target = QRectF(0, 0, width, height)
            self._canvas.scene().render(painter, target, target)
            painter.end()
        finally:
            ci.setGeometry(old)
            ci.layout.activate()
            self._draw_tangent()

    def export_csv(self, path: str | Path) -> None:
        """Columns x, f, df, d2f: one row per point of the range (NaN where undefined)."""
        self.wait_for_data()
        if self._data is None:
            raise ValueError("there is nothing to export yet: no function is plotted")
        write_csv(path, self._data.evaluation)

    # ---- evaluation -----------------------------------------------------------------------

    def _refresh(self) -> None:
        """Re-evaluate the current graph over the current range (background if large)."""
        graph = self._graph
        if graph is None:
            self._evaluator.cancel()
            self._fd_evaluator.cancel()
            self._show_data(None)
            return
        x_min, x_max, points = self._range

        def job(abort):
            return compute_plot_data(graph, x_min, x_max, points, abort)

        if points <= SYNC_POINTS:
            self._on_data(self._evaluator.run_now(job))
        else:
            self._evaluator.submit(job)

    def _on_data(self, result: object) -> None:
        if isinstance(result, Exception):
            self._show_message(f"could not evaluate the function: {result}", error=True)
            return
        self._show_data(result)  # type: ignore[arg-type]

    def _show_data(self, data: PlotData | None) -> None:
        previous = self._data
        self._data = data
        self._fd = None
        self._curve_fd.setData([], [], connect="finite")
        self._curve_err.setData([], [])
        if data is None:
            for curve in (self._curve_f, self._curve_df, self._curve_d2f):
                curve.setData([], [], connect="finite")
            for plot in (self._plot_f, self._plot_df, self._plot_d2f):
                self._show_spans(plot, ())
        else:
            e = data.evaluation
            _draw(self._curve_f, e.x, e.f, data.connect[0])
            _draw(self._curve_df, e.x, e.df, data.connect[1])
            self._show_second_curve()
            for plot, spans in zip(
                (self._plot_f, self._plot_df, self._plot_d2f), data.spans, strict=True
            ):
                self._show_spans(plot, spans)
        new_range = (
            previous is None
            or data is None
            or ((previous.x_min, previous.x_max) != (data.x_min, data.x_max))
        )
        self._update_at_x0()
        self.fit_view(reset_x=new_range)
        if self._fd_on:
            self._refresh_fd()
        self.plots_updated.emit()

    def _refresh_fd(self) -> None:
        data, h = self._data, self._h
        if data is None:
            return

        def job(abort):
            fd = compute_fd(data.graph, data, h, abort)
            return None if fd is None else (data, fd)

        if data.points <= SYNC_POINTS:
            self._on_fd(self._fd_evaluator.run_now(job))
        else:
            self._fd_evaluator.submit(job)

    def _on_fd(self, result: object) -> None:
        if isinstance(result, Exception):
            self._show_message(f"could not evaluate the finite difference: {result}", error=True)
            return
        data, fd = result  # type: ignore[misc]
        if data is not self._data:
            return  # computed for curves no longer on screen
        self._fd = fd
        _draw(self._curve_fd, data.evaluation.x, fd.fd, fd.connect)
        self._curve_err.setData(data.evaluation.x, fd.error)
        self.fit_view(reset_x=False)
        self.fd_updated.emit()

    # ---- x0 -------------------------------------------------------------------------------

    def _place_x0(self, x0: float) -> None:
        """Move every x0 line without feeding their signals back into set_x0."""
        self._syncing = True
        try:
            for line in self._x0_lines:
                line.setValue(x0)
        finally:
            self._syncing = False

    def _on_line_moved(self, line: pg.InfiniteLine) -> None:
        if not self._syncing:
            self.set_x0(line.value())

    def _update_at_x0(self) -> None:
        """f, f′, f″ at exactly x0 from the core's trace; marker, tangent, readout, V plot."""
        graph = self._data.graph if self._data is not None else None
        if graph is None:
            self._at_x0 = (math.nan, math.nan, math.nan, "")
        else:
            t = trace(graph, np.array([self._x0]))
            failure = t.failure(0)
            self._at_x0 = (
                float(t.f[0]),
                float(t.df[0]),
                float(t.d2f[0]),
                "" if failure is None else failure.message,
            )
        f0, df0, _, _ = self._at_x0
        if math.isfinite(f0):
            self._marker_f.setData([self._x0], [f0])
        else:
            self._marker_f.clear()
        if math.isfinite(df0):
            self._marker_df.setData([self._x0], [df0])
        else:
            self._marker_df.clear()
        self._draw_tangent()
        self._show_readout_at_x0()
        if self._fd_on:
            self._update_error_curve()

    def _draw_tangent(self) -> None:
        f0, df0, _, _ = self._at_x0
        if not (math.isfinite(f0) and math.isfinite(df0)):
            self._tangent.setData([], [])
            return
        (x_lo, x_hi), (y_lo, y_hi) = self._plot_f.vb.viewRange()
        # the "x0 = …" label goes to the end of the line away from the marker
        self._x0_lines[0].label.setPosition(0.94 if f0 < (y_lo + y_hi) / 2 else 0.06)
        reach = TANGENT_REACH * (x_hi - x_lo)  # a local segment reads as "the tangent at x0"
        band = 2.0 * (y_hi - y_lo)
        xs, ys = tangent_segment(
            self._x0, f0, df0, self._x0 - reach, self._x0 + reach, y_lo - band, y_hi + band
        )
        self._tangent.setData(xs, ys)

    def _update_error_curve(self) -> None:
        f0, df0, _, _ = self._at_x0
        graph = self._data.graph if self._data is not None else None
        self._v_note.setVisible(graph is not None and not math.isfinite(df0))
        self._plot_v.setXRange(math.log10(H_MIN), math.log10(H_MAX), padding=0.04)
        if graph is None or not math.isfinite(df0):
            for item in (self._v_curve, self._v_truncation, self._v_roundoff):
                item.setData([], [])
            self._plot_v.setYRange(-3.0, 3.0, padding=0)  # around the note
            return
        hs, errors = error_curve(graph, self._x0, df0)
        self._v_curve.setData(hs, errors)
        self._draw_guides(hs, errors, f0)
        # fitted now (auto-range would wait for the event loop); the axes are log10 here
        with np.errstate(all="ignore"):
            logs = np.log10(errors[np.isfinite(errors)])
        if logs.size:
            self._plot_v.setYRange(float(logs.min()) - 1.0, float(logs.max()) + 0.5, padding=0)

    def _draw_guides(self, hs: np.ndarray, errors: np.ndarray, f0: float) -> None:
        """Reference lines: truncation C·h² fitted at large h, round-off ε·|f(x0)|/h."""
        large = (hs >= 1e-3) & np.isfinite(errors) & (errors > ERROR_FLOOR)
        if large.any():
            c = float(np.median(errors[large] / hs[large] ** 2))
            h_t = hs[hs >= 1e-7]
            self._v_truncation.setData(h_t, np.maximum(c * h_t**2, ERROR_FLOOR))
        else:
            self._v_truncation.setData([], [])
        scale = EPSILON * max(abs(f0), EPSILON)
        h_r = hs[hs <= 1e-3]
        self._v_roundoff.setData(h_r, np.maximum(scale / h_r, ERROR_FLOOR))

    # ---- undefined regions ----------------------------------------------------------------

    def _show_spans(self, plot: pg.PlotItem, spans: tuple[Span, ...]) -> None:
        """Shade each undefined span (reusing region items) with the core's reason as tooltip."""
        pool = self._regions.setdefault(plot, [])
        while len(pool) < len(spans):
            region = pg.LinearRegionItem(
                orientation="vertical",
                brush=_translucent(theme.UNDEFINED, 40),
                pen=pg.mkPen(None),
                movable=False,
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
        if plot is self._plot_f:
            legend = plot.legend
            listed = any(sample.item is self._undefined_sample for sample, _ in legend.items)
            if spans and not listed:
                legend.addItem(self._undefined_sample, "undefined")
            elif not spans and listed:
                legend.removeItem(self._undefined_sample)

    def undefined_regions(self, order: int = 0) -> list[tuple[float, float, str]]:
        """The shaded spans on the plot of f (0), f′ (1) or f″ (2): (start, end, tooltip)."""
        plot = (self._plot_f, self._plot_df, self._plot_d2f)[order]
        return [
            (*region.getRegion(), region.toolTip())
            for region in self._regions.get(plot, [])
            if region.isVisible()
        ]

    # ---- mouse ----------------------------------------------------------------------------

    def _plot_at(self, scene_pos) -> pg.PlotItem | None:
        for plot in [*self._left_plots(), self._plot_v]:
            if plot.scene() is not None and plot.vb.sceneBoundingRect().contains(scene_pos):
                return plot
        return None

    def _on_mouse_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or event.double():
            return
        plot = self._plot_at(event.scenePos())
        if plot is None:
            return
        x = plot.vb.mapSceneToView(event.scenePos()).x()
        if plot is self._plot_v:
            self.set_fd_step(10.0**x)
        else:
            self.set_x0(x)

    def _on_mouse_moved(self, scene_pos) -> None:
        plot = self._plot_at(scene_pos)
        if plot is None or plot is self._plot_v or self._data is None:
            self._show_readout_at_x0()
            return
        x = plot.vb.mapSceneToView(scene_pos).x()
        data = self._data
        step = (data.x_max - data.x_min) / (data.points - 1)
        i = round((x - data.x_min) / step)
        if not 0 <= i < data.points:
            self._show_readout_at_x0()
            return
        e = data.evaluation
        failure = e.failure(i)
        text = (
            f"x = {_number(float(e.x[i]))}    f = {_number(float(e.f[i]))}    "
            f"f′ = {_number(float(e.df[i]))}    f″ = {_number(float(e.d2f[i]))}"
        )
        if failure is not None:
            text += f"    — {failure.message}"
        self._readout.setText(text)

    def _show_readout_at_x0(self) -> None:
        f0, df0, d2f0, reason = self._at_x0
        text = (
            f"at x0 = {_number(self._x0)}:    f = {_number(f0)}    f′ = {_number(df0)}"
            f"    f″ = {_number(d2f0)}"
        )
        self._readout.setText(text + (f"    — {reason}" if reason else ""))

    # ---- controls -------------------------------------------------------------------------

    def _range_texts(self) -> tuple[str, str, str]:
        return (self._x_min_edit.text(), self._x_max_edit.text(), self._points_edit.text())

    def _on_range_edited(self) -> None:
        if self._range_texts() == self._range_shown:
            return  # no field was edited: the shown text may be rounded
        try:
            x_min = parse_real(self._x_min_edit.text(), "x min")
            x_max = parse_real(self._x_max_edit.text(), "x max")
            points = parse_points(self._points_edit.text())
        except ValueError as err:
            self._refuse_range(str(err))
            return
        self.set_range(x_min, x_max, points)

    def _show_x0_in_box(self, x0: float | None = None) -> None:
        self._x0_text = f"{self._x0 if x0 is None else x0:.6g}"
        self._x0_edit.setText(self._x0_text)

    def _on_x0_edited(self) -> None:
        if self._x0_edit.text() == self._x0_text:
            return  # focus left the box without an edit: the shown text may be rounded
        try:
            x0 = parse_real(self._x0_edit.text(), "x0")
        except ValueError as err:
            self._show_message(f"{err}; x0 stays {_number(self._x0)}", error=True)
            self._show_x0_in_box()
            return
        self._show_message("")
        self.set_x0(x0)

    def _on_h_slider(self, value: int) -> None:
        self.set_fd_step(10.0 ** (value / SLIDER_STEPS_PER_DECADE))

    def _refuse_range(self, problem: str) -> bool:
        x_min, x_max, points = self._range
        self._show_message(
            f"{problem}. The range stays [{_number(x_min)}, {_number(x_max)}] with N = {points:,}.",
            error=True,
        )
        self._show_range_in_fields()
        return False

    def _show_range_in_fields(self, x_min=None, x_max=None, points=None) -> None:
        if x_min is None:
            x_min, x_max, points = self._range
        self._x_min_edit.setText(f"{x_min:.10g}")
        self._x_max_edit.setText(f"{x_max:.10g}")
        self._points_edit.setText(str(points))
        self._range_shown = self._range_texts()

    def _show_message(self, text: str, error: bool = False) -> None:
        color = theme.UNDEFINED if error else TEXT
        self._message.setStyleSheet(f"color: {color};")
        self._message.setText(text)
        self._message.setVisible(bool(text))

    def _show_h(self) -> None:
        self._h_label.setText(f"h = {self._h:.0e}")
        self._h_line.setValue(math.log10(self._h)) if hasattr(self, "_h_line") else None

    def _on_busy(self, _busy: bool) -> None:
        busy = self.busy()
        self._busy.setVisible(busy)
        self._busy_label.setVisible(busy)

    @staticmethod
    def _set_checked(box: QCheckBox, checked: bool) -> None:
        if box.isChecked() != checked:
            box.blockSignals(True)
            box.setChecked(checked)
            box.blockSignals(False)

    @staticmethod
    def _name_of(graph: Graph | None) -> str:
        """ "f(x) = expression", shortened with "…" so the legend stays narrow."""
        if graph is None:
            return "f(x)"
        try:
            text = to_expression(graph, max_length=4000)  # bounded work for huge DAGs
        except GraphError:
            return "f(x)"
        if len(text) > TITLE_LENGTH:
            text = text[: TITLE_LENGTH - 1] + "…"
        return f"f(x) = {text}"

    def _set_legend_name(self, item: pg.PlotDataItem, name: str) -> None:
        for sample, label in self._plot_f.legend.items:
            if sample.item is item:
                label.setText(name)

    def _visible_slice(self) -> slice:
        """The samples inside the current x view (all of them if fewer than two are)."""
        data = self._data
        assert data is not None
        (x_lo, x_hi), _ = self._plot_f.vb.viewRange()
        x = data.evaluation.x
        lo, hi = (int(i) for i in np.searchsorted(x, [x_lo, x_hi]))
        if hi - lo < 2:
            lo, hi = 0, x.size
        return slice(lo, hi)

    @guarded
    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """← / → move x0 by 1 % of the visible x range (with Shift, 0.1 %)."""
        direction = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(event.key())
        if direction is None:
            super().keyPressEvent(event)
            return
        (x_lo, x_hi), _ = self._plot_f.vb.viewRange()
        fine = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        self.set_x0(self._x0 + direction * (x_hi - x_lo) * (NUDGE_FINE if fine else NUDGE))
        event.accept()

    @guarded
    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._evaluator.shutdown()
        self._fd_evaluator.shutdown()
        super().closeEvent(event)


def render_plots(
    graph: Graph,
    out: str | Path,
    *,
    x0: float = DEFAULT_X0,
    x_range: tuple[float, float, int] = DEFAULT_RANGE,
    size: tuple[int, int] = (1000, 650),
    second: bool = False,
    fd_lab: bool = False,
) -> None:
    """Render the plot panel for ``graph`` to ``out`` (.svg → SVG, anything else → PNG).

    For ``guiad render``: needs no window; creates the QApplication if there is none (set
    QT_QPA_PLATFORM=offscreen before calling to render without a display).
    """
    _app = QApplication.instance() or QApplication([])  # kept alive until we return
    panel = PlotPanel()
    panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    panel.resize(*size)
    panel.show()
    if not panel.set_range(*x_range):
        raise ValueError(panel.message())
    panel.set_second_visible(second)
    panel.set_fd_lab(fd_lab)
    panel.set_graph(graph)
    panel.set_x0(x0)
    panel.wait_for_data()
    if Path(out).suffix.lower() == ".svg":
        panel.export_svg(out)
    else:
        panel.export_png(out, *size)
    panel.close()
    panel.deleteLater()
