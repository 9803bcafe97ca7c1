"""Tutor mode, pure: which numbers a student predicts, how an answer is graded, the score.

Before a walkthrough step reveals its number (a value, a local partial, a dot derivative, an
adjoint or an accumulation), the student types a prediction: a number or an expression such
as ``cos(2)`` or ``0.61*2.2``, read by guiad's own parser (never Python's eval). An answer is
right when it agrees with the engine's number to 3 significant digits. A wrong first answer
earns a hint (the step's banner without its result), a wrong second one shows the answer with
its working. The view asks ``Tutor`` and shows what it says; nothing here knows Qt.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum

from guiad.anim import notation as n
from guiad.anim.timeline import Kind, Step, Timeline
from guiad.core.engine import depends_on_x, trace
from guiad.core.expression import ParseError, parse

SIGNIFICANT_DIGITS = 3


class Ask(Enum):
    """The kinds of numbers a student can be asked for (a setting)."""

    VALUES = "values"
    PARTIALS = "local partials"
    DOTS = "dot derivatives"
    ADJOINTS = "adjoints"
    ACCUMULATIONS = "accumulations (+=)"


ALL_KINDS = frozenset(Ask)


class Outcome(Enum):
    RIGHT = "right first time"
    HINTED = "right after a hint"
    SHOWN = "shown"


@dataclass(frozen=True)
class Question:
    step: int  # index into the timeline's steps
    name: str  # what is asked: "v₁", "∂v₁/∂v₀", "dv₂/dx", "v̄₀"
    ask: Ask
    expected: float
    hint: str  # the banner's working without its result
    working: str  # the whole banner

    @property
    def prompt(self) -> str:
        return f"{self.name} = ?"


@dataclass(frozen=True)
class Feedback:
    """What the view shows after an answer; ``reveal`` lets the walkthrough go on."""

    outcome: Outcome | None  # None: try again (a hint was given) or the text was no number
    message: str
    reveal: bool
    tried: bool = True  # False: the text was no number (not counted; the student fixes it)


@dataclass
class Record:
    """One asked number, for the score and the teacher's CSV."""

    step: int
    name: str
    expected: float
    answers: list[str] = field(default_factory=list)
    outcome: Outcome | None = None
    seconds: float = 0.0


def questions(timeline: Timeline, kinds: Iterable[Ask] = ALL_KINDS) -> dict[int, Question]:
    """The numbers to predict in ``timeline``, by step index (steps of other kinds are shown)."""
    wanted = frozenset(kinds)
    out = {}
    for index, step in enumerate(timeline.steps):
        ask = _ask_of(step)
        if ask in wanted and math.isfinite(step.number):
            name = _name(timeline, step)
            out[index] = Question(
                index, name, ask, step.number, hint_text(step.banner), step.banner
            )
    return out


def _ask_of(step: Step) -> Ask | None:
    if step.kind is Kind.VALUE:
        return Ask.VALUES
    if step.kind is Kind.PARTIAL:
        return Ask.PARTIALS
    if step.kind is Kind.DOT:
        return Ask.DOTS
    if step.kind is Kind.ADJOINT:
        return Ask.ACCUMULATIONS if step.accumulate else Ask.ADJOINTS
    return None  # x, the seed ȳ = 1, failures and Done are shown, not asked


def _name(timeline: Timeline, step: Step) -> str:
    if step.kind is Kind.VALUE:
        return n.v(step.node)
    if step.kind is Kind.PARTIAL:
        node, position = step.edge
        return n.partial_name(node, timeline.graph.nodes[node].inputs[position])
    if step.kind is Kind.DOT:
        return n.vdot(step.node)
    return n.vbar(step.node)


_RESULT = re.compile(r"\s*=\s*[−-]?(\d[\d.]*(e[+−-]?\d+)?|∞|undefined)\s*$")


