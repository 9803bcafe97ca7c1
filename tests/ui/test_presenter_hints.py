"""Presenter mode reaches the quiet hints whose style sheets set 11 px (issue 23 item 6):
the walkthrough's "Not all in view" and the canvas's help line; a sheet set again after the
scaling is scaled too."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from guiad.core.expression import parse
from guiad.ui.widgets import text_scale
from guiad.ui.window import presenter


@pytest.fixture(autouse=True)
def _font_back(qapp):
    yield
    presenter.apply_scale(1.0)


def _px(label: QLabel) -> int:
    """The label's text height as drawn: its font after the style sheet."""
    label.ensurePolished()
    return label.fontInfo().pixelSize()


def test_the_canvas_help_grows_with_the_presenter_scale(make_window, qtbot):
    window = make_window()
    window.build_mode.set_on(True)
    message = window.build_mode.canvas.message
    assert _px(message) == 11
    window.presenter_menu.set_scale(2.0)
    assert _px(message) == 22
    window.build_mode.set_on(False)
    window.build_mode.set_on(True)  # (the canvas writes its line again: still 22 px)
    assert _px(window.build_mode.canvas.message) == 22
    window.presenter_menu.set_scale(1.0)
    assert _px(message) == 11


def test_the_walkthroughs_hint_is_made_at_the_scale(make_window, qtbot):
    window = make_window()
    window.presenter_menu.set_scale(1.5)
    expr = "sin(" * 90 + "x" + ")" * 90  # (too long to show whole: the hint says so)
    window.editor.set_graph(parse(expr), expr)
    view = window.walkthrough.view
    qtbot.waitUntil(view.hint_shown)
    hint = next(w for w in view.findChildren(QLabel) if w.text() == view.HINT)
    assert abs(_px(hint) - 11 * 1.5) <= 0.5  # (16.5 px drawn at 16 or 17)
    window.presenter_menu.set_scale(2.0)
    assert _px(hint) == 22


def test_a_sheet_written_anew_is_taken_as_unscaled(qapp):
    label = QLabel("hint")
    text_scale.apply_scale(2.0)
    text_scale.set_sheet(label, "color: red; font-size: 10px;")
    assert _px(label) == 20
    label.setStyleSheet("font-size: 12px;")  # (set without the helper: scaled at the next)
    text_scale.apply_scale(1.5)
    assert _px(label) == 18
    other = QLabel("sized for its words")
    other.setStyleSheet("font-size: 11px;")  # (never given to set_sheet: left alone)
    text_scale.apply_scale(2.0)
    assert _px(other) == 11


def test_the_plots_words_grow_with_the_scale(make_window, qtbot):
    """Legends, axis labels, the x0 note and the slices' titles are pyqtgraph text items,
    which keep the font they were made with: presenter mode sets them anew."""
    from PySide6.QtWidgets import QApplication

    window = make_window()
    base = QApplication.font().pointSizeF()
    curves = window.plots.view
    axis = curves.plot("f").getAxis("left")
    window.presenter_menu.set_scale(2.0)
    assert curves.legend.item.font().pointSizeF() == pytest.approx(2 * base)
    assert axis.label.font().pointSizeF() == pytest.approx(2 * base)
    assert curves.x0_note.textItem.font().pointSizeF() == pytest.approx(2 * base)
    expr = "x*y + sin(x)"
    window.editor.set_graph(parse(expr), expr)  # (the surface, made at 2×)
    qtbot.waitUntil(lambda: window.plot_stack.surface is not None)
    title = window.plot_stack.surface.slices.columns[0].title
    qtbot.waitUntil(lambda: "along" in title.text)
    assert title.opts["size"] == "18pt"  # (9 pt × 2)
    window.presenter_menu.set_scale(1.5)
    assert title.opts["size"] == "13.5pt"
    assert axis.label.font().pointSizeF() == pytest.approx(1.5 * base)


@pytest.mark.parametrize("scale", text_scale.SCALES)
def test_the_strips_hint_grows_with_the_scale_and_shows_only_whole(make_window, qtbot, scale):
    """The strip's "Drag ops…" hint was 11 px at every scale (a sheet of its own), and at 22 px
    it ran out of its 230 px box: now it grows, and shows only where all of it fits."""
    from guiad.ui.window.main_window import STRIP_HEIGHT

    window = make_window()
    window.resize(1920, 1080)
    window.presenter_menu.set_scale(scale)
    qtbot.wait(10)
    hint = window.chain_dock.widget().hint
    assert abs(_px(hint) - 11 * scale) <= 0.5
    if scale <= 1.5:  # (room enough beside the strip at 1920 px)
        qtbot.waitUntil(hint.isVisible)
    if hint.isVisible():
        assert hint.heightForWidth(hint.width()) <= STRIP_HEIGHT
        assert hint.height() >= hint.heightForWidth(hint.width())  # nothing clipped


def test_the_ops_palette_widens_with_its_words_within_a_share_of_the_window(make_window, qtbot):
    window = make_window()
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.width() == 1920)
    dock = window.palette_dock
    before = dock.width()
    window.presenter_menu.set_scale(2.0)
    qtbot.waitUntil(lambda: dock.width() > before)  # (the docks move at the next layout)
    assert dock.width() <= round(1920 * presenter.DOCK_SHARE)
    # its title: Qt paints it in the font the dock was made with while the dock's font is
    # its class's, so the dock has one of its own, at the scale
    from PySide6.QtWidgets import QApplication

    assert dock.font() != QApplication.font("QDockWidget")
    assert dock.font().pointSizeF() == pytest.approx(QApplication.font().pointSizeF())
    window.presenter_menu.set_scale(1.0)
    qtbot.waitUntil(lambda: dock.width() == before)


@pytest.mark.parametrize("scale", text_scale.SCALES)
@pytest.mark.parametrize("text", ["x", "y", "x1", "w"])
def test_the_strips_pills_keep_their_letters_inside_the_ring(qapp, scale, text):
    """At 2× the x and y pills' letters (22 pt in a 30 px ring) touched the ring."""
    import math

    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF

    from guiad.ui.chain.strip import PILL_FILL, _card_font, pill_font

    text_scale.apply_scale(scale)
    font = _card_font(QApplication.font())
    pill = QRectF(0, 0, 32, 30)
    box = QFontMetricsF(pill_font(font, pill, text)).tightBoundingRect(text)
    assert math.hypot(box.width(), box.height()) <= PILL_FILL * pill.height()
    if scale == 1.0 and text in ("x", "y"):
        assert pill_font(font, pill, text) == font  # as drawn before at 1×


def test_the_answer_boxs_line_and_buttons_follow_the_scale(make_window):
    """At 2× the tutor's question was 18 pt and its answer line, Check and Skip stayed 9 pt
    (its style sheet had fixed their fonts when they were first polished)."""
    window = make_window()
    box = window.tutor.box
    parts = (box.prompt, box.answer, box.check_button, box.skip_button)
    before = [part.fontInfo().pointSizeF() for part in parts]
    window.presenter_menu.set_scale(2.0)
    assert [part.fontInfo().pointSizeF() for part in parts] == pytest.approx(
        [2 * size for size in before], abs=0.6
    )
    window.presenter_menu.set_scale(1.0)
    assert [part.fontInfo().pointSizeF() for part in parts] == pytest.approx(before, abs=0.1)
