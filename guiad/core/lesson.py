"""Lessons for tutor mode: a title and steps, each an expression at a point with a prompt and
the kinds of numbers to ask. A ``.guiad-lesson.json`` file is data, versioned and validated
like a document (the same size, encoding and JSON checks; expressions through the safe parser).

A step's point is ``"x0": 2`` (one input, the files guiad wrote first) or ``"at": {"x1": 2,
"x2": 5}``, one number per input: a point that names an input the expression lacks, or lacks
one it has, is refused with the step and the input named (a step of several inputs once ran
silently at x0 for all of them). The lesson, and any step, may set the tolerance answers are
graded at (``{"digits": 3}`` significant digits or ``{"relative": 0.01}``) and the kinds of
numbers asked; a step may set the window's layout (both parts, the plots or the walkthrough).

A step may start from a graph half built (``"start": "x*sin(?)"``, each ``?`` an open port):
the student completes it on the canvas until it is the step's expression ("wire the missing
edge"); then the walkthrough runs it as any step, under its ``"built"`` prompt if it has one
(the prompt that asked for the wire no longer fits once it is there).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from guiad.core.expression import ParseError, parse, to_expression
from guiad.core.fileformat import FileFormatError, finite_number, json_data, read_bytes
from guiad.core.graph import Graph

FORMAT = "guiad-lesson"
VERSION = 1
SUFFIX = ".guiad-lesson.json"
MAX_STEPS = 100
MAX_TEXT = 2_000
# the kinds of numbers a step may ask for (tutor.Ask's values, kept as plain text in files)
ASKABLE = ("values", "local partials", "dot derivatives", "adjoints", "accumulations (+=)")
MODES = ("reverse", "forward")
LAYOUTS = ("both", "plots", "walkthrough")  # View ▸ Layout's parts (guiad.ui.window.layout)
# A lesson's point is for a class: within ±MAX_COORDINATE every view draws it (the plots'
# range around it still has 2001 distinct points; 1e308 had none and drew nothing).
MAX_COORDINATE = 1e6
MIN_DIGITS, MAX_DIGITS = 1, 10
MIN_RELATIVE, MAX_RELATIVE = 1e-12, 0.5


@dataclass(frozen=True)
class Tolerance:
    """How close an answer must be: ``digits`` significant digits, or within ``relative``
    error (relative to the expected number) when that is set."""

    digits: int = 3
    relative: float | None = None

    def text(self) -> str:
        if self.relative is not None:
            return f"within {self.relative:.2g} relative error"
        return f"to {self.digits} significant digit{'s' if self.digits != 1 else ''}"


@dataclass(frozen=True)
class LessonStep:
    expression: str
    graph: Graph
    point: tuple[float, ...]  # one coordinate per input, in the graph's input order
    prompt: str
    ask: tuple[str, ...]
    mode: str = "reverse"
    mistake: bool = False  # show the fan-out mistake (overwrite instead of accumulate)
    tolerance: Tolerance = Tolerance()
    layout: str | None = None  # None: the window's layout as the student left it
    start: Graph | None = None  # a half-built graph to complete on the canvas first
    built: str = ""  # the prompt once that graph is built ("" : the prompt again)

    @property
    def x0(self) -> float:
        """The first input's coordinate."""
        return self.point[0]


@dataclass(frozen=True)
class Lesson:
    title: str
    steps: tuple[LessonStep, ...]


def loads(text: str | bytes) -> Lesson:
    """Parse and validate a lesson; FileFormatError with a reason otherwise."""
    return from_dict(json_data(text, "guiad lesson"))


def load(path: str | os.PathLike) -> Lesson:
    return loads(read_bytes(path))


def from_dict(data: Any) -> Lesson:
    if not isinstance(data, dict):
        raise FileFormatError("not a guiad lesson: the top level must be a JSON object")
    if data.get("format") != FORMAT:
        raise FileFormatError(f'not a guiad lesson: "format" must be "{FORMAT}"')
    version = data.get("version")
    if version != VERSION:
        raise FileFormatError(f"this lesson has version {version!r}; guiad reads version {VERSION}")
    title = _text(data.get("title"), "title")
    steps = data.get("steps")
    if not isinstance(steps, list) or not steps:
        raise FileFormatError("a lesson needs a list of steps")
    if len(steps) > MAX_STEPS:
        raise FileFormatError(f"a lesson has at most {MAX_STEPS} steps (this one {len(steps)})")
    defaults = {
        "tolerance": _tolerance(data.get("tolerance"), "tolerance", Tolerance()),
        "ask": _ask(data.get("ask", list(ASKABLE)), "ask"),
    }
    return Lesson(title, tuple(_step(item, k + 1, defaults) for k, item in enumerate(steps)))


