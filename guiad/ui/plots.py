"""Plots of f, f′ and f″ (interface only; the plots issue fills this in)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from guiad.core.graph import Graph


class PlotPanel(QWidget):
    """The central plot area. MainWindow calls the setters and listens to the signals."""

    x0_changed = Signal(float)
    range_changed = Signal(float, float, int)  # x_min, x_max, points

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._graph: Graph | None = None
        self._x0 = 2.0
        self._range = (-4.0, 4.0, 2001)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("plots"))

    def set_graph(self, graph: Graph) -> None:
        self._graph = graph

    def set_x0(self, x0: float) -> None:
        if x0 != self._x0:
            self._x0 = x0
            self.x0_changed.emit(x0)

    def x0(self) -> float:
        return self._x0

    def set_range(self, x_min: float, x_max: float, points: int) -> None:
        if (x_min, x_max, points) != self._range:
            self._range = (x_min, x_max, points)
            self.range_changed.emit(x_min, x_max, points)

    def range(self) -> tuple[float, float, int]:
        return self._range
