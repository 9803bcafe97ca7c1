"""Of a function of several outputs the window shows the output picked in the walkthrough's
list everywhere: the surface (or the plots of one input) with its readout, and the expression
box, whose label says "output k of n"; the last output until one is picked. (The plots showed
the last output while the walkthrough ran the one picked: two different f on one screen.)"""

from __future__ import annotations

import guiad
from guiad.core.fileformat import Document, Settings

TWO = guiad.graph_of(lambda x, y: (x * y, guiad.sin(x) + y))  # at (2, 1): 2 and 1.9093
ONE_INPUT = guiad.graph_of(lambda x: (x * x, guiad.sin(x)))


def _open(window, graph, settings=None) -> None:
    window.document.set_document(Document(graph, settings or Settings()))


def test_the_surface_readout_and_expression_show_the_output_picked(window):
    _open(window, TWO)
    box = window.walkthrough.controls.output_box
    assert window.surface.graph() == TWO.for_output(1)
    assert window.expression_box.label.text() == "output 2 of 2: f(x, y) ="
    assert window.expression_box.text() == "sin(x) + y"
    box.setCurrentIndex(0)
    assert window.surface.graph() == TWO.for_output(0)
    assert window.walkthrough.subject.walked() == TWO.for_output(0)
    assert window.expression_box.label.text() == "output 1 of 2: f(x, y) ="
    assert window.expression_box.text() == "x*y"
    assert "f = 2 " in window.surface.readout_text() + " "  # x·y at (2, 1)
    assert window.document.graph == TWO  # the document keeps both outputs


def test_the_output_picked_stays_shown_when_the_point_moves_and_through_a_node_target(window):
    _open(window, TWO)
    box = window.walkthrough.controls.output_box
    box.setCurrentIndex(0)
    window.document.set_settings(window.document.settings.with_point(TWO.inputs, (3.0, -1.0)))
    assert window.surface.graph() == TWO.for_output(0)
    assert "f = −3" in window.surface.readout_text()
    box.target_node(3)  # the walkthrough runs for sin(x): the window still shows x·y
    assert window.surface.graph() == TWO.for_output(0)
    box.target_output()  # back to the output shown, not to the last
    assert box.target() == ("output", 0)


def test_the_plots_of_one_input_show_the_output_picked(window):
    _open(window, ONE_INPUT)
    assert window.plots.graph() == ONE_INPUT.for_output(1)
    window.walkthrough.controls.output_box.setCurrentIndex(0)
    assert window.plots.graph() == ONE_INPUT.for_output(0)
    assert window.expression_box.text() == "x*x"
    assert window.expression_box.label.text() == "output 1 of 2: f(x) ="


def test_a_function_of_one_output_says_no_output_number(window):
    _open(window, TWO.for_output(0))
    assert window.expression_box.label.text() == "f(x, y) ="
