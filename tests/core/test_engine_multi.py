"""The engine with several inputs: one reverse sweep gives the gradient, forward mode needs
one sweep per input; both against closed forms and central differences. One input stays
bit for bit what it was before several inputs existed."""

from pathlib import Path

import numpy as np
import pytest

from guiad.core.engine import evaluate, trace, value_and_grad
from guiad.core.expression import parse

GOLDEN = Path(__file__).parent / "data" / "one_input_4b5de50.npz"

# (expression, point, closed-form gradient)
CASES = [
    ("x*y + sin(x)", (1.0, 2.0), lambda x, y: (y + np.cos(x), x)),
    ("x^2 + y^2", (0.3, -1.2), lambda x, y: (2 * x, 2 * y)),
    ("x^2 - y^2", (0.7, 0.4), lambda x, y: (2 * x, -2 * y)),
    (
        "(1 - x)^2 + 100*(y - x^2)^2",
        (-0.5, 1.5),
        lambda x, y: (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)),
    ),
    (
        "a*b*c*d",
        (1.5, -2.0, 0.5, 3.0),
        lambda a, b, c, d: (b * c * d, a * c * d, a * b * d, a * b * c),
    ),
]


def central(graph, point, k, h=1e-6):
    up, down = list(point), list(point)
    up[k] += h
    down[k] -= h
    return (float(trace(graph, up).f) - float(trace(graph, down).f)) / (2 * h)


@pytest.mark.parametrize(("text", "point", "closed"), CASES)
def test_reverse_forward_and_closed_form_agree(text, point, closed):
    graph = parse(text)
    t = trace(graph, list(point))
    expected = closed(*point)
    for k in range(graph.n_inputs):
        assert float(t.grad[k]) == pytest.approx(expected[k], rel=1e-13, abs=1e-13)
        # forward mode: sweep k's output dot is ∂f/∂(input k)
        assert float(t.sweeps[k].dots[-1]) == pytest.approx(expected[k], rel=1e-13, abs=1e-13)
        assert float(t.grad[k]) == pytest.approx(central(graph, point, k), rel=1e-6, abs=1e-6)


def test_inputs_are_matched_by_name_order():
    # "b - a" has inputs (a, b): the point is given in that order
    t = trace(parse("b - a"), [1.0, 5.0])
    assert float(t.f) == 4.0
    assert [float(g) for g in t.grad] == [-1.0, 1.0]


def test_logistic_loss_gradient_matches_its_closed_form():
    graph = parse("log(1 + exp(-(w*x + b)))")
    assert graph.inputs == ("x", "b", "w")
    x, b, w = 0.8, -0.3, 1.7
    t = trace(graph, [x, b, w])
    s = 1 / (1 + np.exp(w * x + b))  # = 1 - sigmoid(w x + b)
    assert [float(g) for g in t.grad] == pytest.approx([-s * w, -s, -s * x], rel=1e-13)


def test_evaluate_broadcasts_and_matches_trace():
    graph = parse("x*y + sin(x)")
    xs = np.linspace(-2, 2, 41)
    ys = np.linspace(0, 1, 3)[:, None]
    result = evaluate(graph, (xs, ys), chunk_size=7)
    assert result.f.shape == (123,)
    X, Y = np.broadcast_arrays(xs, ys)
    np.testing.assert_array_equal(result.points[0], X.ravel())
    np.testing.assert_array_equal(result.points[1], Y.ravel())
    np.testing.assert_allclose(result.grad[0], Y.ravel() + np.cos(X.ravel()), rtol=1e-14)
    np.testing.assert_array_equal(result.grad[1], X.ravel())
    t = trace(graph, [X.ravel(), Y.ravel()])
    np.testing.assert_array_equal(t.grad[0], result.grad[0])
    assert result.df is result.grad[0]


def test_value_and_grad_by_name():
    f, grad = value_and_grad("x*y + sin(x)", x=np.array([1.0, 2.0]), y=3.0)
    np.testing.assert_allclose(f, [3 + np.sin(1), 6 + np.sin(2)])
    np.testing.assert_allclose(grad["x"], [3 + np.cos(1), 3 + np.cos(2)])
    np.testing.assert_array_equal(grad["y"], [1.0, 2.0])
    f, grad = value_and_grad("x*y", x=2.0, y=5.0)
    assert (f, grad) == (10.0, {"x": 5.0, "y": 2.0})
    with pytest.raises(ValueError, match="missing y"):
        value_and_grad("x*y", x=2.0)
    with pytest.raises(ValueError, match="unknown q"):
        value_and_grad("x*y", x=2.0, y=1.0, q=3.0)


def test_the_seed_keeps_its_digits_through_every_entry():
    assert value_and_grad("exp(sin(sin(x)))", 2.0) == (2.2013533791690376, -0.562752038662712)
    f, grad = value_and_grad("exp(sin(sin(x)))", x=2.0)
    assert (f, grad) == (2.2013533791690376, -0.562752038662712)  # one input: today's form
    t = trace(parse("exp(sin(sin(x)))"), 2.0)
    assert float(t.grad[0]) == -0.562752038662712
    assert len(t.sweeps) == 1
    assert t.sweeps[0].dots is t.dots


