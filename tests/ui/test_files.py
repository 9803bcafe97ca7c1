"""Files in the window: round trip, bad files refused, autosave, the unsaved-changes prompt."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from guiad.core.expression import parse
from guiad.core.fileformat import SUFFIX, Document, Settings, dumps, load, save
from guiad.core.graph import chain_graph
from guiad.ui.window import dialogs
from guiad.ui.window.files import Storage, with_suffix


@pytest.fixture
def errors(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(
        dialogs, "show_error", lambda parent, title, text, details="": shown.append(text)
    )
    return shown


def test_save_and_open_round_trip(window, make_window, tmp_path, storage):
    window.editor.insert(1, "power")
    window.plots.range_changed.emit(-3.0, 5.0, 777)
    path = tmp_path / "mine"
    assert window.save_to(path)
    saved = tmp_path / f"mine{SUFFIX}"
    assert saved.is_file()
    assert not window.is_modified()
    assert window.windowTitle() == f"mine{SUFFIX}[*] — guiad"
    assert not window.isWindowModified()
    doc = load(saved)
    assert doc.graph == window.document.graph
    assert doc.settings == Settings(-3.0, 5.0, 777, 2.0)
    other = make_window(saved, storage_=Storage(tmp_path / "other"))
    assert other.document.to_document() == window.document.to_document()
    assert other.file_path == saved.resolve()
    assert not other.is_modified()
    assert other.undo_stack.count() == 0


def test_title_shows_modified_mark(window):
    assert not window.isWindowModified()
    window.editor.remove(0)
    assert window.isWindowModified()
    window.undo_stack.undo()
    assert not window.isWindowModified()


def bad_files():
    big = b'{"format": "guiad", "version": 1, "expression": "' + b"x" * 5_000_000 + b'"}'
    return {
        "not json": b"{oops",
        "wrong schema": json.dumps({"format": "guiad", "version": 1, "nodes": 3}).encode(),
        "not guiad": json.dumps({"hello": "world"}).encode(),
        "unknown op": json.dumps(
            {"format": "guiad", "version": 1, "nodes": [{"op": "x"}, {"op": "boom", "inputs": [0]}]}
        ).encode(),
        "python code": json.dumps(
            {
                "format": "guiad",
                "version": 1,
                "expression": "__import__('os').system('touch PWNED')",
            }
        ).encode(),
        "binary": bytes(range(256)) * 4,
        "huge": big,
        "future version": json.dumps(
            {"format": "guiad", "version": 99, "expression": "x"}
        ).encode(),
        "empty": b"",
    }


@pytest.mark.parametrize("kind", list(bad_files()))
def test_malformed_file_is_refused_and_chain_kept(window, tmp_path, errors, kind):
    path = tmp_path / f"bad{SUFFIX}"
    path.write_bytes(bad_files()[kind])
    window.editor.insert(0, "tanh")
    before = window.document.to_document()
    count = window.undo_stack.count()
    assert not window.open_path(path)
    assert window.document.to_document() == before
    assert window.undo_stack.count() == count
    assert len(errors) == 1
    assert "bad" in errors[0]
    assert "unchanged" in errors[0]
    assert not (tmp_path / "PWNED").exists()
    assert window.file_path is None


def test_missing_file_is_refused(window, tmp_path, errors):
    assert not window.open_path(tmp_path / "nowhere.guiad.json")
    assert "cannot read" in errors[0]


def test_autosave_restored_after_a_crash(make_window, storage, tmp_path):
    first = make_window()
    first.editor.insert(0, "sqrt")
    first.editor.set_graph(parse("x*sin(x)"))
    first.plots.range_changed.emit(-1.0, 1.0, 11)
    state = first.document.to_document()
    # a crash: no closeEvent, no prompt; a new window starts from the same folder
    second = make_window(restore=True)
    assert second.document.to_document() == state
    assert second.is_modified()
    assert "Restored" in second.statusBar().currentMessage()


def test_an_edit_of_a_saved_file_is_restored_as_unsaved_after_a_crash(make_window, tmp_path):
    # the autosave ran inside the undo command, before the stack counted the edit: it
    # recorded "not modified", and the restored window would have closed without asking
    path = tmp_path / "seed.guiad.json"
    first = make_window()
    assert first.save_to(path)
    first.editor.set_graph(parse("tanh(x)*x"))
    assert first.is_modified()
    second = make_window(restore=True)  # a crash: no closeEvent
    assert second.document.graph == parse("tanh(x)*x")
    assert second.is_modified()
    assert "Restored" in second.statusBar().currentMessage()


def test_the_restore_message_is_not_drawn_over_the_status_line(make_window):
    # the message was shown before the window: the status line under it stayed visible and
    # both were drawn on top of each other (seen under Xvfb after a restore)
    first = make_window()
    first.editor.insert(0, "sqrt")
    first.editor.set_graph(parse("x*sin(x)"))
    first.plots.range_changed.emit(-1.0, 1.0, 11)
    second = make_window(restore=True)
    assert "Restored" in second.statusBar().currentMessage()
    assert not second.status_label.isVisible()


def _type_expression(qtbot, window, text: str) -> None:
    box = window.expression_box.edit
    box.selectAll()
    qtbot.keyClicks(box, text)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_untitled_work_stays_unsaved_through_two_crashes(qtbot, make_window, answer_save_prompt):
    # the restore rewrote the autosave as "not modified" (the document was set before the
    # window knew it was restored work): a second crash brought it back clean, and closing
    # that window lost the work without asking
    first = make_window()
    _type_expression(qtbot, first, "x*sin(x)")
    assert first.isWindowModified()
    second = make_window(restore=True)  # a crash: no closeEvent
    assert second.document.graph == parse("x*sin(x)")
    assert second.isWindowModified()
    third = make_window(restore=True)  # crashed again before any edit
    assert third.document.graph == parse("x*sin(x)")
    assert third.isWindowModified()
    assert third.windowTitle() == "Untitled[*] — guiad"
    calls = answer_save_prompt(dialogs.CANCEL)
    third.close()
    assert calls == ["Untitled"]
    assert third.isVisible()


def test_an_edit_of_a_saved_file_keeps_its_file_and_mark_through_two_crashes(make_window, tmp_path):
    # the restore rewrote the autosave before it had set the file and the mark: after a
    # second crash the edit came back as a clean untitled document
    path = tmp_path / f"kept{SUFFIX}"
    first = make_window()
    assert first.save_to(path)
    first.editor.set_graph(parse("tanh(x)*x"))
    make_window(restore=True)  # a crash
    third = make_window(restore=True)  # crashed again before any edit
    assert third.document.graph == parse("tanh(x)*x")
    assert third.file_path == path.resolve()
    assert third.isWindowModified()


def test_an_example_left_open_comes_back_as_it_was_not_as_unsaved_work(make_window, storage):
    # a clean close keeps the autosave (the next start opens where the user left off); an
    # example opened and not edited has nothing to save
    first = make_window()
    example = next(a for a in first.examples_menu.actions() if "x*sin(x)" in a.text())
    example.trigger()
    assert not first.isWindowModified()
    first.close()
    second = make_window(restore=True)
    assert second.document.graph == parse("x*sin(x)")
    assert not second.isWindowModified()
    assert "Restored your unsaved work" not in second.statusBar().currentMessage()


def test_the_untouched_start_document_comes_back_as_saved(make_window):
    # an edit undone, then a crash: nothing to save, so closing must not ask
    first = make_window()
    first.editor.insert(0, "sqrt")
    first.undo_stack.undo()
    assert not first.isWindowModified()
    second = make_window(restore=True)
    assert second.document.graph == parse("exp(sin(sin(x)))")
    assert not second.isWindowModified()


def test_view_settings_alone_are_restored_as_unsaved(make_window, tmp_path):
    first = make_window()
    first.save_to(tmp_path / "kept")
    first.plots.range_changed.emit(-1.0, 1.0, 11)
    second = make_window(restore=True)
    assert second.document.settings == first.document.settings
    assert second.is_modified()
    assert second.file_path == (tmp_path / f"kept{SUFFIX}").resolve()


def test_saved_state_is_restored_as_saved(make_window, tmp_path):
    first = make_window()
    first.editor.insert(0, "sqrt")
    first.save_to(tmp_path / "kept")
    second = make_window(restore=True)
    assert second.document.graph == first.document.graph
    assert not second.is_modified()
    assert second.windowTitle().startswith(f"kept{SUFFIX}")


def test_missing_recent_file_is_reported_and_dropped(window, tmp_path, storage, errors):
    gone = tmp_path / f"gone{SUFFIX}"
    storage.add_recent(gone)
    window.open_recent(gone.resolve())
    assert errors
    assert gone.resolve() not in storage.recent_files()


def test_autosave_ignores_a_corrupt_autosave(make_window, storage):
    storage.folder.mkdir(parents=True, exist_ok=True)
    storage.autosave_path.write_bytes(b"\x00garbage")
    win = make_window(restore=True)
    assert win.document.graph == parse("exp(sin(sin(x)))")


def test_discarding_on_close_removes_the_autosave(make_window, storage, answer_save_prompt):
    win = make_window()
    win.editor.insert(0, "sqrt")
    assert storage.autosave_path.is_file()
    calls = answer_save_prompt(dialogs.DISCARD)
    win.close()
    assert calls == ["Untitled"]
    assert not storage.autosave_path.exists()


def test_cancel_on_close_keeps_the_window(window, answer_save_prompt):
    window.editor.insert(0, "sqrt")
    calls = answer_save_prompt(dialogs.CANCEL)
    window.close()
    assert calls == ["Untitled"]
    assert window.isVisible()


def test_save_on_close_saves(window, answer_save_prompt, monkeypatch, tmp_path):
    target = tmp_path / "closing"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.editor.insert(0, "sqrt")
    answer_save_prompt(dialogs.SAVE)
    window.close()
    assert not window.isVisible()
    assert load(with_suffix(target)).graph == window.document.graph


def test_new_asks_and_cancel_keeps_everything(window, answer_save_prompt):
    window.editor.insert(0, "sqrt")
    before = window.document.to_document()
    calls = answer_save_prompt(dialogs.CANCEL)
    window.new_file()
    assert calls == ["Untitled"]
    assert window.document.to_document() == before


def test_new_after_discard_is_empty_and_undoable(window, answer_save_prompt):
    window.editor.insert(0, "sqrt")
    answer_save_prompt(dialogs.DISCARD)
    window.new_file()
    assert window.document.steps() == ()
    assert not window.is_modified()
    window.undo_stack.undo()
    assert window.document.steps()[0].op == "sqrt"


def test_open_asks_first_and_no_prompt_when_clean(
    window, answer_save_prompt, monkeypatch, tmp_path
):
    path = tmp_path / f"a{SUFFIX}"
    path.write_text(dumps(Document(chain_graph(["cos"]))))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    calls = answer_save_prompt(dialogs.CANCEL)
    window.open_file()  # clean: no prompt
    assert calls == []
    assert window.document.graph == chain_graph(["cos"])
    window.editor.insert(0, "sqrt")
    window.open_file()
    assert calls == [f"a{SUFFIX}"]
    assert window.document.steps()[0].op == "sqrt"


def test_undoing_an_open_brings_back_the_old_file(window, tmp_path):
    first, second = tmp_path / f"a{SUFFIX}", tmp_path / f"b{SUFFIX}"
    window.save_to(first)
    second.write_text(dumps(Document(chain_graph(["cos"]))))
    assert window.open_path(second)
    assert window.file_path == second.resolve()
    window.undo_stack.undo()
    assert window.file_path == first.resolve()
    assert window.windowTitle().startswith(f"a{SUFFIX}")
    assert window.document.graph == load(first).graph
    window.save()  # writes the first file, never the second
    assert load(second).graph == chain_graph(["cos"])
    window.undo_stack.redo()
    assert window.file_path == second.resolve()


def test_recent_files_and_examples(window, tmp_path, storage):
    path = tmp_path / f"r{SUFFIX}"
    window.save_to(path)
    assert storage.recent_files()[0] == path.resolve()
    window.recent_menu.aboutToShow.emit()
    assert any(a.text() == path.name for a in window.recent_menu.actions())
    example = next(a for a in window.examples_menu.actions() if "x*sin(x)" in a.text())
    example.trigger()
    assert window.document.graph == parse("x*sin(x)")
    assert window.file_path is None
    assert not window.is_modified()


def test_save_error_is_reported_not_raised(window, tmp_path, errors):
    window.editor.insert(0, "sqrt")
    assert not window.save_to(tmp_path / "no-such-dir" / "x")
    assert len(errors) == 1
    assert window.file_path is None
    assert window.is_modified()


def test_geometry_is_remembered(make_window, storage, qtbot):
    from guiad.ui.window.main_window import MainWindow

    win = make_window()
    win.resize(720, 520)  # the offscreen screen is 800×600; the height is what we check
    win.close()
    again = MainWindow(storage=storage, restore=False)
    qtbot.addWidget(again)
    assert again.height() == 520  # not the 800 default: it came from QSettings


def test_a_file_dropped_on_the_window_opens(window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    path = tmp_path / f"dropped{SUFFIX}"
    path.write_text(dumps(Document(chain_graph(["relu"]))))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(600, 400),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.document.graph == chain_graph(["relu"])
    assert window.file_path == path.resolve()


def test_stale_autosave_temp_files_from_a_kill_are_removed_on_start(tmp_path):
    storage = Storage(tmp_path)
    stale = [tmp_path / ".autosave.guiad.json.abc123.tmp", tmp_path / ".autosave-state.json.x.tmp"]
    for path in stale:
        path.write_text("{ half a fi")
    unrelated = tmp_path / "notes.tmp"
    unrelated.write_text("keep")
    assert storage.read_autosave() is None
    assert not any(path.exists() for path in stale)
    assert unrelated.exists()


def test_a_bug_while_closing_still_closes_and_keeps_the_autosave(make_window, storage, monkeypatch):
    win = make_window()
    win.editor.insert(0, "sqrt")
    reported: list[type] = []
    monkeypatch.setattr("sys.excepthook", lambda kind, value, tb: reported.append(kind))

    def broken_prompt(parent, name):
        return int("not a number")  # raised in C code, as a real bug would be

    monkeypatch.setattr(dialogs, "ask_save_changes", broken_prompt)
    win.close()
    assert reported == [ValueError]
    assert not win.isVisible()
    restored = storage.read_autosave()
    assert restored is not None
    assert restored.doc.graph == win.document.graph


def test_opening_a_file_with_another_range_evaluates_once_with_its_settings(
    window, tmp_path, monkeypatch
):
    """One evaluation of the plots and one walkthrough build, both with the file's range and
    x0 (not the old graph at the new range, then the new graph at the old one)."""
    import guiad.ui.plots.panel as plots_module
    from guiad.anim.timeline import Timeline

    graph = parse("tanh(x)")
    path = tmp_path / f"range{SUFFIX}"
    save(Document(graph, Settings(-2.0, 3.0, 501, 0.5)), path)
    evaluations, builds = [], []
    evaluate = plots_module.compute_plot_data

    def counted_evaluate(graph, x_min, x_max, points, *rest):
        evaluations.append((graph, x_min, x_max, points))
        return evaluate(graph, x_min, x_max, points, *rest)

    build = Timeline.__init__

    def counted_build(self, graph, x0, *rest, **kw):
        builds.append((graph, x0))
        build(self, graph, x0, *rest, **kw)

    monkeypatch.setattr(plots_module, "compute_plot_data", counted_evaluate)
    monkeypatch.setattr(Timeline, "__init__", counted_build)
    assert window.open_path(path)
    window.plots.wait_for_data(10_000)
    assert evaluations == [(graph, -2.0, 3.0, 501)]
    assert builds == [(graph, 0.5)]
    assert window.walkthrough.timeline is not None
    assert window.plots.range() == (-2.0, 3.0, 501)
    assert window.walkthrough.x0() == 0.5


def test_a_document_of_two_inputs_round_trips_through_the_window(window, make_window, tmp_path):
    settings = Settings(x_min=-2.0, x_max=2.0, points=301, x0=0.5).with_view(
        "y", min=-1.0, max=3.0, at=1.5
    )
    doc = Document(parse("(x - 1)^2 + 100*(y - x^2)^2"), settings)
    source = tmp_path / f"rosen{SUFFIX}"
    save(doc, source)
    assert window.open_path(source)
    assert window.document.to_document() == doc
    saved = tmp_path / f"again{SUFFIX}"
    assert window.save_to(saved)
    assert json.loads(saved.read_text(encoding="utf-8"))["version"] == 2
    assert load(saved) == doc
    restored = make_window(restore=True)  # the autosave holds version 2 too
    assert restored.document.to_document() == doc


def test_every_shipped_example_opens_in_the_window(window, errors):
    for action in window.examples_menu.actions():
        action.trigger()
        assert errors == [], action.text()
        expected = load(action.data())
        assert window.document.to_document() == expected
        assert window.expression_box.label.text() == f"f({', '.join(expected.graph.inputs)}) ="
    titles = [a.text() for a in window.examples_menu.actions()]
    assert any("Rosenbrock" in t for t in titles)
    assert any("x*y*z*w" in t for t in titles)


def test_the_point_and_box_moved_in_the_surface_view_are_saved_and_reopened(
    window, make_window, tmp_path
):
    window.editor.set_graph(parse("x*y + sin(x)"))
    window.surface.set_point((0.75, -2.5))
    window.surface.set_box(-1.0, 3.0, -3.0, 0.5, 101)
    assert window.is_modified()
    path = tmp_path / f"moved{SUFFIX}"
    assert window.save_to(path)
    settings = json.loads(path.read_text(encoding="utf-8"))["settings"]
    assert settings["point"] == {"x": 0.75, "y": -2.5}
    assert settings["ranges"] == {"x": [-1.0, 3.0], "y": [-3.0, 0.5]}
    other = make_window(path, storage_=Storage(tmp_path / "other"))
    assert other.surface.point() == (0.75, -2.5)
    assert other.document.to_document() == window.document.to_document()


@pytest.mark.parametrize(
    ("box", "why"),
    [
        ((0.0, 1e-20, -1.0, 1.0, 3), "the range of x is too narrow"),
        ((-1.0, 3.0, 1.0, 1.0 + 1e-15, 3), "the range of y is too narrow"),
        ((-1e200, 1e200, -1.0, 1.0, 3), "x min must be between"),
    ],
)
def test_the_surface_view_refuses_a_box_its_file_could_not_hold(window, tmp_path, box, why):
    """A box the map accepted was saved in the document, and the file then refused to open
    ("too narrow to draw"): the map refuses what a file may not hold, and nothing changes."""
    window.editor.set_graph(parse("x*y + sin(x)"))
    before = window.document.to_document()
    assert not window.surface.set_box(*box)
    assert why in window.surface.message()
    assert window.document.to_document() == before
    path = tmp_path / f"box{SUFFIX}"
    assert window.save_to(path)
    assert load(path) == before
