"""Graphs built from an empty canvas by drops and wires compare with the parsed expression:
same inputs, same value and gradient at a point (the engine's, against its own parse)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from guiad.core.engine import value_and_grad
from guiad.core.expression import parse

from .conftest import LEFT, NO_MODS


def same_function(graph, text: str, **point: float) -> None:
    want = parse(text)
    assert graph.inputs == want.inputs
    got_f, got_g = value_and_grad(graph, **point)
    want_f, want_g = value_and_grad(want, **point)
    assert got_f == pytest.approx(want_f, rel=1e-12)
    if isinstance(got_g, dict):
        for name in want.inputs:
            assert got_g[name] == pytest.approx(want_g[name], rel=1e-12)
    else:
        assert got_g == pytest.approx(want_g, rel=1e-12)


def test_x_sin_x_by_drops_and_one_wire(drive, doc):
    x = drive.drop("x", drive.spot(0.15, 0.5))
    sin = drive.drop("sin", drive.centre(x))  # onto x: sin(x)
    mul = drive.drop("mul", drive.centre(sin))  # onto sin: sin(x) × _
    assert drive.sketch.problem() is not None  # an open port: not done yet
    drive.wire(x, mul, 1)
    assert drive.sketch.problem() is None
    assert drive.sketch.output == mul
    same_function(doc.graph, "x*sin(x)", x=0.7)


def test_baydins_function_from_an_empty_canvas(drive, doc):
    """log(x1) + x1*x2 - sin(x2), with the canvas's names x and y for x1 and x2."""
    x = drive.drop("x", drive.spot(0.1, 0.3))
    y = drive.drop("x", drive.spot(0.1, 0.7))  # a second input is y
    assert drive.sketch.inputs() == ("x", "y")
    log = drive.drop("log", drive.centre(x))
    mul = drive.drop("mul", drive.centre(x))  # x × _
    drive.wire(y, mul, 1)
    sin = drive.drop("sin", drive.centre(y))
    add = drive.drop("add", drive.centre(log))  # log(x) + _
    drive.wire(mul, add, 1)
    sub = drive.drop("sub", drive.centre(add))  # (…) − _
    drive.wire(sin, sub, 1)
    assert drive.sketch.problem() is None
    assert drive.sketch.output == sub
    same_function(doc.graph, "log(x) + x*y - sin(y)", x=1.5, y=0.8)


def test_a_two_layer_graph_with_a_constant_set_by_double_click(drive, doc, qtbot):
    """tanh(2x + y) · σ(x − y): two units, then their product."""
    x = drive.drop("x", drive.spot(0.08, 0.3))
    y = drive.drop("x", drive.spot(0.08, 0.75))
    c = drive.drop("const", drive.spot(0.08, 0.1))
    QTest.mouseDClick(drive.view.viewport(), LEFT, NO_MODS, drive.at(drive.centre(c)))
    box = drive.view.value_box()
    assert box is not None
    box.selectAll()
    QTest.keyClicks(box, "2")
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert drive.sketch.node(c).param == 2.0
    scaled = drive.drop("mul", drive.centre(c))
    drive.wire(x, scaled, 1)
    summed = drive.drop("add", drive.centre(scaled))
    drive.wire(y, summed, 1)
    unit1 = drive.drop("tanh", drive.centre(summed))
    diff = drive.drop("sub", drive.centre(x))
    drive.wire(y, diff, 1)
    unit2 = drive.drop("sigmoid", drive.centre(diff))
    out = drive.drop("mul", drive.centre(unit1))
    drive.wire(unit2, out, 1)
    assert drive.sketch.output == out
    same_function(doc.graph, "tanh(2*x + y) * sigmoid(x - y)", x=0.3, y=-0.4)
