"""The expression box keeps the user's own text while it still describes the graph (issue 21
item 2): `(1 - x)^2` stays as typed, and is one node fewer than `(-x + 1)^2` was."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from guiad.core.expression import parse


def type_and_enter(window, text: str) -> None:
    box = window.expression_box.edit
    box.selectAll()
    QTest.keyClicks(box, text)
    QTest.keyClick(box, Qt.Key.Key_Return)


def test_typed_text_stays_as_typed(window) -> None:
    type_and_enter(window, "(1 - x)^2")
    assert window.expression_box.text() == "(1 - x)^2"
    assert window.document.graph == parse("(1 - x)^2")
    assert [n.op for n in window.document.graph.nodes] == ["x", "rsub", "power"]
    type_and_enter(window, "2 /x  + 1")
    assert window.expression_box.text() == "2 /x  + 1"


def test_an_edit_from_elsewhere_replaces_the_text(window) -> None:
    type_and_enter(window, "(1 - x)^2")
    window.insert_op("sin")  # Enter on the palette's sin: the graph changes under the text
    assert window.expression_box.text() == "sin((1 - x)^2)"
    window.editor.set_graph(parse("x*?"))
    assert window.expression_box.text() == "x*?"
