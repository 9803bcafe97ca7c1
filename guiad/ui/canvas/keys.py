"""The canvas's keyboard path (a part of CanvasView): everything the mouse does, by keys.

Tab / Shift+Tab focus the next / previous node (left to right); typing an op's name (or
"input", "const") and Enter applies it to the focused node (adds it when none is focused);
W starts a wire from the focused node, the arrow keys pick the input port it goes to and
Enter connects it; O marks the focused node as the output; Enter or F2 on a constant edits
it, on an input renames it; Delete deletes the selection; Escape cancels what is under way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

from guiad.core.graph import CONST, INPUT
from guiad.core.ops import OPS

if TYPE_CHECKING:
    from guiad.ui.canvas.view import CanvasView

KEY_HELP = [
    ("Tab / Shift+Tab", "canvas: focus the next / previous node"),
    ("a letter…, Enter", "canvas: type an op's name (or input, const) and apply it"),
    ("W, arrow keys, Enter", "canvas: wire the focused node into the port picked"),
    ("O", "canvas: mark the focused node as the output f"),
    ("arrow keys (Shift: ×5)", "canvas: nudge the selected nodes by 10 px"),
    ("Enter / F2 / double-click", "canvas: edit a constant or parameter, rename an input"),
    ("Ctrl+A, Delete", "canvas: select every node; delete the selected nodes"),
    ("drag onto a node with Shift", "canvas: replace its op (same number of inputs)"),
    ("Escape", "canvas: cancel the wire or the name being typed"),
]
_ENTRY_NAMES = (*OPS, "input", "const")
_MOVES = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1}
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_NUDGE = {
    Qt.Key.Key_Right: (1, 0),
    Qt.Key.Key_Left: (-1, 0),
    Qt.Key.Key_Down: (0, 1),
    Qt.Key.Key_Up: (0, -1),
}
NUDGE_PX = 10.0


def match_entry(typed: str) -> str | None:
    """The palette entry a typed prefix means: an exact name first, then the first that
    starts with it (inputs as INPUT, constants as CONST)."""
    typed = typed.lower()
    if not typed:
        return None
    names = [n for n in _ENTRY_NAMES if n == typed] or [
        n for n in _ENTRY_NAMES if n.startswith(typed)
    ]
    if not names:
        return None
    return {"input": INPUT, "const": CONST}.get(names[0], names[0])


class CanvasKeys:
    """The keyboard state of one canvas: focused node, typed name, wire being aimed."""

    def __init__(self, view: CanvasView):
        self.view = view
        self.focus: int | None = None
        self.typed = ""
        self.wire_from: int | None = None
        self.targets: list[tuple[int, int]] = []
        self.target = 0

    # ---- state ----------------------------------------------------------------------

    def follow_sketch(self) -> None:
        """After a redraw: forget a focus on a node that is gone, show the ring again."""
        if self.focus not in self.view.canvas_scene.nodes:
            self.focus = None
        self.set_focus_node(self.focus)

    def set_focus_node(self, id: int | None) -> None:
        self.focus = id
        for i, item in self.view.canvas_scene.nodes.items():
            item.set_focus_ring(i == id)

    def wants(self, event: QKeyEvent) -> bool:
        """Whether the canvas takes this key (its shortcut-override answer)."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods & ~Qt.KeyboardModifier.ShiftModifier:
            return False
        key = Qt.Key(event.key())
        text = event.text()
        return (
            key in _MOVES
            or key in _ENTER
            or key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape, Qt.Key.Key_F2)
            or key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            or (len(text) == 1 and (text.isalnum() or text == "_"))
        )

    # ---- keys -----------------------------------------------------------------------

    def handle(self, event: QKeyEvent) -> bool:
        if event.matches(QKeySequence.StandardKey.SelectAll):
            self.view.select_all()
            return True
        key = Qt.Key(event.key())
        if self.wire_from is not None:
            return self._aim(key)
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            back = (
                key == Qt.Key.Key_Backtab or event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            self._cycle(-1 if back else 1)
            return True
        if key == Qt.Key.Key_Escape:
            self.typed = ""
            self.view.canvas_scene.clear_feedback()
            return True
        if key in _ENTER:
            return self._enter()
        if key == Qt.Key.Key_F2 and self.focus is not None:
            return self.view.edit_value(self.focus)
        if key == Qt.Key.Key_Backspace and self.typed:
            self._type(self.typed[:-1])
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.view.delete_selected()
            return True
        if key in _NUDGE and self.view.canvas_scene.selected_ids():
            step = NUDGE_PX * (5 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
            dx, dy = _NUDGE[key]
            self.view.nudge(dx * step, dy * step)
            return True
        text = event.text()
        if len(text) != 1 or not (text.isalnum() or text == "_"):
            return False
        if not self.typed and self.focus is not None and text.lower() == "w":
            self.start_wire(self.focus)
            return True
        if not self.typed and self.focus is not None and text.lower() == "o":
            self.view.mark_output(self.focus)
            return True
        self._type(self.typed + text)
        return True

    def _cycle(self, step: int) -> None:
        nodes = self.view.canvas_scene.positions()
        order = sorted(nodes, key=lambda i: (nodes[i][0], nodes[i][1]))
        if not order:
            return
        at = order.index(self.focus) + step if self.focus in order else (0 if step > 0 else -1)
        self.view.select_only(order[at % len(order)])
        self._say_focus()

    def _say_focus(self) -> None:
        if self.focus is None:
            return
        item = self.view.canvas_scene.nodes[self.focus]
        self.view.ensureVisible(item)
        self.view.canvas_scene.say(
            f"{item.label}: type an op, W to wire, O for output", item.pos() + QPointF(0, 16)
        )

    def _type(self, typed: str) -> None:
        self.typed = typed
        entry = match_entry(typed)
        scene = self.view.canvas_scene
        at = scene.nodes[self.focus].pos() if self.focus in scene.nodes else QPointF(0, 0)
        if not typed:
            scene.say("", at)
        elif entry is None:
            scene.say(f"{typed}: no such op", at, bad=True)
        else:
            name = {INPUT: "an input", CONST: "a constant"}.get(entry, entry)
            verb = "apply" if self.focus is not None and entry in OPS else "add"
            scene.say(f"{typed} → Enter to {verb} {name}", at)

    def _enter(self) -> bool:
        if not self.typed:
            return self.focus is not None and self.view.edit_value(self.focus)
        entry = match_entry(self.typed)
        self._type("")
        if entry is not None:
            self.view.apply_entry(entry)
        return True

    # ---- a wire by keys -------------------------------------------------------------

    def start_wire(self, src: int) -> None:
        """Aim a wire from ``src``'s output at the input ports of the other nodes, open
        ones first, left to right."""
        scene = self.view.canvas_scene
        sketch = self.view.editor.sketch
        places = scene.positions()
        ports = [
            (i, k)
            for i in sorted(places, key=lambda i: (places[i][0], places[i][1]))
            for k in range(len(sketch.node(i).inputs))
            if i != src
        ]
        if not ports:
            scene.say("No input port to wire to", scene.nodes[src].pos(), bad=True)
            return
        self.wire_from, self.targets = src, ports
        open_ = [n for n, (i, k) in enumerate(ports) if sketch.node(i).inputs[k] is None]
        self.target = open_[0] if open_ else 0
        self._show_aim()

    def aimed(self) -> tuple[int, int] | None:
        """The (node, port) the keyboard wire points at, if one is being aimed."""
        return self.targets[self.target] if self.wire_from is not None else None

    def _aim(self, key: Qt.Key) -> bool:
        if key in _MOVES:
            self.target = (self.target + _MOVES[key]) % len(self.targets)
            self._show_aim()
        elif key in _ENTER:
            src, (dst, port) = self.wire_from, self.targets[self.target]
            self._stop_aim()
            view = self.view
            view.edit(
                f"Connect {view.name_of(src)} to {view.name_of(dst)}",
                lambda s: s.connect(src, dst, port),
            )
        elif key == Qt.Key.Key_Escape:
            self._stop_aim()
        return True

    def _show_aim(self) -> None:
        scene, sketch = self.view.canvas_scene, self.view.editor.sketch
        dst, port = self.targets[self.target]
        start = scene.port_pos(self.wire_from, "out")
        end = scene.port_pos(dst, "in", port)
        scene.show_preview(start, end)
        why = sketch.why_not_connect(self.wire_from, dst, port)
        scene.mark_port(dst, port, ok=not why)
        label = scene.nodes[dst].label
        text = why or f"Enter: into input {port + 1} of {label} · arrows: another port"
        scene.say(text, end, bad=bool(why))

    def _stop_aim(self) -> None:
        self.wire_from, self.targets, self.target = None, [], 0
        self.view.canvas_scene.clear_feedback()
