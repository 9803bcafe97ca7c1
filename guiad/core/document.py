"""The editable model behind the window: the current graph and its view settings.

Pure Python, no Qt. Chain edits (insert, move, remove, set_param) work when the graph is a
chain; ``set_graph`` replaces it wholesale (an expression, a file), keeping the positions of
the nodes that still exist; ``set_sketch`` sets the graph as built by hand on the canvas.
Listeners registered in ``about_to_change`` and ``changed`` receive a ``Change`` before and
after every edit, which is what a Qt list model needs to call begin/endInsertRows and
friends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from guiad.core.expression import describes
from guiad.core.fileformat import Document, Settings
from guiad.core.graph import INPUT, Graph, GraphError, Step
from guiad.core.sketch import Sketch, carry_positions

INSERT = "insert"
MOVE = "move"
REMOVE = "remove"
PARAM = "param"
RESET = "reset"
SETTINGS = "settings"
SKETCH = "sketch"  # the sketch changed (positions, nodes off the output path), the graph not


@dataclass(frozen=True)
class Change:
    """One edit: its kind, the row it touched and, for a move, where the row went."""

    kind: str
    row: int = -1
    to: int = -1


Listener = Callable[[Change], None]


class ChainDocument:
    """The graph being edited, with list-like chain edits and change notification."""

    def __init__(self, graph: Graph | None = None, settings: Settings | None = None):
        self._graph = graph if graph is not None else Graph.from_chain(())
        self._settings = settings if settings is not None else Settings()
        self._sketch: Sketch | None = None  # None: Sketch.from_graph(graph), made when asked
        self._text: str | None = None
        self.about_to_change: list[Listener] = []
        self.changed: list[Listener] = []

    # ---- reading ---------------------------------------------------------------------

    @property
    def graph(self) -> Graph:
        return self._graph

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def sketch(self) -> Sketch:
        """The graph as the canvas shows it: ids, positions, open ports, nodes off the path."""
        if self._sketch is None:
            self._sketch = Sketch.from_graph(self._graph)
        return self._sketch

    @property
    def text(self) -> str | None:
        """The user's own text for the graph, as typed (``set_graph(graph, text)``), while it
        still describes the graph; None when the graph came from elsewhere."""
        return self._text

    def steps(self) -> tuple[Step, ...] | None:
        """The chain's steps, or None when the graph is not a chain."""
        return self._graph.chain()

    def to_document(self) -> Document:
        return Document(self._graph, self._settings, self._sketch)

    # ---- chain edits -----------------------------------------------------------------

    def insert(self, row: int, step: Step) -> None:
        steps = list(self._chain())
        if not 0 <= row <= len(steps):
            raise GraphError(f"cannot insert at {row}: the chain has {len(steps)} steps")
        steps.insert(row, step)
        self._apply(Change(INSERT, row), Graph.from_chain(steps))

    def remove(self, row: int) -> Step:
        steps = list(self._chain())
        self._check_row(row, steps)
        step = steps.pop(row)
        self._apply(Change(REMOVE, row), Graph.from_chain(steps))
        return step

    def move(self, row: int, to: int) -> None:
        """Move the step at ``row`` so that it ends up at index ``to``."""
        steps = list(self._chain())
        self._check_row(row, steps)
        self._check_row(to, steps)
        if row == to:
            return
        steps.insert(to, steps.pop(row))
        self._apply(Change(MOVE, row, to), Graph.from_chain(steps))

    def set_param(self, row: int, value: float) -> None:
        steps = list(self._chain())
        self._check_row(row, steps)
        if steps[row].param is None:
            raise GraphError(f"'{steps[row].op}' takes no parameter")
        steps[row] = Step(steps[row].op, value)  # validates: finite number
        self._apply(Change(PARAM, row), Graph.from_chain(steps))

    # ---- wholesale edits -------------------------------------------------------------

    def set_graph(self, graph: Graph, text: str | None = None) -> None:
        """Replace the graph (nodes that still exist keep their positions); ``text`` is what
        the user typed for it, kept as typed when it parses to exactly ``graph``."""
        text = text if text is not None and describes(text, graph) else None
        if graph != self._graph:
            self._apply(Change(RESET), graph, text=text)
        elif text is not None:
            self._text = text

    def set_sketch(self, sketch: Sketch) -> None:
        """The graph as built on the canvas: the graph becomes ``sketch.to_graph()[0]``
        (Change RESET); when only positions or nodes off the output path changed, SKETCH."""
        if sketch == self.sketch:
            return
        graph = sketch.to_graph()[0]
        kind = RESET if graph != self._graph else SKETCH
        names = _renamed(self.sketch, sketch)  # a renamed input keeps its range and point
        settings = (
            self._settings.renamed(self._graph.inputs, graph.inputs, names) if names else None
        )
        self._apply(Change(kind), graph, sketch, self._text if kind == SKETCH else None, settings)

    def set_document(self, doc: Document) -> None:
        """Replace graph and settings together (a file was opened)."""
        self._notify(self.about_to_change, Change(RESET))
        self._graph = doc.graph
        self._settings = doc.settings
        self._sketch = doc.sketch
        self._text = None
        self._notify(self.changed, Change(RESET))

    def set_settings(self, settings: Settings) -> bool:
        """Replace the view settings; True if they differed."""
        if settings == self._settings:
            return False
        self._notify(self.about_to_change, Change(SETTINGS))
        self._settings = settings
        self._notify(self.changed, Change(SETTINGS))
        return True

    def update_settings(self, **fields: float | int) -> bool:
        return self.set_settings(replace(self._settings, **fields))

    # ---- helpers ---------------------------------------------------------------------

    def _chain(self) -> tuple[Step, ...]:
        steps = self._graph.chain()
        if steps is None:
            raise GraphError("the graph is not a chain: edit it as an expression")
        return steps

    @staticmethod
    def _check_row(row: int, steps: list[Step]) -> None:
        if not 0 <= row < len(steps):
            raise GraphError(f"no step {row}: the chain has {len(steps)} steps")

    def _apply(
        self,
        change: Change,
        graph: Graph,
        sketch: Sketch | None = None,
        text: str | None = None,
        settings: Settings | None = None,
    ) -> None:
        self._notify(self.about_to_change, change)
        if sketch is None and _placed(self._sketch):  # else there are no positions to keep
            sketch = carry_positions(self._sketch, graph)
        self._sketch = sketch
        self._graph = graph
        self._text = text
        self._settings = settings if settings is not None else self._settings
        self._notify(self.changed, change)

    @staticmethod
    def _notify(listeners: list[Listener], change: Change) -> None:
        for listener in list(listeners):
            listener(change)


def _placed(sketch: Sketch | None) -> bool:
    """Whether ``sketch`` has a node the user placed."""
    return sketch is not None and any(node.pos is not None for _, node in sketch.nodes)


def _renamed(old: Sketch, new: Sketch) -> dict[str, str]:
    """{old name: new name} of the inputs ``new`` names otherwise than ``old`` (same id)."""
    return {
        a.name: b.name
        for i, a in old.nodes
        if a.op == INPUT and i in new.ids() and (b := new.node(i)).op == INPUT and a.name != b.name
    }
