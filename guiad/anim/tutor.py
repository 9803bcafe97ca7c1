"""Tutor mode, pure: which numbers a student predicts, how an answer is graded, the score.

Before a walkthrough step reveals its number (a value, a local partial, a dot derivative, an
adjoint or an accumulation), the student types a prediction: a number or an expression such
as ``cos(2)`` or ``0.61*2.2``, read by guiad's own parser (never Python's eval).

Grading teaches rather than punishes. An answer is right when it agrees, to the tolerance
(3 significant digits unless a lesson says otherwise), with the engine's number *or* with
the same formula worked from the numbers as the walkthrough displays them (rounded to its
four decimals): a student who multiplies the shown 0.9093 by the shown 2.0000 is right even
where the exact product rounds the other way. Right to one digit fewer than asked is
"Close", in its own words. A first miss earns a hint (the step's banner without its result),
a second shows the answer with its working. The view asks ``Tutor`` and shows what it says;
nothing here knows Qt.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from guiad.anim import notation as n
from guiad.anim.timeline import Kind, Step, Timeline
from guiad.core.engine import depends_on_x, trace
from guiad.core.expression import ParseError, parse
from guiad.core.graph import CONST
from guiad.core.lesson import Tolerance
from guiad.core.ops import OPS

SIGNIFICANT_DIGITS = 3
DEFAULT_TOLERANCE = Tolerance(SIGNIFICANT_DIGITS)


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


class Grade(Enum):
    """One answer against one question."""

    RIGHT = "right"
    CLOSE = "close"  # right to fewer digits than asked
    WRONG = "wrong"


@dataclass(frozen=True)
class Question:
    step: int  # index into the timeline's steps
    name: str  # what is asked: "v₁", "∂v₁/∂v₀", "dv₂/dx", "v̄₀"
    ask: Ask
    expected: float
    hint: str  # the banner's working without its result
    working: str  # the whole banner
    displayed: float = math.nan  # the same formula worked from the numbers as displayed
    built: float | None = None  # an accumulation: the sum so far (v̄₀ = 0.5220 + ?)
    term: float | None = None  # an accumulation's contribution (partial × adjoint)
    # more numbers an answer may agree with: after "v̄₀ = 0.5220 + ?" the contribution as
    # well as the new sum, and the sum with the contribution rounded as it would be shown
    also: tuple[float, ...] = ()

    def targets(self) -> tuple[float, ...]:
        """The numbers an answer may agree with."""
        return (self.expected, self.displayed, *self.also)

    @property
    def prompt(self) -> str:
        if self.built is not None:
            return f"{self.name} = {n.fmt(self.built)} + ?"
        return f"{self.name} = ?"


@dataclass(frozen=True)
class Feedback:
    """What the view shows after an answer; ``reveal`` lets the walkthrough go on."""

    outcome: Outcome | None  # None: try again (a hint was given) or the text was no number
    message: str
    reveal: bool
    tried: bool = True  # False: the text was no number (not counted; the student fixes it)
    grade: Grade | None = None  # how the answer was graded (None: skipped or no number)


@dataclass
class Record:
    """One asked number, for the score and the teacher's answer log."""

    step: int
    name: str
    expected: float
    ask: Ask | None = None
    answers: list[str] = field(default_factory=list)
    grades: list[Grade] = field(default_factory=list)
    outcome: Outcome | None = None
    seconds: float = 0.0
    hints: int = 0  # hints given (a wrong or close first answer earns one)

    @property
    def tries(self) -> int:
        return len(self.answers)


