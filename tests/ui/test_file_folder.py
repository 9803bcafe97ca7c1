"""Open and Save As start where the user last opened or saved, even after a restart (15.16)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from guiad.core.expression import parse


def test_open_starts_in_the_folder_last_saved_to_even_after_a_restart(
    window, make_window, tmp_path, monkeypatch
):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    window.document.set_graph(parse("x*sin(x)"))
    assert window.save_to(folder / "mine.guiad.json")
    window.new_file()
    assert window.file_folder() == folder  # untitled now, yet the folder is remembered

    again = make_window()
    starts = []

    def fake_open(parent, title, start, filter_):
        starts.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_open)
    again.open_file()
    assert starts == [str(folder)]


def test_a_folder_that_is_gone_falls_back_to_home(window, tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    window.save_to(gone / "a.guiad.json")
    window.new_file()
    (gone / "a.guiad.json").unlink()
    gone.rmdir()
    assert window.file_folder() == Path.home()
