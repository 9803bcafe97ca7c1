"""The fan-out mistake (``=`` where ``+=`` belongs), computed by the engine for teaching."""

from __future__ import annotations

import numpy as np
from hypothesis import given

from guiad.core.engine import evaluate, trace
from guiad.core.expression import parse
from tests.core.test_properties import chains, xs


def test_x_sin_x_loses_the_first_contribution_to_x():
    # mul reads x (partial sin x) before sin(x) is reached; the overwrite keeps x·cos(x) only
    x = np.linspace(-3.0, 3.0, 13)
    wrong = evaluate(parse("x*sin(x)"), x, order=1, accumulate=False).df
    np.testing.assert_allclose(wrong, x * np.cos(x), rtol=1e-14, atol=1e-15)
    right = evaluate(parse("x*sin(x)"), x, order=1).df
    np.testing.assert_allclose(right, np.sin(x) + x * np.cos(x), rtol=1e-14, atol=1e-15)


def test_the_trace_records_the_overwrite():
    t = trace(parse("x*sin(x)"), 2.0, accumulate=False)
    into_x = [c for c in t.backward if c.input == 0]
    assert len(into_x) == 2
    assert float(into_x[-1].total) == float(into_x[-1].term)  # the earlier term is gone
    assert float(t.df) == 2.0 * np.cos(2.0)


@given(chains(), xs)
def test_a_chain_has_no_fan_out_so_nothing_changes(graph, x):
    right = trace(graph, x)
    wrong = trace(graph, x, accumulate=False)
    np.testing.assert_array_equal(wrong.adjoints[0], right.adjoints[0])
