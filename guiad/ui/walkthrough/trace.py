"""The evaluation trace beside the walkthrough's table: the textbook's statements, following
the current step (the line being executed highlighted, later lines greyed and without their
numbers yet). The statements and numbers come from ``guiad.anim.evaltrace``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTabWidget, QWidget

from guiad.anim import notation as n
from guiad.anim.timeline import Kind, Mode, Phase, Step, Timeline
from guiad.ui import theme
from guiad.ui.guard import guarded

if TYPE_CHECKING:
    from guiad.anim.evaltrace import Line

HEADERS = ("statement", "value")


def step_lines(timeline: Timeline, lines: list[Line]) -> list[int]:
    """For each step of ``timeline``, the trace line it executes (the line index)."""
    from guiad.anim.evaltrace import Section  # (loaded with the trace, when first shown)

    primal = {line.node: k for k, line in enumerate(lines) if line.section is Section.PRIMAL}
    # the line adding the n-th contribution, in the adjoint (or the tangent) trace
    adjoint_lines, dot_lines = {}, {}
    for k, line in enumerate(lines):
        if line.contribution is not None and line.section is Section.ADJOINT:
            adjoint_lines[line.contribution] = k
        elif line.contribution is not None and line.section is Section.TANGENT:
            dot_lines[line.contribution] = k
    seed = next((k for k, line in enumerate(lines) if line.section is Section.ADJOINT), 0)
    # forward mode with several inputs: each pass's seed step shows its seed line, ∂vₖ = 1
    pass_seeds = {
        line.node: k
        for k, line in enumerate(lines)
        if line.section is Section.TANGENT and line.formula == "1" and line.contribution is None
    }
    last = len(lines) - 1
    out, adjoints, dots = [], 0, 0
    for step in timeline.steps:
        if step.kind is Kind.SEED and step.phase is Phase.FORWARD:
            out.append(pass_seeds.get(step.node, 0))
            continue
        if step.kind is Kind.ADJOINT:
            out.append(adjoint_lines.get(adjoints, last))
        elif step.kind is Kind.DOT:
            out.append(dot_lines.get(dots, last))
        else:
            out.append(_line_of(step, primal, seed, last))
        adjoints += step.kind is Kind.ADJOINT
        dots += step.kind is Kind.DOT
    return out


def _line_of(step: Step, primal: dict[int, int], seed: int, last: int) -> int:
    if step.kind is Kind.SEED:
        return seed
    if step.kind is Kind.DONE:
        return last
    return primal.get(step.node, 0)  # x, a value, its partials, a failure


class TraceModel(QAbstractTableModel):
    """One row per statement; ``show_step`` moves the highlight.

    The statements are worked out when first asked for (the Trace tab is hidden at start:
    the window's first frame does not pay for them)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._timeline: Timeline | None = None
        self._lines: list[Line] | None = []  # None: still to work out for the timeline
        self._at: list[int] = []  # the line of each step
        self._index = 0  # the step shown

    def set_timeline(self, timeline: Timeline | None) -> None:
        self.beginResetModel()
        self._timeline = timeline
        self._lines, self._at = ([], []) if timeline is None else (None, [])
        self._index = 0 if timeline is None else timeline.index
        self.endResetModel()

    @property
    def lines(self) -> list[Line]:
        """The statements of the timeline's evaluation trace."""
        if self._lines is None:
            from guiad.anim.evaltrace import evaluation_trace

            timeline = self._timeline
            mode = "forward" if timeline.mode is Mode.FORWARD else "reverse"
            self._lines = evaluation_trace(timeline.trace, mode, timeline.overwrite)
            self._at = step_lines(timeline, self._lines)
        return self._lines

    @property
    def current(self) -> int:
        """The line being executed (-1 without a timeline)."""
        if not self.lines or not self._at:
            return -1
        return self._at[min(self._index, len(self._at) - 1)]

    def show_step(self, index: int) -> None:
        self._index = index
        if self._lines:  # (not yet worked out: nothing has shown a line to change)
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._lines) - 1, 1))

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        return 0 if parent.isValid() else 2

    @guarded(default=None)
    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    @guarded(default=None)
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        line, current = self.lines[index.row()], self.current
        done = index.row() <= current
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:  # where the point becomes undefined, why (once done)
                return (
                    f"{line.statement}  ({line.reason})" if done and line.reason else line.statement
                )
            return n.fmt(line.value) if done else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{line.section.value}: {line.reason}" if line.reason else line.section.value
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(theme.GRAPH_TEXT if done else theme.MUTED)
        if role == Qt.ItemDataRole.BackgroundRole and index.row() == current:
            return QColor(theme.CURRENT_FILL)
        if role == Qt.ItemDataRole.FontRole and index.row() == current:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class TraceView(QTableView):
    """The trace's statements, scrolled to the line being executed. It takes its model when
    first shown (a hidden view would still ask it for every line)."""

    def __init__(self, model: TraceModel, parent: QWidget | None = None):
        super().__init__(parent)
        self._trace_model = model
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().hide()
        self.setShowGrid(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _attach(self) -> None:
        model = self._trace_model
        self.setModel(model)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        model.dataChanged.connect(self._follow)
        model.modelReset.connect(self._follow)
        self._follow()

    def _follow(self, *_args) -> None:
        if not self.isVisible():
            return  # (followed when shown again)
        model = self.model()
        if 0 <= model.current < model.rowCount():
            self.scrollTo(model.index(model.current, 0))

    @guarded
    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.model() is None:
            self._attach()
        else:
            self._follow()


class TableAndTrace(QTabWidget):
    """The per-node table, the evaluation trace and the derivation, as tabs where the
    table stood."""

    def __init__(
        self,
        table: QWidget,
        trace: TraceView,
        derivation: QWidget | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.table, self.trace, self.derivation = table, trace, derivation
        self.setDocumentMode(True)
        self.addTab(table, "Table")
        self.addTab(trace, "Trace")
        self.setTabToolTip(0, "One row per node: vᵢ, local partials, dvᵢ/dx, v̄ᵢ")
        self.setTabToolTip(
            1,
            "The evaluation trace, as textbooks print it: the primal trace, then the adjoint "
            "trace (one += line where a value feeds several steps) or the tangent trace",
        )
        if derivation is not None:
            self.addTab(derivation, "Derivation")
            self.setTabToolTip(
                2,
                "The derivative derived as a textbook does it: the chain rule in symbols, "
                "then each local partial's formula, then the numbers at the point",
            )

    def needed_width(self) -> int:
        return self.table.needed_width()
