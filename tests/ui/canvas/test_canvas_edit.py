"""Editing on the canvas: cycles refused (and said why), moves, deletes, disconnects,
replacing an op, marking the output, and undo of all of it, through real mouse events."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from .conftest import LEFT, NO_MODS


def chain_x_sin_mul(drive):
    x = drive.drop("x", drive.spot(0.15, 0.5))
    sin = drive.drop("sin", drive.centre(x))
    mul = drive.drop("mul", drive.centre(sin))
    drive.wire(x, mul, 1)
    return x, sin, mul


def test_a_wire_that_would_make_a_cycle_is_refused_and_the_port_says_why(drive, canvas):
    x, sin, mul = chain_x_sin_mul(drive)
    before = drive.sketch
    port = drive.view.viewport()
    QTest.mousePress(port, LEFT, NO_MODS, drive.at(drive.out_port(mul)))
    QTest.mouseMove(port, drive.at(drive.in_port(sin) + QPointF(20, 0)))
    QTest.mouseMove(port, drive.at(drive.in_port(sin)))
    hint = drive.scene.hint
    assert hint.isVisible()
    assert "cycle" in hint.text
    assert drive.scene.nodes[sin].marked_port == (0, False)  # red: refused
    QTest.mouseRelease(port, LEFT, NO_MODS, drive.at(drive.in_port(sin)))
    assert drive.sketch == before
    assert "cycle" in canvas.message_text()


def test_a_port_takes_one_wire_and_an_output_fans_out(drive):
    x, sin, mul = chain_x_sin_mul(drive)
    cos = drive.drop("cos", drive.spot(0.15, 0.85))
    assert drive.sketch.node(cos).inputs == (None,)
    drive.wire(cos, mul, 0)  # replaces sin's wire into port 1
    assert drive.sketch.node(mul).inputs == (cos, x)
    drive.wire(x, cos, 0)
    assert sorted(drive.sketch.consumers(x)) == sorted([(sin, 0), (mul, 1), (cos, 0)])


def test_dragging_a_wire_end_off_its_port_disconnects_it(drive, doc, canvas):
    x, sin, mul = chain_x_sin_mul(drive)
    drive.drag(drive.in_port(mul, 1), drive.in_port(mul, 1) + QPointF(-40, 120))
    assert drive.sketch.node(mul).inputs == (sin, None)
    assert "input 2 of × is not connected" in canvas.message_text()


def test_a_node_dragged_is_one_move_however_long_the_drag(drive, stack):
    x, sin, mul = chain_x_sin_mul(drive)
    count = stack.count()
    start = drive.centre(sin)
    drive.drag(start, start + QPointF(30, 90), steps=25)
    assert stack.count() == count + 1
    assert drive.sketch.node(sin).pos == (start.x() + 30, start.y() + 90)
    # the wires followed the node
    wire = drive.scene.wire_into(mul, 0)
    assert wire.path().pointAtPercent(0).toPoint() == drive.out_port(sin).toPoint()


def test_delete_key_removes_the_selection_and_opens_the_ports_it_fed(drive):
    x, sin, mul = chain_x_sin_mul(drive)
    QTest.mouseClick(drive.view.viewport(), LEFT, NO_MODS, drive.at(drive.centre(sin)))
    assert drive.scene.selected_ids() == [sin]
    QTest.keyClick(drive.view, Qt.Key.Key_Delete)
    assert sin not in drive.sketch.ids()
    assert drive.sketch.node(mul).inputs == (None, x)


def test_shift_drop_replaces_an_op_of_the_same_number_of_inputs(drive):
    x, sin, mul = chain_x_sin_mul(drive)
    drive.drop("cos", drive.centre(sin), shift=True)
    assert drive.sketch.node(sin).op == "cos"
    assert drive.sketch.node(mul).inputs == (sin, x)
    drive.drop("add", drive.centre(mul), shift=True)
    assert drive.sketch.node(mul).op == "add"


def test_an_op_dropped_on_a_wire_is_inserted_there(drive):
    x, sin, mul = chain_x_sin_mul(drive)
    wire = drive.scene.wire_into(mul, 0)
    middle = wire.path().pointAtPercent(0.5)
    exp = drive.drop("exp", middle)
    assert drive.sketch.node(exp).inputs == (sin,)
    assert drive.sketch.node(mul).inputs == (exp, x)


def test_an_input_dropped_on_a_port_feeds_it(drive):
    x = drive.drop("x", drive.spot(0.15, 0.3))
    add = drive.drop("add", drive.centre(x))
    y = drive.drop("x", drive.in_port(add, 1))
    assert drive.sketch.node(add).inputs == (x, y)


def test_the_output_is_marked_from_the_context_menu_key(drive):
    x, sin, mul = chain_x_sin_mul(drive)
    assert drive.sketch.output == mul
    QTest.mouseClick(drive.view.viewport(), LEFT, NO_MODS, drive.at(drive.centre(sin)))
    QTest.keyClick(drive.view, Qt.Key.Key_O)
    assert drive.sketch.output == sin


def test_undo_all_returns_the_starting_sketch_exactly_and_redo_all_the_built_one(drive, stack, doc):
    start = doc.sketch
    x, sin, mul = chain_x_sin_mul(drive)
    drive.drag(drive.centre(sin), drive.centre(sin) + QPointF(0, 80))
    QTest.mouseClick(drive.view.viewport(), LEFT, NO_MODS, drive.at(drive.centre(x)))
    QTest.keyClick(drive.view, Qt.Key.Key_Delete)
    built = doc.sketch
    while stack.canUndo():
        stack.undo()
    assert doc.sketch == start
    assert not drive.scene.nodes
    while stack.canRedo():
        stack.redo()
    assert doc.sketch == built
    assert sorted(drive.scene.nodes) == sorted(built.ids())


def test_tidy_lays_the_nodes_out_in_layers_as_one_edit(drive, stack, canvas):
    x, sin, mul = chain_x_sin_mul(drive)
    drive.drag(drive.centre(mul), drive.spot(0.1, 0.9))
    count = stack.count()
    canvas.tidy_action.trigger()
    assert stack.count() == count + 1
    pos = {i: drive.sketch.node(i).pos for i in (x, sin, mul)}
    assert pos[x][0] < pos[sin][0] < pos[mul][0]


def test_a_drop_at_the_edge_scrolls_to_the_node_but_never_zooms(drive):
    drive.view.scale(1.5, 1.5)  # zoomed in by the user (a fit would zoom back to 1)
    zoom = drive.view.transform().m11()
    x = drive.drop("x", drive.spot(0.5, 0.99))  # half of it would be out of view
    assert drive.view.transform().m11() == zoom
    shown = drive.view.mapToScene(drive.view.viewport().rect()).boundingRect()
    assert shown.contains(drive.scene.nodes[x].sceneBoundingRect())


def test_select_all_and_delete_empty_the_canvas_as_one_undoable_edit(drive, stack):
    chain_x_sin_mul(drive)
    count = stack.count()
    QTest.mouseClick(drive.view.viewport(), LEFT, NO_MODS, drive.at(drive.spot(0.9, 0.9)))
    QTest.keyClick(drive.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(drive.view, Qt.Key.Key_Delete)
    assert drive.sketch.ids() == ()
    assert stack.count() == count + 1
    stack.undo()
    assert len(drive.sketch.ids()) == 3


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen popup
def test_the_context_menu_of_the_empty_canvas_selects_and_deletes(drive):
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    chain_x_sin_mul(drive)
    menus = []
    empty = drive.at(drive.spot(0.9, 0.9))

    def take_menu():  # in the menu's own event loop (QMenu.exec cannot be replaced)
        menu = QApplication.activePopupWidget()
        menus.append(menu.actions())
        menu.close()

    def menu_action(text):
        reason = QContextMenuEvent.Reason.Mouse
        event = QContextMenuEvent(reason, empty, drive.view.viewport().mapToGlobal(empty))
        QTimer.singleShot(0, take_menu)
        drive.view.contextMenuEvent(event)
        (action,) = [a for a in menus[-1] if a.text().startswith(text)]
        action.trigger()

    menu_action("Select all")
    assert len(drive.scene.selected_ids()) == 3
    menu_action("Delete the selected")
    assert drive.sketch.ids() == ()


def test_the_value_box_reads_numbers_as_the_other_boxes_and_refuses_what_cannot_be_drawn(
    drive, canvas
):
    c = drive.drop("const", drive.spot(0.3, 0.5))

    def type_value(text):
        QTest.mouseDClick(drive.view.viewport(), LEFT, NO_MODS, drive.at(drive.centre(c)))
        box = drive.view.value_box()
        box.selectAll()
        QTest.keyClicks(box, text)
        QTest.keyClick(box, Qt.Key.Key_Return)

    type_value("pi/2")
    assert drive.sketch.node(c).param == pytest.approx(1.5707963267948966, rel=1e-15)
    assert drive.view.value_box() is None  # its Enter opened no second box on the canvas
    type_value("1e300")  # finite, but no plot can draw it
    assert drive.sketch.node(c).param == pytest.approx(1.5707963267948966, rel=1e-15)
    assert "must be between" in canvas.message_text()
    assert drive.view.value_box().text() == "1e300"  # left to be fixed


def test_tidy_moves_the_drawn_items_and_keeps_the_selection(drive, canvas):
    x, sin, mul = chain_x_sin_mul(drive)
    drive.drag(drive.centre(sin), drive.centre(sin) + QPointF(0, 200))  # out of line
    QTest.mouseClick(drive.view.viewport(), LEFT, NO_MODS, drive.at(drive.centre(x)))
    items = dict(drive.scene.nodes)
    canvas.tidy_action.trigger()
    assert drive.scene.nodes == items  # the same items, moved
    assert drive.scene.selected_ids() == [x]
    for i, item in drive.scene.nodes.items():
        assert (item.pos().x(), item.pos().y()) == pytest.approx(drive.sketch.node(i).pos)
    for wire in drive.scene.wires:  # each wire runs from its output port to its input port
        path = wire.path()
        assert path.pointAtPercent(0) == drive.out_port(wire.src)
        assert path.pointAtPercent(1) == drive.in_port(wire.dst, wire.port)
