"""MP4 export of the seed's walkthrough at 1920×1080, 30 fps: time against the clip's length
(issue 22's target: written in at most half the clip's length), and how long the event loop
waits at worst while File ▸ Export writes it in the background.

Prints a table; asserts nothing. Timings on a shared machine are noisy.

  QT_QPA_PLATFORM=offscreen .venv/bin/python bench/video.py

- sync: ``export_part.export_mp4`` (what ``guiad export --format mp4`` runs): the offscreen
  panel, every frame drawn, then encoded by ffmpeg, one after the other.
- background: ``export_job.AnimationExport`` (File ▸ Export): frames drawn on the GUI thread
  in batches while a worker thread feeds ffmpeg; "longest wait" is the longest gap between
  two firings of a 10 ms QTimer during the export (what a user would feel as a freeze).

CPU seconds are printed apart: guiad's own (painting frames, the queue, the pipe) and
ffmpeg's. They do not depend on the other work on the machine: on two idle cores the
background export takes about the larger of the two.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from guiad.core.expression import parse  # noqa: E402
from guiad.ui.walkthrough import export  # noqa: E402
from guiad.ui.walkthrough.export_job import MP4, AnimationExport  # noqa: E402
from guiad.ui.walkthrough.export_part import VIDEO_SIZE, export_mp4  # noqa: E402

SEED = "exp(sin(sin(x)))"
X0 = 2.0


def sync(folder: Path) -> tuple[float, int]:
    start = time.perf_counter()
    frames = export_mp4(parse(SEED), X0, folder / "sync.mp4", size=VIDEO_SIZE)
    return time.perf_counter() - start, frames


def background(folder: Path) -> tuple[float, int, float]:
    """Seconds, frames, the event loop's longest wait (ms)."""
    job = AnimationExport(MP4, parse(SEED), X0, "reverse", VIDEO_SIZE, folder / "bg.mp4")
    loop = QEventLoop()
    gaps = [0.0]
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps[0] = max(gaps[0], now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(beat)
    job.finished.connect(lambda error: loop.quit())
    start = time.perf_counter()
    timer.start(10)
    job.start()
    last[0] = time.perf_counter()  # (start builds the panel: a wait of its own, printed apart)
    loop.exec()
    timer.stop()
    return time.perf_counter() - start, job.total, gaps[0] * 1000


def cpu() -> tuple[float, float]:
    """CPU seconds so far: this process's, and its finished children's (ffmpeg)."""
    times = os.times()
    return times.user + times.system, times.children_user + times.children_system


def row(way: str, seconds: float, clip: float, wait: str, before: tuple[float, float]) -> str:
    own, encoder = (after - start for after, start in zip(cpu(), before, strict=True))
    return f"{way:<12}{seconds:>9.1f}{seconds / clip:>8.2f}{wait:>17}{own:>11.1f}{encoder:>10.1f}"


def main() -> None:
    export.ensure_app()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        before = cpu()
        seconds, frames = sync(folder)
        clip = frames / export.VIDEO_FPS
        print(f"seed {SEED} at x0 = {X0}, {VIDEO_SIZE[0]}×{VIDEO_SIZE[1]}, {export.VIDEO_FPS} fps")
        print(f"clip: {frames} frames = {clip:.1f} s (target: written in ≤ {clip / 2:.1f} s)")
        heads = ("way", "seconds", "/ clip", "longest wait ms", "CPU guiad", "ffmpeg")
        print(f"{heads[0]:<12}{heads[1]:>9}{heads[2]:>8}{heads[3]:>17}{heads[4]:>11}{heads[5]:>10}")
        print(row("sync", seconds, clip, "(all of it)", before))
        before = cpu()
        seconds, frames, wait = background(folder)
        print(row("background", seconds, clip, f"{wait:.0f}", before))


if __name__ == "__main__":
    main()
