"""View ▸ Presenter (issue 23 item 6): every text of the window larger, nothing clipped, at
1280×800 and 1920×1080; the choice kept; the graph as large as the room allows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QToolButton

from guiad.core.expression import parse
from guiad.ui.walkthrough.banner import BANNER_PT
from guiad.ui.walkthrough.items import LABEL_PX, READABLE_PX
from guiad.ui.window import presenter


@pytest.fixture(autouse=True)
def _font_back(qapp):
    """The application's font is the process's: each test leaves it as it found it."""
    yield
    presenter.apply_scale(1.0)


def _clipped(window) -> list[str]:
    """The single-line labels and buttons shown narrower or lower than their text needs."""
    out = []
    for box in window.walkthrough.controls.findChildren(QComboBox):
        if box.isVisibleTo(window) and box.width() < box.sizeHint().width():
            out.append(f"QComboBox {box.currentText()!r} {box.size()} < {box.sizeHint()}")
    for widget in window.findChildren(QAbstractButton) + window.findChildren(QLabel):
        if not widget.isVisibleTo(window) or not widget.text():
            continue
        if isinstance(widget, QLabel) and (widget.wordWrap() or widget.pixmap().width()):
            continue
        if isinstance(widget, QToolButton) and (
            widget.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
        ):
            continue  # its text is its tooltip's
        need = widget.minimumSizeHint()
        if widget.width() < need.width() - 1 or widget.height() < widget.fontMetrics().height():
            out.append(f"{type(widget).__name__} {widget.text()!r} {widget.size()} < {need}")
    return out


@pytest.mark.parametrize("expr", ["x*sin(x)", "log(x1) + x1*x2 - sin(x2)"])
@pytest.mark.parametrize(("size", "scale"), [((1280, 800), 1.5), ((1920, 1080), 2.0)])
def test_every_text_grows_and_none_is_clipped(make_window, qtbot, size, scale, expr):
    window = make_window()
    base = QApplication.font().pointSizeF()
    window.editor.set_graph(parse(expr), expr)
    window.resize(*size)
    window.walkthrough.seek(9)
    window.presenter_menu.set_scale(scale)
    qtbot.wait(50)
    assert QApplication.font().pointSizeF() == pytest.approx(base * scale)
    walkthrough = window.walkthrough
    assert walkthrough.banner.font().pointSizeF() == pytest.approx(BANNER_PT * scale)
    assert walkthrough.table.row_px() >= walkthrough.table.fontMetrics().height() + 6
    # the views the platform gives fonts of their own, and the expression's own face
    for view in (window.strip, walkthrough.table, walkthrough.trace_view, window.palette.list):
        assert view.font().pointSizeF() == pytest.approx(base * scale), view
    assert window.expression_box.edit.font().pointSizeF() == pytest.approx(base * scale * 1.2)
    # widgets a style sheet had fixed the font of: the tutor's box, the phase pill
    for styled in (window.tutor.box, walkthrough.step_banner.phase_label):
        assert styled.font().pointSizeF() == pytest.approx(base * scale), styled
    try:  # (the layouts settle over a few passes of the event loop)
        qtbot.waitUntil(lambda: _clipped(window) == [], timeout=2000)
    except qtbot.TimeoutError:
        pytest.fail("\n".join(_clipped(window)))
    # the graph: its labels readable, and whole or the view says it is not
    zoom = walkthrough.view.transform().m11()
    assert LABEL_PX * zoom >= READABLE_PX
    assert walkthrough.view.fits() or walkthrough.view.hint_shown()


def test_the_scale_is_kept_and_steps_round(make_window):
    window = make_window()
    menu = window.presenter_menu
    base = QApplication.font().pointSizeF()
    assert menu.scale() == 1.0
    for expected in (1.25, 1.5, 2.0, 1.0):
        menu.next_action.trigger()
        assert menu.scale() == expected
        assert QApplication.font().pointSizeF() == pytest.approx(base * expected)
    menu.set_scale(1.5)
    presenter.apply_scale(1.0)
    again = make_window()  # the same storage: 1.5× comes back
    assert again.presenter_menu.scale() == 1.5
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.5)
    with pytest.raises(ValueError, match="presenter scales"):
        menu.set_scale(3.0)


def test_a_kept_scale_that_is_not_offered_is_ignored(window, make_window):
    window.storage.settings.setValue(presenter.KEY, "7")
    assert make_window().presenter_menu.scale() == 1.0


def test_an_exported_frame_at_2x_has_24_px_table_text(qapp):
    from PySide6.QtGui import QFontInfo

    from guiad.ui.walkthrough.export_part import offscreen_panel

    before = QApplication.font().pointSizeF()
    with offscreen_panel(parse("x*sin(x)"), 2.0, "reverse", (1920, 1080), text_scale=2.0) as p:
        assert QFontInfo(p.table.font()).pixelSize() >= 24  # the bar for a 1080p video
        assert p.banner.font().pointSizeF() == pytest.approx(BANNER_PT * 2)
    assert QApplication.font().pointSizeF() == before  # the application's fonts as they were
