"""What a palette entry dropped on the canvas does, as (the command's text, the edit): onto
an input port, a new node feeding it; onto a node, the op applied to its value (Shift: the
node's op replaced, for an op of as many inputs); onto a wire, the op inserted there; onto
empty canvas, a new node. The hint shown during the drag is the same text."""

from __future__ import annotations

from collections.abc import Callable

from guiad.core.graph import CONST, INPUT
from guiad.core.ops import OPS
from guiad.core.sketch import Sketch
from guiad.ui.canvas.items import node_label
from guiad.ui.canvas.scene import Hit

Point = tuple[float, float]
Edit = Callable[[Sketch], Sketch]
CONST_VALUE = 1.0  # a new constant's value, until it is edited


def entry_label(name: str) -> str:
    if name == INPUT:
        return "an input"
    if name == CONST:
        return "a constant"
    return OPS[name].label


def new_node(sketch: Sketch, name: str, pos: Point) -> tuple[Sketch, int]:
    """Palette entry ``name`` added at ``pos``, all its ports open."""
    if name == INPUT:
        return sketch.add_input(pos)
    if name == CONST:
        return sketch.add_const(CONST_VALUE, pos)
    return sketch.add_op(name, pos)


def plan_drop(
    sketch: Sketch,
    name: str,
    hit: Hit,
    pos: Point,
    beside: Callable[[int], Point],
    replace: bool = False,
) -> tuple[str, Edit]:
    """What dropping entry ``name`` on ``hit`` does; ``pos`` is the free spot under the
    pointer, ``beside(id)`` one right of node ``id`` (where an applied op goes)."""
    label = entry_label(name)
    leaf = name in (INPUT, CONST)
    if hit.kind == "in":
        dst, port = hit.id, hit.port

        def into_port(s: Sketch) -> Sketch:
            s, new = new_node(s, name, pos)
            return s.connect(new, dst, port)

        return f"Drop {label} into input {port + 1} of {node_label(sketch.node(dst))}", into_port
    if hit.kind in ("node", "out") and not leaf:
        node = sketch.node(hit.id)
        if replace and node.op in OPS and OPS[node.op].arity == OPS[name].arity:
            return f"Replace {node_label(node)} by {label}", lambda s: s.replace_op(hit.id, name)
        where = beside(hit.id)
        return (
            f"Apply {label} to {node_label(node)}",
            lambda s: s.apply_to(hit.id, name, where)[0],
        )
    if hit.kind == "wire" and not leaf:
        src = hit.wire.src
        return (
            f"Insert {label} on the wire",
            lambda s: s.insert_on_wire(src, hit.id, hit.port, name, pos)[0],
        )
    return f"Add {label}", lambda s: new_node(s, name, pos)[0]
