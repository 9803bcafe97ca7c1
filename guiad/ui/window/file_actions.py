"""The window's files: New, Open (a dialog, a recent file, an example, a file dropped from the
file manager), Save and Save As, the autosave, whether the document is modified, and the
Open Recent and Examples menus.

A part held by MainWindow (``window.files``), not mixed in: it is given the window (a parent
for its dialogs, whose title and status bar it sets), the document, its editor and undo
stack, and the storage; it touches nothing private of the window.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from guiad.core.document import ChainDocument
from guiad.core.expression import to_expression
from guiad.core.fileformat import SUFFIX, Document, FileFormatError, Settings, load, save
from guiad.core.graph import Graph
from guiad.ui.chain.commands import Editor
from guiad.ui.resources import asset_dir
from guiad.ui.window import dialogs
from guiad.ui.window.files import Storage, display_name, resolved, with_suffix

log = logging.getLogger(__name__)

FILE_FILTER = f"guiad files (*{SUFFIX});;All files (*)"
FOLDER_KEY = "files/folder"  # the folder last opened from or saved to
# what each shipped example shows; an example without an entry is listed by its expression
EXAMPLE_NOTES = {
    "01-seed-exp-sin-sin": "The seed",
    "02-sigmoid-softplus": "Activations",
    "03-graph-x-sin-x": "A graph (x used twice)",
    "04-undefined-log-sin": "Undefined regions",
    "05-long-chain": "A long chain",
    "06-bowl-x-y": "A bowl (2 inputs)",
    "07-saddle-x-y": "A saddle (2 inputs)",
    "08-rosenbrock": "Rosenbrock's function",
    "09-product-4-inputs": "A product of 4 inputs",
    "10-logistic-loss": "Logistic loss (weight w, bias b)",
}


class WindowFiles:
    """Opening, saving and autosaving the window's document."""

    def __init__(
        self,
        window: QMainWindow,
        document: ChainDocument,
        editor: Editor,
        undo_stack: QUndoStack,
        storage: Storage,
        autosave: bool,
    ):
        self._window = window
        self._document = document
        self._editor = editor
        self._undo_stack = undo_stack
        self._storage = storage
        self._autosave_enabled = autosave
        self._modified_outside_stack = False  # view settings, a restored autosave
        self.set_aside: Path | None = None  # an autosave that crashed the last start

    @property
    def file_path(self) -> Path | None:
        """The file this document belongs to (None: untitled). Undo of an Open restores it."""
        return self._editor.source

    def is_modified(self) -> bool:
        return not self._undo_stack.isClean() or self._modified_outside_stack

    def set_modified(self, modified: bool) -> None:
        """Mark the document modified, or treat its current state as saved."""
        if not modified:
            self._undo_stack.setClean()
        self._modified_outside_stack = modified
        self.update_title()

    def note_modified(self) -> None:
        """A change outside the undo stack (view settings) is coming: noted before it, so
        the autosave that change writes knows."""
        self._modified_outside_stack = True

    def file_folder(self) -> Path:
        """Where Open and Save As start: the current file's folder, else the folder last
        opened from or saved to (remembered across runs), else the home folder."""
        if self.file_path is not None:
            return self.file_path.parent
        saved = self._storage.settings.value(FOLDER_KEY)
        if isinstance(saved, str) and Path(saved).is_dir():
            return Path(saved)
        return Path.home()

    def _mark_saved(self, path: Path | None) -> None:
        if path is not None:
            self._storage.settings.setValue(FOLDER_KEY, str(path.parent))
        self._editor.set_source(path)
        self._undo_stack.setClean()
        self._modified_outside_stack = False
        self.update_title()
        self.autosave()

    def update_title(self, *_) -> None:
        self._window.setWindowTitle(f"{display_name(self.file_path)}[*] — guiad")
        self._window.setWindowModified(self.is_modified())

    def maybe_save(self) -> bool:
        """Ask before discarding changes; True if it is fine to go on."""
        if not self.is_modified():
            return True
        answer = dialogs.ask_save_changes(self._window, display_name(self.file_path))
        if answer == dialogs.SAVE:
            return self.save()
        return answer == dialogs.DISCARD

    def new_file(self) -> None:
        if not self.maybe_save():
            return
        self._editor.load(Document(Graph.from_chain(()), Settings()), "New", None)
        self._mark_saved(None)

    def open_file(self) -> None:
        if not self.maybe_save():
            return
        folder = str(self.file_folder())
        path, _ = QFileDialog.getOpenFileName(self._window, "Open", folder, FILE_FILTER)
        if path:
            self.open_path(path)

    def open_recent(self, path: Path) -> None:
        if self.maybe_save() and not self.open_path(path):
            self._storage.remove_recent(path)

    def open_example(self, path: Path) -> None:
        if self.maybe_save() and self._load(path, f"Open example {path.name}", None):
            self._mark_saved(None)

    def open_path(self, path: str | Path) -> bool:
        """Open a file (no prompt); on a bad file show why and keep the current chain."""
        path = Path(path)
        if not self._load(path, f"Open {path.name}", resolved(path)):
            return False
        self._storage.add_recent(path)
        self._mark_saved(resolved(path))
        return True

    def _load(self, path: Path, text: str, source: Path | None) -> bool:
        try:
            doc = load(path)
        except FileFormatError as err:
            dialogs.show_error(
                self._window,
                "Cannot open file",
                f"{path.name} was not opened: {err}.\n\nThe current chain is unchanged.",
            )
            return False
        self._editor.load(doc, text, source)
        return True

    def save(self) -> bool:
        if self.file_path is None:
            return self.save_as()
        return self.save_to(self.file_path)

    def save_as(self) -> bool:
        start = str(self.file_path or self.file_folder() / f"chain{SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self._window, "Save As", start, FILE_FILTER)
        return bool(path) and self.save_to(path)

    def save_to(self, path: str | Path) -> bool:
        path = with_suffix(path)
        try:
            save(self._document.to_document(), path)
        except OSError as err:
            dialogs.show_error(
                self._window, "Cannot save", f"{path.name} was not saved: {err.strerror or err}"
            )
            return False
        self._storage.add_recent(path)
        self._mark_saved(resolved(path))
        self._window.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    # ---- the autosave ----------------------------------------------------------------

    def autosave(self) -> None:
        if self._autosave_enabled:
            self._storage.write_autosave(
                self._document.to_document(), self.file_path, self.is_modified()
            )

    def restore_autosave(self) -> bool:
        """The last session's document, if the autosave has one; True if it was restored.

        If the restore of the last start never reached the screen (the app died showing it),
        the autosave is set aside instead and this start is clean: see offer_set_aside."""
        if self._storage.restore_failed_last_time():
            self.set_aside = self._storage.set_aside_autosave()
            if self.set_aside is not None:
                self._storage.add_recent(self.set_aside)
            return False
        restored = self._storage.read_autosave()
        if restored is None:
            return False
        self._storage.begin_restore()  # ended by restore_shown, once it has painted
        # file and mark set before the document: the autosave its change writes keeps both
        # (set after, a second crash brought unsaved work back as saved)
        self._modified_outside_stack = restored.modified
        self._editor.set_source(restored.path)
        self._document.set_document(restored.doc)
        self.update_title()
        if restored.modified:
            message = "Restored your unsaved work from the last session"
            self._window.statusBar().showMessage(message, 8000)
        return True

    def restore_shown(self) -> None:
        """The restored document has painted: it did not kill the app."""
        self._storage.end_restore()

    def offer_set_aside(self) -> None:
        """Say that the last start failed and where the work is, and offer to open it (a box
        that does not block, so nothing waits on it)."""
        if self.set_aside is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Your last session was not restored",
            "guiad stopped while it was showing your work from the last session, so this time "
            f"it started with a new document.\n\nThat work is kept in\n{self.set_aside}\n"
            "(also under File ▸ Open Recent).",
            QMessageBox.StandardButton.Close,
            self._window,
        )
        opener = box.addButton("Open It", QMessageBox.ButtonRole.AcceptRole)
        path, self.set_aside = self.set_aside, None
        opener.clicked.connect(lambda: self.open_path(path))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def forget_autosave(self) -> None:
        """The user chose to lose the changes: the next start does not bring them back."""
        if self._autosave_enabled:
            self._storage.clear_autosave()

    # ---- the Open Recent and Examples menus --------------------------------------------

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        recent = self._storage.recent_files()
        for path in recent:
            action = menu.addAction(path.name)
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_recent(p))
        if recent:
            menu.addSeparator()
            menu.addAction("Clear list", self._storage.clear_recent)
        else:
            menu.addAction("(no recent files)").setEnabled(False)

    def fill_examples_menu(self, menu: QMenu) -> None:
        if menu.actions():
            return  # filled once: the examples do not change while the app runs
        folder = asset_dir("examples")
        paths = sorted(folder.glob(f"*{SUFFIX}")) if folder is not None else []
        for path in paths:
            try:
                graph = load(path).graph
            except FileFormatError as err:
                log.warning("example %s skipped: %s", path.name, err)
                continue
            action = menu.addAction(_example_title(path, graph))
            action.setData(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_example(p))
        menu.setEnabled(bool(menu.actions()))

    # ---- a file dropped from the file manager ----------------------------------------

    @staticmethod
    def dropped_file(event) -> Path | None:
        """The one guiad file a drag from the file manager carries, or None."""
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        files = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        return files[0] if len(files) == 1 and files[0].name.endswith(".json") else None

    def drop(self, event) -> None:
        """Open the file dropped (asking first about unsaved changes)."""
        path = self.dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        if self.maybe_save():
            self.open_path(path)


def _example_title(path: Path, graph: Graph) -> str:
    note = EXAMPLE_NOTES.get(path.name.removesuffix(SUFFIX))
    text = to_expression(graph)
    return f"{note}:  {text}" if note else text