def test_a_failing_derivative_masks_only_the_components_it_reaches():
    t = trace(parse("sqrt(x)*y"), [0.0, 3.0])
    assert np.isnan(t.grad[0])
    assert float(t.grad[1]) == 0.0  # ∂(√x·y)/∂y = √0
    assert "sqrt" in t.failure().message


def test_an_undefined_value_masks_the_whole_gradient_and_names_the_input():
    t = trace(parse("log(x) + y"), [-1.0, 2.0])
    assert np.isnan(t.f)
    assert all(np.isnan(g) for g in t.grad)
    t = trace(parse("x + y"), [1.0, np.inf])
    assert t.failure().message.startswith("the input y is not a finite number")


def test_one_point_per_input_is_required():
    with pytest.raises(ValueError, match="one value or array per input"):
        trace(parse("x*y"), 1.0)


def test_one_input_is_what_it_was():
    """Against results saved by the engine before several inputs (commit 4b5de50).

    Bit for bit on the machine that saved them; elsewhere numpy's SIMD sin, exp and cbrt may
    round the last bit differently, so values agree to ~1e-13 and failures exactly."""
    saved = np.load(GOLDEN)
    x = saved["x"]
    for k, text in enumerate(saved["exprs"]):
        graph = parse(str(text))
        r = evaluate(graph, x)
        np.testing.assert_array_equal(r.failures, saved[f"{k}_codes"], err_msg=f"{text}: codes")
        for name, now in (("f", r.f), ("df", r.df), ("d2f", r.d2f)):
            _assert_close(now, saved[f"{k}_{name}"], f"{text}: {name}")
        t = trace(graph, 2.0)
        now = np.array([t.f, t.df, t.d2f, *t.values, *t.adjoints, *t.dots])
        _assert_close(now, saved[f"{k}_t"], f"{text}: trace at 2")


def _assert_close(now, saved, message: str) -> None:
    """``now`` is ``saved`` to the last few bits (absolute near 0, where cancellation rules)."""
    np.testing.assert_allclose(now, saved, rtol=1e-13, atol=1e-15, equal_nan=True, err_msg=message)


# ---- counting operations ------------------------------------------------------------------


def test_operations_counted_by_hand_for_x_times_y():
    # v2 = x*y. Primal: the value and two partials = 3. Reverse: x̄ = y·v̄2, ȳ = x·v̄2: two
    # multiplications, nothing to add = 2. Forward: each sweep multiplies the dot of the
    # input it seeds (1) and adds the two terms (1) = 2 per sweep.
    cost = trace(parse("x*y"), [2.0, 3.0]).cost
    assert (cost.primal, cost.reverse, cost.forward) == (3, 2, (2, 2))
    assert (cost.reverse_total, cost.forward_total) == (5, 7)


def test_operations_counted_by_hand_for_x_sin_x():
    # v1 = sin(x): 1 value + 1 partial; v2 = x*v1: 1 value + 2 partials; primal 5.
    # Reverse: v̄1 = x·v̄2 (1), x̄ = v1·v̄2 (1), x̄ += cos(x)·v̄1 (1 multiply + 1 add) = 4.
    # Forward (one sweep): v̇1 = cos·ẋ (1); v̇2 = v1·ẋ + x·v̇1 (2 multiplies + 1 add) = 4.
    cost = trace(parse("x*sin(x)"), 1.0).cost
    assert (cost.primal, cost.reverse, cost.forward) == (5, 4, (4,))


def test_forward_mode_grows_with_the_inputs_and_reverse_mode_does_not():
    def costs(n):
        text = "*".join(f"a{k}" for k in range(n))
        cost = trace(parse(text), [1.5] * n).cost
        return cost.reverse, sum(cost.forward), len(cost.forward)

    # a0*a1*…*a(n-1): n-1 multiplications, 2 edges each. Reverse: one multiply per edge and
    # no adds. Forward, per sweep: a multiply where the seeded input is upstream, an add at
    # every node: sweep k multiplies once at the node that reads a(k) and once at every
    # node after it.
    for n in range(2, 9):
        reverse, forward, sweeps = costs(n)
        assert reverse == 2 * (n - 1)
        assert sweeps == n
        multiplies = sum(n - max(k, 1) for k in range(n))
        assert forward == multiplies + n * (n - 1)


@pytest.mark.parametrize(
    ("text", "point"),
    [("exp(sin(sin(x)))", np.array([2.0])), ("x*y + 3", (np.array([[1.0, 2.0]]), 0.5))],
)
def test_a_traces_arrays_are_read_only_and_of_the_points_shape(text, point):
    """What the walkthrough and the plots read cannot be written through by mistake (the
    engine's own arrays stand behind them), at any shape of the points."""
    t = trace(parse(text), point)
    shape = np.shape(point[0]) if isinstance(point, tuple) else point.shape
    arrays = [t.x, *t.values, *t.adjoints, *t.dots, *t.point]
    arrays += [p for ps in t.partials for p in ps]
    arrays += [a for c in t.backward for a in (c.partial, c.term, c.total)]
    for a in arrays:
        assert a.shape == shape
        assert a.dtype == np.float64
        assert not a.flags.writeable
