"""A long export never shows a partial file under the name asked for: the GIF and the MP4
are written beside it and renamed when complete (an MP4 showed a 48-byte file during its
whole encode; core/atomic.replacing)."""

from __future__ import annotations

import importlib.util

import pytest

from guiad.core.expression import parse
from guiad.ui.walkthrough import export
from guiad.ui.walkthrough.export_part import offscreen_panel


@pytest.mark.parametrize("kind", ["gif", "mp4"])
def test_the_file_appears_only_when_the_export_is_complete(qapp, monkeypatch, tmp_path, kind):
    if kind == "mp4" and importlib.util.find_spec("imageio_ffmpeg") is None:
        pytest.skip("the video extra is not installed")
    target = tmp_path / f"walk.{kind}"
    seen = []
    image = export._image

    def frame(panel):
        seen.append(target.exists())  # while frames are made, nothing under the name
        return image(panel)

    monkeypatch.setattr(export, "_image", frame)
    with offscreen_panel(parse("exp(sin(x))"), 1.0, "reverse", (400, 300)) as panel:
        (export.write_gif if kind == "gif" else export.write_mp4)(panel, target)
    assert seen
    assert not any(seen)
    assert target.stat().st_size > 1000
    assert sorted(tmp_path.iterdir()) == [target]
