"""Notation: number formats (−0.0 reads as 0; the core keeps the sign bit) and the one
renderer of an op's text with its constant."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guiad.anim import notation as n
from guiad.core.expression import parse
from guiad.core.graph import Step
from guiad.core.ops import OPS


@pytest.mark.parametrize("format_", [n.fmt, n.fmt_long, n.paren, lambda x: n.fmt_g(x, 6)])
def test_negative_zero_reads_as_zero(format_):
    assert format_(-0.0) == format_(0.0)
    assert not format_(-0.0).startswith(n.MINUS)


@pytest.mark.parametrize("format_", [n.fmt, n.fmt_long, n.paren, lambda x: n.fmt_g(x, 6)])
def test_small_negatives_keep_their_sign(format_):
    assert n.MINUS in format_(-1e-300)
    assert n.MINUS in format_(-0.5)


def test_fmt_g_gives_significant_digits_with_a_real_minus():
    assert n.fmt_g(-0.562752038662712, 6) == f"{n.MINUS}0.562752"
    assert n.fmt_g(2.2013533791690376, 10) == "2.201353379"
    assert n.fmt_g(float("nan"), 6) == "undefined"
    assert n.fmt_g(float("-inf"), 6) == f"{n.MINUS}∞"


@pytest.mark.parametrize(
    ("step", "text"),
    [
        (Step("power", 3.0), "u³"),
        (Step("power", -2.0), "u⁻²"),
        (Step("power", 0.5), "u^0.5"),
        (Step("shift", -1.0), "u − 1"),
        (Step("shift", 2.5), "u + 2.5"),
        (Step("scale", -2.0), f"{n.MINUS}2·u"),
        (Step("rsub", 1.0), "1 − u"),  # (1 − x showed "c − u" on the canvas and in the walkthrough)
        (Step("rdiv", 2.0), "2/u"),
        (Step("sin"), "sin"),
        (Step("sqrt"), "√"),
    ],
)
def test_op_text_fills_in_the_constant(step, text):
    assert n.op_text(step.op, step.param) == text


@pytest.mark.parametrize(
    ("expr", "value", "partial"),
    [
        ("x^3", "v₀³", "3·v₀²"),
        ("x^2", "v₀²", "2·v₀"),
        ("x - 1", "v₀ − 1", "1"),
        ("x^-1", "v₀⁻¹", f"{n.MINUS}1·v₀⁻²"),
    ],
)
def test_banner_formulas_fill_in_the_constant_too(expr, value, partial):
    graph = parse(expr)
    assert n.value_formula(graph, 1) == value
    assert n.partial_formulas(graph, 1) == [partial]


def test_graph_and_table_titles_are_the_card_texts():
    graph = parse("(sin(x) - 1)^3")
    titles = [n.node_title(graph, i) for i in range(1, len(graph.nodes))]
    assert titles == ["sin", "u − 1", "u³"]


def test_numeric_banner_with_a_negative_input_keeps_its_parentheses():
    graph = parse("x^3")
    assert n.value_formula(graph, 1, [-0.5, 0.0]) == f"({n.MINUS}0.5000)³"
    assert n.partial_formulas(graph, 1, [-0.5, 0.0]) == [f"3·({n.MINUS}0.5000)²"]


def _regex_letters(template: str, names: dict[str, str]) -> str:
    """The letters' replacement as a regular expression says it (the reference)."""

    def repl(match: re.Match) -> str:
        name = names.get(match.group(0), match.group(0))
        after_digit = match.start() > 0 and template[match.start() - 1].isdigit()
        return "·" + name if after_digit else name

    return re.sub(r"(?<![A-Za-z])[uvabn](?![A-Za-z])", repl, template)


NAMES = {"u": "v₁", "v": "(−2.0000)", "a": "3", "n": "0.5"}


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="uvabnxyzUVé2 0·+−()*/^ᵛⁿ⁻¹,", max_size=24))
def test_the_letters_are_replaced_where_the_regular_expression_replaced_them(template):
    assert n._replace_letters(template, NAMES) == _regex_letters(template, NAMES)


def test_every_op_formula_reads_as_before():
    """Each op's formula and derivative with names in and with numbers in, as the regular
    expressions wrote them."""

    def by_regex(template: str, names: dict[str, str]) -> str:
        for sup, plain in n._SUPERSCRIPTS:
            template = template.replace(sup, plain)
        text = _regex_letters(template, names)
        text = re.sub(r"\(\((−[^()]*)\)\)", r"(\1)", text)
        return re.sub(rf" \+ {n.MINUS}(?=\d)", f" {n.MINUS} ", text)

    numbers = {"u": "(−0.7568)", "v": "v₀", "a": "−1", "b": "−2", "n": "−1"}
    for op in OPS.values():
        for names in (NAMES, numbers):
            for template in (op.formula, op.d_formula):
                expected = by_regex(template, names)
                assert n._substitute(template, names) == expected, (op.name, template)
