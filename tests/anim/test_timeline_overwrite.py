"""The fan-out mistake in the walkthrough: the banner says what is lost, the check disagrees."""

from __future__ import annotations

import math

from hypothesis import given

from guiad.anim.timeline import OVERWRITE_NOTE, Kind, Mode, Timeline
from guiad.anim.tutor import hint_text
from guiad.core.expression import parse
from tests.core.test_properties import chains, xs


def test_x_sin_x_loses_the_first_contribution_and_says_so():
    timeline = Timeline(parse("x*sin(x)"), 2.0, overwrite=True)
    lost = [s for s in timeline.steps if s.kind is Kind.ADJOINT and "is lost" in s.banner]
    assert len(lost) == 1
    assert not lost[0].accumulate  # it replaced the adjoint: '=', not '+='
    assert lost[0].banner.endswith(f"(= where += belongs: the earlier {math.sin(2.0):.4f} is lost)")
    assert lost[0].banner.startswith("v̄₀ = ∂v₁/∂v₀")  # '=', not '+='
    assert lost[0].number == 2.0 * math.cos(2.0)  # x·cos(x): sin(x) was lost
    check = timeline.check
    assert check.reverse == 2.0 * math.cos(2.0)
    assert math.isclose(check.forward, math.sin(2.0) + 2.0 * math.cos(2.0), rel_tol=1e-15)
    assert math.isclose(check.finite_difference, check.forward, rel_tol=1e-8)
    assert check.text().endswith(OVERWRITE_NOTE)


def test_the_hint_for_the_overwritten_step_keeps_the_note_and_hides_the_result():
    timeline = Timeline(parse("x*sin(x)"), 2.0, overwrite=True)
    step = next(s for s in timeline.steps if s.kind is Kind.ADJOINT and "is lost" in s.banner)
    hint = hint_text(step.banner)
    assert "−0.8323   (" not in hint
    assert hint.endswith("is lost)")


@given(chains(), xs)
def test_a_chain_has_nothing_to_lose(graph, x):
    right = Timeline(graph, x)
    wrong = Timeline(graph, x, overwrite=True)
    assert [s.banner for s in wrong.steps] == [s.banner for s in right.steps]


def test_forward_mode_is_not_affected():
    right = Timeline(parse("x*sin(x)"), 2.0, Mode.FORWARD)
    wrong = Timeline(parse("x*sin(x)"), 2.0, Mode.FORWARD, overwrite=True)
    assert [s.banner for s in wrong.steps] == [s.banner for s in right.steps]
    assert wrong.check.note == ""
