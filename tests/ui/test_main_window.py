"""The window as a whole: layout, wiring between views, keyboard paths, error hook."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QTextBrowser

from guiad.core.expression import parse, to_expression
from guiad.core.fileformat import SUFFIX, Document, Settings, save
from guiad.core.graph import Step, chain_graph
from guiad.core.ops import OPS
from guiad.ui.chain.model import HEADER_ROLE
from guiad.ui.plots.panel import PlotPanel
from guiad.ui.walkthrough.panel import WalkthroughPanel
from guiad.ui.window import dialogs


def ops(window) -> list[str]:
    return [s.op for s in window.document.steps()]


def test_window_opens_with_its_parts(window):
    assert window.width() == 1280
    assert window.height() == 800
    assert isinstance(window.plots, PlotPanel)
    assert isinstance(window.walkthrough, WalkthroughPanel)
    assert window.plots.isVisible()
    assert window.palette.isVisible()
    assert window.strip.isVisible()
    assert window.expression_box.isVisible()
    assert window.walkthrough.isVisible()
    assert ops(window) == ["sin", "sin", "exp"]
    assert window.expression_box.text() == "exp(sin(sin(x)))"
    assert window.windowTitle().startswith("Untitled")
    docks = {d.objectName() for d in window.findChildren(QDockWidget)}
    assert {"paletteDock", "chainDock"} <= docks


def test_document_changes_reach_plots_walkthrough_and_text(window, monkeypatch):
    seen = {"plots": [], "walk": []}
    monkeypatch.setattr(window.plots, "set_graph", seen["plots"].append)
    monkeypatch.setattr(window.walkthrough, "set_graph", seen["walk"].append)
    window.editor.insert(0, "tanh")
    expected = chain_graph(["tanh", "sin", "sin", "exp"])
    assert seen["plots"][-1] == expected
    assert seen["walk"][-1] == expected
    assert window.expression_box.text() == "exp(sin(sin(tanh(x))))"


def test_x0_from_plots_reaches_walkthrough_and_settings(window, monkeypatch):
    got = []
    monkeypatch.setattr(window.walkthrough, "set_x0", got.append)
    window.plots.x0_changed.emit(0.75)
    assert got == [0.75]
    assert window.document.settings.x0 == 0.75
    assert window.is_modified()


def test_range_from_plots_is_kept_in_settings_and_marks_modified(window):
    assert not window.is_modified()
    window.plots.range_changed.emit(-2.0, 3.0, 501)
    s = window.document.settings
    assert (s.x_min, s.x_max, s.points) == (-2.0, 3.0, 501)
    assert window.is_modified()
    assert window.isWindowModified()


def test_invalid_range_from_plots_is_refused_without_error(window):
    before = window.document.settings
    window.plots.range_changed.emit(3.0, -2.0, 501)
    assert window.document.settings == before


def test_palette_enter_appends_then_inserts_after_selection(window, qtbot):
    window.palette.select_op("tanh")
    window.palette.list.setFocus()
    qtbot.keyClick(window.palette.list, Qt.Key.Key_Return)
    assert ops(window) == ["sin", "sin", "exp", "tanh"]
    window.strip.select_row(0)
    window.palette.select_op("cos")
    qtbot.keyClick(window.palette.list, Qt.Key.Key_Return)
    assert ops(window) == ["sin", "cos", "sin", "exp", "tanh"]
    assert window.strip.selected_row() == 1


def test_filter_box_narrows_and_enter_takes_first_match(window, qtbot):
    window.palette.filter_box.setFocus()
    qtbot.keyClicks(window.palette.filter_box, "cosh")
    assert window.palette.visible_op_names() == ["cosh"]
    qtbot.keyClick(window.palette.filter_box, Qt.Key.Key_Return)
    assert ops(window)[-1] == "cosh"


def test_filter_matches_formula_and_hides_empty_groups(window):
    window.palette.set_filter("exp(")
    names = window.palette.visible_op_names()
    assert names
    assert all("exp(" in OPS[n].formula for n in names)
    proxy = window.palette.proxy
    headers = [
        proxy.index(r, 0).data()
        for r in range(proxy.rowCount())
        if proxy.index(r, 0).data(HEADER_ROLE)
    ]
    assert "Trigonometric" not in headers
    assert "Exponential & logarithmic" in headers


def test_strip_keyboard_move_and_delete(window, qtbot):
    window.strip.select_row(0)
    window.strip.setFocus()
    qtbot.keyClick(window.strip, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert ops(window) == ["sin", "sin", "exp"]  # sin and sin swap: same list
    qtbot.keyClick(window.strip, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert ops(window) == ["sin", "exp", "sin"]
    assert window.strip.selected_row() == 2
    qtbot.keyClick(window.strip, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert ops(window) == ["sin", "sin", "exp"]
    qtbot.keyClick(window.strip, Qt.Key.Key_Delete)
    assert ops(window) == ["sin", "exp"]


def test_edit_menu_actions_follow_selection(window):
    window.strip.clearSelection()
    assert not window.delete_action.isEnabled()
    window.strip.select_row(0)
    assert window.delete_action.isEnabled()
    assert not window.left_action.isEnabled()
    assert window.right_action.isEnabled()
    window.delete_action.trigger()
    assert ops(window) == ["sin", "exp"]
    assert window.undo_action.text() == "&Undo Delete sin"


def test_param_edit_through_dialog(window, monkeypatch):
    window.editor.insert(0, "scale")
    monkeypatch.setattr(dialogs, "ask_param", lambda parent, op, current: 3.5)
    window.strip.param_edit_requested.emit(0)
    assert window.document.steps()[0] == Step("scale", 3.5)
    assert "Set a of a·u to 3.5" in window.undo_action.text()


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "", "1e999"])
def test_param_dialog_refuses_invalid_numbers(qtbot, text):
    dialog = dialogs.ParamDialog(OPS["power"], 2.0)
    qtbot.addWidget(dialog)
    dialog.edit.setText(text)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    assert dialog.message.text()
    assert dialog.value() is None


def test_param_dialog_accepts_a_number(qtbot):
    dialog = dialogs.ParamDialog(OPS["power"], 2.0)
    qtbot.addWidget(dialog)
    dialog.edit.setText("−0.5")
    assert dialog.value() == -0.5
    assert dialog.message.text() == ""


def test_graph_is_accepted_and_strip_says_so(window, qtbot):
    box = window.expression_box
    box.edit.setText("x*sin(x)")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert window.document.graph == parse("x*sin(x)")
    assert window.chain_model.rowCount() == 0
    assert not window.editor.can_edit_chain()
    assert "graph" in window.status_label.text().lower()
    # palette Enter on a graph applies the op to the output
    window.insert_op("exp")
    assert to_expression(window.document.graph) == "exp(x*sin(x))"


def test_export_actions_land_in_file_menu(window):
    action = QAction("Export plot as PNG…")
    window.add_export_actions([action])
    assert action in window.export_menu.actions()
    assert window.export_menu.isEnabled()
    assert action.parent() is window


def test_examples_menu_lists_the_shipped_examples(window):
    titles = [a.text() for a in window.examples_menu.actions()]
    assert any(t.endswith("exp(sin(sin(x)))") for t in titles)
    assert any("x*sin(x)" in t and "graph" in t for t in titles)
    assert len(titles) >= 5


def test_exception_hook_shows_dialog_and_logs(qtbot, monkeypatch, caplog):
    from PySide6.QtWidgets import QMessageBox

    from guiad.ui.window.app import ExceptionHook

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    hook = ExceptionHook(lambda: None, None)
    try:
        raise ValueError("boom")
    except ValueError as err:
        hook(type(err), err, err.__traceback__)
    assert shown == ["Something went wrong: boom"]
    assert "boom" in caplog.text


def test_animation_guard_sees_a_running_animation(no_running_animations):
    from PySide6.QtCore import QVariantAnimation

    running_animations = no_running_animations
    anim = QVariantAnimation()
    anim.setStartValue(0.0)
    anim.setEndValue(1.0)
    anim.setDuration(60_000)
    anim.start()
    assert anim in running_animations()
    anim.stop()
    assert anim not in running_animations()


def test_run_app_opens_the_window_with_a_file(qtbot, monkeypatch, tmp_path):
    import sys

    from PySide6.QtWidgets import QApplication

    from guiad.core.fileformat import SUFFIX, Document, save
    from guiad.ui.window import app as app_module
    from guiad.ui.window.main_window import MainWindow

    path = tmp_path / f"c{SUFFIX}"
    save(Document(chain_graph(["cos", "tanh"])), path)
    opened = []
    monkeypatch.setattr(QApplication, "exec", lambda *a: opened.append(1) or 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(app_module, "setup_logging", lambda folder: None)
    monkeypatch.setattr("guiad.ui.window.files.app_data_folder", lambda: tmp_path / "appdata")
    before = set(QApplication.topLevelWidgets())
    assert app_module.run_app(str(path)) == 0
    assert opened == [1]
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    new = [w for w in windows if w not in before]
    assert len(new) == 1
    win = new[0]
    qtbot.addWidget(win)
    assert [s.op for s in win.document.steps()] == ["cos", "tanh"]
    assert win.isVisible()
    assert isinstance(sys.excepthook, app_module.ExceptionHook)


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_is_shown_and_window_keeps_working(window, monkeypatch):
    import sys

    from PySide6.QtWidgets import QMessageBox

    from guiad.ui.window.app import ExceptionHook

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    monkeypatch.setattr(sys, "excepthook", ExceptionHook(lambda: window, None))

    def broken(*args):
        raise RuntimeError("a bug in a slot")

    real_insert = window.editor.insert
    monkeypatch.setattr(window.editor, "insert", broken)
    window.palette.op_activated.emit("sin")
    assert shown == ["Something went wrong: a bug in a slot"]
    monkeypatch.setattr(window.editor, "insert", real_insert)
    window.palette.op_activated.emit("cos")
    assert ops(window)[-1] == "cos"


def test_the_app_has_its_icon_and_desktop_name(window):
    from PySide6.QtWidgets import QApplication

    from guiad.ui.window.app import make_app

    app = make_app()
    assert app is QApplication.instance()
    assert app.desktopFileName() == "guiad"
    assert not app.windowIcon().isNull()
    assert not app.windowIcon().pixmap(32, 32).isNull()


# ---- the status bar and the shortcuts list -------------------------------------------------


def status_text(window) -> str:
    """What the status bar shows now: a passing message, or else its labels."""
    bar = window.statusBar()
    if bar.currentMessage():
        return bar.currentMessage()
    return " ".join(label.text() for label in bar.findChildren(QLabel) if label.isVisible())


def test_status_bar_follows_the_selected_card_and_the_graph(window):
    window.strip.select_row(1)  # x → sin → [sin] → exp: the second card, sin, and sin′ = cos
    assert "= sin(" in status_text(window)
    assert "= cos(" in status_text(window)
    window.editor.set_graph(parse("x*sin(x)"))
    assert "graph, not a chain" in status_text(window)
    window.editor.set_graph(parse("tanh(exp(x))"))
    text = status_text(window)
    assert "graph" not in text
    assert "sin" not in text
    window.strip.select_row(0)
    assert "v₁ = exp(v₀)" in status_text(window)  # written as the walkthrough writes it


def test_status_bar_after_opening_a_file_describes_the_file(window, tmp_path):
    window.editor.set_graph(parse("cos(sin(x))"))
    window.strip.select_row(1)
    assert "cos" in status_text(window)
    path = tmp_path / f"other{SUFFIX}"
    save(Document(parse("exp(tanh(x))"), Settings()), path)
    assert window.open_path(path)
    text = status_text(window)
    assert "cos" not in text
    assert text  # it says something about the new chain


def test_status_bar_fills_in_the_constant(window):
    window.editor.set_graph(parse("x^3"))
    window.strip.select_row(0)
    text = status_text(window)
    assert "3" in text
    assert "ⁿ" not in text
    assert "^n" not in text


def shortcuts_dialog_text(window) -> str:
    """Help ▸ Keyboard shortcuts, read from the dialog it opens (then closed)."""
    seen: list[str] = []

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        texts = [w.text() for w in dialog.findChildren(QLabel)]
        texts += [w.toPlainText() for w in dialog.findChildren(QTextBrowser)]
        seen.append("\n".join(texts))
        dialog.reject()

    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    action = next(a for a in help_menu.actions() if a.shortcut() == QKeySequence("F1"))
    QTimer.singleShot(0, read_and_close)
    action.trigger()
    assert seen, "no dialog opened"
    return seen[0]


def test_shortcuts_list_has_every_action_shortcut(window):
    text = shortcuts_dialog_text(window)
    for keys in ("Space", "Left", "Right", "Home", "End", "Ctrl+Y", "Ctrl+Shift+Z", "F1"):
        assert keys in text, keys
    native = QKeySequence.SequenceFormat.NativeText
    actions = [a for a in window.findChildren(QAction) if a.shortcuts()]
    assert len(actions) >= 20
    for action in actions:
        for key in action.shortcuts():
            assert key.toString(native) in text, (action.text(), key.toString(native))
    for words in ("Step back", "Go to the end", "Plots only", "Redo"):
        assert words in text, words


def test_a_new_action_shows_up_in_the_shortcuts_list(window):
    extra = QAction("Frobnicate the chain", window)
    extra.setShortcut(QKeySequence("Ctrl+Alt+F"))
    window.addAction(extra)
    text = shortcuts_dialog_text(window)
    assert "Frobnicate the chain" in text
    assert "Ctrl+Alt+F" in text
