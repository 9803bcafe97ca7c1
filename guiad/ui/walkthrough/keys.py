"""The walkthrough's commands from the keyboard and the control bar: the actions with
shortcuts (Space, Left, Right, Home, End, F, T), the bare keys while the panel has the focus,
and the bar's buttons, slider and switches.

A part held by WalkthroughPanel (``panel.keys``): it calls the panel's public methods only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence

if TYPE_CHECKING:
    from guiad.ui.walkthrough.controls import ControlsBar
    from guiad.ui.walkthrough.panel import WalkthroughPanel


class WalkKeys:
    """The panel's actions (the window may put them in a menu too) and its key handling."""

    def __init__(self, panel: WalkthroughPanel, controls: ControlsBar):
        self._panel = panel
        self._connect_controls(controls)
        self.play_action = self._action("Play", "Space", panel.toggle_play, "Play / pause (Space)")
        self.back_action = self._action("Step back", "Left", panel.step_back, "Step back (Left)")
        self.forward_action = self._action(
            "Step forward", "Right", panel.step_forward, "Step forward (Right)"
        )
        self.restart_action = self._action("Restart", "Home", panel.restart, "Restart (Home)")
        self.end_action = self._action("Go to end", "End", panel.go_to_end, "Go to the end (End)")
        self.fit_action = self._action("Fit graph", "F", panel.fit, "Fit the graph to the view (F)")
        self.table_action = self._action(
            "Show table", "T", lambda: panel.set_table_shown(not panel.table_shown()), "Table (T)"
        )

    def _connect_controls(self, bar: ControlsBar) -> None:
        panel = self._panel
        bar.restart_requested.connect(panel.restart)
        bar.back_requested.connect(panel.step_back)
        bar.play_requested.connect(panel.toggle_play)
        bar.forward_requested.connect(panel.step_forward)
        bar.end_requested.connect(panel.go_to_end)
        bar.step_chosen.connect(self._on_slider)
        bar.mode_chosen.connect(panel.set_mode)
        bar.reduce_motion_toggled.connect(panel.set_reduce_motion)
        bar.table_toggled.connect(panel.set_table_shown)
        bar.fit_requested.connect(panel.fit)

    def _action(self, text: str, key: str, slot, tip: str) -> QAction:
        action = QAction(text, self._panel)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self._panel.addAction(action)
        return action

    def _on_slider(self, value: int) -> None:
        timeline = self._panel.timeline
        if timeline is not None and value != timeline.index:
            self._panel.seek(value)

    def handle(self, event: QKeyEvent) -> bool:
        """Act on a bare transport key pressed in the panel; False if it is not one."""
        panel = self._panel
        keys = {
            Qt.Key.Key_Space: panel.toggle_play,
            Qt.Key.Key_Left: panel.step_back,
            Qt.Key.Key_Right: panel.step_forward,
            Qt.Key.Key_Home: panel.restart,
            Qt.Key.Key_End: panel.go_to_end,
        }
        action = keys.get(Qt.Key(event.key()))
        if action is None or event.modifiers() not in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            return False
        action()
        event.accept()
        return True
