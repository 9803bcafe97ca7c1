"""The evaluation trace: the textbook's statements, with the engine's numbers."""

from __future__ import annotations

import math

import pytest
from hypothesis import given

from guiad.anim.evaltrace import Section, evaluation_trace
from guiad.core.engine import SECOND, VALUE, trace
from guiad.core.expression import parse
from tests.core.test_properties import dags, xs


def _statements(expr: str, mode: str, x0: float = 2.0) -> list[str]:
    return [line.statement for line in evaluation_trace(trace(parse(expr), x0), mode)]


def test_the_seed_reads_as_the_textbook_table():
    assert _statements("exp(sin(sin(x)))", "reverse") == [
        "v₀ = x",
        "v₁ = sin(v₀)",
        "v₂ = sin(v₁)",
        "v₃ = exp(v₂)",
        "y = v₃",
        "v̄₃ = ȳ = 1",
        "v̄₂ = exp(v₂)·v̄₃",
        "v̄₁ = cos(v₁)·v̄₂",
        "v̄₀ = cos(v₀)·v̄₁",
        "f′ = v̄₀",
    ]


def test_the_seeds_adjoint_trace_ends_with_the_blog_posts_derivative():
    lines = evaluation_trace(trace(parse("exp(sin(sin(x)))"), 2.0))
    assert lines[-1].value == -0.562752038662712
    assert lines[4].value == 2.2013533791690376  # y = v₃


def test_a_value_read_twice_gets_a_plus_equals_line():
    statements = _statements("x*sin(x)", "reverse")
    adjoint = statements[statements.index("v̄₂ = ȳ = 1") :]
    assert adjoint == [
        "v̄₂ = ȳ = 1",
        "v̄₀ = v₁·v̄₂",
        "v̄₁ = v₀·v̄₂",
        "v̄₀ += cos(v₀)·v̄₁",
        "f′ = v̄₀",
    ]
    last = evaluation_trace(trace(parse("x*sin(x)"), 2.0))[-1]
    assert last.value == pytest.approx(math.sin(2.0) + 2.0 * math.cos(2.0), rel=1e-15)


def test_forward_mode_writes_the_tangent_trace():
    lines = evaluation_trace(trace(parse("x*sin(x)"), 2.0), "forward")
    tangent = [line.statement for line in lines if line.section is Section.TANGENT]
    assert tangent == [
        "dv₀/dx = 1",
        "dv₁/dx = cos(v₀)·dv₀/dx",
        "dv₂/dx = v₁·dv₀/dx",
        "dv₂/dx += v₀·dv₁/dx",
        "f′ = dv₂/dx",
    ]
    assert lines[-1].value == pytest.approx(math.sin(2.0) + 2.0 * math.cos(2.0), rel=1e-15)


def test_factors_that_would_read_two_ways_are_bracketed():
    statements = _statements("sqrt(x)/x", "reverse")
    assert "v̄₁ = (1/v₀)·v̄₂" in statements
    assert "v̄₀ = (−v₁/v₀²)·v̄₂" in statements


def test_a_constant_has_a_zero_tangent():
    statements = _statements("2^x", "forward")
    assert "dv₁/dx = 0" in statements  # v₁ is the constant 2


@given(dags(), xs)
def test_each_adjoint_ends_at_the_engines_value_and_accumulates_once_per_extra_use(graph, x):
    t = trace(graph, x)
    lines = [line for line in evaluation_trace(t) if line.contribution is not None]
    last: dict[int, float] = {}
    for line in lines:
        last[line.node] = line.value
    for node, value in last.items():
        assert value == float(t.adjoints[node]) or (
            math.isnan(value) and math.isnan(t.adjoints[node])
        )
    receivers = {c.input for c in t.backward}
    assert sum(line.op == "=" for line in lines) == len(receivers)
    assert sum(line.op == "+=" for line in lines) == len(t.backward) - len(receivers)


def test_a_range_has_no_single_trace():
    import numpy as np

    with pytest.raises(ValueError, match="one point"):
        evaluation_trace(trace(parse("sin(x)"), np.array([1.0, 2.0])))


@pytest.mark.parametrize("mode", ["reverse", "forward"])
@pytest.mark.parametrize(
    ("expr", "x0", "start"),
    [("log(sin(x))", -1.0, 2), ("log(x)", -1.0, 1), ("sqrt(x)", 0.0, 1), ("1/x", 0.0, 1)],
)
def test_an_undefined_point_prints_no_number_from_the_node_where_it_starts(expr, x0, start, mode):
    """Issue 22 item 1: where f (or f′) is undefined no line prints a number the engine
    did not vouch for; the line where it starts and the result say why, as the banner."""
    t = trace(parse(expr), x0)
    failure = t.failure()
    assert failure is not None
    assert failure.node == start
    lines = evaluation_trace(t, mode)
    derivative = [line for line in lines if line.section is not Section.PRIMAL]
    for line in lines:
        if line.section is Section.PRIMAL and line.node < start:
            assert math.isfinite(line.value), line.statement  # before it: numbers
    if failure.level == VALUE:
        primal = [line for line in lines if line.section is Section.PRIMAL]
        assert all(math.isnan(line.value) for line in primal if line.node >= start)
        assert next(line for line in primal if line.node == start).reason == failure.message
    later = [line for line in derivative if mode == "reverse" or line.node >= start]
    assert later
    assert all(math.isnan(line.value) for line in later)
    assert later[0].reason == failure.message
    assert lines[-1].target == "f′"
    assert lines[-1].reason == failure.message
    assert lines[-1].value_text == f"undefined: {failure.message}"


def test_a_point_where_only_f2_is_undefined_keeps_every_number():
    t = trace(parse("x^1.5"), 0.0)
    assert t.failure().level == SECOND
    lines = evaluation_trace(t) + evaluation_trace(t, "forward")
    assert all(math.isfinite(line.value) and not line.reason for line in lines)
