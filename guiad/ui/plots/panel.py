"""The central plot area: f on top, f′ below (x axes linked), f″ and the FD lab on demand.

The panel draws exactly the core's numbers: ``evaluate`` over the range (on a worker
thread for large N), ``trace`` at exactly x0 for the marker and the tangent, and ``fd``
for the finite-difference lab. It holds the state (graph, range, x0, h, toggles) and the
evaluation; its parts each do one job and are public for tests and the window:

- ``controls`` (plot_controls.PlotControls): the row of boxes, toggles, h slider and Fit;
- ``view`` (plot_view.CurveView): the stacked plots, curves, x0 lines, tangent, legends;
- ``lab`` (fd_lab.FdLab): the FD lab's error-against-h plot;
- ``readout`` (plot_readout.Readout): f, f′, f″ at x0 or under the mouse;
- ``exports`` (export_part.PlotExports): PNG, SVG and CSV files and the image options.

MainWindow calls the setters (``set_graph``, ``set_x0``, ``set_range``) and listens to
``x0_changed`` / ``range_changed``; the panel's own control row edits the same state.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from guiad.core.engine import evaluate, trace
from guiad.core.expression import to_expression
from guiad.core.graph import Graph, GraphError
from guiad.core.plot_data import (
    H_MAX,
    H_MIN,
    SLOW_POINTS,
    FdData,
    PlotData,
    compute_fd,
    compute_plot_data,
)
from guiad.core.sampling import range_problem, width_problem
from guiad.ui import theme
from guiad.ui.guard import guarded
from guiad.ui.plots.export_part import PlotExports
from guiad.ui.plots.settings import ImageOptions, PlotSettings
from guiad.ui.widgets.controls import PlotControls
from guiad.ui.widgets.plot_view import CurveView
from guiad.ui.widgets.readout import Readout, number
from guiad.ui.widgets.worker import BackgroundEvaluator, too_slow_for_the_gui_thread

if TYPE_CHECKING:
    from guiad.ui.plots.fd_lab import FdLab

DEFAULT_RANGE = (-4.0, 4.0, 2001)
DEFAULT_X0 = 2.0
DEFAULT_H = 1e-5
SYNC_POINTS = 20_001  # up to this many points evaluate on the GUI thread, for immediacy
TITLE_LENGTH = 60  # characters of the expression shown in the legend
NUDGE, NUDGE_FINE = 0.01, 0.001  # ← / → move x0 by this fraction of the visible x range


class PlotPanel(QWidget):
    """Plots of f, f′ (and f″), a draggable x0 with its tangent, and the FD lab."""

    x0_changed = Signal(float)
    range_changed = Signal(float, float, int)  # x_min, x_max, points
    plots_updated = Signal()  # new curve data is on screen (after a graph or range change)
    fd_updated = Signal()  # new finite-difference overlay is on screen
    fd_lab_changed = Signal(bool, float)  # the FD lab on or off, and its step h
    image_options_changed = Signal(object)  # plot_settings.ImageOptions

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
        self._mistake = False  # also draw f′ as the overwrite mistake computes it
        self._at_x0 = (math.nan, math.nan, math.nan, "")  # f, f′, f″ at x0 and why undefined
        self._title = "f(x)"
        self._kept: PlotSettings | None = None  # set by use_settings

        self._evaluator = BackgroundEvaluator(self)
        self._evaluator.finished.connect(self._on_data)
        self._evaluator.busy_changed.connect(self._on_busy)
        self._fd_evaluator = BackgroundEvaluator(self)
        self._fd_evaluator.finished.connect(self._on_fd)
        self._fd_evaluator.busy_changed.connect(self._on_busy)

        self.controls = PlotControls(self._h)
        self.controls_bar = self.controls.bar
        self._lab: FdLab | None = None  # made when the FD lab is first shown (``lab``)
        self.view = CurveView(lambda: self.lab.plot, self._x0, self)
        self.canvas = self.view.canvas
        self.exports = PlotExports(self)
        self.readout = Readout()
        self._message = QLabel()
        self._message.setWordWrap(True)
        self._message.hide()
        self._message.linkActivated.connect(lambda _link: self.extend_range_to_x0())
        self._connect_parts()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.controls)
        layout.addWidget(self._message)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.readout)
        self._arrange_plots()
        self.controls.show_range(*self._range)
        self.controls.show_x0(self._x0)
        self._show_readout_at_x0()

    def _connect_parts(self) -> None:
        c = self.controls
        c.range_entered.connect(self.set_range)
        c.range_refused.connect(self._refuse_range)
        c.x0_entered.connect(self._on_x0_typed)
        c.x0_refused.connect(self._on_x0_refused)
        c.second_toggled.connect(self.set_second_visible)
        c.fd_toggled.connect(self.set_fd_lab)
        c.h_chosen.connect(self.set_fd_step)
        c.fit_requested.connect(self.fit_view)
        self.view.x0_dragged.connect(self.set_x0)
        self.view.clicked.connect(self._on_clicked)
        self.view.hovered.connect(self._on_hovered)
        self.view.fit_requested.connect(self.fit_view)
        self.view.image_options_requested.connect(self.exports.ask_image_options)

    @property
    def lab(self) -> FdLab:
        """The FD lab's error-against-h plot, made on first use: most sessions never open
        the lab, and making it cost the window's first frame ~15 ms."""
        if self._lab is None:
            from guiad.ui.plots.fd_lab import FdLab

            self._lab = FdLab(self._h, self)
            self._lab.step_chosen.connect(self.set_fd_step)
        return self._lab

    def _arrange_plots(self) -> None:
        self.view.arrange(self._second_on, self._fd_on)
        self.controls.show_toggles(self._second_on, self._fd_on)

    # ---- public API -----------------------------------------------------------------------

    def set_graph(self, graph: Graph | None) -> None:
        """Plot ``graph`` (None clears the plots)."""
        if graph == self._graph and (graph is None or self._data is not None):
            return
        self._graph = graph
        self._title = self._name_of(graph)
        self.view.set_title(self._title, self._name_of(graph, 300))
        self._refresh()

    def graph(self) -> Graph | None:
        return self._graph

    def title(self) -> str:
        """The legend's "f(x) = …" (shortened), the exported SVG's title too."""
        return self._title

    def set_x0(self, x0: float) -> None:
        """Move x0 (lines, box, marker, tangent); emits x0_changed once if it moved."""
        try:
            x0 = float(x0) + 0.0  # "−0" typed is x0 = 0
        except (TypeError, ValueError):
            self._show_message(f"x0 must be a number, not {x0!r}", error=True)
            return
        if not math.isfinite(x0):
            self._show_message("x0 must be a finite number", error=True)
            self.controls.show_x0(self._x0)
            return
        self.controls.show_x0(x0)
        if x0 == self._x0:
            return
        self._x0 = x0
        self.view.place_x0(x0)
        self._update_at_x0()
        self._note_x0_outside()
        self.x0_changed.emit(x0)

    def x0(self) -> float:
        return self._x0

    def extend_range_to_x0(self) -> bool:
        """Widen the range to take in x0 (with a margin of 5 % of the new width)."""
        x_min, x_max, points = self._range
        lo, hi = min(x_min, self._x0), max(x_max, self._x0)
        margin = 0.05 * (hi - lo)
        lo = lo - margin if self._x0 < x_min else lo
        hi = hi + margin if self._x0 > x_max else hi
        return self.set_range(lo, hi, points)

    def _note_x0_outside(self) -> None:
        """Say so when x0 is outside the range, with a link that extends the range."""
        x_min, x_max, _ = self._range
        outside = not x_min <= self._x0 <= x_max
        if outside and not self.message():
            self._show_message(
                f"x0 = {number(self._x0)} is outside the range [{number(x_min)}, "
                f"{number(x_max)}]: the plots show its position at the edge. "
                "<a href='extend'>Extend the range to include x0</a>",
                rich=True,
            )
        elif not outside and self._message.textFormat() == Qt.TextFormat.RichText:
            self._show_message("")

    def set_range(self, x_min: float, x_max: float, points: int) -> bool:
        """Plot over [x_min, x_max] with ``points`` samples; refused (message) if invalid."""
        try:
            x_min, x_max, points = float(x_min), float(x_max), int(points)
        except (TypeError, ValueError, OverflowError):
            return self._refuse_range("x min, x max and N must be numbers")
        # (width: a range the plots cannot draw would be autosaved, then refused on restore)
        problem = range_problem(x_min, x_max, points) or width_problem(x_min, x_max, "the range")
        if problem is not None:
            return self._refuse_range(problem)
        self.controls.show_range(x_min, x_max, points)
        if points > SLOW_POINTS:
            self._show_message(
                f"N = {points:,} points: evaluating and drawing may be slow.", error=False
            )
        else:
            self._show_message("")
        if (x_min, x_max, points) != self._range:
            self._range = (x_min, x_max, points)
            self.range_changed.emit(x_min, x_max, points)
            self._refresh()
        self._note_x0_outside()
        return True

    def range(self) -> tuple[float, float, int]:
        return self._range

    def set_second_visible(self, visible: bool) -> None:
        """Show or hide the plot of f″."""
        visible = bool(visible)
        self.controls.show_toggles(visible, self._fd_on)
        if visible == self._second_on:
            return
        self._second_on = visible
        self._arrange_plots()
        self.view.show_second_curve()
        self.fit_view(reset_x=False)

    def second_visible(self) -> bool:
        return self._second_on

    def set_overwrite_mistake(self, on: bool) -> None:
        """Draw, dashed beside f′, the derivative that the fan-out mistake ('=' where '+='
        belongs) computes; it equals f′ wherever no value feeds two nodes."""
        self._mistake = bool(on)
        self._refresh_mistake()

    def _refresh_mistake(self) -> None:
        data = self._data
        if not self._mistake or data is None:
            self.view.show_mistake(None, None)
            return
        x = data.evaluation.x
        wrong = evaluate(data.graph, x, order=1, accumulate=False).df
        self.view.show_mistake(x, wrong)

    def set_fd_lab(self, on: bool) -> None:
        """Show or hide the finite-difference lab (overlay, error plot, error against h)."""
        on = bool(on)
        self.controls.show_toggles(self._second_on, on)
        if on == self._fd_on:
            return
        self._fd_on = on
        self._arrange_plots()
        if on:
            self._refresh_fd()
            self._update_error_curve()
        else:
            self._fd_evaluator.cancel()
        self.fd_lab_changed.emit(on, self._h)

    def fd_lab(self) -> bool:
        return self._fd_on

    def set_fd_step(self, h: float) -> None:
        """The finite-difference step h, clamped to [1e-12, 1e-1]."""
        h = float(h)
        if not math.isfinite(h) or h <= 0:
            self._show_message("the step h must be a positive number", error=True)
            return
        h = min(max(h, H_MIN), H_MAX)
        self.controls.show_h(h)
        if h == self._h:
            return
        self._h = h
        if self._lab is not None:  # a lab made later starts at this h
            self._lab.set_h(h)
        if self._fd_on:
            self._refresh_fd()
        self.fd_lab_changed.emit(self._fd_on, h)

    def fd_step(self) -> float:
        return self._h

    def data(self) -> PlotData | None:
        """The evaluation on screen (the core's numbers), or None before the first graph."""
        return self._data

    def fd_data(self) -> FdData | None:
        return self._fd

    def error_vs_h(self) -> tuple[np.ndarray, np.ndarray]:
        """The (h, error) data of the V plot at x0."""
        return self.lab.error_vs_h()

    def curve(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The full data (not the downsampled view) of curve "f", "df", "d2f", "fd" or "error"."""
        return self.view.curve_data(name)

    def plot_item(self, name: str) -> pg.PlotItem:
        """The pyqtgraph PlotItem "f", "df", "d2f", "error" or "error_vs_h" (for its view box)."""
        return self.view.plot(name)

    def plots_shown(self) -> list[str]:
        """Which plots are laid out: "f", "df", then "d2f", "error", "error_vs_h" if on."""
        return self.view.plots_shown()

    def tangent(self) -> tuple[np.ndarray, np.ndarray]:
        """The drawn tangent segment's two points (empty where f′(x0) is undefined)."""
        return self.view.tangent()

    def undefined_regions(self, order: int = 0) -> list[tuple[float, float, str]]:
        """The shaded spans on the plot of f (0), f′ (1) or f″ (2): (start, end, tooltip)."""
        return self.view.undefined_regions(order)

    def values_at_x0(self) -> tuple[float, float, float]:
        """f, f′, f″ at exactly x0, from the core's trace (NaN where undefined)."""
        return self._at_x0[:3]

    def message(self) -> str:
        """The message shown under the toolbar ('' when none), as plain text."""
        if self._message.textFormat() == Qt.TextFormat.RichText:
            return QTextDocumentFragment.fromHtml(self._message.text()).toPlainText()
        return self._message.text()

    def busy(self) -> bool:
        return self._evaluator.pending or self._fd_evaluator.pending

    def wait_for_data(self, timeout_ms: int = 60_000) -> bool:
        """Process events until background evaluation is on screen; False on timeout."""
        return self._evaluator.wait(timeout_ms) and self._fd_evaluator.wait(timeout_ms)

    def fit_view(self, reset_x: bool = True) -> None:
        """x to the range (if ``reset_x``), y to the curves' robust range in view."""
        self.view.fit(self._range[:2] if reset_x else None)

    def use_settings(self, settings: QSettings) -> None:
        """Restore the FD lab's h, the readout's digits and the image options from
        ``settings``, and keep them there from now on (plot_settings.PlotSettings)."""
        self._kept = PlotSettings(self, settings)

    # ---- exports: the part ``exports`` writes them (File ▸ Export and the CLI call these) --

    def export_png(
        self, path: str | Path, width: int | None = None, height: int | None = None, scale=None
    ) -> None:
        self.exports.export_png(path, width, height, scale)

    def export_svg(self, path: str | Path, width: int | None = None, height: int | None = None):
        self.exports.export_svg(path, width, height)

    def export_csv(self, path: str | Path) -> None:
        self.exports.export_csv(path)

    def image_options(self) -> ImageOptions:
        return self.exports.image_options()

    def set_image_options(self, options: ImageOptions) -> None:
        self.exports.set_image_options(options)

    # ---- evaluation -----------------------------------------------------------------------

    def _refresh(self) -> None:
        """Re-evaluate the current graph over the current range (background if large)."""
        graph = self._graph
        if graph is None:
            self._evaluator.cancel()
            self._fd_evaluator.cancel()
            self.show_data(None)
            return
        x_min, x_max, points = self._range

        def job(abort):
            return compute_plot_data(graph, x_min, x_max, points, abort)

        self._evaluator.run(job, background=_in_background(graph, points))

    def _on_data(self, result: object) -> None:
        if isinstance(result, Exception):
            self._show_message(f"could not evaluate the function: {result}", error=True)
            return
        self.show_data(result)  # type: ignore[arg-type]

    def show_data(self, data: PlotData | None) -> None:
        """Put an evaluation on screen (what a finished evaluation does; benches call it)."""
        previous = self._data
        self._data = data
        self._graph = data.graph if data is not None else self._graph
        self._fd = None
        self.view.show_data(data)
        new_range = (
            previous is None
            or data is None
            or ((previous.x_min, previous.x_max) != (data.x_min, data.x_max))
        )
        self._update_at_x0()
        self.fit_view(reset_x=new_range)
        if self._fd_on:
            self._refresh_fd()
        self._refresh_mistake()
        self.plots_updated.emit()

    def _refresh_fd(self) -> None:
        data, h = self._data, self._h
        if data is None:
            return

        def job(abort):
            fd = compute_fd(data.graph, data, h, abort)
            return None if fd is None else (data, fd)

        self._fd_evaluator.run(job, background=_in_background(data.graph, data.points))

    def _on_fd(self, result: object) -> None:
        if isinstance(result, Exception):
            self._show_message(f"could not evaluate the finite difference: {result}", error=True)
            return
        data, fd = result  # type: ignore[misc]
        if data is not self._data:
            return  # computed for curves no longer on screen
        self._fd = fd
        self.view.show_fd(data, fd)
        self.fit_view(reset_x=False)
        self.fd_updated.emit()

    # ---- x0 -------------------------------------------------------------------------------

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
        self.view.show_x0(self._x0, f0, df0)
        self._show_readout_at_x0()
        if self._fd_on:
            self._update_error_curve()

    def _update_error_curve(self) -> None:
        f0, df0, _, _ = self._at_x0
        graph = self._data.graph if self._data is not None else None
        self.lab.show_error_at(graph, self._x0, f0, df0)

    def _show_readout_at_x0(self) -> None:
        self.readout.show_at_x0(self._x0, self.values_at_x0(), self._at_x0[3])

    def _on_x0_typed(self, x0: float) -> None:
        self._show_message("")
        self.set_x0(x0)

    def _on_x0_refused(self, problem: str) -> None:
        self._show_message(f"{problem}; x0 stays {number(self._x0)}", error=True)
        self.controls.show_x0(self._x0)

    # ---- mouse ----------------------------------------------------------------------------

    def _on_clicked(self, plot: str, x: float) -> None:
        if plot == "error_vs_h":
            self.set_fd_step(10.0**x)
        else:
            self.set_x0(x)

    def _on_hovered(self, plot: str, x: float) -> None:
        """The readout follows the sample under the mouse; off the curves it shows x0."""
        data = self._data
        if plot in ("", "error_vs_h") or data is None:
            self._show_readout_at_x0()
            return
        step = (data.x_max - data.x_min) / (data.points - 1)
        i = round((x - data.x_min) / step)
        if not 0 <= i < data.points:
            self._show_readout_at_x0()
            return
        e = data.evaluation
        failure = e.failure(i)
        values = (float(e.f[i]), float(e.df[i]), float(e.d2f[i]))
        self.readout.show_sample(float(e.x[i]), values, "" if failure is None else failure.message)

    # ---- messages and state ---------------------------------------------------------------

    def _refuse_range(self, problem: str) -> bool:
        x_min, x_max, points = self._range
        self._show_message(
            f"{problem}. The range stays [{number(x_min)}, {number(x_max)}] with N = {points:,}.",
            error=True,
        )
        self.controls.show_range(*self._range)
        return False

    def _show_message(self, text: str, error: bool = False, rich: bool = False) -> None:
        color = theme.UNDEFINED if error else theme.TEXT
        self._message.setStyleSheet(f"color: {color};")
        self._message.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self._message.setText(text)
        self._message.setVisible(bool(text))

    def _on_busy(self, _busy: bool) -> None:
        self.controls.set_busy(self.busy())

    @staticmethod
    def _name_of(graph: Graph | None, length: int = TITLE_LENGTH) -> str:
        """ "f(x) = expression", shortened with "…" so the legend stays narrow."""
        if graph is None:
            return "f(x)"
        try:
            text = to_expression(graph, max_length=4000)  # bounded work for huge DAGs
        except GraphError:
            return "f(x)"
        if len(text) > length:
            text = text[: length - 1] + "…"
        return f"f(x) = {text}"

    @guarded
    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """← / → move x0 by 1 % of the visible x range (with Shift, 0.1 %)."""
        direction = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(event.key())
        if direction is None:
            super().keyPressEvent(event)
            return
        x_lo, x_hi = self.view.x_view()
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


def _in_background(graph: Graph, points: int) -> bool:
    return points > SYNC_POINTS or too_slow_for_the_gui_thread(len(graph.nodes), points)
