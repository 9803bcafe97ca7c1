"""The seed post's example, to the last digit: exp(sin(sin(x))) at x = 2.0.

The expected digits are the seed post's own (computed there by hand-written forward and
reverse passes with the math module), so they are independent of this code.
"""

import math

import numpy as np

from guiad.core import evaluate, parse, trace, value_and_grad
from guiad.core.graph import chain_graph

SEED_EXPR = "exp(sin(sin(x)))"
SEED_X = 2.0
SEED_F = 2.2013533791690376
SEED_DF = -0.562752038662712


def test_seed_digits_by_value_and_grad():
    f, df = value_and_grad(SEED_EXPR, SEED_X)
    assert f == SEED_F
    assert df == SEED_DF


def test_seed_digits_by_trace():
    t = trace(parse(SEED_EXPR), SEED_X)
    assert float(t.f) == SEED_F
    assert float(t.df) == SEED_DF
    # reverse mode (adjoint of x) and forward mode (dot of y) agree on this chain exactly
    assert float(t.dots[-1]) == SEED_DF
    assert t.failure() is None


def test_seed_digits_by_evaluate_in_a_range():
    x = np.array([-1.0, SEED_X, 3.5])
    for parallel in (False, True):
        result = evaluate(parse(SEED_EXPR), x, order=2, chunk_size=1, parallel=parallel)
        assert result.f[1] == SEED_F
        assert result.df[1] == SEED_DF


def test_seed_chain_built_from_cards_matches_the_parsed_expression():
    assert chain_graph(["sin", "sin", "exp"]) == parse(SEED_EXPR)


def test_seed_intermediate_values_are_the_math_module_ones():
    t = trace(parse(SEED_EXPR), SEED_X)
    v1 = math.sin(SEED_X)
    v2 = math.sin(v1)
    assert [float(v) for v in t.values] == [SEED_X, v1, v2, math.exp(v2)]
    # the adjoints, written out as the seed post does: v̄3 = 1, v̄2 = exp(v2), ...
    v3_bar = 1.0
    v2_bar = v3_bar * math.exp(v2)
    v1_bar = v2_bar * math.cos(v1)
    v0_bar = v1_bar * math.cos(SEED_X)
    assert [float(a) for a in t.adjoints] == [v0_bar, v1_bar, v2_bar, v3_bar]
