"""The derivation, stage by stage, against references written by hand: the seed post's digits,
closed forms, central differences of the functions written with ``math``, and the symbols of
x·sin(x) and Baydin's example worked on paper (not copied from the output)."""

from __future__ import annotations

import math
import re

import pytest

from guiad.anim import trace_export
from guiad.anim.derivation import derive, latex, markdown, text
from guiad.anim.timeline import Timeline
from guiad.core.expression import parse

SEED_F, SEED_DF = 2.2013533791690376, -0.562752038662712
BAYDIN = "log(x1) + x1*x2 - sin(x2)"


def _rows(expr: str, point, stage: int, target: int | None = None) -> list[str]:
    d = derive(parse(expr), point, target)
    return [" = ".join((r.lhs, *r.sides)) for r in d.stages()[stage - 1].rows]


def test_the_seed_example_staged():
    # exp(sin(sin(x))): v₁ = sin v₀, v₂ = sin v₁, v₃ = exp v₂; sin 2 = 0.909297,
    # sin(0.909297) = 0.789072, exp(0.789072) = 2.201353, cos(0.909297) = 0.614300,
    # cos 2 = −0.416147, and the seed post's f′ = −0.562752
    expr = "exp(sin(sin(x)))"
    assert _rows(expr, 2.0, 1) == [
        "v̄₃ = ȳ = 1",
        "v̄₂ = ∂v₃/∂v₂·v̄₃",
        "v̄₁ = ∂v₂/∂v₁·v̄₂",
        "v̄₀ = ∂v₁/∂v₀·v̄₁",
        "dy/dx = v̄₀",
    ]
    assert _rows(expr, 2.0, 2) == [
        "v̄₃ = 1",
        "v̄₂ = exp(v₂)·v̄₃",
        "v̄₁ = cos(v₁)·v̄₂",
        "v̄₀ = cos(v₀)·v̄₁",
    ]
    assert _rows(expr, 2.0, 3) == [
        "v̄₃ = 1.0000",
        "v̄₂ = exp(0.7891)·1.0000 = 2.2014·1.0000 = 2.2014",
        "v̄₁ = cos(0.9093)·2.2014 = 0.6143·2.2014 = 1.3523",
        "v̄₀ = cos(2.0000)·1.3523 = (−0.4161)·1.3523 = −0.5628",
        "dy/dx = v̄₀ = −0.5628",
    ]
    d = derive(parse(expr), 2.0)
    assert d.gradient[0] == pytest.approx(SEED_DF, rel=1e-14)
    assert d.equations[1].value == pytest.approx(SEED_F, rel=1e-14)  # v̄₂ = exp(v₂) = f


def test_x_sin_x_sums_both_paths_into_x():
    # v₁ = sin v₀, v₂ = v₀·v₁: v₀ feeds v₂ directly and through v₁
    assert _rows("x*sin(x)", 2.0, 1) == [
        "v̄₂ = ȳ = 1",
        "v̄₁ = ∂v₂/∂v₁·v̄₂",
        "v̄₀ = ∂v₂/∂v₀·v̄₂ + ∂v₁/∂v₀·v̄₁",
        "dy/dx = v̄₀",
    ]
    assert _rows("x*sin(x)", 2.0, 2) == [
        "v̄₂ = 1",
        "v̄₁ = v₀·v̄₂",
        "v̄₀ = v₁·v̄₂ + cos(v₀)·v̄₁",
    ]
    # sin 2 + 2 cos 2 = 0.909297 − 0.832294 = 0.077004
    assert _rows("x*sin(x)", 2.0, 3)[-2:] == [
        "v̄₀ = 0.9093·1.0000 + cos(2.0000)·2.0000 = 0.9093·1.0000 + (−0.4161)·2.0000 = 0.0770",
        "dy/dx = v̄₀ = 0.0770",
    ]


def test_baydins_example_staged():
    # Baydin et al.'s table 3: v₋₁ = x1, v₀ = x2 are v₀, v₁ here; v₂ = log v₀, v₃ = v₀·v₁,
    # v₄ = v₂ + v₃, v₅ = sin v₁, v₆ = v₄ − v₅
    assert _rows(BAYDIN, (2, 5), 1) == [
        "v̄₆ = ȳ = 1",
        "v̄₅ = ∂v₆/∂v₅·v̄₆",
        "v̄₄ = ∂v₆/∂v₄·v̄₆",
        "v̄₃ = ∂v₄/∂v₃·v̄₄",
        "v̄₂ = ∂v₄/∂v₂·v̄₄",
        "v̄₁ = ∂v₅/∂v₁·v̄₅ + ∂v₃/∂v₁·v̄₃",
        "v̄₀ = ∂v₃/∂v₀·v̄₃ + ∂v₂/∂v₀·v̄₂",
        "∂y/∂x1 = v̄₀",
        "∂y/∂x2 = v̄₁",
    ]
    assert _rows(BAYDIN, (2, 5), 2) == [
        "v̄₆ = 1",
        "v̄₅ = −v̄₆",
        "v̄₄ = v̄₆",
        "v̄₃ = v̄₄",
        "v̄₂ = v̄₄",
        "v̄₁ = cos(v₁)·v̄₅ + v₀·v̄₃",
        "v̄₀ = v₁·v̄₃ + (1/v₀)·v̄₂",
    ]
    # cos 5 = 0.283662: ∂y/∂x2 = x1 − cos x2 = 1.716338; ∂y/∂x1 = x2 + 1/x1 = 5.5
    assert _rows(BAYDIN, (2, 5), 3)[-4:] == [
        "v̄₁ = cos(5.0000)·(−1.0000) + 2.0000·1.0000 = 0.2837·(−1.0000) + 2.0000·1.0000 = 1.7163",
        "v̄₀ = 5.0000·1.0000 + (1/2.0000)·1.0000 = 5.0000·1.0000 + 0.5000·1.0000 = 5.5000",
        "∂y/∂x1 = v̄₀ = 5.5000",
        "∂y/∂x2 = v̄₁ = 1.7163",
    ]
    d = derive(parse(BAYDIN), (2, 5))
    assert d.gradient == pytest.approx((5.5, 2 - math.cos(5)), rel=1e-14)


