"""The canvas view: turns the mouse, palette drops and keys into sketch edits.

Left-drag from an output port draws a wire to an input port (or onto a node: its first open
port); from a wired input port it picks the wire's end up (dropped off, it disconnects);
from an open input port it draws a wire back to an output. Left-drag elsewhere moves the
selected nodes (one undo step when released) or, on empty canvas, selects with a band.
The middle button pans, the wheel zooms. Each edit goes through SketchEditor (one command).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter
from PySide6.QtWidgets import QGraphicsView, QLineEdit, QMenu, QWidget

from guiad.anim.sketch_layout import tidy_positions
from guiad.core.document import SETTINGS, Change
from guiad.core.graph import INPUT
from guiad.core.ops import OPS
from guiad.core.sketch import Sketch
from guiad.ui import theme
from guiad.ui.canvas.commands import SketchEditor
from guiad.ui.canvas.drops import entry_label, new_node, plan_drop
from guiad.ui.canvas.inline import NodeBoxes
from guiad.ui.canvas.items import node_label
from guiad.ui.canvas.keys import CanvasKeys
from guiad.ui.canvas.scene import CanvasScene, Hit
from guiad.ui.chain.model import dropped_entry_names
from guiad.ui.guard import guarded

Point = tuple[float, float]
Edit = Callable[[Sketch], Sketch]
STEP_X = 150.0  # where a node applied to another goes: one layer to the right
EMPTY_WANTED = 300.0  # the height an empty canvas asks for: room to build a few rows


@dataclass
class _Wiring:
    """A wire being drawn: from output ``src`` (then ``lifted`` is the (node, port) whose
    wire was picked up, if any), or back from the open input ``into`` (node, port)."""

    src: int | None = None
    lifted: tuple[int, int] | None = None
    into: tuple[int, int] | None = None


class CanvasView(QGraphicsView):
    """The build canvas over the document's sketch; see the module docstring."""

    edited = Signal(str)  # a refused edit's reason, or "" after an edit went through
    noted = Signal(str)  # a word on an edit that went through (a rename moved an input)
    redrawn = Signal()  # after a redraw from the document (its graph may need more room)

    ZOOM_RANGE = (0.25, 3.0)

    def __init__(self, editor: SketchEditor, parent: QWidget | None = None):
        self.canvas_scene = CanvasScene()
        super().__init__(self.canvas_scene, parent)
        self.canvas_scene.setParent(self)
        self.editor = editor
        editor.placed = self.canvas_scene.unplaced
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setBackgroundBrush(QColor(theme.CANVAS))
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self._wiring: _Wiring | None = None
        self._pan: QPointF | None = None
        self._stale = True  # the document changed while the canvas was hidden
        self._fitted = False
        self._own_edit = False  # the document changes because of an edit made here
        self.boxes = NodeBoxes(self)
        self.keys = CanvasKeys(self)
        editor.doc.changed.append(self._on_document_changed)

    # ---- following the document --------------------------------------------------------

    def _on_document_changed(self, change: Change) -> None:
        if change.kind == SETTINGS:
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def refresh(self) -> None:
        """Redraw from the document's sketch."""
        self._stale = False
        before = set(self.canvas_scene.nodes)
        self.canvas_scene.show_sketch(self.editor.sketch)
        self.keys.follow_sketch()
        self.redrawn.emit()
        if not self._fitted:
            return
        if not self._own_edit and self._laid_out_afresh():
            self.fit()  # another function: at its own size (not the last one's zoom)
            return
        if self.shows_all():
            return
        made = sorted(set(self.canvas_scene.nodes) - before)
        if not self._own_edit:
            self.fit()  # a typed expression, an undo, a file: show it all
        elif made:  # an edit here: scroll to the new node, never zoom under the user's hand
            self.ensureVisible(self.canvas_scene.nodes[made[-1]], 20, 20)

    def _laid_out_afresh(self) -> bool:
        """Whether no node of the sketch sits where the user put it (a function typed or
        opened that shares no node with the one before)."""
        return all(node.pos is None for _, node in self.editor.sketch.nodes)

    def wanted_height(self) -> float:
        """The height that shows every node at full size (a few rows when there are none)."""
        if not self.canvas_scene.nodes:
            return EMPTY_WANTED
        return self.canvas_scene.items_rect().height()

    def shows_all(self) -> bool:
        """Whether every node is inside the viewport."""
        rect = QRectF()
        for item in self.canvas_scene.nodes.values():
            rect = rect.united(item.sceneBoundingRect())
        shown = self.mapToScene(self.viewport().rect()).boundingRect()
        return rect.isNull() or shown.contains(rect)

    @guarded
    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self._stale:
            self.refresh()
        if not self._fitted:
            self.fit()

    def fit(self) -> None:
        """Show every node, at most at full size."""
        self._fitted = self.viewport().width() > 10
        rect = self.canvas_scene.items_rect()
        self.resetTransform()
        port = self.viewport().rect()
        scale = min(port.width() / rect.width(), port.height() / rect.height(), 1.0)
        scale = max(scale, self.ZOOM_RANGE[0])
        self.scale(scale, scale)
        self.centerOn(rect.center())

    # ---- edits ----------------------------------------------------------------------

    def edit(self, text: str, change: Edit) -> bool:
        """One undoable edit; a refusal is said by the pointer and through ``edited``."""
        self._own_edit = True
        try:
            why = self.editor.edit(text, change)
        finally:
            self._own_edit = False
        self.edited.emit(why or "")
        return why is None

    def make(self, text: str, change: Callable[[Sketch], tuple[Sketch, int]]) -> int | None:
        """An edit that makes a node: its id (selected), or None if refused."""
        self._own_edit = True
        try:
            made = self.editor.edit_new(text, change)
        finally:
            self._own_edit = False
        if isinstance(made, str):
            self.edited.emit(made)
            return None
        self.edited.emit("")
        self.select_only(made)
        return made

    def select_only(self, id: int | None) -> None:
        scene = self.canvas_scene
        scene.clearSelection()
        if id is not None and id in scene.nodes:
            scene.nodes[id].setSelected(True)
        self.keys.set_focus_node(id)

    def select_all(self) -> None:
        for item in self.canvas_scene.nodes.values():
            item.setSelected(True)

    def tidy(self) -> None:
        """Lay every node out again (the walkthrough's layered layout), as one edit."""
        self.edit("Tidy the graph", lambda s: s.moved(tidy_positions(s)))
        self.fit()

    def delete_selected(self) -> None:
        ids = self.canvas_scene.selected_ids()
        if ids:
            noun = "node" if len(ids) == 1 else f"{len(ids)} nodes"
            self.edit(f"Delete {noun}", lambda s: s.remove(ids))

    def nudge(self, dx: float, dy: float) -> None:
        """Move the selected nodes by (dx, dy) scene pixels, as one edit."""
        at = self.canvas_scene.positions()
        moved = {i: (at[i][0] + dx, at[i][1] + dy) for i in self.canvas_scene.selected_ids()}
        noun = "node" if len(moved) == 1 else f"{len(moved)} nodes"
        self.edit(f"Move {noun}", lambda s: s.moved(moved))

    def mark_output(self, id: int) -> None:
        self.edit(
            f"Mark {node_label(self.editor.sketch.node(id))} as the output",
            lambda s: s.with_output(id),
        )

    def apply_entry(self, name: str) -> int | None:
        """Palette entry ``name`` by keys (Enter in the palette or on the canvas): an op is
        applied to the focused node; otherwise the entry is added in the middle of the view."""
        focus = self.keys.focus
        if focus not in self.canvas_scene.positions():
            focus = None  # a node the last edit took away (monkey seed 645099: a KeyError)
        if focus is not None and name in OPS:
            where = self.beside(focus)
            return self.make(f"Apply {OPS[name].label}", lambda s: s.apply_to(focus, name, where))
        centre = self.mapToScene(self.viewport().rect().center())
        spot = self.free_spot(centre.x(), centre.y())
        return self.make(f"Add {entry_label(name)}", lambda s: new_node(s, name, spot))

    def free_spot(self, x: float, y: float) -> Point:
        """(x, y), or below it, where no node sits yet."""
        taken = list(self.canvas_scene.positions().values())
        while any(abs(px - x) < 70 and abs(py - y) < 45 for px, py in taken):
            y += 60.0
        return (round(x, 1), round(y, 1))

    def beside(self, id: int) -> Point:
        x, y = self.canvas_scene.positions()[id]
        return self.free_spot(x + STEP_X, y)

    # ---- what a drop does ---------------------------------------------------------------

    def _drop_plan(self, event) -> tuple[str, Edit] | None:
        names = dropped_entry_names(event.mimeData())
        if not names:
            return None
        at = self.mapToScene(event.position().toPoint())
        replace = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        hit, spot = self.canvas_scene.hit(at), self.free_spot(at.x(), at.y())
        return plan_drop(self.editor.sketch, names[0], hit, spot, self.beside, replace)

    @guarded
    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if dropped_entry_names(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    @guarded
    def dragMoveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        plan = self._drop_plan(event)
        if plan is None:
            event.ignore()
            return
        at = self.mapToScene(event.position().toPoint())
        hit = self.canvas_scene.hit(at)
        self.canvas_scene.mark_wire(hit.wire)
        self.canvas_scene.mark_port(hit.id if hit.kind == "in" else None, hit.port)
        shift = " (Shift: replace it)" if hit.kind == "node" else ""
        self.canvas_scene.say(plan[0] + shift, at)
        event.acceptProposedAction()

    @guarded
    def dragLeaveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.canvas_scene.clear_feedback()

    @guarded
    def dropEvent(self, event) -> None:  # noqa: N802 (Qt override)
        plan = self._drop_plan(event)
        self.canvas_scene.clear_feedback()
        if plan is None:
            event.ignore()
            return
        event.acceptProposedAction()
        before = set(self.editor.sketch.ids())
        if self.edit(*plan):
            made = sorted(set(self.editor.sketch.ids()) - before)
            self.select_only(made[-1] if made else None)
        self.setFocus()

    # ---- wires by mouse -----------------------------------------------------------------

    def _start_wire(self, hit: Hit) -> bool:
        scene = self.canvas_scene
        if hit.kind == "out":
            self._wiring = _Wiring(src=hit.id)
        elif hit.kind == "in":
            wire = scene.wire_into(hit.id, hit.port)
            if wire is not None:
                self._wiring = _Wiring(src=wire.src, lifted=(hit.id, hit.port))
                wire.hide()
            else:
                self._wiring = _Wiring(into=(hit.id, hit.port))
        else:
            return False
        return True

    def _wire_target(self, at: QPointF) -> tuple[tuple[int, int, int] | None, str]:
        """The (src, dst, port) the wire being drawn would make if released at ``at``, and
        what to say (why not, when it cannot)."""
        w, sketch = self._wiring, self.editor.sketch
        hit = self.canvas_scene.hit(at)
        if w.into is not None:
            if hit.kind not in ("out", "node") or hit.id == w.into[0]:
                return None, "Release on a node to take its value"
            src, (dst, port) = hit.id, w.into
        else:
            if hit.kind == "in":
                dst, port = hit.id, hit.port
            elif hit.kind == "node" and hit.id != w.src:
                node = sketch.node(hit.id)
                free = [k for k, j in enumerate(node.inputs) if j is None]
                if not free:
                    return None, f"{node_label(node)} has no open input: drop on a port"
                dst, port = hit.id, free[0]
            else:
                return None, "Release off a port to disconnect" if w.lifted else ""
            src = w.src
        why = sketch.why_not_connect(src, dst, port)
        if why:
            return (src, dst, port), why
        return (src, dst, port), ""

    def _drag_wire(self, at: QPointF) -> None:
        scene, w = self.canvas_scene, self._wiring
        start = (
            scene.port_pos(w.src, "out")
            if w.src is not None
            else scene.port_pos(w.into[0], "in", w.into[1])
        )
        if w.src is not None:
            scene.show_preview(start, at)
        else:
            scene.show_preview(at, start)
        target, why = self._wire_target(at)
        if target is not None:
            scene.mark_port(target[1], target[2], ok=not why)
        else:
            scene.mark_port(None)
        scene.say(why, at, bad=target is not None and bool(why))

    def _finish_wire(self, at: QPointF) -> None:
        w = self._wiring
        target, why = self._wire_target(at)
        self._wiring = None
        self.canvas_scene.clear_feedback()
        if target is None:
            if w.lifted is not None:
                dst, port = w.lifted
                self.edit("Disconnect a wire", lambda s: s.disconnect(dst, port))
            else:
                self.refresh()
            return
        if why:
            self.edited.emit(why)
            self.canvas_scene.say(why, at, bad=True)
            self.refresh()
            return
        src, dst, port = target
        if w.lifted == (dst, port):
            self.refresh()
            return

        def rewire(s: Sketch) -> Sketch:
            if w.lifted is not None:
                s = s.disconnect(*w.lifted)
            return s.connect(src, dst, port)

        self.edit(f"Connect {self.name_of(src)} to {self.name_of(dst)}", rewire)

    def name_of(self, id: int) -> str:
        """How the canvas names node ``id`` in undo texts and notes."""
        return node_label(self.editor.sketch.node(id))

    def hover_text(self, hit: Hit) -> str:
        """What a port says under the pointer (not drawing)."""
        if hit.kind == "out":
            return "Drag to an input port to wire this value"
        if hit.kind == "in":
            src = self.editor.sketch.node(hit.id).inputs[hit.port]
            state = "open: drag a wire here" if src is None else "drag off to disconnect"
            return f"Input {hit.port + 1} of {self.name_of(hit.id)}: {state}"
        return ""

    # ---- mouse ------------------------------------------------------------------------

    @guarded
    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.setFocus()
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan = event.position()
            return
        if event.button() == Qt.MouseButton.RightButton:
            return  # the context menu acts on the selection: a right press keeps it
        at = self.mapToScene(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and self._start_wire(
            self.canvas_scene.hit(at)
        ):
            self._drag_wire(at)
            return
        super().mousePressEvent(event)

    @guarded
    def mouseMoveEvent(self, event) -> None:  # noqa: N802 (Qt override)
        at = self.mapToScene(event.position().toPoint())
        if self._pan is not None:
            delta = event.position() - self._pan
            self._pan = event.position()
            bar_h, bar_v = self.horizontalScrollBar(), self.verticalScrollBar()
            bar_h.setValue(bar_h.value() - int(delta.x()))
            bar_v.setValue(bar_v.value() - int(delta.y()))
            return
        if self._wiring is not None:
            self._drag_wire(at)
            return
        super().mouseMoveEvent(event)
        if event.buttons() == Qt.MouseButton.NoButton:
            self.canvas_scene.say(self.hover_text(self.canvas_scene.hit(at)), at)

    @guarded
    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self._pan is not None and event.button() == Qt.MouseButton.MiddleButton:
            self._pan = None
            return
        if self._wiring is not None:
            self._finish_wire(self.mapToScene(event.position().toPoint()))
            return
        super().mouseReleaseEvent(event)
        moved = self.canvas_scene.moved_nodes()
        if moved:
            noun = "node" if len(moved) == 1 else f"{len(moved)} nodes"
            self.edit(f"Move {noun}", lambda s: s.moved(moved))
        selected = self.canvas_scene.selected_ids()
        self.keys.set_focus_node(selected[0] if len(selected) == 1 else None)

    @guarded
    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 (Qt override)
        hit = self.canvas_scene.hit(self.mapToScene(event.position().toPoint()))
        if hit.kind == "node":
            self.edit_value(hit.id)
            return
        super().mouseDoubleClickEvent(event)

    @guarded
    def wheelEvent(self, event) -> None:  # noqa: N802 (Qt override)
        delta = event.angleDelta().y()
        if delta:
            low, high = self.ZOOM_RANGE
            zoom = self.transform().m11()
            factor = min(max(zoom * 1.15 ** (delta / 120), low), high) / zoom
            self.scale(factor, factor)
        event.accept()

    @guarded
    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt override)
        hit = self.canvas_scene.hit(self.mapToScene(event.pos()))
        menu = QMenu(self)
        if hit.kind in ("node", "in", "out"):
            id = hit.id
            if id not in self.canvas_scene.selected_ids():
                self.select_only(id)
            menu.addAction("Mark as the output  (O)", lambda: self.mark_output(id))
            node = self.editor.sketch.node(id)
            if node.op == INPUT:
                menu.addAction("Rename…  (F2)", lambda: self.edit_value(id))
            elif node.param is not None:
                menu.addAction("Edit value…  (Enter)", lambda: self.edit_value(id))
            menu.addAction("Delete  (Del)", self.delete_selected)
        else:
            menu.addAction("Select all", self.select_all)
            if self.canvas_scene.selected_ids():
                menu.addAction("Delete the selected nodes  (Del)", self.delete_selected)
        menu.addAction("Tidy the graph", self.tidy)
        menu.addAction("Fit in view", self.fit)
        menu.exec(event.globalPos())

    # ---- values (the part ``boxes`` does the work) ------------------------------------

    def edit_value(self, id: int) -> bool:
        """An inline box over node ``id`` for its value or its name; False if it has none."""
        return self.boxes.open(id)

    def value_box(self) -> QLineEdit | None:
        return self.boxes.box()

    # ---- keys ------------------------------------------------------------------------

    @guarded(default=False)
    def event(self, event) -> bool:
        # keys the canvas uses win over the walkthrough's one-key shortcuts (T, F, arrows)
        if event.type() == QEvent.Type.ShortcutOverride and self.keys.wants(event):
            event.accept()
            return True
        return super().event(event)

    @guarded
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if not self.keys.handle(event):
            super().keyPressEvent(event)

    @guarded(default=False)
    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 (Qt override)
        return False  # Tab moves between nodes (CanvasKeys), not out of the canvas
