"""The walkthrough panel with several inputs: named input nodes at the left, x̄ and ȳ filled
by the one backward sweep, forward mode's passes counted with their seed, the check line
per input."""

from __future__ import annotations

import math

import pytest

from guiad.anim.timeline import Kind
from guiad.core.expression import parse
from guiad.ui.walkthrough.panel import WalkthroughPanel

TEXT = "x*y + sin(x)"


@pytest.fixture
def panel(qtbot):
    made = WalkthroughPanel()
    qtbot.addWidget(made)
    made.resize(1000, 700)
    made.show()
    qtbot.waitExposed(made)
    made.set_graph(parse(TEXT))
    made.set_point((2.0, 3.0))
    yield made
    made.stop()


def test_input_nodes_are_named_and_sit_at_the_left(panel):
    nodes = panel.scene.nodes
    assert [nodes[0].name, nodes[1].name] == ["x = v₀", "y = v₁"]
    assert nodes[-1].name == "f = v₄"  # y is an input, so the output is f
    left = min(node.pos().x() for node in nodes)
    assert nodes[0].pos().x() == nodes[1].pos().x() == left


def test_the_backward_sweep_ends_with_every_input_adjoint(panel):
    panel.go_to_end()
    x_bar = 3.0 + math.cos(2.0)  # ∂(xy + sin x)/∂x
    assert panel.scene.nodes[0].lower_label.text() == f"x̄ = {x_bar:.4f}"
    assert panel.scene.nodes[1].lower_label.text() == "ȳ = 2.0000"
    assert "∂f/∂x: reverse 2.583853163" in panel.check_label.text()
    assert "∂f/∂y: reverse 2 · forward 2 · central ≈ 2" in panel.check_label.text()


def test_forward_mode_shows_the_pass_and_its_seed(panel):
    panel.set_mode("forward")
    steps = panel.timeline.steps
    second = next(k for k, s in enumerate(steps) if s.kind is Kind.SEED and "pass 2" in s.sweep)
    panel.seek(second + 1)
    assert panel.phase_label.text() == "Forward · pass 2 of 2 (by y), seed (0, 1)"
    # the dots of this pass are by y: the input y's seed is 1, x's 0
    assert panel.scene.nodes[1].lower_label.text() == "∂v₁/∂y = 1.0000"
    assert panel.scene.nodes[0].lower_label.text() == "∂v₀/∂y = 0.0000"
    panel.go_to_end()
    assert panel.phase_label.text() == "Done"


def test_moving_the_point_keeps_the_step(panel):
    panel.seek(5)
    panel.set_point((1.0, 3.0))
    assert panel.timeline.index == 5
    assert panel.point() == (1.0, 3.0)
    panel.set_x0(-1.0)  # x0 alone moves the first input
    assert panel.point() == (-1.0, 3.0)


def test_the_trace_tab_follows_each_pass_seed(panel):
    panel.set_mode("forward")
    for k, step in enumerate(panel.timeline.steps):
        if step.kind is Kind.SEED:
            panel.seek(k)
            line = panel.trace_model.lines[panel.trace_model.current]
            assert line.statement == f"∂v{'₀₁'[step.node]}/∂{'xy'[step.node]} = 1"


def test_the_cost_line_shows_what_each_mode_counted_with_several_inputs(panel):
    cost = panel.timeline.trace.cost  # counted by the engine while it ran
    reverse = cost.primal + cost.reverse
    forward = cost.primal + sum(cost.forward)
    text = panel.cost_label.text()
    assert panel.cost_label.isVisible()
    assert f"reverse mode {reverse:,} ops (1 forward + 1 backward sweep)" in text
    assert f"forward mode {forward:,} ops (1 forward + 2 tangent sweeps, one per input)" in text
    assert text.endswith(f"{forward / reverse:.2f}×")
    panel.set_graph(parse("exp(sin(sin(x)))"))  # one input: both modes cost the same
    assert not panel.cost_label.isVisible()


def test_the_table_names_the_input_of_each_pass(panel):
    from PySide6.QtCore import Qt

    def header() -> str:
        return panel.model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)

    def tip() -> str:
        return panel.model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)

    # reverse mode: the column the check fills at the end, forward mode's pass by x, is
    # named so from the first step (it read dvᵢ/dx until the end)
    for step in (0, len(panel.timeline) // 2, len(panel.timeline) - 1):
        panel.seek(step)
        assert header() == "∂vᵢ/∂x"
        assert tip().startswith("∂vᵢ/∂x: the dot derivative of forward mode's pass by x.")
        assert "last step" in tip()
    panel.set_mode("forward")
    steps = panel.timeline.steps
    panel.seek(0)
    assert header() == "∂vᵢ/∂x"  # the first pass
    panel.seek(next(k for k, s in enumerate(steps) if "pass 2" in s.sweep))
    assert header() == "∂vᵢ/∂y"
    assert "seed ∂y/∂y = 1" in tip()
    assert "ẋ" not in tip()
    assert panel.model.index(1, 3).data() == "1.0000"  # ∂y/∂y, the seed


def test_an_inputs_second_contribution_is_named_as_its_adjoint_is(panel):
    """x feeds × and sin: at the step adding the second term its label read "v̄₀ += …"
    while the same node's label says "x̄ = …" before and after."""
    steps = panel.timeline.steps
    k = next(k for k, s in enumerate(steps) if s.accumulate and s.node == 0)
    panel.seek(k)
    label = panel.scene.nodes[0].lower_label.text()
    x_bar = 3.0 + math.cos(2.0)
    assert label.startswith("x̄ += ")
    assert label.endswith(f"→ {x_bar:.4f}")
    panel.seek(k + 1)
    assert panel.scene.nodes[0].lower_label.text().startswith("x̄ = ")
