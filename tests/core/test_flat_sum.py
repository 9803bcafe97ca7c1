"""A long flat sum is a chain of terms, not nesting: 777 ``sin(x)`` terms parse (they were
refused as "nested too deeply"), while real nesting past MAX_DEPTH is still refused."""

from __future__ import annotations

import numpy as np
import pytest

from guiad.core.engine import evaluate
from guiad.core.expression import MAX_DEPTH, ParseError, parse, to_expression


@pytest.mark.parametrize(("term", "joint", "count"), [("sin(x)", " + ", 777), ("x", "-", 2500)])
def test_a_long_flat_chain_of_terms_parses(term, joint, count):
    graph = parse(joint.join([term] * count))
    assert parse(to_expression(graph)) == graph
    x = np.array([0.3, 2.0])
    one = np.sin(x) if term == "sin(x)" else x
    expected = count * one if joint.strip() == "+" else one - (count - 1) * one
    np.testing.assert_allclose(evaluate(graph, x).f, expected, rtol=1e-12)


def test_a_flat_sum_keeps_left_to_right_order_and_folds_constants():
    graph = parse("x*2 - 3 + 1/x + 4")
    x = np.array([1.5])
    np.testing.assert_allclose(evaluate(graph, x).f, 1.5 * 2 - 3 + 1 / 1.5 + 4)
    assert parse("1 + 2 + 3 + x").nodes[-1].param == 6.0


@pytest.mark.parametrize(
    "text",
    [
        "-" * (MAX_DEPTH + 2) + "x",  # unary minus on unary minus …
        "x^" * (MAX_DEPTH + 2) + "x",  # x^(x^(x^…)): power binds to the right
    ],
)
def test_real_nesting_is_still_refused(text):
    with pytest.raises(ParseError, match="nested too deeply"):
        parse(text)
