"""The inline box the canvas opens over a node to type its constant, parameter or input name:
Enter hands the text over and closes it; leaving it closes it unchanged."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLineEdit, QWidget


def open_box(
    parent: QWidget, centre: QPoint, text: str, name: str, enter: Callable[[QLineEdit], None]
) -> QLineEdit:
    """A box centred on ``centre`` (``parent`` coordinates) holding ``text``, all selected;
    ``enter`` gets the box on Enter."""
    box = QLineEdit(parent)
    box.setObjectName(name)
    box.setText(text)
    box.selectAll()
    box.setFixedWidth(90)
    box.move(centre.x() - 45, centre.y() - box.sizeHint().height() // 2)
    box.returnPressed.connect(lambda: enter(box))
    box.editingFinished.connect(box.deleteLater)
    box.show()
    box.setFocus()
    return box
