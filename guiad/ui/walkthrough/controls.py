"""The walkthrough's control bar: transport buttons, scrubber, speed, loop, mode, motion and
Fit. One row when there is room; two when the panel is narrow (it may get ~500 px).

The panel talks to the bar through its signals (what the user asked for) and its ``show_*``
setters (what the panel is doing); the widgets stay public for tests that click them."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from guiad.anim.timeline import Mode
from guiad.ui.guard import guarded
from guiad.ui.walkthrough.outputs import OutputPicker

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0)


def _button(text: str, tip: str, icon: QStyle.StandardPixmap | None = None) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    if icon is not None:
        button.setIcon(button.style().standardIcon(icon))
    button.setToolTip(tip)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setAutoRaise(True)
    button.setMinimumWidth(30)
    return button


class ControlsBar(QWidget):
    """The widgets, what they ask for (signals) and how the panel's state shows on them (it
    owns the timeline)."""

    restart_requested = Signal()
    back_requested = Signal()
    play_requested = Signal()  # play, or pause while playing
    forward_requested = Signal()
    end_requested = Signal()
    step_chosen = Signal(int)  # the scrubber moved to this step
    speed_chosen = Signal(float)
    mode_chosen = Signal(object)  # a Mode
    output_chosen = Signal(int)  # the output the passes run for (outputs.OutputPicker)
    reduce_motion_toggled = Signal(bool)
    table_toggled = Signal(bool)
    fit_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        icons = QStyle.StandardPixmap
        self.restart_button = _button("Restart", "Restart (Home)", icons.SP_MediaSkipBackward)
        self.back_button = _button("Back", "Step back (Left)", icons.SP_MediaSeekBackward)
        self.play_button = _button("Play", "Play / pause (Space)", icons.SP_MediaPlay)
        self.forward_button = _button("Forward", "Step forward (Right)", icons.SP_MediaSeekForward)
        self.end_button = _button("End", "Go to the end (End)", icons.SP_MediaSkipForward)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slider.setToolTip("Scrub through the steps")
        self.slider.setMinimumWidth(80)
        self.step_label = QLabel()
        self.step_label.setMinimumWidth(80)
        self._make_options()
        self.transport = [
            self.restart_button,
            self.back_button,
            self.play_button,
            self.forward_button,
            self.end_button,
        ]
        self.options = [
            self.speed_box,
            self.loop_box,
            self.output_box,
            self.mode_box,
            self.more_button,
        ]
        self._make_rows()
        self._two_rows: bool | None = None
        self._arrange(two_rows=False)
        self._connect()

    def _make_options(self) -> None:
        """Speed, loop, the ⋯ menu (reduce motion), mode, Fit and Table."""
        self.speed_box = QComboBox()
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed:g}×", speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.setToolTip("Playback speed")
        self.speed_box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.loop_box = QCheckBox("Loop")
        self.loop_box.setToolTip("Start again after the last step while playing")
        self.loop_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reduce_motion_action = QAction("Reduce motion", self)
        self.reduce_motion_action.setCheckable(True)
        self.reduce_motion_action.setToolTip(
            "Jump from step to step without moving tokens along the edges (remembered)"
        )
        self.more_button = _button("⋯", "More options: reduce motion, pause after each step")
        more = QMenu(self.more_button)
        more.setToolTipsVisible(True)
        more.addAction(self.reduce_motion_action)
        self.lecture_action = QAction("Pause after each step (lecture)", self)
        self.lecture_action.setCheckable(True)
        self.lecture_action.setToolTip(
            "Play shows one step, lands its number and waits for you: Space goes on"
        )
        more.addAction(self.lecture_action)
        self.more_button.setMenu(more)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.output_box = OutputPicker()  # shown for a graph of several outputs only
        self.mode_box = QComboBox()
        self.mode_box.addItem("Reverse mode", Mode.REVERSE)
        self.mode_box.addItem("Forward mode", Mode.FORWARD)
        self.mode_box.setToolTip(
            "Reverse mode: forward pass, then adjoints from y back to x. "
            "Forward mode: dot derivatives from x to y, as in the seed post's table."
        )
        self.mode_box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.fit_button = _button("Fit", "Fit the graph to the view (F)")
        self.table_button = _button("Table", "Show or hide the table beside the graph (T)")
        self.table_button.setCheckable(True)
        self.table_button.setChecked(True)

    def _make_rows(self) -> None:
        """The two row layouts: transport, scrubber and counter; then the options."""
        # the options and Table/Fit move as one block: after the scrubber (one row) or on a
        # second row. Each widget stays in one layout for good: a widget re-added to a new
        # row while its old row lived on was laid out by both (squeezed, half hidden).
        self._options_block = QWidget()
        block = QHBoxLayout(self._options_block)
        block.setContentsMargins(0, 0, 0, 0)
        block.setSpacing(4)
        for widget in self.options[:-1]:  # (⋯ stays by the step counter: a narrow second
            block.addWidget(widget)  # row would squeeze Table and Fit)
        block.addStretch(1)
        block.addWidget(self.table_button)
        block.addWidget(self.fit_button)
        self._first = QHBoxLayout()
        self._first.setSpacing(4)
        for button in self.transport:
            self._first.addWidget(button)
        self._first.addWidget(self.slider, 1)
        self._first.addWidget(self.step_label)
        self._first.addWidget(self.more_button)
        self._second = QHBoxLayout()
        self._second.setSpacing(4)
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(2)
        rows.addLayout(self._first)
        rows.addLayout(self._second)

    def _connect(self) -> None:
        """Each widget says what the user asked for, by the bar's signals."""
        self.restart_button.clicked.connect(self.restart_requested)
        self.back_button.clicked.connect(self.back_requested)
        self.play_button.clicked.connect(self.play_requested)
        self.forward_button.clicked.connect(self.forward_requested)
        self.end_button.clicked.connect(self.end_requested)
        self.slider.valueChanged.connect(self.step_chosen)
        self.speed_box.currentIndexChanged.connect(
            lambda i: self.speed_chosen.emit(self.speed_box.itemData(i))
        )
        self.mode_box.currentIndexChanged.connect(
            lambda i: self.mode_chosen.emit(self.mode_box.itemData(i))
        )
        self.output_box.currentIndexChanged.connect(self.output_chosen)
        self.output_box.shown.connect(lambda _: self._arrange(self.width() < self._one_row_width()))
        self.reduce_motion_action.toggled.connect(self.reduce_motion_toggled)
        self.table_button.clicked.connect(self.table_toggled)
        self.fit_button.clicked.connect(self.fit_requested)

    # ---- what the panel shows on the bar (without the bar's signals) -------------------

    def show_position(self, index: int, count: int) -> None:
        """Step ``index`` of ``count`` on the scrubber and the counter (0 steps: none)."""
        self.slider.setEnabled(count > 0)
        if count == 0:
            self.step_label.setText("")
            return
        self.slider.blockSignals(True)
        self.slider.setRange(0, count - 1)
        self.slider.setValue(index)
        self.slider.blockSignals(False)
        self.step_label.setText(f"step {index + 1}/{count}")

    def show_mode(self, mode: Mode) -> None:
        self.mode_box.blockSignals(True)
        self.mode_box.setCurrentIndex(list(Mode).index(mode))
        self.mode_box.blockSignals(False)

    def show_reduce_motion(self, reduce: bool) -> None:
        action = self.reduce_motion_action
        action.blockSignals(True)
        action.setChecked(reduce)
        action.blockSignals(False)

    def reduce_motion(self) -> bool:
        return self.reduce_motion_action.isChecked()

    def show_playing(self, playing: bool) -> None:
        icons = QStyle.StandardPixmap
        icon = icons.SP_MediaPause if playing else icons.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText("Pause" if playing else "Play")

    def show_table(self, shown: bool) -> None:
        self.table_button.setChecked(shown)

    def choose_speed(self, speed: float) -> None:
        """Pick the offered speed nearest ``speed`` (speed_chosen follows if it changed)."""
        nearest = min(SPEEDS, key=lambda s: abs(math.log(s) - math.log(max(speed, 1e-9))))
        self.speed_box.setCurrentIndex(SPEEDS.index(nearest))

    def set_loop(self, loop: bool) -> None:
        self.loop_box.setChecked(loop)

    def lecture(self) -> bool:
        """Whether playing stops after each step (a lecture's pace: Space goes on)."""
        return self.lecture_action.isChecked()

    def loop(self) -> bool:
        return self.loop_box.isChecked()

    def set_controls_enabled(self, enabled: bool) -> None:
        """All controls on, or off for a graph the panel does not animate."""
        for widget in self.widgets():
            widget.setEnabled(enabled)

    def widgets(self) -> list[QWidget]:
        """Every control (the panel disables them all for a graph it does not animate)."""
        return [*self.transport, self.slider, *self.options, self.table_button, self.fit_button]

    def _all(self) -> list[QWidget]:
        return [*self.widgets(), self.step_label]

    def two_rows(self) -> bool:
        return bool(self._two_rows)

    def _arrange(self, two_rows: bool) -> None:
        if two_rows == self._two_rows:
            return
        self._two_rows = two_rows
        (self._second if not two_rows else self._first).removeWidget(self._options_block)
        (self._second if two_rows else self._first).addWidget(
            self._options_block, 0 if not two_rows else 1
        )
        # the panel gives the bar its new height: asked once the layout pass that resized
        # the bar is over (asked during it, the request is lost and the rows stay squeezed)
        QTimer.singleShot(0, self, self.updateGeometry)

    @guarded(default=None)
    def minimumSizeHint(self):  # noqa: N802 (Qt override)
        """As narrow as two rows allow, so a narrow panel can reflow the bar."""
        hint = super().minimumSizeHint()
        if not self.two_rows():
            first = [*self.transport, self.slider, self.more_button]
            row = sum(w.minimumSizeHint().width() for w in first)
            hint.setWidth(min(hint.width(), row + self.step_label.minimumWidth() + 40))
        return hint

    @guarded
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._arrange(event.size().width() < self._one_row_width())

    @guarded
    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # View ▸ Presenter: every text grew
            # once every control has its new font (they hear of it after the bar)
            QTimer.singleShot(0, self, self._refit)

    def _refit(self) -> None:
        # the counter may shrink to "step 88/88" at the current font, no further
        label = self.step_label
        label.setMinimumWidth(max(80, label.fontMetrics().horizontalAdvance("step 88/88")))
        self._arrange(self.width() < self._one_row_width())
        self.updateGeometry()

    def _one_row_width(self) -> int:
        """The narrowest one row can be: every control at its smallest, with spacing."""
        controls = [w for w in self._all() if not w.isHidden()]  # (the output list may be)
        hints = sum(_least_width(w) for w in controls)
        return hints + 4 * (len(controls) + 2) + 24


def _least_width(widget: QWidget) -> int:
    """How narrow a control may be in one row: a box's whole text (an elided "Reverse mod"
    reads as a typo; at 2× presenter text it was), others their minimum."""
    if isinstance(widget, QComboBox):
        return widget.sizeHint().width()
    return max(widget.minimumSizeHint().width(), widget.minimumWidth())
