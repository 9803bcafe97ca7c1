"""The expression's error line, drawn over the window just under the expression instead of in
the layout: in the layout each error pushed the plots and their tool bar down ~20 px, and
keeping its room for good took that much from the walkthrough at 1280×800 (issue 22 item 7).

It covers the top of the plots only while an error shows: the next key typed in the
expression (or Escape) takes it away.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtWidgets import QLineEdit, QMainWindow

from guiad.ui import theme
from guiad.ui.chain.expression_box import ExpressionBox


class ErrorOverlay(QObject):
    """Takes ``box.error`` out of the box's layout and keeps it under ``box.edit``."""

    def __init__(self, box: ExpressionBox, window: QMainWindow):
        super().__init__(window)
        self._box = box
        self._window = window
        error = box.error
        box.layout().removeWidget(error)
        error.setParent(window)
        error.hide()
        error.setStyleSheet(
            f"color: {theme.ERROR_TEXT}; background: {theme.FAILED_FILL};"
            f" border: 1px solid {theme.UNDEFINED}; border-radius: 3px; padding: 2px 6px;"
        )
        for watched in (error, box.edit, window):
            watched.installEventFilter(self)
        self._fit_edit()

    def _fit_edit(self) -> None:
        """The edit keeps its plain height under the error's thicker frame (that frame alone
        moved the plots 4 px as it came and went; reserving it took 4 px from the
        walkthrough, which must keep 40% of a 1024×768 window)."""
        plain = QLineEdit()
        plain.setFont(self._box.edit.font())
        self._box.edit.setFixedHeight(plain.sizeHint().height())
        plain.deleteLater()

    def place(self) -> None:
        """Under the edit, as wide as it (wrapped to as many lines as it needs)."""
        edit, error = self._box.edit, self._box.error
        if error.isHidden():
            return
        corner = edit.mapTo(self._window, QPoint(0, edit.height() + 2))
        width = edit.width()
        error.setGeometry(corner.x(), corner.y(), width, error.heightForWidth(width))
        error.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QEvent.Type.FontChange and watched is self._box.edit:
            self._fit_edit()  # (View ▸ Presenter)
        if kind in (QEvent.Type.Show, QEvent.Type.Resize, QEvent.Type.Move):
            self.place()
        return False
