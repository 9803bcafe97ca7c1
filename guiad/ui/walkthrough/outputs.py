"""What the walkthrough's passes run for: one output of a graph of several, or any node.

A Python function that returns a tuple (``guiad.show(lambda x, y: (x*y, guiad.sin(x)))``)
is one graph with several outputs. A reverse sweep runs from one output at a time (ȳ = 1
there), so the walkthrough runs on one output's graph (``Graph.for_output``, as the engine's
per-output sweeps do): by default the graph's last node, or the one picked in the
``OutputPicker`` of its controls. The window shows the output picked everywhere (the plots,
the surface, the expression box: ``shown_for``), so the numbers of f agree across the views.
As in interactive computational-graph
tools, any node can be the target too: the graph's context menu makes vᵢ the output (the
graph up to vᵢ), and the picker lists it beside the outputs to go back. A graph of one
output and no node target shows no picker.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QGraphicsView, QMenu, QWidget

from guiad.anim import notation as n
from guiad.core.expression import to_expression
from guiad.core.graph import CONST, HOLE, Graph, GraphError

LABEL_CHARACTERS = 40  # an output's expression in the list, at most (its tooltip: all)
MAX_TEXT = 2_000  # longer expressions are named by their node

Target = tuple[str, int]  # ("output", k) or ("node", i)


def walked(graph: Graph, target: Target) -> Graph:
    """The graph the passes run on: output k alone, or the graph up to node i."""
    kind, k = target
    if kind == "node" and graph.n_inputs <= k < len(graph.nodes):
        return Graph(graph.nodes[: k + 1], graph.inputs)
    if len(graph.outputs) <= 1:
        return graph
    return graph.for_output(min(max(k, 0), len(graph.outputs) - 1))


def plotted_output(graph: Graph) -> int:
    """The output the plots show: the graph's last node (the last output if none is)."""
    return graph.outputs.index(graph.output) if graph.output in graph.outputs else -1


def _text(graph: Graph, node: int) -> str:
    """Node ``node``'s expression (an input's name), "vᵢ" when too long to print."""
    if node < graph.n_inputs:
        return graph.inputs[node]
    try:
        return to_expression(Graph(graph.nodes[: node + 1], graph.inputs), max_length=MAX_TEXT)
    except GraphError:  # a graph that reuses nodes can print exponentially long text
        return n.v(node)


def _cut(text: str) -> str:
    return text if len(text) <= LABEL_CHARACTERS else text[: LABEL_CHARACTERS - 1] + "…"


def output_names(graph: Graph) -> list[str]:
    """ "output 1: x*y", … one per output, cut at LABEL_CHARACTERS (none for one output)."""
    if len(graph.outputs) <= 1:
        return []
    return [f"output {k}: {_cut(_text(graph, o))}" for k, o in enumerate(graph.outputs, 1)]


def can_target(graph: Graph, node: int) -> bool:
    """A node whose gradient means something: computed, not a constant or an open port."""
    return graph.n_inputs <= node < len(graph.nodes) and graph.nodes[node].op not in (
        CONST,
        HOLE,
    )


