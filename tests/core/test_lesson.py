"""Lesson files: the shipped lessons (old and new) load and ask something; a point must match
its expression's inputs; tolerances and layouts; hostile files are refused with one line."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guiad.anim.timeline import Mode, Timeline
from guiad.anim.tutor import Ask, questions
from guiad.core import lesson
from guiad.core.expression import parse
from guiad.core.fileformat import MAX_FILE_BYTES, FileFormatError

LESSONS = sorted((Path(__file__).resolve().parents[2] / "assets" / "lessons").glob("*.json"))


def test_seven_lessons_are_shipped():
    assert len(LESSONS) == 7
    assert all(path.name.endswith(lesson.SUFFIX) for path in LESSONS)


def test_the_askable_kinds_are_tutor_modes_kinds():
    assert tuple(ask.value for ask in Ask) == lesson.ASKABLE


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_each_shipped_lesson_loads_and_every_step_asks_something(path):
    loaded = lesson.load(path)
    assert loaded.title
    for step in loaded.steps:
        assert len(step.point) == step.graph.n_inputs
        timeline = Timeline(step.graph, step.point, Mode(step.mode))
        assert questions(timeline, [Ask(a) for a in step.ask]), step.prompt


def _valid() -> dict:
    return {
        "format": "guiad-lesson",
        "version": 1,
        "title": "t",
        "steps": [{"expression": "sin(x)", "x0": 1.0, "prompt": "p", "ask": ["values"]}],
    }


def _with(change) -> str:
    data = _valid()
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "invalid JSON"),
        ("[1, 2]", "top level must be a JSON object"),
        (_with(lambda d: d.update(format="guiad")), '"format" must be "guiad-lesson"'),
        (_with(lambda d: d.update(version=2)), "version 2"),
        (_with(lambda d: d.update(title="")), "title must be non-empty text"),
        (_with(lambda d: d.update(steps=[])), "needs a list of steps"),
        (_with(lambda d: d.update(steps=[{}] * 101)), "at most 100 steps"),
        (_with(lambda d: d["steps"][0].update(expression="__import__('os')")), "step 1.expression"),
        (_with(lambda d: d["steps"][0].update(x0="2")), "step 1.x0 must be a number"),
        (_with(lambda d: d["steps"][0].update(x0=1e400)), "step 1.x0"),
        (_with(lambda d: d["steps"][0].update(ask=["everything"])), "step 1.ask must list"),
        (_with(lambda d: d["steps"][0].update(mode="sideways")), "step 1.mode"),
        (_with(lambda d: d["steps"][0].update(mistake="yes")), "step 1.mistake"),
        (_with(lambda d: d["steps"][0].update(x0=1e308)), "step 1.x0 is 1e+308: a lesson's point"),
        (_with(lambda d: d["steps"][0].update(x0=-2e6)), "within ±1,000,000"),
        (_with(lambda d: d["steps"][0].update(at={"x": 1})), 'both "x0" and "at"'),
        (_with(lambda d: d["steps"][0].update(layout="cinema")), "step 1.layout must be"),
        (_with(lambda d: d["steps"][0].update(tolerance=3)), "step 1.tolerance must be"),
        (_with(lambda d: d["steps"][0].update(tolerance={"digits": 0})), "between 1 and 10"),
        (_with(lambda d: d["steps"][0].update(tolerance={"digits": 2.5})), "whole number"),
        (_with(lambda d: d.update(tolerance={"relative": 2})), "tolerance.relative must be"),
        (_with(lambda d: d.update(tolerance={"digits": 3, "relative": 0.1})), "tolerance must"),
        (_with(lambda d: d.update(ask=[])), "ask must list"),
        (_with(lambda d: d["steps"][0].update(prompt="p" * 3000)), "too long"),
        ("[" * 100_000, "nested too deeply"),
    ],
)
def test_hostile_lessons_are_refused_with_a_reason(text, says):
    with pytest.raises(FileFormatError) as info:
        lesson.loads(text)
    assert says in str(info.value)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.guiad-lesson.json"
    with path.open("wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(FileFormatError, match="too large"):
        lesson.load(path)


def test_a_folder_is_not_a_lesson(tmp_path):
    with pytest.raises(FileFormatError, match="not a regular file"):
        lesson.load(tmp_path)


json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["format", "version", "title", "steps", "x0", "ask"]),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@given(json_values)
def test_any_json_is_a_lesson_or_a_clear_refusal(data):
    try:
        message = lesson.from_dict(data).title
    except FileFormatError as err:
        message = str(err)
    assert message  # a lesson has a title; a refusal says why


BAYDIN = "log(x1) + x1*x2 - sin(x2)"


def _step(**fields) -> str:
    data = _valid()
    data["steps"][0] = {"expression": BAYDIN, "prompt": "p", **fields}
    return json.dumps(data)


def test_a_step_of_several_inputs_gives_a_point_for_each():
    loaded = lesson.loads(_step(at={"x2": 5, "x1": 2}))
    (step,) = loaded.steps
    assert step.graph.inputs == ("x1", "x2")
    assert step.point == (2.0, 5.0)  # in the inputs' order, whatever the file's
    assert step.x0 == 2.0


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"x0": 2}, 'step 1: the expression has inputs x1, x2; give "at"'),  # ran at (2, 2)
        ({"at": {"x1": 2}}, "step 1.at gives no number for input 'x2'"),
        ({"at": {"x1": 2, "x2": 5, "y": 1}}, "step 1.at names 'y', not an input"),
        ({"at": {"x1": 2, "x2": "5"}}, "step 1.at.x2 must be a number"),
        ({"at": {"x1": 2, "x2": 1e308}}, "step 1.at.x2 is 1e+308"),
        ({"at": [2, 5]}, "step 1.at must be an object"),
    ],
)
def test_a_point_that_does_not_match_the_inputs_is_refused_naming_step_and_input(fields, says):
    with pytest.raises(FileFormatError) as info:
        lesson.loads(_step(**fields))
    assert says in str(info.value)
    assert "\n" not in str(info.value)  # one line


def test_the_several_input_lesson_runs_at_2_5_and_its_gradient_is_baydins():
    (path,) = [p for p in LESSONS if "several-inputs" in p.name]
    loaded = lesson.load(path)
    for step in loaded.steps:
        assert step.point == (2.0, 5.0)
        assert step.layout == "walkthrough"
        timeline = Timeline(step.graph, step.point)
        assert timeline.trace.f[0] == pytest.approx(math.log(2) + 10 - math.sin(5), rel=1e-15)
    last = timeline.steps[-1].frame.adjoints
    assert (last[0], last[1]) == pytest.approx((5.5, 2 - math.cos(5)), rel=1e-15)


def test_tolerance_and_kinds_for_the_lesson_and_each_step():
    data = _valid()
    data["tolerance"] = {"relative": 0.01}
    data["ask"] = ["adjoints"]
    data["steps"].append({"expression": "cos(x)", "x0": 1, "tolerance": {"digits": 4}})
    first, second = lesson.from_dict(data).steps
    assert (first.tolerance, first.ask) == (lesson.Tolerance(relative=0.01), ("values",))
    assert (second.tolerance, second.ask) == (lesson.Tolerance(4), ("adjoints",))
    assert second.layout is None  # the window's layout as the student left it
    assert lesson.from_dict(_valid()).steps[0].tolerance == lesson.Tolerance(3)


def _step_with(**fields) -> str:
    return _with(lambda d: d["steps"][0].update(fields))


def test_a_step_may_start_half_built():
    loaded = lesson.loads(_step_with(expression="x*sin(x)", start="x*sin(?)"))
    step = loaded.steps[0]
    assert step.graph == parse("x*sin(x)")  # the questions are about the graph completed
    assert step.start == parse("x*sin(?)")
    assert lesson.loads(json.dumps(_valid())).steps[0].start is None


@pytest.mark.parametrize(
    ("start", "says"),
    [
        ("sin(", "step 1.start: "),
        ("sin(x)", "is the expression itself"),
        ("y*?", "reads 'y', not an input of the expression"),
        (3, "step 1.start must be non-empty text"),
    ],
)
def test_a_bad_start_is_refused_naming_the_step(start, says):
    with pytest.raises(FileFormatError, match=re.escape(says)):
        lesson.loads(_step_with(start=start))