def hint_text(banner: str) -> str:
    """The banner without its final ``= result``: the formula with the inputs put in (a note
    after it, such as the overwrite mistake's, stays)."""
    working, gap, note = banner.partition("   (")
    return _RESULT.sub("", working) + gap + note


def read_answer(text: str) -> float:
    """The number a student typed, or ValueError saying what is wrong, in words."""
    if not text.strip():
        raise ValueError("type a number, or an expression such as cos(2)")
    try:
        graph = parse(text)
    except ParseError as err:
        raise ValueError(f"cannot read that: {err}") from None
    if depends_on_x(graph)[graph.output]:
        raise ValueError("use numbers, not x: the walkthrough's numbers are all known")
    value = float(trace(graph, 0.0).f)
    if not math.isfinite(value):
        raise ValueError("that is not a finite number")
    return value


def is_right(answer: float, expected: float, digits: int = SIGNIFICANT_DIGITS) -> bool:
    """True when ``answer`` agrees with ``expected`` to ``digits`` significant digits (half a
    unit in the last of them; for 0, half a unit in the third decimal)."""
    if expected == 0:
        return abs(answer) < 0.5 * 10.0 ** (-digits)
    unit = 10.0 ** (math.floor(math.log10(abs(expected))) - digits + 1)
    return abs(answer - expected) <= 0.5 * unit * (1 + 1e-9)


class Tutor:
    """The state of one tutored walkthrough: questions, tries, score and streak."""

    def __init__(
        self,
        timeline: Timeline,
        kinds: Iterable[Ask] = ALL_KINDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.questions = questions(timeline, kinds)
        self.records: dict[int, Record] = {}
        self.streak = 0
        self.best_streak = 0
        self._clock = clock
        self._asked_at: dict[int, float] = {}

    def question(self, step: int) -> Question | None:
        """The question a step asks, until it is answered or shown."""
        question = self.questions.get(step)
        record = self.records.get(step)
        if question is None or (record is not None and record.outcome is not None):
            return None
        self._asked_at.setdefault(step, self._clock())
        return question

    def answer(self, step: int, text: str) -> Feedback:
        question = self.question(step)
        if question is None:
            raise ValueError(f"step {step} asks nothing now")
        try:
            value = read_answer(text)
        except ValueError as err:
            return Feedback(None, str(err), reveal=False, tried=False)
        record = self.records.setdefault(step, Record(step, question.name, question.expected))
        record.answers.append(text)
        if is_right(value, question.expected):
            outcome = Outcome.RIGHT if len(record.answers) == 1 else Outcome.HINTED
            return self._finish(
                record, outcome, f"Right: {question.name} = {n.fmt(question.expected)}"
            )
        if len(record.answers) == 1:
            return Feedback(None, f"Not quite. Hint: {question.hint}", reveal=False)
        return self._finish(record, Outcome.SHOWN, f"The answer: {question.working}")

    def skip(self, step: int) -> Feedback:
        question = self.question(step)
        if question is None:
            raise ValueError(f"step {step} asks nothing now")
        record = self.records.setdefault(step, Record(step, question.name, question.expected))
        return self._finish(record, Outcome.SHOWN, f"The answer: {question.working}")

    def _finish(self, record: Record, outcome: Outcome, message: str) -> Feedback:
        record.outcome = outcome
        record.seconds = self._clock() - self._asked_at.get(record.step, self._clock())
        self.streak = self.streak + 1 if outcome is Outcome.RIGHT else 0
        self.best_streak = max(self.best_streak, self.streak)
        return Feedback(outcome, message, reveal=True)

    @property
    def score(self) -> dict[Outcome, int]:
        counts = dict.fromkeys(Outcome, 0)
        for record in self.records.values():
            if record.outcome is not None:
                counts[record.outcome] += 1
        return counts

    def score_text(self) -> str:
        s = self.score
        return (
            f"{s[Outcome.RIGHT]} right first time, {s[Outcome.HINTED]} with a hint, "
            f"{s[Outcome.SHOWN]} shown · streak {self.streak} (best {self.best_streak})"
        )
