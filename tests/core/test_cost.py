"""The cost of a gradient, reverse against forward mode, as the engine counts it.

Expected counts are worked out by hand from the counting rule in engine.py's ``Cost``:
one op per value and per local partial in the forward (primal) pass; in a sweep, one per
multiplication of a partial by an adjoint or a dot (forward mode skips the multiplication
where the dot is known to be 0: the input does not depend on the swept input) and one per
addition of a term into a sum. Gradients are checked against closed forms.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from guiad.core.cost import (
    FAMILIES,
    FEATURES,
    cost_curve,
    family,
    gradient_cost,
    input_names,
)
from guiad.core.engine import trace
from guiad.core.expression import parse
from guiad.core.graph import MAX_INPUTS


def test_x_times_y_counted_by_hand():
    # v2 = x·y. Primal: the value and two partials (y, x): 3.
    # Backward: x̄ = y·ȳ and ȳ_y = x·ȳ, two multiplications, nothing to add yet: 2.
    # Forward sweep for x: ∂v2/∂x·ẋ (1 multiplication; ẏ = 0 is skipped) + 1 addition: 2;
    # the sweep for y likewise: 2.
    cost = gradient_cost(parse("x*y"))
    assert (cost.cost.primal, cost.cost.reverse, cost.cost.forward) == (3, 2, (2, 2))
    assert cost.n == 2
    assert cost.reverse_ops == 3 + 2
    assert cost.forward_ops == 3 + 2 + 2
    assert cost.forward_sweeps == 2


def test_fan_out_with_one_input_counted_by_hand():
    # x*sin(x): v1 = sin(x), v2 = x·v1. Primal: sin (1 + 1) and mul (1 + 2): 5.
    # Backward: v2 → x (1), v2 → v1 (1), v1 → x: a multiplication and an addition into x̄
    # (2): 4. The one forward sweep: v̇1 = cos(x)·ẋ (1); v̇2 = v1·ẋ + x·v̇1 (2 + 1): 4.
    cost = gradient_cost(parse("x*sin(x)"))
    assert (cost.cost.primal, cost.cost.reverse, cost.cost.forward) == (5, 4, (4,))
    # with one input the modes cost the same: reverse mode's lesson needs several inputs
    assert cost.forward_ops == cost.reverse_ops == 9


def test_a_trace_and_its_graph_give_the_same_cost():
    graph = parse("x*y + sin(x)")
    at_trace = gradient_cost(trace(graph, (np.array([0.5, 2.0]), 3.0)))
    assert at_trace == gradient_cost(graph)


def test_input_names_follow_the_parser_order():
    for n in range(1, MAX_INPUTS + 1):
        names = input_names(n)
        assert names == tuple(f"x{i}" for i in range(1, n + 1))
        assert parse(" + ".join(reversed(names))).inputs == names
    for bad in (0, MAX_INPUTS + 1):
        with pytest.raises(ValueError, match="between 1 and"):
            input_names(bad)


@pytest.mark.parametrize("chosen", FAMILIES, ids=lambda f: f.key)
def test_every_member_has_n_inputs(chosen):
    for n in range(1, MAX_INPUTS + 1):
        assert chosen.graph(n).inputs == input_names(n)


def _closed_form(key: str, x: np.ndarray) -> np.ndarray:
    """The gradient of each family at x, by hand."""
    n = len(x)
    if key == "product":
        return np.array([math.prod(np.delete(x, i)) for i in range(n)])
    if key == "sines":
        return np.cos(x)
    if key == "rosenbrock":
        if n == 1:
            return np.array([-2.0 * (1.0 - x[0])])
        g = np.zeros(n)
        for i in range(n - 1):  # 100(x[i+1] − x[i]²)² + (1 − x[i])²
            g[i] += -400.0 * x[i] * (x[i + 1] - x[i] ** 2) - 2.0 * (1.0 - x[i])
            g[i + 1] += 200.0 * (x[i + 1] - x[i] ** 2)
        return g
    if key == "logistic":  # softplus(−a·w): ∂/∂wᵢ = −aᵢ·σ(−a·w)
        a = np.array(FEATURES[:n])
        return -a / (1.0 + np.exp(a @ x))
    raise AssertionError(key)


@pytest.mark.parametrize("chosen", FAMILIES, ids=lambda f: f.key)
def test_family_gradients_match_closed_forms(chosen):
    rng = np.random.default_rng(7)
    for n in range(1, MAX_INPUTS + 1):
        x = rng.uniform(-1.5, 1.5, n)
        t = trace(chosen.graph(n), tuple(x) if n > 1 else x[0])
        got = np.array([float(g) for g in t.grad])
        np.testing.assert_allclose(got, _closed_form(chosen.key, x), rtol=1e-12, atol=1e-12)


def test_product_curve_matches_the_count_by_hand():
    # x1·x2·…·xn is n − 1 multiplications m = 1 … n−1, each of (v_{m−1}, x_{m+1}).
    # Primal 3 per mul; backward 2 per mul (every node is read once: no additions).
    # The sweep for x1 multiplies at every mul (1) and adds at every mul (1): 2(n − 1).
    # The sweep for xᵢ, i ≥ 2: n − i muls see it through v, one sees it directly, n − 1
    # additions: 2n − i.
    for point in cost_curve(family("product")):
        n = point.n
        forward = 2 * (n - 1) + sum(2 * n - i for i in range(2, n + 1))
        assert point.reverse_ops == 5 * (n - 1)
        assert point.forward_ops == 3 * (n - 1) + forward
        assert point.forward_sweeps == n


@pytest.mark.parametrize("chosen", FAMILIES, ids=lambda f: f.key)
def test_curve_runs_n_from_1_to_max(chosen):
    curve = cost_curve(chosen)
    assert [p.n for p in curve] == list(range(1, MAX_INPUTS + 1))
    # reverse mode's whole point: its cost grows slower than forward mode's
    gaps = [p.forward_ops - p.reverse_ops for p in curve]
    assert all(later > earlier for earlier, later in zip(gaps[1:], gaps[2:], strict=False))
    assert curve[-1].forward_ops > 1.5 * curve[-1].reverse_ops


def test_unknown_family_is_a_clear_error():
    with pytest.raises(KeyError, match="no cost family 'cubes'"):
        family("cubes")
