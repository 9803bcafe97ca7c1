"""File ▸ Export: each action asks for a path (dialog monkeypatched) and writes a valid file;
failures show the reason in a message box and never raise."""

from __future__ import annotations

import csv
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QSettings

from guiad.anim.timeline import Timeline
from guiad.core.engine import evaluate, trace
from guiad.core.expression import parse
from guiad.ui.window import dialogs
from guiad.ui.window.exports import EXPORTS, FOLDER_KEY, default_stem

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def answer_path(monkeypatch):
    """Make the save dialog return the given path; records (title, default, filter)."""
    asked: list[tuple[str, Path, str]] = []
    answer: list[Path | None] = [None]

    def fake(parent, title, default, filter):
        asked.append((title, Path(default), filter))
        return answer[0]

    monkeypatch.setattr(dialogs, "ask_save_path", fake)

    def set_answer(path: Path | None) -> list[tuple[str, Path, str]]:
        answer[0] = path
        return asked

    return set_answer


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs, "show_error", lambda parent, title, text, details="": shown.append((title, text))
    )
    return shown


def _action(window, key: str):
    return window.exporter.actions[key]


def test_every_export_is_in_the_file_menu(window):
    texts = [a.text() for a in window.export_menu.actions() if not a.isSeparator()]
    assert texts == [e.text for e in EXPORTS]
    assert window.export_menu.isEnabled()


def test_plot_png(window, qtbot, tmp_path, answer_path, errors):
    out = tmp_path / "plot.png"
    answer_path(out)
    _action(window, "plots.export_png").trigger()
    assert errors == []
    data = out.read_bytes()
    assert data[:8] == PNG_MAGIC
    with Image.open(out) as image:
        canvas = window.plots.canvas.size()
        # issue 15.15: 2× the on-screen size by default (it was screen resolution)
        assert image.size == (2 * canvas.width(), 2 * canvas.height())
    assert str(out) in window.statusBar().currentMessage()


def test_plot_svg_parses(window, tmp_path, answer_path, errors):
    out = tmp_path / "plot.svg"
    answer_path(out)
    _action(window, "plots.export_svg").trigger()
    assert errors == []
    root = ET.parse(out).getroot()
    assert root.tag.endswith("svg")


def test_plot_csv_columns_match_the_core(window, tmp_path, answer_path, errors):
    out = tmp_path / "data.csv"
    answer_path(out)
    _action(window, "plots.export_csv").trigger()
    assert errors == []
    with out.open(newline="") as handle:
        rows = list(csv.reader(handle))
    x_min, x_max, points = window.plots.range()
    assert len(rows) == points + 1
    header = [h.strip() for h in rows[0]]
    assert header[0] == "x"
    assert len(header) == 4
    x = np.array([float(r[0]) for r in rows[1:]])
    f = np.array([float(r[1]) for r in rows[1:]])
    reference = evaluate(parse("exp(sin(sin(x)))"), x)
    np.testing.assert_allclose(f, reference.f, rtol=1e-12)
    assert x[0] == pytest.approx(x_min)
    assert x[-1] == pytest.approx(x_max)


def test_walkthrough_gif_has_a_frame_per_step(window, qtbot, tmp_path, answer_path, errors):
    out = tmp_path / "walk.gif"
    answer_path(out)
    _action(window, "walkthrough.export_gif").trigger()
    with qtbot.waitSignal(window.exporter.job.finished, timeout=120_000):
        pass  # (written while the window works on: test_export_in_background)
    assert errors == []
    steps = len(Timeline(window.document.graph, window.walkthrough.x0()))
    with Image.open(out) as gif:
        assert gif.format == "GIF"
        assert gif.n_frames >= steps


def test_walkthrough_frame_png_and_svg(window, tmp_path, answer_path, errors):
    window.walkthrough.seek(5)
    png = tmp_path / "frame.png"
    answer_path(png)
    _action(window, "walkthrough.export_frame_png").trigger()
    with Image.open(png) as image:
        size = window.walkthrough.size()  # the panel's size, drawn at twice: crisp
        assert image.size == (2 * size.width(), 2 * size.height())
    svg = tmp_path / "frame.svg"
    answer_path(svg)
    _action(window, "walkthrough.export_frame_svg").trigger()
    assert errors == []
    text = svg.read_text(encoding="utf-8")
    ET.fromstring(text)  # parses
    assert "sin" in text  # text stays text


