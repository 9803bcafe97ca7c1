"""``guiad eval`` for expressions of several inputs: the JSON/CSV/table contract, the gradient
and Hessian against closed forms and central differences, and bad input (exit 2, one line).

Reference values are closed forms written with the math module, never the engine's output.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def in_process(capsys, *args: str) -> tuple[int, str, str]:
    """``guiad ARGS`` through cli.main in this process (eval imports no Qt): fast."""
    from guiad.cli.main import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def eval_json(capsys, *args: str) -> dict:
    code, out, err = in_process(capsys, "eval", *args, "--json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


def central(f, point: list[float], k: int, h: float = 1e-6) -> float:
    """∂f/∂(input k) by a central difference: an independent reference."""
    up, down = list(point), list(point)
    up[k] += h
    down[k] -= h
    return (f(*up) - f(*down)) / (2 * h)


# ---- --at with --json ----------------------------------------------------------------------


def test_json_shape_and_gradient_of_the_issue_example(capsys):
    out = eval_json(capsys, "x*y + sin(x)", "--at", "x=1,y=2")
    assert out["expr"] == "x*y + sin(x)"
    assert out["inputs"] == ["x", "y"]
    (point,) = out["points"]
    assert list(point) == ["at", "f", "grad", "error"]
    assert point["at"] == {"x": 1.0, "y": 2.0}
    assert point["f"] == 2.0 + math.sin(1.0)
    assert math.isclose(point["grad"]["x"], 2.0 + math.cos(1.0), rel_tol=1e-15)
    assert point["grad"]["y"] == 1.0
    assert point["error"] is None


def test_at_names_may_come_in_any_order_and_repeat_for_more_points(capsys):
    out = eval_json(capsys, "x*y + sin(x)", "--at", "y=2,x=1", "--at", "x=-0.5, y=3")
    first, second = out["points"]
    assert first["at"] == {"x": 1.0, "y": 2.0}
    assert second["at"] == {"x": -0.5, "y": 3.0}
    assert math.isclose(second["grad"]["x"], 3.0 + math.cos(-0.5), rel_tol=1e-15)
    assert second["grad"]["y"] == -0.5


def rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def test_hessian_of_rosenbrock_matches_the_closed_form(capsys):
    out = eval_json(
        capsys,
        "(1 - x)^2 + 100*(y - x^2)^2",
        "--at",
        "x=-1.5,y=0.5",
        "--at",
        "x=1,y=1",
        "--hessian",
    )
    for point in out["points"]:
        x, y = point["at"]["x"], point["at"]["y"]
        assert list(point) == ["at", "f", "grad", "hessian", "error"]
        assert math.isclose(point["f"], rosenbrock(x, y), rel_tol=1e-14)
        gx = -2 * (1 - x) - 400 * x * (y - x**2)
        gy = 200 * (y - x**2)
        assert math.isclose(point["grad"]["x"], gx, rel_tol=1e-13, abs_tol=1e-12)
        assert math.isclose(point["grad"]["y"], gy, rel_tol=1e-13, abs_tol=1e-12)
        hxx = 2 - 400 * (y - x**2) + 800 * x**2
        hxy = -400 * x
        expected = [[hxx, hxy], [hxy, 200.0]]
        np.testing.assert_allclose(point["hessian"], expected, rtol=1e-13, atol=1e-12)


def test_gradient_of_four_inputs_matches_central_differences(capsys):
    def f(x, y, z, w):
        return math.exp(x * y) * math.sin(z) + w**3 / (1 + x * x)

    out = eval_json(capsys, "exp(x*y)*sin(z) + w^3/(1 + x^2)", "--at", "w=0.7,x=0.3,y=-1.2,z=2")
    assert out["inputs"] == ["x", "y", "z", "w"]  # x, y, z first, then alphabetical
    (point,) = out["points"]
    at = [point["at"][name] for name in out["inputs"]]
    assert at == [0.3, -1.2, 2.0, 0.7]
    for k, name in enumerate(out["inputs"]):
        assert math.isclose(point["grad"][name], central(f, at, k), rel_tol=1e-8)


def test_undefined_points_are_null_with_the_reason(capsys):
    out = eval_json(capsys, "log(x*y)", "--at", "x=-1,y=2", "--at", "x=2,y=3")
    bad, good = out["points"]
    assert bad["f"] is None
    assert bad["grad"] == {"x": None, "y": None}
    assert "log" in bad["error"]
    assert good["error"] is None
    assert math.isclose(good["f"], math.log(6), rel_tol=1e-15)
    assert math.isclose(good["grad"]["x"], 1 / 2, rel_tol=1e-15)
    assert math.isclose(good["grad"]["y"], 1 / 3, rel_tol=1e-15)


def test_an_undefined_hessian_is_null_with_a_reason(capsys):
    # sqrt(x*y) at the origin: f = 0 is defined, its derivatives are not
    (point,) = eval_json(capsys, "sqrt(x*y)", "--at", "x=0,y=0", "--hessian")["points"]
    assert point["f"] == 0.0
    assert point["hessian"] is not None
    assert any(v is None for line in point["hessian"] for v in line)
    assert point["error"]


# ---- one input: today's output, and the gradient beside it ---------------------------------


def test_one_input_json_keeps_todays_keys_and_adds_the_gradient(capsys):
    (point,) = eval_json(capsys, "exp(sin(sin(x)))", "--at", "2")["points"]
    assert list(point) == ["x", "f", "df", "d2f", "grad", "error"]
    assert point["f"] == 2.2013533791690376
    assert point["df"] == -0.562752038662712
    assert point["grad"] == {"x": -0.562752038662712}


def test_one_input_may_be_named_and_has_a_one_by_one_hessian(capsys):
    out = eval_json(capsys, "x^3", "--at", "x=2", "--hessian")
    assert "inputs" not in out  # one input x: today's shape
    (point,) = out["points"]
    assert (point["x"], point["f"], point["df"], point["d2f"]) == (2.0, 8.0, 12.0, 12.0)
    assert point["hessian"] == [[12.0]]


def test_one_input_table_and_csv_are_todays(capsys):
    code, out, _ = in_process(capsys, "eval", "exp(sin(sin(x)))", "--at", "2")
    assert code == 0
    assert out.splitlines()[0] == "f(x) = exp(sin(sin(x)))"
    assert out.splitlines()[2].split() == ["x", "f", "f′", "f″"]
    code, out, _ = in_process(capsys, "eval", "x^2", "--grid", "x=0:2:3")
    assert out == "x,f,df,d2f\n0.0,0.0,0.0,2.0\n1.0,1.0,2.0,2.0\n2.0,4.0,4.0,2.0\n"


# ---- tables and CSV --------------------------------------------------------------------------


def test_table_has_a_column_per_partial_and_the_hessian_below(capsys):
    code, out, err = in_process(capsys, "eval", "x^2 - y^2", "--at", "x=1,y=2", "--hessian")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "f(x, y) = x^2 - y^2"
    assert lines[2].split() == ["x", "y", "f", "∂f/∂x", "∂f/∂y"]
    assert lines[3].split() == ["1.0", "2.0", "-3.0", "2.0", "-4.0"]
    at = lines.index("Hessian at (1.0, 2.0):")
    assert [line.split() for line in lines[at + 1 : at + 3]] == [
        ["[", "2.0", "0.0", "]"],
        ["[", "0.0", "-2.0", "]"],
    ]


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_grid_csv_has_one_row_per_point_last_input_fastest(tmp_path, capsys):
    path = tmp_path / "grid.csv"
    code, out, err = in_process(
        capsys, "eval", "x*y + sin(x)", "--grid", "x=-1:1:3,y=0:2:5", "--csv", str(path)
    )
    assert (code, out, err) == (0, "", "")
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "x,y,f,df/dx,df/dy"
    rows = read_csv(text)
    assert len(rows) == 15
    expected = [(x, y) for x in (-1.0, 0.0, 1.0) for y in (0.0, 0.5, 1.0, 1.5, 2.0)]
    assert [(float(r["x"]), float(r["y"])) for r in rows] == expected
    for row in rows:
        x, y = float(row["x"]), float(row["y"])
        assert float(row["f"]) == pytest.approx(x * y + math.sin(x), rel=1e-15, abs=1e-15)
        assert float(row["df/dx"]) == pytest.approx(y + math.cos(x), rel=1e-15)
        assert float(row["df/dy"]) == x


def test_grid_may_hold_an_input_at_one_value_and_leaves_undefined_cells_empty(capsys):
    code, out, _ = in_process(capsys, "eval", "log(x)*y", "--grid", "x=-1:1:3,y=2")
    assert code == 0
    assert out.splitlines() == [
        "x,y,f,df/dx,df/dy",
        "-1.0,2.0,,,",
        "0.0,2.0,,,",
        "1.0,2.0,0.0,2.0,0.0",
    ]


def test_at_points_as_csv_and_grid_as_json(capsys):
    code, out, _ = in_process(capsys, "eval", "x*y", "--at", "x=2,y=3", "--csv", "-")
    assert out == "x,y,f,df/dx,df/dy\n2.0,3.0,6.0,3.0,2.0\n"
    points = eval_json(capsys, "x*y", "--grid", "x=0:1:2,y=5")["points"]
    assert [p["at"] for p in points] == [{"x": 0.0, "y": 5.0}, {"x": 1.0, "y": 5.0}]


def test_an_input_named_f_gets_csv_columns_of_its_own(tmp_path, capsys):
    # an input named f gave the header y,f,f,df/dy,df/df: two "f" columns, which a CSV
    # reader keyed by name cannot tell apart; the function is called g there instead
    path = tmp_path / "grid.csv"
    code, out, err = in_process(
        capsys, "eval", "f*y + sin(f)", "--grid", "f=-1:1:3,y=2:3:2", "--csv", str(path)
    )
    assert (code, out, err) == (0, "", "")
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "y,f,g,dg/dy,dg/df"
    rows = read_csv(text)
    assert len(rows) == 6
    for row in rows:
        f, y = float(row["f"]), float(row["y"])
        assert float(row["g"]) == pytest.approx(f * y + math.sin(f), rel=1e-15, abs=1e-15)
        assert float(row["dg/dy"]) == f
        assert float(row["dg/df"]) == pytest.approx(y + math.cos(f), rel=1e-15)


def test_the_function_takes_the_first_free_name_and_the_table_says_so(capsys):
    code, out, _ = in_process(capsys, "eval", "f*g*y", "--at", "f=1,g=2,y=3", "--csv", "-")
    assert code == 0
    assert out == "y,f,g,h,dh/dy,dh/df,dh/dg\n3.0,1.0,2.0,6.0,2.0,6.0,3.0\n"
    code, out, _ = in_process(capsys, "eval", "df*x0", "--at", "df=1,x0=2", "--csv", "-")
    assert out.splitlines()[0] == "df,x0,f,df/ddf,df/dx0"  # no clash: names kept
    code, out, _ = in_process(capsys, "eval", "f*y", "--at", "f=1,y=2")
    lines = out.splitlines()
    assert lines[0] == "g(y, f) = f*y"
    assert lines[2].split() == ["y", "f", "g", "∂g/∂y", "∂g/∂f"]
    assert lines[3].split() == ["2.0", "1.0", "2.0", "1.0", "2.0"]


def test_one_input_other_than_x_uses_the_named_shape(capsys):
    out = eval_json(capsys, "t^2", "--at", "3")
    assert out["inputs"] == ["t"]
    assert out["points"][0]["grad"] == {"t": 6.0}


# ---- bad input: exit 2 and one line on stderr ----------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["x*y", "--at", "x=1,z=2"], "no input 'z' (its inputs are x, y)"),
        (["x*y", "--at", "x=1"], "no value for y"),
        (["x*y", "--at", "1"], "name each one, e.g. --at x=1,y=2"),
        (["x*y", "--at", "x=1,y=inf"], "finite"),
        (["x*y", "--at", "x=1,y=nan"], "finite"),
        (["x*y", "--at", "x=1,y=two"], "not a number"),
        (["x*y", "--at", "x=1,x=2,y=3"], "x is given twice"),
        (["x*y", "--at", "x=1,,y=2"], "NAME=VALUE"),
        (["x", "--at", "y=1"], "no input 'y'"),
        (["a*b*c*d*e1*f*g*h*k", "--at", "a=1"], "inputs"),
        (["x*y", "--range", "0", "1", "3"], "--grid x=A:B:N,y=A:B:N"),
        (["x*y", "--grid", "x=0:1:3"], "no value for y"),
        (["x*y", "--grid", "x=0:1:3,y=1:0:3"], "A < B"),
        (["x*y", "--grid", "x=0:1:3,y=0:1:2.5"], "whole number"),
        (["x*y", "--grid", "x=0:1:3,y=0:1"], "write y=A:B:N"),
        (["x*y", "--grid", "x=0:1:1,y=0:1:3"], "between 2 and"),
        (["x*y", "--grid", "x=0:1:10000,y=0:1:10000"], "the limit is 10,000,000"),
        (["x*y", "--grid", "x=0:1:3,y=0:1:3", "--hessian"], "--hessian is for --at"),
        (["x*y", "--at", "x=1,y=2", "--json", "--csv", "a.csv"], "--json or --csv"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(capsys, args, words):
    code, out, err = in_process(capsys, "eval", *args)
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("guiad: error: ")
    assert words in lines[0]


def test_a_real_subprocess_prints_the_issue_example():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "guiad", "eval", "x*y + sin(x)", "--at", "x=1,y=2", "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["points"][0]["grad"]["y"] == 1.0


# what `guiad eval` printed for one input at 4b5de50, before several inputs existed
TODAY = json.loads((Path(__file__).parent / "eval_output_4b5de50.json").read_text("utf-8"))
GRAD = re.compile(r', "grad": \{"x": [^{}]*\}')
# 1/x is one node of its own now, c/u (rdiv), printed as typed (issue 21)
SINCE = {"1/x": [('"reciprocal(x)"', '"1/x"'), ("reciprocal (v1)", "rdiv (v1)")]}


@pytest.mark.parametrize("case", TODAY, ids=lambda case: " ".join(case["args"]))
def test_one_input_output_is_byte_for_byte_as_before_but_for_the_gradient(capsys, case):
    code, out, err = in_process(capsys, "eval", *case["args"])
    assert (code, err) == (0, "")
    expected = case["stdout"]
    for before, after in SINCE.get(case["args"][0], []):
        expected = expected.replace(before, after)
    if "--json" not in case["args"]:
        assert out == expected
        return
    assert GRAD.sub("", out) == expected
    for point in json.loads(out)["points"]:
        assert point["grad"] == {"x": point["df"]}


def test_the_help_shows_several_inputs(capsys):
    from guiad.cli.main import main

    with pytest.raises(SystemExit):
        main(["eval", "--help"])
    text = capsys.readouterr().out
    assert "--at x=1,y=2" in text
    assert "--grid x=-1:1:21,y=0:2:11" in text
    assert "x, y, z first" in text
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "--at x=1,y=2 f and its gradient" in capsys.readouterr().out


@pytest.mark.parametrize("where", ["-", "out.csv"])
def test_hessian_with_csv_is_refused_not_dropped(capsys, tmp_path, where):
    """Issue 22 item 5: --hessian --csv wrote the CSV without the Hessian, silently."""
    target = where if where == "-" else str(tmp_path / where)
    code, out, err = in_process(
        capsys, "eval", "x*y", "--at", "x=1,y=2", "--hessian", "--csv", target
    )
    assert code == 2
    assert out == ""
    assert "--hessian is written in the table or with --json, not in CSV" in err
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("name", ["inf", "nan", "NaN", "Infinity"])
def test_number_words_are_not_input_names(capsys, name):
    """Issue 22 item 5: `inf` and `nan` were accepted as input names (--at inf=1 …)."""
    code, out, err = in_process(capsys, "eval", f"x*{name}", "--at", f"x=1,{name}=2")
    assert code == 2
    assert f"'{name}' reads as a number, not an input name" in err
