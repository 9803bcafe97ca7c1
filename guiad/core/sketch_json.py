"""A sketch as JSON data, for a version-3 file: validated on load like the rest of a file.

``{"output": 2, "nodes": [{"id": 0, "op": "input", "name": "x", "pos": [0, 0]},
{"id": 2, "op": "mul", "inputs": [0, null], "pos": [120, 40]}, ...]}``; ``inputs`` holds
null for an open port, ``pos`` is absent for a node never placed.
"""

from __future__ import annotations

import math
from typing import Any

from guiad.core.graph import INPUT, MAX_NODES
from guiad.core.sketch import Sketch, SketchError, SketchNode

INPUT_OP = "input"  # as a version-2 file's input nodes: {"op": "input", "name": "y"}
MAX_ID = 10 * MAX_NODES  # ids grow by one per node added; far more than a session adds
MAX_POSITION = 1e6  # scene units: far beyond any graph people build, small enough to draw
_FIELDS = {"id", "op", "inputs", "param", "name", "pos"}


def sketch_to_dict(sketch: Sketch) -> dict[str, Any]:
    nodes = []
    for i, node in sketch.nodes:
        item: dict[str, Any] = {"id": i, "op": INPUT_OP if node.op == INPUT else node.op}
        if node.inputs:
            item["inputs"] = list(node.inputs)
        if node.param is not None:
            item["param"] = node.param
        if node.name is not None:
            item["name"] = node.name
        if node.pos is not None:
            item["pos"] = list(node.pos)
        nodes.append(item)
    return {"output": sketch.output, "nodes": nodes}


def sketch_from_dict(data: Any) -> Sketch:
    """The sketch in ``data``, or SketchError saying what is wrong with it."""
    if not isinstance(data, dict) or set(data) - {"output", "nodes"}:
        raise SketchError('it must be an object with "nodes" and "output"')
    items = data.get("nodes")
    if not isinstance(items, list) or len(items) > MAX_NODES:
        raise SketchError(f'"nodes" must be a list of at most {MAX_NODES:,} nodes')
    pairs = [
        (_id(item.get("id") if isinstance(item, dict) else None), _node(item)) for item in items
    ]
    output = data.get("output")
    return Sketch(tuple(pairs), None if output is None else _id(output))


def _check(item: Any) -> bool:
    if not isinstance(item, dict) or not isinstance(item.get("op"), str):
        raise SketchError('each node must be an object with a text "op"')
    return True


def _node(item: dict) -> SketchNode:
    unknown = set(item) - _FIELDS
    if unknown:
        raise SketchError(f"a node has unknown fields: {', '.join(map(repr, sorted(unknown)))}")
    ports = item.get("inputs", [])
    if not isinstance(ports, list) or not all(j is None or _is_int(j) for j in ports):
        raise SketchError('a node\'s "inputs" must be a list of ids or null')
    op = INPUT if item["op"] == INPUT_OP else item["op"]
    if op == INPUT and item["op"] != INPUT_OP:
        raise SketchError(f'an input is {{"op": "{INPUT_OP}", "name": ...}}')
    return SketchNode(op, tuple(ports), item.get("param"), item.get("name"), _pos(item.get("pos")))


def _id(value: Any) -> int:
    if not _is_int(value) or not 0 <= value <= MAX_ID:
        raise SketchError(f"a node id must be a whole number from 0 to {MAX_ID:,}")
    return value


def _pos(value: Any) -> tuple[float, float] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise SketchError('a node\'s "pos" must be [x, y]')
    for number in value:
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise SketchError('a node\'s "pos" must be two numbers')
        if not (math.isfinite(number) and abs(number) <= MAX_POSITION):
            raise SketchError(f'a node\'s "pos" must be within ±{MAX_POSITION:g}')
    return (float(value[0]), float(value[1]))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
