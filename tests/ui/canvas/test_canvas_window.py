"""Build mode in the window: Ctrl+B and the walkthrough's Build button show the canvas over
the walkthrough's graph; the document is the one source both ways (a canvas edit reaches the
expression box, a typed expression reaches the canvas); Play goes back to the animation."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from guiad.core.sketch import Sketch
from guiad.ui.canvas.keys import KEY_HELP
from guiad.ui.window import dialogs

from .conftest import Driver


def build(window) -> Driver:
    window.build_mode.set_on(True)
    return Driver(window.build_mode.canvas.view, None)


def test_ctrl_b_and_the_build_button_toggle_the_canvas_over_the_walkthrough(window, qtbot):
    panel = window.walkthrough
    assert panel.stack.currentWidget() is panel.splitter
    QTest.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    canvas = window.build_mode.canvas
    assert panel.stack.currentWidget() is canvas
    assert window.build_mode.button.isChecked()
    # the seed's nodes, drawn from the document's sketch
    assert len(canvas.view.canvas_scene.nodes) == len(window.document.graph.nodes)
    window.build_mode.button.click()
    assert panel.stack.currentWidget() is panel.splitter
    assert not window.build_mode.action.isChecked()


def test_a_canvas_edit_reaches_the_expression_and_a_typed_one_the_canvas(window, qtbot):
    drive = build(window)
    window.document.set_sketch(Sketch(()))
    x = drive.drop("x", drive.spot(0.2, 0.5))
    sin = drive.drop("sin", drive.centre(x))
    mul = drive.drop("mul", drive.centre(sin))
    drive.wire(x, mul, 1)
    assert window.expression_box.edit.text().replace(" ", "") in ("sin(x)*x", "x*sin(x)")
    window.expression_box.edit.setText("exp(x) + x")
    QTest.keyClick(window.expression_box.edit, Qt.Key.Key_Return)
    ops = sorted(item.node.op for item in drive.scene.nodes.values())
    assert ops == sorted(["x", "exp", "add"])
    assert drive.view.shows_all()  # the view follows a graph typed elsewhere


def test_play_goes_back_to_the_walkthrough(window):
    build(window)
    window.walkthrough.play()
    assert window.walkthrough.stack.currentWidget() is window.walkthrough.splitter
    assert not window.build_mode.is_on()
    window.walkthrough.pause()


def test_the_palette_enter_on_an_op_of_two_inputs_builds_on_the_canvas(window):
    count = len(window.document.sketch.ids())
    window.palette.select_op("add")
    window.palette.list.setFocus()
    QTest.keyClick(window.palette.list, Qt.Key.Key_Return)
    assert window.build_mode.is_on()
    assert len(window.document.sketch.ids()) == count + 1
    assert window.document.sketch.node(max(window.document.sketch.ids())).op == "add"


def test_f1_lists_the_canvas_keys_and_build_mode(window, monkeypatch):
    shown = []
    monkeypatch.setattr(dialogs, "show_shortcuts", lambda parent, groups: shown.append(groups))
    window._show_shortcuts()
    groups = dict(shown[0])
    assert groups["Build mode (on the canvas)"] == KEY_HELP
    view = [keys for keys, _ in groups["View"]]
    assert "Ctrl+B" in view


def test_build_mode_works_in_walkthrough_only(window):
    from guiad.ui.window.layout import WALKTHROUGH

    window.layout_menu.part_actions[WALKTHROUGH].trigger()
    drive = build(window)
    assert drive.view.isVisible()
    assert not window.plot_stack.isVisible()
    window.document.set_sketch(Sketch(()))
    x = drive.drop("x", drive.spot(0.3, 0.5))
    drive.drop("exp", drive.centre(x))
    assert window.expression_box.edit.text() == "exp(x)"


def test_a_typed_expression_replaces_an_unfinished_sketch_on_the_canvas(window):
    drive = build(window)
    window.document.set_sketch(Sketch(()))
    x = drive.drop("x", drive.spot(0.2, 0.5))
    drive.drop("add", drive.centre(x))  # x + ?: unfinished
    assert window.document.sketch.problem() is not None
    window.expression_box.edit.setText("cos(x)")
    QTest.keyClick(window.expression_box.edit, Qt.Key.Key_Return)
    assert sorted(item.node.op for item in drive.scene.nodes.values()) == ["cos", "x"]


def test_a_move_on_the_canvas_leaves_the_other_views_alone(window, monkeypatch):
    drive = build(window)
    window.document.set_sketch(Sketch(()))
    x = drive.drop("x", drive.spot(0.2, 0.5))
    drive.drop("sin", drive.centre(x))
    shown = []
    for view in (window.expression_box, window.walkthrough, window.plot_stack):
        name = "show_graph" if view is window.plot_stack else "set_graph"
        real = getattr(view, name)
        monkeypatch.setattr(view, name, lambda *a, real=real, **k: shown.append(1) or real(*a, **k))
    before = window.document.sketch.node(x).pos
    drive.drag(drive.centre(x), drive.centre(x) + QPointF(-20, 60))
    assert window.document.sketch.node(x).pos == (before[0] - 20, before[1] + 60)
    assert window.undo_stack.undoText().startswith("Move")
    assert shown == []  # the same graph: only the canvas redraws


def test_at_1024_building_takes_room_from_the_plots_and_the_check_lines_and_gives_it_back(
    window, qtbot
):
    window.resize(1024, 768)
    window.expression_box.edit.setText("log(x) + x*y - sin(y)")
    QTest.keyClick(window.expression_box.edit, Qt.Key.Key_Return)
    qtbot.wait(10)
    panel, stage = window.walkthrough, window.stage
    sizes = stage.sizes()
    assert panel.cost_label.isVisible()  # two inputs: the cost of the gradient
    drive = build(window)
    qtbot.wait(10)  # (the layouts take the new sizes)
    assert drive.view.viewport().height() >= 250  # ~150 px before
    assert not panel.check_label.isVisible()
    assert not panel.cost_label.isVisible()
    drive.drop("sin", drive.centre(window.document.sketch.output))  # an edit while building
    assert panel.cost_label.height() == 0
    window.build_mode.set_on(False)
    assert stage.sizes() == sizes
    assert panel.check_label.isVisible()
    assert panel.cost_label.isVisible()
    assert panel.cost_label.maximumHeight() > 1000


def test_at_1024_a_one_row_chain_leaves_the_plots_their_room_until_the_graph_grows(window, qtbot):
    window.resize(1024, 768)
    window.expression_box.edit.setText("exp(sin(cos(tanh(sin(exp(cos(sin(x))))))))")
    QTest.keyClick(window.expression_box.edit, Qt.Key.Key_Return)
    qtbot.wait(10)
    sizes = window.stage.sizes()
    drive = build(window)
    qtbot.wait(10)
    assert window.stage.sizes() == sizes  # one row of nodes: the canvas has room to spare
    node = window.document.sketch.output
    for _ in range(4):  # a column of nodes under it: now the canvas asks for more
        node = drive.drop("sin", drive.centre(node) + QPointF(0, 120))
    qtbot.wait(10)
    assert window.stage.sizes()[1] > sizes[1]
    window.build_mode.set_on(False)
    assert window.stage.sizes() == sizes


def test_a_function_of_several_outputs_says_the_canvas_keeps_one(window):
    """A Python function's tuple opened in Build: the canvas marks the last output only, and
    an edit there (even a move) makes the function that one; the line says so first."""
    import guiad
    from guiad.core.fileformat import Document

    two = guiad.graph_of(lambda x, y: (x * y, guiad.sin(x) + y))
    window.document.set_document(Document(two))
    window.build_mode.set_on(True)
    line = window.build_mode.canvas.message_text()
    assert "2 outputs" in line
    assert "the last (output 2) as f" in line  # while the expression box may show output 1
    assert "keeps only f" in line
    window.document.set_document(Document(two.for_output(0)))
    assert "outputs" not in window.build_mode.canvas.message_text()


def test_another_function_typed_is_shown_at_its_own_size_not_the_last_ones_zoom(window):
    """After the logistic loss (14 nodes, fitted at a small zoom), x*sin(x) was drawn at that
    zoom: three tiny nodes in a wide empty canvas. A function sharing no node with the one
    before is fitted again (at most full size)."""
    drive = build(window)

    def typed(text: str) -> None:
        window.expression_box.edit.setText(text)
        QTest.keyClick(window.expression_box.edit, Qt.Key.Key_Return)

    typed("softplus(-(2*w + b)) + softplus(b - w) + softplus(-(0.5*w + b)) + w*w*b*b*b")
    assert drive.view.transform().m11() < 0.9
    typed("x*sin(x)")
    assert drive.view.transform().m11() == 1.0
    assert drive.view.shows_all()
