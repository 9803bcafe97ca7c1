"""The cost meter shows what the engine counted, and follows the graph and the family."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest
from PySide6.QtCore import QSettings

from guiad.core.cost import gradient_cost
from guiad.core.engine import trace
from guiad.core.expression import parse
from guiad.core.graph import MAX_INPUTS
from guiad.ui.cost.meter import CostMeter


def plain(label) -> str:
    return re.sub(r"<[^>]+>", "", label.text())


@pytest.fixture
def meter(qtbot):
    widget = CostMeter()
    qtbot.addWidget(widget)
    widget.resize(380, 300)
    widget.show()
    return widget


def test_shows_the_counts_of_x_times_y(meter):
    # x*y by hand (see tests/core/test_cost.py): reverse 3 + 2 ops, forward 3 + 2 + 2
    meter.set_graph(parse("x*y"))
    assert plain(meter.reverse_ops) == "5"
    assert plain(meter.forward_ops) == "7"
    assert plain(meter.reverse_sweeps) == "1 forward + 1 backward"
    assert plain(meter.forward_sweeps) == "1 forward + 2 tangent"
    assert meter.verdict_label.text().startswith("2 inputs: forward mode needs 1.40×")
    assert meter.n_line.isVisible()
    assert meter.n_line.value() == 2


def test_follows_the_trace_it_is_given(meter):
    meter.set_graph(parse("x*y"))
    # x*sin(x) by hand: 9 ops either way; the trace's own count is shown, for any point
    meter.set_trace(trace(parse("x*sin(x)"), np.array([0.5, 1.0, 2.0])))
    assert plain(meter.reverse_ops) == plain(meter.forward_ops) == "9"
    assert plain(meter.forward_sweeps) == "1 forward + 1 tangent"
    assert meter.verdict_label.text().startswith("One input:")
    assert meter.n_line.value() == 1


def test_no_graph_shows_dashes(meter):
    meter.set_graph(parse("x*y"))
    meter.set_trace(None)
    assert meter.cost() is None
    assert plain(meter.reverse_ops) == plain(meter.forward_ops) == "—"
    assert meter.verdict_label.text() == ""
    assert not meter.n_line.isVisible()


def test_picking_a_family_redraws_the_chart(meter, qtbot):
    meter.set_family("product")
    ns, forward = meter.forward_curve.getData()
    assert list(ns) == list(range(1, MAX_INPUTS + 1))
    # x1·x2: the same counts as x*y by hand
    assert forward[1] == 7
    assert meter.reverse_curve.getData()[1][1] == 5
    with qtbot.waitSignal(meter.family_changed) as picked:
        meter.family_box.setCurrentIndex(meter.family_box.findData("sines"))
    assert picked.args == ["sines"]
    # sin(x1) alone: value and partial (2), one multiplication back, one forward: 3 each
    assert meter.forward_curve.getData()[1][0] == 3
    assert meter.reverse_curve.getData()[1][0] == 3
    assert [p.ratios()[1] for p in meter.curve()] == list(meter.forward_curve.getData()[1])


@pytest.mark.parametrize("key", ["product", "sines", "rosenbrock", "logistic"])
def test_the_chart_plots_what_the_gradient_costs_per_operation_of_f(meter, key):
    """Issue 22 item 4: the chart said reverse mode "does not grow" with n while its line
    (the raw op count) grew with the family's size. It plots cost(∇f) / cost(f) now: reverse
    mode's ratio stays a constant, forward mode's grows with n (one sweep per input)."""
    meter.set_family(key)
    ns, reverse = meter.reverse_curve.getData()
    forward = meter.forward_curve.getData()[1]
    defined = [k for k, r in enumerate(reverse) if np.isfinite(r)]  # (x1 alone: f has no op)
    for k in defined:  # by hand from the counts the engine kept: ops of ∇f over ops of f
        point = meter.curve()[k]
        assert reverse[k] == point.reverse_ops / point.f_ops
    rev = [reverse[k] for k in defined]
    fwd = [forward[k] for k in defined]
    assert max(rev) <= 5.0
    assert max(rev) - min(rev) <= 1.0  # flat, while the op count itself grows
    assert meter.curve()[-1].reverse_ops > 3 * meter.curve()[defined[0]].reverse_ops
    assert all(b > a for a, b in itertools.pairwise(fwd))  # grows with every input
    assert fwd[-1] >= 7.0
    assert "÷" in meter.chart.getPlotItem().getAxis("left").labelText


def test_unknown_family_is_refused(meter):
    with pytest.raises(KeyError):
        meter.set_family("cubes")
    assert meter.family_key() == "product"


def test_the_window_shows_the_walkthroughs_cost(window, qtbot):
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    action = next(a for a in view.actions() if a.text() == "&Cost of the gradient")
    assert not window.cost_dock.isVisible()
    action.trigger()
    qtbot.waitUntil(window.cost_dock.isVisible)
    # the seed exp(sin(sin(x))) at x0 = 2: three ops of one input, value and partial each
    # (6), one multiplication per edge back (3) and forward (3): 9 either way
    assert plain(window.cost_meter.reverse_ops) == plain(window.cost_meter.forward_ops) == "9"
    # two ops: 2·2 in the forward pass, 2 multiplications back, 2 forward
    window.editor.set_graph(parse("sin(exp(x))"))
    qtbot.waitUntil(lambda: plain(window.cost_meter.reverse_ops) == "6")
    assert plain(window.cost_meter.forward_ops) == "6"
    assert window.cost_meter.cost() == gradient_cost(window.walkthrough.timeline.trace)


def test_the_ops_tell_their_parts(meter):
    # x*y by hand: forward pass 3, backward sweep 2, tangent sweeps 2 and 2
    meter.set_graph(parse("x*y"))
    assert meter.reverse_ops.toolTip() == "forward pass 3 + backward sweep 2"
    assert meter.forward_ops.toolTip() == "forward pass 3 + tangent sweeps 2 + 2"
    meter.set_graph(None)
    assert meter.forward_ops.toolTip() == ""


def test_the_family_picked_is_kept(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = CostMeter()
    qtbot.addWidget(first)
    first.use_settings(settings)
    first.family_box.setCurrentIndex(first.family_box.findData("logistic"))
    again = CostMeter()
    qtbot.addWidget(again)
    assert again.family_key() == "product"
    again.use_settings(settings)
    assert again.family_key() == "logistic"
    settings.setValue("cost/family", "cubes")  # a family of a later version: ignored
    third = CostMeter()
    qtbot.addWidget(third)
    third.use_settings(settings)
    assert third.family_key() == "product"
