"""A fan-out's sum under an input node ("v̄₁ += 2.0000 → 1.7163", one step wide) stays
inside the scene the view fits: lesson 06 (Baydin at (2, 5)) cut x2's at the view's left
edge at 1280×800, since the scene held only the adjoints' usual room."""

from __future__ import annotations

from guiad.anim.timeline import Kind
from guiad.core.expression import parse
from guiad.ui.walkthrough.export_part import offscreen_panel
from guiad.ui.walkthrough.view import settle_layout

BAYDIN = "log(x1) + x1*x2 - sin(x2)"


def test_a_fan_out_sum_is_inside_the_fitted_view(qapp):
    with offscreen_panel(parse(BAYDIN), (2.0, 5.0), "reverse", (1280, 720)) as panel:
        steps = panel.timeline.steps
        sums = [k for k, s in enumerate(steps) if s.accumulate and s.kind is Kind.ADJOINT]
        assert sums  # (x1 and x2 each feed two nodes)
        for k in sums:
            panel.seek(k)
            settle_layout(panel)
            view, scene = panel.view, panel.scene
            label = scene.nodes[steps[k].node].lower_label
            assert "+=" in label.text()
            drawn = scene.itemsBoundingRect()
            assert scene.sceneRect().contains(drawn)
            assert view.fits()
            shown = view.mapToScene(view.viewport().rect()).boundingRect()
            assert shown.contains(label.sceneBoundingRect())
            assert shown.contains(drawn)
