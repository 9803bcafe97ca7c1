"""Where the window keeps things: QSettings (geometry, recent files) and the autosave file.

``Storage(folder)`` keeps everything in one folder (tests pass a tmp_path); ``Storage()``
uses the platform's app-data folder and the application's QSettings.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from guiad.core.fileformat import SUFFIX, Document, FileFormatError, dumps, loads
from guiad.core.fileformat import write_text_atomic as _write_atomic

log = logging.getLogger(__name__)

MAX_RECENT = 8
AUTOSAVE_NAME = "autosave" + SUFFIX
AUTOSAVE_STATE = "autosave-state.json"
RESTORING_MARK = "restoring"  # there while a restored autosave has not yet been shown


@dataclass(frozen=True)
class Restored:
    """What the autosave brought back: the document, its file (if any), unsaved or not."""

    doc: Document
    path: Path | None
    modified: bool


def app_data_folder() -> Path:
    location = QStandardPaths.StandardLocation.AppDataLocation
    return Path(QStandardPaths.writableLocation(location))


def with_suffix(path: str | Path) -> Path:
    """``name`` → ``name.guiad.json``; names already ending so stay as they are."""
    path = Path(path)
    if path.name.endswith(SUFFIX):
        return path
    if path.suffix == ".json":
        path = path.with_suffix("")
    return path.with_name(path.name + SUFFIX)


def resolved(path: str | Path) -> Path:
    """``path`` made absolute with its links followed, as far as they lead: a symlink loop
    (which ``resolve()`` raises on) stays as it is, so its open fails with a message."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(path).absolute()


def display_name(path: Path | None) -> str:
    return path.name if path is not None else "Untitled"


class Storage:
    """Settings, recent files and the autosave, all under ``folder``."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else app_data_folder()
        if folder is None:
            self.settings = QSettings()
        else:
            ini = str(self.folder / "settings.ini")
            self.settings = QSettings(ini, QSettings.Format.IniFormat)

    @property
    def autosave_path(self) -> Path:
        return self.folder / AUTOSAVE_NAME

    @property
    def _state_path(self) -> Path:
        return self.folder / AUTOSAVE_STATE

    # ---- autosave --------------------------------------------------------------------

    def write_autosave(self, doc: Document, path: Path | None, modified: bool) -> bool:
        """Write the current state; False (logged) if the disk refuses."""
        import json  # (here: a first start reads and writes no file)

        state = {"path": str(path) if path is not None else None, "modified": modified}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write_atomic(self.autosave_path, dumps(doc))
            _write_atomic(self._state_path, json.dumps(state))
        except OSError as err:
            log.warning("autosave failed: %s", err)
            return False
        return True

    def read_autosave(self) -> Restored | None:
        """The last autosaved state, or None if there is none or it cannot be read."""
        self._remove_stale_temp_files()
        if not self.autosave_path.is_file():
            return None
        try:
            doc = loads(self.autosave_path.read_bytes())
        except (OSError, FileFormatError) as err:
            log.warning("autosave ignored: %s", err)
            return None
        import json

        path, modified = None, True
        try:
            state = json.loads(self._state_path.read_text(encoding="utf-8"))
            if isinstance(state.get("path"), str):
                path = Path(state["path"])
            modified = bool(state.get("modified", True))
        except (OSError, ValueError, AttributeError):
            pass
        return Restored(doc, path, modified)

    def _remove_stale_temp_files(self) -> None:
        """Drop the temp files of autosaves that a kill interrupted before their rename."""
        for name in (AUTOSAVE_NAME, AUTOSAVE_STATE):
            for stale in self.folder.glob(f".{name}.*.tmp"):
                stale.unlink(missing_ok=True)

    def clear_autosave(self) -> None:
        for p in (self.autosave_path, self._state_path):
            p.unlink(missing_ok=True)

    # ---- a restore that never finished -----------------------------------------------
    # The mark is written before the autosave is restored and removed once the window has
    # painted it: found at the next start, the restore killed the app (a file that crashed
    # the views was autosaved, so every start failed). That start sets the autosave aside.

    @property
    def _restoring_path(self) -> Path:
        return self.folder / RESTORING_MARK

    def begin_restore(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._restoring_path.touch()
        except OSError as err:
            log.warning("could not mark the restore: %s", err)

    def end_restore(self) -> None:
        self._restoring_path.unlink(missing_ok=True)

    def restore_failed_last_time(self) -> bool:
        return self._restoring_path.exists()

    def set_aside_autosave(self) -> Path | None:
        """Move the autosave that failed to restore beside it, under a name that says when
        (nothing is lost); the copy's path, or None if there was none or it cannot move."""
        stamp = datetime.now().strftime("%Y-%m-%d %H.%M.%S")
        copy = self.folder / f"not restored {stamp}{SUFFIX}"
        try:
            self.autosave_path.replace(copy)
        except OSError as err:
            log.warning("could not set the autosave aside: %s", err)
            copy = None
        self._state_path.unlink(missing_ok=True)
        self.end_restore()
        return copy

    # ---- recent files ----------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            return []
        return [Path(v) for v in value if isinstance(v, str)][:MAX_RECENT]

    def add_recent(self, path: Path) -> None:
        path = resolved(path)
        paths = [p for p in self.recent_files() if p != path]
        self._set_recent([path, *paths][:MAX_RECENT])

    def remove_recent(self, path: Path) -> None:
        self._set_recent([p for p in self.recent_files() if p != Path(path)])

    def clear_recent(self) -> None:
        self._set_recent([])

    def _set_recent(self, paths: list[Path]) -> None:
        self.settings.setValue("recent_files", [str(p) for p in paths])
        self.settings.sync()

    # ---- window geometry -------------------------------------------------------------

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.settings.setValue("window/geometry", geometry)
        self.settings.setValue("window/state", state)
        self.settings.sync()

    def window_geometry(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        ok = (QByteArray, bytes)
        return (
            geometry if isinstance(geometry, ok) else None,
            state if isinstance(state, ok) else None,
        )
