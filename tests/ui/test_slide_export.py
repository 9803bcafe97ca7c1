"""The GIF and MP4 laid out for a slide (issue 23 item 6): the graph large, the current
step's table row in type whose digits stand ≥ 24 px tall in a 1080p frame (measured in the
rendered image), the function typeset as the title; the window's exports are slides in
presenter mode and unchanged without it."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtGui import QColor, QImage

from guiad.core.expression import parse
from guiad.ui import theme
from guiad.ui.walkthrough.export import gif_frames
from guiad.ui.walkthrough.export_part import GIF_SIZE, frame_drawer, offscreen_panel
from guiad.ui.walkthrough.slide import SLIDE_GIF_SIZE, math_html, render_slide, title_html
from guiad.ui.window import presenter

BAYDIN = "log(x1) + x1*x2 - sin(x2)"


@pytest.fixture(autouse=True)
def _font_back(qapp):
    yield
    presenter.apply_scale(1.0)


def _pixels(image: QImage) -> np.ndarray:
    """The image as rows × columns × (b, g, r, x) bytes."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(bytes(image.constBits()), np.uint8)
    return data.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width()]


def _ink_lines(pixels: np.ndarray, colour: str, top: int) -> list[int]:
    """Heights of the runs of pixel rows below ``top`` holding text in ``colour``."""
    c = QColor(colour)
    want = np.array([c.blue(), c.green(), c.red()], dtype=int)
    near = np.abs(pixels[top:, :, :3].astype(int) - want).sum(axis=2) < 40
    rows = np.flatnonzero(near.sum(axis=1) >= 2)
    if rows.size == 0:
        return []
    runs, start = [], None
    for a, b in zip(rows, [*rows[1:], -9], strict=True):
        start = a if start is None else start
        if b != a + 1:
            runs.append(int(a - start + 1))
            start = None
    return runs


