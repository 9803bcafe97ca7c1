"""The expression box: the chain as text, kept in sync both ways, with inline errors."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from guiad.core.expression import ParseError, describes, parse, to_expression
from guiad.core.graph import MAX_INPUTS, Graph, Step
from guiad.ui import theme
from guiad.ui.guard import guarded

_ERROR_STYLE = (
    f"QLineEdit {{ border: 2px solid {theme.UNDEFINED}; border-radius: 4px; padding: 3px; }}"
)


def chain_spans(steps: tuple[Step, ...]) -> list[tuple[int, int]]:
    """(start, length) of each step's sub-expression within the chain's full text.

    Printing is compositional: a step's text holds its input's text once, wrapped by a prefix
    without x (``sin(``, ``2*(``) or followed by a suffix (`` + 1``, ``^2``); every
    sub-expression contains x, so the first match inside the parent is the input itself.
    """
    texts = [to_expression(Graph.from_chain(steps[: i + 1])) for i in range(len(steps))]
    spans: list[tuple[int, int]] = [(0, 0)] * len(steps)
    start = 0
    for i in range(len(steps) - 1, -1, -1):
        if i < len(steps) - 1:
            start += max(texts[i + 1].find(texts[i]), 0)
        spans[i] = (start, len(texts[i]))
    return spans


class ExpressionBox(QWidget):
    """Shows ``to_expression(graph)``; Enter parses the text and emits ``graph_entered``.

    A parse error is shown under the field with its column and reason; nothing is emitted,
    so the chain stays as it was until the text is valid. Escape puts the text back.
    """

    graph_entered = Signal(object)  # Graph
    error_shown = Signal(bool)  # the inline error line appeared (True) or went (False)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._graph: Graph | None = None
        self.label = QLabel("f(x) =", self)
        self.edit = QLineEdit(self)
        self._size_font()
        self.edit.setPlaceholderText("type an expression, e.g. exp(sin(sin(x))), and press Enter")
        self.edit.setToolTip(
            "Functions of the op table, x (or several inputs: x, y, w, …), numbers, pi, e and "
            "+ − * / ^. Enter applies; Escape restores the current chain."
        )
        self.edit.setClearButtonEnabled(True)
        self._keep_selection_visible()
        self.label.setBuddy(self.edit)
        self.error = QLabel(self)
        self.error.setStyleSheet(f"color: {theme.ERROR_TEXT};")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setWordWrap(True)
        self.error.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.setFocusProxy(self.edit)
        self.edit.returnPressed.connect(self.submit)
        self.edit.textEdited.connect(self._on_edited)

    def _size_font(self) -> None:
        """The expression in a monospace face a fifth larger than the window's text."""
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(max(self.font().pointSizeF(), 9.0) * 1.2)
        self.edit.setFont(font)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # View ▸ Presenter
            self._size_font()

    def _keep_selection_visible(self) -> None:
        """The selected card's text stays highlighted while the strip has the focus."""
        palette = self.edit.palette()
        for group in (QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Active):
            palette.setColor(group, QPalette.ColorRole.Highlight, QColor(theme.SELECTION))
            palette.setColor(group, QPalette.ColorRole.HighlightedText, QColor(theme.FOCUS_RING))
        self.edit.setPalette(palette)

    max_inputs = MAX_INPUTS  # the window shows a function of several inputs as a surface view

    def set_graph(self, graph: Graph, note: str = "") -> None:
        """Show ``graph`` as text (clears any error: the text is now the model's); ``note``
        before its name says which output of several it is ("output 1 of 2")."""
        self._graph = graph
        head = f"f({', '.join(graph.inputs)}) ="
        self.label.setText(f"{note}: {head}" if note else head)
        if not describes(self.edit.text(), graph):  # the user's own text stays as typed
            self.edit.setText(_shown(graph))
        self._clear_error()

    def text(self) -> str:
        return self.edit.text()

    def highlight_step(self, row: int) -> None:
        """Select the text of chain step ``row`` (the card selected in the strip)."""
        steps = self._graph.chain() if self._graph is not None else None
        if steps is None or not 0 <= row < len(steps) or self.error_text():
            return
        if self.edit.text() != to_expression(self._graph):
            return  # the user is typing: leave their text alone
        start, length = chain_spans(steps)[row]
        self.edit.setSelection(start, length)

    def error_text(self) -> str:
        return self.error.text() if not self.error.isHidden() else ""

    def submit(self) -> bool:
        """Parse the text; emit ``graph_entered`` if valid, else show the error inline.

        Enter on the text as shown is no edit, even where that text parses to a different
        but equal-valued graph (2*3.14159 folds into one constant; the graph may hold a
        scale of a constant, built by applying a palette op to a constant function).
        """
        if self._graph is not None and self.edit.text() == _shown(self._graph):
            self._clear_error()
            return True
        try:
            graph = parse(self.edit.text())
        except ParseError as err:
            self._show_error(err)
            return False
        if graph.n_inputs > self.max_inputs:
            names = ", ".join(graph.inputs)
            self._show_error(
                ParseError(f"{graph.n_inputs} inputs ({names}): this view takes x only")
            )
            return False
        self._clear_error()
        if graph != self._graph:
            self.graph_entered.emit(graph)
        return True

    @guarded
    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self._graph is not None:
            self.set_graph(self._graph)
            return
        super().keyPressEvent(event)

    def _on_edited(self, _text: str) -> None:
        if not self.error.isHidden():
            self._clear_error()

    def _show_error(self, err: ParseError) -> None:
        where = f"column {err.column}: " if err.column else ""
        self.error.setText(f"⚠ {where}{err.message}  — the chain is unchanged")
        self.error.show()
        self.error_shown.emit(True)
        self.edit.setStyleSheet(_ERROR_STYLE)
        if err.column:
            self.edit.setCursorPosition(max(err.column - 1, 0))

    def _clear_error(self) -> None:
        was_shown = not self.error.isHidden()
        self.error.clear()
        self.error.hide()
        self.edit.setStyleSheet("")
        if was_shown:
            self.error_shown.emit(False)


def _shown(graph: Graph) -> str:
    """The text shown for ``graph``."""
    return to_expression(graph) if len(graph.nodes) > 1 else "x"
