"""The expression box: Enter on the text as shown is not an edit.

Found by the GUI monkey test: with f = pi, Enter on "scale" in the palette gives the graph
scale(pi), shown as 2*3.141592653589793, which parses to one folded constant. Enter in the
untouched box then pushed an "Edit expression" that changed the graph behind the user's back.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt

from guiad.core.graph import Graph, Node
from guiad.ui.chain.expression_box import ExpressionBox

SCALED_PI = Graph((Node("x"), Node("const", (), math.pi), Node("scale", (1,), 2.0)))


def test_enter_on_the_shown_text_emits_nothing(qtbot):
    box = ExpressionBox()
    qtbot.addWidget(box)
    box.set_graph(SCALED_PI)
    with qtbot.assertNotEmitted(box.graph_entered):
        qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert box.error_text() == ""


def test_an_edit_of_that_text_still_applies(qtbot):
    box = ExpressionBox()
    qtbot.addWidget(box)
    box.set_graph(SCALED_PI)
    box.edit.setText(box.text().replace("2*", "3*"))
    with qtbot.waitSignal(box.graph_entered) as entered:
        qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    graph = entered.args[0]
    assert graph.nodes[-1] == Node("const", (), 3 * math.pi)


def test_the_window_keeps_its_history_on_enter(window, qtbot):
    window.editor.set_graph(SCALED_PI)
    count = window.undo_stack.count()
    qtbot.keyClick(window.expression_box.edit, Qt.Key.Key_Return)
    assert window.undo_stack.count() == count
    assert window.document.graph == SCALED_PI


# ---- several inputs -----------------------------------------------------------------------


def test_the_label_names_the_inputs(qtbot):
    from guiad.core.expression import parse

    box = ExpressionBox()
    qtbot.addWidget(box)
    box.set_graph(parse("x*y + sin(x)"))
    assert box.label.text() == "f(x, y) ="
    box.set_graph(parse("log1p(exp(-(2*w + b)))"))
    assert box.label.text() == "f(b, w) ="
    box.set_graph(parse("sin(x)"))
    assert box.label.text() == "f(x) ="


def test_the_strip_note_names_the_inputs():
    from guiad.core.expression import parse
    from guiad.ui.chain.strip import graph_note

    note = graph_note(parse("w*x*y*z"))
    assert note.startswith("This graph has 4 inputs (x, y, z, w): build it on the canvas")
    assert "inputs" not in graph_note(parse("x*sin(x)"))


def test_typing_an_expression_of_two_inputs_builds_its_graph_and_the_strip_says_so(window, qtbot):
    from guiad.core import engine
    from guiad.ui.chain.strip import graph_note

    box = window.expression_box
    box.edit.setText("x*y + sin(x)")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert box.error_text() == ""
    graph = window.document.graph
    assert graph.inputs == ("x", "y")
    f, grad = engine.value_and_grad(graph, x=1.0, y=2.0)
    assert f == 2.0 + math.sin(1.0)
    assert math.isclose(grad["x"], 2.0 + math.cos(1.0), rel_tol=1e-15)
    assert grad["y"] == 1.0
    assert window.chain_model.rowCount() == 0
    assert graph_note(graph).startswith("This graph has 2 inputs (x, y): build it on the canvas")
    assert box.label.text() == "f(x, y) ="
    window.undo_stack.undo()
    assert window.document.graph.inputs == ("x",)
    assert box.label.text() == "f(x) ="


def test_a_palette_op_wraps_a_graph_of_several_inputs(window, qtbot):
    from guiad.core.expression import parse

    window.editor.set_graph(parse("x*y"))
    window.insert_op("exp")
    assert window.document.graph == parse("exp(x*y)")
    assert window.document.graph.inputs == ("x", "y")


def test_a_ninth_input_is_refused_inline_and_the_graph_kept(window, qtbot):
    box = window.expression_box
    before = window.document.graph
    box.edit.setText("a*b*c*d*f*g*h*k*m")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert "too many inputs" in box.error_text()
    assert window.document.graph == before
