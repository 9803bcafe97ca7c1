"""The pure walkthrough timeline: order, counts, numbers from the Trace, fan-out, failures."""

from __future__ import annotations

import math
import random

import pytest

from guiad.anim.timeline import (
    MAX_ANIMATED_NODES,
    Kind,
    Mode,
    Phase,
    Timeline,
    TooLargeError,
    too_large_message,
)
from guiad.core.expression import parse
from guiad.core.fd import central_difference
from guiad.core.graph import chain_graph

SEED_F = 2.2013533791690376  # the seed post's printed digits
SEED_DF = -0.562752038662712

EXAMPLES = ["exp(sin(sin(x)))", "x*sin(x)", "2*x**3 + x", "x*x", "sin(x)/(1 + x*x)", "x"]


def edge_count(graph) -> int:
    return sum(len(node.inputs) for node in graph.nodes)


@pytest.mark.parametrize("text", EXAMPLES)
def test_forward_steps_precede_backward_steps(text):
    phases = [s.phase for s in Timeline(parse(text), 0.7)]
    first_backward = phases.index(Phase.BACKWARD)
    assert all(p is Phase.FORWARD for p in phases[:first_backward])
    assert all(p is Phase.BACKWARD for p in phases[first_backward:-1])
    assert phases[-1] is Phase.DONE


@pytest.mark.parametrize("text", EXAMPLES)
def test_reverse_step_count_is_nodes_plus_edges_twice_plus_seed_and_done(text):
    graph = parse(text)
    steps = list(Timeline(graph, 0.7))
    nodes, edges = len(graph.nodes), edge_count(graph)
    assert len(steps) == nodes + edges + 1 + edges + 1
    kinds = [s.kind for s in steps]
    assert kinds.count(Kind.PARTIAL) == edges
    assert kinds.count(Kind.ADJOINT) == edges
    assert kinds.count(Kind.SEED) == 1


@pytest.mark.parametrize("text", EXAMPLES)
def test_forward_mode_step_count_is_nodes_plus_edges_plus_done(text):
    graph = parse(text)
    timeline = Timeline(graph, 0.7, Mode.FORWARD)
    assert len(timeline) == len(graph.nodes) + edge_count(graph) + 1
    assert {s.phase for s in timeline} == {Phase.FORWARD, Phase.DONE}


@pytest.mark.parametrize("text", EXAMPLES)
def test_numbers_equal_the_trace(text):
    timeline = Timeline(parse(text), 1.3)
    t = timeline.trace
    for step in timeline:
        if step.kind in (Kind.INPUT, Kind.VALUE):
            assert step.number == float(t.values[step.node][0])
        if step.kind is Kind.PARTIAL:
            node, position = step.edge
            assert step.number == float(t.partials[node][position][0])
    adjoint_steps = [s for s in timeline if s.kind is Kind.ADJOINT]
    for step, c in zip(adjoint_steps, t.backward, strict=True):
        assert step.edge == (c.node, c.position)
        assert step.number == float(c.total[0])
        assert step.frame.terms[step.edge] == float(c.term[0])
    final = timeline.steps[-1].frame
    for i in range(len(t.graph.nodes)):
        assert final.adjoints[i] == float(t.adjoints[i][0])
        assert final.dots[i] == float(t.dots[i][0])


def test_seed_example_matches_the_seed_digits_and_the_issue_banner():
    timeline = Timeline(parse("exp(sin(sin(x)))"), 2.0)
    adjoints = [s for s in timeline if s.kind is Kind.ADJOINT]
    assert [s.node for s in adjoints] == [2, 1, 0]
    assert adjoints[1].banner == "v̄₁ = ∂v₂/∂v₁ · v̄₂ = cos(v₁) · v̄₂ = 0.6143 · 2.2014 = 1.3523"
    assert adjoints[-1].banner.endswith("= −0.5628")
    assert adjoints[-1].number == pytest.approx(SEED_DF, rel=1e-15, abs=0)
    assert timeline.steps[-1].frame.values[3] == pytest.approx(SEED_F, rel=1e-15, abs=0)
    assert "−0.5628" in timeline.steps[-1].banner


