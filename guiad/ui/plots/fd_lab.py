"""The FD lab's own plot: |f′(x0) − FD(h)| against h on log-log axes (the V), and h on it.

The lab compares reverse mode's f′ with the central difference (f(x+h) − f(x−h)) / 2h. The
curve view shows the overlay over the range; this plot shows, at x0, how the error depends
on h: truncation (slope 2) at large h, round-off (slope −1) at small h. Dragging the h line
(or clicking the plot, routed by the panel) chooses h: ``step_chosen``.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal

from guiad.core.graph import Graph
from guiad.core.plot_data import ERROR_FLOOR, H_MAX, H_MIN, error_curve
from guiad.ui import theme
from guiad.ui.widgets.plot_view import pen, style_axes

EPSILON = float(np.finfo(np.float64).eps)
NO_STEP = "FD(h) is undefined at every step h:\nnothing to compare"


class FdLab(QObject):
    """The error-against-h plot (``plot``) and its h line."""

    step_chosen = Signal(float)  # h chosen by dragging the h line

    def __init__(self, h: float, parent: QObject | None = None):
        super().__init__(parent)
        plot = pg.PlotItem()
        # the key sits under the title, outside the plot: a legend inside covered the V
        key = (
            f"<span style='color:{theme.FINITE_DIFFERENCE}'>●━</span>&nbsp;measured&nbsp;&nbsp; "
            f"<span style='color:{theme.MUTED}'>╍╍</span>&nbsp;h²&nbsp;(truncation)<br>"
            f"<span style='color:{theme.MUTED}'>┅┅</span>&nbsp;ε/h&nbsp;(round-off)"
        )
        plot.setTitle(f"error at x0 against h<br><small>{key}</small>", color=theme.TEXT)
        height = plot.titleLabel.item.boundingRect().height()  # pyqtgraph allows one line
        plot.titleLabel.setMaximumHeight(height)
        plot.layout.setRowFixedHeight(0, height)
        plot.setLogMode(True, True)
        plot.setLabel("bottom", "step h", color=theme.TEXT)
        plot.setLabel("left", "|f′(x0) − FD(h)|", color=theme.TEXT)
        style_axes(plot)
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.hideButtons()
        plot.vb.disableAutoRange()
        plot.setPreferredWidth(320)
        plot.setMaximumWidth(360)  # the curve view narrows it on a narrow canvas
        self.plot = plot
        self._measured = pg.PlotDataItem(
            pen=pen(theme.FINITE_DIFFERENCE, 2),
            symbol="o",
            symbolSize=4,
            symbolBrush=theme.FINITE_DIFFERENCE,
            symbolPen=None,
            connect="finite",
            name="measured",
        )
        self._truncation = pg.PlotDataItem(
            pen=pen(theme.MUTED, 1.5, Qt.PenStyle.DashLine), name="truncation ∝ h² (slope 2)"
        )
        self._roundoff = pg.PlotDataItem(
            pen=pen(theme.MUTED, 1.5, Qt.PenStyle.DotLine), name="round-off ∝ ε/h (slope −1)"
        )
        for item in (self._truncation, self._roundoff, self._measured):
            plot.addItem(item)
        self.h_line = pg.InfiniteLine(
            pos=math.log10(h),
            angle=90,
            movable=True,
            pen=pen(theme.X0, 1.5),
            hoverPen=pen(theme.X0, 3),
            label="h",
            labelOpts={"position": 0.1, "color": theme.X0},
        )
        self.h_line.setToolTip("The step h of the overlay: drag to change it")
        self.h_line.sigPositionChangeFinished.connect(
            lambda line: self.step_chosen.emit(10.0 ** line.value())
        )
        plot.addItem(self.h_line)
        self._note = pg.TextItem(
            "f′(x0) is undefined: nothing to compare", color=theme.UNDEFINED, anchor=(0.5, 0.5)
        )
        self._note.setPos(-6.5, 0.0)  # log10 coordinates: h ≈ 3e-7, error ≈ 1
        self._note.hide()
        plot.addItem(self._note, ignoreBounds=True)

    def set_h(self, h: float) -> None:
        self.h_line.setValue(math.log10(h))

    def show_error_at(self, graph: Graph | None, x0: float, f0: float, df0: float) -> None:
        """The V at x0 for ``graph`` (nothing, with a note, where there is nothing to compare)."""
        self.plot.setXRange(math.log10(H_MIN), math.log10(H_MAX), padding=0.04)
        note = "" if graph is None else "f′(x0) is undefined: nothing to compare"
        if graph is not None and math.isfinite(df0):
            hs, errors = error_curve(graph, x0, df0)
            # all NaN (log at x0 = 1e-13: f(x0 − h) is undefined for every h) would make
            # pyqtgraph's scatter warn "All-NaN slice" when it measures its bounds
            note = "" if np.isfinite(errors).any() else NO_STEP
        self._note.setText(note)
        self._note.setVisible(bool(note))
        if graph is None or note:
            for item in (self._measured, self._truncation, self._roundoff):
                item.setData([], [])
            self.plot.setYRange(-3.0, 3.0, padding=0)  # around the note
            return
        self._measured.setData(hs, errors)
        self._draw_guides(hs, errors, f0)
        # fitted now (auto-range would wait for the event loop); the axes are log10 here
        with np.errstate(all="ignore"):
            logs = np.log10(errors[np.isfinite(errors)])
        if logs.size:
            self.plot.setYRange(float(logs.min()) - 1.0, float(logs.max()) + 0.5, padding=0)

    def _draw_guides(self, hs: np.ndarray, errors: np.ndarray, f0: float) -> None:
        """Reference lines: truncation C·h² fitted at large h, round-off ε·|f(x0)|/h."""
        large = (hs >= 1e-3) & np.isfinite(errors) & (errors > ERROR_FLOOR)
        if large.any():
            c = float(np.median(errors[large] / hs[large] ** 2))
            h_t = hs[hs >= 1e-7]
            self._truncation.setData(h_t, np.maximum(c * h_t**2, ERROR_FLOOR))
        else:
            self._truncation.setData([], [])
        scale = EPSILON * max(abs(f0), EPSILON)
        h_r = hs[hs <= 1e-3]
        self._roundoff.setData(h_r, np.maximum(scale / h_r, ERROR_FLOOR))

    def note_text(self) -> str:
        """The note shown instead of the V ("" when the V is shown)."""
        return self._note.toPlainText() if self._note.isVisible() else ""

    def error_vs_h(self) -> tuple[np.ndarray, np.ndarray]:
        """The (h, error) data of the V plot."""
        h, error = self._measured.getOriginalDataset()
        return (np.asarray(h), np.asarray(error)) if h is not None else (np.array([]),) * 2
