"""The palette and the expression box as widgets: filter, tooltips, keyboard, text sync."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from guiad.core.expression import parse, to_expression
from guiad.core.graph import CONST, INPUT, Graph, Step, chain_graph
from guiad.core.ops import OPS
from guiad.ui.chain.expression_box import ExpressionBox, chain_spans
from guiad.ui.chain.model import OP_ROLE, PaletteModel
from guiad.ui.chain.palette import Palette
from guiad.ui.resources import icon_text

# every op (the strip takes those of one input, the build canvas all), then an input and a
# constant for the canvas
PALETTE_OPS = list(OPS)
ENTRIES = [*PALETTE_OPS, INPUT, CONST]
CHAIN_OPS = [name for name, op in OPS.items() if op.arity == 1]


@pytest.fixture
def palette(qtbot):
    widget = Palette(PaletteModel())
    qtbot.addWidget(widget)
    widget.resize(260, 700)
    widget.show()
    return widget


def test_every_op_gets_a_distinct_icon_drawn_from_its_table_entry(palette):
    images = {}
    for row in range(palette.model.rowCount()):
        op = palette.model.op_at(row)
        if op is not None:
            icon = palette.model.index(row).data(Qt.ItemDataRole.DecorationRole)
            pixmap = icon.pixmap(26, 26)
            assert not pixmap.isNull(), op.name
            images[op.name] = pixmap.toImage()
    assert sorted(images) == sorted(PALETTE_OPS)  # cbrt and erf too, with no icon file
    # the text differs from op to op, so the tiles do too (the colour only per group)
    assert len({bytes(image.constBits()) for image in images.values()}) == len(images)


def test_an_icon_shows_the_glyph_or_the_label():
    assert icon_text(OPS["exp"]) == "eˣ"
    assert icon_text(OPS["cbrt"]) == OPS["cbrt"].label


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ENTRIES),
        ("SIN", None),
        ("σ", ["sigmoid"]),
        ("log", ["log", "log1p", "softplus"]),
        ("zzz", []),
    ],
)
def test_filter(palette, text, expected):
    palette.set_filter(text)
    visible = palette.visible_op_names()
    if expected is None:  # case-insensitive substring of name, label or formula
        assert visible
        assert all(
            "sin" in (op.name + op.label + op.formula).lower() for op in (OPS[n] for n in visible)
        )
        assert "cos" not in visible
    else:
        assert sorted(visible) == sorted(expected)


def test_enter_and_double_click_emit_the_op(palette, qtbot):
    palette.select_op("tan")
    palette.list.setFocus()
    with qtbot.waitSignal(palette.op_activated) as blocker:
        qtbot.keyClick(palette.list, Qt.Key.Key_Return)
    assert blocker.args == ["tan"]
    index = palette.list.currentIndex()
    with qtbot.waitSignal(palette.op_activated) as blocker:
        palette.list.doubleClicked.emit(index)
    assert blocker.args == ["tan"]


def test_down_from_filter_moves_into_the_list(palette, qtbot):
    palette.filter_box.setFocus()
    qtbot.keyClicks(palette.filter_box, "cos")
    qtbot.keyClick(palette.filter_box, Qt.Key.Key_Down)
    assert palette.list.currentIndex().data(OP_ROLE) == palette.visible_op_names()[0]


@pytest.mark.parametrize(("typed", "op"), [("sub", "sub"), ("div", "div"), ("pow", "pow")])
def test_enter_and_down_in_the_filter_take_the_op_named_as_typed(palette, qtbot, typed, op):
    """ "sub" lists rsub (c − u) above sub (u − v): Enter added c − u."""
    palette.filter_box.setFocus()
    qtbot.keyClicks(palette.filter_box, typed)
    assert palette.visible_op_names()[0] != op  # (listed first: another op)
    with qtbot.waitSignal(palette.op_activated) as blocker:
        qtbot.keyClick(palette.filter_box, Qt.Key.Key_Return)
    assert blocker.args == [op]
    qtbot.keyClick(palette.filter_box, Qt.Key.Key_Down)
    assert palette.list.currentIndex().data(OP_ROLE) == op


def test_escape_in_the_filter_clears_it_and_every_op_comes_back(palette, qtbot):
    palette.filter_box.setFocus()
    qtbot.keyClicks(palette.filter_box, "sub")
    qtbot.keyClick(palette.filter_box, Qt.Key.Key_Escape)
    assert palette.filter_box.text() == ""
    assert sorted(palette.visible_op_names()) == sorted(ENTRIES)


# ---- the expression box ----------------------------------------------------------------


@pytest.fixture
def box(qtbot):
    widget = ExpressionBox()
    qtbot.addWidget(widget)
    widget.show()
    widget.set_graph(parse("exp(sin(sin(x)))"))
    return widget


def test_box_shows_the_graph(box):
    graph = chain_graph(["sin", ("scale", 3.0), "tanh"])
    box.set_graph(graph)
    assert box.text() == to_expression(graph)
    assert parse(box.text()) == graph


def test_box_emits_parsed_graph_on_enter(box, qtbot):
    box.edit.setText("log(sin(x))")
    with qtbot.waitSignal(box.graph_entered) as blocker:
        qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert blocker.args == [parse("log(sin(x))")]


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("sin(x", 0),
        ("foo(x)", 1),
        ("__import__('os').system('ls')", 1),
        ("x +", 0),
        ("sin(x) % 2", "sin(x) % 2".index("%") + 1),
    ],
)
def test_box_error_inline_with_column_and_nothing_emitted(box, qtbot, text, column):
    box.edit.setText(text)
    with qtbot.assertNotEmitted(box.graph_entered):
        qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    error = box.error_text()
    assert error
    assert "column" in error
    assert "unchanged" in error
    if column:
        assert f"column {column}" in error
        assert box.edit.cursorPosition() == column - 1  # the caret is put on the problem


def test_box_error_clears_when_typing_and_escape_restores(box, qtbot):
    box.edit.setText("sin(")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert box.error_text()
    qtbot.keyClick(box.edit, Qt.Key.Key_Backspace)
    assert box.error_text() == ""
    qtbot.keyClick(box.edit, Qt.Key.Key_Escape)
    assert box.text() == "exp(sin(sin(x)))"


def test_window_inline_error_keeps_chain(window, qtbot):
    before = window.document.graph
    box = window.expression_box
    box.edit.setText("exp(sin(sin(x))")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert window.document.graph == before
    assert window.undo_stack.count() == 0
    assert box.error_text()
    assert box.text() == "exp(sin(sin(x))"  # the user's text stays for fixing


def test_window_chain_edit_rewrites_text(window):
    window.editor.move(2, 0)
    assert window.expression_box.text() == "sin(sin(exp(x)))"


PARAM_VALUES = {"scale": [2.0, -0.5], "shift": [1.0, -3.0], "power": [2.0, 3.0, -1.0, 0.5]}
step_strategy = st.one_of(
    st.sampled_from([Step(n) for n in CHAIN_OPS if OPS[n].param is None]),
    st.sampled_from([Step(n, v) for n, vs in PARAM_VALUES.items() for v in vs]),
)


@given(st.lists(step_strategy, min_size=1, max_size=8))
def test_chain_spans_cover_each_steps_own_text(steps):
    steps = tuple(steps)
    full = to_expression(Graph.from_chain(steps))
    for i, (start, length) in enumerate(chain_spans(steps)):
        own = to_expression(Graph.from_chain(steps[: i + 1]))
        assert full[start : start + length] == own


def test_selecting_a_card_selects_its_text(window):
    window.strip.select_row(1)  # the middle sin of exp(sin(sin(x)))
    assert window.expression_box.edit.selectedText() == "sin(sin(x))"
    window.strip.select_row(0)
    assert window.expression_box.edit.selectedText() == "sin(x)"
