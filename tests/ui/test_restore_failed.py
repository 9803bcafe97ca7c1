"""A start whose restore of the autosave never reached the screen (the app died showing it:
a valid file once crashed the views, and the autosave brought it back at every start) is
followed by a clean start that keeps the work aside and offers it."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from guiad.core.expression import parse
from guiad.core.fileformat import load
from guiad.ui.window.main_window import MainWindow

SEED_GRAPH = parse("exp(sin(sin(x)))")


def _work(make_window):
    """A window with unsaved work in the autosave, then a 'crash' (no close)."""
    first = make_window()
    first.editor.set_graph(parse("x*sin(x)"))
    return first.document.to_document()


def _start_that_dies_before_painting(qtbot, storage) -> None:
    # what run_app does up to the first paint; finish_start (after it) never comes
    win = MainWindow(None, storage=storage, restore=True)
    qtbot.addWidget(win, before_close_func=lambda w: w.set_modified(False))
    assert win.document.graph == parse("x*sin(x)")  # it did restore, and then died


def _the_offer(win) -> QMessageBox:
    boxes = [w for w in win.findChildren(QMessageBox) if w.isVisible()]
    assert len(boxes) == 1, boxes
    return boxes[0]


def test_a_restore_that_killed_the_app_is_set_aside_and_offered(qtbot, make_window, storage):
    work = _work(make_window)
    _start_that_dies_before_painting(qtbot, storage)

    third = make_window(restore=True)
    assert third.document.graph == SEED_GRAPH  # a clean start, not the crash again
    assert not third.is_modified()
    copy = storage.recent_files()[0]
    assert copy.parent == storage.folder
    assert copy.name.startswith("not restored ")
    assert load(copy) == work  # nothing is lost
    assert not storage.autosave_path.exists() or load(storage.autosave_path) != work

    offer = _the_offer(third)
    assert str(copy) in offer.text()
    opener = next(b for b in offer.buttons() if b.text() == "Open It")
    opener.click()
    assert third.document.to_document().graph == work.graph
    assert third.file_path == copy.resolve()


def test_the_offer_can_be_declined_and_the_next_start_restores_again(qtbot, make_window, storage):
    _work(make_window)
    _start_that_dies_before_painting(qtbot, storage)
    third = make_window(restore=True)
    _the_offer(third).button(QMessageBox.StandardButton.Close).click()
    third.editor.set_graph(parse("tanh(x)"))  # new work after the clean start

    fourth = make_window(restore=True)  # the third painted: its autosave is trusted
    assert fourth.document.graph == parse("tanh(x)")
    assert not [w for w in fourth.findChildren(QMessageBox) if w.isVisible()]


def test_a_restore_that_painted_is_not_set_aside(make_window, storage):
    work = _work(make_window)
    second = make_window(restore=True)  # shown: finish_start ends the restore
    assert second.document.to_document() == work
    third = make_window(restore=True)
    assert third.document.to_document() == work
    assert not any(p.name.startswith("not restored") for p in storage.folder.iterdir())
