"""The walkthrough's table: one row per node (vᵢ, local partials, dvᵢ/dx, v̄ᵢ), a thin
model over the timeline, and a view whose columns always fit its width (no horizontal
scroll bar: a number cut off or hidden behind one reads wrong)."""

from __future__ import annotations

import math

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from guiad.anim import notation as n
from guiad.anim.timeline import Frame, Mode, Timeline
from guiad.ui import theme
from guiad.ui.guard import guarded

COLUMNS = ("node", "vᵢ", "local ∂", "dvᵢ/dx", "v̄ᵢ")
DOT_TIP = {
    Mode.FORWARD: "dvᵢ/dx = v̇ᵢ: the dot derivative, carried forward from ẋ = 1 (forward mode)",
    Mode.REVERSE: (
        "dvᵢ/dx = v̇ᵢ: the dot derivative of forward mode. Reverse mode does not compute it; "
        "this column fills at the last step, where the check runs forward mode to compare f′"
    ),
}
COLUMN_TIPS = (
    "the node: vᵢ and its op",
    "the value vᵢ (forward pass)",
    "the local partial ∂vᵢ/∂(each input of vᵢ); a node of two inputs names each",
    None,  # DOT_TIP, by mode
    "the adjoint v̄ᵢ = ∂y/∂vᵢ (reverse mode)",
)
ROW_PX = 22  # one line of a row
# px: the delegate measures the cells whose text the font's advances put this close to the
# widest (the advances and the delegate's text layout differ by a pixel at most)
NEAR_WIDEST = 4
_ROLES = {
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.FontRole,
}


