"""The main window's files: New, Open (a dialog, a recent file, an example, a file dropped
from the file manager), Save and Save As, and whether the document is modified. A part of
MainWindow, kept apart so each reads at a sitting: it uses the window's ``editor``,
``undo_stack``, ``document``, ``storage`` and ``_autosave``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from guiad.core.fileformat import SUFFIX, Document, FileFormatError, Settings, load, save
from guiad.core.graph import Graph
from guiad.ui.guard import guarded
from guiad.ui.window import dialogs
from guiad.ui.window.files import display_name, resolved, with_suffix

FILE_FILTER = f"guiad files (*{SUFFIX});;All files (*)"
FOLDER_KEY = "files/folder"  # the folder last opened from or saved to


class WindowFiles:
    """Opening and saving the window's document (mixed into MainWindow)."""

    @property
    def file_path(self) -> Path | None:
        """The file this document belongs to (None: untitled). Undo of an Open restores it."""
        return self.editor.source

    def is_modified(self) -> bool:
        return not self.undo_stack.isClean() or self._modified_outside_stack

    def set_modified(self, modified: bool) -> None:
        """Mark the document modified, or treat its current state as saved."""
        if not modified:
            self.undo_stack.setClean()
        self._modified_outside_stack = modified
        self._update_title()

    def file_folder(self) -> Path:
        """Where Open and Save As start: the current file's folder, else the folder last
        opened from or saved to (remembered across runs), else the home folder."""
        if self.file_path is not None:
            return self.file_path.parent
        saved = self.storage.settings.value(FOLDER_KEY)
        if isinstance(saved, str) and Path(saved).is_dir():
            return Path(saved)
        return Path.home()

    def _mark_saved(self, path: Path | None) -> None:
        if path is not None:
            self.storage.settings.setValue(FOLDER_KEY, str(path.parent))
        self.editor.set_source(path)
        self.undo_stack.setClean()
        self._modified_outside_stack = False
        self._update_title()
        self._autosave()

    def _update_title(self, *_) -> None:
        self.setWindowTitle(f"{display_name(self.file_path)}[*] — guiad")
        self.setWindowModified(self.is_modified())

    def maybe_save(self) -> bool:
        """Ask before discarding changes; True if it is fine to go on."""
        if not self.is_modified():
            return True
        answer = dialogs.ask_save_changes(self, display_name(self.file_path))
        if answer == dialogs.SAVE:
            return self.save()
        return answer == dialogs.DISCARD

    def new_file(self) -> None:
        if not self.maybe_save():
            return
        self.editor.load(Document(Graph.from_chain(()), Settings()), "New", None)
        self._mark_saved(None)

    def open_file(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(self, "Open", str(self.file_folder()), FILE_FILTER)
        if path:
            self.open_path(path)

    def open_recent(self, path: Path) -> None:
        if self.maybe_save() and not self.open_path(path):
            self.storage.remove_recent(path)

    def open_example(self, path: Path) -> None:
        if self.maybe_save() and self._load(path, f"Open example {path.name}", None):
            self._mark_saved(None)

    def open_path(self, path: str | Path) -> bool:
        """Open a file (no prompt); on a bad file show why and keep the current chain."""
        path = Path(path)
        if not self._load(path, f"Open {path.name}", resolved(path)):
            return False
        self.storage.add_recent(path)
        self._mark_saved(resolved(path))
        return True

    def _load(self, path: Path, text: str, source: Path | None) -> bool:
        try:
            doc = load(path)
        except FileFormatError as err:
            dialogs.show_error(
                self,
                "Cannot open file",
                f"{path.name} was not opened: {err}.\n\nThe current chain is unchanged.",
            )
            return False
        self.editor.load(doc, text, source)
        return True

    def save(self) -> bool:
        if self.file_path is None:
            return self.save_as()
        return self.save_to(self.file_path)

    def save_as(self) -> bool:
        start = str(self.file_path or self.file_folder() / f"chain{SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self, "Save As", start, FILE_FILTER)
        return bool(path) and self.save_to(path)

    def save_to(self, path: str | Path) -> bool:
        path = with_suffix(path)
        try:
            save(self.document.to_document(), path)
        except OSError as err:
            dialogs.show_error(
                self, "Cannot save", f"{path.name} was not saved: {err.strerror or err}"
            )
            return False
        self.storage.add_recent(path)
        self._mark_saved(resolved(path))
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    # ---- a file dropped from the file manager ----------------------------------------

    @staticmethod
    def _dropped_file(event) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        files = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        return files[0] if len(files) == 1 and files[0].name.endswith(".json") else None

    @guarded
    def dragEnterEvent(self, event) -> None:
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    @guarded
    def dropEvent(self, event) -> None:
        path = self._dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        if self.maybe_save():
            self.open_path(path)
