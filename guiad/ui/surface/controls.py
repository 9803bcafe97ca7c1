"""The surface view's control rows: the map's axes and box, and the point editor.

Like the 1-D plots' row (plot_controls), the rows only read and show values; the panel
decides. Typed text comes out parsed (``box_entered``, ``coordinate_entered``) or with the
reason it was refused (``refused``); ``show_*`` put values in the boxes without emitting.
The widgets are public (``x_min_edit``, ``point_edits``, ``x_axis_box``, …) for tests.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from guiad.core.plot_data import parse_points, parse_real
from guiad.ui.guard import guarded
from guiad.ui.widgets.controls import FlatBar, add_field, busy_bar, field, show_text
from guiad.ui.widgets.flow import FlowRows
from guiad.ui.widgets.readout import number


class SurfaceControls(QWidget):
    """Row 1: map axes, the box (two ranges and N), Fit. Row 2: the point, one box an input,
    and the readout (f and the gradient there)."""

    axes_chosen = Signal(int, int)  # the inputs along the map's horizontal and vertical axes
    box_entered = Signal(float, float, float, float, object)  # x min, x max, y min, y max, N
    coordinate_entered = Signal(int, float)  # input, its new value at the point
    refused = Signal(str)  # typed text that is not a number: why
    fit_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        # the box's row in groups that wrap to a second row when the view is narrow
        self.axes_bar, self.x_bar, self.y_bar, self.n_bar = (FlatBar() for _ in range(4))
        self.point_bar = FlatBar()
        self._make_axes()
        self._make_box()
        point_label = QLabel("point")
        point_label.setContentsMargins(4, 0, 0, 0)
        self.point_bar.addWidget(point_label)
        # the boxes live in one widget of the bar: a box added to the bar itself came with
        # a QWidgetAction made by Qt, whose Python wrapper outlived it (5 a switch of inputs)
        self._points = QWidget()
        self._points_row = QHBoxLayout(self._points)
        self._points_row.setContentsMargins(0, 0, 0, 0)
        self._points_row.setSpacing(0)
        # the room left over goes after the boxes: with the readout under them the row is
        # as wide as the view, and the captions took it ("b₀ … [0] w₀ … [1]")
        self._points_row.addStretch(1)
        self.point_bar.addWidget(self._points)
        self.point_edits: list[QLineEdit] = []
        self._point_widgets: list[QWidget] = []
        self._names: tuple[str, ...] = ()
        self._box_shown: tuple[str, ...] = ("",) * 5
        self._box_values: tuple[float, ...] = (math.nan,) * 4  # exact values behind the text
        self._point_shown: list[str] = []
        self._make_rows()
        self._narrow_asked = False  # the panel's wish (a narrow view)
        self._longest = 0  # the widest readout text since the last resize: it decides

    def _make_axes(self) -> None:
        """The two inputs along the map's axes, first on the box's bar."""
        self.x_axis_box = QComboBox()
        self.x_axis_box.setToolTip("The input along the map's horizontal axis")
        self.y_axis_box = QComboBox()
        self.y_axis_box.setToolTip("The input along the map's vertical axis")
        self.axes_label = QLabel("map")
        self.axes_label.setContentsMargins(4, 0, 0, 0)
        for widget in (self.axes_label, self.x_axis_box, QLabel("×"), self.y_axis_box):
            self.axes_bar.addWidget(widget)
        self.axes_bar.hide()  # (two inputs: the axes are x and y, no choice)
        for combo in (self.x_axis_box, self.y_axis_box):
            combo.activated.connect(self._on_axes_chosen)

    def _make_box(self) -> None:
        """The box's x/y ranges, N and Fit."""
        self.captions: list[QLabel] = []
        self.x_min_edit = self._field(self.x_bar, "x min", "Left end of the map")
        self.x_max_edit = self._field(self.x_bar, "x max", "Right end of the map")
        self.y_min_edit = self._field(self.y_bar, "y min", "Bottom of the map")
        self.y_max_edit = self._field(self.y_bar, "y max", "Top of the map")
        self.points_edit = self._field(
            self.n_bar, "N", "Samples along each side of the map (2 to 2,000)", 56
        )
        self._box_edits = (
            self.x_min_edit,
            self.x_max_edit,
            self.y_min_edit,
            self.y_max_edit,
            self.points_edit,
        )
        for edit in self._box_edits:
            edit.editingFinished.connect(self._on_box_edited)
        self.fit_button = QToolButton()
        self.fit_button.setText("Fit")
        self.fit_button.setToolTip("Show the whole box on the map and fit the slice plots")
        self.fit_button.clicked.connect(self.fit_requested)
        self.n_bar.addWidget(self.fit_button)

    def _make_rows(self) -> None:
        """The box's groups with the busy bar (one row or more), then the point's boxes
        beside the readout."""
        self.busy_bar = busy_bar("Evaluating the map in the background…")
        groups = (self.axes_bar, self.x_bar, self.y_bar, self.n_bar, self.busy_bar)
        self.box_rows = FlowRows(groups, spacing=4)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(2)
        rows.addWidget(self.box_rows)
        # the values at the point sit beside the point's boxes (and follow the mouse on the map)
        self.readout = QLabel()
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # one line that never widens the view nor grows (the map would jump as the mouse
        # moves): what does not fit is cut off, and the tooltip has it all
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.readout.setContentsMargins(12, 0, 0, 0)
        self._bottom = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._bottom.setContentsMargins(0, 0, 0, 0)
        self._bottom.addWidget(self.point_bar)
        self._bottom.addWidget(self.readout, 1)
        rows.addLayout(self._bottom)

    def _field(self, bar: QToolBar, label: str, tip: str, width: int = 64) -> QLineEdit:
        caption, edit = add_field(bar, label, tip, width)
        if bar is not self.point_bar:
            self.captions.append(caption)
        return edit

    # ---- showing values -------------------------------------------------------------------

    def set_inputs(self, names: tuple[str, ...]) -> None:
        """One point box per input, and the inputs the map's axes can be."""
        if names == self._names:
            return
        self._names = names
        for combo in (self.x_axis_box, self.y_axis_box):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(list(names))
            combo.blockSignals(False)
        self.axes_bar.setVisible(len(names) > 2)  # with two, the axes are x and y: no choice
        for widget in self._point_widgets:  # the old boxes and captions, deleted
            self._points_row.removeWidget(widget)
            widget.hide()  # (painted until the deferred delete: a grab wrote x₀ over b₀)
            widget.deleteLater()
        self.point_edits, self._point_widgets = [], []
        for k, name in enumerate(names):
            caption, edit = field(f"{name}₀", f"The point's {name} (a number, or pi/2)")
            for widget in (caption, edit):
                self._points_row.insertWidget(self._points_row.count() - 1, widget)
            self._point_widgets += [caption, edit]
            edit.editingFinished.connect(lambda k=k: self._on_coordinate_edited(k))
            self.point_edits.append(edit)
        self._point_shown = [""] * len(names)

    def show_axes(self, x: int, y: int) -> None:
        self.x_axis_box.setCurrentIndex(x)
        self.y_axis_box.setCurrentIndex(y)
        x_name, y_name = self._names[x], self._names[y]
        for caption, text in zip(
            self.captions[:4],
            (f"{x_name} min", f"{x_name} max", f"{y_name} min", f"{y_name} max"),
            strict=True,
        ):
            caption.setText(text)

    def show_box(self, x_min: float, x_max: float, y_min: float, y_max: float, n: int) -> None:
        texts = [number(v, 10, "-") for v in (x_min, x_max, y_min, y_max)] + [str(n)]
        for edit, text in zip(self._box_edits, texts, strict=True):
            show_text(edit, text)
        self._box_shown = self._box_texts()
        self._box_values = (x_min, x_max, y_min, y_max)

    def show_point(self, point: tuple[float, ...]) -> None:
        for k, (edit, value) in enumerate(zip(self.point_edits, point, strict=True)):
            self._point_shown[k] = number(value, 6, "-")
            if edit.text() != self._point_shown[k]:
                show_text(edit, self._point_shown[k])

    def set_narrow(self, narrow: bool) -> None:
        """The readout under the point's boxes (narrow, or its text does not fit beside
        them: the gradient of three inputs was cut after ∂f/∂y at 1920 side by side) or
        beside them."""
        self._narrow_asked = narrow
        self._place_readout()

    def show_readout(self, text: str) -> None:
        self.readout.setText(text)
        self.readout.setToolTip(text)
        # the widest text since the last resize: a readout following the mouse must not
        # move the map up and down as its numbers change length
        self._longest = max(self._longest, self.readout.fontMetrics().horizontalAdvance(text))
        self._place_readout()

    def _place_readout(self) -> None:
        beside = self.point_bar.sizeHint().width() + 12 + self._longest + 8
        narrow = self._narrow_asked or beside > self.width()
        wrap = narrow and self._longest + 8 > self.width()  # (even a row of its own is short)
        direction = QBoxLayout.Direction.TopToBottom if narrow else QBoxLayout.Direction.LeftToRight
        if direction == self._bottom.direction() and wrap == self.readout.wordWrap():
            return
        self._bottom.setDirection(direction)
        self.readout.setContentsMargins(4 if narrow else 12, 0, 0, 0)
        self.readout.setWordWrap(wrap)
        lines = 2 if wrap else 1  # (kept as the text changes: the map must not jump)
        self.readout.setMinimumHeight(lines * self.readout.fontMetrics().lineSpacing())
        # asked once the layout pass is over (asked during it, the request is lost)
        QTimer.singleShot(0, self, self.updateGeometry)

    @guarded
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._longest = self.readout.fontMetrics().horizontalAdvance(self.readout.text())
        self._place_readout()

    def set_busy(self, busy: bool) -> None:
        self.busy_bar.setVisible(busy)

    # ---- reading typed text ---------------------------------------------------------------

    def _box_texts(self) -> tuple[str, ...]:
        return tuple(edit.text() for edit in self._box_edits)

    def _on_box_edited(self) -> None:
        if self._box_texts() == self._box_shown:
            return  # no field was edited: the shown text may be rounded
        try:
            # a field left as shown keeps its exact value (its text may be rounded: pi)
            values = [
                exact if edit.text() == shown else parse_real(edit.text(), caption.text())
                for edit, caption, shown, exact in zip(
                    self._box_edits[:4],
                    self.captions[:4],
                    self._box_shown[:4],
                    self._box_values,
                    strict=True,
                )
            ]
            n = parse_points(self.points_edit.text())
        except ValueError as err:
            self.refused.emit(str(err))
            return
        self.box_entered.emit(*values, n)

    def _on_coordinate_edited(self, k: int) -> None:
        edit = self.point_edits[k]
        if edit.text() == self._point_shown[k]:
            return
        try:
            value = parse_real(edit.text(), f"{self._names[k]}₀")
        except ValueError as err:
            self.refused.emit(str(err))
            return
        self.coordinate_entered.emit(k, value)

    def _on_axes_chosen(self) -> None:
        self.axes_chosen.emit(self.x_axis_box.currentIndex(), self.y_axis_box.currentIndex())
