"""BuildCanvas: the canvas with a line above it saying what to do, or what is missing, or why
the last edit was refused, and its Tidy and Fit buttons. What the walkthrough panel shows in
place of its graph while building."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from guiad.core.document import ChainDocument, Change
from guiad.ui import theme
from guiad.ui.canvas.commands import SketchEditor
from guiad.ui.canvas.view import CanvasView
from guiad.ui.guard import guarded
from guiad.ui.widgets import text_scale

HELP = (
    "Drag ops, inputs and constants from the palette · drag from a node's right port to an "
    "input port to wire · Del deletes · right-click for more"
)


def several_outputs(count: int) -> str:
    """What the canvas does to a function of several outputs (a Python function's tuple):
    it marks one, the last, and any change here, a move too, keeps that one only."""
    return (
        f"This function has {count} outputs; the canvas builds the last (output {count}) as f: "
        "any change here, a move too, keeps only f (Undo brings the others back)"
    )


class BuildCanvas(QWidget):
    """The build canvas over ``doc``; its edits go on ``stack``."""

    def __init__(self, doc: ChainDocument, stack: QUndoStack, parent: QWidget | None = None):
        super().__init__(parent)
        self.editor = SketchEditor(doc, stack)
        self.view = CanvasView(self.editor)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("canvasMessage")
        self.tidy_action = self._action(
            "Tidy", "Ctrl+Shift+L", self.view.tidy, "Lay the graph out again"
        )
        self.fit_action = self._action("Fit", None, self.view.fit, "Show every node")
        row = QHBoxLayout()
        row.setContentsMargins(4, 0, 4, 0)
        row.addWidget(self.message, 1)
        for action in (self.tidy_action, self.fit_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        self.setFocusProxy(self.view)
        self._refused = ""
        self._note = ""
        self.view.edited.connect(self._on_edited)
        self.view.noted.connect(self._on_noted)
        doc.changed.append(self._on_document_changed)
        self._show_message()

    def _action(self, text: str, key: str | None, slot, tip: str) -> QAction:
        action = QAction(text, self)
        if key:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        action.setToolTip(f"{tip} ({key})" if key else tip)
        action.triggered.connect(slot)
        return action

    def message_text(self) -> str:
        return self.message.text()

    def _on_edited(self, why: str) -> None:
        self._refused = why
        self._show_message()

    def _on_noted(self, note: str) -> None:
        self._note = note
        self._show_message()

    @guarded
    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        # a refusal or a note is about the last edit: back in Build later, the line says
        # what to do, or what is missing
        super().hideEvent(event)
        self._show_message()

    def _on_document_changed(self, change: Change) -> None:
        self._show_message()

    def _show_message(self) -> None:
        """Why the last edit was refused, or a word on it; else what is missing; else how
        to build."""
        problem = self.editor.sketch.problem()
        if self._refused:
            text, colour = f"Not done: {self._refused}", theme.ERROR_TEXT
        elif self._note:
            text, colour = self._note, theme.TEXT
        elif problem and self.editor.sketch.ids():
            text, colour = f"f is undefined: {problem}", theme.UNDEFINED
        elif (count := len(self.editor.doc.graph.outputs)) > 1:
            text, colour = several_outputs(count), theme.UNDEFINED
        else:
            text, colour = HELP, theme.HINT_TEXT
        self.message.setText(text)
        text_scale.set_sheet(self.message, f"color: {colour}; font-size: 11px;")
        self._refused = self._note = ""
