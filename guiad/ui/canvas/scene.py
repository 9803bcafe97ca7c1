"""The canvas scene: draws a Sketch as node and wire items, and says what is under a point
(a port, a node, a wire or nothing). It never edits: the view asks the editor."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene, QGraphicsSimpleTextItem

from guiad.anim.sketch_layout import missing_positions
from guiad.core.sketch import Sketch
from guiad.ui import theme
from guiad.ui.canvas.items import HintItem, NodeItem, WireItem, wire_path

Point = tuple[float, float]
EMPTY_TEXT = "Drag ops, inputs and constants here from the palette"


@dataclass(frozen=True)
class Hit:
    """What is under a point: kind "in" / "out" (a port of node ``id``), "node", "wire"
    (``wire`` feeds input ``port`` of ``id``) or "empty"."""

    kind: str
    id: int = -1
    port: int = 0
    wire: WireItem | None = None


class CanvasScene(QGraphicsScene):
    """Node and wire items for the document's sketch, rebuilt on each change."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.font = QFont()
        self.font.setPointSizeF(10.5)
        self.sketch = Sketch(())
        self.nodes: dict[int, NodeItem] = {}
        self.wires: list[WireItem] = []
        self._unplaced: dict[int, Point] = {}
        self.hint = HintItem(self.font)
        self.addItem(self.hint)
        self.preview = QGraphicsPathItem()  # the wire being drawn
        self.preview.setPen(QPen(QColor(theme.FORWARD), 2, Qt.PenStyle.DashLine))
        self.preview.setZValue(50)
        self.preview.hide()
        self.addItem(self.preview)
        self.empty_note = QGraphicsSimpleTextItem(EMPTY_TEXT)
        self.empty_note.setBrush(QColor(theme.HINT_TEXT))
        self.addItem(self.empty_note)
        # a fixed, large area: a growing scene rect would shift the view under the user
        self.setSceneRect(QRectF(-20000, -20000, 40000, 40000))

    # ---- drawing ----------------------------------------------------------------------

    def show_sketch(self, sketch: Sketch) -> None:
        """Draw ``sketch``; the selection stays on the nodes that still exist."""
        if _unplaced(sketch) == _unplaced(self.sketch):  # a move or Tidy: the items move
            self._move_to(sketch)
            return
        selected = self.selected_ids()
        for item in [*self.nodes.values(), *self.wires]:
            self.removeItem(item)
        self.sketch = sketch
        self.nodes, self.wires = {}, []
        self._unplaced = missing_positions(sketch)
        for i in sketch.ids():
            node = sketch.node(i)
            item = NodeItem(i, node, i == sketch.output, self.font)
            item.setPos(QPointF(*(node.pos if node.pos is not None else self._unplaced[i])))
            item.moved_callback = self._reroute
            self.addItem(item)
            item.setSelected(i in selected)
            self.nodes[i] = item
        for i in sketch.ids():
            for port, j in enumerate(sketch.node(i).inputs):
                if j is not None:
                    wire = WireItem(j, i, port)
                    self.addItem(wire)
                    self.wires.append(wire)
        self._reroute(None)
        self.empty_note.setVisible(not self.nodes)

    def _move_to(self, sketch: Sketch) -> None:
        self.sketch = sketch
        self._unplaced = missing_positions(sketch)
        for i, item in self.nodes.items():
            node = item.node = sketch.node(i)
            item.moved_callback = None  # one reroute of every wire after, not one per node
            item.setPos(QPointF(*(node.pos if node.pos is not None else self._unplaced[i])))
            item.moved_callback = self._reroute
        self._reroute(None)

    def items_rect(self) -> QRectF:
        """The nodes' rectangle with a margin (a fixed area when there are none)."""
        rect = QRectF()
        for item in self.nodes.values():
            rect = rect.united(item.sceneBoundingRect())
        if rect.isNull():
            rect = self.empty_note.sceneBoundingRect()
        return rect.adjusted(-40, -30, 40, 30)

    def _reroute(self, moved: int | None) -> None:
        for wire in self.wires:
            if moved is None or moved in (wire.src, wire.dst):
                src, dst = self.nodes[wire.src], self.nodes[wire.dst]
                wire.route(
                    src.mapToScene(src.output_port()), dst.mapToScene(dst.input_port(wire.port))
                )

    # ---- reading ----------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        return sorted(i for i, item in self.nodes.items() if item.isSelected())

    def positions(self) -> dict[int, Point]:
        return {i: (item.pos().x(), item.pos().y()) for i, item in self.nodes.items()}

    def unplaced(self) -> dict[int, Point]:
        """Where the nodes the user never placed are drawn (see SketchEditor.placed)."""
        return {i: p for i, p in self.positions().items() if i in self._unplaced}

    def moved_nodes(self) -> dict[int, Point]:
        """Nodes whose item is not where the sketch (or the layout) put it: a drag."""
        moved = {}
        for i, (x, y) in self.positions().items():
            node = self.sketch.node(i)
            was = node.pos if node.pos is not None else self._unplaced[i]
            if abs(was[0] - x) > 0.5 or abs(was[1] - y) > 0.5:
                moved[i] = (round(x, 1), round(y, 1))
        return moved

    def hit(self, pos: QPointF) -> Hit:
        """What is under scene point ``pos``: a port first, then a node, then a wire."""
        for item in self.nodes.values():
            port = item.port_at(pos)
            if port is not None:
                return Hit(port[0], item.id, port[1])
        for item in self.items(pos):
            if isinstance(item, NodeItem):
                return Hit("node", item.id)
        for item in self.items(pos):
            if isinstance(item, WireItem):
                return Hit("wire", item.dst, item.port, item)
        return Hit("empty")

    def wire_into(self, dst: int, port: int) -> WireItem | None:
        for wire in self.wires:
            if (wire.dst, wire.port) == (dst, port):
                return wire
        return None

    def port_pos(self, id: int, kind: str, port: int = 0) -> QPointF:
        item = self.nodes[id]
        local = item.output_port() if kind == "out" else item.input_port(port)
        return item.mapToScene(local)

    # ---- feedback while dragging ------------------------------------------------------

    def show_preview(self, start: QPointF, end: QPointF) -> None:
        self.preview.setPath(wire_path(start, end))
        self.preview.show()

    def hide_preview(self) -> None:
        self.preview.hide()

    def mark_port(self, id: int | None, port: int = 0, ok: bool = True) -> None:
        """Colour one input port green (takes the wire) or red (refuses it); None clears."""
        for i, item in self.nodes.items():
            item.set_marked_port((port, ok) if i == id else None)

    def mark_wire(self, wire: WireItem | None) -> None:
        for item in self.wires:
            item.set_hot(item is wire)

    def say(self, text: str, at: QPointF, bad: bool = False) -> None:
        self.hint.say(text, at, bad)

    def clear_feedback(self) -> None:
        self.hint.say("", QPointF())
        self.hide_preview()
        self.mark_port(None)
        self.mark_wire(None)


def _unplaced(sketch: Sketch) -> tuple:
    """``sketch`` without its positions: what the items draw besides where they sit."""
    return sketch.output, tuple((i, replace(node, pos=None)) for i, node in sketch.nodes)
