"""Every op's derivative rules against independent estimates.

First derivatives: central finite differences of the op's value and, where the op is
analytic, the complex step Im f(x + ih)/h (exact to rounding, no cancellation). Second
derivatives: the same two estimates applied to the first-derivative rule. Points are in
the op's domain and away from kinks. Then the engine over whole graphs against closed
forms written with the math module.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from guiad.core import evaluate, parse, trace
from guiad.core.graph import Graph, Node, Step, chain_graph
from guiad.core.ops import BINARY_NAMES, GROUPS, OPS, PARAM_NAMES, UNARY_NAMES, ops_in_group

GENERAL = (-1.3, -0.4, 0.7, 1.9)
# Where each op is defined and smooth (no kinks, no poles) and the FD step is safe.
SAMPLES: dict[str, tuple[float, ...]] = {
    "log": (0.3, 1.1, 2.7),
    "sqrt": (0.3, 1.1, 2.7),
    "log1p": (-0.6, 0.4, 2.0),
    "arcsin": (-0.8, -0.2, 0.5, 0.85),
    "arccos": (-0.8, -0.2, 0.5, 0.85),
    "tan": (-1.2, -0.3, 0.4, 1.1),
    "reciprocal": (-1.5, -0.4, 0.6, 2.2),
    "relu": (-1.3, -0.4, 0.7, 1.9),  # not 0: the kink
    "abs": (-1.3, -0.4, 0.7, 1.9),
    "cbrt": (-2.7, -0.4, 0.7, 8.0),  # not 0: the vertical tangent
}
# Ops whose value is not an analytic function, so the complex step does not apply.
NOT_ANALYTIC = {
    "relu": "max(u, 0) compares complex numbers lexicographically: not analytic",
    "abs": "|u| of a complex number is its modulus: not analytic",
    "softplus": "np.logaddexp has no complex loop",
    "cbrt": "np.cbrt has no complex loop",
    "erf": "the vectorised erf is a real approximation, piecewise in |u|",
}
PARAMS: dict[str, tuple[float, ...]] = {
    "scale": (-1.7, 0.5, 3.0),
    "shift": (-2.5, 0.3),
    "power": (2.0, 3.0, 0.5, -1.5, -2.0),
}
# positive bases so fractional exponents are defined
PARAM_SAMPLES = {"power": (0.4, 1.3, 2.1)}
BINARY_SAMPLES = [(-1.3, 0.6), (0.7, -1.9), (1.6, 2.2), (-0.5, -0.8)]
POSITIVE_BASE_SAMPLES = [(0.4, 0.6), (1.3, -1.9), (1.6, 2.2), (2.5, -0.8)]

H_FD = 1e-5
H_COMPLEX = 1e-20


def unary_cases() -> list[tuple[str, float | None, float]]:
    cases = [(name, None, x) for name in UNARY_NAMES for x in SAMPLES.get(name, GENERAL)]
    for name in PARAM_NAMES:
        for p in PARAMS.get(name, (OPS[name].default,)):
            cases += [(name, p, x) for x in PARAM_SAMPLES.get(name, GENERAL)]
    return cases


def binary_cases() -> list[tuple[str, float, float]]:
    cases = []
    for name in BINARY_NAMES:
        points = POSITIVE_BASE_SAMPLES if name == "pow" else BINARY_SAMPLES
        cases += [(name, u, v) for u, v in points]
    return cases


def value(name: str, args: list, p: float | None):
    with np.errstate(all="raise", under="ignore"):
        return OPS[name].value([np.asarray(a) for a in args], p)


def d1(name: str, args: list, p: float | None) -> tuple:
    arrays = [np.asarray(a) for a in args]
    with np.errstate(all="raise", under="ignore"):
        y = OPS[name].value(arrays, p)
        return tuple(np.broadcast_to(d, np.shape(y)) for d in OPS[name].d1(arrays, y, p))


def d2(name: str, args: list, p: float | None) -> tuple:
    arrays = [np.asarray(a) for a in args]
    with np.errstate(all="raise", under="ignore"):
        y = OPS[name].value(arrays, p)
        return tuple(np.broadcast_to(d, np.shape(y)) for d in OPS[name].d2(arrays, y, p))


def central(fn, args: list, k: int) -> complex | float:
    """Central difference of fn with respect to argument k."""
    h = H_FD * max(1.0, abs(args[k]))
    ahead, behind = list(args), list(args)
    ahead[k] += h
    behind[k] -= h
    return (fn(ahead) - fn(behind)) / (2.0 * h)


def complex_step(fn, args: list, k: int) -> float:
    shifted = [complex(a) for a in args]
    shifted[k] += 1j * H_COMPLEX
    return float(np.imag(fn(shifted))) / H_COMPLEX


def close_fd(actual, expected) -> bool:
    return abs(float(actual) - float(expected)) <= 1e-6 * (1.0 + abs(float(expected)))


def close_exact(actual, expected) -> bool:
    return abs(float(actual) - float(expected)) <= 1e-12 * (1.0 + abs(float(expected)))


# ---- the table itself ----------------------------------------------------------------------


def test_the_name_lists_split_the_table():
    names = UNARY_NAMES + PARAM_NAMES + BINARY_NAMES
    assert sorted(names) == sorted(OPS)
    assert all(OPS[n].arity == 1 and OPS[n].param is None for n in UNARY_NAMES)
    assert all(OPS[n].param is not None for n in PARAM_NAMES)
    assert all(OPS[n].arity == 2 for n in BINARY_NAMES)


@pytest.mark.parametrize("name", UNARY_NAMES)
def test_every_function_op_can_be_written_by_its_name(name):
    assert parse(f"{name}(x)") == Graph.from_chain([Step(name)])


def test_every_op_has_a_sample_set_or_the_general_one_applies():
    # the derivative tests below cover every op of the table, not a list written here
    covered = {name for name, _, _ in unary_cases()} | {name for name, _, _ in binary_cases()}
    assert covered == set(OPS)


def test_every_op_is_in_exactly_one_palette_group():
    grouped = [op.name for group in GROUPS for op in ops_in_group(group)]
    assert sorted(grouped) == sorted(OPS)


def test_every_op_has_formulas_and_an_arity_matching_its_rules():
    for op in OPS.values():
        assert op.formula, op.name
        assert op.d_formula, op.name
        assert op.label, op.name
        assert op.arity in (1, 2)
        args = [np.array([0.6])] * op.arity
        y = op.value(args, op.default)
        assert len(op.d1(args, y, op.default)) == op.arity
        assert len(op.d2(args, y, op.default)) == (1 if op.arity == 1 else 3)
        if op.invalid is not None:
            assert op.reason, f"{op.name} can be undefined but gives no reason"


# ---- first derivatives ---------------------------------------------------------------------


@pytest.mark.parametrize(("name", "p", "x"), unary_cases())
def test_unary_first_derivative_against_central_difference(name, p, x):
    expected = central(lambda a: value(name, a, p), [x], 0)
    assert close_fd(d1(name, [x], p)[0], expected)


@pytest.mark.parametrize(("name", "p", "x"), [c for c in unary_cases() if c[0] not in NOT_ANALYTIC])
def test_unary_first_derivative_against_complex_step(name, p, x):
    expected = complex_step(lambda a: value(name, a, p), [x], 0)
    assert close_exact(d1(name, [x], p)[0], expected)


@pytest.mark.parametrize(("name", "u", "v"), binary_cases())
def test_binary_partials_against_central_difference_and_complex_step(name, u, v):
    partials = d1(name, [u, v], None)
    for k in (0, 1):
        fd = central(lambda a: value(name, a, None), [u, v], k)
        assert close_fd(partials[k], fd), f"∂/∂{'uv'[k]}"
        step = complex_step(lambda a: value(name, a, None), [u, v], k)
        assert close_exact(partials[k], step), f"∂/∂{'uv'[k]}"


# ---- second derivatives --------------------------------------------------------------------


@pytest.mark.parametrize(("name", "p", "x"), unary_cases())
def test_unary_second_derivative_against_difference_of_the_first(name, p, x):
    expected = central(lambda a: d1(name, a, p)[0], [x], 0)
    assert close_fd(d2(name, [x], p)[0], expected)


@pytest.mark.parametrize(("name", "p", "x"), [c for c in unary_cases() if c[0] not in NOT_ANALYTIC])
def test_unary_second_derivative_against_complex_step_of_the_first(name, p, x):
    expected = complex_step(lambda a: d1(name, a, p)[0], [x], 0)
    assert close_exact(d2(name, [x], p)[0], expected)


@pytest.mark.parametrize(("name", "u", "v"), binary_cases())
def test_binary_second_partials_against_differences_of_the_first(name, u, v):
    huu, huv, hvv = d2(name, [u, v], None)
    for got, first, k in ((huu, 0, 0), (huv, 0, 1), (huv, 1, 0), (hvv, 1, 1)):
        fd = central(lambda a, first=first: d1(name, a, None)[first], [u, v], k)
        assert close_fd(got, fd), (first, k)
        step = complex_step(lambda a, first=first: d1(name, a, None)[first], [u, v], k)
        assert close_exact(got, step), (first, k)


# ---- kinks: the one-sided slopes are the rule's values -------------------------------------


@pytest.mark.parametrize(("name", "left", "right"), [("relu", 0.0, 1.0), ("abs", -1.0, 1.0)])
def test_piecewise_ops_have_the_slope_of_each_side(name, left, right):
    slopes = d1(name, [np.array([-0.5, 0.5])], None)[0]
    assert slopes.tolist() == [left, right]


def test_sigmoid_and_softplus_do_not_overflow_far_out():
    x = np.array([-800.0, 800.0])
    with np.errstate(all="raise", under="ignore"):
        assert value("sigmoid", [x], None).tolist() == [0.0, 1.0]
        assert d1("softplus", [x], None)[0].tolist() == [0.0, 1.0]


# ---- the engine over graphs, against closed forms ------------------------------------------

# (expression, f, f′, f″) written independently with the math module
CLOSED_FORMS = [
    (
        "x*sin(x)",
        lambda x: x * math.sin(x),
        lambda x: math.sin(x) + x * math.cos(x),
        lambda x: 2 * math.cos(x) - x * math.sin(x),
    ),
    (
        "exp(x)/x",
        lambda x: math.exp(x) / x,
        lambda x: math.exp(x) * (x - 1) / x**2,
        lambda x: math.exp(x) * (x * x - 2 * x + 2) / x**3,
    ),
    (
        "x^x",
        lambda x: x**x,
        lambda x: x**x * (math.log(x) + 1),
        lambda x: x**x * ((math.log(x) + 1) ** 2 + 1 / x),
    ),
    (
        "sin(x)^2 + cos(x)^2 - x",
        lambda x: math.sin(x) ** 2 + math.cos(x) ** 2 - x,
        lambda x: -1.0,
        lambda x: 0.0,
    ),
    (
        "tanh(3*x - 1) * sqrt(x)",
        lambda x: math.tanh(3 * x - 1) * math.sqrt(x),
        lambda x: (
            3 * (1 - math.tanh(3 * x - 1) ** 2) * math.sqrt(x)
            + math.tanh(3 * x - 1) / (2 * math.sqrt(x))
        ),
        None,
    ),
]


@pytest.mark.parametrize(("expr", "f", "df", "d2f"), CLOSED_FORMS, ids=[c[0] for c in CLOSED_FORMS])
@pytest.mark.parametrize("x", [0.3, 1.2, 2.6])
def test_engine_matches_closed_forms(expr, f, df, d2f, x):
    t = trace(parse(expr), x)
    assert math.isclose(float(t.f), f(x), rel_tol=1e-13, abs_tol=1e-13)
    assert math.isclose(float(t.df), df(x), rel_tol=1e-12, abs_tol=1e-12)
    if d2f is not None:
        assert math.isclose(float(t.d2f), d2f(x), rel_tol=1e-11, abs_tol=1e-11)


def test_engine_over_a_dag_against_finite_differences():
    # x feeds three branches that meet again: adjoints must add along every path
    x = 0.8
    nodes = (
        Node("x"),
        Node("sin", (0,)),
        Node("exp", (0,)),
        Node("mul", (1, 2)),
        Node("square", (0,)),
        Node("div", (3, 4)),
        Node("add", (5, 1)),
    )
    graph = Graph(nodes)

    def f(at: float) -> float:
        return float(evaluate(graph, np.array([at]), order=0).f[0])

    t = trace(graph, x)
    h = 1e-5
    fd1 = (f(x + h) - f(x - h)) / (2 * h)
    fd2 = (f(x + h) - 2 * f(x) + f(x - h)) / h**2
    assert math.isclose(float(t.df), fd1, rel_tol=1e-8)
    assert math.isclose(float(t.d2f), fd2, rel_tol=1e-4)
    assert math.isclose(float(t.dots[-1]), float(t.df), rel_tol=1e-14)


def test_a_long_chain_against_the_product_of_local_slopes():
    ops = ["sin", "exp", "tanh", "cos", "square", "log1p", "sin", "arctan", "tanh", "cos"]
    rules = {
        "sin": (math.sin, math.cos),
        "exp": (math.exp, math.exp),
        "tanh": (math.tanh, lambda u: 1 - math.tanh(u) ** 2),
        "cos": (math.cos, lambda u: -math.sin(u)),
        "square": (lambda u: u * u, lambda u: 2 * u),
        "log1p": (math.log1p, lambda u: 1 / (1 + u)),
        "arctan": (math.atan, lambda u: 1 / (1 + u * u)),
    }
    xs = np.linspace(-4, 4, 97)
    result = evaluate(chain_graph(ops), xs, order=1, chunk_size=10)
    for x, f, df in zip(xs.tolist(), result.f.tolist(), result.df.tolist(), strict=True):
        u, slope = x, 1.0
        for name in ops:
            value_fn, slope_fn = rules[name]
            slope *= slope_fn(u)
            u = value_fn(u)
        assert math.isclose(f, u, rel_tol=1e-13, abs_tol=1e-15)
        assert math.isclose(df, slope, rel_tol=1e-12, abs_tol=1e-14)


# ---- cbrt and erf, the two ops added as one table entry each --------------------------------


def test_cbrt_is_defined_for_negative_u_with_its_closed_form_slope():
    xs = np.array([-27.0, -8.0, -0.001, 0.125, 64.0])
    t = trace(parse("cbrt(x)"), xs)
    # numpy's cbrt is faithful, not correctly rounded: on some CPUs cbrt(-27) is 1 ulp off
    np.testing.assert_allclose(t.f, [-3.0, -2.0, -0.1, 0.5, 4.0], rtol=3e-16, atol=0)
    slopes = [1.0 / (3.0 * abs(x) ** (2.0 / 3.0)) for x in xs.tolist()]  # even: |x|^(−2/3)/3
    assert np.allclose(t.df, slopes, rtol=1e-14, atol=0)
    curvatures = [-2.0 / 9.0 * math.copysign(abs(x) ** (-5.0 / 3.0), x) for x in xs.tolist()]
    assert np.allclose(t.d2f, curvatures, rtol=1e-13, atol=0)


def test_cbrt_has_no_derivative_at_0_and_says_why():
    t = trace(parse("cbrt(x)"), 0.0)
    assert float(t.f) == 0.0
    assert math.isnan(float(t.df))
    assert "vertical tangent" in str(t.failure())


def test_erf_matches_math_erf_everywhere():
    grid = np.concatenate([np.geomspace(1e-300, 30.0, 20_001), [0.0, 5e-324, np.inf]])
    xs = np.concatenate([grid, -grid])
    got = OPS["erf"].value([xs], None)
    expected = np.array([math.erf(x) for x in xs.tolist()])
    ulps = np.abs(got - expected) / np.spacing(np.abs(expected))
    assert ulps.max() <= 4, xs[np.argmax(ulps)]
    assert np.isnan(OPS["erf"].value([np.array([np.nan])], None)[0])


def test_erf_derivatives_are_the_gaussian_closed_forms():
    xs = np.array([-3.0, -0.5, 0.0, 0.2, 1.7, 5.0])
    t = trace(parse("erf(x)"), xs)
    gauss = [2.0 / math.sqrt(math.pi) * math.exp(-x * x) for x in xs.tolist()]
    assert np.allclose(t.df, gauss, rtol=1e-14, atol=0)
    curvature = [-2.0 * x * g for x, g in zip(xs.tolist(), gauss, strict=True)]
    assert np.allclose(t.d2f, curvature, rtol=1e-14)
