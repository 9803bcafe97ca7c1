"""The plot panel's control row: the range (x min, x max, N), x0, f″, the FD lab, h, Fit.

The row only reads and shows values; the panel decides. Typed text comes out parsed
(``range_entered``, ``x0_entered``) or with the reason it was refused (``range_refused``,
``x0_refused``); ``show_*`` put values in the boxes without emitting anything. The widgets
are public (``x_min_edit``, ``x0_edit``, ``second_box``, ``h_slider``, …) for tests and for
the window's shortcuts.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSlider,
    QStyle,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from guiad.core.plot_data import H_MAX, H_MIN, parse_points, parse_real
from guiad.ui.widgets.flow import FlowRows
from guiad.ui.widgets.readout import number

SLIDER_STEPS_PER_DECADE = 10


def slider_value(h: float) -> int:
    return round(math.log10(h) * SLIDER_STEPS_PER_DECADE)


class FlatBar(QToolBar):
    """A fixed tool bar without its panel, 4 px between items and none around them (the
    plots' and the surface view's control rows). A style sheet did this, but styling the
    bar's children through it cost the first frame 1.3 ms."""

    def __init__(self):
        super().__init__()
        self.setMovable(False)
        self.setFloatable(False)
        self._tighten()

    def _tighten(self) -> None:
        self.layout().setSpacing(4)
        self.layout().setContentsMargins(0, 0, 0, 0)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:
            self._tighten()  # the bar sets its spacing and margins from the style again

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        pass  # no panel: the bar sits flat in the plots' controls row


def add_field(bar: QToolBar, label: str, tip: str, width: int = 64) -> tuple[QLabel, QLineEdit]:
    """A caption and a number box on ``bar`` (the box never narrower than ``width``)."""
    caption, edit = field(label, tip, width)
    bar.addWidget(caption)
    bar.addWidget(edit)
    return caption, edit


def field(label: str, tip: str, width: int = 64) -> tuple[QLabel, QLineEdit]:
    """A caption and its number box (never narrower than ``width``), to be placed."""
    edit = QLineEdit()
    edit.setFixedWidth(width)
    edit.setProperty("min_width", width)
    edit.setToolTip(tip)
    caption = QLabel(label)
    caption.setBuddy(edit)
    caption.setContentsMargins(4, 0, 0, 0)
    return caption, edit


def show_text(edit: QLineEdit, text: str) -> None:
    """Put ``text`` in ``edit``, widened to show all of it (a minus sign never scrolls out of
    view) and scrolled to its start."""
    # the application's style, not edit.style(): a widget with a style sheet gets a
    # short-lived proxy style, and PySide 6.11 once handed back a stale wrapper for it
    # ("'QWidgetItem' object has no attribute 'pixelMetric'", in a full test run)
    frame = QApplication.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth)
    margins = edit.textMargins()
    needed = edit.fontMetrics().horizontalAdvance(text) + 2 * frame + 4 + 6  # 2 px pad a side
    needed += margins.left() + margins.right()
    edit.setFixedWidth(max(int(edit.property("min_width")), needed))
    edit.setText(text)
    edit.setCursorPosition(0)