def test_walkthrough_table_csv(window, tmp_path, answer_path, errors):
    out = tmp_path / "table.csv"
    answer_path(out)
    _action(window, "walkthrough.export_csv").trigger()
    assert errors == []
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    graph = window.document.graph
    reference = trace(graph, window.walkthrough.x0())
    assert len(rows) == len(graph.nodes)
    assert float(rows[-1]["value"]) == pytest.approx(reference.f, rel=1e-15)
    assert float(rows[0]["adjoint"]) == pytest.approx(reference.df, rel=1e-15)


def test_python_script_prints_the_cores_f(window, tmp_path, answer_path, errors):
    window.plots.set_x0(2.0)
    out = tmp_path / "walk"  # no suffix: .py is added
    answer_path(out)
    _action(window, "walkthrough.export_python").trigger()
    assert errors == []
    script = tmp_path / "walk.py"
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=True
    )
    f = float(re.search(r"^f = (.+)$", result.stdout, re.M).group(1))
    df = float(re.search(r"^f' = (.+)$", result.stdout, re.M).group(1))
    # the seed's digits (exact to the last place), an independent reference
    assert math.isclose(f, 2.2013533791690376, rel_tol=1e-15)
    assert math.isclose(df, -0.562752038662712, rel_tol=1e-14)


def test_cancel_writes_nothing(window, tmp_path, answer_path, errors):
    answer_path(None)
    before = set(tmp_path.rglob("*"))
    _action(window, "plots.export_png").trigger()
    assert set(tmp_path.rglob("*")) == before
    assert errors == []
    assert window.storage.settings.value(FOLDER_KEY) is None


@pytest.mark.parametrize("key", ["plots.export_png", "plots.export_csv", "walkthrough.export_csv"])
def test_unwritable_path_shows_the_reason(window, tmp_path, answer_path, errors, key):
    out = tmp_path / "missing-folder" / "out.file"
    answer_path(out)
    _action(window, key).trigger()  # must not raise
    assert len(errors) == 1
    title, text = errors[0]
    assert title == "Export failed"
    assert "was not written" in text


@pytest.mark.parametrize("key", ["walkthrough.export_frame_svg", "walkthrough.export_gif"])
def test_unwritable_walkthrough_exports_show_the_reason(window, tmp_path, answer_path, errors, key):
    answer_path(tmp_path / "missing-folder" / "out")
    _action(window, key).trigger()
    assert len(errors) == 1


def test_no_walkthrough_gives_a_message_not_a_crash(window, tmp_path, answer_path, errors):
    window.walkthrough._timeline = None  # as after a graph the timeline could not be built
    answer_path(tmp_path / "t.csv")
    _action(window, "walkthrough.export_csv").trigger()
    assert len(errors) == 1
    assert "no walkthrough" in errors[0][1]


def test_default_name_and_last_folder(window, tmp_path, answer_path, errors):
    asked = answer_path(tmp_path / "first.png")
    _action(window, "plots.export_png").trigger()
    _, default, filter = asked[0]
    assert default.name == "exp-sin-sin-x-plot.png"
    assert "*.png" in filter
    assert window.storage.settings.value(FOLDER_KEY) == str(tmp_path)
    answer_path(tmp_path / "data.csv")
    _action(window, "plots.export_csv").trigger()
    _, default, _ = asked[1]
    assert default.parent == tmp_path  # the last export folder is remembered
    assert default.name == "exp-sin-sin-x-data.csv"
    assert errors == []


def test_default_stem_uses_the_file_name():
    assert default_stem(Path("/a/seed.guiad.json"), "x") == "seed"
    assert default_stem(None, "x*sin(x)") == "x-sin-x"
    assert default_stem(None, "") == "guiad"


def test_the_last_export_folder_survives_a_restart(window, tmp_path, answer_path, errors):
    """Issue 15.16 (Export side): the folder is kept in QSettings, not in the window."""
    from guiad.ui.window.exports import Exporter

    folder = tmp_path / "elsewhere"
    folder.mkdir()
    answer_path(folder / "plot.png")
    _action(window, "plots.export_png").trigger()
    assert errors == []
    window.storage.settings.sync()
    again = Exporter(
        window, QSettings(window.storage.settings.fileName(), QSettings.Format.IniFormat)
    )
    assert again.folder() == folder
