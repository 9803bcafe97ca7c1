"""The window's Edit menu and the edits it takes from the palette and the strip: undo and
redo, the selected card's actions (delete, move, its parameter), palette Enter (insert after
the selected card, wrap a graph, or onto the canvas), and the focus entries.

A part held by MainWindow (``window.edits``): it reads the window only through the public
handles EditHost declares; the window keeps ``insert_op``, ``edit_param`` and the actions
(``delete_action``, ``undo_action``, ...) as its own names for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu

from guiad.core.graph import Graph, GraphError, Node
from guiad.core.ops import OPS
from guiad.ui.window import dialogs

if TYPE_CHECKING:
    from guiad.core.document import ChainDocument
    from guiad.ui.canvas.mode import BuildMode
    from guiad.ui.chain.commands import Editor
    from guiad.ui.chain.expression_box import ExpressionBox
    from guiad.ui.chain.model import ChainModel
    from guiad.ui.chain.palette import Palette
    from guiad.ui.chain.strip import ChainStrip


def make_action(parent: QObject, text: str, slot, shortcut=None, tip: str = "") -> QAction:
    """A menu action calling ``slot``, with its shortcut(s) and status tip."""
    action = QAction(text, parent)
    if shortcut is not None:
        keys = shortcut if isinstance(shortcut, list) else [shortcut]
        action.setShortcuts([QKeySequence(k) for k in keys])
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(slot)
    return action


class EditHost(Protocol):
    """What the edits need of the window (its public handles)."""

    document: ChainDocument
    editor: Editor
    undo_stack: QUndoStack
    strip: ChainStrip
    chain_model: ChainModel
    expression_box: ExpressionBox
    palette: Palette
    palette_dock: QDockWidget
    build_mode: BuildMode


class ChainEdits:
    """The Edit menu's actions and the edits palette Enter and a card's parameter make."""

    def __init__(self, window: QMainWindow, host: EditHost):
        """``window`` parents the actions and the dialogs; ``host`` is the same window, read
        through its public handles."""
        self._window = window
        self._host = host

    def fill_menu(self, edit_menu: QMenu) -> None:
        """Make the actions (undo, redo, the cards', the focus entries) and put them in
        ``edit_menu``."""
        keys, strip, window = QKeySequence.StandardKey, self._host.strip, self._window
        self.undo_action = self._host.undo_stack.createUndoAction(window, "&Undo")
        self.undo_action.setShortcuts([QKeySequence(keys.Undo)])
        self.redo_action = self._host.undo_stack.createRedoAction(window, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_action.setProperty("help_text", "Undo")  # their text names the command
        self.redo_action.setProperty("help_text", "Redo")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        self.delete_action = make_action(window, "&Delete card", strip.delete_selected, "Delete")
        self.left_action = make_action(
            window, "Move card &left", lambda: strip.move_selected(-1), "Alt+Left"
        )
        self.right_action = make_action(
            window, "Move card &right", lambda: strip.move_selected(1), "Alt+Right"
        )
        self.param_action = make_action(window, "Edit &parameter…", strip.edit_selected)
        card_actions = [self.delete_action, self.left_action, self.right_action]
        for action in card_actions:
            # only while the strip has focus, so Delete in a text field still deletes text
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            strip.addAction(action)
        edit_menu.addActions([*card_actions, self.param_action])
        edit_menu.addSeparator()
        edit_menu.addAction(make_action(window, "&Filter ops", self._focus_filter, keys.Find))
        edit_menu.addAction(
            make_action(window, "Edit e&xpression", self._focus_expression, "Ctrl+L")
        )

    def card_selected(self, row: int) -> None:
        """The card actions follow the selected card (row -1: none); its step is marked in
        the expression."""
        has_card = row >= 0
        count = self._host.chain_model.rowCount()
        self.delete_action.setEnabled(has_card)
        self.left_action.setEnabled(has_card and row > 0)
        self.right_action.setEnabled(has_card and row < count - 1)
        step = self._host.chain_model.step_at(row)
        self.param_action.setEnabled(step is not None and step.param is not None)
        if step is not None:
            self._host.expression_box.highlight_step(row)

    def insert_op(self, name: str) -> None:
        """Palette Enter: insert after the selected card, or append; on a graph, wrap it.
        While building, and for what only the canvas takes (an op of two inputs, an input, a
        constant): onto the canvas."""
        host = self._host
        if host.build_mode.is_on() or name not in OPS or OPS[name].arity != 1:
            host.build_mode.set_on(True)
            host.build_mode.canvas.view.apply_entry(name)
            return
        if not host.editor.can_edit_chain():
            self._append_to_graph(name)
            return
        selected = host.strip.selected_row()
        row = selected + 1 if selected >= 0 else host.chain_model.rowCount()
        if host.editor.insert(row, name):
            host.strip.select_row(row)

    def _append_to_graph(self, name: str) -> None:
        graph = self._host.document.graph
        op = OPS[name]
        node = Node(name, (graph.output,), op.default if op.param else None)
        self._host.editor.set_graph(Graph((*graph.nodes, node), graph.inputs), f"Apply {op.label}")

    def edit_param(self, row: int) -> None:
        """Ask for card ``row``'s parameter and set it (a value the op refuses: a message)."""
        step = self._host.chain_model.step_at(row)
        if step is None or step.param is None:
            return
        value = dialogs.ask_param(self._window, OPS[step.op], step.param)
        if value is None:
            return
        try:
            self._host.editor.set_param(row, value)
        except GraphError as err:
            dialogs.show_error(self._window, "Invalid parameter", str(err))

    def _focus_filter(self) -> None:
        self._host.palette_dock.show()
        self._host.palette.filter_box.setFocus()
        self._host.palette.filter_box.selectAll()

    def _focus_expression(self) -> None:
        self._host.expression_box.edit.setFocus()
        self._host.expression_box.edit.selectAll()
