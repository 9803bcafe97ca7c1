"""Which output the walkthrough's passes run for, in a graph of several outputs.

A Python function that returns a tuple (``guiad.show(lambda x, y: (x*y, guiad.sin(x)))``)
is one graph with several outputs. A reverse sweep runs from one output at a time (ȳ = 1
there), so the walkthrough runs on one output's graph (``Graph.for_output``, as the engine's
per-output sweeps do): by default the one the plots show (the graph's last node), or the
one picked in the ``OutputPicker`` of its controls, which a graph of one output does not show.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from guiad.core.expression import to_expression
from guiad.core.graph import Graph, GraphError

LABEL_CHARACTERS = 40  # an output's expression in the list, at most (its tooltip: all)
MAX_TEXT = 2_000  # longer expressions are named by their node


def walked(graph: Graph, k: int) -> Graph:
    """The graph the passes run on for output ``k``: the graph itself when it has one."""
    if len(graph.outputs) <= 1:
        return graph
    return graph.for_output(min(max(k, 0), len(graph.outputs) - 1))


def plotted_output(graph: Graph) -> int:
    """The output the plots show: the graph's last node (the last output if none is)."""
    return graph.outputs.index(graph.output) if graph.output in graph.outputs else -1


def output_texts(graph: Graph) -> list[str]:
    """Each output's expression (an input's name for an output that is an input); "vᵢ"
    for one whose text would be too long to print (a graph that reuses nodes)."""
    texts = []
    for k, node in enumerate(graph.outputs):
        if node < graph.n_inputs:
            texts.append(graph.inputs[node])
            continue
        try:
            texts.append(to_expression(graph.for_output(k), max_length=MAX_TEXT))
        except GraphError:
            texts.append(f"v{node}")
    return texts


def output_names(graph: Graph) -> list[str]:
    """ "output 1: x*y", … one per output, cut at LABEL_CHARACTERS (none for one output)."""
    if len(graph.outputs) <= 1:
        return []
    names = []
    for k, text in enumerate(output_texts(graph), start=1):
        cut = text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1] + "…"
        names.append(f"output {k}: {cut}")
    return names


class OutputPicker(QComboBox):
    """The list of a graph's outputs; its index is the output the passes run for."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._names: list[str] = []
        self.setToolTip(
            "The function has several outputs: the walkthrough runs its passes for this one "
            "(its ȳ = 1); the plots show the graph's last node"
        )
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.hide()

    def set_graph(self, graph: Graph | None) -> None:
        """List ``graph``'s outputs, keeping the choice while they stay the same (without
        ``currentIndexChanged``); for new ones, the output the plots show. Hidden for one
        output."""
        names = [] if graph is None else output_names(graph)
        if names == self._names:
            keep = self.currentIndex()
        else:
            keep = plotted_output(graph) % len(names) if names else -1
        self._names = names
        self.blockSignals(True)
        self.clear()
        self.addItems(names)
        for k, text in enumerate(output_texts(graph) if names else []):
            self.setItemData(k, text, Qt.ItemDataRole.ToolTipRole)
        self.setCurrentIndex(keep)
        self.blockSignals(False)
        self.setVisible(len(names) > 1)

    def output(self) -> int:
        """The output chosen (0 for a graph of one output)."""
        return max(self.currentIndex(), 0)
