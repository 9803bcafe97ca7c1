"""Every canvas edit as one QUndoCommand holding the sketch before and after, and
``SketchEditor``, the canvas's one door to the document (as chain.commands.Editor is the
strip's)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtGui import QUndoCommand, QUndoStack

from guiad.core.document import ChainDocument
from guiad.core.sketch import Sketch, SketchError
from guiad.ui.guard import guarded

Point = tuple[float, float]


class SetSketch(QUndoCommand):
    """Replace the document's sketch; undo puts the one before back exactly."""

    def __init__(self, doc: ChainDocument, before: Sketch, after: Sketch, text: str):
        super().__init__(text)
        self.doc, self.before, self.after = doc, before, after

    @guarded
    def redo(self) -> None:
        self.doc.set_sketch(self.after)

    @guarded
    def undo(self) -> None:
        self.doc.set_sketch(self.before)


class SketchEditor:
    """Pushes canvas edits on the window's undo stack. ``placed`` gives scene positions of
    nodes the user never placed (drawn where the layout put them): they are written into
    the sketch with the first edit, so no node jumps when the layout of the rest changes."""

    def __init__(self, doc: ChainDocument, stack: QUndoStack):
        self.doc = doc
        self.stack = stack
        self.placed: Callable[[], Mapping[int, Point]] = dict

    @property
    def sketch(self) -> Sketch:
        return self.doc.sketch

    def edit(self, text: str, change: Callable[[Sketch], Sketch]) -> str | None:
        """Apply ``change`` to the sketch as one undoable command named ``text``; the reason
        if the core refuses it (nothing is pushed then)."""
        before = self.sketch
        base = self._with_places(before)
        try:
            after = change(base)
        except SketchError as error:
            return str(error)
        if after != base:
            self.stack.push(SetSketch(self.doc, before, after, text))
        return None

    def edit_new(self, text: str, change: Callable[[Sketch], tuple[Sketch, int]]) -> int | str:
        """As ``edit`` for an edit that makes a node: its id, or the reason it was refused."""
        made: list[int] = []

        def run(sketch: Sketch) -> Sketch:
            after, new = change(sketch)
            made.append(new)
            return after

        why = self.edit(text, run)
        return why if why is not None else made[0]

    def _with_places(self, sketch: Sketch) -> Sketch:
        missing = {
            i: p
            for i, p in self.placed().items()
            if i in sketch.ids() and sketch.node(i).pos is None
        }
        return sketch.moved(missing) if missing else sketch
