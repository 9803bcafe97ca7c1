"""File ▸ Export of the walkthrough as GIF or MP4 runs while the window goes on working
(issue 22 item 12: an MP4 froze the window for its whole encode, 36 s for a 14 s clip): the
action returns at once, the event loop runs during the encode, a progress box counts to
the end, the file appears only when complete and Cancel leaves nothing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from guiad.anim.timeline import Timeline
from guiad.ui.walkthrough import export, export_part
from guiad.ui.walkthrough.export import TOKEN_FRAMES
from guiad.ui.window import dialogs

needs_video = pytest.mark.skipif(
    importlib.util.find_spec("imageio_ffmpeg") is None, reason="the video extra is missing"
)


@pytest.fixture
def export_to(monkeypatch, window):
    """Trigger the walkthrough's GIF or MP4 export to a path (the dialog answered)."""
    shown: list[str] = []
    monkeypatch.setattr(
        dialogs, "show_error", lambda parent, title, text, details="": shown.append(text)
    )

    def run(kind: str, path: Path):
        monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: path)
        window.exporter.actions[f"walkthrough.export_{kind}"].trigger()
        return window.exporter.job, shown

    return run


@pytest.fixture
def folder(tmp_path) -> Path:
    """Where the exports go (tmp_path also holds the window's app data)."""
    path = tmp_path / "out"
    path.mkdir()
    return path


@pytest.fixture
def small_video(monkeypatch):
    """A small, short MP4 (the window's is 1920×1080 at 30 fps): the test stays quick."""
    monkeypatch.setattr(export_part, "VIDEO_SIZE", (320, 180))
    monkeypatch.setattr(export, "VIDEO_FPS", 6)


def _run_to_the_end(qtbot, job) -> tuple[list[int], int]:
    """Progress seen and how often a 10 ms timer fired while the job ran."""
    done: list[int] = []
    ticks = [0]
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    timer.start(10)
    job.progressed.connect(lambda value, total: done.append(value))
    with qtbot.waitSignal(job.finished, timeout=120_000) as finished:
        pass
    timer.stop()
    assert finished.args == [None]
    return done, ticks[0]


def test_gif_is_written_while_the_event_loop_runs(window, qtbot, folder, export_to):
    out = folder / "walk.gif"
    job, errors = export_to("gif", out)
    assert job is not None
    assert job.is_running()
    assert not out.exists()
    assert window.exporter.progress.isVisible()
    assert not window.exporter.actions["walkthrough.export_gif"].isEnabled()  # one at a time
    total = job.total
    done, ticks = _run_to_the_end(qtbot, job)
    assert ticks > 0  # the window's timers ran during the export
    assert done[-1] == total  # the bar reaches its end
    assert done == sorted(done)
    assert errors == []
    assert window.exporter.job is None
    assert window.exporter.progress is None
    assert window.exporter.actions["walkthrough.export_gif"].isEnabled()
    timeline = Timeline(window.document.graph, window.walkthrough.x0())
    steps = timeline.steps
    edges = sum(1 for k, step in enumerate(steps) if k > 0 and step.edge is not None)
    with Image.open(out) as gif:
        assert gif.format == "GIF"
        assert gif.n_frames == len(steps) + TOKEN_FRAMES * edges
    assert sorted(folder.iterdir()) == [out]  # no temp file left


@needs_video
def test_mp4_is_written_while_the_event_loop_runs(window, qtbot, folder, export_to, small_video):
    import imageio_ffmpeg

    out = folder / "walk.mp4"
    job, errors = export_to("mp4", out)
    assert job.is_running()
    assert not out.exists()
    total = job.total
    done, ticks = _run_to_the_end(qtbot, job)
    assert ticks > 0
    assert done[-1] == total
    assert errors == []
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(out))
    # the synchronous writer (the CLI's) of the same walkthrough is the reference
    reference = folder / "reference" / "walk.mp4"
    reference.parent.mkdir()
    expected = export_part.export_mp4(
        window.document.graph, window.walkthrough.x0(), reference, size=(320, 180)
    )
    assert frames == expected == total
    assert seconds == pytest.approx(expected / 6, abs=0.5)
    assert sorted(folder.iterdir()) == [reference.parent, out]


@needs_video
@pytest.mark.parametrize("kind", ["gif", "mp4"])
def test_cancel_leaves_no_file(window, qtbot, folder, export_to, small_video, kind):
    out = folder / f"walk.{kind}"
    job, errors = export_to(kind, out)
    qtbot.waitUntil(lambda: job._done > 0 or not job.is_running(), timeout=60_000)
    assert job.is_running()  # (cancelled half way, not after the end)
    with qtbot.waitSignal(job.finished, timeout=60_000) as finished:
        window.exporter.progress.findChild(QPushButton).click()  # the box's Cancel
    assert type(finished.args[0]).__name__ == "ExportCancelled"
    assert list(folder.iterdir()) == []
    assert errors == []
    assert "cancelled" in window.statusBar().currentMessage()


def test_closing_the_window_cancels_the_export(window, qtbot, folder, export_to):
    out = folder / "walk.gif"
    job, _errors = export_to("gif", out)
    assert job.is_running()
    window.set_modified(False)
    window.close()
    assert list(folder.iterdir()) == []


def test_a_folder_that_cannot_be_written_is_refused_at_once(window, folder, export_to):
    job, errors = export_to("gif", folder / "missing" / "walk.gif")
    assert job is None
    assert len(errors) == 1
    assert "was not written" in errors[0]
