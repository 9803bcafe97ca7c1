"""Rows of control groups that wrap: as many groups on a row as its width holds, the rest on
the rows under it. A tool bar instead hid what did not fit behind a » that opened nothing
useful (the surface view's box side by side at 1024, its N at 1920, the plots' x0)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import QSizePolicy, QWidget

from guiad.ui.guard import guarded

ROW_SPACING = 2


class FlowRows(QWidget):
    """``groups`` (each kept whole at its size hint, e.g. a caption and its box) in order,
    wrapped to the width, each row's groups centred on the row; a hidden group takes no
    room. The height follows the width (height for width), as Qt's flow layout example."""

    def __init__(self, groups: Sequence[QWidget], spacing: int = 6, parent=None):
        super().__init__(parent)
        self._groups = list(groups)
        self._spacing = spacing
        for group in self._groups:
            group.setParent(self)
            group.installEventFilter(self)  # a group that grows, shows or hides: wrap again
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._pending = False

    def _rows(self, width: int) -> list[list[QWidget]]:
        """The shown groups, row by row: a new row when the next group would not fit."""
        rows: list[list[QWidget]] = [[]]
        used = 0
        for group in self._shown():
            wanted = group.sizeHint().width()
            if rows[-1] and used + self._spacing + wanted > width:
                rows.append([])
                used = 0
            used += wanted + (self._spacing if rows[-1] else 0)
            rows[-1].append(group)
        return rows

    def _shown(self) -> list[QWidget]:
        """The groups not hidden on purpose (before the first show, Qt calls every child
        hidden)."""
        explicit = Qt.WidgetAttribute.WA_WState_ExplicitShowHide
        return [g for g in self._groups if not (g.isHidden() and g.testAttribute(explicit))]

    def rows_used(self) -> int:
        return len([row for row in self._rows(self.width()) if row])

    @staticmethod
    def _row_height(row: list[QWidget]) -> int:
        return max((group.sizeHint().height() for group in row), default=0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt override)
        heights = [self._row_height(row) for row in self._rows(width) if row]
        return sum(heights) + ROW_SPACING * max(len(heights) - 1, 0)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        shown = [g.sizeHint().width() for g in self._shown()]
        width = sum(shown) + self._spacing * max(len(shown) - 1, 0)
        return QSize(width, self.heightForWidth(max(self.width(), 1)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        # as tall as the rows at the width it has (at its narrowest, one group a row, the
        # plots' minimum took 12 px from the walkthrough at 1280×800: 30-op chain cut off)
        widest = max((g.sizeHint().width() for g in self._shown()), default=0)
        return QSize(widest, self.heightForWidth(max(self.width(), widest)))

    def _place(self) -> None:
        self._pending = False
        top = 0
        for row in self._rows(self.width()):
            height, left = self._row_height(row), 0
            for group in row:
                hint = group.sizeHint()
                group.setGeometry(QRect(left, top + (height - hint.height()) // 2, *hint.toTuple()))
                left += hint.width() + self._spacing
            top += height + ROW_SPACING
        if self.height() != self.heightForWidth(self.width()):
            self.updateGeometry()  # (a row more or less: the parent gives the new height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kinds = (QEvent.Type.LayoutRequest, QEvent.Type.ShowToParent, QEvent.Type.HideToParent)
        if event.type() in kinds and not self._pending:
            self._pending = True
            self.updateGeometry()
            QTimer.singleShot(0, self, self._place)
        return False

    @guarded
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._place()

    @guarded
    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._place()
