"""Renaming an input on the canvas: double-click (or F2) opens the inline box on an input as
it does on a constant; Enter renames it as one undo step, and the document's graph, the
expression box and a saved file read the new name. A name the parser would not read back
as an input (a function, a constant, a number word, not a name) or one another input has is
refused with the reason, and nothing changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from guiad.core.fileformat import load, save
from guiad.core.graph import INPUT

from .conftest import LEFT, NO_MODS, Driver

BAYDIN_XY = "log(x) + x*y - sin(y)"


def input_id(drive: Driver, name: str) -> int:
    sketch = drive.sketch
    return next(i for i in sketch.ids() if sketch.node(i).name == name)


def rename(drive: Driver, name: str, to: str, key: bool = False):
    """Open the box on input ``name`` (double-click, or F2 on it selected) and type ``to``."""
    id = input_id(drive, name)
    if key:
        drive.view.select_only(id)
        QTest.keyClick(drive.view, Qt.Key.Key_F2)
    else:
        QTest.mouseDClick(drive.view.viewport(), LEFT, NO_MODS, drive.at(drive.centre(id)))
    box = drive.view.value_box()
    assert box is not None
    assert box.objectName() == "canvasNameBox"
    assert box.text() == name
    assert box.selectedText() == name
    QTest.keyClicks(box, to)
    QTest.keyClick(box, Qt.Key.Key_Return)
    return box


def typed(window, text: str) -> Driver:
    window.expression_box.edit.setText(text)
    QTest.keyClick(window.expression_box.edit, Qt.Key.Key_Return)
    window.build_mode.set_on(True)
    return Driver(window.build_mode.canvas.view, None)


def expression(window) -> str:
    return window.expression_box.edit.text().replace(" ", "")


def test_renaming_x_and_y_makes_baydins_function_everywhere_and_undo_gives_them_back(window):
    drive = typed(window, BAYDIN_XY)
    stack = window.undo_stack
    rename(drive, "x", "x1")
    # the box closed and gave the keys back; its Enter did not reach the canvas (which
    # would have opened a second box on the focused node)
    assert drive.view.value_box() is None
    assert drive.view.hasFocus()
    assert window.document.graph.inputs == ("y", "x1")  # guiad's order: x, y, z, then a–z
    assert expression(window) == "log(x1)+x1*y-sin(y)"
    rename(drive, "y", "x2", key=True)
    assert window.document.graph.inputs == ("x1", "x2")
    assert expression(window) == "log(x1)+x1*x2-sin(x2)"
    assert sorted(item.label for item in drive.scene.nodes.values() if item.node.op == INPUT) == [
        "x1",
        "x2",
    ]
    assert stack.undoText() == "Rename input y to x2"
    stack.undo()
    assert expression(window) == "log(x1)+x1*y-sin(y)"
    stack.undo()
    assert expression(window) == "log(x)+x*y-sin(y)"
    assert window.document.graph.inputs == ("x", "y")
    stack.redo()
    stack.redo()
    assert expression(window) == "log(x1)+x1*x2-sin(x2)"


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("sin", "'sin' is a function"),
        ("pi", "'pi' is a constant"),
        ("inf", "reads as a number"),
        ("2x", "is not a name"),
        ("y", "there is an input y already"),
    ],
)
def test_a_name_the_parser_would_not_read_as_an_input_is_refused_and_nothing_changes(
    window, name, why
):
    drive = typed(window, BAYDIN_XY)
    before, count = window.document.sketch, window.undo_stack.count()
    rename(drive, "x", name)
    assert window.document.sketch == before
    assert window.undo_stack.count() == count
    assert expression(window) == "log(x)+x*y-sin(y)"
    assert why in window.build_mode.canvas.message_text()
    assert why in drive.scene.hint.text
    assert drive.scene.hint.isVisible()


def test_a_refused_name_stays_in_the_box_to_be_fixed_and_escape_changes_nothing(window):
    drive = typed(window, BAYDIN_XY)
    box = rename(drive, "x", "2x")
    assert drive.view.value_box() is box
    assert box.text() == "2x"
    QTest.keyClicks(box, "x1")  # the refused text is selected: typing replaces it
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert drive.view.value_box() is None
    assert expression(window) == "log(x1)+x1*y-sin(y)"
    count = window.undo_stack.count()
    box = rename(drive, "y", "")  # the name selected, nothing typed: the same name
    assert drive.view.value_box() is None
    assert window.undo_stack.count() == count
    id = input_id(drive, "y")
    QTest.mouseDClick(drive.view.viewport(), LEFT, NO_MODS, drive.at(drive.centre(id)))
    QTest.keyClicks(drive.view.value_box(), "x2")
    QTest.keyClick(drive.view.value_box(), Qt.Key.Key_Escape)
    assert drive.view.value_box() is None
    assert expression(window) == "log(x1)+x1*y-sin(y)"
    assert window.undo_stack.count() == count


def test_a_saved_file_keeps_the_name_and_its_place(window, tmp_path):
    drive = typed(window, BAYDIN_XY)
    rename(drive, "x", "x1")
    rename(drive, "y", "x2")
    path = tmp_path / "baydin.guiad.json"
    save(window.document.to_document(), path)
    doc = load(path)
    assert doc.graph.inputs == ("x1", "x2")
    assert doc.sketch == window.document.sketch  # names, wires and positions
    assert "log(x1)" in path.read_text()


def test_an_input_says_how_to_rename_it_and_f1_lists_the_key(window):
    from guiad.ui.canvas.keys import KEY_HELP

    drive = typed(window, BAYDIN_XY)
    assert "rename" in drive.scene.nodes[input_id(drive, "x")].toolTip()
    assert any("F2" in keys and "rename an input" in does for keys, does in KEY_HELP)


def test_a_renamed_input_keeps_its_range_and_point_and_the_line_says_the_new_order(window):
    """x → x1 beside y makes y the first input (guiad's order): x1 keeps x's range and
    coordinate, y its own, in the document and in the surface view; the message line says
    why the order changed."""
    drive = typed(window, BAYDIN_XY)
    doc = window.document
    inputs = doc.graph.inputs
    doc.set_settings(
        doc.settings.with_ranges(inputs, {"x": (0.5, 3.0), "y": (-2.0, 6.0)}).with_point(
            inputs, (2.5, 5.0)
        )
    )
    rename(drive, "x", "x1")
    assert doc.graph.inputs == ("y", "x1")
    assert doc.settings.point(doc.graph.inputs) == (5.0, 2.5)
    assert window.surface.point() == (5.0, 2.5)
    assert doc.settings.ranges(doc.graph.inputs) == ((-2.0, 6.0), (0.5, 3.0))
    assert window.walkthrough.point() == (5.0, 2.5)
    line = window.build_mode.canvas.message_text()
    assert "x renamed x1" in line
    assert "y, x1" in line
    rename(drive, "y", "x2")  # x1 goes first again
    assert doc.settings.point(doc.graph.inputs) == (2.5, 5.0)
    assert window.surface.point() == (2.5, 5.0)


def test_a_refusals_note_by_the_node_goes_with_the_box(window):
    """The note ("there is an input y already") sits by the node and can cover its
    neighbour: it goes when the name is fixed, or the box is closed with Escape."""
    drive = typed(window, BAYDIN_XY)
    box = rename(drive, "x", "y")
    assert drive.scene.hint.isVisible()
    QTest.keyClicks(box, "x1")
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert expression(window) == "log(x1)+x1*y-sin(y)"
    assert not drive.scene.hint.isVisible()
    box = rename(drive, "y", "x1")
    assert drive.scene.hint.isVisible()
    QTest.keyClick(box, Qt.Key.Key_Escape)
    assert not drive.scene.hint.isVisible()


def test_a_long_name_is_cut_on_its_node_which_stays_clear_of_its_neighbours(window):
    """A 29-letter name drew x's node over sin beside it (ports on top of each other)."""
    from guiad.ui.canvas.items import MAX_W

    drive = typed(window, "x*y + sin(x)")
    name = "learning_rate_of_the_gradient"
    rename(drive, "x", name)
    items = drive.scene.nodes
    item = items[input_id(drive, name)]
    assert item.label == name
    assert item.width <= MAX_W
    assert item.shown.endswith("…")
    assert name in item.toolTip()
    body = item.mapRectToScene(item.body())
    for other in items.values():
        if other is not item:
            assert not body.intersects(other.mapRectToScene(other.body())), other.label


def test_the_note_on_a_rename_goes_when_build_mode_is_left(window):
    drive = typed(window, BAYDIN_XY)
    rename(drive, "x", "x1")
    canvas = window.build_mode.canvas
    assert "x renamed x1" in canvas.message_text()
    window.build_mode.set_on(False)
    window.build_mode.set_on(True)
    assert "renamed" not in canvas.message_text()
