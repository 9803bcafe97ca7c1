"""The cost meter: what reverse mode did for the current graph, and what forward mode needs.

Two lines of numbers (sweeps and elementary operations, both counted by the engine while it
ran, see ``guiad.core.cost``) and a small chart, for a family the user picks, of what the
gradient costs per operation of f itself, cost(∇f) / cost(f), against the number of inputs
n, with the current graph's n marked: forward mode's ratio grows about as n + 1, reverse
mode's stays a constant (the ops alone both grow with the family's size). Reverse mode is
drawn in the backward pass's colour, forward mode in the forward pass's.

Public API: ``set_trace(trace)`` (the walkthrough's trace: nothing is recomputed) or
``set_graph(graph)`` (traced once here), ``set_family(key)``; ``family_changed(str)`` is
emitted when the user picks another family.
"""

from __future__ import annotations

import html
import math

import pyqtgraph as pg
from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from guiad.core.cost import FAMILIES, GradientCost, cost_curve, family, gradient_cost
from guiad.core.engine import Trace
from guiad.core.graph import MAX_INPUTS, Graph
from guiad.ui import theme

SOLID = "━━"  # line samples in the text, as the curve legends
CHART_HEIGHT = 150
TAG_AT = 6  # the n beside which each line is named
FAMILY_KEY = "cost/family"  # QSettings key of the family picked last
COUNTING_RULE = (
    "Counted by the engine while it ran: one operation per op value and per local partial "
    "in the forward pass (shared by both modes); in a sweep, one per multiplication by a "
    "partial and one per addition of a term into a sum."
)


def _pen(color: str, width: float = 2.0, style=Qt.PenStyle.SolidLine):
    return pg.mkPen(color=color, width=width, style=style)


