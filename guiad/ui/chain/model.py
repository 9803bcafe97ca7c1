"""Thin Qt list models over the op table and the chain document, with drag and drop.

Two MIME types travel between the views: ``MIME_OP`` (op names, dragged from the palette) and
``MIME_CARD`` (a card of the strip: its row and the document it belongs to). Drops never edit
the document directly: they call the ``Editor`` so every drop is one undoable command.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
)

from guiad.anim.notation import op_text
from guiad.core import session_ops
from guiad.core.document import INSERT, MOVE, PARAM, REMOVE, RESET, Change
from guiad.core.expression import format_number
from guiad.core.graph import CONST, INPUT, GraphError, Step
from guiad.core.ops import GROUPS, OPS, Op, ops_in_group
from guiad.ui import theme
from guiad.ui.chain.commands import Editor
from guiad.ui.guard import guarded
from guiad.ui.resources import op_icon, tile_icon

MIME_OP = "application/x-guiad-op"
MIME_CARD = "application/x-guiad-card"

OP_ROLE = Qt.ItemDataRole.UserRole + 1  # the op's table name
HEADER_ROLE = Qt.ItemDataRole.UserRole + 2  # True on a palette group header
PARAM_ROLE = Qt.ItemDataRole.UserRole + 3  # a card's parameter, or None
FORMULA_ROLE = Qt.ItemDataRole.UserRole + 4  # the op's formula, shown beside its name

Index = QModelIndex | QPersistentModelIndex


def op_tooltip(op: Op) -> str:
    """Formula and derivative from the op table, as rich text."""
    lines = [f"<b>{op.name}</b>", f"y = {op.formula}", f"∂y/∂u = {op.d_formula}"]
    if op.param:
        lines.append(f"parameter {op.param} (default {format_number(op.default)})")
    if op.reason:
        lines.append(f"<i>undefined where: {op.reason}</i>")
    return "<br>".join(lines)


def card_text(step: Step) -> str:
    """What a card shows: the op's label, with its constant filled in (notation's renderer)."""
    return op_text(step.op, step.param)


def _mime(fmt: str, payload: Any) -> QMimeData:
    import json  # (here: a drag, not the window's first frame, needs it)

    mime = QMimeData()
    mime.setData(fmt, QByteArray(json.dumps(payload).encode()))
    return mime


def _payload(data: QMimeData, fmt: str) -> Any:
    """The decoded payload, or None if absent or not ours (a drop is untrusted input)."""
    if data is None or not data.hasFormat(fmt):
        return None
    import json

    try:
        return json.loads(bytes(data.data(fmt).data()).decode())
    except (ValueError, UnicodeDecodeError):
        return None


def dropped_op_names(data: QMimeData) -> list[str]:
    names = _payload(data, MIME_OP)
    if not isinstance(names, list):
        return []
    return [n for n in names if isinstance(n, str) and n in OPS and OPS[n].arity == 1]


def dropped_entry_names(data: QMimeData) -> list[str]:
    """What the build canvas takes from a palette drag: any op, an input, a constant."""
    names = _payload(data, MIME_OP)
    if not isinstance(names, list):
        return []
    return [n for n in names if isinstance(n, str) and (n in OPS or n in (INPUT, CONST))]


class _CardPayload:
    """A dragged card: its row, step and which document it came from."""

    def __init__(self, source: str, row: int, step: Step):
        self.source, self.row, self.step = source, row, step

    @classmethod
    def decode(cls, data: QMimeData) -> _CardPayload | None:
        item = _payload(data, MIME_CARD)
        if not isinstance(item, dict):
            return None
        try:
            step = Step(item["op"], item.get("param"))
            row = item["row"]
            if isinstance(row, bool) or not isinstance(row, int):
                return None
            return cls(str(item["source"]), row, step)
        except (KeyError, TypeError, GraphError):
            return None


_HEADER_SIZE, _OP_SIZE = QSize(120, 28), QSize(120, 32)
_OP_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
_DISPLAY = Qt.ItemDataRole.DisplayRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_SIZE_HINT = Qt.ItemDataRole.SizeHintRole


GROUP_LEAVES = "Inputs & constants"


@dataclass(frozen=True)
class Entry:
    """A palette row that is not an op: an input (x, then y, z, …) or a constant. Dragged as
    its name (INPUT or CONST); only the build canvas takes it, the chain strip refuses it."""

    name: str
    label: str
    formula: str
    tip: str
    icon: str
    group: str = GROUP_LEAVES


ENTRIES = (
    Entry(
        INPUT,
        "input",
        "x, y, z, …",
        "An input of f: the first is x, the next y, z, … (8 at most)",
        "x",
    ),
    Entry(CONST, "constant", "c", "A constant (1 until you double-click it to set it)", "c"),
)


def palette_groups() -> list[tuple[str, list[Op | Entry]]]:
    """The palette's groups and their rows: inputs and constants, then the op table's."""
    groups: list[tuple[str, list[Op | Entry]]] = [(GROUP_LEAVES, list(ENTRIES))]
    groups += [(group, list(ops_in_group(group))) for group in GROUPS if ops_in_group(group)]
    if session_ops.yours():  # guiad.primitive's ops, while this Python session runs
        groups.append((session_ops.GROUP_YOURS, list(session_ops.yours())))
    return groups


class PaletteModel(QAbstractListModel):
    """Group headers, inputs and constants, and the ops of the table; a drop of a card here
    deletes it. The chain strip takes the ops of one input; the build canvas takes all."""

    def __init__(self, editor: Editor | None = None, parent=None):
        super().__init__(parent)
        self.editor = editor
        self._list_rows()
        session_ops.watch(self._yours_changed)  # a primitive defined while the window is up

    def _list_rows(self) -> None:
        self._rows: list[str | Op | Entry] = []
        self.groups = palette_groups()
        for group, items in self.groups:
            self._rows.append(group)
            self._rows.extend(items)
        self._icons = {
            item.name: op_icon(item) if isinstance(item, Op) else tile_icon(item.icon, theme.MUTED)
            for item in self._rows
            if not isinstance(item, str)
        }
        self._roles = [self._row_roles(item) for item in self._rows]

    def _yours_changed(self) -> None:
        try:
            self.beginResetModel()
        except RuntimeError:  # its window was closed and this model deleted
            return
        self._list_rows()
        self.endResetModel()

    def _row_roles(self, item: str | Op | Entry) -> dict[int, Any]:
        """What data() answers for a row, role by role (the tooltip is made when asked)."""
        if isinstance(item, str):
            return {_DISPLAY: item, HEADER_ROLE: True, _SIZE_HINT: _HEADER_SIZE}
        return {
            _DISPLAY: item.name if isinstance(item, Op) else item.label,
            FORMULA_ROLE: "y = " + item.formula,
            _DECORATION: self._icons[item.name],
            OP_ROLE: item.name,
            HEADER_ROLE: False,
            _SIZE_HINT: _OP_SIZE,  # the row's height, read by the delegate
        }

    @guarded(default=0)
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def op_at(self, row: int) -> Op | None:
        item = self.entry_at(row)
        return item if isinstance(item, Op) else None

    def entry_at(self, row: int) -> Op | Entry | None:
        """The op, input or constant of a row (None on a header)."""
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return None if isinstance(item, str) else item

    def row_of(self, name: str) -> int:
        for row, item in enumerate(self._rows):
            if not isinstance(item, str) and item.name == name:
                return row
        return -1

    @guarded
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            item = self._rows[row]
            if isinstance(item, Entry):
                return item.tip
            return op_tooltip(item) if isinstance(item, Op) else None
        # a table per row: a view asks ~10 roles of each row it paints, most of them unset
        return self._roles[row].get(role)

    @guarded(fallback=QAbstractListModel.flags)
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if self.entry_at(index.row()) is None:
            return Qt.ItemFlag.NoItemFlags
        return _OP_FLAGS

    def mimeTypes(self) -> list[str]:
        return [MIME_OP, MIME_CARD]

    @guarded
    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        names = [e.name for i in indexes if (e := self.entry_at(i.row())) is not None]
        return _mime(MIME_OP, names)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    @guarded(default=False)
    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        card = _CardPayload.decode(data)
        return card is not None and self._owns(card)

    @guarded(default=False)
    def dropMimeData(self, data, action, row, column, parent) -> bool:
        """A card dragged back onto the palette is deleted from the chain."""
        card = _CardPayload.decode(data)
        if card is None or not self._owns(card):
            return False
        return self.editor.remove(card.row)

    def _owns(self, card: _CardPayload) -> bool:
        return self.editor is not None and card.source == document_token(self.editor)


def document_token(editor: Editor) -> str:
    """Identifies one window's document inside drag data (drops from elsewhere are copies)."""
    return f"{os.getpid()}:{id(editor.doc)}"


