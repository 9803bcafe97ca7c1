"""The walkthrough of a graph of several outputs runs its passes for the output picked in
its controls (the one the plots show, the last node, until one is picked); one output shows
no list."""

from __future__ import annotations

import math

import pytest

import guiad
from guiad.core.expression import parse
from guiad.core.graph import Graph
from guiad.ui.walkthrough.panel import WalkthroughPanel

TWO = guiad.graph_of(lambda x, y: (x * y, guiad.sin(x)))  # outputs v2 = x·y, v3 = sin x


@pytest.fixture
def walk(qtbot):
    widget = WalkthroughPanel()
    qtbot.addWidget(widget)
    widget.resize(1200, 450)
    widget.set_graph(TWO)
    widget.set_point((1.0, 2.0))
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.pause()


def _gradient_at_the_end(panel) -> tuple[float, float]:
    panel.seek(len(panel.timeline) - 1)
    adjoints = panel.timeline.frame.adjoints
    return adjoints[0], adjoints[1]


def test_the_outputs_are_listed_and_the_last_is_walked_first(walk):
    box = walk.controls.output_box
    assert box.isVisible()
    assert [box.itemText(i) for i in range(box.count())] == ["output 1: x*y", "output 2: sin(x)"]
    assert box.currentIndex() == 1
    assert walk.graph() == TWO  # the graph as given, both outputs
    assert _gradient_at_the_end(walk) == (math.cos(1.0), 0.0)  # ∂ sin x / ∂(x, y)


def test_picking_an_output_runs_the_passes_for_it_from_the_start(walk):
    walk.seek(3)
    walk.controls.output_box.setCurrentIndex(0)
    assert walk.timeline.index == 0
    assert walk.timeline.graph == TWO.for_output(0)
    assert [node.op for node in walk.timeline.graph.nodes] == ["x", "x", "mul"]
    assert _gradient_at_the_end(walk) == (2.0, 1.0)  # ∂(x·y)/∂(x, y) = (y, x)
    walk.set_point((3.0, -1.0))  # the point moves: the output stays the one picked
    assert walk.controls.output_box.currentIndex() == 0
    assert _gradient_at_the_end(walk) == (-1.0, 3.0)


def test_the_frame_exported_is_the_output_walked(walk, tmp_path):
    walk.controls.output_box.setCurrentIndex(0)
    walk.export_frame_svg(str(tmp_path / "frame.svg"))
    text = (tmp_path / "frame.svg").read_text(encoding="utf-8")
    assert "×" in text
    assert "sin" not in text


def test_a_graph_of_one_output_shows_no_list(walk):
    walk.set_graph(parse("x*y + sin(x)"))
    box = walk.controls.output_box
    assert box.isHidden()
    assert box.count() == 0
    assert walk.timeline.graph == parse("x*y + sin(x)")


def test_a_new_graph_of_other_outputs_starts_at_its_last(walk):
    walk.controls.output_box.setCurrentIndex(0)
    other = guiad.graph_of(lambda x, y: (x + y, x - y, x * y))
    walk.set_graph(other)
    assert walk.controls.output_box.currentIndex() == 2
    assert walk.timeline.graph == other.for_output(2)


def test_the_output_walked_first_is_the_one_the_plots_show(walk):
    """(big, x): the plots show the last node, the first output; the second is an input."""
    graph = guiad.graph_of(lambda x, y: (guiad.exp(guiad.sin(x * y)) + x, x))
    walk.set_graph(graph)
    box = walk.controls.output_box
    assert [box.itemText(i) for i in range(box.count())] == [
        "output 1: exp(sin(x*y)) + x",
        "output 2: x",
    ]
    assert box.currentIndex() == 0
    assert walk.timeline.graph == graph.for_output(0)
    box.setCurrentIndex(1)
    assert _gradient_at_the_end(walk) == (1.0, 0.0)  # ∂x/∂(x, y)


def test_a_saved_window_opens_with_every_output_to_pick(qtbot, tmp_path, monkeypatch):
    from guiad.ui.window.files import Storage

    monkeypatch.setattr(
        "guiad.ui.window.main_window.Storage", lambda: Storage(tmp_path / "appdata")
    )
    first = guiad.show(lambda x, y: (x * y, guiad.sin(x)), x=1.0, y=2.0, block=False)
    qtbot.addWidget(first)
    path = tmp_path / "two.guiad.json"
    assert first.files.save_to(path)
    first.close()
    second = guiad.show("x", block=False)
    qtbot.addWidget(second)
    assert second.files.open_path(path)
    box = second.walkthrough.controls.output_box
    assert [box.itemText(i) for i in range(box.count())] == ["output 1: x*y", "output 2: sin(x)"]
    box.setCurrentIndex(0)
    assert _gradient_at_the_end(second.walkthrough) == (2.0, 1.0)
    second.set_modified(False)
    second.close()


