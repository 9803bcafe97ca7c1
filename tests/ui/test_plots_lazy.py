"""What the plot panel makes late or draws a faster way must look and work the same.

The FD lab and the plots of f″ and of the error are made when first shown (the window's
first frame does not need them); the axes draw their grid lines as pixel rectangles; a wait
for background work sleeps instead of spinning. Each is checked against an independent
reference: the closed-form derivative, pyqtgraph's own axis, the core's numbers.
"""

from __future__ import annotations

import threading

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGraphicsItem

from guiad.core.engine import evaluate
from guiad.core.expression import parse
from guiad.ui import theme
from guiad.ui.plots.panel import PlotPanel
from guiad.ui.widgets.plot_view import CachedAxis, style_axes
from guiad.ui.widgets.worker import BackgroundEvaluator

pytestmark = [
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]

SEED = "exp(sin(sin(x)))"


def seed_df(x):
    """The chain rule by hand, independent of the engine."""
    return np.exp(np.sin(np.sin(x))) * np.cos(np.sin(x)) * np.cos(x)


@pytest.fixture
def panel(qtbot):
    widget = PlotPanel()
    qtbot.addWidget(widget)
    widget.resize(1000, 650)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close()


def test_the_fd_lab_works_when_first_opened_after_edits(panel, qtbot):
    panel.set_graph(parse("x*x"))
    panel.set_graph(parse(SEED))
    panel.set_x0(1.0)
    panel.set_fd_step(1e-3)  # chosen while the lab was never shown
    with qtbot.waitSignal(panel.fd_updated, timeout=10_000):
        panel.set_fd_lab(True)
    assert panel.plots_shown() == ["f", "df", "error", "error_vs_h"]
    assert panel.lab.h_line.value() == pytest.approx(-3.0)  # log10(h): the h chosen before
    h, error = panel.error_vs_h()
    assert h.size > 10
    assert np.isfinite(error).any()
    x, fd = panel.curve("fd")
    np.testing.assert_allclose(fd, seed_df(x), atol=1e-5)  # central difference, h = 1e-3
    x, error = panel.curve("error")
    assert x.size == 2001
    assert np.nanmax(error) < 1e-5
    # the lab's h line drives the step like before
    panel.lab.step_chosen.emit(1e-6)
    assert panel.fd_step() == 1e-6


def test_the_second_derivative_plot_made_late_shows_the_current_curve_and_spans(panel):
    panel.set_graph(parse("log(x)"))
    panel.set_range(-2.0, 2.0, 401)
    panel.set_second_visible(True)
    x, d2f = panel.curve("d2f")
    assert x.size == 401
    defined = x > 0
    np.testing.assert_allclose(d2f[defined], -1.0 / x[defined] ** 2, rtol=1e-12)
    assert np.isnan(d2f[~defined]).all()
    ((start, end, reason),) = panel.undefined_regions(2)
    assert start == -2.0
    assert end == pytest.approx(0.0, abs=0.01)
    assert "log" in reason
    # and it follows later edits
    panel.set_graph(parse("x*x*x"))
    x, d2f = panel.curve("d2f")
    np.testing.assert_allclose(d2f, 6.0 * x, rtol=1e-12, atol=1e-12)
    assert panel.undefined_regions(2) == []


def test_hidden_plots_are_not_made_until_shown(panel):
    panel.set_graph(parse(SEED))
    assert panel.plots_shown() == ["f", "df"]
    assert len(panel.view.x0_lines) == 2  # only the two shown plots exist
    assert panel.curve("d2f")[0].size == 0
    assert panel.curve("error")[0].size == 0


def test_the_dashed_overlays_made_late_draw_the_right_curves(panel, qtbot):
    panel.set_graph(parse("x*x"))  # x used twice: the mistake differs from f′
    assert not {"fd", "mistake"} & set(panel.view._curves)
    panel.set_overwrite_mistake(True)
    x, wrong = panel.view.curve_data("mistake")
    np.testing.assert_allclose(wrong, x, rtol=1e-12)  # '=' keeps one of the two terms: x
    assert "f′ with = where += belongs (the mistake)" in panel.view.legend_text()
    panel.set_overwrite_mistake(False)
    assert "mistake" not in panel.view.legend_text()
    with qtbot.waitSignal(panel.fd_updated, timeout=10_000):
        panel.set_fd_lab(True)
    x, fd = panel.curve("fd")
    np.testing.assert_allclose(fd, 2 * x, atol=1e-6)  # (x+h)² − (x−h)² = 4xh exactly
    assert "central difference, step h" in panel.view.legend_text()


# ---- the grid: the same pixels as pyqtgraph's own cached axis ------------------------------


