"""The notation's two choices (issue 23 item 8): Griewank's numbering, checked against Baydin
et al.'s table 2 as printed there, and the decimal places, in every text that writes
through the notation (trace, derivation, timeline banners, TeX, glossary)."""

from __future__ import annotations

import pytest

from guiad.anim import glossary
from guiad.anim import notation as n
from guiad.anim.derivation import derive
from guiad.anim.evaltrace import evaluation_trace
from guiad.anim.texmath import tex
from guiad.anim.timeline import Timeline
from guiad.anim.trace_export import markdown
from guiad.core.engine import trace
from guiad.core.expression import parse

BAYDIN = "log(x1) + x1*x2 - sin(x2)"
GRIEWANK = n.Style(n.GRIEWANK, 3)


def _primal(expr: str, point) -> list[tuple[str, str]]:
    lines = evaluation_trace(trace(parse(expr), [[p] for p in point]))
    return [(line.statement, line.value_text) for line in lines if line.section.name == "PRIMAL"]


def test_griewanks_numbering_is_baydins_table():
    # Baydin et al. (2018), table 2, at (x1, x2) = (2, 5): v₋₁ = x1 = 2, v₀ = x2 = 5,
    # v₁ = ln v₋₁ = 0.693, v₂ = v₋₁ × v₀ = 10, … (guiad computes sin v₀ before the sum)
    with n.styled(GRIEWANK):
        assert _primal(BAYDIN, (2, 5)) == [
            ("v₋₁ = x1", "2.000"),
            ("v₀ = x2", "5.000"),
            ("v₁ = log(v₋₁)", "0.693"),
            ("v₂ = v₋₁·v₀", "10.000"),
            ("v₃ = v₁ + v₂", "10.693"),
            ("v₄ = sin(v₀)", "−0.959"),
            ("v₅ = v₃ − v₄", "11.652"),
            ("y = v₅", "11.652"),
        ]
        rows = derive(parse(BAYDIN), (2, 5)).stages()[0].rows
        assert [" = ".join((r.lhs, *r.sides)) for r in rows][-3:] == [
            "v̄₋₁ = ∂v₂/∂v₋₁·v̄₂ + ∂v₁/∂v₋₁·v̄₁",
            "∂y/∂x1 = v̄₋₁",
            "∂y/∂x2 = v̄₀",
        ]
    assert _primal(BAYDIN, (2, 5))[0] == ("v₀ = x1", "2.0000")  # as before, outside


def test_with_one_input_both_numberings_agree():
    timeline = Timeline(parse("exp(sin(sin(x)))"), 2.0)
    timeline.end()
    plain = markdown(timeline)
    with n.styled(n.Style(n.GRIEWANK)):
        assert markdown(timeline) == plain


def test_the_reason_names_the_node_as_the_trace_does():
    expr = "log(x1 - 3) + x2"  # log is the graph's node 3: v₃ from zero, v₂ in Griewank's
    assert "log (v3)" in derive(parse(expr), (2, 5)).reason
    with n.styled(GRIEWANK):
        timeline = Timeline(parse(expr), (2, 5))
        assert "v₂ = log(v₁) | undefined: log (v2):" in markdown(timeline)
        assert "log (v2)" in timeline.end().banner


def test_the_style_comes_back_after_an_error():
    with pytest.raises(RuntimeError), n.styled(GRIEWANK, inputs=2):
        raise RuntimeError
    assert n.style() == n.Style()
    assert n.v(0) == "v₀"


@pytest.mark.parametrize(
    ("places", "value", "text"),
    [
        (4, 0.5, "0.5000"),
        (2, 0.5, "0.50"),
        (8, -1 / 3, "−0.33333333"),
        (2, 0.05, "5.00e−02"),  # below a unit in the last place shown: scientific
        (4, 0.001, "0.0010"),
        (4, 1e-9, "1.0000e−09"),
        (1, 123456.0, "1.2e+05"),
    ],
)
def test_places(places, value, text):
    with n.styled(n.with_places(places)):
        assert n.fmt(value) == text


def test_a_number_written_again_follows_the_places_of_the_moment():
    """(fmt keeps the texts it wrote: one kept for four places must not come back at two)"""
    texts = []
    for places in (4, 2, 8, 4, 1):
        with n.styled(n.with_places(places)):
            texts.append([n.fmt(x) for x in (-1 / 3, 2.0, -0.0, 0.05, 1e-9, 123456.0)])
    assert (
        texts[0]
        == texts[3]
        == ["−0.3333", "2.0000", "0.0000", "0.0500", "1.0000e−09", "1.2346e+05"]
    )
    assert texts[1] == ["−0.33", "2.00", "0.00", "5.00e−02", "1.00e−09", "1.23e+05"]
    assert texts[2][0] == "−0.33333333"
    assert texts[4] == ["−3.3e−01", "2.0", "0.0", "5.0e−02", "1.0e−09", "1.2e+05"]


def test_bad_styles_are_refused():
    with pytest.raises(ValueError, match="numbering"):
        n.Style("baydin")
    with pytest.raises(ValueError, match="1 to 8"):
        n.Style(places=0)


def test_negative_numbers_read_in_tex_and_the_glossary():
    assert (
        tex("v̄₋₁ += ∂v₂/∂v₋₁·v̄₂")
        == r"\bar{v}_{-1} += \partial v_{2}/\partial v_{-1}\cdot \bar{v}_{2}"
    )
    assert glossary.entries_for("v̄₋₁") == [glossary.ADJOINT]
    assert glossary.entries_for("∂v₁/∂v₋₁") == [glossary.PARTIAL]
    assert glossary.entries_for("v₋₁") == [glossary.VALUE]
