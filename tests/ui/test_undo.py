"""Undo/redo: every edit is a named command; undoing all restores the exact start."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from guiad.core.document import ChainDocument
from guiad.core.expression import parse
from guiad.core.fileformat import Document, Settings
from guiad.core.graph import chain_graph
from guiad.core.ops import OPS
from guiad.ui.chain.commands import Editor
from guiad.ui.chain.model import ChainModel

CHAIN_OPS = [name for name, op in OPS.items() if op.arity == 1]
EXPRESSIONS = ["exp(sin(sin(x)))", "x*sin(x)", "log(sin(x))", "tanh(2*x + 1)", "x", "x^2 - x"]

edit = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 12), st.sampled_from(CHAIN_OPS)),
    st.tuples(st.just("remove"), st.integers(0, 12)),
    st.tuples(st.just("move"), st.integers(0, 12), st.integers(0, 12)),
    st.tuples(
        st.just("param"),
        st.integers(0, 12),
        st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
    ),
    st.tuples(st.just("expression"), st.sampled_from(EXPRESSIONS)),
    st.tuples(st.just("load"), st.sampled_from(EXPRESSIONS), st.floats(-5, 5)),
)


def apply(editor: Editor, step) -> None:
    kind = step[0]
    if kind == "insert":
        editor.insert(step[1], step[2])
    elif kind == "remove":
        editor.remove(step[1])
    elif kind == "move":
        editor.move(step[1], step[2])
    elif kind == "param":
        steps = editor.doc.steps() or ()
        if step[1] < len(steps) and steps[step[1]].param is not None:
            editor.set_param(step[1], step[2])
    elif kind == "expression":
        editor.set_graph(parse(step[1]))
    elif kind == "load":
        editor.load(Document(parse(step[1]), Settings(x0=step[2])), "Open")


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edit, max_size=25))
def test_undo_all_restores_start_and_redo_all_reaches_end(edits):
    doc = ChainDocument(chain_graph(["sin", ("scale", 2.0), "exp"]))
    stack = QUndoStack()
    editor = Editor(doc, stack)
    model = ChainModel(editor)  # the Qt model must follow every step without complaint
    start = doc.to_document()
    for e in edits:
        apply(editor, e)
    end = doc.to_document()
    while stack.canUndo():
        stack.undo()
    assert doc.to_document() == start
    assert model.rowCount() == len(doc.steps())
    while stack.canRedo():
        stack.redo()
    assert doc.to_document() == end
    rows = [model.index(r).data(Qt.ItemDataRole.UserRole + 1) for r in range(model.rowCount())]
    assert rows == [s.op for s in (doc.steps() or ())]


@pytest.mark.parametrize(
    ("action", "text"),
    [
        (lambda e: e.insert(0, "sin"), "Insert sin"),
        (lambda e: e.insert(0, "sigmoid"), "Insert σ"),
        (lambda e: e.insert(0, "scale"), "Insert a·u (a = 2)"),
        (lambda e: e.remove(2), "Delete exp"),
        (lambda e: e.move(0, 2), "Move sin right"),
        (lambda e: e.move(2, 0), "Move exp left"),
        (lambda e: e.set_param(1, 4.0), "Set a of a·u to 4"),
        (lambda e: e.set_graph(parse("x*sin(x)")), "Edit expression"),
        (lambda e: e.load(Document(parse("x")), "Open a.guiad.json"), "Open a.guiad.json"),
    ],
)
def test_undo_text_names_the_action(action, text):
    doc = ChainDocument(chain_graph(["sin", ("scale", 2.0), "exp"]))
    editor = Editor(doc, QUndoStack())
    action(editor)
    assert editor.stack.undoText() == text


def test_no_op_edits_push_nothing():
    doc = ChainDocument(chain_graph(["sin", ("scale", 2.0)]))
    editor = Editor(doc, QUndoStack())
    assert not editor.move(0, 0)
    assert not editor.remove(5)
    assert not editor.insert(0, "add")  # two inputs: not a chain op
    assert not editor.set_graph(doc.graph)
    editor.set_param(1, 2.0)
    assert editor.stack.count() == 0


def test_window_undo_redo_shortcut_texts(window, qtbot):
    window.editor.insert(0, "tanh")
    assert window.undo_action.text() == "&Undo Insert tanh"
    window.undo_action.trigger()
    assert [s.op for s in window.document.steps()] == ["sin", "sin", "exp"]
    assert window.redo_action.text() == "&Redo Insert tanh"
    keys = [k.toString() for k in window.redo_action.shortcuts()]
    assert "Ctrl+Shift+Z" in keys
    window.redo_action.trigger()
    assert window.document.steps()[0].op == "tanh"


def test_expression_edit_is_undoable_in_the_window(window, qtbot):
    box = window.expression_box
    box.edit.setText("log(sin(x))")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert window.document.graph == parse("log(sin(x))")
    window.undo_stack.undo()
    assert window.document.graph == parse("exp(sin(sin(x)))")
    assert box.text() == "exp(sin(sin(x)))"
