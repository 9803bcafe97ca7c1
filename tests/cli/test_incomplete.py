"""`guiad eval` and `guiad export` on a graph still being built: a saved file or text with
an open port gives f undefined with the reason, exit code 0 as for any undefined point."""

from __future__ import annotations

import json

import pytest

from guiad.cli.main import main
from guiad.core.fileformat import Document, save
from guiad.core.sketch import Sketch


@pytest.fixture
def half_built(tmp_path):
    s, x = Sketch().add_input((0, 0))
    s, _ = s.apply_to(x, "mul", (60, 0))
    path = tmp_path / "half.guiad.json"
    save(Document(s.to_graph()[0], sketch=s), path)
    return str(path)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("source", ["file", "x*?"])
def test_eval_says_why_f_is_undefined(capsys, half_built, source) -> None:
    expr = half_built if source == "file" else source
    code, out, err = run(capsys, "eval", expr, "--at", "1", "--at", "2", "--json")
    assert (code, err) == (0, "")
    points = json.loads(out)["points"]
    assert [(p["f"], p["df"], p["d2f"]) for p in points] == [(None, None, None)] * 2
    assert {p["error"] for p in points} == {"input 2 of × is not connected"}
    code, out, _ = run(capsys, "eval", expr, "--at", "1")
    assert code == 0
    assert "input 2 of × is not connected" in out


def test_eval_over_a_range_leaves_the_cells_empty(capsys, half_built) -> None:
    code, out, err = run(capsys, "eval", half_built, "--range", "0", "1", "3")
    assert (code, err) == (0, "")
    assert out.splitlines() == ["x,f,df,d2f", "0.0,,,", "0.5,,,", "1.0,,,"]


def test_export_shows_the_open_port(capsys, half_built, tmp_path) -> None:
    out_path = tmp_path / "trace.md"
    code, _, err = run(capsys, "export", half_built, "--format", "markdown", "--out", str(out_path))
    assert (code, err) == (0, "")
    text = out_path.read_text("utf-8")
    assert "| v₁ = ? |" in text
    assert "| v₀ = x | 2.0000 |" in text
    assert "input 2 of × is not connected" in text


def test_a_file_that_cannot_be_read_is_a_usage_error(capsys, tmp_path) -> None:
    bad = tmp_path / "bad.guiad.json"
    bad.write_text("{}", "utf-8")
    code, _, err = run(capsys, "eval", str(bad), "--at", "1")
    assert code == 2
    assert "cannot open" in err
    assert "not a guiad file" in err
