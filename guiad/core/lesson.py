"""Lessons for tutor mode: a title and steps, each an expression at x0 with a prompt and the
kinds of numbers to ask. A ``.guiad-lesson.json`` file is data, versioned and validated like a
document (the same size, encoding and JSON checks; expressions through the safe parser)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from guiad.core.expression import ParseError, parse
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


@dataclass(frozen=True)
class LessonStep:
    expression: str
    graph: Graph
    x0: float
    prompt: str
    ask: tuple[str, ...]
    mode: str = "reverse"
    mistake: bool = False  # show the fan-out mistake (overwrite instead of accumulate)


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
    return Lesson(title, tuple(_step(item, k + 1) for k, item in enumerate(steps)))


def _step(item: Any, number: int) -> LessonStep:
    where = f"step {number}"
    if not isinstance(item, dict):
        raise FileFormatError(f"{where} must be a JSON object")
    expression = _text(item.get("expression"), f"{where}.expression")
    try:
        graph = parse(expression)
    except ParseError as err:
        raise FileFormatError(f"{where}.expression: {err}") from None
    x0 = finite_number(item.get("x0"), f"{where}.x0")
    prompt = _text(item.get("prompt", ""), f"{where}.prompt", empty=True)
    ask = item.get("ask", list(ASKABLE))
    if not isinstance(ask, list) or not ask or any(a not in ASKABLE for a in ask):
        raise FileFormatError(f"{where}.ask must list some of: {', '.join(ASKABLE)}")
    mode = item.get("mode", "reverse")
    if mode not in MODES:
        raise FileFormatError(f'{where}.mode must be "reverse" or "forward"')
    mistake = item.get("mistake", False)
    if not isinstance(mistake, bool):
        raise FileFormatError(f"{where}.mistake must be true or false")
    return LessonStep(expression, graph, x0, prompt, tuple(ask), mode, mistake)


def _text(value: Any, what: str, empty: bool = False) -> str:
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise FileFormatError(f"{what} must be {'' if empty else 'non-empty '}text")
    if len(value) > MAX_TEXT:
        raise FileFormatError(f"{what} is too long (at most {MAX_TEXT:,} characters)")
    return value
