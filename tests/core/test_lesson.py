"""Lesson files: the five shipped lessons load and ask something; hostile files are refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guiad.anim.timeline import Mode, Timeline
from guiad.anim.tutor import Ask, questions
from guiad.core import lesson
from guiad.core.fileformat import MAX_FILE_BYTES, FileFormatError

LESSONS = sorted((Path(__file__).resolve().parents[2] / "assets" / "lessons").glob("*.json"))


def test_five_lessons_are_shipped():
    assert len(LESSONS) == 5
    assert all(path.name.endswith(lesson.SUFFIX) for path in LESSONS)


def test_the_askable_kinds_are_tutor_modes_kinds():
    assert tuple(ask.value for ask in Ask) == lesson.ASKABLE


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_each_shipped_lesson_loads_and_every_step_asks_something(path):
    loaded = lesson.load(path)
    assert loaded.title
    for step in loaded.steps:
        timeline = Timeline(step.graph, step.x0, Mode(step.mode))
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
