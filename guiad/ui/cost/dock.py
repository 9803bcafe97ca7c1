"""The dock of View ▸ Cost of the gradient. Its meter (guiad/ui/cost/meter.py, ~28 ms to
import and build) is made when the dock is first shown, and reads the walkthrough's own
trace: nothing is computed again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from guiad.ui.guard import guarded

if TYPE_CHECKING:
    from guiad.anim.timeline import Timeline
    from guiad.ui.cost.meter import CostMeter


class CostDock(QDockWidget):
    def __init__(self, window: QMainWindow, settings: QSettings):
        super().__init__("Cost of the gradient", window)
        self.setObjectName("costDock")
        self.setWidget(QWidget())  # a placeholder until the dock is shown
        self._window = window
        self._settings = settings
        self._meter: CostMeter | None = None
        self._timeline: Timeline | None = None

    @property
    def meter(self) -> CostMeter:
        """The cost meter (made on first use)."""
        if self._meter is None:
            from guiad.ui.cost.meter import CostMeter

            self._meter = CostMeter()
            self._meter.use_settings(self._settings)  # the family picked last
            self.setWidget(self._meter)
            self.show_timeline(self._timeline)
        return self._meter

    def show_timeline(self, timeline: Timeline | None) -> None:
        """The walkthrough's timeline (None for a graph too large to animate)."""
        self._timeline = timeline
        if self._meter is not None:
            self._meter.set_trace(None if timeline is None else timeline.trace)

    @guarded
    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self._meter is None:
            # the dock was sized for the empty placeholder: give it the meter's width
            width = self.meter.sizeHint().width()
            self._window.resizeDocks([self], [width], Qt.Orientation.Horizontal)
        super().showEvent(event)
