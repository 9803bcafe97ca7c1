"""The ``.guiad.json`` file format: a versioned schema, validated on load.

A file is data, never code: the graph comes from its ``nodes`` list, checked against the op
table, and the ``expression`` string is only a readable copy (used when ``nodes`` is absent,
through the safe parser). Saves are atomic: a temp file in the same folder, then a rename.
"""

from __future__ import annotations

import math
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from guiad.core.atomic import write_text_atomic
from guiad.core.expression import ParseError, input_name_problem, parse, to_expression
from guiad.core.graph import (
    HOLE,
    INPUT,
    MAX_INPUTS,
    MAX_NODES,
    Graph,
    GraphError,
    Node,
    order_inputs,
)
from guiad.core.sampling import (
    MAX_POINTS,
    MIN_POINTS,
    coordinate_problem,
    range_problem,
    width_problem,
)
from guiad.core.sketch import Sketch, SketchError
from guiad.core.sketch_json import sketch_from_dict, sketch_to_dict

FORMAT = "guiad"
# 3: the graph as built by hand ("sketch": positions, open ports, nodes off the output path);
# 2: several inputs, with each one's range and the point; 1: one input x
VERSION = 3
SUFFIX = ".guiad.json"
MAX_OUTPUTS = 64  # a function's results listed in a file (a Python function's tuple)
MAX_FILE_BYTES = 4 * 1024 * 1024
# A 10,000-node chain prints in well under this; a graph that reuses nodes can print
# exponentially long text (v2 = v1*v1, v3 = v2*v2, ...) and is refused instead.
MAX_EXPRESSION_LENGTH = 1_000_000
INPUT_NODE = "input"  # a version-2 input node: {"op": "input", "name": "y"}


class FileFormatError(ValueError):
    """A file that is not a valid guiad document; the message says why."""


@dataclass(frozen=True)
class InputView:
    """One more input's plotting range and its coordinate of the point."""

    name: str
    min: float = -4.0
    max: float = 4.0
    at: float = 1.0

    def __post_init__(self) -> None:
        for what in ("min", "max", "at"):
            value = finite_number(getattr(self, what), f"{self.name}: {what}")
            object.__setattr__(self, what, value)
        if not self.min < self.max:
            raise FileFormatError(f"{self.name}: the range's min must be less than its max")


