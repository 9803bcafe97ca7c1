"""The walkthrough's words: the phase pill and the formula banner above the graph, and the
check line (reverse f′, forward f′, a finite difference) under it."""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from guiad.anim.timeline import Kind, Phase, Step, Timeline
from guiad.core.engine import Trace
from guiad.ui import theme
from guiad.ui.widgets import text_scale

PHASE_COLORS = {
    Phase.FORWARD: theme.FORWARD,
    Phase.BACKWARD: theme.BACKWARD,
    Phase.DONE: theme.PHASE_DONE,
}


def set_style(widget: QWidget, sheet: str) -> None:
    """Set a style sheet only when it changes (re-polishing costs milliseconds)."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


def set_color(label: QLabel, color: str) -> None:
    """The label's text colour, in its palette (a style sheet for it made Qt polish the
    label again at each change and paint it through its style-sheet style)."""
    palette = label.palette()
    if palette.color(QPalette.ColorRole.WindowText) != QColor(color):
        palette.setColor(QPalette.ColorRole.WindowText, QColor(color))
        label.setPalette(palette)


def wrapped_height(label: QLabel, text: str) -> int:
    """The height ``label`` (word-wrapped, at its width) needs to show ``text``."""
    rect = QRect(0, 0, max(label.contentsRect().width(), 1), 100_000)
    flags = Qt.TextFlag.TextWordWrap if label.wordWrap() else 0
    lines = label.fontMetrics().boundingRect(rect, flags, text).height()
    margins = label.contentsMargins()
    return max(lines + margins.top() + margins.bottom(), label.minimumHeight())


def grown_height(banner: QLabel, check: QLabel, timeline: Timeline | None) -> int:
    """How much taller the banner and the check line get at their longest step (the Done
    step, say) than they are now: the room a playing walkthrough keeps for them."""
    if timeline is None:
        return 0
    texts = {step.banner for step in timeline.steps}
    tallest = max(wrapped_height(banner, text) for text in texts)
    done = wrapped_height(check, "Check:  " + timeline.check.text())
    return max(0, tallest - banner.height()) + max(0, done - check.height())


BANNER_PT = 12.5  # the step's text: the line a class reads from the back


class StepBanner(QWidget):
    """The phase pill (Forward, Backward, Done) and the step's formula, worked out."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setMinimumHeight(30)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.phase_label = QLabel()
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase_label.setToolTip("The pass the current step belongs to")
        self.set_text_scale(1.0)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.phase_label, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.banner, 1)

    def set_text_scale(self, scale: float) -> None:
        """Presenter mode: the step's text at 12.5 pt × ``scale``, the phase pill's at the
        application's base size × ``scale``."""
        font = QFont()
        font.setPointSizeF(BANNER_PT * scale)
        self.banner.setFont(font)
        pill = QFont()  # the application's font, already at its own scale: at ``scale``
        pill.setPointSizeF(pill.pointSizeF() / text_scale.current() * scale)
        self.phase_label.setFont(pill)  # (an exported 1080p frame's scale is its own)
        self.phase_label.setMinimumWidth(round(92 * scale))
        self.phase_label.setFixedHeight(round(30 * scale))

    def show_message(self, text: str) -> None:
        """No step to show: a muted message and no (empty, coloured) pill."""
        self.banner.setText(text)
        set_color(self.banner, theme.MUTED)
        self.phase_label.setText("")
        set_style(self.phase_label, "")

    def show_step(self, step: Step) -> None:
        color = PHASE_COLORS[step.phase]
        failed = step.kind in (Kind.FAILURE, Kind.BLOCKED)
        if failed or (step.kind is Kind.DONE and math.isnan(step.number)):
            color = theme.UNDEFINED
        self.banner.setText(step.banner)
        set_color(self.banner, color)
        # forward mode, several inputs: which pass, seeded how
        # ("pass 2 of 3 (by y), seed (0, 1, 0)")
        self.phase_label.setText(
            f"{step.phase.value} · {step.sweep}" if step.sweep else step.phase.value
        )
        set_style(
            self.phase_label,
            f"color: {theme.NODE_FILL}; background: {PHASE_COLORS[step.phase]};"
            "border-radius: 8px; padding: 3px 8px; font-weight: bold;",
        )


class CheckLine(QLabel):
    """At the end, f′ three ways; before it, what the end will check."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)  # long numbers must not widen the window
        self.setToolTip(
            "At the end: f′ by reverse mode (v̄₀), by forward mode (dy/dx), and a central "
            "finite difference (f(x0+h) − f(x0−h)) / 2h as an independent estimate. In "
            "reverse mode the forward pass of this check fills the table's dvᵢ/dx column."
        )

    def show_step(self, step: Step, timeline: Timeline) -> None:
        if step.phase is Phase.DONE:
            self.setText("Check:  " + timeline.check.text())
            set_color(self, theme.GRAPH_TEXT)
        elif timeline.graph.n_inputs > 1:  # several inputs: each partial three ways
            self.setText(
                "Check (at the end): each ∂f/∂input by reverse mode, by its forward-mode pass "
                "and by a central difference along that input"
            )
            set_color(self, theme.MUTED)
        else:
            self.setText(
                "Check (at the end): reverse-mode f′, forward-mode f′ and a finite difference"
            )
            set_color(self, theme.MUTED)


class CostLine(QLabel):
    """With several inputs, what the gradient costs here: reverse mode's one backward sweep
    against forward mode's sweep per input, in the operations the engine counted (the
    View ▸ Cost of the gradient meter charts it against n)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        set_color(self, theme.MUTED)
        self.setToolTip(
            "Operations the engine counted while it ran: the forward pass (values and local "
            "partials) is shared; reverse mode adds one backward sweep, forward mode one "
            "tangent sweep per input"
        )
        self.hide()

    def show_trace(self, trace: Trace | None) -> None:
        """The costs counted in ``trace`` (hidden for one input, or without a trace)."""
        if trace is None or trace.graph.n_inputs < 2 or trace.cost is None:
            self.setText("")
            self.hide()
            return
        from guiad.core.cost import gradient_cost  # (several inputs only: not the seed's)

        cost = gradient_cost(trace)
        ratio = cost.forward_ops / max(cost.reverse_ops, 1)
        self.setText(
            f"Cost of ∇f: reverse mode {cost.reverse_ops:,} ops (1 forward + 1 backward "
            f"sweep) · forward mode {cost.forward_ops:,} ops (1 forward + "
            f"{cost.forward_sweeps} tangent sweeps, one per input): {ratio:.2f}×"
        )
        self.show()
