"""A graph half built on the canvas is a normal state (issue 21 item 3): every view says f is
undefined with the open port's reason and nothing crashes; wiring the port brings the
numbers back; the file saved from the window, the autosave and the command line keep it."""

from __future__ import annotations

import json
import math

from PySide6.QtCore import QPointF

from guiad.cli.main import main
from guiad.core.sketch import Sketch

from .conftest import Driver

REASON = "input 2 of × is not connected"


def build(window) -> Driver:
    window.build_mode.set_on(True)
    window.document.set_sketch(Sketch(()))
    return Driver(window.build_mode.canvas.view, None)


def half_built_x_times(window) -> tuple[Driver, int, int]:
    """x × ? on the canvas: an input and a product with its second port open."""
    drive = build(window)
    x = drive.drop("x", drive.spot(0.2, 0.5))
    mul = drive.drop("mul", drive.centre(x))
    assert window.document.sketch.node(mul).inputs == (x, None)
    return drive, x, mul


def walkthrough_titles(window) -> list[str]:
    return [item.title for item in window.walkthrough.scene.nodes]


def test_an_open_port_reaches_the_plots_walkthrough_text_and_status_with_its_reason(window):
    drive, x, mul = half_built_x_times(window)
    plots, panel = window.plots, window.walkthrough
    assert plots.wait_for_data()
    lo, hi = window.document.settings.x_min, window.document.settings.x_max
    assert plots.undefined_regions(0) == [(lo, hi, f"undefined here: {REASON}")]
    assert all(math.isnan(v) for v in plots.values_at_x0())
    assert window.expression_box.text() == "x*?"
    assert REASON in window.status_label.text()
    assert walkthrough_titles(window) == ["x", "?", "×"]
    assert drive.view.parent().message_text() == f"f is undefined: {REASON}"
    panel.go_to_end()
    assert REASON in panel.banner_text()
    # the missing wire, drawn on the canvas: x·x, its numbers everywhere
    drive.wire(x, mul, 1)
    assert plots.wait_for_data()
    assert plots.undefined_regions(0) == []
    x0 = window.document.settings.x0
    assert plots.values_at_x0() == (x0 * x0, 2 * x0, 2.0)
    assert walkthrough_titles(window) == ["x", "×"]
    assert window.expression_box.text() == "x*x"


def test_two_inputs_half_built_the_surface_says_why(window):
    drive = build(window)
    x = drive.drop("x", drive.spot(0.15, 0.3))
    y = drive.drop("x", drive.spot(0.15, 0.7))
    mul = drive.drop("mul", drive.centre(x))
    drive.wire(y, mul, 1)
    add = drive.drop("add", drive.centre(mul))  # x·y + ?
    assert window.document.graph.inputs == ("x", "y")
    surface = window.surface
    assert surface is not None
    assert surface.isVisible()
    assert REASON.replace("×", "+") in surface.readout_text()
    drive.wire(y, add, 1)  # x·y + y at the point (2, 1): 3, gradient (1, 3)
    readout = surface.readout_text()
    assert "undefined" not in readout
    assert all(f"{part} " in readout + " " for part in ("f = 3", "∂f/∂x = 1", "∂f/∂y = 3"))
    assert window.expression_box.text() == "x*y + y"


def test_a_half_built_graph_saved_and_reopened_is_on_the_canvas_as_left(
    make_window, tmp_path, capsys
):
    first = make_window()
    drive, x, mul = half_built_x_times(first)
    drive.drag(drive.centre(mul), drive.centre(mul) + QPointF(30, 40))  # placed by hand
    path = tmp_path / "half.guiad.json"
    assert first.save_to(path)
    assert json.loads(path.read_text())["version"] == 3
    second = make_window(path)
    assert second.document.sketch == first.document.sketch
    reopened = build_mode_canvas(second)
    assert sorted(reopened.scene.nodes) == sorted(first.document.sketch.ids())
    assert reopened.scene.wire_into(mul, 1) is None  # the port is still open
    for i, item in reopened.scene.nodes.items():
        assert (item.pos().x(), item.pos().y()) == first.document.sketch.node(i).pos
    # the command line reads the same file and says why
    capsys.readouterr()
    assert main(["eval", str(path), "--at", "2", "--json"]) == 0
    (point,) = json.loads(capsys.readouterr().out)["points"]
    assert (point["f"], point["error"]) == (None, REASON)


def build_mode_canvas(window) -> Driver:
    window.build_mode.set_on(True)
    return Driver(window.build_mode.canvas.view, None)


def test_the_autosave_keeps_a_half_built_canvas_across_a_crash(make_window):
    first = make_window()
    half_built_x_times(first)
    built = first.document.sketch
    second = make_window(restore=True)  # a crash: no closeEvent, the next start restores
    assert second.document.sketch == built
    assert second.is_modified()
    assert build_mode_canvas(second).scene.wire_into(built.output, 1) is None
