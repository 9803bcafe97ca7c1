"""The op palette: a filter box over a grouped list of ops to drag into the chain strip."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDrag, QFont, QFontMetricsF, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from guiad.ui import theme
from guiad.ui.chain.model import FORMULA_ROLE, HEADER_ROLE, OP_ROLE, PaletteFilter, PaletteModel
from guiad.ui.guard import guarded

Index = QModelIndex | QPersistentModelIndex


class _Fonts:
    """The header's and the formula's fonts and metrics, made once per view font: a QFont
    and QFontMetrics made per row cost ~40 µs a row at the first frame."""

    def __init__(self, base: QFont):
        self.header_font = QFont(base)
        self.header_font.setBold(True)
        self.header_font.setPointSizeF(base.pointSizeF() * 0.85)
        self.header_font.setCapitalization(QFont.Capitalization.AllUppercase)
        self.header = QFontMetricsF(self.header_font)
        self.formula_font = QFont(base)
        self.formula_font.setPointSizeF(base.pointSizeF() * 0.9)
        self.formula = QFontMetricsF(self.formula_font)


def _baseline(rect: QRect, metrics: QFontMetricsF) -> float:
    """Where QPainter.drawText(rect, AlignVCenter, text) puts the baseline of one line (the
    text is drawn at that point instead, which skips a QTextLayout)."""
    ascent, descent = metrics.ascent(), metrics.descent()
    return rect.top() + (rect.height() - ascent - descent) / 2 + ascent


class _PaletteDelegate(QStyledItemDelegate):
    """Group headers as small caps captions; ops as the default icon + text rows."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._fonts: tuple[str, _Fonts] | None = None

    @guarded
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        fonts = self._fonts_for(option.font)
        if not index.data(HEADER_ROLE):
            super().paint(painter, option, index)
            self._paint_formula(painter, option, index.data(FORMULA_ROLE), fonts)
            return
        painter.save()
        painter.setFont(fonts.header_font)
        painter.setPen(QColor(theme.HINT_TEXT))
        rect = QRect(option.rect).adjusted(6, 8, -4, 0)
        title = str(index.data())
        if fonts.header.horizontalAdvance(title) > rect.width():  # a narrow palette cuts it
            painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
        painter.drawText(QPointF(rect.left(), _baseline(rect, fonts.header)), title)
        painter.restore()

    def _fonts_for(self, base: QFont) -> _Fonts:
        key = base.key()
        if self._fonts is None or self._fonts[0] != key:
            self._fonts = (key, _Fonts(base))
        return self._fonts[1]

    @staticmethod
    def _paint_formula(painter: QPainter, option, formula: str | None, fonts: _Fonts) -> None:
        """The op's formula, muted and right-aligned, so the list reads like a table."""
        if not formula:
            return
        painter.save()
        painter.setFont(fonts.formula_font)
        selected = option.state & QStyle.StateFlag.State_Selected
        painter.setPen(
            option.palette.highlightedText().color() if selected else QColor(theme.HINT_TEXT)
        )
        rect = QRect(option.rect).adjusted(option.rect.width() // 2, 0, -8, 0)
        width = fonts.formula.horizontalAdvance(formula)
        if width > rect.width():
            formula = fonts.formula.elidedText(formula, Qt.TextElideMode.ElideLeft, rect.width())
            width = fonts.formula.horizontalAdvance(formula)
        left = rect.left() + rect.width() - width
        painter.drawText(QPointF(left, _baseline(rect, fonts.formula)), formula)
        painter.restore()


class _PaletteList(QListView):
    """The op list: drags ops out, takes cards back (to delete them), Enter activates."""

    activated_op = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setIconSize(QSize(26, 26))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setUniformItemSizes(False)
        self.setItemDelegate(_PaletteDelegate(self))
        self.doubleClicked.connect(self._activate)

    @guarded
    def startDrag(self, supported: Qt.DropAction) -> None:
        # Our own drag: Qt's default would also try to remove the source rows on a move.
        indexes = [i for i in self.selectedIndexes() if i.data(OP_ROLE)]
        if not indexes:
            return
        drag = QDrag(self)
        drag.setMimeData(self.model().mimeData(indexes))
        drag.setPixmap(indexes[0].data(Qt.ItemDataRole.DecorationRole).pixmap(32, 32))
        drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)

    @guarded
    def dragEnterEvent(self, event) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    @guarded
    def dragMoveEvent(self, event) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    @guarded
    def dropEvent(self, event) -> None:
        """A card dropped anywhere on the palette is deleted from the chain."""
        model = self.model()
        if model.dropMimeData(event.mimeData(), event.dropAction(), -1, 0, QModelIndex()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def _accepts(self, event) -> bool:
        model = self.model()
        return event.source() is not self and model.canDropMimeData(
            event.mimeData(), event.dropAction(), -1, 0, QModelIndex()
        )

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activate(self.currentIndex())
            return
        super().keyPressEvent(event)

    def _activate(self, index: Index) -> None:
        name = index.data(OP_ROLE)
        if name:
            self.activated_op.emit(name)


class Palette(QWidget):
    """Filter box + op list. Emits ``op_activated(name)`` on Enter or double-click."""

    op_activated = Signal(str)

    def __init__(self, model: PaletteModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.proxy = PaletteFilter(model, self)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText("Filter ops…  (Ctrl+F)")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.setToolTip(
            "Type to narrow the palette; Down moves into the list, Escape clears the filter"
        )
        self.list = _PaletteList(self)
        self.list.setModel(self.proxy)
        self.list.setToolTip("")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(6)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.list)
        self.setFocusProxy(self.filter_box)
        self.filter_box.textChanged.connect(self.set_filter)
        self.filter_box.returnPressed.connect(self._activate_first)
        self.filter_box.installEventFilter(self)
        self.list.activated_op.connect(self.op_activated)

    def set_filter(self, text: str) -> None:
        if self.filter_box.text() != text:
            self.filter_box.setText(text)
            return
        self.proxy.set_text(text)

    def visible_op_names(self) -> list[str]:
        """The ops the filter lets through, in palette order (for tests and the status bar)."""
        names = []
        for row in range(self.proxy.rowCount()):
            name = self.proxy.index(row, 0).data(OP_ROLE)
            if name:
                names.append(name)
        return names

    def select_op(self, name: str) -> None:
        source_row = self.model.row_of(name)
        index = self.proxy.mapFromSource(self.model.index(source_row))
        if index.isValid():
            self.list.setCurrentIndex(index)

    def _best_name(self) -> str | None:
        """The op Enter or Down in the filter box means: the one named as typed ("sub", not
        "rsub" listed above it), else the first listed."""
        names = self.visible_op_names()
        typed = self.filter_box.text().strip().lower()
        return next((name for name in names if name == typed), names[0] if names else None)

    def _activate_first(self) -> None:
        name = self._best_name()
        if name is not None:
            self.op_activated.emit(name)

    @guarded(default=False)
    def eventFilter(self, watched, event) -> bool:
        # as in a search field: Down moves into the list, Escape clears the filter
        if (
            watched is not self.filter_box
            or not isinstance(event, QKeyEvent)
            or event.type() != QKeyEvent.Type.KeyPress
        ):
            return super().eventFilter(watched, event)
        if event.key() == Qt.Key.Key_Down:
            name = self._best_name()
            if name is not None:
                self.select_op(name)
            self.list.setFocus()
            return True
        if event.key() == Qt.Key.Key_Escape and self.filter_box.text():
            self.filter_box.clear()
            return True
        return super().eventFilter(watched, event)