@dataclass(frozen=True)
class Settings:
    """The view settings stored beside the graph.

    ``x_min``, ``x_max`` and ``x0`` are the first input's range and coordinate (the axis of
    the line plots; for one input, x's). ``others`` holds the other inputs' ranges and
    coordinates by name, sorted, so retyping an expression keeps y's range and y0.
    """

    x_min: float = -4.0
    x_max: float = 4.0
    points: int = 2001
    x0: float = 2.0
    others: tuple[InputView, ...] = ()

    def __post_init__(self) -> None:
        for name in ("x_min", "x_max", "x0"):
            finite_number(getattr(self, name), f"settings.{name}")
        if not self.x_min < self.x_max:
            raise FileFormatError("settings: x_min must be less than x_max")
        if isinstance(self.points, bool) or not isinstance(self.points, int):
            raise FileFormatError("settings.points must be a whole number")
        if not MIN_POINTS <= self.points <= MAX_POINTS:
            raise FileFormatError(
                f"settings.points must be between {MIN_POINTS} and {MAX_POINTS:,}"
            )
        problem = range_problem(self.x_min, self.x_max, self.points)
        if problem is not None:
            raise FileFormatError(f"settings: {problem}")
        others = tuple(sorted(self.others, key=lambda view: view.name))
        names = [view.name for view in others]
        if len(set(names)) != len(names):
            raise FileFormatError("settings: an input's range is given twice")
        object.__setattr__(self, "others", others)

    def view(self, name: str) -> InputView:
        """The range and coordinate kept for input ``name`` (not the first): defaults if none."""
        return next((v for v in self.others if v.name == name), InputView(name))

    def ranges(self, inputs: Sequence[str]) -> tuple[tuple[float, float], ...]:
        """(min, max) of each input, the first's being (x_min, x_max)."""
        rest = [(v.min, v.max) for v in map(self.view, inputs[1:])]
        return ((self.x_min, self.x_max), *rest)

    def point(self, inputs: Sequence[str]) -> tuple[float, ...]:
        """The point's coordinates, one per input: x0, then the others'."""
        return (self.x0, *(self.view(name).at for name in inputs[1:]))

    def with_view(self, name: str, **fields: float) -> Settings:
        """These settings with input ``name``'s range or coordinate changed (not the first's)."""
        view = replace(self.view(name), **fields)
        kept = tuple(v for v in self.others if v.name != name)
        # a view back at the defaults is dropped, so equal settings compare equal
        return replace(self, others=kept if view == InputView(name) else (*kept, view))

    def with_ranges(
        self, inputs: Sequence[str], ranges: Mapping[str, tuple[float, float]]
    ) -> Settings:
        """These settings with the ranges of some inputs changed ({name: (min, max)}; the
        first input's is x_min and x_max)."""
        changed = self
        for name, (lo, hi) in ranges.items():
            if name == inputs[0]:
                changed = replace(changed, x_min=float(lo), x_max=float(hi))
            else:
                changed = changed.with_view(name, min=float(lo), max=float(hi))
        return changed

    def renamed(
        self, before: Sequence[str], after: Sequence[str], names: Mapping[str, str]
    ) -> Settings:
        """These settings once inputs were renamed ({old: new}; ``before`` and ``after`` the
        graph's inputs): each input keeps its range and coordinate, though guiad's order may
        make another the first (whose are x_min, x_max and x0). Unchanged if a range cannot
        be the first's (too narrow for ``points``)."""
        views = {view.name: view for view in self.others}
        views[before[0]] = InputView(before[0], self.x_min, self.x_max, self.x0)
        kept = {n: v for n, v in views.items() if n not in names and n not in names.values()}
        kept |= {new: replace(views[old], name=new) for old, new in names.items() if old in views}
        first = kept.pop(after[0], InputView(after[0]))
        others = tuple(view for view in kept.values() if view != InputView(view.name))
        try:
            return replace(self, x_min=first.min, x_max=first.max, x0=first.at, others=others)
        except FileFormatError:
            return self

    def with_point(self, inputs: Sequence[str], point: Sequence[float]) -> Settings:
        """These settings with the point moved to ``point`` (one coordinate per input)."""
        moved = replace(self, x0=float(point[0]))
        for name, value in zip(inputs[1:], point[1:], strict=True):
            moved = moved.with_view(name, at=float(value))
        return moved


@dataclass(frozen=True)
class Document:
    """What a file holds: the graph, its view settings and, when it says more than the graph
    (where the nodes sit, open ports, nodes off the output path), the sketch it came from."""

    graph: Graph
    settings: Settings = field(default_factory=Settings)
    sketch: Sketch | None = None

    def __post_init__(self) -> None:
        if self.sketch is not None and self.sketch == Sketch.from_graph(self.graph):
            object.__setattr__(self, "sketch", None)  # the graph says it all: equal documents