class WalkthroughTableModel(QAbstractTableModel):
    """One row per node: vᵢ, its local partial(s), v̇ᵢ, v̄ᵢ, as far as the shown step has got.

    ``shown`` is the step whose numbers the table shows: while a token travels it is the
    step before the current one (a number lands when its token arrives)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._timeline: Timeline | None = None
        self.highlighted_row = -1  # the node selected in the chain strip
        self.shown = 0
        self._texts: dict[tuple[int, int], str] = {}

    def set_timeline(self, timeline: Timeline | None) -> None:
        self.beginResetModel()
        self._timeline = timeline
        self.shown = timeline.index if timeline is not None else 0
        self._texts: dict[tuple[int, int], str] = {}  # the shown step's cells, as painted
        self.endResetModel()

    def show_step(self, index: int) -> None:
        """Show the numbers of step ``index`` (every cell may change: rows ≤ a few dozen)."""
        wrt = self._frame().wrt if self._timeline is not None else None
        self.shown = index
        self._texts = {}
        if self._timeline is not None and self._frame().wrt != wrt:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 3, 3)
        if self.rowCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def refresh(self) -> None:
        self.show_step(self.shown)

    def inputs(self, row: int) -> int:
        return 0 if self._timeline is None else len(self._timeline.graph.nodes[row].inputs)

    def current_row(self) -> int:
        """The row of the shown step's node (drawn bold), or -1."""
        return -1 if self._timeline is None else self._timeline.steps[self.shown].node

    def _frame(self) -> Frame:
        return self._timeline.steps[min(self.shown, len(self._timeline) - 1)].frame

    @guarded(default=0)
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        if parent.isValid() or self._timeline is None:
            return 0
        return len(self._timeline.graph.nodes)

    @guarded(default=0)
    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        return 0 if parent.isValid() else len(COLUMNS)

    @guarded
    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 3 and self._by() is not None:
                return f"∂vᵢ/∂{self._by()}"  # several inputs: this pass's input
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == 3:
                return self._dot_tip()
            return COLUMN_TIPS[section]
        return None

    def _by(self) -> str | None:
        """Several inputs: the input the dot column differentiates by (the current pass's
        in forward mode; in reverse mode the first input's pass, which the check shows at
        the end). None for one input (dvᵢ/dx)."""
        if self._timeline is None or self._timeline.graph.n_inputs == 1:
            return None
        return self._frame().wrt or self._timeline.graph.inputs[0]

    def _dot_tip(self) -> str:
        mode = self._timeline.mode if self._timeline is not None else Mode.REVERSE
        by = self._by()
        if by is None:
            return DOT_TIP[mode]
        inputs = ", ".join(self._timeline.graph.inputs)
        if mode is Mode.FORWARD:
            return (
                f"∂vᵢ/∂{by}: the dot derivative of this pass, carried forward from the seed "
                f"∂{by}/∂{by} = 1 (the other inputs' 0); forward mode runs one pass per input "
                f"({inputs})"
            )
        return (
            f"∂vᵢ/∂{by}: the dot derivative of forward mode's pass by {by}. Reverse mode does "
            "not compute it; this column fills at the last step, where the check runs forward "
            f"mode (one pass per input: {inputs}) to compare the gradient"
        )

    def cell_text(self, row: int, column: int) -> str:
        timeline = self._timeline
        if timeline is None:
            return ""
        frame = self._frame()
        graph = timeline.graph
        if column == 0:
            return f"{n.v(row)}  {n.node_title(graph, row)}"
        if column == 1:
            if row == frame.failed_node and not math.isfinite(frame.values.get(row, math.nan)):
                return "undefined"
            if row in frame.muted:
                return "—"
            return n.fmt(frame.values[row]) if row in frame.values else ""
        if column == 2:
            inputs = graph.nodes[row].inputs
            shown = [(k, j) for k, j in enumerate(inputs) if (row, k) in frame.partials]
            if len(inputs) == 1:
                return "\n".join(n.fmt(frame.partials[(row, k)]) for k, _ in shown)
            # several inputs: name each partial (∂v₂/∂v₀ = 0.9093), one per line
            return "\n".join(
                f"{n.partial_name(row, j)} = {n.fmt(frame.partials[(row, k)])}" for k, j in shown
            )
        if column == 3:
            return n.fmt(frame.dots[row]) if row in frame.dots else ""
        return n.fmt(frame.adjoints[row]) if row in frame.adjoints else ""

    @guarded
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES or not index.isValid() or self._timeline is None:
            return None
        row, column = index.row(), index.column()
        frame = self._frame()
        current = self.current_row()
        if role == Qt.ItemDataRole.DisplayRole:
            # (painting asks for every cell on every repaint: work each out once per step)
            text = self._texts.get((row, column))
            if text is None:
                text = self._texts[(row, column)] = self.cell_text(row, column)
            return text
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row == frame.failed_node or (row, 0) in frame.failed_edges and column == 2:
                return QColor(theme.UNDEFINED)
            if row in frame.muted:
                return QColor(theme.MUTED)
            if column == 4:
                return QColor(theme.BACKWARD)
            if column in (1, 2, 3):
                return QColor(theme.FORWARD)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and row == self.highlighted_row:
            return QColor(theme.SELECTED_ROW)
        if role == Qt.ItemDataRole.BackgroundRole and row == current:
            return QColor(theme.CURRENT_FILL)
        if role == Qt.ItemDataRole.FontRole and row == current:
            font = QFont()
            font.setBold(True)
            return font
        return None


