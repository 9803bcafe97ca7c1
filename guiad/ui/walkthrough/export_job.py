"""A walkthrough's GIF or MP4 written while the window goes on working (File ▸ Export).

Frames are Qt paints, so they are drawn on the GUI thread: a QTimer draws a few at a time
(about BATCH_S of painting per tick) into a small queue, and a worker thread feeds them to
the encoder (Pillow, or ffmpeg through its pipe), where most of the time goes. The file is a
temp file beside the target (core/atomic.replacing), entered and left on the GUI thread: it
takes the target's name only when the encoder has finished; Cancel or a failure removes it.
The CLI and the notebook keep the synchronous writers of export.py.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from guiad.anim.timeline import Mode
from guiad.core.atomic import replacing
from guiad.core.graph import Graph

GIF, MP4 = "gif", "mp4"
BATCH_S = 0.04  # painting per tick: the window stays responsive between ticks
QUEUE_FRAMES = 6  # frames drawn ahead of the encoder (1080p: 6 MB each)
IDLE_MS = 30  # the tick's interval while the encoder catches up or finishes
_END = None  # the queue's last item


class ExportCancelled(Exception):
    """The user pressed Cancel: nothing was written."""

    def __init__(self) -> None:
        super().__init__("cancelled: nothing was written")


class AnimationExport(QObject):
    """One GIF or MP4 export of a walkthrough, drawn by an offscreen panel of its own.

    ``start`` raises at once what can be known at once (the folder cannot be written, the
    graph is too large, the video extra is missing); then ``progressed(done, total)`` is
    emitted as frames are encoded and ``finished(error)`` once, with None when the file is
    in place, else the exception (ExportCancelled after ``cancel``).
    """

    progressed = Signal(int, int)
    finished = Signal(object)

    def __init__(
        self,
        kind: str,
        graph: Graph,
        x0: float | Sequence[float],
        mode: Mode | str,
        size: tuple[int, int],
        path: str | Path,
        slide: bool = False,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.kind = kind
        self.path = Path(path)
        self._panel_args = (graph, x0, mode, size)
        self._slide = slide  # frames laid out for a slide (slide.py)
        self.total = 1
        self._done = 0  # units encoded: written by the worker, read by the ticks
        self._cancelled = False
        self._error: BaseException | None = None
        self._queue: queue.Queue = queue.Queue(QUEUE_FRAMES)
        self._frames: Iterator | None = None
        self._panel_context = None
        self._target = None
        self._worker: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)

    # ---- the GUI thread's side ----------------------------------------------------------

    def start(self) -> None:
        from guiad.ui.walkthrough import export
        from guiad.ui.walkthrough.export_part import frame_drawer, offscreen_panel

        if self.kind == MP4:
            export.require_video()
        self._target = replacing(self.path)
        tmp = self._target.__enter__()  # OSError now for a folder that cannot be written
        try:
            self._panel_context = offscreen_panel(*self._panel_args, slide=self._slide)
            panel = self._panel_context.__enter__()
        except BaseException as err:
            self._panel_context = None
            self._leave_target(err)
            raise
        draw = frame_drawer(self._panel_args[3], self._slide)
        if self.kind == MP4:
            self._frames = export.video_frames(panel, export.VIDEO_FPS, draw)
            self.total = export.video_length(panel, export.VIDEO_FPS)
        else:
            self._frames = export.gif_frames(panel, draw)
            self.total = export.gif_length(panel) + 1  # + the writing, after the last frame
        self._worker = threading.Thread(target=self._encode, args=(tmp,), daemon=True)
        self._worker.start()
        self._timer.start(0)

    def is_running(self) -> bool:
        return self._worker is not None and self._timer.isActive()

    def cancel(self) -> None:
        """Stop drawing and encoding; ``finished`` follows with ExportCancelled."""
        self._cancelled = True

    def wait(self) -> None:
        """Cancel, and return once the worker has stopped and the temp file is gone (the
        window calls it as it closes)."""
        if self.is_running():
            self.cancel()
            self._worker.join()
            self._finish()

    def _tick(self) -> None:
        if self._frames is not None:
            self._draw_some()
        self.progressed.emit(min(self._done, self.total), self.total)
        if not self._worker.is_alive():
            self._finish()

    def _draw_some(self) -> None:
        """Paint frames into the queue for up to BATCH_S (at least one if there is room)."""
        deadline = time.perf_counter() + BATCH_S
        while not self._cancelled and not self._queue.full():
            try:
                item = next(self._frames)
            except StopIteration:
                self._queue.put(_END)
                self._close_panel()
                break
            except Exception as err:  # noqa: BLE001 (reported through finished)
                self._error = err
                self._cancelled = True
                break
            self._queue.put(item)
            if time.perf_counter() > deadline:
                self._timer.setInterval(0)
                return
        if self._cancelled:
            self._close_panel()
        self._timer.setInterval(IDLE_MS)  # (the queue is full, or nothing is left to draw)

    def _close_panel(self) -> None:
        self._frames = None
        if self._panel_context is not None:
            context, self._panel_context = self._panel_context, None
            context.__exit__(None, None, None)

    def _finish(self) -> None:
        self._timer.stop()
        self._close_panel()
        error = self._error
        if error is None and self._cancelled:  # (Cancel while the last bytes were written)
            error = ExportCancelled()
        if error is None:
            try:
                self._target.__exit__(None, None, None)  # the temp file takes the name
            except OSError as err:
                error = err
        else:
            self._leave_target(error)
        if error is None:
            self.progressed.emit(self.total, self.total)
        self.finished.emit(error)

    def _leave_target(self, error: BaseException) -> None:
        """Remove the temp file (replacing does, when its block ends in an error)."""
        self._target.__exit__(type(error), error, error.__traceback__)

    # ---- the worker thread's side -------------------------------------------------------

    def _encode(self, tmp: Path) -> None:
        from guiad.ui.walkthrough import export

        try:
            if self.kind == MP4:
                export.encode_mp4(self._queued(), tmp, export.VIDEO_FPS)
            else:
                export.encode_gif(self._queued(), tmp)
                self._done += 1
        except BaseException as err:  # noqa: BLE001 (handed to the GUI thread)
            if self._error is None:
                self._error = ExportCancelled() if self._cancelled else err

    def _queued(self) -> Iterator:
        """The frames as the ticks draw them, until the end or Cancel."""
        while not self._cancelled:
            try:
                item = self._queue.get(timeout=0.1)
            except queue.Empty:
                continue
            if item is _END:
                return
            yield item
            self._done += item[1] if self.kind == MP4 else 1
        raise ExportCancelled
