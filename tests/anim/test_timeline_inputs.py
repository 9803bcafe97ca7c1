"""The walkthrough of a function of several inputs: one backward sweep fills every input's
adjoint; forward mode runs one pass per input, seeded with a unit vector; the check compares
each partial three ways. References are closed forms and central differences of numpy."""

from __future__ import annotations

import math

import numpy as np
import pytest

from guiad.anim.evaltrace import Section, evaluation_trace
from guiad.anim.timeline import Kind, Mode, Phase, Timeline
from guiad.anim.trace_export import markdown
from guiad.core.expression import parse

X, Y = 2.0, 3.0
TEXT = "x*y + sin(x)"  # ∂f/∂x = y + cos x, ∂f/∂y = x
GRAD = (Y + math.cos(X), X)


def test_reverse_mode_fills_every_input_adjoint_in_one_backward_sweep():
    t = Timeline(parse(TEXT), (X, Y), Mode.REVERSE)
    backward = [s for s in t.steps if s.phase is Phase.BACKWARD]
    assert [s.kind for s in backward].count(Kind.SEED) == 1  # one sweep, seeded once
    assert all(s.kind in (Kind.SEED, Kind.ADJOINT) for s in backward)
    last = backward[-1].frame
    assert (last.adjoints[0], last.adjoints[1]) == pytest.approx(GRAD, rel=1e-15)
    done = t.steps[-1]
    assert done.kind is Kind.DONE
    assert "∇f = (x̄, ȳ) = (2.5839, 2.0000)" in done.banner
    assert [s.node for s in t.steps if s.kind is Kind.INPUT] == [0, 1]


def test_forward_mode_runs_one_pass_per_input_with_its_seed_vector():
    t = Timeline(parse("x*y*z"), (1.0, 2.0, 3.0), Mode.FORWARD)  # ∇f = (yz, xz, xy)
    passes = [s for s in t.steps if s.kind is Kind.SEED]
    assert [s.sweep for s in passes] == [
        "pass 1 of 3 (by x), seed (1, 0, 0)",
        "pass 2 of 3 (by y), seed (0, 1, 0)",
        "pass 3 of 3 (by z), seed (0, 0, 1)",
    ]
    assert passes[1].banner.startswith(
        "Forward mode, pass 2 of 3, by y: seed (∂x/∂y, ∂y/∂y, ∂z/∂y) = (0, 1, 0); "
    )
    assert all(s.phase is Phase.FORWARD for s in passes)
    # each pass starts from its seed: the inputs' dots are the unit vector, nothing else yet
    for k, s in enumerate(passes):
        assert s.frame.dots == {j: float(j == k) for j in range(3)}
        assert len(s.frame.found) == k  # the partials the passes before found
    # values are computed once, in the first pass
    values = [s for s in t.steps if s.kind in (Kind.INPUT, Kind.VALUE)]
    assert all(t.steps.index(s) < t.steps.index(passes[1]) for s in values)
    assert t.steps[-1].frame.found == pytest.approx({0: 6.0, 1: 3.0, 2: 2.0})
    assert "∇f = (6.0000, 3.0000, 2.0000), one forward pass per input" in t.steps[-1].banner


def test_a_pass_names_its_derivatives_by_its_input():
    t = Timeline(parse(TEXT), (X, Y), Mode.FORWARD)
    second = [s for s in t.steps if s.sweep.startswith("pass 2") and s.kind is Kind.DOT]
    assert second
    assert all("∂f" not in s.banner and "/∂y" in s.banner for s in second)


def test_the_check_compares_each_partial_three_ways():
    t = Timeline(parse(TEXT), (X, Y), Mode.REVERSE)
    reverse, forward, central = t.check.gradients
    assert reverse == pytest.approx(GRAD, rel=1e-15)
    assert forward == pytest.approx(GRAD, rel=1e-15)
    assert central == pytest.approx(GRAD, rel=1e-8)
    text = t.check.text()
    assert "∂f/∂x: reverse 2.583853163" in text
    assert "∂f/∂y: reverse 2 · forward 2 · central ≈ 2" in text


def test_the_seed_walkthrough_has_one_input_and_its_digits():
    t = Timeline(parse("exp(sin(sin(x)))"), 2.0, Mode.REVERSE)
    assert t.point == (2.0,)
    assert t.check.inputs == ()  # the one-input check line, as before
    assert t.steps[-1].frame.adjoints[0] == -0.562752038662712
    assert t.steps[-1].frame.values[3] == 2.2013533791690376


def test_a_point_must_name_every_input():
    with pytest.raises(ValueError, match="x, y"):
        Timeline(parse(TEXT), (1.0, 2.0, 3.0))
    assert Timeline(parse(TEXT), 1.5).point == (1.5, 1.5)  # one number: every input


def test_the_evaluation_trace_has_a_tangent_block_per_input():
    t = Timeline(parse(TEXT), (X, Y), Mode.FORWARD)
    lines = evaluation_trace(t.trace, "forward")
    results = [line for line in lines if line.target.startswith("∂f/∂")]
    assert [line.statement for line in results] == ["∂f/∂x = ∂v₄/∂x", "∂f/∂y = ∂v₄/∂y"]
    assert [line.value for line in results] == pytest.approx(GRAD, rel=1e-15)
    seeds = [line.statement for line in lines if line.formula in ("0", "1") and line.node < 2]
    assert seeds == ["∂v₀/∂x = 1", "∂v₁/∂x = 0", "∂v₀/∂y = 0", "∂v₁/∂y = 1"]
    adjoint = evaluation_trace(Timeline(parse(TEXT), (X, Y)).trace, "reverse")
    tail = [line for line in adjoint if line.section is Section.ADJOINT][-2:]
    assert [line.statement for line in tail] == ["∂f/∂x = v̄₀", "∂f/∂y = v̄₁"]
    assert [line.value for line in tail] == pytest.approx(GRAD, rel=1e-15)


def test_the_trace_export_names_the_point():
    t = Timeline(parse(TEXT), (X, -0.5), Mode.REVERSE)
    assert markdown(t).startswith("# f(x, y) = x*y + sin(x) at (x, y) = (2, −0.5), reverse mode")


def test_central_differences_agree_with_numpy_at_another_point():
    x, y = -1.25, 0.75
    t = Timeline(parse("exp(x)*cos(y) + y^2"), (x, y), Mode.FORWARD)
    h = 1e-5
    f = lambda a, b: np.exp(a) * np.cos(b) + b**2  # noqa: E731
    expected = ((f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h))
    assert t.check.gradients[2] == pytest.approx(expected, rel=1e-9)
    assert t.check.gradients[1] == pytest.approx(
        (math.exp(x) * math.cos(y), -math.exp(x) * math.sin(y) + 2 * y), rel=1e-14
    )
