"""The session's answer log: rows, the student in every row, the summary, the CSV."""

from __future__ import annotations

import csv

import pytest

from guiad.core.answer_log import COLUMNS, FREE_PLAY, AnswerLog, Row, summarize


def _row(step=1, outcome="right first time", answers=("0.909",), lesson="L", hints=0) -> Row:
    return Row(lesson, step, "sin(x)", (2.0,), "v₁", "values", 0.9092974268256817,
               answers, outcome, hints, 3.25)  # fmt: skip


def test_the_columns_a_teacher_asked_for():
    for name in ("student", "lesson", "step", "kind", "expected", "answer", "outcome"):
        assert name in COLUMNS
    for name in ("tries", "hints", "seconds"):
        assert name in COLUMNS


def test_the_csv_has_the_student_in_every_row_and_numbers_that_read_back(tmp_path):
    log = AnswerLog("Ada Lovelace")
    log.add([_row(), _row(2, "shown", ("1", "2"), hints=1)])
    log.add([Row(FREE_PLAY, None, "x1*x2", (2.0, -0.5), "v̄₀", "adjoints", -0.5, (), "shown", 0, 0)])
    path = tmp_path / "answers.csv"
    log.write_csv(path)
    text = path.read_text(encoding="utf-8")
    assert "\r" not in text
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == COLUMNS
    assert [r["student"] for r in rows] == ["Ada Lovelace"] * 3
    assert float(rows[0]["expected"]) == 0.9092974268256817  # exactly
    assert (rows[1]["answer"], rows[1]["tries"], rows[1]["hints"]) == ("1 | 2", "2", "1")
    assert (rows[2]["lesson"], rows[2]["step"], rows[2]["point"]) == ("", "", "2.0 -0.5")
    assert rows[2]["tries"] == "0"  # skipped: shown without an answer
    assert rows[0]["seconds"] == "3.2"


def test_a_name_with_a_comma_or_quote_stays_one_cell(tmp_path):
    log = AnswerLog('Smith, "Jo"')
    log.add([_row()])
    path = tmp_path / "a.csv"
    log.write_csv(path)
    with path.open(newline="", encoding="utf-8") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["student"] == 'Smith, "Jo"'


def test_the_summary_counts_the_score_and_names_the_steps_missed():
    rows = [
        _row(1),
        _row(1),
        _row(2, "right after a hint"),
        _row(3, "shown"),
        _row(3, "shown"),
        _row(4),
    ]
    summary = summarize(rows, 192.4)
    assert (summary.asked, summary.right, summary.hinted, summary.shown) == (6, 3, 1, 2)
    assert summary.missed == (2, 3)
    assert summary.text() == (
        "3 of 6 right first time, 1 after a hint, 2 shown in 3 min 12 s. Go over steps 2, 3."
    )
    perfect = summarize([_row(1)], 9.0)
    assert perfect.text() == "1 of 1 right first time in 9 s. Every number right first time."


@pytest.mark.parametrize("seconds", [0.0, 59.6, 3600.0])
def test_the_summary_time_reads(seconds):
    assert "right first time in " in summarize([_row()], seconds).text()