def busy_bar(tip: str) -> QProgressBar:
    """A small indeterminate bar ("working"), hidden until a background evaluation runs."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setFixedWidth(80)
    bar.setTextVisible(False)
    bar.setToolTip(tip)
    bar.hide()
    return bar


class PlotControls(QWidget):
    """The range, x0, the toggles with h and Fit, and the busy signs: groups on one row, or
    wrapped to more when the panel is narrow (a tool bar hid what did not fit behind a »
    that opened nothing outside a main window: Fit at 1024, x0 side by side at 1024)."""

    range_entered = Signal(float, float, object)  # a range typed (N may be huge: object)
    range_refused = Signal(str)  # an invalid one: why
    x0_entered = Signal(float)
    x0_refused = Signal(str)
    second_toggled = Signal(bool)
    fd_toggled = Signal(bool)
    h_chosen = Signal(float)  # h from the slider
    fit_requested = Signal()

    def __init__(self, h: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.bar = FlatBar()  # the range
        self.x_min_edit = self._field("x min", "Left end of the range (a number, or e.g. -pi)")
        self.x_max_edit = self._field("x max", "Right end of the range (a number, or e.g. 2*pi)")
        self.points_edit = self._field("N", "Number of points (2 to 10,000,000)", 80)
        self.x0_bar = FlatBar()  # (a group of its own: it wraps apart from the range)
        self.x0_edit = add_field(
            self.x0_bar,
            "x0",
            "The point x0, e.g. 2 or pi/2 (also: drag the line, click a plot, ← / →)",
        )[1]
        for edit in (self.x_min_edit, self.x_max_edit, self.points_edit):
            edit.editingFinished.connect(self._on_range_edited)
        self.x0_edit.editingFinished.connect(self._on_x0_edited)

        self._make_lab(h)
        self._make_rows()
        self._range_shown = ("", "", "")
        self._range_values = (math.nan, math.nan)  # the exact x min and x max behind the text
        self._x0_shown = ""

    def _make_lab(self, h: float) -> None:
        """The f″ and FD lab toggles, the h slider and Fit, on a bar of their own."""
        self.second_box = QCheckBox("f″")
        self.second_box.setToolTip("Show the second derivative f″ (forward over reverse)")
        self.second_box.toggled.connect(self.second_toggled)
        self.fd_box = QCheckBox("FD lab")
        self.fd_box.setToolTip(
            "Compare f′ with the central difference (f(x+h) − f(x−h)) / 2h and show the error"
        )
        self.fd_box.toggled.connect(self.fd_toggled)
        lab = FlatBar()  # the toggles, h and Fit
        self.lab_bar = lab
        lab.addWidget(self.second_box)
        lab.addWidget(self.fd_box)

        self.h_slider = QSlider(Qt.Orientation.Horizontal)
        self.h_slider.setRange(slider_value(H_MIN), slider_value(H_MAX))
        self.h_slider.setFixedWidth(120)
        self.h_slider.setToolTip("Finite-difference step h, on a log scale from 1e-12 to 1e-1")
        self.h_slider.valueChanged.connect(
            lambda value: self.h_chosen.emit(10.0 ** (value / SLIDER_STEPS_PER_DECADE))
        )
        self.h_label = QLabel()
        self.h_label.setMinimumWidth(64)
        lab.addWidget(self.h_slider)
        lab.addWidget(self.h_label)
        self.show_h(h)

        self.fit_button = QToolButton()
        self.fit_button.setText("Fit")
        self.fit_button.setToolTip(
            "Show the whole range; y fits the curves, ignoring extreme spikes"
        )
        self.fit_button.clicked.connect(self.fit_requested)
        lab.addWidget(self.fit_button)

    def _make_rows(self) -> None:
        """The range, x0, the lab's bar and the busy signs, wrapped to the width."""
        self.busy_label = QLabel("evaluating…")
        self.busy_label.hide()
        self.busy_bar = busy_bar("Evaluating in the background…")
        groups = (self.bar, self.x0_bar, self.lab_bar, self.busy_label, self.busy_bar)
        self.rows = FlowRows(groups, spacing=10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.rows)

    def _field(self, label: str, tip: str, width: int = 64) -> QLineEdit:
        return add_field(self.bar, label, tip, width)[1]

    def two_rows(self) -> bool:
        return self.rows.rows_used() > 1

    # ---- showing values -------------------------------------------------------------------

    def show_range(self, x_min: float, x_max: float, points: int) -> None:
        show_text(self.x_min_edit, number(x_min, 10, "-"))
        show_text(self.x_max_edit, number(x_max, 10, "-"))
        show_text(self.points_edit, str(points))
        self._range_shown = self._range_texts()
        self._range_values = (x_min, x_max)

    def show_x0(self, x0: float) -> None:
        self._x0_shown = number(x0, 6, "-")
        show_text(self.x0_edit, self._x0_shown)

    def show_h(self, h: float) -> None:
        """h in its label and on the slider (without emitting ``h_chosen``)."""
        self.h_label.setText(f"h = {h:.0e}")
        if self.h_slider.value() != slider_value(h):
            self.h_slider.blockSignals(True)
            self.h_slider.setValue(slider_value(h))
            self.h_slider.blockSignals(False)

    def show_toggles(self, second_on: bool, fd_on: bool) -> None:
        """Tick the boxes (without emitting); h can be changed only while the lab is on."""
        for box, checked in ((self.second_box, second_on), (self.fd_box, fd_on)):
            if box.isChecked() != checked:
                box.blockSignals(True)
                box.setChecked(checked)
                box.blockSignals(False)
        self.h_slider.setEnabled(fd_on)

    def set_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)

    # ---- reading typed text ---------------------------------------------------------------

    def _range_texts(self) -> tuple[str, str, str]:
        return (self.x_min_edit.text(), self.x_max_edit.text(), self.points_edit.text())

    def _on_range_edited(self) -> None:
        if self._range_texts() == self._range_shown:
            return  # no field was edited: the shown text may be rounded
        shown_min, shown_max, _ = self._range_shown
        exact_min, exact_max = self._range_values
        try:
            # a box left as shown keeps its exact value (its text may be rounded: pi)
            text = self.x_min_edit.text()
            x_min = exact_min if text == shown_min else parse_real(text, "x min")
            text = self.x_max_edit.text()
            x_max = exact_max if text == shown_max else parse_real(text, "x max")
            points = parse_points(self.points_edit.text())
        except ValueError as err:
            self.range_refused.emit(str(err))
            return
        self.range_entered.emit(x_min, x_max, points)

    def _on_x0_edited(self) -> None:
        if self.x0_edit.text() == self._x0_shown:
            return  # focus left the box without an edit: the shown text may be rounded
        try:
            x0 = parse_real(self.x0_edit.text(), "x0")
        except ValueError as err:
            self.x0_refused.emit(str(err))
            return
        self.x0_entered.emit(x0)
