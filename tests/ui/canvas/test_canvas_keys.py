"""The canvas's keyboard path: a graph built without the mouse (Tab, op names, W and the
arrow keys, Enter, O), and the walkthrough's one-key shortcuts kept out of the way."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from guiad.core.engine import value_and_grad
from guiad.core.expression import parse
from guiad.ui.canvas.keys import match_entry


def test_typed_names_pick_the_exact_op_first_then_the_first_prefix():
    assert match_entry("sin") == "sin"
    assert match_entry("sinh") == "sinh"
    assert match_entry("inp") == "x"
    assert match_entry("const") == "const"
    assert match_entry("zzz") is None


def test_x_times_sin_x_by_keys_alone(drive, doc):
    view = drive.view
    view.setFocus()
    QTest.keyClicks(view, "input")
    QTest.keyClick(view, Qt.Key.Key_Return)
    (x,) = drive.sketch.ids()
    QTest.keyClicks(view, "sin")
    QTest.keyClick(view, Qt.Key.Key_Return)  # applied to the focused x
    sin = max(drive.sketch.ids())
    assert drive.sketch.node(sin).inputs == (x,)
    QTest.keyClicks(view, "mul")
    QTest.keyClick(view, Qt.Key.Key_Return)  # sin(x) × _
    mul = max(drive.sketch.ids())
    QTest.keyClick(view, Qt.Key.Key_Tab)  # focus goes left to right: from × back to x
    assert view.keys.focus == x
    QTest.keyClick(view, Qt.Key.Key_W)
    assert view.keys.aimed() == (mul, 1)  # the open port first
    QTest.keyClick(view, Qt.Key.Key_Right)
    QTest.keyClick(view, Qt.Key.Key_Left)
    QTest.keyClick(view, Qt.Key.Key_Return)
    assert drive.sketch.node(mul).inputs == (sin, x)
    want = value_and_grad(parse("x*sin(x)"), 0.9)
    assert value_and_grad(doc.graph, 0.9) == pytest.approx(want, rel=1e-12)


def test_escape_cancels_an_aimed_wire(drive):
    x = drive.drop("x", drive.spot(0.2, 0.5))
    drive.drop("add", drive.centre(x))
    drive.view.setFocus()
    drive.view.select_only(x)
    before = drive.sketch
    QTest.keyClick(drive.view, Qt.Key.Key_W)
    QTest.keyClick(drive.view, Qt.Key.Key_Escape)
    QTest.keyClick(drive.view, Qt.Key.Key_Return)
    assert drive.sketch == before


def test_arrow_keys_nudge_the_selected_nodes_one_undo_step_each(drive, stack):
    x = drive.drop("x", drive.spot(0.3, 0.5))
    sin = drive.drop("sin", drive.centre(x))
    QTest.keyClick(drive.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    before = {i: drive.sketch.node(i).pos for i in (x, sin)}
    count = stack.count()
    QTest.keyClick(drive.view, Qt.Key.Key_Right)
    QTest.keyClick(drive.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    for i in (x, sin):
        assert drive.sketch.node(i).pos == (before[i][0] + 10, before[i][1] + 50)
        assert drive.scene.nodes[i].pos().x() == before[i][0] + 10
    assert stack.count() == count + 2
    stack.undo()
    stack.undo()
    assert {i: drive.sketch.node(i).pos for i in (x, sin)} == before


def test_an_entry_applied_with_a_focus_on_a_node_gone_is_added_instead(drive):
    # the focus can outlive its node while the canvas is not redrawn (hidden, then shown by
    # the palette's Enter): Enter on a palette op raised a KeyError (monkey seed 645099)
    view = drive.view
    x = drive.drop("x", drive.spot(0.2, 0.5))
    view.keys.focus = x + 99  # a node no longer in the sketch
    added = view.apply_entry("cos")
    assert added is not None
    assert drive.sketch.node(added).op == "cos"
    assert drive.sketch.node(added).inputs == (None,)  # added on its own, not applied
    assert drive.sketch.node(x).op == "x"


def test_the_f1_list_calls_the_output_f_as_the_canvas_and_the_guide_do():
    """The canvas draws "f" by the output and the guide's table says "the output f"; the
    F1 list said "the output y"."""
    from pathlib import Path

    from guiad.ui.canvas.keys import KEY_HELP

    guide = (Path(__file__).resolve().parents[3] / "docs" / "user-guide.md").read_text()
    (does,) = [does for keys, does in KEY_HELP if keys == "O"]
    assert does.removeprefix("canvas: ") == "mark the focused node as the output f"
    assert f"| **O** | build canvas | {does.removeprefix('canvas: ')} |" in guide