def test_fan_out_accumulates_two_contributions_into_x_for_x_sin_x():
    x0 = 2.0
    timeline = Timeline(parse("x*sin(x)"), x0)
    into_x = [s for s in timeline if s.kind is Kind.ADJOINT and s.node == 0]
    assert len(into_x) == 2
    assert [s.accumulate for s in into_x] == [False, True]
    assert "v̄₀ +=" in into_x[1].banner
    first_term = into_x[0].frame.terms[into_x[0].edge]
    second_term = into_x[1].frame.terms[into_x[1].edge]
    assert first_term == pytest.approx(math.sin(x0), rel=1e-15)  # ∂(x·sin x)/∂x, sin x held
    assert second_term == pytest.approx(x0 * math.cos(x0), rel=1e-15)  # through sin
    assert into_x[1].number == pytest.approx(math.sin(x0) + x0 * math.cos(x0), rel=1e-14)


def test_forward_mode_ends_with_the_same_derivative_as_the_closed_form():
    x0 = 0.4
    timeline = Timeline(parse("x*sin(x)"), x0, Mode.FORWARD)
    dot_steps = [s for s in timeline if s.kind is Kind.DOT]
    assert dot_steps[-1].accumulate
    assert dot_steps[-1].number == pytest.approx(math.sin(x0) + x0 * math.cos(x0), rel=1e-14)


def test_seek_is_deterministic():
    timeline = Timeline(parse("sin(x)/(1 + x*x)"), 0.3)
    snapshots = [(s.banner, s.frame) for s in timeline]
    rng = random.Random(5)
    for _ in range(50):
        k = rng.randrange(-3, len(timeline) + 3)
        if rng.random() < 0.3:
            timeline.next()
        elif rng.random() < 0.3:
            timeline.prev()
        step = timeline.seek(k)
        expected = max(0, min(k, len(timeline) - 1))
        assert timeline.index == expected
        assert (step.banner, step.frame) == snapshots[expected]


def test_next_and_prev_stop_at_the_ends():
    timeline = Timeline(chain_graph(["sin"]), 1.0)
    timeline.prev()
    assert timeline.at_start
    timeline.end()
    timeline.next()
    assert timeline.at_end
    assert timeline.phase is Phase.DONE


def test_frames_only_grow_during_the_forward_pass():
    timeline = Timeline(parse("exp(sin(sin(x)))"), 2.0)
    shown = [len(s.frame.values) for s in timeline if s.phase is Phase.FORWARD]
    assert shown == sorted(shown)
    assert shown[-1] == 4


@pytest.mark.parametrize("mode", [Mode.REVERSE, Mode.FORWARD])
def test_each_frame_shows_exactly_what_the_steps_so_far_revealed(mode):
    """Replayed from the steps alone: a frame neither misses a number shown before it nor
    has one a later step reveals (frames share the dicts a step leaves unchanged)."""
    timeline = Timeline(parse("x*sin(x) + exp(x)*x"), 0.7, mode)
    values, partials, adjoints, dots = {}, {}, {}, {}
    for step in timeline.steps[:-1]:  # (Done reveals the other mode's column too)
        if step.kind in (Kind.INPUT, Kind.VALUE):
            values[step.node] = step.number
        elif step.kind is Kind.PARTIAL:
            partials[step.edge] = step.number
        elif step.kind in (Kind.SEED, Kind.ADJOINT):
            adjoints[step.node] = step.number
        elif step.kind is Kind.DOT:
            dots[step.node] = step.number
            partials[step.edge] = step.frame.partials[step.edge]
        frame = step.frame
        assert frame.values == values
        assert frame.partials == partials
        assert frame.adjoints == adjoints
        assert {i: d for i, d in frame.dots.items() if i in dots} == dots
        assert set(frame.dots) - set(dots) <= {0}  # forward mode seeds ẋ with x
        assert set(frame.terms) <= set(partials)


