"""Every user edit as a QUndoCommand, and ``Editor``: the one door views use to edit.

Views (palette, strip, expression box) never change the document themselves; they call an
Editor method, which pushes a command, so every edit can be undone and named in the menu.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QUndoCommand, QUndoStack

from guiad.core.document import ChainDocument
from guiad.core.expression import format_number
from guiad.core.fileformat import Document
from guiad.core.graph import Graph, GraphError, Step
from guiad.core.ops import OPS
from guiad.ui.guard import guarded


def step_name(step: Step) -> str:
    """The op as people read it in the Edit menu: 'sin', 'a·u (a = 2)'."""
    op = OPS[step.op]
    if step.param is None:
        return op.label
    return f"{op.label} ({op.param} = {format_number(step.param)})"


class _Command(QUndoCommand):
    """A command's ``apply`` and ``revert``, run by Qt (push, undo, redo).

    A view that follows the document runs inside these overrides, so they are guarded
    (guiad/ui/guard.py): a bug in a view goes to the app's error dialog, not a segfault that
    takes the user's work down with it.
    """

    @guarded
    def redo(self) -> None:
        self.apply()

    @guarded
    def undo(self) -> None:
        self.revert()

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError


class InsertStep(_Command):
    def __init__(self, doc: ChainDocument, row: int, step: Step):
        super().__init__(f"Insert {step_name(step)}")
        self.doc, self.row, self.step = doc, row, step

    def apply(self) -> None:
        self.doc.insert(self.row, self.step)

    def revert(self) -> None:
        self.doc.remove(self.row)


class RemoveStep(_Command):
    def __init__(self, doc: ChainDocument, row: int):
        step = doc.steps()[row]
        super().__init__(f"Delete {step_name(step)}")
        self.doc, self.row, self.step = doc, row, step

    def apply(self) -> None:
        self.doc.remove(self.row)

    def revert(self) -> None:
        self.doc.insert(self.row, self.step)


class MoveStep(_Command):
    def __init__(self, doc: ChainDocument, row: int, to: int):
        step = doc.steps()[row]
        direction = "left" if to < row else "right"
        super().__init__(f"Move {step_name(step)} {direction}")
        self.doc, self.row, self.to = doc, row, to

    def apply(self) -> None:
        self.doc.move(self.row, self.to)

    def revert(self) -> None:
        self.doc.move(self.to, self.row)


class SetParam(_Command):
    def __init__(self, doc: ChainDocument, row: int, value: float):
        old = doc.steps()[row]
        op = OPS[old.op]
        super().__init__(f"Set {op.param} of {op.label} to {format_number(value)}")
        self.doc, self.row, self.old, self.new = doc, row, old.param, value

    def apply(self) -> None:
        self.doc.set_param(self.row, self.new)

    def revert(self) -> None:
        self.doc.set_param(self.row, self.old)


class SetGraph(_Command):
    """Replace the whole graph (a typed expression); the view settings stay."""

    def __init__(self, doc: ChainDocument, new: Graph, text: str):
        super().__init__(text)
        self.doc, self.old, self.new = doc, doc.graph, new

    def apply(self) -> None:
        self.doc.set_graph(self.new)

    def revert(self) -> None:
        self.doc.set_graph(self.old)


class LoadDocument(_Command):
    """Replace graph and settings: New, an example, a file. Undo also brings back the file
    the old document came from, so Save after an undone Open never writes into the wrong file.
    """

    def __init__(self, editor: Editor, new: Document, text: str, source: Path | None):
        super().__init__(text)
        self.editor = editor
        self.old, self.old_source = editor.doc.to_document(), editor.source
        self.new, self.new_source = new, source

    def apply(self) -> None:
        self.editor.set_source(self.new_source)
        self.editor.doc.set_document(self.new)

    def revert(self) -> None:
        self.editor.set_source(self.old_source)
        self.editor.doc.set_document(self.old)


class Editor:
    """Edits the document through the undo stack; refuses edits that make no sense."""

    def __init__(self, doc: ChainDocument, stack: QUndoStack):
        self.doc = doc
        self.stack = stack
        self.source: Path | None = None  # the file the document was loaded from or saved to
        self.source_changed: list[Callable[[Path | None], None]] = []

    def set_source(self, path: Path | None) -> None:
        self.source = path
        for listener in list(self.source_changed):
            listener(path)

    def can_edit_chain(self) -> bool:
        return self.doc.steps() is not None

    def row_count(self) -> int:
        steps = self.doc.steps()
        return 0 if steps is None else len(steps)

    def insert(self, row: int, op_name: str, param: float | None = None) -> bool:
        op = OPS.get(op_name)
        if op is None or op.arity != 1 or not self.can_edit_chain():
            return False
        if op.param is not None and param is None:
            param = op.default
        row = max(0, min(row, self.row_count()))
        self.stack.push(InsertStep(self.doc, row, Step(op_name, param)))
        return True

    def remove(self, row: int) -> bool:
        if not 0 <= row < self.row_count():
            return False
        self.stack.push(RemoveStep(self.doc, row))
        return True

    def move(self, row: int, to: int) -> bool:
        count = self.row_count()
        if not (0 <= row < count and 0 <= to < count) or row == to:
            return False
        self.stack.push(MoveStep(self.doc, row, to))
        return True

    def set_param(self, row: int, value: float) -> None:
        """Raise GraphError (with a reason) for a value the op cannot take."""
        if not 0 <= row < self.row_count():
            raise GraphError(f"no step {row}")
        step = self.doc.steps()[row]
        Step(step.op, value)  # validate before pushing, so the stack only holds good edits
        if value != step.param:
            self.stack.push(SetParam(self.doc, row, float(value)))

    def set_graph(self, graph: Graph, text: str = "Edit expression") -> bool:
        if graph == self.doc.graph:
            return False
        self.stack.push(SetGraph(self.doc, graph, text))
        return True

    def load(self, doc: Document, text: str, source: Path | None = None) -> None:
        """Replace everything (undoable); ``source`` is the file it came from, if any."""
        self.stack.push(LoadDocument(self, doc, text, source))