class CostMeter(QWidget):
    """Reverse against forward mode for the current graph, and cost against n for a family."""

    family_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._cost: GradientCost | None = None
        self._curves: dict[str, list[GradientCost]] = {}  # per family key, computed once
        self._settings: QSettings | None = None  # where the picked family is kept

        # per mode: its name, its sweeps and its operation count, one row each
        self.reverse_label = self._label(theme.BACKWARD, f"{SOLID} <b>Reverse mode</b> did")
        self.reverse_sweeps = self._label(theme.BACKWARD)
        self.reverse_ops = self._label(theme.BACKWARD, align=Qt.AlignmentFlag.AlignRight)
        self.forward_label = self._label(theme.FORWARD, f"{SOLID} <b>Forward mode</b> needs")
        self.forward_sweeps = self._label(theme.FORWARD)
        self.forward_ops = self._label(theme.FORWARD, align=Qt.AlignmentFlag.AlignRight)
        self.verdict_label = self._label(theme.TEXT)
        self.verdict_label.setWordWrap(True)
        self.setToolTip(COUNTING_RULE)
        self.family_box = QComboBox()
        for item in FAMILIES:
            self.family_box.addItem(item.label, item.key)
        self.family_box.setToolTip(
            "A function of n inputs: the chart shows what its gradient costs for n = 1 … "
            f"{MAX_INPUTS}, counted by running the engine on each"
        )
        self.family_box.currentIndexChanged.connect(self._on_family_picked)
        self.chart = self._build_chart()
        self._build_layout()
        self._show_curve()
        self._show_cost()

    # ---- building ---------------------------------------------------------------------------

    @staticmethod
    def _label(color: str, text: str = "", align=Qt.AlignmentFlag.AlignLeft) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        label.setStyleSheet(f"color: {color};")
        return label

    def _build_chart(self) -> pg.PlotWidget:
        chart = pg.PlotWidget(background=theme.PAPER)
        chart.setMinimumSize(220, CHART_HEIGHT)
        # the chart takes the room a dock or panel gives; the rows above keep their height
        chart.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        plot = chart.getPlotItem()
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.vb.setMouseEnabled(x=False, y=False)
        plot.showGrid(x=False, y=True, alpha=0.15)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(theme.TEXT)
            axis.setTextPen(theme.TEXT)
            axis.enableAutoSIPrefix(False)
        plot.getAxis("bottom").setTicks([[(n, str(n)) for n in range(1, MAX_INPUTS + 1)]])
        plot.setLabel("left", "ops of ∇f ÷ ops of f", color=theme.TEXT)
        self.forward_curve = self._curve(plot, theme.FORWARD, "o")
        self.reverse_curve = self._curve(plot, theme.BACKWARD, "s")
        # each line named beside one of its points: both lines rise, so text above-left of a
        # point stays above its line and text below-right stays below
        self.forward_tag = pg.TextItem("forward", color=theme.FORWARD, anchor=(1, 1))
        self.reverse_tag = pg.TextItem("reverse", color=theme.BACKWARD, anchor=(0, 0))
        for tag in (self.forward_tag, self.reverse_tag):
            plot.addItem(tag)
        self.n_line = pg.InfiniteLine(
            angle=90,
            pen=_pen(theme.X0, 1.5, Qt.PenStyle.DashLine),
            label="n",
            labelOpts={"position": 0.92, "color": theme.X0, "fill": theme.LEGEND_FILL},
        )
        self.n_line.setZValue(-1)
        plot.addItem(self.n_line)
        return chart

    @staticmethod
    def _curve(plot: pg.PlotItem, color: str, symbol: str) -> pg.PlotDataItem:
        curve = pg.PlotDataItem(
            pen=_pen(color), symbol=symbol, symbolSize=6, symbolBrush=color, symbolPen=None
        )
        plot.addItem(curve)
        return curve

    def _build_layout(self) -> None:
        family_row = QHBoxLayout()
        family_row.setContentsMargins(0, 0, 0, 0)
        caption = QLabel("Cost against n for")
        caption.setStyleSheet(f"color: {theme.TEXT};")
        family_row.addWidget(caption)
        family_row.addWidget(self.family_box, 1)
        table = QGridLayout()
        table.setContentsMargins(0, 0, 0, 0)
        table.setHorizontalSpacing(10)
        table.setVerticalSpacing(2)
        for column, heading in enumerate(("", "sweeps", "ops")):
            label = self._label(theme.HINT_TEXT, heading, Qt.AlignmentFlag.AlignRight)
            if column == 1:
                label.setAlignment(Qt.AlignmentFlag.AlignLeft)
            table.addWidget(label, 0, column)
        rows = (
            (self.reverse_label, self.reverse_sweeps, self.reverse_ops),
            (self.forward_label, self.forward_sweeps, self.forward_ops),
        )
        for row, widgets in enumerate(rows, start=1):
            for column, widget in enumerate(widgets):
                table.addWidget(widget, row, column)
        table.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(table)
        layout.addWidget(self.verdict_label)
        layout.addLayout(family_row)
        layout.addWidget(self.chart, 1)

    def sizeHint(self) -> QSize:
        # compact beside the walkthrough (the chart alone would ask for 640×480)
        return QSize(380, self.minimumSizeHint().height() + 40)

    # ---- public API -------------------------------------------------------------------------

    def set_trace(self, trace: Trace | None) -> None:
        """Show the costs the engine counted in this trace (None: nothing to show)."""
        self._cost = None if trace is None else gradient_cost(trace)
        self._show_cost()

    def set_graph(self, graph: Graph | None) -> None:
        """Trace ``graph`` once at a point inside every op's domain and show its costs."""
        self._cost = None if graph is None else gradient_cost(graph)
        self._show_cost()

    def cost(self) -> GradientCost | None:
        return self._cost

    def family_key(self) -> str:
        return self.family_box.currentData()

    def set_family(self, key: str) -> None:
        family(key)  # raises KeyError for an unknown key
        self.family_box.setCurrentIndex(self.family_box.findData(key))

    def use_settings(self, settings: QSettings) -> None:
        """Restore the family picked last time from ``settings`` and keep it there."""
        self._settings = settings
        key = settings.value(FAMILY_KEY, "", type=str)
        if any(item.key == key for item in FAMILIES):
            self.set_family(key)

    def curve(self) -> list[GradientCost]:
        """The chosen family's costs for n = 1 … MAX_INPUTS, as charted."""
        key = self.family_key()
        if key not in self._curves:
            self._curves[key] = cost_curve(family(key))
        return self._curves[key]

    # ---- showing ----------------------------------------------------------------------------

    def _on_family_picked(self, _index: int) -> None:
        self._show_curve()
        if self._settings is not None:
            self._settings.setValue(FAMILY_KEY, self.family_key())
        self.family_changed.emit(self.family_key())

    def _show_curve(self) -> None:
        points = self.curve()
        ns = [p.n for p in points]
        reverse, forward = zip(*(p.ratios() for p in points), strict=True)
        self.forward_curve.setData(ns, list(forward), connect="finite")
        self.reverse_curve.setData(ns, list(reverse), connect="finite")
        tagged = points[TAG_AT - 1].ratios()
        self.forward_tag.setPos(TAG_AT, tagged[1])
        self.reverse_tag.setPos(TAG_AT, tagged[0])
        expression = family(self.family_key()).expression(min(3, MAX_INPUTS))
        self.chart.setToolTip(
            "Each mode's operations for the gradient divided by the operations of f alone "
            f"(one per op value), for n = 1 … {MAX_INPUTS}. n = 3: f = {expression}"
        )
        plot = self.chart.getPlotItem()
        plot.setXRange(0.6, MAX_INPUTS + 0.4, padding=0)
        plot.setYRange(0, _top(points) * 1.08, padding=0)
        self._place_n_label()

    def _place_n_label(self) -> None:
        """The "n = …" label where the lines are not: both rise, so it sits at the top of
        the mark while the lines are low there and at its foot once they are high."""
        if self._cost is None:
            return
        points = self.curve()
        at_n = points[min(self._cost.n, len(points)) - 1]
        high = max(at_n.ratios()) > 0.55 * _top(points)
        self.n_line.label.setPosition(0.08 if high else 0.92)

    def _show_cost(self) -> None:
        cost = self._cost
        self.n_line.setVisible(cost is not None)
        if cost is None:
            for label in (self.reverse_sweeps, self.reverse_ops, self.forward_sweeps):
                label.setText("—")
                label.setToolTip("")
            self.forward_ops.setText("—")
            self.forward_ops.setToolTip("")
            self.verdict_label.setText("")
            return
        self.n_line.setPos(cost.n)
        self.n_line.label.setFormat(f"n = {cost.n}")
        self._place_n_label()
        self.reverse_sweeps.setText("1 forward + 1 backward")
        self.reverse_ops.setText(f"<b>{cost.reverse_ops:,}</b>")
        primal = f"forward pass {cost.cost.primal:,}"
        self.reverse_ops.setToolTip(f"{primal} + backward sweep {cost.cost.reverse:,}")
        sweeps = cost.forward_sweeps
        self.forward_sweeps.setText(f"1 forward + {sweeps} tangent")
        self.forward_sweeps.setToolTip(f"one tangent sweep per input: {sweeps} input(s)")
        self.forward_ops.setText(f"<b>{cost.forward_ops:,}</b>")
        each = " + ".join(f"{count:,}" for count in cost.cost.forward)
        self.forward_ops.setToolTip(f"{primal} + tangent sweeps {each}")
        self.verdict_label.setText(html.escape(_verdict(cost)))


def _top(points: list[GradientCost]) -> float:
    return max(max(r for r in p.ratios() if math.isfinite(r)) for p in points if p.f_ops)


def _verdict(cost: GradientCost) -> str:
    ratio = cost.forward_ops / max(cost.reverse_ops, 1)
    text = f"forward mode needs {ratio:.2f}× the operations of reverse mode."
    if cost.n == 1:
        return f"One input: {text} Reverse mode wins with several inputs: try x*y + sin(x)."
    return f"{cost.n} inputs: {text}"
