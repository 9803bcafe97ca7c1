"""Graphs of several inputs in the walkthrough: long ones wrap into bands of layers, and
every node and label shows inside the view at 11 px or more where the window leaves the
walkthrough the room (typed into a real window at 1024×768, 1280×800, 1920×1080)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QLabel

from guiad.core.expression import parse
from guiad.ui.walkthrough.panel import WalkthroughPanel
from tests.ui.test_walkthrough_fit import WINDOWS, assert_whole_and_readable, labels, on_screen

LOGISTIC = "log(1 + exp(-(w*x + b)))"
ROSENBROCK = "(1 - x)^2 + 100*(y - x^2)^2"
PRODUCT = "x*y*z*w"
GRAPHS = {"logistic": LOGISTIC, "rosenbrock": ROSENBROCK, "product": PRODUCT}

# Stacked under the surface view (which keeps 480×340 of the stage), the walkthrough's graph
# gets about 1000×190 px at 1280×800 and 744×150 at 1024×768: at 11 px the logistic loss
# needs 1000×334 (two bands) or 1267×174 (one), Rosenbrock 1000×380. There the view keeps
# 11 px and follows the current node; View ▸ Walkthrough only (Ctrl+3) shows them whole.
TOO_LARGE = {
    ("logistic", "1280x800"),
    ("rosenbrock", "1280x800"),
    ("logistic", "1024x768"),
    ("rosenbrock", "1024x768"),
    ("product", "1024x768"),
}
CASES = [(name, window) for window in WINDOWS for name in GRAPHS]


@pytest.fixture
def typed(make_window, qtbot):
    """A main window at ``size`` with ``text`` typed into its expression box."""

    def make(size, text, walkthrough_only=False):
        window = make_window()
        window.resize(*size)
        qtbot.waitUntil(lambda: window.size().toTuple() == size)
        panel = window.walkthrough
        if walkthrough_only:  # View ▸ Layout ▸ Walkthrough only
            stage = panel.parentWidget()
            stage.set_parts("walkthrough")
            qtbot.waitUntil(lambda: panel.height() >= stage.height() - 1)
        window.expression_box.edit.setText(text)
        window.expression_box.submit()
        qtbot.waitUntil(lambda: panel.timeline is not None and panel.graph() == parse(text))
        qtbot.wait(50)  # the panel's splitter lays out anew (the table shown or hidden)
        qtbot.waitUntil(lambda: not panel.view.relayout_pending())  # the size has settled
        return panel

    return make


def steps(panel):
    return (0, len(panel.timeline) // 2, len(panel.timeline) - 1)


def assert_readable_and_following(panel):
    view = panel.view
    viewport = QRectF(view.viewport().rect())
    for step in range(0, len(panel.timeline), 5):
        panel.seek(step)
        zoom = view.transform().m11()
        assert all(label.pixel_size() * zoom >= 11 for label in labels(panel))
        current = panel.scene.nodes[panel.timeline.current.node]
        assert viewport.contains(on_screen(view, current.sceneBoundingRect()))


@pytest.mark.parametrize(("name", "window"), CASES)
def test_typed_in_the_window_the_graph_is_whole_and_readable(typed, name, window):
    panel = typed(WINDOWS[window], GRAPHS[name])
    if (name, window) in TOO_LARGE:
        assert_readable_and_following(panel)
        return
    for step in steps(panel):
        panel.seek(step)
        assert_whole_and_readable(panel)


@pytest.mark.parametrize(("name", "window"), CASES)
def test_walkthrough_only_shows_the_graph_whole(typed, name, window):
    panel = typed(WINDOWS[window], GRAPHS[name], walkthrough_only=True)
    for step in steps(panel):
        panel.seek(step)
        assert_whole_and_readable(panel)


def test_the_logistic_loss_wraps_into_bands_in_a_window_too_narrow_for_one(typed):
    panel = typed(WINDOWS["1920x1080"], LOGISTIC)
    rows = sorted({round(node.pos().y()) for node in panel.scene.nodes})
    xs = {round(node.pos().x()) for node in panel.scene.nodes}
    assert 0 < panel.scene.columns < 7  # 7 layers, fewer a band
    assert len(xs) == panel.scene.columns
    assert rows[-1] - rows[0] > 2 * 116  # bands below bands (a band of it is 1 row high)


@pytest.fixture
def tall_panel(qtbot):
    made = []

    def make(text, size=(960, 950)):
        panel = WalkthroughPanel()
        qtbot.addWidget(panel)
        panel.resize(*size)
        panel.show()
        qtbot.waitExposed(panel)
        panel.set_graph(parse(text))
        qtbot.waitUntil(lambda: not panel.view.relayout_pending())
        made.append(panel)
        return panel

    yield make
    for panel in made:
        panel.stop()


@pytest.mark.parametrize("name", list(GRAPHS))
@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_wrapped_labels_sit_on_no_edge_no_node_and_no_other_label(tall_panel, name, mode):
    panel = tall_panel(GRAPHS[name], size=(900, 950))
    panel.set_mode(mode)
    panel.go_to_end()  # every label shown
    if name != "product":
        assert panel.scene.columns > 0  # wrapped into bands
    shown = labels(panel)
    rects = [label.sceneBoundingRect().adjusted(2, 2, -2, -2) for label in shown]
    for a in range(len(rects)):
        for b in range(a + 1, len(rects)):
            assert not rects[a].intersects(rects[b]), (shown[a].text(), shown[b].text())
    boxes = [node.sceneBoundingRect() for node in panel.scene.nodes]
    for label, rect in zip(shown, rects, strict=True):
        assert not any(rect.intersects(box) for box in boxes), label.text()
    for key, edge in panel.scene.edges.items():
        points = [edge.path.pointAtPercent(k / 200) for k in range(201)]
        for label, rect in zip(shown, rects, strict=True):
            assert not any(rect.contains(p) for p in points), (key, label.text())


@pytest.mark.parametrize("name", list(GRAPHS))
def test_edges_and_turns_pass_no_node_but_their_own(tall_panel, name):
    panel = tall_panel(GRAPHS[name], size=(900, 950))
    graph = panel.graph()
    for (node, position), edge in panel.scene.edges.items():
        ends = {node, graph.nodes[node].inputs[position]}
        points = [edge.path.pointAtPercent(k / 200) for k in range(201)]
        for other in panel.scene.nodes:
            if other.index in ends:
                continue
            box = other.sceneBoundingRect()
            assert not any(box.contains(p) for p in points), (node, position, other.index)


def test_the_view_says_when_part_of_the_graph_is_out_of_view(typed):
    cut = typed(WINDOWS["1280x800"], LOGISTIC)  # stacked under the surface view
    assert not cut.view.fits()
    assert cut.view.hint_shown()
    hint = cut.view.findChild(QLabel)
    viewport = cut.view.viewport().geometry()
    assert viewport.contains(hint.geometry())
    assert "drag to pan" in hint.text()
    cut.view.zoom(0.5)  # zoomed out by hand: it has done its job
    assert not cut.view.hint_shown()
    cut.fit()
    assert cut.view.hint_shown()


def test_no_hint_where_the_graph_shows_whole(typed):
    whole = typed(WINDOWS["1280x800"], PRODUCT)
    assert whole.view.fits()
    assert not whole.view.hint_shown()


@pytest.mark.parametrize("size", [(2600, 700), (1260, 900)])  # one band; three bands
def test_labels_of_edges_sharing_both_ends_keep_off_the_other_labels(tall_panel, size):
    # x*x beside a third edge out of x: the lower x*x edge's labels sat on the third's
    panel = tall_panel("sqrt(1 + x*x) * cos(exp(-sin(cos(tanh(arctan(x))))))", size=size)
    panel.go_to_end()
    shown = labels(panel)
    rects = [label.sceneBoundingRect().adjusted(2, 2, -2, -2) for label in shown]
    for a in range(len(rects)):
        for b in range(a + 1, len(rects)):
            assert not rects[a].intersects(rects[b]), (shown[a].text(), shown[b].text())
