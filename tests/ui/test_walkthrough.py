"""The walkthrough panel: labels and table show the Trace's numbers; controls; rebuilds."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt

from guiad.anim.timeline import Kind, Mode, Phase
from guiad.core.engine import trace
from guiad.core.expression import parse
from guiad.ui import theme
from guiad.ui.walkthrough.panel import WalkthroughPanel
from guiad.ui.walkthrough.player import STEP_MS
from guiad.ui.walkthrough.scene import NodeState

SEED = "exp(sin(sin(x)))"


def four(value: float) -> str:
    """The panel's number format, written out independently: 4 decimals, a real minus."""
    return f"{value:.4f}".replace("-", "−")


def scalar(a) -> float:
    return float(a.reshape(-1)[0])


def test_node_labels_and_table_show_the_trace_after_every_seek(panel):
    t = trace(parse(SEED), 2.0)
    timeline = panel.timeline
    for k in range(len(timeline)):
        panel.seek(k)
        frame = timeline.frame
        for i, node in enumerate(panel.scene.nodes):
            value_text = node.value_label.text()
            row_value = panel.model.index(i, 1).data()
            if i in frame.values:
                assert value_text == f"v{'₀₁₂₃'[i]} = {four(scalar(t.values[i]))}"
                assert row_value == four(scalar(t.values[i]))
            else:
                assert value_text == ""
                assert row_value == ""
            adjoint_cell = panel.model.index(i, 4).data()
            if i in frame.adjoints:
                assert adjoint_cell == four(scalar(t.adjoints[i]))
                assert node.lower_label.text().endswith(four(scalar(t.adjoints[i])))


def test_edges_show_partial_then_partial_times_adjoint(panel):
    t = trace(parse(SEED), 2.0)
    panel.seek(len(panel.timeline) - 2)  # the last backward step
    for c in t.backward:
        edge = panel.scene.edges[(c.node, c.position)]
        assert edge.upper_label.text().endswith(four(scalar(c.partial)))
        assert edge.lower_label.text().endswith(four(scalar(c.term)))
        assert edge.color == theme.BACKWARD


def test_banner_shows_the_issue_example(panel):
    k = next(k for k, s in enumerate(panel.timeline) if s.kind is Kind.ADJOINT and s.node == 1)
    panel.seek(k)
    assert panel.banner_text() == "v̄₁ = ∂v₂/∂v₁ · v̄₂ = cos(v₁) · v̄₂ = 0.6143 · 2.2014 = 1.3523"
    assert panel.phase_label.text() == "Backward"


