"""The Derivation tab beside the Table and the Trace: ``guiad.anim.derivation`` shown as the
textbook stages it (the chain rule in symbols, the local partials as formulas, the numbers
at the point), for the output or any node picked as the target. A view only: the stages,
texts and numbers are the pure module's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from guiad.anim import notation as n
from guiad.anim.timeline import Timeline
from guiad.ui import theme
from guiad.ui.guard import guarded

if TYPE_CHECKING:
    from guiad.anim.derivation import Derivation, Row


def _derivation_module():
    """guiad.anim.derivation, loaded when the tab is first shown or copied from (the
    window's first frame does not need the trace's modules)."""
    from guiad.anim import derivation

    return derivation


def derivation_html(d: Derivation) -> str:
    """The heading, each stage's title and note, and its equations one per line (lined up
    on their first =); an undefined number in the undefined colour, with why."""
    out = [f"<h3>{_escape(_derivation_module().heading(d))}</h3>"]
    for k, stage in enumerate(d.stages(), start=1):
        out.append(
            f"<p><b>{k}. {_escape(stage.title)}</b><br>"
            f"<span style='color:{theme.HINT_TEXT}'>{_escape(stage.note)}</span></p>"
        )
        rows = "".join(_row_html(row) for row in stage.rows)
        out.append(f"<table cellspacing='0' cellpadding='1'>{rows}</table>")
    return f"<div style='color:{theme.GRAPH_TEXT}'>{''.join(out)}</div>"


def _escape(text: str) -> str:
    import html  # (here: the first frame loads no module it does not show)

    return html.escape(text.replace("$", ""))  # the $…$ mark maths for LaTeX only


def _row_html(row: Row) -> str:
    sides = " = ".join(_escape(s) for s in row.sides)
    if row.reason:
        sides += f": {_escape(row.reason)}"
    colour = theme.UNDEFINED if "undefined" in row.sides else theme.GRAPH_TEXT
    return (
        f"<tr><td align='right' style='color:{theme.BACKWARD}'>{_escape(row.lhs)}</td>"
        f"<td>&nbsp;=&nbsp;</td><td style='color:{colour}'>{sides}</td></tr>"
    )


class DerivationView(QWidget):
    """A target box (the output, or any computed node) over the derivation's text. The
    derivation is worked out when the tab is first shown, and again for each new timeline
    or target while it is shown (a hidden tab costs nothing)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._timeline: Timeline | None = None
        self._stale = True
        self.target_box = QComboBox()
        self.target_box.setToolTip(
            "The node whose derivative is derived: the output y, or any node vᵢ "
            "(then v̄ⱼ means ∂vᵢ/∂vⱼ)"
        )
        self.target_box.currentIndexChanged.connect(self._on_target_changed)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Derivative of"))
        row.addWidget(self.target_box, 1)
        row.addWidget(self._copy_button())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)

    def _copy_button(self) -> QToolButton:
        """Copy ▾: the derivation as LaTeX (align*), Markdown or plain text, for notes."""
        button = QToolButton()
        button.setText("Copy")
        button.setToolTip("Copy the derivation as LaTeX, Markdown or plain text")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        for text, render in (
            ("As &LaTeX", "latex"),
            ("As &Markdown", "markdown"),
            ("As plain &text", "text"),
        ):
            menu.addAction(text, lambda render=render: self.copy(render))
        button.setMenu(menu)
        return button

    def copy(self, render: str = "latex") -> str:
        """Put the derivation, rendered by ``render`` (latex, markdown or text: the
        derivation module's renderers), on the clipboard; returns the text."""
        write = getattr(_derivation_module(), render)
        text = "" if self._timeline is None else write(self.derivation())
        QGuiApplication.clipboard().setText(text)
        return text

    def derivation(self) -> Derivation:
        timeline = self._timeline
        return _derivation_module().derive(timeline.graph, timeline.point, self.target())

    def set_timeline(self, timeline: Timeline | None) -> None:
        """Show the derivation for ``timeline``'s graph and point (the same target if the
        graph still has it, else the output)."""
        old = self.target()
        self._timeline = timeline
        self._fill_targets(old)
        self._refresh()

    def target(self) -> int | None:
        """The node picked as the target; None for the output."""
        return self.target_box.currentData()

    def set_target(self, node: int | None) -> None:
        k = self.target_box.findData(node)
        self.target_box.setCurrentIndex(max(k, 0))

    def _fill_targets(self, keep: int | None) -> None:
        box = self.target_box
        box.blockSignals(True)
        box.clear()
        timeline = self._timeline
        if timeline is not None:
            graph = timeline.graph
            box.addItem(f"{n.output_name(graph)}, the output", None)
            for i in range(graph.n_inputs, graph.output):
                box.addItem(f"{n.v(i)} = {n.value_formula(graph, i)}", i)
        k = box.findData(keep)
        box.setCurrentIndex(max(k, 0))
        box.blockSignals(False)

    @guarded
    def _on_target_changed(self, _index: int) -> None:
        self._stale = True
        self._refresh()

    def _refresh(self) -> None:
        self._stale = True
        if self.isVisible():
            self._show()

    def _show(self) -> None:
        timeline = self._timeline
        if timeline is None:
            self.text.setHtml("")
        else:
            self.text.setHtml(derivation_html(self.derivation()))
        self._stale = False

    @guarded
    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self._show()
