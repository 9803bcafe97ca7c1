"""``guiad render`` at a device pixel ratio: the requested size in logical pixels, filled and
crisp at the ratio (before, a ratio of 2 drew the window into the image's top-left quarter)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PIL import Image

from tests.cli.test_render import ROOT, guiad


def _quarters_drawn(path) -> list[int]:
    """How many colours each quarter of the image has: a blank quarter has one or two."""
    with Image.open(path) as image:
        w, h = image.size
        boxes = [
            (0, 0, w // 2, h // 2),
            (w // 2, 0, w, h // 2),
            (0, h // 2, w // 2, h),
            (w // 2, h // 2, w, h),
        ]
        return [len(image.crop(box).getcolors(maxcolors=1 << 24)) for box in boxes]


def test_scale_2_gives_twice_the_pixels_and_fills_them(tmp_path):
    done = guiad(
        "render", "x*sin(x)", "--out", "w.png", "--size", "1280x800", "--scale", "2", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    with Image.open(tmp_path / "w.png") as image:
        assert image.size == (2560, 1600)
    assert min(_quarters_drawn(tmp_path / "w.png")) > 20


def test_the_environments_scale_factor_is_honoured(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), QT_SCALE_FACTOR="2")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "guiad",
            "render",
            "x*sin(x)",
            "--out",
            "w.png",
            "--size",
            "1280x800",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    with Image.open(tmp_path / "w.png") as image:
        assert image.size == (2560, 1600)
    assert min(_quarters_drawn(tmp_path / "w.png")) > 20


@pytest.mark.parametrize("scale", ["0", "9", "nan"])
def test_a_scale_out_of_range_is_one_line(tmp_path, scale):
    done = guiad("render", "x", "--out", "w.png", "--scale", scale, cwd=tmp_path)
    assert done.returncode == 2
    assert "--scale must be between 0.5 and 4" in done.stderr
