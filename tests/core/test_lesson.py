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


def test_a_half_built_step_may_say_what_to_do_once_built():
    text = _step_with(expression="x*sin(x)", start="x*sin(?)", built="Now predict v̄₀.")
    assert lesson.loads(text).steps[0].built == "Now predict v̄₀."
    assert lesson.loads(_step_with(expression="x*sin(x)", start="x*sin(?)")).steps[0].built == ""
    with pytest.raises(FileFormatError, match=re.escape("step 1.built is the prompt once built")):
        lesson.loads(_step_with(built="Now predict v̄₀."))  # nothing to build
    with pytest.raises(FileFormatError, match=re.escape("step 1.built")):
        lesson.loads(_step_with(expression="x*sin(x)", start="x*sin(?)", built=["a"]))


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


# ---- extreme numbers, names and paths (issue 22 items 9 and 11) ---------------------------

EXTREME = [1e308, -1e308, 1.7976931348623157e308, 1e200, -1e200, 1e16, 1e6 * (1 + 1e-15)]
DENORMAL = [5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308]
NOT_NAMES = ["e", "pi", "sin", "exp", "lambda", "None", "inf", "nan", "Inf", "NaN", "x" * 5000]
_extreme_floats = (
    st.sampled_from([*EXTREME, *DENORMAL, 0.0, -0.0, 1e6, -1e6])
    | st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True)
    | st.floats(min_value=-1e-300, max_value=1e-300, allow_subnormal=True)
)


def _lesson_or_one_line(text: str) -> lesson.Lesson | None:
    """The lesson, with every coordinate within MAX_COORDINATE, or None after one clear line."""
    try:
        loaded = lesson.loads(text)
    except FileFormatError as err:
        message = str(err)
    else:
        for step in loaded.steps:
            assert all(abs(v) <= lesson.MAX_COORDINATE for v in step.point), step.point
        return loaded
    assert message.strip()
    assert "\n" not in message
    return None


@given(_extreme_floats)
def test_an_extreme_x0_loads_bounded_or_is_refused(x0):
    loaded = _lesson_or_one_line(_with(lambda d: d["steps"][0].update(x0=x0)))
    assert (loaded is not None) == (abs(x0) <= lesson.MAX_COORDINATE)


@given(_extreme_floats, _extreme_floats)
def test_an_extreme_point_of_several_inputs_loads_bounded_or_is_refused(x1, x2):
    loaded = _lesson_or_one_line(_step(at={"x1": x1, "x2": x2}))
    fits = abs(x1) <= lesson.MAX_COORDINATE and abs(x2) <= lesson.MAX_COORDINATE
    assert (loaded is not None) == fits
    if loaded is not None:
        assert loaded.steps[0].point == (x1, x2)


@pytest.mark.parametrize("value", EXTREME)
def test_each_extreme_coordinate_is_refused_naming_the_step(value):
    for text, where in [
        (_with(lambda d: d["steps"][0].update(x0=value)), "step 1.x0 is "),
        (_step(at={"x1": 2, "x2": value}), "step 1.at.x2 is "),
    ]:
        with pytest.raises(FileFormatError, match=re.escape(where)) as info:
            lesson.loads(text)
        assert "within ±1,000,000" in str(info.value)


@pytest.mark.parametrize("value", DENORMAL)
def test_a_denormal_point_loads_exactly(value):
    (step,) = lesson.loads(_step(at={"x1": value, "x2": -value})).steps
    assert step.point == (value, -value)
    (step,) = lesson.loads(_with(lambda d: d["steps"][0].update(x0=value))).steps
    assert step.point == (value,)


@pytest.mark.parametrize("name", NOT_NAMES)
def test_a_point_at_a_name_that_is_not_an_input_is_refused(name):
    """``e`` in ``x*e`` is the constant (``lambda``, ``inf``… do not read at all): a point
    that gives it a number is refused, naming the step, in one line."""
    data = _valid()
    data["steps"][0] = {"expression": f"x*{name}", "at": {"x": 1, name: 2}, "prompt": "p"}
    with pytest.raises(FileFormatError) as info:
        lesson.loads(json.dumps(data))
    assert str(info.value).startswith("step 1.")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("hops", [1, 2])
def test_a_symlink_loop_is_not_a_lesson(tmp_path, hops):
    links = [tmp_path / f"loop{i}.guiad-lesson.json" for i in range(hops)]
    for i, link in enumerate(links):
        link.symlink_to(links[(i + 1) % hops].name)
    with pytest.raises(FileFormatError, match="cannot read loop0.guiad-lesson.json") as info:
        lesson.load(links[0])
    assert "symbolic links" in str(info.value)
