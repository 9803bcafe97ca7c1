"""Random edit sequences made on the canvas of a real window, as a user makes them (palette
drops on empty canvas, a node, a port or a wire; wires drawn and pulled off with the mouse;
Delete; undo). After every edit the graph is valid or explicitly incomplete, and text ⇄ canvas
round-trips: the expression box shows the graph (an open port as ``?``), the text typed back
gives the same function, and the canvas draws the document's sketch."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from guiad.core.engine import evaluate
from guiad.core.expression import parse, to_expression
from guiad.core.graph import HOLE, INPUT, Graph
from guiad.core.sketch import Sketch

from .conftest import LEFT, NO_MODS, Driver

ENTRIES = ["x", "x", "const", "sin", "exp", "square", "mul", "add", "sub", "rsub"]
KINDS = ["drop", "drop", "drop", "wire", "fill", "fill", "fill", "unwire", "delete", "undo"]

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def act(drive: Driver, stack, draw) -> None:
    """One random edit through the view (it may be refused: nothing changes then)."""
    scene, kind = drive.scene, draw(st.sampled_from(KINDS))
    ids = sorted(scene.nodes)
    pick = st.sampled_from(ids) if ids else st.nothing()
    if kind == "drop" or not ids:
        name, where = draw(st.sampled_from(ENTRIES)), draw(st.sampled_from(["empty", "node"]))
        at = drive.spot(draw(st.floats(0.05, 0.95)), draw(st.floats(0.05, 0.95)))
        if where == "node" and ids:
            at = drive.centre(draw(pick))
        drive.drop(name, at)
    elif kind == "wire":
        src, dst = draw(pick), draw(pick)
        arity = scene.nodes[dst].arity
        if arity:
            drive.wire(src, dst, draw(st.integers(0, arity - 1)))
    elif kind == "fill":  # wire an open port, as a user finishing the graph does
        sketch = drive.sketch
        open_ports = [(i, k) for i in ids for k, j in enumerate(sketch.node(i).inputs) if j is None]
        if open_ports:
            dst, port = draw(st.sampled_from(open_ports))
            drive.wire(draw(pick), dst, port)
    elif kind == "unwire" and scene.wires:
        wire = draw(st.sampled_from(scene.wires))
        start = drive.in_port(wire.dst, wire.port)
        drive.drag(start, start + QPointF(-40, 160))
    elif kind == "delete":
        QTest.mouseClick(drive.view.viewport(), LEFT, NO_MODS, drive.at(drive.centre(draw(pick))))
        QTest.keyClick(drive.view, Qt.Key.Key_Delete)
    elif kind == "undo":
        stack.undo()


def values(graph: Graph, names: tuple[str, ...]) -> tuple[np.ndarray, str | None]:
    """f at a few fixed points given by input name (inputs the graph lacks are unused), and
    the reason f is undefined everywhere, if it is."""
    rng = np.random.default_rng(1)
    points = {name: rng.uniform(0.3, 1.7, 5) for name in names}
    args = [points[n] for n in graph.inputs]
    result = evaluate(graph, args if len(args) > 1 else args[0], order=0)
    reasons = {result.reasons[code].message for code in result.failures if code >= 0}
    undefined = len(reasons) == 1 and bool(np.isnan(result.f).all())
    return result.f, (reasons.pop() if undefined else None)


def check(window, drive: Driver) -> None:
    doc = window.document
    sketch, graph = doc.sketch, doc.graph
    # valid or explicitly incomplete
    assert graph == sketch.to_graph()[0]
    holes = [n for n in graph.nodes if n.op == HOLE]
    assert bool(holes) == (sketch.problem() is not None)
    # the canvas draws the sketch
    assert sorted(drive.scene.nodes) == sorted(sketch.ids())
    drawn = sorted((w.src, w.dst, w.port) for w in drive.scene.wires)
    ports = [(i, k, j) for i in sketch.ids() for k, j in enumerate(sketch.node(i).inputs)]
    assert drawn == sorted((j, i, k) for i, k, j in ports if j is not None)
    # canvas → text: the box shows the graph, an open port as ?
    text = window.expression_box.text()
    assert text == to_expression(graph)
    assert ("?" in text) == bool(holes)
    # text → graph: the same function, undefined where the built one is. (The parser may
    # fold a constant into a one-input op, `x*2` into 2x: then the text of the typed graph
    # differs, and so does the open port's reason, "the input of …" for "input 2 of ×")
    typed = parse(text)
    assert used_inputs(typed) <= set(graph.inputs)
    names = tuple(sorted({*graph.inputs, *typed.inputs}))
    (f_typed, why_typed), (f_built, why_built) = values(typed, names), values(graph, names)
    assert (why_typed is None) == (why_built is None)
    np.testing.assert_allclose(f_typed, f_built, rtol=1e-12, equal_nan=True)
    assert to_expression(parse(to_expression(typed))) == to_expression(typed)
    if holes:
        assert why_built == sketch.problem()


def used_inputs(graph: Graph) -> set[str]:
    """The inputs the output reads (a constant expression reads none)."""
    read = {k for node in graph.nodes for k in node.inputs}
    if graph.nodes[graph.output].op == INPUT:
        read.add(graph.output)
    return {name for k, name in enumerate(graph.inputs) if k in read}


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_canvas_edits_keep_the_graph_valid_or_incomplete_and_round_trip(window, data):
    window.build_mode.set_on(True)
    drive = Driver(window.build_mode.canvas.view, None)
    stack = window.undo_stack
    window.document.set_sketch(Sketch(()))
    stack.clear()
    drive.view.fit()  # each example starts from the same view (the drops' places depend on it)
    for _ in range(data.draw(st.integers(1, 14), label="edits")):
        act(drive, stack, data.draw)
        check(window, drive)
    built = window.document.graph
    # Enter on the box's own text is no edit (even where it would parse to another graph)
    box = window.expression_box
    QTest.keyClick(box.edit, Qt.Key.Key_Return)
    assert window.document.graph == built
    check(window, drive)
    # undo all: the empty canvas it started from
    stack.setIndex(0)
    assert window.document.sketch == Sketch(())
