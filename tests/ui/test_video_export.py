"""MP4 export: a clear message without the video extra; frames without the play controls."""

from __future__ import annotations

import importlib.util

import pytest

from guiad.core.expression import parse
from guiad.ui.walkthrough import export as walkthrough_export
from guiad.ui.walkthrough.export_part import export_mp4, offscreen_panel


def test_without_the_video_extra_the_message_says_how_to_get_it(qapp, monkeypatch, tmp_path):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "imageio_ffmpeg" else real(name, *a),
    )
    with pytest.raises(walkthrough_export.VideoUnavailable, match=r"pip install 'guiad\[video\]'"):
        export_mp4(parse("sin(x)"), 1.0, tmp_path / "w.mp4")
    assert not (tmp_path / "w.mp4").exists()


def test_exported_frames_show_no_play_controls(qapp):
    with offscreen_panel(parse("x*sin(x)"), 2.0, "reverse", (960, 400)) as panel:
        assert not panel.controls.isVisible()
        assert panel.view.isVisible()
        assert panel.banner.isVisible()


def test_an_encoder_failure_gives_ffmpegs_reason_and_no_file(qapp, monkeypatch, tmp_path):
    if importlib.util.find_spec("imageio_ffmpeg") is None:
        pytest.skip("the video extra is not installed")
    monkeypatch.setattr(walkthrough_export, "VIDEO_PARAMS", ("-preset", "nonsense"))
    with pytest.raises(OSError, match=r"ffmpeg could not write the video: .*nonsense"):
        export_mp4(parse("sin(x)"), 1.0, tmp_path / "w.mp4", size=(320, 180))
    assert list(tmp_path.iterdir()) == []
