"""The overwrite switch in the window: the walkthrough shows the mistake; nothing is saved."""

from __future__ import annotations

import math

import numpy as np

from guiad.anim.timeline import OVERWRITE_NOTE
from guiad.core.expression import parse


def test_the_switch_shows_the_wrong_derivative_beside_the_right_one(window):
    window.document.set_graph(parse("x*sin(x)"))
    panel = window.walkthrough
    panel.go_to_end()
    right_banner = panel.banner_text()
    texts = {a.text(): a for m in window.menuBar().actions() for a in m.menu().actions()}
    texts["Overwrite instead of accumulate (the fan-out mistake)"].trigger()
    assert panel.overwrite_mistake()
    assert panel.timeline.at_end  # the walkthrough keeps its step
    assert f"{2.0 * math.cos(2.0):.4f}".replace("-", "−") in panel.banner_text()
    assert panel.banner_text() != right_banner
    assert OVERWRITE_NOTE in panel.timeline.check.text()
    assert not window.is_modified()  # a teaching view, not an edit of the document
    panel.set_overwrite_mistake(False)
    assert panel.banner_text() == right_banner


def test_the_f_prime_plot_shows_the_wrong_curve_dashed_beside_the_right_one(window, qtbot):
    window.document.set_graph(parse("x*sin(x)"))
    view = window.plots.view
    window.walkthrough.set_overwrite_mistake(True)
    x, wrong = view.curve_data("mistake")
    assert len(x) == 2001
    np.testing.assert_allclose(wrong, x * np.cos(x), rtol=1e-12, atol=1e-14)  # sin(x) is lost
    assert "f′ with = where += belongs (the mistake)" in view.legend_text()
    window.walkthrough.set_overwrite_mistake(False)
    assert len(view.curve_data("mistake")[0]) == 0
    assert "the mistake" not in view.legend_text()


def test_the_lost_contribution_is_struck_through_on_its_edge(window):
    window.document.set_graph(parse("x*sin(x)"))
    panel = window.walkthrough
    panel.set_reduce_motion(True)
    panel.set_overwrite_mistake(True)
    panel.go_to_end()
    edges = panel.scene.edges
    # x*sin(x): v₂ = v₀·v₁; the edge x → × (node 2, input 0) carried v̄₀'s first term, lost
    lost = edges[(2, 0)].lower_label
    assert lost.struck()
    assert lost.text().endswith(f"→ {math.sin(2.0):.4f}")
    assert not edges[(1, 0)].lower_label.struck()  # the overwriting one stands
    panel.set_overwrite_mistake(False)  # (the scene may redraw its items: read them again)
    assert not panel.scene.edges[(2, 0)].lower_label.struck()


def test_the_lost_step_labels_its_adjoint_with_equals_not_plus_equals(window):
    """Issue 22 item 2: the node read twice showed 'v̄₀ += −0.8323 → −0.8323'."""
    window.document.set_graph(parse("x*sin(x)"))
    panel = window.walkthrough
    panel.set_reduce_motion(True)
    panel.set_overwrite_mistake(True)
    steps = panel.timeline.steps
    lost = next(k for k, s in enumerate(steps) if "is lost" in s.banner)
    panel.seek(lost)
    label = panel.scene.nodes[0].lower_label.text()
    assert label == f"v̄₀ = {2.0 * math.cos(2.0):.4f}".replace("-", "−")
    panel.set_overwrite_mistake(False)
    right = next(k for k, s in enumerate(panel.timeline.steps) if s.accumulate)
    panel.seek(right)
    assert panel.scene.nodes[0].lower_label.text().startswith("v̄₀ += ")
