"""A session's answers, pure: every number a student was asked, in lessons and in free play.

One log per session: rows are added as each question is settled, so switching lessons,
steps or functions drops nothing. The student's name is the log's (asked once) and written in
every row of the CSV, which goes through guiad's one CSV writer (``core.csvtable``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from guiad.core import csvtable

COLUMNS = (
    "student",
    "lesson",
    "step",
    "expression",
    "point",
    "number",
    "kind",
    "expected",
    "answer",
    "outcome",
    "tries",
    "hints",
    "seconds",
)
FREE_PLAY = ""  # the lesson cell of an answer given outside a lesson
RIGHT_FIRST_TIME = "right first time"  # tutor.Outcome.RIGHT's words


@dataclass(frozen=True)
class Row:
    """One settled question."""

    lesson: str  # the lesson's title; FREE_PLAY outside a lesson
    step: int | None  # the lesson's step, from 1 (None outside a lesson)
    expression: str
    point: tuple[float, ...]
    number: str  # what was asked: "v̄₀", "∂v₁/∂v₀"
    kind: str  # the kind of number: "adjoints", "local partials", ...
    expected: float
    answers: tuple[str, ...]  # what the student typed, in order (none: skipped)
    outcome: str  # "right first time", "right after a hint", "shown"
    hints: int
    seconds: float

    @property
    def tries(self) -> int:
        return len(self.answers)

    def cells(self, student: str) -> list[str]:
        return [
            student,
            self.lesson,
            "" if self.step is None else str(self.step),
            self.expression,
            " ".join(csvtable.number(p) for p in self.point),
            self.number,
            self.kind,
            csvtable.number(self.expected),
            " | ".join(self.answers),
            self.outcome,
            str(self.tries),
            str(self.hints),
            f"{self.seconds:.1f}",
        ]


@dataclass(frozen=True)
class Summary:
    """How a lesson went: the score, the time, and the steps with a number missed."""

    asked: int
    right: int  # right first time
    hinted: int
    shown: int
    seconds: float
    missed: tuple[int, ...]  # lesson steps with a number not right first time

    def text(self) -> str:
        minutes, seconds = divmod(round(self.seconds), 60)
        time = f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
        score = f"{self.right} of {self.asked} right first time"
        if self.hinted:
            score += f", {self.hinted} after a hint"
        if self.shown:
            score += f", {self.shown} shown"
        steps = ", ".join(map(str, self.missed))
        missed = f"Go over step{'s' if len(self.missed) > 1 else ''} {steps}." if steps else ""
        perfect = "Every number right first time." if self.asked and not self.missed else ""
        return " ".join(part for part in (f"{score} in {time}.", missed, perfect) if part)


def summarize(rows: Sequence[Row], seconds: float) -> Summary:
    """The summary of ``rows`` (one lesson's attempt) that took ``seconds``."""
    outcomes = [row.outcome for row in rows]
    missed = sorted({row.step for row in rows if row.outcome != RIGHT_FIRST_TIME} - {None})
    return Summary(
        asked=len(rows),
        right=outcomes.count(RIGHT_FIRST_TIME),
        hinted=outcomes.count("right after a hint"),
        shown=outcomes.count("shown"),
        seconds=seconds,
        missed=tuple(missed),
    )


class AnswerLog:
    """The session's rows and the student's name."""

    def __init__(self, student: str = ""):
        self.student = student
        self.rows: list[Row] = []

    def add(self, rows: Iterable[Row]) -> None:
        self.rows.extend(rows)

    def cells(self) -> list[list[str]]:
        """Every row as CSV cells, the student's name in each."""
        return [row.cells(self.student) for row in self.rows]

    def write_csv(self, path: str | os.PathLike) -> None:
        """The header and every row, atomically, in guiad's CSV convention."""
        csvtable.write_cells_file(path, COLUMNS, self.cells())
