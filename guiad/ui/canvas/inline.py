"""The inline box the canvas opens over a node to type its constant, parameter or input name,
and ``NodeBoxes``, the part of the canvas view that opens it and applies what is typed.

Enter hands the text over: the box closes if it was taken, and stays open with the text (the
reason said elsewhere) if it was refused, to be fixed. Escape or clicking away closes it
unchanged. Enter and Escape stop here: a QLineEdit passes them on to its parent, and the
canvas would take that Enter as "edit the focused node" and open a second box."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from guiad.core.graph import INPUT, input_order_words
from guiad.core.plot_data import parse_real
from guiad.core.sketch import SketchError
from guiad.ui.guard import guarded

if TYPE_CHECKING:
    from guiad.ui.canvas.view import CanvasView

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class InlineBox(QLineEdit):
    """See the module docstring; ``enter`` gets the text and says whether it was taken."""

    def __init__(
        self,
        parent: QWidget,
        back: QWidget,
        enter: Callable[[str], bool],
        closed: Callable[[], None],
    ):
        super().__init__(parent)
        self._back, self._enter, self._closed = back, enter, closed

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        if key in _ENTER:
            if self._enter(self.text()):
                self.close_box()
            else:
                self.selectAll()
        elif key == Qt.Key.Key_Escape:
            self.close_box()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    @guarded
    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        if self.isVisible() and event.reason() != Qt.FocusReason.PopupFocusReason:
            self.hide()
            self.deleteLater()
            self._closed()

    def close_box(self) -> None:
        self.hide()
        self._back.setFocus()
        self.deleteLater()
        self._closed()


def open_box(
    parent: QWidget,
    back: QWidget,
    centre: QPoint,
    text: str,
    name: str,
    enter: Callable[[str], bool],
    closed: Callable[[], None] = lambda: None,
) -> InlineBox:
    """A box centred on ``centre`` (``parent`` coordinates) holding ``text``, all selected;
    focus goes back to ``back`` when it closes, and ``closed`` is called (the note by the
    node, a refusal's reason, goes with the box: it could cover a neighbouring node)."""
    box = InlineBox(parent, back, enter, closed)
    box.setObjectName(name)
    box.setText(text)
    box.selectAll()
    box.setFixedWidth(90)
    box.move(centre.x() - 45, centre.y() - box.sizeHint().height() // 2)
    box.show()
    box.setFocus()
    return box


class NodeBoxes:
    """The inline boxes of one canvas view: a constant's or a parameter's value, an input's
    name. Edits go through the view (one undo step each); refusals are said through its
    ``edited`` signal, a rename that moves the input in guiad's order through ``noted``."""

    def __init__(self, view: CanvasView):
        self.view = view
        self._box: QLineEdit | None = None

    def open(self, id: int) -> bool:
        """A box over node ``id`` for its constant or parameter (Enter sets it), or for an
        input's name (Enter renames it); False for a node with neither."""
        view = self.view
        node = view.editor.sketch.node(id)
        if node.op == INPUT:
            text, name, enter = node.name or "", "canvasNameBox", self._set_name
        elif node.param is not None:
            text, name, enter = f"{node.param:g}", "canvasValueBox", self._set_value
        else:
            return False
        scene = view.canvas_scene
        self._box = open_box(
            view.viewport(),
            view,
            view.mapFromScene(scene.nodes[id].pos()),
            text,
            name,
            lambda typed: enter(id, typed.strip()),
            lambda: scene.say("", QPointF()),
        )
        return True

    def box(self) -> QLineEdit | None:
        """The box open now, if any."""
        try:
            return self._box if self._box is not None and self._box.isVisible() else None
        except RuntimeError:  # deleted
            return None

    def _set_value(self, id: int, text: str) -> bool:
        """Whether ``text`` was taken as node ``id``'s value (else the reason is said)."""
        view = self.view
        if id not in view.editor.sketch.ids():
            return True  # the node went (an undo) while the box was open: nothing to set
        try:  # as the other boxes read numbers: 2.5, −1, pi/2; only what the views can draw
            value = parse_real(text, "the value")
        except ValueError as error:
            view.edited.emit(str(error))
            return False
        view.edit(f"Set {view.name_of(id)} to {text}", lambda s: s.set_param(id, value))
        return True

    def _set_name(self, id: int, name: str) -> bool:
        """Whether input ``id`` was renamed ``name``; a refused name changes nothing and is
        said on the canvas's message line and by the node."""
        view = self.view
        if id not in view.editor.sketch.ids():
            return True
        old = view.name_of(id)
        try:
            view.editor.sketch.rename_input(id, name)
        except SketchError as error:
            view.edited.emit(str(error))
            view.canvas_scene.say(str(error), view.canvas_scene.nodes[id].pos(), bad=True)
            return False
        before = view.editor.sketch.inputs()
        if view.edit(f"Rename input {old} to {name}", lambda s: s.rename_input(id, name)):
            after = view.editor.sketch.inputs()
            if before.index(old) != after.index(name):  # guiad's one order moved it
                view.noted.emit(
                    f"{old} renamed {name}: inputs go {input_order_words()}, so the order is now "
                    f"{', '.join(after)}; each keeps its range and point"
                )
        return True
