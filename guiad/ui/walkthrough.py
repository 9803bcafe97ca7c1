"""The walkthrough panel (interface only; the walkthrough issue fills this in)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from guiad.core.graph import Graph


class WalkthroughPanel(QWidget):
    """Forward then backward pass at x0. MainWindow calls the setters."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._graph: Graph | None = None
        self._x0 = 2.0
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("walkthrough"))

    def set_graph(self, graph: Graph) -> None:
        self._graph = graph

    def set_x0(self, x0: float) -> None:
        self._x0 = x0
