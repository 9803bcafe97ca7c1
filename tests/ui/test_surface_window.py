"""The window shows the surface view where the 1-D plots are for a graph of several inputs."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from guiad.core.expression import parse
from guiad.core.fileformat import SUFFIX, Document, Settings, save


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