def finite_number(value: Any, what: str) -> float:
    """``value`` as a finite float, or FileFormatError naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FileFormatError(f"{what} must be a number")
    try:
        number = float(value)  # a 400-digit JSON integer overflows here
    except OverflowError:
        raise FileFormatError(f"{what} is too large") from None
    if not math.isfinite(number):
        raise FileFormatError(f"{what} must be finite")
    return number


def to_dict(doc: Document) -> dict[str, Any]:
    """Version 1 for one input x (byte for byte what guiad wrote before several inputs, so
    older versions still read it); version 2 otherwise; version 3 when there is a sketch to
    keep (or an open port, which only version 3 has)."""
    inputs = doc.graph.inputs
    sketched = doc.sketch is not None or any(node.op == HOLE for node in doc.graph.nodes)
    several = len(doc.graph.outputs) > 1  # a Python function's tuple: version 2 keeps them
    nodes = []
    for i, node in enumerate(doc.graph.nodes):
        item: dict[str, Any] = {"op": node.op}
        if i < len(inputs) and (inputs != (INPUT,) or sketched or several):
            item = {"op": INPUT_NODE, "name": inputs[i]}
        if node.inputs:
            item["inputs"] = list(node.inputs)
        if node.param is not None:
            item["param"] = node.param
        nodes.append(item)
    s = doc.settings
    if inputs == (INPUT,) and not sketched and not several:
        return {
            "format": FORMAT,
            "version": 1,
            "expression": to_expression(doc.graph),
            "nodes": nodes,
            "settings": {"x_min": s.x_min, "x_max": s.x_max, "points": s.points, "x0": s.x0},
        }
    ranges = s.ranges(inputs)
    data = {
        "format": FORMAT,
        "version": 3 if sketched else 2,
        "expression": to_expression(doc.graph),
        "inputs": list(inputs),
        "nodes": nodes,
        "settings": {
            "points": s.points,
            "ranges": {name: list(r) for name, r in zip(inputs, ranges, strict=True)},
            "point": dict(zip(inputs, s.point(inputs), strict=True)),
        },
    }
    if several:
        data["outputs"] = list(doc.graph.outputs)
    if sketched:
        data["sketch"] = sketch_to_dict(doc.sketch or Sketch.from_graph(doc.graph))
    return data


def dumps(doc: Document) -> str:
    import json  # (here, not at the top: the window's first frame reads and writes no file)

    return json.dumps(to_dict(doc), indent=2, ensure_ascii=False) + "\n"


def loads(text: str | bytes) -> Document:
    """Parse and validate a document; raise FileFormatError with a reason people can act on."""
    return from_dict(json_data(text))


def json_data(text: str | bytes, kind: str = "guiad file") -> Any:
    """The JSON in ``text`` (bytes as UTF-8), or FileFormatError saying it is not a ``kind``."""
    import json

    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise FileFormatError(_too_large(len(text)))
        try:
            text = text.decode("utf-8-sig")  # tolerate the BOM some Windows editors add
        except UnicodeDecodeError:
            raise FileFormatError(f"not a {kind}: it is not UTF-8 text") from None
    if len(text) > MAX_FILE_BYTES:
        raise FileFormatError(_too_large(len(text)))
    try:
        return json.loads(text)
    except RecursionError:
        raise FileFormatError(f"not a {kind}: the JSON is nested too deeply") from None
    except json.JSONDecodeError as err:
        raise FileFormatError(f"not a {kind}: invalid JSON ({err})") from None
    except ValueError:  # Python refuses to convert integers of more than 4,300 digits
        raise FileFormatError(f"not a {kind}: it holds a number with too many digits") from None


def from_dict(data: Any) -> Document:
    if not isinstance(data, dict):
        raise FileFormatError("not a guiad file: the top level must be a JSON object")
    if data.get("format") != FORMAT:
        raise FileFormatError('not a guiad file: "format" must be "guiad"')
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise FileFormatError('"version" must be a whole number')
    if version > VERSION:
        shown = version if version < 1_000_000 else "from the future"
        raise FileFormatError(f"this file is version {shown}; this guiad reads up to {VERSION}")
    if version < 1:
        raise FileFormatError(f"unknown file version {version}")
    inputs = _inputs(data) if version >= 2 else None
    expression = data.get("expression")
    if "expression" in data and not isinstance(expression, str):
        raise FileFormatError('"expression" must be text')
    if version < 3 and any(
        isinstance(item, dict) and item.get("op") == HOLE for item in _list(data.get("nodes"))
    ):
        raise FileFormatError(f"unknown op '{HOLE}': open ports need a version-3 file")
    if "nodes" in data:
        graph = _graph_from_nodes(data["nodes"], inputs)
        if expression is not None:
            _check_expression_matches(expression, graph)
    elif expression is not None:
        try:
            graph = parse(data["expression"])
        except ParseError as err:
            raise FileFormatError(f"the expression cannot be read: {err}") from None
        if inputs is not None and graph.inputs != inputs:
            raise FileFormatError(
                f'"inputs" lists {", ".join(inputs)}; the expression\'s are '
                f"{', '.join(graph.inputs)}"
            )
    else:
        raise FileFormatError('the file has neither "nodes" nor an "expression"')
    if version >= 2 and "outputs" in data:
        graph = _with_outputs(graph, data["outputs"])
    settings = data.get("settings", {})
    if version >= 3:
        return Document(graph, _settings_v2(settings, graph.inputs), _sketch(data, graph))
    if version >= 2:
        return Document(graph, _settings_v2(settings, graph.inputs))
    return Document(graph, _settings(settings))


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _with_outputs(graph: Graph, outputs: Any) -> Graph:
    """A version-2 file's "outputs": the nodes a function of several outputs returns."""
    if not isinstance(outputs, list) or not outputs or any(isinstance(o, bool) for o in outputs):
        raise FileFormatError('"outputs" must be a non-empty list of node indices')
    if len(outputs) > MAX_OUTPUTS:  # each is an entry of the walkthrough's list
        raise FileFormatError(f'"outputs" has {len(outputs)} entries; the limit is {MAX_OUTPUTS}')
    try:
        return replace(graph, outputs=tuple(outputs))
    except GraphError as err:
        raise FileFormatError(f'"outputs": {err}') from None


