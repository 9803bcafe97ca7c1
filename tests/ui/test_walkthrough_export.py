"""Walkthrough exports: GIF frames per step, PNG/SVG of the current frame, CSV columns."""

from __future__ import annotations

import csv
import math
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from guiad.anim.timeline import Mode, Timeline
from guiad.core.engine import trace
from guiad.core.expression import parse
from guiad.ui.walkthrough.export import CSV_COLUMNS
from guiad.ui.walkthrough.export_part import export_gif
from guiad.ui.walkthrough.panel import WalkthroughPanel

SEED = "exp(sin(sin(x)))"


@pytest.mark.parametrize("mode", [Mode.REVERSE, Mode.FORWARD])
def test_gif_has_at_least_one_frame_per_step(qtbot, tmp_path, mode):
    graph = parse("x*sin(x)")
    path = tmp_path / "walk.gif"
    written = export_gif(graph, 2.0, path, size=(600, 300), mode=mode)
    steps = len(Timeline(graph, 2.0, mode))
    with Image.open(path) as gif:
        assert gif.size == (600, 300)
        # (Pillow merges a frame identical to the one before: a token outside a small view)
        assert written >= gif.n_frames >= steps


def test_panel_exports_its_own_walkthrough_as_gif(panel, tmp_path):
    path = tmp_path / "seed.gif"
    panel.export_gif(str(path), size=(500, 250))
    with Image.open(path) as gif:
        assert gif.n_frames >= len(panel.timeline)


def test_current_frame_as_png_and_svg(panel, tmp_path):
    panel.seek(5)
    png, svg = tmp_path / "frame.png", tmp_path / "frame.svg"
    panel.export_frame_png(str(png))
    panel.export_frame_svg(str(svg))
    with Image.open(png) as image:
        assert image.size == (2400, 900)  # drawn at twice the panel's 1200×450: crisp
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    text = svg.read_text(encoding="utf-8")
    assert "0.7891" in text  # v₂'s value is on screen at step 5, as text


def test_csv_has_the_columns_and_the_trace_numbers(panel, tmp_path):
    path = tmp_path / "table.csv"
    panel.export_csv(str(path))
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == CSV_COLUMNS
        rows = list(reader)
    t = trace(parse(SEED), 2.0)
    assert len(rows) == 4
    for i, row in enumerate(rows):
        assert float(row["value"]) == float(t.values[i])
        assert float(row["adjoint"]) == float(t.adjoints[i])
        assert float(row["dot"]) == float(t.dots[i])
    assert float(rows[1]["local_partials"]) == float(t.partials[1][0])
    assert rows[0]["local_partials"] == ""


def test_csv_of_an_undefined_point_leaves_undefined_cells_empty(panel, tmp_path):
    """guiad's one CSV convention (core/csvtable): undefined is an empty cell, as in the
    plots' CSV and guiad eval --csv, never "nan"; lines end in \\n."""
    panel.set_graph(parse("exp(log(sin(x)))"))
    panel.set_x0(4.0)
    t = trace(parse("exp(log(sin(x)))"), 4.0)
    assert math.isnan(t.values[2])  # the premise: log(sin(4)) is undefined
    path = tmp_path / "undefined.csv"
    panel.export_csv(str(path))
    data = path.read_bytes()
    assert b"nan" not in data.lower()
    assert b"\r" not in data
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert float(rows[1]["value"]) == float(t.values[1])  # sin(4), defined
    assert rows[2]["value"] == ""  # log of a negative
    assert rows[3]["value"] == ""
    assert rows[0]["adjoint"] == ""


def test_panel_exports_python(panel, tmp_path):
    path = tmp_path / "walk.py"
    panel.export_python(str(path))
    assert "import math" in path.read_text(encoding="utf-8")


def test_exports_without_a_graph_say_why(qtbot, tmp_path):
    widget = WalkthroughPanel()
    qtbot.addWidget(widget)
    with pytest.raises(ValueError, match="build a chain"):
        widget.export_csv(str(tmp_path / "t.csv"))
    with pytest.raises(ValueError, match="build a chain"):
        widget.export_gif(str(tmp_path / "t.gif"))


def test_a_gif_that_fails_midway_leaves_the_old_file_whole(panel, tmp_path, monkeypatch):
    """Pillow writes to a temp file beside the target (core/atomic): a failure mid-write
    leaves the old GIF as it was and no temp file behind."""
    path = tmp_path / "walk.gif"
    path.write_bytes(b"the old gif")
    real_save = Image.Image.save

    def save_then_die(image, fp, *args, **kwargs):
        real_save(image, fp, *args, **kwargs)  # a whole GIF written, then the disk fills
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Image.Image, "save", save_then_die)
    with pytest.raises(OSError, match="No space"):
        panel.export_gif(str(path))
    assert path.read_bytes() == b"the old gif"
    assert [p.name for p in tmp_path.iterdir()] == ["walk.gif"]