class OutputPicker(QComboBox):
    """The list of a graph's outputs (and a node made the target); ``target()`` is the
    current entry's: what the passes run for."""

    shown = Signal(bool)  # it appeared or went (the controls bar re-flows its rows)
    output_shown = Signal()  # another output picked: the window shows it (``shown_for``)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._names: list[str] = []
        self._graph: Graph | None = None
        self._targets: list[Target] = []  # each entry's, in the list's order
        self._output = 0  # the output picked last (a node target keeps it shown)
        self.setToolTip(
            "What the walkthrough runs its passes for (its ȳ = 1): one output of a function "
            "of several, or a node chosen from the graph's context menu; the plots, the "
            "surface and the expression show the output picked"
        )
        self.currentIndexChanged.connect(self._on_picked)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.hide()

    def set_graph(self, graph: Graph | None) -> None:
        """List ``graph``'s outputs, keeping the output chosen while they stay the same
        (without ``currentIndexChanged``); for new ones, the output the plots show. A node
        target is the old graph's: it goes."""
        names = [] if graph is None else output_names(graph)
        keep = self.target() if names == self._names and self.target()[0] == "output" else None
        self._names, self._graph = names, graph
        self.blockSignals(True)
        self._fill(None)
        if names:
            self._choose(keep or self._plotted())
        self._output = self.target()[1] if names else 0
        self.blockSignals(False)
        self._show(len(names) > 1)

    def shown_for(self, graph: Graph) -> int:
        """The output of ``graph`` the window shows: the one picked while the outputs listed
        stay these (as ``set_graph`` keeps it), else the graph's last node's."""
        names = output_names(graph)
        if names and names == self._names:
            return self._output
        return plotted_output(graph) % max(len(graph.outputs), 1)

    def shown_graph(self, graph: Graph) -> Graph:
        """That output alone (``graph`` itself when it has one)."""
        if len(graph.outputs) <= 1:
            return graph
        return graph.for_output(self.shown_for(graph))

    def shown_note(self, graph: Graph) -> str:
        """ "output 1 of 2" for the output shown of a graph of several, else ""."""
        count = len(graph.outputs)
        return f"output {self.shown_for(graph) + 1} of {count}" if count > 1 else ""

    def _on_picked(self, _index: int) -> None:
        kind, k = self.target()
        if kind == "output" and k != self._output:
            self._output = k
            self.output_shown.emit()

    def target_node(self, node: int) -> None:
        """Make node ``node`` the target (listed after the outputs; currentIndexChanged)."""
        if self._graph is None or not can_target(self._graph, node):
            return
        self.blockSignals(True)  # (refilling moves the current entry: one change, below)
        self._fill(node)
        self.blockSignals(False)
        self._show(True)
        self._choose(("node", node))

    def target_output(self) -> None:
        """Back to the output the plots show (currentIndexChanged)."""
        if self._graph is not None:
            self._choose(("output", self._output))

    def target(self) -> Target:
        k = self.currentIndex()
        return self._targets[k] if 0 <= k < len(self._targets) else ("output", 0)

    def _show(self, visible: bool) -> None:
        if visible == self.isHidden():
            self.setVisible(visible)
            self.shown.emit(visible)

    def _plotted(self) -> Target:
        return ("output", plotted_output(self._graph) % max(len(self._names), 1))

    def _choose(self, target: Target) -> None:
        if target in self._targets:
            self.setCurrentIndex(self._targets.index(target))

    def _fill(self, node: int | None) -> None:
        """The entries: every output (one entry for a single output when a node is listed),
        then the node target, if any; each tooltip the whole expression."""
        graph = self._graph
        self.clear()
        self._targets = []
        if graph is None:
            return
        if self._names:
            entries = [(name, ("output", k), o) for k, (name, o) in enumerate(
                zip(self._names, graph.outputs, strict=True))]  # fmt: skip
        elif node is not None:
            entries = [(f"output: {_cut(_text(graph, graph.output))}", ("output", 0), graph.output)]
        else:
            entries = []
        if node is not None:
            entries.append((f"node {n.v(node)}: {_cut(_text(graph, node))}", ("node", node), node))
        for name, target, shown in entries:
            self.addItem(name)
            self.setItemData(self.count() - 1, _text(graph, shown), Qt.ItemDataRole.ToolTipRole)
            self._targets.append(target)


def target_actions(picker: OutputPicker, graph: Graph, node: int | None, parent) -> list[QAction]:
    """The graph's context menu: make the node under the pointer the target; back to the
    output when a node is the target."""
    actions = []
    if node is not None and can_target(graph, node):
        title = f"Run the passes for {n.v(node)} ({n.node_title(graph, node)}): ȳ = 1 there"
        action = QAction(title, parent)
        action.triggered.connect(lambda: picker.target_node(node))
        actions.append(action)
    if picker.target()[0] == "node":
        action = QAction("Run the passes for the output again", parent)
        action.triggered.connect(picker.target_output)
        actions.append(action)
    return actions


def node_under(view: QGraphicsView, nodes: list, pos: QPoint) -> int | None:
    """The index of the node item (of ``nodes``) under viewport point ``pos``, or None."""
    item = view.itemAt(pos)
    while item is not None and item not in nodes:
        item = item.parentItem()
    return None if item is None else nodes.index(item)


def show_target_menu(
    view: QGraphicsView, nodes: list, graph: Graph, picker: OutputPicker, pos: QPoint
) -> None:
    """The graph's context menu at ``pos`` (nothing when it has no entry)."""
    actions = target_actions(picker, graph, node_under(view, nodes, pos), view)
    if actions:
        menu = QMenu(view)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in actions:
            action.setParent(menu)  # (gone with the menu)
            menu.addAction(action)
        menu.popup(view.viewport().mapToGlobal(pos))


def offer_targets(view: QGraphicsView, scene, picker: OutputPicker, graph) -> None:
    """Give the graph ``view`` (of ``scene``) the context menu that makes a node the target;
    ``graph()`` is the graph as given (all its outputs)."""

    def menu(pos: QPoint) -> None:
        whole = graph()
        if whole is not None:
            show_target_menu(view, scene.nodes, whole, picker, pos)

    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(menu)
