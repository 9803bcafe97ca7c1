"""Graphs over MAX_ANIMATED_NODES: a message in place of the graph, controls and exports off
(building such a walkthrough would freeze the window); a smaller graph brings it all back."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QRectF

from guiad.anim.timeline import MAX_ANIMATED_NODES
from guiad.core.expression import parse
from guiad.core.graph import chain_graph
from guiad.ui.walkthrough.labels import RectGrid, box_of
from guiad.ui.walkthrough.panel import WalkthroughPanel
from guiad.ui.window import dialogs


def sum_of_x(nodes: int):
    """x + x + … + x with ``nodes`` nodes (x and nodes − 1 additions, each reading x)."""
    graph = parse("x" + "+x" * (nodes - 1))
    assert len(graph.nodes) == nodes
    return graph


def expected_message(nodes: int) -> str:
    return (
        f"The walkthrough animates graphs of up to {MAX_ANIMATED_NODES} nodes; "
        f"this one has {nodes}. The plots still show it."
    )


@pytest.fixture
def panel(qtbot):
    widget = WalkthroughPanel()
    qtbot.addWidget(widget)
    widget.resize(1200, 450)
    widget.set_graph(chain_graph(["sin", "exp"]))
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.stop()


def controls_enabled(panel: WalkthroughPanel) -> list[bool]:
    widgets = [
        panel.controls.play_button,
        panel.controls.forward_button,
        panel.controls.slider,
        panel.controls.mode_box,
    ]
    return [w.isEnabled() for w in widgets] + [a.isEnabled() for a in panel.actions()]


def test_just_over_the_limit_shows_the_message_and_disables_everything(panel, tmp_path):
    nodes = MAX_ANIMATED_NODES + 1
    panel.play()
    panel.set_graph(sum_of_x(nodes))
    assert panel.timeline is None
    assert not panel.is_playing()
    assert panel.too_large_message() == expected_message(nodes)
    assert panel.stack.currentWidget() is panel.too_large_label
    assert panel.too_large_label.text() == expected_message(nodes)
    assert not any(controls_enabled(panel))
    exports = [
        lambda: panel.export_gif(str(tmp_path / "a.gif")),
        lambda: panel.export_frame_png(str(tmp_path / "a.png")),
        lambda: panel.export_frame_svg(str(tmp_path / "a.svg")),
        lambda: panel.export_csv(str(tmp_path / "a.csv")),
        lambda: panel.export_python(str(tmp_path / "a.py")),
    ]
    for export in exports:
        with pytest.raises(ValueError, match="animates graphs of up to") as caught:
            export()
        assert str(caught.value) == expected_message(nodes)
    assert not list(tmp_path.iterdir())
    # x0, mode and highlight changes do not build it either, nor fail
    panel.set_x0(0.5)
    panel.highlight_node(nodes - 1)
    panel.step_forward()
    assert panel.timeline is None
    assert panel.highlighted_node() == -1


def test_a_smaller_graph_restores_the_panel(panel):
    panel.set_graph(sum_of_x(MAX_ANIMATED_NODES + 1))
    small = chain_graph(["sin", "cos", "tanh"])
    panel.set_graph(small)
    assert panel.too_large_message() is None
    assert panel.timeline is not None
    assert panel.timeline.graph == small
    assert panel.stack.currentWidget() is panel.splitter
    assert all(controls_enabled(panel))
    assert len(panel.scene.nodes) == len(small.nodes)
    panel.seek(1)
    assert panel.timeline.index == 1


def test_the_graph_shown_before_comes_back_too(panel):
    """The scene kept the small graph's items while the large one was refused."""
    small = panel.graph()
    panel.set_graph(sum_of_x(MAX_ANIMATED_NODES + 1))
    panel.set_graph(small)
    assert panel.stack.currentWidget() is panel.splitter
    assert len(panel.scene.nodes) == len(small.nodes)
    panel.go_to_end()
    assert panel.timeline.at_end


def test_at_the_limit_it_builds(panel):
    panel.set_graph(sum_of_x(MAX_ANIMATED_NODES))
    assert panel.too_large_message() is None
    assert panel.timeline is not None
    assert len(panel.scene.nodes) == MAX_ANIMATED_NODES
    assert all(controls_enabled(panel))


def test_rect_grid_finds_every_overlapping_rectangle():
    """boxes_near() must hold every stored rectangle that overlaps (checked against all pairs)."""
    rng = random.Random(7)
    grid = RectGrid()
    rects = []
    for _ in range(300):
        r = QRectF(rng.uniform(-900, 900), rng.uniform(-900, 900), rng.uniform(1, 400), 60)
        rects.append(r)
        grid.add(r)
    for _ in range(300):
        probe = QRectF(rng.uniform(-1000, 1000), rng.uniform(-1000, 1000), 120, 64)
        near = {tuple(box) for box in grid.boxes_near(box_of(probe))}
        overlapping = [r for r in rects if not r.intersected(probe).isEmpty()]
        assert all(box_of(r) in near for r in overlapping)


def test_export_gif_without_a_window_refuses_too(qtbot, tmp_path):
    from guiad.ui.walkthrough.export_part import export_gif

    nodes = MAX_ANIMATED_NODES + 1
    with pytest.raises(ValueError, match="animates graphs of up to") as caught:
        export_gif(sum_of_x(nodes), 1.0, tmp_path / "w.gif")
    assert str(caught.value) == expected_message(nodes)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    "key",
    [
        "walkthrough.export_gif",
        "walkthrough.export_frame_png",
        "walkthrough.export_frame_svg",
        "walkthrough.export_csv",
    ],
)
def test_file_export_menu_says_why_in_a_message_box(window, tmp_path, monkeypatch, key):
    nodes = MAX_ANIMATED_NODES + 1
    window.document.set_graph(sum_of_x(nodes))
    folder = tmp_path / "exports"
    folder.mkdir()
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: folder / "out")
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text, **_: shown.append(text))
    window.exporter.actions[key].trigger()
    assert len(shown) == 1
    assert expected_message(nodes).rstrip(".") in shown[0]
    assert not list(folder.iterdir())
