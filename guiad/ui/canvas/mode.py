"""Build mode, a part of the walkthrough panel: the canvas in place of its graph while
building, the walkthrough again when playing. The window gives it the document and the undo
stack; the canvas itself is made the first time build mode is turned on (start-up pays only
for the action)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QToolButton

from guiad.core.document import ChainDocument

if TYPE_CHECKING:
    from guiad.ui.canvas.widget import BuildCanvas
    from guiad.ui.walkthrough.panel import WalkthroughPanel

QWIDGETSIZE_MAX = 16777215  # Qt's largest widget size (no maximum)
TIP = "Build the graph by hand: drop ops from the palette and wire them (Ctrl+B)"


class BuildMode(QObject):
    """Turns build mode on and off over ``panel``; ``action`` is View ▸ Build graph."""

    toggled = Signal(bool)
    room_wanted = Signal()  # the canvas redrew: its graph may want more height

    def __init__(self, panel: WalkthroughPanel, doc: ChainDocument, stack: QUndoStack):
        super().__init__(panel)
        self.panel, self.doc, self.stack = panel, doc, stack
        self._canvas: BuildCanvas | None = None
        self.action = QAction("&Build graph", self)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+B"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setStatusTip(TIP)
        self.action.setProperty("help_text", "Build mode: the canvas in place of the walkthrough")
        self.action.toggled.connect(self.set_on)
        # on the banner's row, right: the control bar has no width to spare at 1024 px
        self.button = QToolButton()
        self.button.setText("Build")
        self.button.setCheckable(True)
        self.button.setToolTip(TIP)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        panel.step_banner.layout().addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.button.toggled.connect(self.set_on)
        panel.playing_changed.connect(lambda playing: playing and self.set_on(False))
        panel.stack.currentChanged.connect(self._keep_canvas)

    @property
    def canvas(self) -> BuildCanvas:
        """The canvas (made when first asked for)."""
        if self._canvas is None:
            from guiad.ui.canvas.widget import BuildCanvas

            self._canvas = BuildCanvas(self.doc, self.stack)
            self.panel.stack.addWidget(self._canvas)
            self._canvas.view.redrawn.connect(lambda: self.is_on() and self.room_wanted.emit())
        return self._canvas

    def wanted_height(self) -> int:
        """How many pixels more the canvas needs to show its graph at full size (room for a
        few rows when it is empty; negative when it has room to spare)."""
        if self._canvas is None:
            return 0
        canvas = self._canvas
        line = canvas.message.sizeHint().height() + canvas.layout().spacing()
        room = self.panel.stack.height() - line - 2 * canvas.view.frameWidth()
        return round(canvas.view.wanted_height() - room)

    def has_canvas(self) -> bool:
        """Whether the canvas has been made (build mode was on once)."""
        return self._canvas is not None

    def is_on(self) -> bool:
        return self.action.isChecked()

    def set_on(self, on: bool) -> None:
        """The canvas over the walkthrough's graph (on), or the walkthrough again (off)."""
        on = bool(on)
        for toggle in (self.action, self.button):
            toggle.blockSignals(True)
            toggle.setChecked(on)
            toggle.blockSignals(False)
        stack = self.panel.stack
        if on:
            self.panel.pause()
            stack.setCurrentWidget(self.canvas)
            self.canvas.setFocus()
        elif self._canvas is not None and stack.currentWidget() is self._canvas:
            large = self.panel.too_large_message() is not None
            stack.setCurrentWidget(self.panel.too_large_label if large else self.panel.splitter)
            self.panel.setFocus()
        self._show_lines(not on)
        self.toggled.emit(on)

    def _show_lines(self, shown: bool) -> None:
        """The check and cost lines speak of the passes: while building, their room goes to
        the canvas (a line the panel shows again after an edit is held at no height)."""
        for line in (self.panel.check_label, self.panel.cost_label):
            line.setMaximumHeight(QWIDGETSIZE_MAX if shown else 0)
        self.panel.check_label.setVisible(shown)
        self.panel.cost_label.setVisible(shown and bool(self.panel.cost_label.text()))

    def _keep_canvas(self, index: int) -> None:
        # the panel shows its graph page after each new graph: the canvas stays while building
        if self.is_on() and self.panel.stack.currentWidget() is not self.canvas:
            self.panel.stack.setCurrentWidget(self.canvas)
