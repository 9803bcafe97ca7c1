"""The walkthrough's control bar: transport buttons, scrubber, speed, loop, mode, motion and
Fit. One row when there is room; two when the panel is narrow (it may get ~500 px)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
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
    """The widgets only; the panel connects them (it owns the timeline)."""

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
        self.more_button = _button("⋯", "More options: reduce motion")
        more = QMenu(self.more_button)
        more.setToolTipsVisible(True)
        more.addAction(self.reduce_motion_action)
        self.more_button.setMenu(more)
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
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
        self.transport = [
            self.restart_button,
            self.back_button,
            self.play_button,
            self.forward_button,
            self.end_button,
        ]
        self.options = [self.speed_box, self.loop_box, self.mode_box, self.more_button]
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
        self._two_rows: bool | None = None
        self._arrange(two_rows=False)

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

    def _one_row_width(self) -> int:
        """The narrowest one row can be: every control at its smallest, with spacing."""
        controls = self._all()
        hints = sum(max(w.minimumSizeHint().width(), w.minimumWidth()) for w in controls)
        return hints + 4 * (len(controls) + 2) + 24
