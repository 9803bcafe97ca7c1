"""``guiad render``: a real PNG of the requested size, and clear errors for bad arguments."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from guiad.anim.timeline import MAX_ANIMATED_NODES

ROOT = Path(__file__).resolve().parents[2]


def guiad(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "guiad", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header, checking the signature and the IHDR CRC."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR"
    assert length == 13
    body = data[16 : 16 + length]
    (crc,) = struct.unpack(">I", data[16 + length : 20 + length])
    assert crc == zlib.crc32(kind + body)
    assert data.endswith(b"IEND\xaeB`\x82")
    return struct.unpack(">II", body[:8])


@pytest.mark.parametrize(
    ("expr", "size", "expected"),
    [("exp(sin(sin(x)))", None, (1280, 800)), ("x*sin(x)", "1400x900", (1400, 900))],
)
def test_render_writes_png_of_requested_size(tmp_path, expr, size, expected):
    out = tmp_path / "shot.png"
    args = [expr, "--out", str(out)] + (["--size", size] if size else [])
    result = guiad("render", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert png_size(out) == expected


def test_render_smaller_than_window_minimum_still_has_requested_size(tmp_path):
    out = tmp_path / "small.png"
    result = guiad("render", "sin(x)", "--out", str(out), "--size", "400x300", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (400, 300)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sin(", "--out", "a.png"], "cannot read the expression"),
        (["__import__('os')", "--out", "a.png"], "cannot read the expression"),
        (["x", "--out", "a.png", "--size", "big"], "--size must look like"),
        (["x", "--out", "a.png", "--size", "10x10"], "between"),
        (["x", "--out", "a.jpg"], ".png"),
        (["x", "--out", "missing/a.png"], "does not exist"),
        (["x"], "--out PNG, --walkthrough GIF, or both"),
        (["x*y", "--out", "a.png", "--x0", "3"], "f has 2 inputs (x, y): give the point as --at"),
        (["x*y", "--out", "a.png", "--at", "x=1"], "no value for y"),
        (["x*y", "--out", "a.png", "--at", "x=1,y=2", "--x0", "3"], "--x0 or --at, not both"),
        (["x", "--walkthrough", "a.png"], ".gif"),
        (["x", "--walkthrough", "missing/a.gif"], "does not exist"),
        (["x", "--walkthrough", "a.gif", "--size", "big"], "--size must look like"),
        (["x", "--walkthrough", "a.gif", "--build"], "--build draws the canvas in the PNG"),
        (["x", "--out", "a.png", "--build", "--step", "2"], "give --out, and no --step"),
    ],
)
def test_render_bad_arguments_exit_2_with_one_line(tmp_path, args, message):
    result = guiad("render", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert not list(tmp_path.glob("*.png"))
    assert not list(tmp_path.glob("*.gif"))


@pytest.mark.parametrize(
    ("expr", "x0", "mode"),
    [
        ("exp(sin(sin(x)))", "2", "reverse"),
        ("x*sin(x)", "1.5", "forward"),
        ("log(sin(x))", "4", None),
    ],
)
def test_render_walkthrough_gif_has_a_frame_per_step(tmp_path, expr, x0, mode):
    from PIL import Image

    from guiad.anim.timeline import Mode, Timeline
    from guiad.core.expression import parse

    gif = tmp_path / "walk.gif"
    args = [expr, "--x0", x0, "--walkthrough", str(gif), "--size", "600x260"]
    args += ["--mode", mode] if mode else []
    result = guiad("render", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    steps = len(Timeline(parse(expr), float(x0), Mode(mode or "reverse")))
    with Image.open(gif) as image:
        assert image.format == "GIF"
        assert image.size == (600, 260)
        assert image.n_frames >= steps
    assert not list(tmp_path.glob("*.png"))


def test_render_png_and_gif_together(tmp_path):
    from PIL import Image

    png, gif = tmp_path / "w.png", tmp_path / "w.gif"
    result = guiad("render", "sin(x)", "--out", str(png), "--walkthrough", str(gif), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert png_size(png) == (1280, 800)
    with Image.open(gif) as image:
        assert image.size == (1200, 450)
        assert image.n_frames > 1


def test_render_help_shows_examples(tmp_path):
    result = guiad("render", "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "--walkthrough" in result.stdout
    assert "examples:" in result.stdout


def test_parse_size():
    from guiad.cli.rendercmd import parse_size

    assert parse_size("1280x800") == (1280, 800)
    assert parse_size(" 300 X 200 ") == (300, 200)
    for bad in ("1280", "x800", "-1x5", "1e3x800", "99999x800"):
        with pytest.raises(ValueError, match="--size"):
            parse_size(bad)


def test_render_walkthrough_over_the_node_limit_exits_2_with_one_line(tmp_path):
    expr = "x" + "+x" * MAX_ANIMATED_NODES  # MAX_ANIMATED_NODES + 1 nodes
    result = guiad("render", expr, "--walkthrough", "w.gif", cwd=tmp_path)
    assert result.returncode == 2
    assert f"animates graphs of up to {MAX_ANIMATED_NODES} nodes" in result.stderr
    assert f"this one has {MAX_ANIMATED_NODES + 1}" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not list(tmp_path.glob("*.gif"))


def _pixels_differing(a: Path, b: Path) -> int:
    from PIL import Image, ImageChops

    with Image.open(a) as first, Image.open(b) as second:
        diff = ImageChops.difference(first.convert("RGB"), second.convert("RGB")).convert("L")
    return sum(diff.point(lambda v: 255 if v > 16 else 0).histogram()[255:])


# a few pixels may differ between two renders of the same state (a line edit's clear button
# fades in on Qt's own timer); a different walkthrough step changes thousands
SAME_STATE = 400


def test_render_step_counts_as_the_step_counter_and_end_is_done(tmp_path):
    """The seed's walkthrough has 12 steps (4 values, 4 partials… then Done): --step 12 and
    --step end are the same picture; --step 1 is the default and differs from both."""
    from guiad.anim.timeline import Phase, Timeline
    from guiad.core.expression import parse

    timeline = Timeline(parse("exp(sin(sin(x)))"), 2.0)
    assert len(timeline) == 12
    assert timeline.steps[-1].phase is Phase.DONE
    shots = {}
    for step in (None, "1", "12", "end"):
        out = tmp_path / f"step-{step}.png"
        args = ["exp(sin(sin(x)))", "--out", str(out), "--size", "1024x768"]
        result = guiad("render", *args, *(["--step", step] if step else []), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert png_size(out) == (1024, 768)
        shots[step] = out
    assert _pixels_differing(shots[None], shots["1"]) < SAME_STATE
    assert _pixels_differing(shots["12"], shots["end"]) < SAME_STATE
    assert _pixels_differing(shots["1"], shots["end"]) > 10 * SAME_STATE


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["exp(sin(sin(x)))", "--out", "a.png", "--step", "13"], "from 1 to 12"),
        (["exp(sin(sin(x)))", "--out", "a.png", "--step", "0"], "from 1 to 12"),
        (["x*sin(x)", "--out", "a.png", "--step", "abc"], "or 'end'"),
        (["sin(x)", "--out", "a.png", "--step", "-1"], "from 1 to"),
        (["sin(x)", "--walkthrough", "a.gif", "--step", "2"], "--out PNG"),
        # counted at the point asked for: log(x) + y has 12 steps at (2, 2), 5 at (−1, 1)
        (["log(x) + y", "--at", "x=-1,y=1", "--out", "a.png", "--step", "8"], "from 1 to 5"),
        (["x" + "+x" * MAX_ANIMATED_NODES, "--out", "a.png", "--step", "2"], "--step"),
    ],
)
def test_render_bad_step_exits_2_with_one_line(tmp_path, args, message):
    result = guiad("render", *args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1
    assert not list(tmp_path.glob("*.png"))


def test_render_a_function_of_several_inputs_at_its_point(tmp_path):
    done = guiad(
        "render",
        "x^2 - y^2",
        "--at",
        "x=1,y=-0.5",
        "--out",
        "s.png",
        "--size",
        "1024x768",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert png_size(tmp_path / "s.png") == (1024, 768)


def test_a_render_prints_nothing_on_stderr(tmp_path):
    """Issue 22 item 5: every render printed the offscreen plugin's propagateSizeHints
    warning, so a one-line error became two."""
    result = guiad("render", "x*sin(x)", "--out", str(tmp_path / "a.png"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize("option", ["--out", "--walkthrough"])
def test_an_unwritable_folder_is_refused_before_rendering(tmp_path, option):
    """Issue 22 item 5: render --out /proc/x.png rendered the window, then failed to save."""
    suffix = ".png" if option == "--out" else ".gif"
    result = guiad("render", "x*sin(x)", option, f"/proc/x{suffix}", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"guiad: error: {option}: cannot write in the folder '/proc'")
    assert result.stderr.count("\n") == 1


def test_render_build_shows_the_canvas_instead_of_the_animation(tmp_path):
    """--build: the same window with the walkthrough's canvas in build mode (ports, wires)."""
    shots = {}
    for build in (False, True):
        out = tmp_path / f"build-{build}.png"
        args = ["x*sin(x)", "--out", str(out), "--size", "1024x768", *(["--build"] * build)]
        result = guiad("render", *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert png_size(out) == (1024, 768)
        shots[build] = out
    assert _pixels_differing(shots[False], shots[True]) > 10 * SAME_STATE
