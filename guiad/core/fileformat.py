"""The ``.guiad.json`` file format: a versioned schema, validated on load.

A file is data, never code: the graph comes from its ``nodes`` list, checked against the op
table, and the ``expression`` string is only a readable copy (used when ``nodes`` is absent,
through the safe parser). Saves are atomic: a temp file in the same folder, then a rename.
"""

from __future__ import annotations

import json
import math
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guiad.core.atomic import write_text_atomic
from guiad.core.expression import ParseError, parse, to_expression
from guiad.core.graph import MAX_NODES, Graph, GraphError, Node
from guiad.core.sampling import MAX_POINTS, MIN_POINTS, range_problem

FORMAT = "guiad"
VERSION = 1
SUFFIX = ".guiad.json"
MAX_FILE_BYTES = 4 * 1024 * 1024
# A 10,000-node chain prints in well under this; a graph that reuses nodes can print
# exponentially long text (v2 = v1*v1, v3 = v2*v2, ...) and is refused instead.
MAX_EXPRESSION_LENGTH = 1_000_000


class FileFormatError(ValueError):
    """A file that is not a valid guiad document; the message says why."""


@dataclass(frozen=True)
class Settings:
    """The view settings stored beside the graph."""

    x_min: float = -4.0
    x_max: float = 4.0
    points: int = 2001
    x0: float = 2.0

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


@dataclass(frozen=True)
class Document:
    """What a file holds: the graph and its view settings."""

    graph: Graph
    settings: Settings = field(default_factory=Settings)


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
    nodes = []
    for node in doc.graph.nodes:
        item: dict[str, Any] = {"op": node.op}
        if node.inputs:
            item["inputs"] = list(node.inputs)
        if node.param is not None:
            item["param"] = node.param
        nodes.append(item)
    s = doc.settings
    return {
        "format": FORMAT,
        "version": VERSION,
        "expression": to_expression(doc.graph),
        "nodes": nodes,
        "settings": {"x_min": s.x_min, "x_max": s.x_max, "points": s.points, "x0": s.x0},
    }


def dumps(doc: Document) -> str:
    return json.dumps(to_dict(doc), indent=2, ensure_ascii=False) + "\n"


def loads(text: str | bytes) -> Document:
    """Parse and validate a document; raise FileFormatError with a reason people can act on."""
    return from_dict(json_data(text))


def json_data(text: str | bytes, kind: str = "guiad file") -> Any:
    """The JSON in ``text`` (bytes as UTF-8), or FileFormatError saying it is not a ``kind``."""
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
    expression = data.get("expression")
    if "expression" in data and not isinstance(expression, str):
        raise FileFormatError('"expression" must be text')
    if "nodes" in data:
        graph = _graph_from_nodes(data["nodes"])
        if expression is not None:
            _check_expression_matches(expression, graph)
    elif expression is not None:
        try:
            graph = parse(data["expression"])
        except ParseError as err:
            raise FileFormatError(f"the expression cannot be read: {err}") from None
    else:
        raise FileFormatError('the file has neither "nodes" nor an "expression"')
    return Document(graph, _settings(data.get("settings", {})))


def _graph_from_nodes(items: Any) -> Graph:
    if not isinstance(items, list) or not items:
        raise FileFormatError('"nodes" must be a non-empty list')
    if len(items) > MAX_NODES:
        raise FileFormatError(f'"nodes" has {len(items)} entries; the limit is {MAX_NODES}')
    nodes = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("op"), str):
            raise FileFormatError(f'node {i} must be an object with a text "op"')
        unknown = set(item) - {"op", "inputs", "param"}
        if unknown:
            raise FileFormatError(
                f"node {i} has unknown fields: {', '.join(map(repr, sorted(unknown)))}"
            )
        inputs = item.get("inputs", [])
        if not isinstance(inputs, list):
            raise FileFormatError(f'node {i}: "inputs" must be a list of node indices')
        param = item.get("param")
        if param is not None:
            param = finite_number(param, f"node {i}: the parameter")
        nodes.append(Node(item["op"], tuple(inputs), param))
    try:
        graph = Graph(tuple(nodes))
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


def _settings(data: Any) -> Settings:
    if not isinstance(data, dict):
        raise FileFormatError('"settings" must be an object')
    allowed = {"x_min", "x_max", "points", "x0"}
    unknown = set(data) - allowed
    if unknown:
        raise FileFormatError(
            f"settings has unknown fields: {', '.join(map(repr, sorted(unknown)))}"
        )
    return Settings(**data)


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
