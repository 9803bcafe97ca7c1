"""The chain strip: x → [sin] → [sin] → [exp] → y as cards you drag, reorder and delete.

A QListView over ``ChainModel`` flowing left to right. The delegate paints each card with the
arrow before it (the first also carries the x, the last the → y). Drops are placed by the
view itself, between cards, with a visible insertion bar.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtCore import Signal as _Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDrag,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListView,
    QMenu,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from guiad.core.graph import Graph, graph_reason
from guiad.ui import theme
from guiad.ui.chain.model import MIME_CARD, PARAM_ROLE, ChainModel
from guiad.ui.guard import guarded
from guiad.ui.widgets import text_scale

Index = QModelIndex | QPersistentModelIndex

X_WIDTH = 40  # the x pill before the first card
PILL_FILL = 0.7  # how much of a pill's height its letters' diagonal may take
ARROW = 40  # the arrow before each card
Y_WIDTH = 80  # the "→ y" after the last card
CARD_HEIGHT = 44
STRIP_HEIGHT = 84
PAD = 18  # text padding inside a card
SCROLLBAR = 8  # a slim horizontal scroll bar, shown only for long chains

ACCENT = QColor(theme.FORWARD)
CARD_FILL = QColor(theme.NODE_FILL)
CARD_BORDER = QColor(theme.CARD_BORDER)
INK = QColor(theme.INK)
MUTED = QColor(theme.HINT_TEXT)
PARAM_FILL = QColor(theme.PARAM_FILL)
PARAM_BORDER = QColor(theme.BACKWARD)


def _card_font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPointSizeF(max(base.pointSizeF(), 9.0) * 1.25)
    font.setWeight(QFont.Weight.DemiBold)
    return font


def pill_font(font: QFont, rect: QRectF, text: str) -> QFont:
    """``font``, smaller where ``text``'s ink would reach the ring of the round ``rect``
    (its diagonal past PILL_FILL of the pill's height): the x and y pills keep their 30 px at
    View ▸ Presenter 2×, where the letters touched their rings."""
    font = QFont(font)
    while font.pointSizeF() > 6:
        box = QFontMetricsF(font).tightBoundingRect(text)
        if math.hypot(box.width(), box.height()) <= PILL_FILL * rect.height():
            break
        font.setPointSizeF(font.pointSizeF() - 0.5)
    return font


def _pill(painter: QPainter, rect: QRectF, text: str, font: QFont) -> None:
    painter.setPen(QPen(MUTED, 1.5))
    painter.setBrush(QColor(theme.MUTED_FILL))
    painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
    painter.setFont(pill_font(font, rect, text))
    painter.setPen(INK)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def _arrow(painter: QPainter, left: float, right: float, y: float) -> None:
    painter.setPen(QPen(MUTED, 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(QPoint(int(left + 6), int(y)), QPoint(int(right - 6), int(y)))
    tip = right - 6
    painter.drawLine(QPoint(int(tip - 6), int(y - 5)), QPoint(int(tip), int(y)))
    painter.drawLine(QPoint(int(tip - 6), int(y + 5)), QPoint(int(tip), int(y)))


class CardDelegate(QStyledItemDelegate):
    """Paints one card and the arrow leading into it."""

    @guarded(fallback=QStyledItemDelegate.sizeHint)
    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        metrics = QFontMetrics(_card_font(option.font))
        width = max(64, metrics.horizontalAdvance(str(index.data())) + 2 * PAD)
        return QSize(width + self._lead(index) + self._tail(index), STRIP_HEIGHT - 20)

    @staticmethod
    def _lead(index: Index) -> int:
        return ARROW + (X_WIDTH if index.row() == 0 else 0)

    @staticmethod
    def _tail(index: Index) -> int:
        return Y_WIDTH if index.row() == index.model().rowCount() - 1 else 0

    def card_rect(self, rect: QRect, index: Index) -> QRectF:
        top = rect.center().y() - CARD_HEIGHT / 2
        left = rect.left() + self._lead(index)
        width = rect.width() - self._lead(index) - self._tail(index)
        return QRectF(left, top, width, CARD_HEIGHT)

    @guarded
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = _card_font(option.font)
        card = self.card_rect(option.rect, index)
        mid = card.center().y()
        if index.row() == 0:
            x_pill = QRectF(option.rect.left() + 4, mid - 15, X_WIDTH - 8, 30)
            _pill(painter, x_pill, index.model().doc.graph.inputs[0], font)
        _arrow(painter, card.left() - ARROW, card.left(), mid)
        self._paint_card(painter, option, index, card, font)
        if self._tail(index):
            _arrow(painter, card.right(), card.right() + ARROW, mid)
            y_pill = QRectF(card.right() + ARROW + 4, mid - 15, X_WIDTH - 8, 30)
            _pill(painter, y_pill, "y", font)
        painter.restore()

    def _paint_card(self, painter, option, index, card: QRectF, font: QFont) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
        has_param = index.data(PARAM_ROLE) is not None
        border = ACCENT if selected else (PARAM_BORDER if has_param else CARD_BORDER)
        fill = QColor(ACCENT) if selected else (PARAM_FILL if has_param else CARD_FILL)
        if hover and not selected:
            fill = fill.darker(104)
        painter.setPen(QPen(border, 2.0 if selected else 1.4))
        painter.setBrush(fill)
        painter.drawRoundedRect(card.adjusted(1, 1, -1, -1), 9, 9)
        painter.setFont(font)
        painter.setPen(QColor(theme.PAPER) if selected else INK)
        painter.drawText(card, Qt.AlignmentFlag.AlignCenter, str(index.data()))
        if option.state & QStyle.StateFlag.State_HasFocus and selected:
            painter.setPen(QPen(QColor(theme.FOCUS_RING), 1.0, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(4, 4, -4, -4), 6, 6)


class ChainStrip(QListView):
    """The cards; emits ``param_edit_requested(row)`` on double-click/Enter of a card
    with a parameter, and ``selected_row_changed(row)`` (-1 for none)."""

    param_edit_requested = _Signal(int)
    selected_row_changed = _Signal(int)

    def __init__(self, model: ChainModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._drop_gap: int | None = None
        self._delegate = CardDelegate(self)
        self.setItemDelegate(self._delegate)
        self.setModel(model)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setSpacing(0)
        self.setUniformItemSizes(False)
        self.setMouseTracking(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFixedHeight(STRIP_HEIGHT + SCROLLBAR)  # room for the bar: cards never shift
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)  # we draw our own bar between cards
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setStyleSheet(_STYLE)
        self.setToolTip("")
        self.setAccessibleName("Chain strip")
        self.doubleClicked.connect(self._on_double_clicked)
        for sig in (
            model.rowsInserted,
            model.rowsRemoved,
            model.rowsMoved,
            model.dataChanged,
            model.modelReset,
        ):
            sig.connect(self._relayout)
        self.selectionModel().selectionChanged.connect(self._emit_selection)
        self._build_actions()

    # ---- public ----------------------------------------------------------------------

    def chain_model(self) -> ChainModel:
        return self.model()

    def selected_row(self) -> int:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model().rowCount():
            index = self.model().index(row)
            self.setCurrentIndex(index)
            self.scrollTo(index)
        else:
            self.clearSelection()

    def delete_selected(self) -> bool:
        row = self.selected_row()
        if row < 0:
            return False
        done = self.chain_model().editor.remove(row)
        self.select_row(min(row, self.model().rowCount() - 1))
        return done

    def move_selected(self, delta: int) -> bool:
        row = self.selected_row()
        return row >= 0 and self.chain_model().editor.move(row, row + delta)

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row >= 0 and self.model().index(row).data(PARAM_ROLE) is not None:
            self.param_edit_requested.emit(row)

    def card_rect(self, row: int) -> QRectF:
        """Where card ``row`` is drawn, in viewport coordinates."""
        index = self.model().index(row)
        return self._delegate.card_rect(self.visualRect(index), index)

    def gap_at(self, pos: QPoint) -> int:
        """The gap a drop at ``pos`` lands in: 0 is right after x, rowCount() before y."""
        for row in range(self.model().rowCount()):
            if pos.x() < self.card_rect(row).center().x():
                return row
        return self.model().rowCount()

    # ---- drag and drop ---------------------------------------------------------------

    @guarded
    def startDrag(self, supported: Qt.DropAction) -> None:
        # Our own drag: the model moves or deletes the card on drop, so Qt must not remove
        # the source row afterwards (its default does on a MoveAction).
        row = self.selected_row()
        if row < 0:
            return
        index = self.model().index(row)
        drag = QDrag(self)
        drag.setMimeData(self.model().mimeData([index]))
        pixmap = self._card_pixmap(row)
        drag.setPixmap(pixmap)
        size = self.card_rect(row).size()
        drag.setHotSpot(QPoint(int(size.width() / 2), int(size.height() / 2)))  # card under pointer
        drag.exec(Qt.DropAction.MoveAction | Qt.DropAction.CopyAction, Qt.DropAction.MoveAction)
        self._set_gap(None)

    def _card_pixmap(self, row: int) -> QPixmap:
        rect = self.card_rect(row).toAlignedRect()
        return self.viewport().grab(rect)

    @guarded
    def dragEnterEvent(self, event) -> None:
        self._drag_over(event)

    @guarded
    def dragMoveEvent(self, event) -> None:
        self._drag_over(event)

    @guarded
    def dragLeaveEvent(self, event) -> None:
        self._set_gap(None)
        event.accept()

    @guarded
    def dropEvent(self, event) -> None:
        gap = self.gap_at(event.position().toPoint())
        self._set_gap(None)
        action = self._action_for(event)
        if self.model().dropMimeData(event.mimeData(), action, gap, 0, QModelIndex()):
            event.setDropAction(action)
            event.accept()
            self.select_row(self.chain_model().landed_row)
            self.setFocus()
        else:
            event.ignore()

    def _drag_over(self, event) -> None:
        action = self._action_for(event)
        if self.model().canDropMimeData(event.mimeData(), action, -1, 0, QModelIndex()):
            event.setDropAction(action)
            event.accept()
            self._set_gap(self.gap_at(event.position().toPoint()))
        else:
            event.ignore()
            self._set_gap(None)

    @staticmethod
    def _action_for(event) -> Qt.DropAction:
        is_card = event.mimeData().hasFormat(MIME_CARD)
        return Qt.DropAction.MoveAction if is_card else Qt.DropAction.CopyAction

    def _set_gap(self, gap: int | None) -> None:
        if gap != self._drop_gap:
            self._drop_gap = gap
            self.viewport().update()

    def drop_gap(self) -> int | None:
        """The gap the insertion bar is shown at during a drag (None when not dragging)."""
        return self._drop_gap

    # ---- painting --------------------------------------------------------------------

    @guarded
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.model().rowCount() == 0:
            self._paint_empty(painter)
        if self._drop_gap is not None:
            self._paint_drop_bar(painter, self._drop_gap)
        painter.end()

    def _paint_empty(self, painter: QPainter) -> None:
        font = _card_font(self.font())
        mid = self.viewport().height() / 2
        inputs = self.chain_model().editor.doc.graph.inputs
        if len(inputs) > 1:  # the note names every input; one pill cannot
            self._paint_graph_note(painter, mid, left=4)
            return
        _pill(painter, QRectF(4, mid - 15, X_WIDTH - 8, 30), inputs[0], font)
        if not self.chain_model().editor.can_edit_chain():
            self._paint_graph_note(painter, mid)
            return
        slot = QRectF(X_WIDTH + ARROW, mid - CARD_HEIGHT / 2, 260, CARD_HEIGHT)
        _arrow(painter, X_WIDTH, slot.left(), mid)
        painter.setPen(QPen(CARD_BORDER, 1.4, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(slot, 9, 9)
        painter.setFont(self.font())
        painter.setPen(MUTED)
        painter.drawText(
            slot, Qt.AlignmentFlag.AlignCenter, "drag an op here, or press Enter on one"
        )
        _arrow(painter, slot.right(), slot.right() + ARROW, mid)
        _pill(painter, QRectF(slot.right() + ARROW + 4, mid - 15, X_WIDTH - 8, 30), "y", font)

    def _paint_graph_note(self, painter: QPainter, mid: float, left: float = X_WIDTH + 12) -> None:
        width = self.viewport().width() - left - 8
        note = QRectF(left, mid - CARD_HEIGHT / 2, width, CARD_HEIGHT)
        painter.setPen(QPen(QColor(theme.NOTE_BORDER), 1.4))
        painter.setBrush(QColor(theme.NOTE_FILL))
        painter.drawRoundedRect(note, 9, 9)
        painter.setPen(INK)
        text, box = graph_note(self.chain_model().editor.doc.graph), note.adjusted(12, 0, -12, 0)
        flags = (
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        )
        font = QFont(self.font())
        # a large font (View ▸ Presenter) or a narrow strip: smaller until the note fits
        while (
            font.pointSizeF() > 7
            and QFontMetrics(font).boundingRect(box.toRect(), int(flags), text).height()
            > box.height()
        ):
            font.setPointSizeF(font.pointSizeF() - 0.5)
        painter.setFont(font)
        painter.drawText(box, flags, text)

    def _paint_drop_bar(self, painter: QPainter, gap: int) -> None:
        x = self._gap_x(gap)
        mid = self.viewport().height() / 2
        half = CARD_HEIGHT / 2 + 6
        painter.setPen(QPen(ACCENT, 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(QPoint(int(x), int(mid - half)), QPoint(int(x), int(mid + half)))
        painter.setBrush(ACCENT)
        for y in (mid - half, mid + half):
            painter.drawEllipse(QRectF(x - 4, y - 4, 8, 8))

    def _gap_x(self, gap: int) -> float:
        count = self.model().rowCount()
        if count == 0:
            return X_WIDTH + ARROW / 2
        if gap < count:
            return self.card_rect(gap).left() - ARROW / 2
        return self.card_rect(count - 1).right() + ARROW / 2

    # ---- keyboard, mouse, context menu -----------------------------------------------

    def _build_actions(self) -> None:
        self.edit_action = QAction("Edit parameter…", self)
        self.edit_action.triggered.connect(self.edit_selected)
        self.delete_action = QAction("Delete", self)
        self.delete_action.triggered.connect(self.delete_selected)
        self.left_action = QAction("Move left", self)
        self.left_action.triggered.connect(lambda: self.move_selected(-1))
        self.right_action = QAction("Move right", self)
        self.right_action.triggered.connect(lambda: self.move_selected(+1))

    @guarded
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        index = self.indexAt(event.pos())
        if not index.isValid():
            return
        self.select_row(index.row())
        row, count = index.row(), self.model().rowCount()
        self.edit_action.setEnabled(index.data(PARAM_ROLE) is not None)
        self.left_action.setEnabled(row > 0)
        self.right_action.setEnabled(row < count - 1)
        menu = QMenu(self)
        menu.addActions([self.edit_action, self.left_action, self.right_action])
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(event.globalPos())

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        alt = mods & Qt.KeyboardModifier.AltModifier
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selected()
        elif alt and key == Qt.Key.Key_Left:
            self.move_selected(-1)
        elif alt and key == Qt.Key.Key_Right:
            self.move_selected(+1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit_selected()
        else:
            super().keyPressEvent(event)

    def _on_double_clicked(self, index: Index) -> None:
        if index.data(PARAM_ROLE) is not None:
            self.param_edit_requested.emit(index.row())

    def _emit_selection(self, *_) -> None:
        self.selected_row_changed.emit(self.selected_row())

    def _relayout(self, *_) -> None:
        self.scheduleDelayedItemsLayout()
        self.viewport().update()


BUILDING = "building it on the canvas (Ctrl+B leaves Build mode)"  # the note's and status's


def graph_note(graph: Graph, building: bool = False) -> str:
    """Why a graph has no cards and what to do instead (in build mode: what is being done)."""
    if building:
        return f"{graph_reason(graph)}: {BUILDING}."
    if len(graph.inputs) > 1:
        return (
            f"{graph_reason(graph)}: build it on the canvas (Build, Ctrl+B) or edit it as an "
            "expression below."
        )
    return (
        f"{graph_reason(graph)}: build it on the canvas (Build, Ctrl+B) or edit it as text below."
    )


class GraphNoteLine(QLabel):
    """The note of a graph that is not a chain, on one line in the strip's place: the strip's
    66 px of cards had nothing to show, and a several-input graph's walkthrough needed that
    room at 1280×800 (its words cut with … where narrow; all of them in the tooltip)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Graph note")
        text_scale.set_sheet(
            self,
            f"background: {theme.NOTE_FILL}; border: 1px solid {theme.NOTE_BORDER};"
            f" border-radius: 6px; padding: 2px 8px; color: {theme.INK}; font-size: 12px;",
        )

    def set_note(self, text: str) -> None:
        self._text = text
        self.setToolTip(text)
        self._elide()

    def note(self) -> str:
        return self._text

    @guarded
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = self.contentsRect().width() - 2 * self.margin() - 16  # (the sheet's padding)
        self.setText(
            self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, max(room, 0))
        )


_STYLE = f"""
QListView {{ background: transparent; }}
QScrollBar:horizontal {{ height: {SCROLLBAR}px; background: transparent; margin: 0 2px; }}
QScrollBar::handle:horizontal {{
    background: {theme.SCROLL_HANDLE}; border-radius: 4px; min-width: 40px;
}}
QScrollBar::handle:horizontal:hover {{ background: {theme.CARD_BORDER}; }}
QScrollBar::add-line:horizontal, QScrollBar::sub-line:horizontal {{ width: 0; }}
QScrollBar::add-page:horizontal, QScrollBar::sub-page:horizontal {{ background: none; }}
"""