def test_any_node_can_be_the_target_from_the_graphs_menu_and_back(panel):
    """The seed exp(sin(sin(x))) at 2: v₂ = sin(sin x) as the target gives its own
    derivative cos(sin 2)·cos 2; back to the output, the seed's f′ again."""
    from guiad.ui.walkthrough.outputs import node_under, target_actions

    box = panel.controls.output_box
    assert box.isHidden()
    item = panel.scene.nodes[2]
    pos = panel.view.mapFromScene(item.sceneBoundingRect().center())
    assert node_under(panel.view, panel.scene.nodes, pos) == 2
    assert target_actions(box, panel.graph(), 0, panel) == []  # an input: nothing to run
    (make,) = target_actions(box, panel.graph(), 2, panel)
    assert make.text() == "Run the passes for v₂ (sin): ȳ = 1 there"
    make.trigger()
    assert box.isVisible()
    assert [box.itemText(i) for i in range(box.count())] == [
        "output: exp(sin(sin(x)))",
        "node v₂: sin(sin(x))",
    ]
    assert [node.op for node in panel.timeline.graph.nodes] == ["x", "sin", "sin"]
    assert panel.timeline.index == 0
    panel.seek(len(panel.timeline) - 1)
    assert panel.timeline.frame.adjoints[0] == pytest.approx(
        math.cos(math.sin(2.0)) * math.cos(2.0), rel=1e-15
    )
    (back,) = target_actions(box, panel.graph(), None, panel)
    back.trigger()
    assert panel.timeline.graph == panel.graph()
    panel.seek(len(panel.timeline) - 1)
    assert panel.timeline.frame.adjoints[0] == -0.562752038662712  # the seed's f′
    panel.set_graph(parse("x*sin(x)"))  # a new function: its output, no list
    assert box.isHidden()


def test_a_node_target_is_listed_after_the_outputs(walk):
    from guiad.ui.walkthrough.outputs import target_actions

    box = walk.controls.output_box
    (make,) = target_actions(box, walk.graph(), 3, walk)
    make.trigger()
    assert [box.itemText(i) for i in range(box.count())] == [
        "output 1: x*y",
        "output 2: sin(x)",
        "node v₃: sin(x)",
    ]
    box.setCurrentIndex(0)  # an output again, from the list
    assert _gradient_at_the_end(walk) == (2.0, 1.0)


@pytest.mark.qt_log_ignore("This plugin does not support")  # the offscreen popup
def test_a_right_click_on_a_node_offers_it(panel, qtbot):
    from PySide6.QtWidgets import QMenu

    item = panel.scene.nodes[3]
    pos = panel.view.mapFromScene(item.sceneBoundingRect().center())
    panel.view.customContextMenuRequested.emit(pos)
    (menu,) = panel.view.findChildren(QMenu)
    assert menu.isVisible()
    actions = menu.actions()
    assert [a.text() for a in actions] == ["Run the passes for v₃ (exp): ȳ = 1 there"]
    actions[0].trigger()
    menu.close()
    assert panel.controls.output_box.target() == ("node", 3)
    qtbot.waitUntil(lambda: not panel.view.findChildren(QMenu))  # deleted once closed


def test_the_bar_takes_a_second_row_when_the_list_appears_and_gives_it_back(qtbot):
    """The list appears without a resize: the bar re-flowed only on resizes, so at 1024 the
    list, the mode and Table were squeezed into one row ("node v₂: si", "Reverse m")."""
    from guiad.ui.walkthrough.controls import ControlsBar

    bar = ControlsBar()
    qtbot.addWidget(bar)
    bar.show()
    bar.resize(bar._one_row_width() + 20, 60)
    qtbot.waitUntil(lambda: not bar.two_rows())
    bar.output_box.set_graph(TWO)
    assert bar.two_rows()
    bar.output_box.set_graph(parse("x*y"))
    assert not bar.two_rows()


def test_a_node_target_builds_the_walkthrough_once(walk):
    built = []
    walk.timeline_changed.connect(lambda: built.append(walk.timeline.graph))
    walk.controls.output_box.target_node(2)
    assert built == [Graph(TWO.nodes[:3], TWO.inputs)]


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_a_node_target_is_called_by_its_name_not_f(panel, mode):
    """With v₂ = sin(sin x) the target, the end said "Done: f(2.0000) = v₂ = 0.7891" under
    plots of f = exp(sin(sin x)) = 2.2014: every text of the passes names v₂ instead."""
    from guiad.anim.timeline import Mode
    from guiad.ui.walkthrough.outputs import target_actions

    panel.set_mode(Mode(mode))
    (make,) = target_actions(panel.controls.output_box, panel.graph(), 2, panel)
    make.trigger()
    panel.seek(len(panel.timeline) - 1)
    value, slope = math.sin(math.sin(2.0)), math.cos(math.sin(2.0)) * math.cos(2.0)
    assert slope < 0
    banner = panel.timeline.current.banner
    assert banner.startswith(f"Done: v₂(2.0000) = {value:.4f},  v₂′(2.0000) = ")
    assert banner.endswith(f" = −{-slope:.4f}")  # (a typeset minus)
    check = panel.timeline.check.text()
    assert check.startswith(f"reverse mode v₂′ = −{-slope:.10f}")
    assert "f′" not in banner + check
    texts = [step.banner for step in panel.timeline.steps]
    assert not any("f′" in t or "f(" in t for t in texts)