class ChainModel(QAbstractListModel):
    """One row per step of the chain; empty when the graph is not a chain."""

    def __init__(self, editor: Editor, parent=None):
        super().__init__(parent)
        self.editor = editor
        self.doc = editor.doc
        self._steps: tuple[Step, ...] = self.doc.steps() or ()
        self.landed_row = -1  # where the last drop put its card
        self.doc.about_to_change.append(self._before)
        self.doc.changed.append(self._after)

    # ---- following the document ------------------------------------------------------

    def _before(self, change: Change) -> None:
        root = QModelIndex()
        if change.kind == INSERT:
            self.beginInsertRows(root, change.row, change.row)
        elif change.kind == REMOVE:
            self.beginRemoveRows(root, change.row, change.row)
        elif change.kind == MOVE:
            dest = change.to + 1 if change.to > change.row else change.to
            self.beginMoveRows(root, change.row, change.row, root, dest)
        elif change.kind == RESET:
            self.beginResetModel()

    def _after(self, change: Change) -> None:
        self._steps = self.doc.steps() or ()
        if change.kind == INSERT:
            self.endInsertRows()
        elif change.kind == REMOVE:
            self.endRemoveRows()
        elif change.kind == MOVE:
            self.endMoveRows()
        elif change.kind == RESET:
            self.endResetModel()
        elif change.kind == PARAM:
            index = self.index(change.row)
            self.dataChanged.emit(index, index)

    # ---- reading ---------------------------------------------------------------------

    @guarded(default=0)
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._steps)

    def step_at(self, row: int) -> Step | None:
        return self._steps[row] if 0 <= row < len(self._steps) else None

    @guarded
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        step = self.step_at(index.row()) if index.isValid() else None
        if step is None:
            return None
        op = OPS[step.op]
        if role == Qt.ItemDataRole.DisplayRole:
            return card_text(step)
        if role == Qt.ItemDataRole.EditRole:
            return step.param if step.param is not None else card_text(step)
        if role == Qt.ItemDataRole.ToolTipRole:
            hint = f"<br><i>double-click to change {op.param}</i>" if op.param else ""
            return op_tooltip(op) + hint
        if role == OP_ROLE:
            return step.op
        if role == PARAM_ROLE:
            return step.param
        return None

    @guarded(fallback=QAbstractListModel.flags)
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return (
                Qt.ItemFlag.ItemIsDropEnabled
                if self.editor.can_edit_chain()
                else (Qt.ItemFlag.NoItemFlags)
            )
        flags = (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )
        step = self.step_at(index.row())
        if step is not None and step.param is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    @guarded(default=False)
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        try:
            self.editor.set_param(index.row(), float(value))
        except (TypeError, ValueError, GraphError):
            return False
        return True

    # ---- drag and drop ---------------------------------------------------------------

    def mimeTypes(self) -> list[str]:
        return [MIME_OP, MIME_CARD]

    @guarded
    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if not rows:
            return QMimeData()
        step = self._steps[rows[0]]
        payload = {
            "source": document_token(self.editor),
            "row": rows[0],
            "op": step.op,
            "param": step.param,
        }
        return _mime(MIME_CARD, payload)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    @guarded(default=False)
    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        if not self.editor.can_edit_chain():
            return False
        return bool(dropped_op_names(data)) or _CardPayload.decode(data) is not None

    @guarded(default=False)
    def dropMimeData(self, data, action, row, column, parent) -> bool:
        """Insert dropped ops, or move a dragged card, at gap ``row`` (0 = right after x).

        ``landed_row`` is then the row of the (first) dropped card, for the view to select.
        """
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.editor.can_edit_chain():
            return False
        gap = self._gap(row, parent)
        names = dropped_op_names(data)
        if names:
            for offset, name in enumerate(names):
                self.editor.insert(gap + offset, name)
            self.landed_row = gap
            return True
        card = _CardPayload.decode(data)
        if card is None:
            return False
        if card.source != document_token(self.editor):  # from another window: a copy
            self.editor.insert(gap, card.step.op, card.step.param)
            self.landed_row = gap
            return True
        to = gap - 1 if gap > card.row else gap
        if to != card.row:
            self.editor.move(card.row, to)
        self.landed_row = to
        return True

    def _gap(self, row: int, parent: Index) -> int:
        if 0 <= row <= self.rowCount():
            return row
        if parent.isValid():  # dropped onto a card: land before it
            return parent.row()
        return self.rowCount()


class PaletteFilter(QSortFilterProxyModel):
    """Narrows the palette to ops whose name, label or formula contains the filter text."""

    def __init__(self, source: PaletteModel, parent=None):
        super().__init__(parent)
        self._text = ""
        self.setSourceModel(source)

    def set_text(self, text: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt ≥ 6.9; invalidateFilter is deprecated there
            self.beginFilterChange()
            self._text = text.strip().lower()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            self._text = text.strip().lower()
            self.invalidateFilter()

    def _matches(self, op: Op | Entry) -> bool:
        text = self._text
        return not text or any(text in s.lower() for s in (op.name, op.label, op.formula))

    @guarded(default=True)
    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        model: PaletteModel = self.sourceModel()
        entry = model.entry_at(row)
        if entry is not None:
            return self._matches(entry)
        group = model.data(model.index(row), Qt.ItemDataRole.DisplayRole)
        return any(self._matches(o) for o in dict(model.groups).get(group, ()))