def _step(item: Any, number: int, defaults: dict) -> LessonStep:
    where = f"step {number}"
    if not isinstance(item, dict):
        raise FileFormatError(f"{where} must be a JSON object")
    expression = _text(item.get("expression"), f"{where}.expression")
    try:
        graph = parse(expression)
    except ParseError as err:
        raise FileFormatError(f"{where}.expression: {err}") from None
    point = _point(item, graph, where)
    prompt = _text(item.get("prompt", ""), f"{where}.prompt", empty=True)
    ask = _ask(item["ask"], f"{where}.ask") if "ask" in item else defaults["ask"]
    mode = _choice(item.get("mode", "reverse"), MODES, f"{where}.mode")
    mistake = item.get("mistake", False)
    if not isinstance(mistake, bool):
        raise FileFormatError(f"{where}.mistake must be true or false")
    tolerance = _tolerance(item.get("tolerance"), f"{where}.tolerance", defaults["tolerance"])
    layout = item.get("layout")
    if layout is not None:
        layout = _choice(layout, LAYOUTS, f"{where}.layout")
    start = _start(item, graph, where)
    built = _text(item.get("built", ""), f"{where}.built", empty=True)
    if built and start is None:
        raise FileFormatError(f'{where}.built is the prompt once built: the step needs a "start"')
    return LessonStep(
        expression, graph, point, prompt, ask, mode, mistake, tolerance, layout, start, built
    )


def _start(item: dict, graph: Graph, where: str) -> Graph | None:
    """The half-built graph a step starts from (``?`` for each open port), or None."""
    if "start" not in item:
        return None
    text = _text(item["start"], f"{where}.start")
    try:
        start = parse(text)
    except ParseError as err:
        raise FileFormatError(f"{where}.start: {err}") from None
    if to_expression(start) == to_expression(graph):
        raise FileFormatError(f"{where}.start is the expression itself: leave something to build")
    read = {k for node in start.nodes for k in node.inputs}  # ("?" alone has an x it never reads)
    strangers = [n for k, n in enumerate(start.inputs) if k in read and n not in graph.inputs]
    if strangers:
        raise FileFormatError(
            f"{where}.start reads {strangers[0]!r}, not an input of the expression"
        )
    return start


def _point(item: dict, graph: Graph, where: str) -> tuple[float, ...]:
    """The step's point: ``at`` by input name, or ``x0`` for an expression of one input."""
    inputs = graph.inputs
    names = ", ".join(inputs)
    if "at" in item and "x0" in item:
        raise FileFormatError(f'{where} gives both "x0" and "at": give one')
    if "at" not in item:
        if len(inputs) > 1:
            raise FileFormatError(
                f'{where}: the expression has inputs {names}; give "at" with a number for '
                f"each ({inputs[1]} has none)"
            )
        return (_coordinate(item.get("x0"), f"{where}.x0"),)
    at = item["at"]
    if not isinstance(at, dict):
        raise FileFormatError(f'{where}.at must be an object: {{"{inputs[0]}": 2, ...}}')
    strangers = [name for name in at if name not in inputs]
    if strangers:
        raise FileFormatError(
            f"{where}.at names {strangers[0]!r}, not an input of the expression ({names})"
        )
    missing = [name for name in inputs if name not in at]
    if missing:
        raise FileFormatError(f"{where}.at gives no number for input {missing[0]!r}")
    return tuple(_coordinate(at[name], f"{where}.at.{name}") for name in inputs)


def _coordinate(value: Any, what: str) -> float:
    number = finite_number(value, what)
    if abs(number) > MAX_COORDINATE:
        raise FileFormatError(
            f"{what} is {number:g}: a lesson's point lies within ±{MAX_COORDINATE:,.0f}"
        )
    return number


def _tolerance(value: Any, what: str, default: Tolerance) -> Tolerance:
    """``{"digits": n}`` or ``{"relative": r}``; absent: ``default``."""
    if value is None:
        return default
    if not isinstance(value, dict) or len(value) != 1 or not {"digits", "relative"} & set(value):
        raise FileFormatError(f'{what} must be {{"digits": 3}} or {{"relative": 0.01}}')
    if "digits" in value:
        digits = value["digits"]
        if isinstance(digits, bool) or not isinstance(digits, int):
            raise FileFormatError(f"{what}.digits must be a whole number")
        if not MIN_DIGITS <= digits <= MAX_DIGITS:
            raise FileFormatError(f"{what}.digits must be between {MIN_DIGITS} and {MAX_DIGITS}")
        return Tolerance(digits)
    relative = finite_number(value["relative"], f"{what}.relative")
    if not MIN_RELATIVE <= relative <= MAX_RELATIVE:
        raise FileFormatError(
            f"{what}.relative must be between {MIN_RELATIVE:g} and {MAX_RELATIVE:g}"
        )
    return Tolerance(relative=relative)


def _ask(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or any(a not in ASKABLE for a in value):
        raise FileFormatError(f"{what} must list some of: {', '.join(ASKABLE)}")
    return tuple(value)


def _choice(value: Any, choices: tuple[str, ...], what: str) -> str:
    if value not in choices:
        raise FileFormatError(f"{what} must be one of: {', '.join(map(repr, choices))}")
    return value


def _text(value: Any, what: str, empty: bool = False) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise FileFormatError(f"{what} must be {'' if empty else 'non-empty '}text")
    if len(value) > MAX_TEXT:
        raise FileFormatError(f"{what} is too long (at most {MAX_TEXT:,} characters)")
    return value