class PyqtgraphCachedAxis(pg.AxisItem):
    """The reference: pyqtgraph's axis, cached as CachedAxis is, drawing its own grid."""

    def __init__(self, orientation: str):
        super().__init__(orientation)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def render_plot(qtbot, axis_class, size, y_range, x_range, margin):
    view = pg.GraphicsLayoutWidget()
    qtbot.addWidget(view)
    view.setBackground(theme.PAPER)
    view.ci.setContentsMargins(margin, margin / 3, 12, 4)  # fractional item positions
    plot = pg.PlotItem(axisItems={name: axis_class(name) for name in ("left", "bottom")})
    style_axes(plot)
    for name in ("left", "bottom"):
        plot.getAxis(name).setStyle(maxTickLevel=1)
    plot.showGrid(x=True, y=True, alpha=0.15)
    plot.hideButtons()
    x = np.linspace(*x_range, 50)
    plot.plot(x, np.linspace(*y_range, 50), pen=pg.mkPen("#2563eb", width=2))
    view.ci.addItem(plot)
    view.resize(*size)
    plot.setXRange(*x_range, padding=0)
    plot.setYRange(*y_range, padding=0.06)
    view.show()
    qtbot.waitExposed(view)
    image = view.grab().toImage()
    view.close()
    return image


@pytest.mark.parametrize("seed", range(12))
def test_the_grid_drawn_as_rectangles_has_the_pixels_of_pyqtgraphs_lines(qtbot, seed):
    rng = np.random.default_rng(seed)
    size = (int(rng.integers(300, 900)), int(rng.integers(150, 500)))
    low = rng.uniform(-100, 100)
    y_range = (low, low + 10 ** rng.uniform(-3, 3))
    low = rng.uniform(-10, 10)
    x_range = (low, low + 10 ** rng.uniform(-2, 2))
    margin = float(rng.uniform(0, 9))
    ours = render_plot(qtbot, CachedAxis, size, y_range, x_range, margin)
    theirs = render_plot(qtbot, PyqtgraphCachedAxis, size, y_range, x_range, margin)
    assert ours.size() == theirs.size()
    assert ours == theirs


def test_the_panel_draws_its_grid_like_pyqtgraph(panel, qtbot, monkeypatch):
    """The whole panel, not a lone plot: the same picture with pyqtgraph drawing the grid."""
    panel.set_graph(parse(SEED))
    panel.set_second_visible(True)
    ours = panel.canvas.grab().toImage()
    monkeypatch.setattr(CachedAxis, "drawPicture", pg.AxisItem.drawPicture)
    for name in ("f", "df", "d2f"):
        for side in ("left", "bottom"):
            axis = panel.plot_item(name).getAxis(side)
            axis._lines = []  # what ours would add after pyqtgraph's picture: nothing
            axis.picture = None
            axis.update()
    theirs = panel.canvas.grab().toImage()
    assert ours == theirs


# ---- waiting for background work -----------------------------------------------------------


def test_wait_returns_once_the_result_is_delivered(qtbot):
    evaluator = BackgroundEvaluator()
    release = threading.Event()
    delivered = []
    evaluator.finished.connect(delivered.append)
    evaluator.submit(lambda abort: release.wait(10) and "done")
    assert not evaluator.wait(60)  # still running: the wait gives up at its timeout
    assert evaluator.pending
    assert delivered == []
    release.set()
    assert evaluator.wait(10_000)
    assert delivered == ["done"]
    assert not evaluator.pending
    evaluator.shutdown()


def test_a_large_edit_waited_for_shows_the_cores_numbers(panel):
    panel.set_range(-4.0, 4.0, 400_001)  # above SYNC_POINTS: evaluated in the background
    panel.set_graph(parse(SEED))
    assert panel.wait_for_data()
    x, df = panel.curve("df")
    np.testing.assert_array_equal(df, evaluate(parse(SEED), x, order=1).df)


# ---- the plots' right-click menu, built on first use -------------------------------------


class RightClick:
    """What pyqtgraph's scene reads of a click event when it builds a context menu."""

    def __init__(self, item):
        self.acceptedItem = item


def menu_texts(view_box, scene) -> list[str]:
    event = RightClick(view_box)
    menu = view_box.getMenu(event)
    scene.addParentContextMenus(view_box, menu, event)
    return [action.text() for action in menu.actions()]


def test_the_right_click_menu_built_late_is_pyqtgraphs_with_the_panels_actions(panel, qtbot):
    reference = pg.GraphicsLayoutWidget()
    qtbot.addWidget(reference)
    plot = reference.ci.addPlot()
    reference.scene().contextMenu = [
        QAction(action.text(), reference) for action in panel.canvas.scene().contextMenu
    ]
    expected = menu_texts(plot.vb, reference.scene())
    for name in ("f", "df"):
        view_box = panel.plot_item(name).vb
        assert view_box.menuEnabled()  # a right-click opens it
        assert menu_texts(view_box, panel.canvas.scene()) == expected
    assert "Fit view (ignoring spikes)" in expected
    assert "View All" in expected
