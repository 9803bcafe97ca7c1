"""``guiad eval "x*y, sin(x)"``: an expression of several outputs gives one f and one
gradient per output, in JSON, the table and CSV; references are closed forms (math)."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest


def run(capsys, *args: str) -> tuple[int, str, str]:
    from guiad.cli.main import main

    code = main(["eval", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_json_has_one_gradient_per_output(capsys):
    code, out, err = run(capsys, "x*y, sin(x)", "--at", "x=1,y=2", "--json")
    assert (code, err) == (0, "")
    found = json.loads(out)
    assert found["outputs"] == ["x*y", "sin(x)"]
    assert found["inputs"] == ["x", "y"]
    (point,) = found["points"]
    assert point["at"] == {"x": 1.0, "y": 2.0}
    assert point["f"] == [2.0, math.sin(1.0)]
    assert point["grad"] == [{"x": 2.0, "y": 1.0}, {"x": math.cos(1.0), "y": 0.0}]
    assert point["error"] == [None, None]


def test_an_undefined_output_says_why_and_the_others_stand(capsys):
    code, out, _ = run(capsys, "log(x), x*y", "--at", "x=-1,y=3", "--json")
    (point,) = json.loads(out)["points"]
    assert point["f"] == [None, -3.0]
    assert point["grad"][1] == {"x": 3.0, "y": -1.0}
    assert "log of a number ≤ 0" in point["error"][0]
    assert point["error"][1] is None


def test_the_table_and_the_csv(capsys):
    code, out, _ = run(capsys, "x*y, sin(x)", "--at", "x=1,y=2")
    assert "f1(x, y) = x*y" in out
    assert "f2(x, y) = sin(x)" in out
    assert "∂f2/∂x" in out
    code, out, _ = run(capsys, "sin(x), scale(x, 3)", "--range", "0", "1", "3", "--csv", "-")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["x", "f1", "df1/dx", "f2", "df2/dx"]
    assert [float(v) for v in rows[3]] == [1.0, math.sin(1.0), math.cos(1.0), 3.0, 3.0]


@pytest.mark.parametrize(
    ("expr", "words"),
    [("x*y, sin(x", "output 2 ('sin(x'): syntax error"), ("x, ", "output 2 (''): ")],
)
def test_a_bad_output_is_named(capsys, expr, words):
    code, _, err = run(capsys, expr, "--at", "x=1")
    assert code == 2
    assert words in err