def questions(timeline: Timeline, kinds: Iterable[Ask] = ALL_KINDS) -> dict[int, Question]:
    """The numbers to predict in ``timeline``, by step index (steps of other kinds are shown)."""
    wanted = frozenset(kinds)
    out = {}
    for index, step in enumerate(timeline.steps):
        ask = _ask_of(step)
        if ask in wanted and math.isfinite(step.number):
            out[index] = Question(
                index,
                _name(timeline, step),
                ask,
                step.number,
                hint_text(step.banner),
                step.banner,
                *_worked_out(timeline, index),
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
        return n.vdot(step.node, step.frame.wrt)
    return n.vbar(step.node)


# ---- the numbers as displayed ------------------------------------------------------------


def shown(value: float) -> float:
    """``value`` as the walkthrough displays it, read back (2.0000, 0.9093, 1.2346e−07)."""
    try:
        return float(n.fmt(value).replace(n.MINUS, "-"))
    except ValueError:  # undefined, ∞
        return math.nan


def _built(timeline: Timeline, index: int) -> float | None:
    """An accumulation's sum so far, as displayed (None: not an accumulation, or the
    fan-out mistake, whose "+=" overwrites)."""
    step = timeline.steps[index]
    if not step.accumulate or index == 0:
        return None
    if step.kind is Kind.ADJOINT and not timeline.overwrite:
        return shown(timeline.steps[index - 1].frame.adjoints[step.node])
    if step.kind is Kind.DOT:
        return shown(timeline.steps[index - 1].frame.dots[step.node])
    return None


def displayed_value(timeline: Timeline, index: int) -> float:
    """Step ``index``'s number worked from the numbers displayed before it (each rounded as
    the walkthrough shows it), the way a student with pencil and paper works it; NaN for
    steps that ask nothing."""
    try:
        with np.errstate(all="ignore"):
            return _worked(timeline, index)
    except KeyError:  # a number not displayed before this step
        return math.nan


def _worked_out(timeline: Timeline, index: int) -> tuple:
    """A question's displayed value, and for an accumulation its sum so far, its
    contribution and the other numbers an answer may agree with."""
    displayed = displayed_value(timeline, index)
    built = _built(timeline, index)
    if built is None:
        return displayed, None, None, ()
    step = timeline.steps[index]
    term, term_shown = step.frame.terms[step.edge], displayed - built
    return displayed, built, term, (term, term_shown, built + shown(term_shown))


def _worked(timeline: Timeline, index: int) -> float:
    step = timeline.steps[index]
    if step.edge is None:
        return math.nan
    before = timeline.steps[index - 1].frame if index > 0 else step.frame
    graph = timeline.graph
    i, k = step.edge
    node = graph.nodes[i]
    if step.kind in (Kind.VALUE, Kind.PARTIAL):
        op = OPS[node.op]
        args = [np.float64(_input_shown(graph, before, j)) for j in node.inputs]
        if step.kind is Kind.VALUE:
            return float(op.value(args, node.param))
        y = np.float64(shown(before.values[i]))
        return float(op.d1(args, y, node.param)[k])
    if step.kind in (Kind.ADJOINT, Kind.DOT):
        # the partial on the edge (forward mode shows it with the dot: the student works it)
        partial = shown(before.partials.get((i, k), step.frame.partials[(i, k)]))
        if step.kind is Kind.ADJOINT:
            carried = shown(before.adjoints[i])
        else:
            carried = shown(before.dots[node.inputs[k]])
        built = _built(timeline, index)
        return partial * carried + (built if built is not None else 0.0)
    return math.nan


def _input_shown(graph, frame, j: int) -> float:
    """Node ``j``'s value as displayed; a constant shows its exact text."""
    value = frame.values[j]
    return value if graph.nodes[j].op == CONST else shown(value)


# ---- reading and grading -----------------------------------------------------------------

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


def agrees(answer: float, expected: float, tolerance: Tolerance = DEFAULT_TOLERANCE) -> bool:
    """True when ``answer`` agrees with ``expected`` to the tolerance: ``digits`` significant
    digits (half a unit in the last of them; for 0, half a unit in that decimal), or within
    the relative error (for 0, that much absolutely)."""
    if not math.isfinite(expected):
        return False
    if tolerance.relative is not None:
        return abs(answer - expected) <= tolerance.relative * (abs(expected) or 1.0)
    digits = tolerance.digits
    if expected == 0:
        return abs(answer) < 0.5 * 10.0 ** (-digits)
    unit = 10.0 ** (math.floor(math.log10(abs(expected))) - digits + 1)
    return abs(answer - expected) <= 0.5 * unit * (1 + 1e-9)


def is_right(answer: float, expected: float, digits: int = SIGNIFICANT_DIGITS) -> bool:
    """``agrees`` at ``digits`` significant digits."""
    return agrees(answer, expected, Tolerance(digits))


def looser(tolerance: Tolerance) -> Tolerance | None:
    """What "close" means: one significant digit fewer (ten times the relative error);
    None when one digit is asked (nothing is fewer)."""
    if tolerance.relative is not None:
        return Tolerance(relative=min(1.0, 10 * tolerance.relative))
    return Tolerance(tolerance.digits - 1) if tolerance.digits > 1 else None


def grade(answer: float, question: Question, tolerance: Tolerance = DEFAULT_TOLERANCE) -> Grade:
    """Right against the exact number or the one worked from the displayed numbers; close
    when right to one digit fewer; wrong otherwise."""
    targets = question.targets()
    if any(agrees(answer, t, tolerance) for t in targets):
        return Grade.RIGHT
    loose = looser(tolerance)
    if loose is not None and any(agrees(answer, t, loose) for t in targets):
        return Grade.CLOSE
    return Grade.WRONG


def close_text(tolerance: Tolerance) -> str:
    """The words for a close answer."""
    if tolerance.relative is not None:
        return f"Close, but not {tolerance.text()}: carry more digits."
    fewer = tolerance.digits - 1
    return (
        f"Close: right to {fewer} significant digit{'s' if fewer != 1 else ''}, "
        f"{tolerance.digits} are asked. Carry more digits."
    )


def _sum_text(question: Question) -> str:
    """The number a right answer lands, with the sum that built it (0.5000 + 0.9093 = 1.4093)."""
    if question.built is None or question.term is None:
        return n.fmt(question.expected)
    return f"{n.plus(question.built, question.term)} = {n.fmt(question.expected)}"


class Tutor:
    """The state of one tutored walkthrough: questions, tries, score and streak."""

    def __init__(
        self,
        timeline: Timeline,
        kinds: Iterable[Ask] = ALL_KINDS,
        clock: Callable[[], float] = time.monotonic,
        tolerance: Tolerance = DEFAULT_TOLERANCE,
    ):
        self.questions = questions(timeline, kinds)
        self.tolerance = tolerance
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
        record = self._record(question)
        record.answers.append(text)
        graded = grade(value, question, self.tolerance)
        record.grades.append(graded)
        if graded is Grade.RIGHT:
            outcome = Outcome.RIGHT if len(record.answers) == 1 else Outcome.HINTED
            words = f"Right: {question.name} = {_sum_text(question)}"
            return self._finish(record, outcome, words, graded)
        if len(record.answers) == 1:
            record.hints += 1
            opening = close_text(self.tolerance) if graded is Grade.CLOSE else "Not quite."
            return Feedback(None, f"{opening} Hint: {question.hint}", False, grade=graded)
        opening = "Close again. " if graded is Grade.CLOSE else ""
        return self._finish(
            record, Outcome.SHOWN, f"{opening}The answer: {question.working}", graded
        )

    def skip(self, step: int) -> Feedback:
        question = self.question(step)
        if question is None:
            raise ValueError(f"step {step} asks nothing now")
        record = self._record(question)
        return self._finish(record, Outcome.SHOWN, f"The answer: {question.working}", None)

    def _record(self, question: Question) -> Record:
        return self.records.setdefault(
            question.step, Record(question.step, question.name, question.expected, question.ask)
        )

    def _finish(self, record: Record, outcome: Outcome, message: str, graded) -> Feedback:
        record.outcome = outcome
        record.seconds = self._clock() - self._asked_at.get(record.step, self._clock())
        self.streak = self.streak + 1 if outcome is Outcome.RIGHT else 0
        self.best_streak = max(self.best_streak, self.streak)
        return Feedback(outcome, message, reveal=True, grade=graded)

    def settled(self) -> list[Record]:
        """The records answered or shown, in the walkthrough's order."""
        return [r for _, r in sorted(self.records.items()) if r.outcome is not None]

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