def _sketch(data: dict, graph: Graph) -> Sketch | None:
    """A version-3 file's "sketch" (optional), which must give the file's graph."""
    if "sketch" not in data:
        return None
    try:
        sketch = sketch_from_dict(data["sketch"])
    except SketchError as err:
        raise FileFormatError(f'"sketch": {err}') from None
    if sketch.to_graph()[0] != replace(graph, outputs=()):  # a sketch has one output
        raise FileFormatError('the "sketch" does not match the "nodes"')
    return sketch


def _inputs(data: dict) -> tuple[str, ...]:
    """A version-2 file's "inputs": distinct names, in guiad's order, at most MAX_INPUTS."""
    names = data.get("inputs")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise FileFormatError('"inputs" must be a non-empty list of names')
    if len(names) > MAX_INPUTS:
        raise FileFormatError(f'"inputs" has {len(names)} names; the limit is {MAX_INPUTS}')
    if not all(n.isidentifier() and n.isascii() for n in names):
        raise FileFormatError('"inputs" must be names such as x, y or w1')
    for name in names:  # as the parser reads them (its expression must read back)
        if (problem := input_name_problem(name)) is not None:
            raise FileFormatError(f'"inputs": {problem}')
    if len(set(names)) != len(names):
        raise FileFormatError('"inputs" names an input twice')
    if list(order_inputs(names)) != names:
        raise FileFormatError(
            f'"inputs" must be in guiad\'s order (x, y, z, then alphabetical): '
            f"{', '.join(order_inputs(names))}"
        )
    return tuple(names)


def _graph_from_nodes(items: Any, inputs: tuple[str, ...] | None) -> Graph:
    """The graph of a "nodes" list; ``inputs`` for version 2 (its first nodes name them),
    None for version 1 (node 0 is {"op": "x"})."""
    if not isinstance(items, list) or not items:
        raise FileFormatError('"nodes" must be a non-empty list')
    if len(items) > MAX_NODES:
        raise FileFormatError(f'"nodes" has {len(items)} entries; the limit is {MAX_NODES}')
    n_inputs = 0 if inputs is None else len(inputs)
    nodes = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("op"), str):
            raise FileFormatError(f'node {i} must be an object with a text "op"')
        if i < n_inputs:
            if item != {"op": INPUT_NODE, "name": inputs[i]}:
                raise FileFormatError(
                    f'node {i} must be the input {inputs[i]}: {{"op": "input", '
                    f'"name": "{inputs[i]}"}}'
                )
            nodes.append(Node(INPUT))
            continue
        unknown = set(item) - {"op", "inputs", "param"}
        if unknown:
            raise FileFormatError(
                f"node {i} has unknown fields: {', '.join(map(repr, sorted(unknown)))}"
            )
        node_inputs = item.get("inputs", [])
        if not isinstance(node_inputs, list):
            raise FileFormatError(f'node {i}: "inputs" must be a list of node indices')
        param = item.get("param")
        if param is not None:
            param = finite_number(param, f"node {i}: the parameter")
        nodes.append(Node(item["op"], tuple(node_inputs), param))
    if len(nodes) < n_inputs:
        raise FileFormatError(f'"nodes" must start with the {n_inputs} input nodes')
    try:
        graph = Graph(tuple(nodes)) if inputs is None else Graph(tuple(nodes), inputs=inputs)
    except GraphError as err:
        raise FileFormatError(f"invalid graph: {err}") from None
    try:  # everything shows the graph as text: make sure that text is of a sane size
        to_expression(graph, max_length=MAX_EXPRESSION_LENGTH)
    except GraphError as err:
        raise FileFormatError(f"the graph is too large: {err}") from None
    return graph


def _check_expression_matches(expression: str, graph: Graph) -> None:
    """The stored expression is a readable copy of the nodes; a different one was tampered with."""
    if expression == to_expression(graph):
        return
    try:
        same = parse(expression) == graph
    except ParseError as err:
        raise FileFormatError(f"the expression cannot be read: {err}") from None
    if not same:
        raise FileFormatError('the "expression" does not match the "nodes"')


