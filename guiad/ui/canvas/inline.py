"""The inline box the canvas opens over a node to type its constant, parameter or input name.

Enter hands the text over: the box closes if it was taken, and stays open with the text (the
reason said elsewhere) if it was refused, to be fixed. Escape or clicking away closes it
unchanged. Enter and Escape stop here: a QLineEdit passes them on to its parent, and the
canvas would take that Enter as "edit the focused node" and open a second box."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from guiad.ui.guard import guarded

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
