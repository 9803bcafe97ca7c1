"""Tutor mode's pure rules: grading at 3 significant digits, hints, tries, score and streak."""

from __future__ import annotations

import math

import pytest

from guiad.anim.timeline import Kind, Mode, Timeline
from guiad.anim.tutor import Ask, Outcome, Tutor, hint_text, is_right, questions, read_answer
from guiad.core.expression import parse


@pytest.mark.parametrize(
    ("answer", "expected", "right"),
    [
        (0.909, 0.9092974268256817, True),  # sin(2) to 3 significant digits
        (0.9093, 0.9092974268256817, True),
        (0.91, 0.9092974268256817, False),  # 2 digits are not enough
        (0.908, 0.9092974268256817, False),
        (2.20, 2.2013533791690376, True),
        (-0.563, -0.562752038662712, True),  # the seed's f′
        (0.563, -0.562752038662712, False),  # the sign matters
        (1230.0, 1234.0, True),
        (1240.0, 1234.0, False),
        (0.0, 0.0, True),
        (0.0004, 0.0, True),
        (0.001, 0.0, False),
        (1.23e-7, 1.2345e-7, True),
    ],
)
def test_grading_at_three_significant_digits(answer, expected, right):
    assert is_right(answer, expected) is right


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("cos(2)", math.cos(2.0)),
        ("0.61*2.2", 0.61 * 2.2),
        ("−0.4161", -0.4161),  # the walkthrough's own minus sign
        ("2·0.7280", 2 * 0.7280),
        ("exp(1)", math.e),
    ],
)
def test_answers_may_be_expressions_read_by_guiads_parser(text, value):
    assert read_answer(text) == pytest.approx(value, rel=1e-15)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "type a number"),
        ("cos(", "cannot read that"),
        ("x + 1", "not x"),
        ("__import__('os')", "cannot read that"),
        ("log(-1)", "not a finite number"),
    ],
)
def test_text_that_is_no_number_says_why(text, says):
    with pytest.raises(ValueError, match=says):
        read_answer(text)


def test_hints_are_the_banners_working_without_the_result():
    assert hint_text("v₁ = sin(v₀) = sin(2.0000) = 0.9093") == "v₁ = sin(v₀) = sin(2.0000)"
    assert hint_text("∂v₁/∂v₀ = cos(v₀) = cos(2.0000) = −0.4161") == (
        "∂v₁/∂v₀ = cos(v₀) = cos(2.0000)"
    )
    working = "v̄₀ += ∂v₂/∂v₀ · v̄₂ = v₁ · v̄₂ = 0.9093 · 1.0000 = 0.9093,  so v̄₀ = 0.5000 + 0.9093"
    assert hint_text(working + " = 1.4093") == working


def _seed() -> Timeline:
    return Timeline(parse("exp(sin(sin(x)))"), 2.0)


def test_every_asked_number_is_the_steps_own_and_its_hint_comes_from_its_banner():
    timeline = Timeline(parse("x*sin(x)"), 2.0)
    asked = questions(timeline)
    for index, question in asked.items():
        step = timeline.steps[index]
        assert question.expected == step.number
        assert step.banner.startswith(question.hint)
        assert question.hint != step.banner
        assert step.kind in (Kind.VALUE, Kind.PARTIAL, Kind.ADJOINT)
    names = [q.name for q in asked.values()]
    assert names.count("v̄₀") == 2  # the first contribution and the += one


def test_which_kinds_are_asked_is_a_setting():
    timeline = Timeline(parse("x*sin(x)"), 2.0)
    only_accumulations = questions(timeline, {Ask.ACCUMULATIONS})
    assert [q.name for q in only_accumulations.values()] == ["v̄₀"]
    forward = Timeline(parse("x*sin(x)"), 2.0, Mode.FORWARD)
    assert {q.ask for q in questions(forward, {Ask.DOTS}).values()} == {Ask.DOTS}
    assert questions(forward, {Ask.ADJOINTS}) == {}


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_right_first_time_hinted_and_shown_are_counted_with_a_streak():
    clock = Clock()
    tutor = Tutor(_seed(), clock=clock)
    steps = sorted(tutor.questions)
    first, second, third, fourth = steps[:4]

    tutor.question(first)
    clock.now += 7.5
    answer = tutor.answer(first, "sin(2)")  # v₁ = sin(2)
    assert answer.outcome is Outcome.RIGHT
    assert answer.reveal

    tutor.question(second)
    wrong = tutor.answer(second, "1")
    assert wrong.outcome is None
    assert not wrong.reveal
    assert wrong.message.startswith("Not quite. Hint: ")
    assert tutor.answer(second, "cos(2)").outcome is Outcome.HINTED  # ∂v₁/∂v₀ = cos(2)

    tutor.question(third)
    assert tutor.answer(third, "not a number (").reveal is False  # not counted as a try
    tutor.answer(third, "5")
    shown = tutor.answer(third, "6")
    assert shown.outcome is Outcome.SHOWN
    assert shown.message == f"The answer: {tutor.questions[third].working}"

    assert tutor.skip(fourth).outcome is Outcome.SHOWN
    assert tutor.score == {Outcome.RIGHT: 1, Outcome.HINTED: 1, Outcome.SHOWN: 2}
    assert tutor.best_streak == 1
    assert tutor.streak == 0
    assert tutor.records[first].seconds == 7.5
    assert tutor.question(first) is None  # answered: the walkthrough shows it from now on


def test_the_seeds_whole_reverse_pass_answered_right_is_a_perfect_score():
    timeline = _seed()
    tutor = Tutor(timeline)
    for index, question in tutor.questions.items():
        assert tutor.answer(index, repr(question.expected)).outcome is Outcome.RIGHT
    assert tutor.streak == len(tutor.questions)
    assert "0 shown" in tutor.score_text()
