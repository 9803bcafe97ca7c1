"""Evaluation off the GUI thread: only the newest request's result is ever delivered.

Each request bumps a generation counter. A job that is superseded before it starts does
nothing; one superseded while running stops at its next block (it is handed an ``abort``
callable) and its result, if any, is dropped. Results reach the GUI thread by a queued signal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QElapsedTimer,
    QEventLoop,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
)

BUSY_AFTER_MS = 100  # a busy indicator appears only for work that takes longer than this
WAKE_MS = 20  # ``wait`` looks at its clock at least this often
# At most this much work (nodes × samples) runs on the GUI thread, where it answers at once:
# ~0.1 s here. A 3,000-node graph on the surface's 300 × 300 map blocked the window 38 s.
SYNC_WORK = 4_000_000


def too_slow_for_the_gui_thread(nodes: int, samples: int) -> bool:
    return nodes * samples > SYNC_WORK


Job = Callable[[Callable[[], bool]], Any]  # job(abort) -> result, or None when aborted


class _Relay(QObject):
    """Carries a result from the worker thread to the GUI thread (queued connection)."""

    done = Signal(int, object)


class _Runnable(QRunnable):
    def __init__(self, owner: BackgroundEvaluator, generation: int, job: Job, relay: _Relay):
        super().__init__()
        self._owner = owner
        self._generation = generation
        self._job = job
        self._relay = relay  # a strong reference: the relay outlives a deleted owner

    def _superseded(self) -> bool:
        return self._owner.generation != self._generation

    def run(self) -> None:
        if self._superseded():
            return
        try:
            result = self._job(self._superseded)
        except Exception as err:  # delivered to the GUI thread, shown as a message there
            result = err
        if result is not None and not self._superseded():
            self._relay.done.emit(self._generation, result)


class BackgroundEvaluator(QObject):
    """Runs jobs one at a time on a private thread; emits ``finished`` with the newest result.

    ``busy_changed(True)`` is emitted when a job is still pending after BUSY_AFTER_MS, and
    ``busy_changed(False)`` once it is delivered or superseded by synchronous work.
    """

    finished = Signal(object)  # the job's result, or the Exception it raised
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.generation = 0
        self._pending = False
        self._busy = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay()
        self._relay.done.connect(self._deliver)
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(lambda: self._set_busy(self._pending))

    @property
    def pending(self) -> bool:
        return self._pending

    def submit(self, job: Job) -> None:
        """Run ``job(abort)`` in the background; any earlier request is superseded."""
        self.generation += 1
        self._pending = True
        self._busy_timer.start()
        self._pool.start(_Runnable(self, self.generation, job, self._relay))

    def run(self, job: Job, background: bool) -> None:
        """Run ``job`` in the background, or at once on this thread (small work, for
        immediacy); either way its result arrives through ``finished``."""
        if background:
            self.submit(job)
        else:
            self.finished.emit(self.run_now(job))

    def run_now(self, job: Job) -> Any:
        """Run ``job`` on this thread and return its result; pending background work is dropped."""
        self.cancel()
        return job(lambda: False)

    def cancel(self) -> None:
        """Drop whatever is pending (a running job stops at its next block)."""
        self.generation += 1
        self._pending = False
        self._busy_timer.stop()
        self._set_busy(False)

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Process events until the pending result is delivered; False on timeout.

        Sleeps between events. (processEvents with a maximum time ignores WaitForMoreEvents:
        the wait spun a core and took the GIL from the worker it waited for, ~80 ms of a
        million-point evaluation.) A timer wakes it to look at the clock.
        """
        if not self._pending:
            return True
        clock = QElapsedTimer()
        clock.start()
        wake = QTimer(interval=min(WAKE_MS, max(1, timeout_ms)))
        wake.start()
        try:
            while self._pending and clock.elapsed() < timeout_ms:
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        finally:
            wake.stop()
        return not self._pending

    def shutdown(self) -> None:
        self.cancel()
        self._pool.waitForDone()

    def _deliver(self, generation: int, result: object) -> None:
        if generation != self.generation:
            return  # superseded while it travelled to this thread
        self._pending = False
        self._busy_timer.stop()
        self._set_busy(False)
        self.finished.emit(result)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