def test_any_node_can_be_the_target():
    # v₃ = x1·x2: ∂v₃/∂x1 = x2, ∂v₃/∂x2 = x1; v₂ = log x1 does not depend on x2 at all
    assert _rows(BAYDIN, (2, 5), 1, target=3) == [
        "v̄₃ = 1",
        "v̄₁ = ∂v₃/∂v₁·v̄₃",
        "v̄₀ = ∂v₃/∂v₀·v̄₃",
        "∂v₃/∂x1 = v̄₀",
        "∂v₃/∂x2 = v̄₁",
    ]
    assert derive(parse(BAYDIN), (2, 5), target=3).gradient == (5.0, 2.0)
    assert _rows(BAYDIN, (2, 5), 3, target=2)[-2:] == ["∂v₂/∂x1 = v̄₀ = 0.5000", "∂v₂/∂x2 = 0"]
    assert _rows(BAYDIN, (2, 5), 3, target=1) == [
        "v̄₁ = 1.0000",
        "∂v₁/∂x1 = 0",
        "∂v₁/∂x2 = v̄₁ = 1.0000",
    ]
    assert _rows("x", 3.0, 1) == ["v̄₀ = ȳ = 1", "dy/dx = v̄₀"]
    with pytest.raises(ValueError, match="a node, v₀ to v₆"):
        derive(parse(BAYDIN), (2, 5), target=7)


# each function written again with math, for a central difference independent of the engine
CASES = [
    ("exp(sin(sin(x)))", lambda x: math.exp(math.sin(math.sin(x))), (2.0,)),
    ("x*sin(x)", lambda x: x * math.sin(x), (1.3,)),
    ("sqrt(x)/x - sin(x)*x", lambda x: math.sqrt(x) / x - math.sin(x) * x, (0.7,)),
    ("x*x*x + 2*x", lambda x: x**3 + 2 * x, (-1.1,)),
    (BAYDIN, lambda a, b: math.log(a) + a * b - math.sin(b), (2.0, 5.0)),
    ("tanh(a*b) / (1 + a^2)", lambda a, b: math.tanh(a * b) / (1 + a**2), (0.4, -0.9)),
]


@pytest.mark.parametrize(("expr", "f", "point"), CASES)
def test_the_numbers_are_the_derivatives(expr, f, point):
    d = derive(parse(expr), point)
    h = 1e-6
    for k in range(len(point)):
        up = [p + h if j == k else p for j, p in enumerate(point)]
        down = [p - h if j == k else p for j, p in enumerate(point)]
        assert d.gradient[k] == pytest.approx((f(*up) - f(*down)) / (2 * h), rel=1e-6, abs=1e-8)
    for eq in d.equations[1:]:  # each adjoint is the sum its row writes out
        total = sum(t.partial * t.adjoint for t in eq.terms)
        assert eq.value == pytest.approx(total, rel=1e-12, abs=1e-15)


def test_an_undefined_point_prints_no_number_and_says_why():
    d = derive(parse("log(x)*x"), -1.0)
    numbers = d.stages()[2]
    assert "log" in d.reason
    assert all("undefined" in r.sides for r in numbers.rows)
    assert numbers.rows[0].reason == d.reason
    assert numbers.rows[-1].reason == d.reason  # dy/dx says why
    plain = text(d)
    assert not re.search(r"\d\.\d{4}", plain.split("3. The numbers")[1])
    # the symbols do not depend on the point
    assert d.stages()[:2] == derive(parse("log(x)*x"), 2.0).stages()[:2]


def test_markdown_escapes_and_latex_is_ascii_with_fractions():
    d = derive(parse(BAYDIN), (2, 5))
    md = markdown(d)
    assert "### 1. The chain rule" in md
    assert "- v̄₀ = ∂v₃/∂v₀·v̄₃ + ∂v₂/∂v₀·v̄₂" in md
    tex = latex(d)
    assert tex.isascii()
    assert r"\bar{v}_{0} &= \frac{\partial v_{3}}{\partial v_{0}}\cdot \bar{v}_{3}" in tex
    assert r"\frac{\partial y}{\partial x_{2}} &= \bar{v}_{1} = 1.7163" in tex
    assert tex.count("{") == tex.count("}")
    assert tex.count("\\begin{align*}") == tex.count("\\end{align*}") == 3
    assert "$" not in text(d)


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_the_trace_exports_carry_the_derivation(mode):
    from guiad.anim.timeline import Mode

    timeline = Timeline(parse("exp(sin(sin(x)))"), 2.0, Mode(mode))
    timeline.end()
    md = trace_export.markdown(timeline)
    assert "## Derivation of dy/dx at x = 2" in md
    assert "- dy/dx = v̄₀ = −0.5628" in md
    tex = trace_export.latex_document(timeline, dict.fromkeys(trace_export.COLOR_NAMES, "#000"))
    assert r"\subsection*{Derivation of $\mathrm{d}y/\mathrm{d}x$ at $x = 2$}" in tex
    assert tex.index("\\bottomrule") < tex.index("\\bigskip") < tex.index("tikzpicture")
    assert r"\section*{$f(x) = \exp (\sin (\sin (x)))$ at $x = 2$" in tex
