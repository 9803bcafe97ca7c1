"""Words for a beginner over the walkthrough: a glossary tooltip on every v̄, v̇ and ∂ label,
and a plain-language note the first time the backward pass starts (guiad.anim.glossary has
the words)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolTip, QVBoxLayout

from guiad.anim import glossary
from guiad.anim.timeline import Kind, Phase
from guiad.ui import theme
from guiad.ui.guard import guarded
from guiad.ui.tutor import placement
from guiad.ui.walkthrough.panel import WalkthroughPanel
from guiad.ui.widgets import text_scale

NOTE_WIDTH = 380


class GlossaryTips(QObject):
    """Hovering a label of the walkthrough's graph shows what its symbols mean."""

    def __init__(self, panel: WalkthroughPanel):
        super().__init__(panel)
        self.panel = panel
        panel.view.viewport().installEventFilter(self)

    def text_at(self, pos) -> str:
        """The tooltip for what is under ``pos`` (viewport coordinates); "" for nothing."""
        for item in self.panel.view.items(pos):
            if hasattr(item, "text") and callable(item.text):  # a label
                words = glossary.tooltip(item.text())
                if words:
                    return words
            elif item.toolTip():  # a node: "v₂: log"
                words = glossary.tooltip(item.toolTip())
                return f"{item.toolTip()}\n\n{words}" if words else ""
        return ""

    @guarded
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if event.type() != QEvent.Type.ToolTip:
            return False
        text = self.text_at(event.pos())
        if not text:
            return False  # the view's own tooltips
        QToolTip.showText(event.globalPos(), text, self.panel.view.viewport())
        return True


class BackwardNote(QFrame):
    """What the backward pass is, shown over the graph the first time it starts."""

    def __init__(self, panel: WalkthroughPanel, keep_clear: Callable[[], list[QRect]]):
        """``keep_clear``: what else over the graph the note must not cover (the tutor's box)."""
        super().__init__(panel.view.viewport())
        self.panel = panel
        self.keep_clear = keep_clear
        self.seen = False  # once a session
        self.setObjectName("backwardNote")
        self.setStyleSheet(
            f"#backwardNote {{ background: {theme.PAPER}; border: 2px solid {theme.BACKWARD};"
            " border-radius: 6px; }"
        )
        self.setFixedWidth(NOTE_WIDTH)
        self.text = QLabel(glossary.BACKWARD_NOTE)
        self.text.setWordWrap(True)
        self.ok_button = QPushButton("Got it")
        self.ok_button.clicked.connect(self.hide)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.text)
        layout.addLayout(row)
        self.hide()
        panel.step_changed.connect(self._on_step)

    @guarded
    def _on_step(self, *_args) -> None:
        timeline = self.panel.timeline
        if timeline is None:
            return
        step = timeline.current
        if step.phase is not Phase.BACKWARD or step.kind is not Kind.SEED:
            # read at the seed; gone once the student steps on (at 2× presenter text, left
            # up, it covered the numbers the next questions ask about)
            self.hide()
        elif not self.seen:
            self.seen = True
            self.show_over(step)

    def show_over(self, step) -> None:
        """Show the note clear of what ``step`` needs and of the tutor's box."""
        width = text_scale.scaled(NOTE_WIDTH)  # (View ▸ Presenter: wider with its words)
        self.setFixedWidth(width)
        placement.fit_height(self, width)
        self.show()
        self.raise_()  # (it takes no focus: the keys still step the walkthrough)
        placement.place(self.panel, self, step, None, self.keep_clear())
