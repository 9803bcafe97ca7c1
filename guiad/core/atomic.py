"""The one atomic file write: a temp file beside the target, renamed over it when complete.

Used for documents (``fileformat.save``), CSV exports (the plots, ``guiad eval --csv``) and
anything else that must never be left half-written.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TextIO


def write_atomic(path: str | os.PathLike, write: Callable[[TextIO], object], newline=None) -> None:
    """Call ``write(handle)`` on a temp file beside ``path``, then rename it over ``path``.

    A kill at any moment leaves the old file or the new one, never a mix. The new file keeps
    the old one's permissions (or gets the usual ones for a new file: mkstemp's are 0600),
    and a symlink is followed, so the file it points to is the one replaced. ``newline`` is
    passed to ``open`` ("" for CSV, which writes its own line ends). Raises OSError.
    """
    import tempfile  # here, not at the top: ~10 ms to import, and most CLI runs write no file

    path = Path(os.path.realpath(path))
    mode = _file_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` atomically (see ``write_atomic``)."""
    write_atomic(path, lambda handle: handle.write(text))


def _file_mode(path: Path) -> int:
    """The permissions to give the file: the existing file's, else 0666 less the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0o022)  # reading the umask means setting it; put it straight back
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a power cut right after writing keeps the new file)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a folder; its rename is durable enough
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