def _unknown_fields(what: str, data: dict, allowed: set[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise FileFormatError(f"{what} has unknown fields: {', '.join(map(repr, sorted(unknown)))}")


def drawable_number(value: Any, what: str) -> float:
    """``value`` as a coordinate the views can draw (see ``coordinate_problem``), or
    FileFormatError naming ``what``: files, lessons and the autosave set no more."""
    number = finite_number(value, what)
    problem = coordinate_problem(number, what)
    if problem is not None:
        raise FileFormatError(problem)
    return number


def _settings(data: Any) -> Settings:
    if not isinstance(data, dict):
        raise FileFormatError('"settings" must be an object')
    _unknown_fields("settings", data, {"x_min", "x_max", "points", "x0"})
    settings = Settings(**data)
    for name in ("x_min", "x_max", "x0"):
        drawable_number(getattr(settings, name), f"settings.{name}")
    _drawable_width(settings.x_min, settings.x_max, "settings: the x range")
    return settings


def _drawable_width(low: float, high: float, what: str) -> None:
    if (problem := width_problem(low, high, what)) is not None:
        raise FileFormatError(problem)


def _settings_v2(data: Any, inputs: tuple[str, ...]) -> Settings:
    """Version 2: {"points": N, "ranges": {name: [min, max]}, "point": {name: value}}."""
    if not isinstance(data, dict):
        raise FileFormatError('"settings" must be an object')
    _unknown_fields("settings", data, {"points", "ranges", "point"})
    ranges = _per_input(data, "ranges", inputs)
    point = _per_input(data, "point", inputs)
    settings = Settings(points=data.get("points", Settings.points))
    first = inputs[0]
    if first in ranges:
        x_min, x_max = _range(ranges[first], first)
        settings = replace(settings, x_min=x_min, x_max=x_max)
    if first in point:
        settings = replace(settings, x0=drawable_number(point[first], f"settings.point.{first}"))
    for name in inputs[1:]:
        fields = {}
        if name in ranges:
            fields["min"], fields["max"] = _range(ranges[name], name)
        if name in point:
            fields["at"] = drawable_number(point[name], f"settings.point.{name}")
        settings = settings.with_view(name, **fields)
    return settings


def _per_input(data: dict, key: str, inputs: tuple[str, ...]) -> dict:
    """settings[key]: an object whose keys are some of the inputs."""
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise FileFormatError(f"settings.{key} must be an object keyed by input name")
    strangers = [name for name in value if name not in inputs]
    if strangers:
        raise FileFormatError(
            f"settings.{key} names {', '.join(map(repr, strangers))}, "
            f"not an input (the inputs are {', '.join(inputs)})"
        )
    return value


def _range(value: Any, name: str) -> tuple[float, float]:
    if not isinstance(value, list) or len(value) != 2:
        raise FileFormatError(f"settings.ranges.{name} must be [min, max]")
    low = drawable_number(value[0], f"settings.ranges.{name} min")
    high = drawable_number(value[1], f"settings.ranges.{name} max")
    if not low < high:
        raise FileFormatError(f"settings.ranges.{name}: min must be less than max")
    _drawable_width(low, high, f"settings.ranges.{name}")
    return low, high


def _too_large(size: int) -> str:
    return (
        f"the file is too large ({size:,} bytes; guiad reads files of at most {MAX_FILE_BYTES:,})"
    )


def load(path: str | os.PathLike) -> Document:
    """Read a document from disk, refusing files too large to be one without reading them."""
    return loads(read_bytes(path))


def read_bytes(path: str | os.PathLike) -> bytes:
    """A file's bytes, refusing what cannot be a guiad file (too large, not a regular file)
    before reading it; FileFormatError naming the file otherwise."""
    path = Path(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block open() forever
            raise FileFormatError(f"{path.name} is not a regular file")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise FileFormatError(_too_large(size))
        with path.open("rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise FileFormatError(f"cannot read {path.name}: {err.strerror or err}") from None


def save(doc: Document, path: str | os.PathLike) -> None:
    """Write atomically: the old file stays whole until the new one is complete."""
    write_text_atomic(Path(path), dumps(doc))