def test_current_row_is_highlighted(panel):
    panel.seek(3)  # v₂'s value
    node = panel.timeline.current.node
    assert panel.model.index(node, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    other = (node + 1) % 4
    assert panel.model.index(other, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_keyboard_controls(panel, qtbot):
    panel.setFocus()
    qtbot.keyClick(panel, Qt.Key.Key_Right)
    assert panel.timeline.index == 1
    qtbot.keyClick(panel, Qt.Key.Key_Right)
    qtbot.keyClick(panel, Qt.Key.Key_Left)
    assert panel.timeline.index == 1
    qtbot.keyClick(panel, Qt.Key.Key_End)
    assert panel.timeline.phase is Phase.DONE
    assert panel.phase_label.text() == "Done"
    qtbot.keyClick(panel, Qt.Key.Key_Home)
    assert panel.timeline.index == 0
    qtbot.keyClick(panel, Qt.Key.Key_Space)
    assert panel.is_playing()
    qtbot.keyClick(panel, Qt.Key.Key_Space)
    assert not panel.is_playing()
    panel.stop()


def test_stepping_forward_moves_a_token_and_pausing_stops_it(panel):
    panel.step_forward()
    assert panel.scene.token.isVisible()
    assert panel.is_animating()
    panel.pause()
    assert not panel.is_animating()
    assert not panel.scene.token.isVisible()


def test_playing_advances_one_step_per_tick_and_loops(panel):
    panel.play()
    panel.tick()  # what the timer does; no waiting
    assert panel.timeline.index == 1
    panel.seek(len(panel.timeline) - 1)
    panel.set_loop(True)
    panel.tick()
    assert panel.timeline.index == 0
    panel.set_loop(False)
    panel.seek(len(panel.timeline) - 1)
    panel.tick()
    assert not panel.is_playing()
    panel.stop()


def test_speed_sets_the_step_interval(panel):
    panel.set_speed(4.0)
    assert panel.step_interval() == STEP_MS // 4
    panel.set_speed(0.25)
    assert panel.step_interval() == STEP_MS * 4


def test_slider_scrubs(panel):
    panel.controls.slider.setValue(7)
    assert panel.timeline.index == 7
    assert panel.timeline.current.kind is Kind.SEED


def test_x0_change_rebuilds_and_keeps_the_step(panel):
    panel.seek(9)
    panel.set_x0(0.5)
    assert panel.timeline.index == 9
    assert panel.timeline.x0 == 0.5
    t = trace(parse(SEED), 0.5)
    assert panel.model.index(1, 1).data() == four(scalar(t.values[1]))
    assert panel.scene.nodes[0].value_label.text() == f"v₀ = {four(0.5)}"


def test_graph_change_rebuilds(panel):
    panel.set_graph(parse("x*sin(x)"))
    assert panel.model.rowCount() == 3
    assert len(panel.scene.nodes) == 3
    assert len(panel.scene.edges) == 3


def test_mode_switch_shows_forward_mode(panel):
    panel.set_mode(Mode.FORWARD)
    assert panel.controls.mode_box.currentText() == "Forward mode"
    panel.go_to_end()
    t = trace(parse(SEED), 2.0)
    for i in range(4):
        assert panel.model.index(i, 3).data() == four(scalar(t.dots[i]))
    assert panel.scene.nodes[3].lower_label.text() == f"dv₃/dx = {four(scalar(t.dots[3]))}"


def test_check_line_at_the_end(panel):
    panel.go_to_end()
    text = panel.check_label.text()
    assert "reverse mode f′ = −0.5627520387" in text
    assert "forward mode f′ = −0.5627520387" in text
    assert "central difference" in text


def test_undefined_x0_marks_the_failing_node_red_and_greys_downstream(panel):
    panel.set_graph(parse("exp(log(sin(x)))"))
    panel.set_x0(4.0)  # sin(4) < 0
    panel.go_to_end()
    failing = panel.scene.nodes[2]
    assert failing.state is NodeState.FAILED
    assert failing.colors()[0] == theme.UNDEFINED
    assert "log of a number ≤ 0" in failing.lower_label.text()
    assert panel.scene.nodes[3].state is NodeState.MUTED
    assert panel.model.index(2, 1).data() == "undefined"
    assert "undefined" in panel.check_label.text()
    blocked = next(k for k, s in enumerate(panel.timeline) if s.kind is Kind.BLOCKED)
    panel.seek(blocked)
    assert "cannot run" in panel.banner_text()
    assert "log of a number ≤ 0" in panel.banner_text()


def test_a_fresh_panel_without_a_graph_says_what_to_do(qtbot):
    widget = WalkthroughPanel()
    qtbot.addWidget(widget)
    assert "Build a chain" in widget.banner_text()
    widget.step_forward()
    widget.play()
    assert not widget.is_playing()
    assert math.isfinite(widget.x0())


def test_a_binary_op_gets_a_token_along_each_input(panel):
    panel.set_graph(parse("x*sin(x)"))
    value_of_product = next(
        k for k, s in enumerate(panel.timeline) if s.kind is Kind.VALUE and s.node == 2
    )
    panel.seek(value_of_product - 1)
    panel.step_forward()
    visible = [item for item in panel.scene.items() if type(item).__name__ == "TokenItem"]
    assert sum(token.isVisible() for token in visible) == 2
    panel.pause()
    assert not any(token.isVisible() for token in visible)


@pytest.mark.parametrize("text", [SEED, "x*sin(x)", "x*x", "sin(x)/(1 + x*x)", "exp(x)*x - x"])
def test_labels_never_cover_a_node(panel, text):
    panel.set_graph(parse(text))
    panel.go_to_end()
    nodes = [node.sceneBoundingRect() for node in panel.scene.nodes]
    labels = [edge.upper_label for edge in panel.scene.edges.values()]
    labels += [edge.lower_label for edge in panel.scene.edges.values()]
    labels += [node.value_label for node in panel.scene.nodes]
    labels += [node.lower_label for node in panel.scene.nodes]
    for label in labels:
        if not label.text():
            continue
        rect = label.sceneBoundingRect()
        covered = [r for r in nodes if r.adjusted(3, 3, -3, -3).intersects(rect)]
        assert not covered, label.text()


def test_fitting_the_graph_settles(qtbot, qapp):
    """Fitting must not resize the view (scroll bars appearing) and so fit again, forever.

    This sequence looped before the view's scroll bars were switched off; the wrapper stops
    calling the real fit after 50 calls so a regression fails instead of hanging.
    """
    widget = WalkthroughPanel()
    qtbot.addWidget(widget)
    widget.resize(1200, 450)
    widget.set_graph(parse("x*sin(x)"))
    widget.show()
    calls = []
    fit = widget.view.fit

    def counted_fit():
        calls.append(1)
        if len(calls) < 50:
            fit()

    widget.view.fit = counted_fit
    for _ in range(50):
        qapp.processEvents()  # no sleeping: only what is already pending
    assert len(calls) < 10


def _colors_in(widget) -> set[int]:
    image = widget.grab().toImage()
    width, height = image.width(), image.height()
    return {image.pixel(x, y) & 0xFFFFFF for x in range(width) for y in range(height)}


def test_the_banner_and_check_line_are_written_in_the_colour_of_the_moment(panel):
    from PySide6.QtGui import QColor

    def rgb(name: str) -> int:
        return QColor(name).rgb() & 0xFFFFFF

    panel.set_reduce_motion(True)
    backward = next(i for i, s in enumerate(panel.timeline.steps) if s.phase is Phase.BACKWARD)
    panel.seek(1)  # forward pass: blue words; the check to come in grey
    assert rgb(theme.FORWARD) in _colors_in(panel.banner)
    assert rgb(theme.BACKWARD) not in _colors_in(panel.banner)
    assert rgb(theme.MUTED) in _colors_in(panel.check_label)
    panel.seek(backward)  # backward pass: orange
    assert rgb(theme.BACKWARD) in _colors_in(panel.banner)
    assert rgb(theme.FORWARD) not in _colors_in(panel.banner)
    panel.go_to_end()  # the check, in the graph's text colour
    assert rgb(theme.GRAPH_TEXT) in _colors_in(panel.check_label)
    assert rgb(theme.MUTED) not in _colors_in(panel.check_label)
    panel.set_x0(-1.0)  # log of a negative number: the failure in red
    panel.set_graph(parse("log(x)"))
    panel.go_to_end()
    assert rgb(theme.UNDEFINED) in _colors_in(panel.banner)
