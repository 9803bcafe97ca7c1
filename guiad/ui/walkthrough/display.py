"""What the walkthrough panel shows of its timeline's current step: the graph (at once, or
after a token has travelled along the step's edge), the banner, the check line, the table
and the trace at the step's numbers, and the step counter; or, for a graph too large to
animate, a message in place of the graph.

A part held by WalkthroughPanel (``panel.display``): it is given the widgets it draws on
(``DisplayWidgets``) and reads the panel only through the public methods StepDisplayHost
declares. The panel keeps the state (timeline, mode, speed) and says when to draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QAbstractAnimation, QEasingCurve, QObject, QVariantAnimation, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QWidget

from guiad.ui import theme
from guiad.ui.walkthrough.banner import CheckLine, CostLine, StepBanner, set_style

if TYPE_CHECKING:
    from guiad.anim.timeline import Mode, Timeline
    from guiad.ui.walkthrough.controls import ControlsBar
    from guiad.ui.walkthrough.derivation_view import DerivationView
    from guiad.ui.walkthrough.scene import GraphScene
    from guiad.ui.walkthrough.table import WalkthroughTable, WalkthroughTableModel
    from guiad.ui.walkthrough.trace import TraceModel
    from guiad.ui.walkthrough.view import GraphView


@dataclass(frozen=True)
class DisplayWidgets:
    """The panel's widgets a step is drawn on."""

    scene: GraphScene
    view: GraphView
    model: WalkthroughTableModel
    table: WalkthroughTable
    trace_model: TraceModel
    step_banner: StepBanner
    check_label: CheckLine
    cost_label: CostLine
    controls: ControlsBar
    stack: QStackedWidget  # the graph and table (``graph_area``), or the too-large message
    graph_area: QWidget
    too_large_label: QLabel
    derivation: DerivationView


class StepDisplayHost(Protocol):
    """What the display needs of its panel."""

    @property
    def timeline(self) -> Timeline | None: ...

    def mode(self) -> Mode: ...
    def token_duration(self) -> int: ...  # milliseconds, at the panel's speed


class StepDisplay(QObject):
    """Draws the panel's current step; sends the token that animates a step forward."""

    token_moved = Signal(float)  # the token's progress along its edge, 0 → 1
    token_arrived = Signal()  # the step's numbers have landed

    def __init__(self, host: StepDisplayHost, widgets: DisplayWidgets, parent: QObject):
        super().__init__(parent)
        self._host = host
        self._w = widgets
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._animation.valueChanged.connect(self._on_token_moved)
        self._animation.finished.connect(self._on_token_arrived)

    def set_timeline(self, timeline: Timeline | None) -> None:
        """The table, the evaluation trace and the cost line follow a new timeline."""
        self._w.model.set_timeline(timeline)
        self._w.trace_model.set_timeline(timeline)
        self._w.derivation.set_timeline(timeline)
        self._w.cost_label.show_trace(None if timeline is None else timeline.trace)

    def show_numbers(self, index: int) -> None:
        """The table and the trace show the numbers of step ``index``."""
        self._w.model.show_step(index)
        self._w.trace_model.show_step(index)

    def show_too_large(self, message: str | None) -> None:
        """Show ``message`` in place of the graph and disable the controls (None: undo that)."""
        w = self._w
        if message is not None:  # (styled when first shown: most sessions never show it)
            set_style(w.too_large_label, f"color: {theme.MUTED}; padding: 24px;")
        w.too_large_label.setText(message or "")
        w.stack.setCurrentWidget(w.graph_area if message is None else w.too_large_label)
        w.controls.set_controls_enabled(message is None)

    def show_current(self, animate: bool, reduce_motion: bool, too_large: bool) -> None:
        """The current step everywhere; with ``animate`` (and motion not reduced) the graph
        and the numbers follow when the token arrives."""
        timeline, w = self._host.timeline, self._w
        if timeline is None:
            if not too_large:
                text = "Build a chain (or type an expression) to see the walkthrough."
            else:
                text = "Too many nodes to animate."
            w.step_banner.show_message(text)
            w.check_label.setText("")
            w.controls.show_position(0, 0)
            return
        step = timeline.current
        if not animate:
            self.show_numbers(timeline.index)
        w.table.follow(step.node)
        w.step_banner.show_step(step)
        w.check_label.show_step(step, timeline)
        w.controls.show_position(timeline.index, len(timeline))
        w.view.follow(step.node)
        if not (animate and not reduce_motion and self._start_token(timeline)):
            self.stop_token()
            w.scene.show_step(step, self._host.mode())
            self.show_numbers(timeline.index)

    # ---- the token ----------------------------------------------------------------------

    def is_animating(self) -> bool:
        """Whether a token is travelling (the step's numbers have not landed yet)."""
        return self._animation.state() == QAbstractAnimation.State.Running

    def _start_token(self, timeline: Timeline) -> bool:
        """Send a token along the step's edge; the graph and table show the step once it
        arrives."""
        self._animation.stop()
        if timeline.index == 0:
            return False
        before = timeline.index - 1
        self._w.scene.show_step(timeline.steps[before], self._host.mode())
        self.show_numbers(before)
        if not self._w.scene.start_token(timeline.current):
            return False
        self._animation.setDuration(self._host.token_duration())
        self._animation.start()
        return True

    def stop_token(self) -> None:
        """Stop the token where it is and show the current step in full."""
        if self._animation.state() != QAbstractAnimation.State.Stopped:
            self._animation.stop()
            self._show_step_in_full()
        self._w.scene.hide_token()

    def _show_step_in_full(self) -> None:
        timeline = self._host.timeline
        if timeline is not None:
            self._w.scene.show_step(timeline.current, self._host.mode())
            self.show_numbers(timeline.index)

    def _on_token_arrived(self) -> None:
        self._w.scene.hide_token()
        self._show_step_in_full()
        self.token_arrived.emit()

    def _on_token_moved(self, value) -> None:
        self._w.scene.set_token_progress(float(value))
        self.token_moved.emit(float(value))