class WalkthroughTable(QTableView):
    """The table; its columns share the width by their content and never overflow it."""

    def __init__(self, model: WalkthroughTableModel, parent: QWidget | None = None):
        super().__init__(parent)
        # it takes its model when first shown or measured (a hidden table is neither, at start)
        self._table_model = model
        self._content: list[int] = []  # each column's content width (at the last step)
        # what to measure (see ``measure``) and the row to keep in view, while hidden
        self._pending: tuple[WalkthroughTableModel, Timeline] | None = None
        self._follow = -1
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.row_px())
        header = self.horizontalHeader()
        # sized per timeline and per resize (fit_columns): resizing to contents on every
        # step would query every cell several times per step
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        self.setToolTip(
            "vᵢ: the value; local ∂: ∂vᵢ/∂(its input); dvᵢ/dx (∂vᵢ/∂ the pass's input with "
            "several inputs): the dot derivative (forward mode; in reverse mode filled at the "
            "end, for the check); v̄ᵢ = ∂y/∂vᵢ (reverse mode)"
        )

    def row_px(self) -> int:
        """One line of a row: ROW_PX, or more where the font is larger (presenter mode)."""
        return max(ROW_PX, self.fontMetrics().height() + 6)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.verticalHeader().setDefaultSectionSize(self.row_px())

    def measure(self, model: WalkthroughTableModel, timeline: Timeline) -> None:
        """Measure the columns on the full table (the last step shows every number) and give
        rows of several inputs a line per partial: when the width is asked for or the table
        is shown (hidden, as at start, it waits)."""
        self._pending = (model, timeline)
        if self.isVisible():
            self._measure()

    def _attach(self) -> None:
        if self.model() is None:
            self.setModel(self._table_model)

    def _measure(self) -> None:
        if self._pending is None:
            return
        self._attach()
        model, timeline = self._pending
        self._pending = None
        shown = model.shown
        model.show_step(len(timeline) - 1)
        header = self.horizontalHeader()
        self._content = [
            max(self.column_hint(c), header.sectionSizeHint(c)) + 10  # bold current row
            for c in range(model.columnCount())
        ]
        model.show_step(shown)
        for row in range(model.rowCount()):
            lines = max(1, model.inputs(row))
            line = self.fontMetrics().height() + 2
            self.setRowHeight(row, self.row_px() + (lines - 1) * line)
        self.fit_columns()

    def column_hint(self, column: int) -> int:
        """``sizeHintForColumn(column)``, the delegate asked only about the cells whose text
        the font's advances put near the widest: asking it about every cell (each asking
        the model for five roles) took ~0.1 s for 200 rows."""
        model = self._table_model
        self.ensurePolished()
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = {False: QFontMetricsF(self.font()), True: QFontMetricsF(bold)}
        current = model.current_row()
        # one cell per width: texts as wide to the fraction of a pixel are laid out as wide
        rows: dict[float, int] = {}
        for row in range(model.rowCount()):
            font = metrics[row == current]
            lines = model.cell_text(row, column).split("\n")
            rows.setdefault(max(font.horizontalAdvance(line) for line in lines), row)
        if not rows:
            return 0
        widest = max(rows)
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        delegate = self.itemDelegate()
        hint = max(
            delegate.sizeHint(option, model.index(row, column)).width()
            for advance, row in rows.items()
            if advance >= widest - NEAR_WIDEST
        )
        return hint + 1 if self.showGrid() else hint  # (as sizeHintForColumn counts the grid)

    def follow(self, row: int) -> None:
        """Keep row ``row`` (the current node's) in view (once shown, if hidden)."""
        self._follow = row
        if self.isVisible():
            self.scrollTo(self._table_model.index(row, 0))

    def needed_width(self) -> int:
        """The width that shows every column whole (with the vertical scroll bar)."""
        self._measure()
        return sum(self._content) + self.verticalScrollBar().sizeHint().width() + 4

    def fit_columns(self) -> None:
        """Share the viewport's width by content: extra room spread evenly; too little,
        each column shrinks in proportion (last resort: text elides; never a scroll bar)."""
        if not self._content:
            return
        available = self.viewport().width()
        total = sum(self._content)
        if total <= available:
            extra = (available - total) // len(self._content)
            widths = [w + extra for w in self._content]
        else:
            widths = [w * available // total for w in self._content]
        widths[-1] += available - sum(widths)  # no pixel left over or short
        for column, width in enumerate(widths):
            self.setColumnWidth(column, max(width, 8))

    @guarded
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.fit_columns()

    @guarded
    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._attach()
        super().showEvent(event)
        self._measure()
        if 0 <= self._follow < self.model().rowCount():
            self.scrollTo(self.model().index(self._follow, 0))
