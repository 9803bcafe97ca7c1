"""The window shows the surface view where the 1-D plots are for a graph of several inputs."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from guiad.core.expression import parse
from guiad.core.fileformat import SUFFIX, Document, Settings, save
from guiad.ui.window import dialogs


def enter(window, qtbot, text: str) -> None:
    box = window.expression_box
    box.edit.setText(text)
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)


def test_two_inputs_show_the_surface_and_one_input_the_plots(window, qtbot):
    enter(window, qtbot, "x*x - y*y")
    assert window.document.graph == parse("x*x - y*y")
    assert window.plot_stack.currentWidget() is window.surface
    assert window.surface.isVisible()
    assert not window.plots.isVisible()
    grid = window.surface.grid()
    cols, rows = np.meshgrid(grid.box.xs(), grid.box.ys())
    np.testing.assert_allclose(grid.f, cols**2 - rows**2, rtol=1e-15, atol=1e-15)
    assert window.plots.graph() is None  # the 1-D plots do not evaluate it
    enter(window, qtbot, "sin(x)")
    assert window.plot_stack.currentWidget() is window.plots
    assert window.plots.isVisible()
    assert window.plots.graph() == parse("sin(x)")
    assert window.surface.graph() is None


def test_undo_brings_the_surface_back(window, qtbot):
    enter(window, qtbot, "log(x*y)")
    enter(window, qtbot, "exp(x)")
    window.undo_stack.undo()
    assert window.plot_stack.currentWidget() is window.surface
    assert window.surface.graph() == parse("log(x*y)")


def test_the_point_reaches_the_walkthrough_and_the_document(window, qtbot):
    enter(window, qtbot, "x*x - y*y")
    window.surface.set_point((0.25, -1.5))
    assert window.walkthrough.point() == (0.25, -1.5)
    assert window.document.settings.point(("x", "y")) == (0.25, -1.5)
    window.surface.set_box(-1.0, 3.0, 0.0, 2.0, 101)
    assert window.document.settings.ranges(("x", "y")) == ((-1.0, 3.0), (0.0, 2.0))


def test_a_files_ranges_and_point_are_shown(window, tmp_path):
    settings = Settings(x_min=-1.0, x_max=2.0, x0=0.5).with_view("y", min=0.0, max=4.0, at=3.0)
    path = tmp_path / f"saddle{SUFFIX}"
    save(Document(parse("x*x - y*y"), settings), path)
    assert window.open_path(path)
    assert window.surface.point() == (0.5, 3.0)
    box = window.surface.grid().box
    assert (box.x_min, box.x_max, box.y_min, box.y_max) == (-1.0, 2.0, 0.0, 4.0)
    assert window.surface.values().f == 0.25 - 9.0  # f at the file's point
    assert window.walkthrough.point() == (0.5, 3.0)


def test_file_export_writes_the_surface_view(window, qtbot, tmp_path, monkeypatch):
    enter(window, qtbot, "x*x - y*y")
    window.surface.set_box(-1.0, 1.0, 0.0, 2.0, 5)
    answer: list[Path] = []
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: answer[-1])
    monkeypatch.setattr(dialogs, "show_error", lambda *args, **kw: pytest.fail(str(args)))
    for key, name in (
        ("export_csv", "grid.csv"),
        ("export_png", "map.png"),
        ("export_svg", "map.svg"),
    ):
        answer.append(tmp_path / name)
        window.exporter.actions[f"plots.{key}"].trigger()
    with open(tmp_path / "grid.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["x", "y", "f", "df/dx", "df/dy"]
    table = np.array(rows[1:], dtype=float)
    assert table.shape == (25, 5)
    x, y = table[:, 0], table[:, 1]
    np.testing.assert_allclose(table[:, 2], x * x - y * y, rtol=1e-15, atol=1e-15)
    np.testing.assert_allclose(table[:, 3:], np.column_stack([2 * x, -2 * y]), rtol=1e-15)
    image = QImage(str(tmp_path / "map.png"))
    area = window.surface.export_area()
    assert (image.width(), image.height()) == (2 * area.width(), 2 * area.height())
    svg = ET.parse(tmp_path / "map.svg").getroot()
    assert svg.tag.endswith("svg")


def test_the_walkthrough_leaves_the_surface_room(window):
    """A 4-input example's walkthrough took all but 180 px of the stage at 1280×800: the map
    was a strip. The surface view keeps its LEAST_SIZE height (or the default half share)."""
    from guiad.ui.surface.panel import SurfacePanel
    from guiad.ui.window.layout import PLOTS_LEAST

    assert window.open_path(Path("assets/examples/09-product-4-inputs.guiad.json"))
    plots, walk = window.stage.sizes()
    assert plots >= min(SurfacePanel.LEAST_SIZE[1], (plots + walk) // 2)
    assert window.open_path(Path("assets/examples/05-long-chain.guiad.json"))
    assert window.stage.sizes()[0] >= PLOTS_LEAST