@pytest.mark.parametrize(("expr", "at"), [(BAYDIN, (2.0, 5.0)), ("exp(sin(sin(x)))", 2.0)])
def test_a_1080p_slide_shows_the_current_row_in_large_type(qapp, expr, at):
    size = (1920, 1080)
    with offscreen_panel(parse(expr), at, "reverse", size, slide=True) as panel:
        last = len(panel.timeline) - 1
        for step in (3, last // 2, last):
            panel.seek(step)
            image = render_slide(panel, size)
            assert (image.width(), image.height()) == size
            pixels = _pixels(image)
            table_top = round(size[1] * 0.84)  # the row sits in the frame's last sixth
            # the row's numbers: values in blue, adjoints in orange (whichever it shows)
            lines = _ink_lines(pixels, theme.FORWARD, table_top) + _ink_lines(
                pixels, theme.BACKWARD, table_top
            )
            assert lines, f"step {step}: no number in the table row"
            assert min(lines) >= 24, (step, lines)


def test_the_slides_graph_is_larger_than_the_plain_frames(qapp):
    from guiad.ui.walkthrough.items import LABEL_PX

    graph = parse(BAYDIN)
    with offscreen_panel(graph, (2.0, 5.0), "reverse", (1920, 1080), slide=True) as panel:
        rect = panel.scene.sceneRect()
        slide_scale = min(1840 / rect.width(), 640 / rect.height())  # (its box, at least)
    assert LABEL_PX * slide_scale >= 24


def test_the_title_is_typeset():
    assert math_html("(1 - x)^2 + 100*(y - x^2)^2") == (
        "(1 − <i>x</i>)<sup>2</sup> + 100 · (<i>y</i> − <i>x</i><sup>2</sup>)<sup>2</sup>"
    )
    assert math_html("log(x1) + x1*x2") == (
        "log(<i>x</i><sub>1</sub>) + <i>x</i><sub>1</sub> · <i>x</i><sub>2</sub>"
    )
    assert math_html("exp(x)^0.5^x") == "exp(<i>x</i>)<sup>0.5<sup><i>x</i></sup></sup>"
    assert math_html("x^(a + 1)") == "<i>x</i><sup><i>a</i> + 1</sup>"
    assert math_html("log(1 + exp(-(w*x + b)))") == (
        "log(1 + exp(−(<i>w</i> · <i>x</i> + <i>b</i>)))"
    )
    assert math_html("-x^2") == "−<i>x</i><sup>2</sup>"


@pytest.mark.parametrize(
    ("expr", "at", "said", "not_said"),
    [
        ("exp(sin(sin(x)))", 0.3850931677018634, "<i>x</i> = 0.3851<", "0.38509"),
        ("x*sin(x)", -2.5, "<i>x</i> = −2.5<", "2.5000"),
        (BAYDIN, (2.0, 5.0), ") = (2, 5)<", "2.0000"),
        (BAYDIN, (1 / 3, 5.0), ") = (0.3333, 5)<", "0.33333"),
    ],
)
def test_the_title_writes_the_point_as_the_walkthrough_does(qapp, expr, at, said, not_said):
    """A clicked x0 (0.3850931677018634) reads 0.3851 as in the table, not in full; a
    point typed short (2, −2.5) stays short rather than 2.0000."""
    with offscreen_panel(parse(expr), at, "reverse", GIF_SIZE, slide=True) as panel:
        html = title_html(panel)
    assert said in html
    assert not_said not in html


def test_without_slide_the_frames_are_the_panels_own(qapp):
    assert frame_drawer(GIF_SIZE, slide=False) is None
    with offscreen_panel(parse("x*sin(x)"), 2.0, "reverse", GIF_SIZE) as panel:
        image, _ = next(gif_frames(panel))
        assert (image.width(), image.height()) == GIF_SIZE
        assert panel.step_banner.isVisible()  # (the slide hides it: it draws its own)


def test_the_window_exports_slides_in_presenter_mode(make_window, qtbot, tmp_path):
    from guiad.ui.walkthrough.export_job import GIF

    window = make_window()
    window.editor.set_graph(parse("x*sin(x)"), "x*sin(x)")
    sizes = {}
    for scale in (1.0, 2.0):
        window.presenter_menu.set_scale(scale)
        path = tmp_path / f"w{scale:g}.gif"
        job = window.walkthrough.exports.animation_job(GIF, str(path))
        with qtbot.waitSignal(job.finished, timeout=60_000) as done:
            job.start()
        assert done.args == [None]
        with Image.open(path) as image:
            sizes[scale] = image.size
    assert sizes == {1.0: GIF_SIZE, 2.0: SLIDE_GIF_SIZE}


def test_an_undefined_end_is_said_in_red_as_in_the_window(qapp):
    size = (1920, 1080)
    with offscreen_panel(parse("log(sin(x))"), 4.0, "reverse", size, slide=True) as panel:
        panel.seek(len(panel.timeline) - 1)
        pixels = _pixels(render_slide(panel, size))
    banner = pixels[round(0.08 * size[1]) : round(0.15 * size[1])]  # (under the title)
    red = QColor(theme.UNDEFINED)
    want = np.array([red.blue(), red.green(), red.red()], dtype=int)
    assert (np.abs(banner[:, :, :3].astype(int) - want).sum(axis=2) < 40).sum() > 500


def test_a_1080p_frame_draws_the_graph_to_its_size(qapp):
    """Presenter off, a 1080p MP4's frame drew the seed 675 px wide in a 1590 px view
    (labels 18 px, capped at the window's 1.3× zoom); it is now drawn at 2× the 540p
    frame's size, its banner, pill and table with it. A GIF's 450 px frame is as before."""
    from guiad.ui.walkthrough.export_part import VIDEO_SIZE, frame_scale
    from guiad.ui.walkthrough.items import LABEL_PX

    assert frame_scale(GIF_SIZE) == 1.0
    with offscreen_panel(parse("exp(sin(sin(x)))"), 2.0, "reverse", VIDEO_SIZE) as panel:
        panel.seek(len(panel.timeline) - 1)
        view = panel.view
        assert view.fits()
        assert LABEL_PX * view.transform().m11() >= 24  # (was 18.2)
        drawn = view.mapFromScene(panel.scene.itemsBoundingRect()).boundingRect()
        assert drawn.width() >= 0.8 * view.viewport().width()
        assert panel.step_banner.phase_label.font().pointSizeF() >= 2 * qapp.font().pointSizeF()
        assert panel.table.font().pointSizeF() >= 2 * qapp.font().pointSizeF()  # (was 11 px)
