"""``guiad export``: the trace as LaTeX/Markdown files, a GIF, and one-line errors."""

from __future__ import annotations

import math

import pytest
from PIL import Image

from guiad.anim.evaltrace import evaluation_trace
from guiad.core.engine import trace
from guiad.core.expression import parse
from tests.cli.test_render import guiad


@pytest.mark.parametrize(
    ("fmt", "name"), [("latex", "t.tex"), ("latex-fragment", "f.tex"), ("markdown", "t.md")]
)
def test_each_text_format_writes_its_file(tmp_path, fmt, name):
    done = guiad("export", "x*sin(x)", "--x0", "2", "--format", fmt, "--out", name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = (tmp_path / name).read_text(encoding="utf-8")
    assert ("\\documentclass" in text) == (fmt == "latex")
    if fmt == "markdown":
        for line in evaluation_trace(trace(parse("x*sin(x)"), 2.0)):
            assert line.statement in text


def test_the_gif_has_frames(tmp_path):
    done = guiad("export", "exp(sin(sin(x)))", "--format", "gif", "--out", "w.gif", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with Image.open(tmp_path / "w.gif") as image:
        assert image.n_frames > 10


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["x", "--format", "latex", "--out", "a.md"], "--out must be a .tex file"),
        (["x", "--format", "markdown", "--out", "no/such/folder/a.md"], "does not exist"),
        (["x*sin(x)", "--format", "latex", "--step", "99", "--out", "a.tex"], "from 1 to"),
        (["sin(x", "--format", "latex", "--out", "a.tex"], "cannot read the expression"),
        (
            ["w*x + b", "--format", "markdown", "--out", "a.md", "--at", "x=1,b=2,q=3"],
            "no input 'q'",
        ),
        (["w*x + b", "--format", "markdown", "--out", "a.md", "--at", "x=1,b=2,w=nan"], "finite"),
        (["x", "--format", "pdf", "--out", "a.pdf"], "invalid choice"),
        (["x", "--format", "latex", "--x0", "nan", "--out", "a.tex"], "finite"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(tmp_path, args, says):
    done = guiad("export", *args, cwd=tmp_path)
    assert done.returncode == 2
    assert says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_file_is_one_line(tmp_path):
    (tmp_path / "t.md").mkdir()  # a folder where the file should go
    done = guiad("export", "x", "--format", "markdown", "--out", "t.md", cwd=tmp_path)
    assert done.returncode == 2
    assert "cannot write" in done.stderr


def test_the_mp4_is_the_walkthrough_at_30_frames_a_second(tmp_path):
    import imageio.v2 as imageio

    from guiad.anim.timeline import Timeline

    done = guiad(
        "export",
        "exp(sin(sin(x)))",
        "--format",
        "mp4",
        "--size",
        "640x360",
        "--out",
        "w.mp4",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    reader = imageio.get_reader(tmp_path / "w.mp4")
    try:
        meta = reader.get_meta_data()
        frames = reader.count_frames()
        first = reader.get_data(0)
    finally:
        reader.close()
    assert meta["fps"] == 30.0
    assert meta["size"] == (640, 360)
    assert first.shape == (360, 640, 3)
    steps = len(Timeline(parse("exp(sin(sin(x)))"), 2.0))
    # each step lasts 1.1 s as at 1× on screen, and the last (Done) stays 2 s
    assert frames == round(30 * 1.1) * (steps - 1) + 30 * 2


def test_size_applies_only_to_the_animations(tmp_path):
    done = guiad(
        "export", "x", "--format", "markdown", "--size", "640x360", "--out", "a.md", cwd=tmp_path
    )
    assert done.returncode == 2
    assert "--size applies to --format gif and mp4" in done.stderr


def test_a_function_of_several_inputs_is_exported_at_its_point(tmp_path):
    done = guiad(
        "export",
        "x*y + sin(x)",
        "--at",
        "x=1,y=2",
        "--format",
        "markdown",
        "--out",
        "t.md",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "t.md").read_text(encoding="utf-8")
    # closed form at (1, 2): f = 2 + sin 1, ∂f/∂x = y + cos x, ∂f/∂y = x
    assert "at (x, y) = (1, 2)" in text
    assert f"| ∂f/∂x = v̄₀ | {2 + math.cos(1):.4f} |" in text
    assert "| ∂f/∂y = v̄₁ | 1.0000 |" in text
    assert f"| f = v₄ | {2 + math.sin(1):.4f} |" in text


@pytest.mark.parametrize("format_", ["markdown", "gif"])
def test_step_is_refused_where_it_changes_nothing(tmp_path, format_):
    """Issue 22 item 5: export --format markdown --step 3 ignored --step without a word."""
    out = tmp_path / f"t.{'md' if format_ == 'markdown' else 'gif'}"
    result = guiad(
        "export", "x*sin(x)", "--format", format_, "--step", "3", "--out", str(out), cwd=tmp_path
    )
    assert result.returncode == 2
    assert "--step applies to --format latex and latex-fragment" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not out.exists()


def test_the_notation_options_reach_the_file(tmp_path):
    # Baydin et al.'s numbering and their table's three decimals (issue 23 item 8)
    args = ["log(x1) + x1*x2 - sin(x2)", "--at", "x1=2,x2=5", "--format", "markdown"]
    done = guiad(
        "export", *args, "--numbering", "griewank", "--places", "3", "--out", "b.md", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "| v₋₁ = x1 | 2.000 |" in text
    assert "- ∂y/∂x2 = v̄₀ = 1.716" in text  # x1 − cos x2 = 2 − 0.284
    done = guiad("export", *args, "--places", "9", "--out", "c.md", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "--places" in done.stderr


def test_presenter_applies_to_the_animations_only(tmp_path):
    done = guiad(
        "export", "x*sin(x)", "--format", "gif", "--presenter", "2", "--out", "w.gif", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    with Image.open(tmp_path / "w.gif") as image:
        assert image.n_frames > 5
    done = guiad(
        "export", "x", "--format", "markdown", "--presenter", "2", "--out", "a.md", cwd=tmp_path
    )
    assert done.returncode == 2
    assert "--presenter applies to --format gif and mp4" in done.stderr


def test_slide_lays_out_the_animations_for_a_slide(tmp_path):
    done = guiad("export", "x*sin(x)", "--format", "gif", "--slide", "--out", "s.gif", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    with Image.open(tmp_path / "s.gif") as image:
        assert image.size == (1280, 720)  # a slide's 16:9, not the strip's 1200x450
        assert image.n_frames > 5
    done = guiad("export", "x", "--format", "latex", "--slide", "--out", "a.tex", cwd=tmp_path)
    assert done.returncode == 2
    assert "--slide applies to --format gif and mp4" in done.stderr
