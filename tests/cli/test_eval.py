"""``guiad eval`` through a real subprocess: output formats, values and error handling.

Reference values are closed forms written with the math module (and the seed post's
digits), never the engine's own output.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]


def guiad(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "guiad", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=60,
    )


def json_eval(*args: str) -> dict:
    done = guiad("eval", *args, "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return json.loads(done.stdout)


def seed_d2f(x: float) -> float:
    """f″ of exp(sin(sin(x))) by hand: f = e^g, f″ = e^g (g′² + g″)."""
    g = math.sin(math.sin(x))
    g1 = math.cos(math.sin(x)) * math.cos(x)
    g2 = -math.sin(math.sin(x)) * math.cos(x) ** 2 - math.cos(math.sin(x)) * math.sin(x)
    return math.exp(g) * (g1 * g1 + g2)


# ---- --json ----------------------------------------------------------------------------


def test_json_has_the_seed_digits_and_the_canonical_expression():
    out = json_eval("exp( sin(sin(x)) )", "--at", "2")
    assert out["expr"] == "exp(sin(sin(x)))"
    (point,) = out["points"]
    assert set(point) == {"x", "f", "df", "d2f", "grad", "error"}
    assert point["x"] == 2.0
    assert point["f"] == 2.2013533791690376
    assert point["df"] == -0.562752038662712
    assert math.isclose(point["d2f"], seed_d2f(2.0), rel_tol=1e-13)
    assert point["error"] is None


def test_json_has_null_and_a_reason_where_undefined():
    out = json_eval("log(x)", "--at", "-1", "--at", "0", "--at", str(math.e))
    bad, zero, good = out["points"]
    for point in (bad, zero):
        assert point["f"] is None
        assert point["df"] is None
        assert point["d2f"] is None
        assert "log" in point["error"]
    assert good["error"] is None
    assert math.isclose(good["f"], 1.0, rel_tol=1e-15)
    assert math.isclose(good["df"], 1 / math.e, rel_tol=1e-15)
    assert math.isclose(good["d2f"], -1 / math.e**2, rel_tol=1e-15)


def test_json_keeps_f_where_only_the_derivative_is_undefined():
    (point,) = json_eval("sqrt(x)", "--at", "0")["points"]
    assert point["f"] == 0.0
    assert point["df"] is None
    assert "derivative" in point["error"]


def test_json_numbers_are_full_precision():
    (point,) = json_eval("x/3", "--at", "1")["points"]
    assert point["f"] == 1 / 3  # json.loads of the printed text gives the same double


def test_negative_numbers_and_leading_minus_are_values_not_options():
    out = json_eval("-x^2", "--at", "-2.5e3", "--at", "-.5")
    assert [p["x"] for p in out["points"]] == [-2500.0, -0.5]
    assert [p["f"] for p in out["points"]] == [-6250000.0, -0.25]
    assert [p["df"] for p in out["points"]] == [5000.0, 1.0]


def in_process(capsys, *args: str) -> tuple[int, str, str]:
    """``guiad ARGS`` through cli.main in this process (eval imports no Qt): fast."""
    from guiad.cli.main import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def eval_json(capsys, *args: str) -> list[dict]:
    code, out, err = in_process(capsys, "eval", *args, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)["points"]


@pytest.mark.parametrize(
    ("args", "f", "df"),
    [
        (("--x", "--at", "3"), 3.0, 1.0),  # -(-x), as guiad itself writes it
        (("--at", "3", "--x"), 3.0, 1.0),
        (("--sin(x)", "--at", "3"), math.sin(3), math.cos(3)),
        (("--", "-x", "--at", "3"), -3.0, -1.0),  # "--" marks EXPR, options may follow
        (("--", "--x", "--at", "3"), 3.0, 1.0),
        (("--at", "3", "--", "-x"), -3.0, -1.0),  # the usual place for "--" works too
    ],
)
def test_an_expression_may_start_with_minus_or_follow_a_double_dash(capsys, args, f, df):
    (point,) = eval_json(capsys, *args)
    assert (point["x"], point["f"], point["df"]) == (3.0, f, df)


def test_options_stay_options_beside_an_expression_starting_with_double_dash(capsys, tmp_path):
    points = eval_json(capsys, "--x", "--range", "-1", "1", "3")
    assert [(p["x"], p["f"]) for p in points] == [(-1.0, -1.0), (0.0, 0.0), (1.0, 1.0)]
    assert eval_json(capsys, "--x", "--at=-2")[0]["f"] == -2.0
    out = tmp_path / "out.csv"
    code, _, err = in_process(capsys, "eval", "--x", "--at", "1", "--csv", str(out))
    assert (code, err) == (0, "")
    assert out.read_text(encoding="utf-8").splitlines()[1] == "1.0,1.0,1.0,0.0"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--x", "--at", "1", "--jsn"), "unrecognized arguments: --jsn"),
        (("--jsn", "--at", "1"), "cannot read the expression '--jsn'"),
        (("--at", "1"), "EXPR"),
        (("--x", "--y", "--at", "1"), "unrecognized arguments: --y"),
        (("--x", "--a", "1", "--at", "1"), "unrecognized arguments: --a 1"),  # no abbreviations
    ],
)
def test_a_second_expression_or_a_bad_option_is_one_clear_error(capsys, args, words):
    code, out, err = in_process(capsys, "eval", *args)
    assert (code, out) == (2, "")
    assert words in err
    assert len(err.strip().splitlines()) == 1


# ---- the table ----------------------------------------------------------------------------


def test_table_shows_values_and_notes():
    done = guiad("eval", "exp(sin(sin(x)))", "--at", "2", "--at", "-1")
    assert done.returncode == 0
    assert "2.2013533791690376" in done.stdout
    assert "-0.562752038662712" in done.stdout
    header = next(line for line in done.stdout.splitlines() if "f′" in line)
    assert header.split() == ["x", "f", "f′", "f″"]


def test_table_notes_undefined_points():
    done = guiad("eval", "arcsin(x)", "--at", "2", "--at", "0.5")
    lines = done.stdout.splitlines()
    assert done.returncode == 0
    assert any("note" in line for line in lines)
    bad = next(line for line in lines if line.strip().startswith("2.0"))
    assert "arcsin" in bad
    assert "outside" in bad
    good = next(line for line in lines if line.strip().startswith("0.5"))
    assert repr(math.asin(0.5)) in good


# ---- --range and CSV -----------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_range_prints_csv_with_empty_cells_where_undefined():
    done = guiad("eval", "sqrt(x)", "--range", "-1", "1", "5")
    assert done.returncode == 0, done.stderr
    rows = read_csv(done.stdout)
    assert done.stdout.splitlines()[0] == "x,f,df,d2f"
    assert [float(r["x"]) for r in rows] == np.linspace(-1, 1, 5).tolist()
    assert rows[0] == {"x": "-1.0", "f": "", "df": "", "d2f": ""}
    assert rows[2] == {"x": "0.0", "f": "0.0", "df": "", "d2f": ""}
    half = rows[3]
    assert float(half["f"]) == math.sqrt(0.5)
    assert math.isclose(float(half["df"]), 0.5 / math.sqrt(0.5), rel_tol=1e-15)
    assert math.isclose(float(half["d2f"]), -0.25 * 0.5**-1.5, rel_tol=1e-15)


def test_range_to_a_csv_file(tmp_path):
    path = tmp_path / "out.csv"
    done = guiad("eval", "x*sin(x)", "--range", "0", "3", "301", "--csv", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    rows = read_csv(path.read_text(encoding="utf-8"))
    assert len(rows) == 301
    for row in rows[::37]:
        x = float(row["x"])
        assert math.isclose(float(row["df"]), math.sin(x) + x * math.cos(x), abs_tol=1e-14)
        assert math.isclose(
            float(row["d2f"]), 2 * math.cos(x) - x * math.sin(x), rel_tol=1e-13, abs_tol=1e-14
        )
    assert os.listdir(tmp_path) == ["out.csv"]  # written through a temp file, renamed


def test_csv_dash_means_stdout_and_works_with_at():
    done = guiad("eval", "x^2", "--at", "3", "--csv", "-")
    assert done.returncode == 0, done.stderr
    assert read_csv(done.stdout) == [{"x": "3.0", "f": "9.0", "df": "6.0", "d2f": "2.0"}]


def test_range_count_may_be_written_as_a_float_literal():
    done = guiad("eval", "x", "--range", "0", "1", "1e1")
    assert len(read_csv(done.stdout)) == 10


def test_range_with_json():
    out = json_eval("1/x", "--range", "-1", "1", "3")
    assert [p["f"] for p in out["points"]] == [-1.0, None, 1.0]
    assert "division by zero" in out["points"][1]["error"]


# ---- bad input: exit 2 and one line on stderr ----------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["foo(x)", "--at", "1"], "unknown function 'foo'"),
        (["sin(x", "--at", "1"], "never closed"),
        (["", "--at", "1"], "empty"),
        (["x", "--at", "abc"], "not a number"),
        (["x", "--at=--"], "not a number"),
        (["x", "--at", "inf"], "finite"),
        (["x", "--at", "nan"], "finite"),
        (["x", "--at", "1e999"], "finite"),
        (["x"], "--at"),
        (["x", "--range", "1", "0", "5"], "A < B"),
        (["x", "--range", "1", "1", "5"], "A < B"),
        (["x", "--range", "0", "1", "1"], "between 2 and"),
        (["x", "--range", "0", "1", "10000001"], "between 2 and"),
        (["x", "--range", "0", "1", "2.5"], "whole number"),
        (["x", "--range", "0", "1"], "--range"),
        (["x", "--range", "0", "b", "5"], "not a number"),
        (["x", "--at", "1", "--range", "0", "1", "3"], "not allowed with"),
        (["x", "--at", "1", "--bogus"], "unrecognized"),
        (["x", "--at", "1", "--json", "--csv", "out.csv"], "--json or --csv"),
        (["x", "--range", "0", "1", "3", "--csv", "/nonexistent/dir/out.csv"], "cannot write"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(args, words):
    done = guiad("eval", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("guiad: error: ")
    assert words in lines[0]


def test_a_directory_as_csv_path_is_refused_and_left_alone(tmp_path):
    done = guiad("eval", "x", "--range", "0", "1", "3", "--csv", str(tmp_path))
    assert done.returncode == 2
    assert "cannot write" in done.stderr
    assert os.listdir(tmp_path) == []


def test_output_cut_short_by_the_reader_is_not_an_error():
    # like `guiad eval ... | head -1`: the pipe closes while guiad is still writing
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "guiad", "eval", "sin(x)", "--range", "0", "1", "200000"]
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as proc:
        assert proc.stdout.readline() == b"x,f,df,d2f\n"
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 0
    assert "Traceback" not in stderr
    assert stderr == ""


def test_help_has_examples():
    done = guiad("eval", "--help")
    assert done.returncode == 0
    assert "examples:" in done.stdout
    assert "--range A B N" in done.stdout
    assert "sigmoid" in done.stdout  # the functions come from the op table


def test_eval_never_imports_qt():
    code = (
        "import sys; from guiad.cli.main import main; "
        "main(['eval', 'exp(sin(sin(x)))', '--at', '2']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'pyqtgraph')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("[]")


def test_render_reads_an_expression_starting_with_double_dash_not_as_x0():
    from guiad.cli.main import build_subcommand_parser

    parse = build_subcommand_parser().parse_args
    args = parse(["render", "--x", "--out", "a.png", "--x0", "-1"])
    assert (args.expr, args.out, args.x0) == ("--x", "a.png", -1.0)
