"""The one atomic file write: a temp file beside the target, renamed over it when complete.

Every file guiad writes goes through here: documents (``fileformat.save``) and the autosave,
CSV (``csvtable``), the exports' PNG, SVG, GIF, MP4 and Python files, ``guiad render`` and
``guiad export``'s files, the notebook API's ``Animation.save``. None is ever left
half-written, and the old file stays whole when a write fails.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


@contextmanager
def replacing(path: str | os.PathLike, suffix: str | None = None) -> Iterator[Path]:
    """A temp path beside ``path`` to write; renamed over ``path`` when the block ends
    normally, removed when it raises. For writers that want a file name (Qt's image writer,
    Pillow, ffmpeg); ``write_atomic`` is the same for a text handle.

    A kill at any moment leaves the old file or the new one, never a mix. The new file keeps
    the old one's permissions (or gets the usual ones for a new file: mkstemp's are 0600),
    and a symlink is followed, so the file it points to is the one replaced. The temp name is
    ``.NAME.XXXX.tmp`` plus ``suffix`` (default: ``path``'s own, as ffmpeg picks the format by
    it). A folder that cannot be written raises OSError naming ``path``, not the temp file.
    """
    import tempfile  # here, not at the top: ~10 ms to import, and most CLI runs write no file

    path = Path(os.path.realpath(path))
    mode = _file_mode(path)
    tail = ".tmp" + (path.suffix if suffix is None else suffix)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=tail, dir=path.parent)
    except OSError as err:
        raise OSError(err.errno, err.strerror, str(path)) from None
    tmp = Path(name)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
        finally:
            os.close(fd)
        yield tmp
        _sync_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def write_atomic(path: str | os.PathLike, write: Callable[[TextIO], object], newline=None) -> None:
    """Call ``write(handle)`` on a UTF-8 text file at a temp path beside ``path``, then rename
    it over ``path`` (see ``replacing``). ``newline`` is passed to ``open`` ("" for CSV, which
    writes its own line ends). Raises OSError."""
    with replacing(path, suffix="") as tmp:
        fd = os.open(tmp, os.O_WRONLY)  # through fdopen: tests/ui/test_crash_recovery cuts in
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            write(handle)


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` atomically (see ``write_atomic``)."""
    write_atomic(path, lambda handle: handle.write(text))


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` atomically (see ``replacing``)."""
    with replacing(path) as tmp:
        tmp.write_bytes(data)


def _sync_file(path: Path) -> None:
    """Put the file's bytes on disk before the rename makes it the real one."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


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
