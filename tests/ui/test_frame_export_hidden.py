"""A walkthrough frame exports even while View ▸ Layout shows the plots only (the monkey's
seed 77 found 'could not write' there: a hidden panel's grab is empty)."""

from __future__ import annotations

from PIL import Image

from guiad.core.expression import parse


def test_frame_png_and_svg_export_with_the_walkthrough_hidden(window, tmp_path):
    window.document.set_graph(parse("x*sin(x)"))
    window.walkthrough.go_to_end()
    window.stage.set_parts("plots")
    assert not window.walkthrough.isVisible()
    window.walkthrough.export_frame_png(str(tmp_path / "frame.png"))
    with Image.open(tmp_path / "frame.png") as image:
        assert image.size == (2400, 900)  # FRAME_SIZE, drawn at twice: crisp
        assert len(image.getcolors(maxcolors=1 << 24)) > 50  # a drawing, not a blank
    window.walkthrough.export_frame_svg(str(tmp_path / "frame.svg"))
    svg = (tmp_path / "frame.svg").read_text()
    assert "Done" in svg  # the copy shows the same step as the hidden panel