def test_undefined_value_marks_the_failing_node_and_blocks_the_backward_pass():
    timeline = Timeline(parse("exp(log(sin(x)))"), 4.0)  # sin(4) < 0
    kinds = [s.kind for s in timeline]
    failing = [s for s in timeline if s.kind is Kind.FAILURE]
    assert len(failing) == 1
    assert failing[0].node == 2
    assert "log" in failing[0].banner
    assert Kind.SEED not in kinds
    assert Kind.ADJOINT not in kinds
    blocked = next(s for s in timeline if s.kind is Kind.BLOCKED)
    assert blocked.phase is Phase.BACKWARD
    assert "cannot run" in blocked.banner
    assert timeline.steps[-1].frame.muted == frozenset({3})
    assert 3 not in timeline.steps[-1].frame.values
    assert math.isnan(timeline.check.reverse)


def test_infinite_partial_is_a_failure_on_the_edge():
    timeline = Timeline(parse("sqrt(x)"), 0.0)
    failing = next(s for s in timeline if s.kind is Kind.FAILURE)
    assert failing.edge == (1, 0)
    assert failing.frame.failed_edges == frozenset({(1, 0)})
    assert Kind.BLOCKED in [s.kind for s in timeline]


def test_position_carries_over_when_x0_moves():
    graph = parse("x*sin(x)")
    old = Timeline(graph, 2.0)
    old.seek(8)
    new = Timeline(graph, 2.5)
    new.carry_position(old)
    assert new.index == 8
    assert new.current.kind is old.current.kind


def test_check_line_agrees_with_the_finite_difference():
    timeline = Timeline(parse("exp(sin(sin(x)))"), 2.0)
    check = timeline.check
    assert check.reverse == pytest.approx(SEED_DF, rel=1e-15)
    assert check.forward == pytest.approx(SEED_DF, rel=1e-15)
    assert check.finite_difference == pytest.approx(SEED_DF, rel=1e-8)


# ---- the size limit ---------------------------------------------------------------------


def _sum_of_x(nodes: int):
    graph = parse("x" + "+x" * (nodes - 1))
    assert len(graph.nodes) == nodes
    return graph


def test_timeline_refuses_a_graph_over_the_limit_before_any_work():
    over = _sum_of_x(MAX_ANIMATED_NODES + 1)
    with pytest.raises(TooLargeError) as caught:
        Timeline(over, 1.0)
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert message == too_large_message(over)
    assert f"up to {MAX_ANIMATED_NODES} nodes" in message
    assert f"this one has {MAX_ANIMATED_NODES + 1}" in message


def test_timeline_at_the_limit_has_the_engine_numbers():
    graph = _sum_of_x(MAX_ANIMATED_NODES)
    assert too_large_message(graph) is None
    timeline = Timeline(graph, 0.75)
    last = timeline.steps[-1].frame
    # f = n·x with n = MAX_ANIMATED_NODES copies of x: f′ = n exactly
    assert last.values[graph.output] == pytest.approx(MAX_ANIMATED_NODES * 0.75)
    assert last.adjoints[0] == MAX_ANIMATED_NODES


def test_partial_banner_of_square_shows_two_u():
    x0 = 0.728
    step = next(s for s in Timeline(chain_graph(["square"]), x0) if s.kind is Kind.PARTIAL)
    # d(u²)/du = 2u, written out independently at 4 decimals
    assert step.banner.split(" = ")[-1] == f"{2 * x0:.4f}"
    assert f"2·{x0:.4f}" in step.banner  # the product stays a product (not 20.7280)


def test_the_check_runs_its_central_difference_once_and_only_when_asked(monkeypatch):
    import guiad.anim.check as check_module  # (it computes the check for the Timeline)

    calls = []

    def counted(*args, **kwargs):
        calls.append(args)
        return central_difference(*args, **kwargs)

    monkeypatch.setattr(check_module, "central_difference", counted)
    timeline = Timeline(parse("exp(sin(sin(x)))"), 2.0, h=1e-4)
    assert calls == []  # building the steps needs no finite difference
    check = timeline.check
    assert timeline.check is check
    assert len(calls) == 1
    assert check.h == 1e-4
    assert check.h_source == "the FD lab's h"
    assert check.reverse == -0.562752038662712  # the seed's f′, from the reverse sweep
    assert abs(check.finite_difference - check.reverse) < 1e-7
