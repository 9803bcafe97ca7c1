"""The op table: the one place that says what every op is.

The parser, the engine, the palette, the labels and the walkthrough all read ``OPS``;
adding an op is one entry here. Every rule is vectorised numpy and may reuse the op's
output ``y`` where that is cheaper than recomputing (exp' = exp, tanh' = 1 - y**2).

Rules take ``(args, y, p)``: the input arrays, the output array and the op's parameter
(``None`` for ops without one). ``d1`` returns one partial per input; ``d2`` returns the
second partials, ``(g'',)`` for one input and ``(h_uu, h_uv, h_vv)`` for two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

Array = np.ndarray
Args = Sequence[Array]
Rule = Callable[[Args, Array, float | None], tuple]


@dataclass(frozen=True)
class Op:
    """One entry of the op table."""

    name: str
    label: str
    group: str
    arity: int
    value: Callable[[Args, float | None], Array]
    d1: Rule
    d2: Rule
    formula: str  # the value, in terms of u (and v), for tooltips and the banner
    d_formula: str  # the local partial(s), e.g. "cos(u)"
    param: str | None = None  # "a", "b" or "n" for parameterised ops
    default: float | None = None
    invalid: Callable[[Args, float | None], Array] | None = None  # True where undefined
    reason: str = ""  # why a point in ``invalid`` is undefined, for people

    def __repr__(self) -> str:
        return f"Op({self.name!r})"


GROUP_TRIG = "Trigonometric"
GROUP_EXPLOG = "Exponential & logarithmic"
GROUP_HYPER = "Hyperbolic"
GROUP_ACT = "Activations"
GROUP_ALG = "Algebraic"
GROUP_PARAM = "With a constant"
GROUP_BINARY = "Two inputs"

GROUPS = (GROUP_TRIG, GROUP_EXPLOG, GROUP_HYPER, GROUP_ACT, GROUP_ALG, GROUP_PARAM, GROUP_BINARY)


def _unary(name, label, group, value, d1, d2, formula, d_formula, **kw) -> Op:
    return Op(
        name=name,
        label=label,
        group=group,
        arity=1,
        value=lambda a, p: value(a[0]),
        d1=lambda a, y, p: (d1(a[0], y),),
        d2=lambda a, y, p: (d2(a[0], y),),
        formula=formula,
        d_formula=d_formula,
        **kw,
    )


def _sigmoid(u: Array) -> Array:
    # tanh form: one cheap ufunc, no overflow for large |u|
    return 0.5 * np.tanh(0.5 * u) + 0.5


def _power_invalid(a: Args, n: float | None) -> Array:
    u = a[0]
    bad = np.zeros(np.shape(u), dtype=bool)
    if n is not None and not float(n).is_integer():
        bad |= u < 0
    if n is not None and n < 0:
        bad |= u == 0
    return bad


# A few lines per op read better as a table than ruff's one-argument-per-line layout.
# fmt: off
_TABLE: list[Op] = [
    # trigonometric
    _unary("sin", "sin", GROUP_TRIG, np.sin, lambda u, y: np.cos(u), lambda u, y: -y,
           "sin(u)", "cos(u)"),
    _unary("cos", "cos", GROUP_TRIG, np.cos, lambda u, y: -np.sin(u), lambda u, y: -y,
           "cos(u)", "−sin(u)"),
    _unary("tan", "tan", GROUP_TRIG, np.tan, lambda u, y: 1.0 + y * y,
           lambda u, y: 2.0 * y * (1.0 + y * y), "tan(u)", "1 + tan²(u)"),
    _unary("arcsin", "arcsin", GROUP_TRIG, np.arcsin, lambda u, y: 1.0 / np.sqrt(1.0 - u * u),
           lambda u, y: u / (1.0 - u * u) ** 1.5, "arcsin(u)", "1/√(1 − u²)",
           invalid=lambda a, p: np.abs(a[0]) > 1, reason="arcsin of a number outside [−1, 1]"),
    _unary("arccos", "arccos", GROUP_TRIG, np.arccos, lambda u, y: -1.0 / np.sqrt(1.0 - u * u),
           lambda u, y: -u / (1.0 - u * u) ** 1.5, "arccos(u)", "−1/√(1 − u²)",
           invalid=lambda a, p: np.abs(a[0]) > 1, reason="arccos of a number outside [−1, 1]"),
    _unary("arctan", "arctan", GROUP_TRIG, np.arctan, lambda u, y: 1.0 / (1.0 + u * u),
           lambda u, y: -2.0 * u / (1.0 + u * u) ** 2, "arctan(u)", "1/(1 + u²)"),
    # exponential & logarithmic
    _unary("exp", "exp", GROUP_EXPLOG, np.exp, lambda u, y: y, lambda u, y: y,
           "exp(u)", "exp(u)"),
    _unary("log", "log", GROUP_EXPLOG, np.log, lambda u, y: 1.0 / u, lambda u, y: -1.0 / (u * u),
           "log(u)", "1/u", invalid=lambda a, p: a[0] <= 0, reason="log of a number ≤ 0"),
    _unary("sqrt", "√", GROUP_EXPLOG, np.sqrt, lambda u, y: 0.5 / y,
           lambda u, y: -0.25 / (y * y * y), "√u", "1/(2√u)",
           invalid=lambda a, p: a[0] < 0, reason="square root of a negative number"),
    _unary("log1p", "log1p", GROUP_EXPLOG, np.log1p, lambda u, y: 1.0 / (1.0 + u),
           lambda u, y: -1.0 / ((1.0 + u) * (1.0 + u)), "log(1 + u)", "1/(1 + u)",
           invalid=lambda a, p: a[0] <= -1, reason="log1p of a number ≤ −1"),
    _unary("expm1", "expm1", GROUP_EXPLOG, np.expm1, lambda u, y: y + 1.0, lambda u, y: y + 1.0,
           "exp(u) − 1", "exp(u)"),
    # hyperbolic
    _unary("tanh", "tanh", GROUP_HYPER, np.tanh, lambda u, y: 1.0 - y * y,
           lambda u, y: -2.0 * y * (1.0 - y * y), "tanh(u)", "1 − tanh²(u)"),
    _unary("sinh", "sinh", GROUP_HYPER, np.sinh, lambda u, y: np.cosh(u), lambda u, y: y,
           "sinh(u)", "cosh(u)"),
    _unary("cosh", "cosh", GROUP_HYPER, np.cosh, lambda u, y: np.sinh(u), lambda u, y: y,
           "cosh(u)", "sinh(u)"),
    # activations
    _unary("sigmoid", "σ", GROUP_ACT, _sigmoid, lambda u, y: y * (1.0 - y),
           lambda u, y: y * (1.0 - y) * (1.0 - 2.0 * y), "1/(1 + exp(−u))", "σ(u)(1 − σ(u))"),
    # softplus' = sigmoid(u) = 1 - exp(-y): reuse the output instead of a second exp
    _unary("softplus", "softplus", GROUP_ACT, lambda u: np.logaddexp(0.0, u),
           lambda u, y: -np.expm1(-y), lambda u, y: -np.expm1(-y) * np.exp(-y),
           "log(1 + exp(u))", "σ(u)"),
    _unary("relu", "relu", GROUP_ACT, lambda u: np.maximum(u, 0.0),
           lambda u, y: (u > 0).astype(np.float64), lambda u, y: np.zeros_like(y),
           "max(u, 0)", "1 if u > 0 else 0"),
    _unary("abs", "|u|", GROUP_ACT, np.abs, lambda u, y: np.sign(u), lambda u, y: np.zeros_like(y),
           "|u|", "sign(u)"),
    # algebraic
    _unary("square", "u²", GROUP_ALG, np.square, lambda u, y: 2.0 * u,
           lambda u, y: np.full_like(y, 2.0), "u²", "2u"),
    _unary("reciprocal", "1/u", GROUP_ALG, np.reciprocal, lambda u, y: -y * y,
           lambda u, y: 2.0 * y * y * y, "1/u", "−1/u²",
           invalid=lambda a, p: a[0] == 0, reason="division by zero"),
    _unary("neg", "−u", GROUP_ALG, np.negative, lambda u, y: -1.0, lambda u, y: 0.0,
           "−u", "−1"),
    # parameterised: the parameter is a plain number set on the node
    Op("scale", "a·u", GROUP_PARAM, 1, lambda a, p: p * a[0], lambda a, y, p: (p,),
       lambda a, y, p: (0.0,), "a·u", "a", param="a", default=2.0),
    Op("shift", "u+b", GROUP_PARAM, 1, lambda a, p: a[0] + p, lambda a, y, p: (1.0,),
       lambda a, y, p: (0.0,), "u + b", "1", param="b", default=1.0),
    Op("power", "uⁿ", GROUP_PARAM, 1, lambda a, p: np.power(a[0], p),
       lambda a, y, p: (p * np.power(a[0], p - 1.0),),
       lambda a, y, p: (p * (p - 1.0) * np.power(a[0], p - 2.0),), "uⁿ", "n·uⁿ⁻¹",
       param="n", default=2.0, invalid=_power_invalid,
       reason="power undefined here (negative base with a fractional exponent, or 0 to a "
       "negative power)"),
    # binary: for graphs in which x is used more than once
    Op("add", "+", GROUP_BINARY, 2, lambda a, p: a[0] + a[1], lambda a, y, p: (1.0, 1.0),
       lambda a, y, p: (0.0, 0.0, 0.0), "u + v", "1, 1"),
    Op("sub", "−", GROUP_BINARY, 2, lambda a, p: a[0] - a[1], lambda a, y, p: (1.0, -1.0),
       lambda a, y, p: (0.0, 0.0, 0.0), "u − v", "1, −1"),
    Op("mul", "×", GROUP_BINARY, 2, lambda a, p: a[0] * a[1], lambda a, y, p: (a[1], a[0]),
       lambda a, y, p: (0.0, 1.0, 0.0), "u·v", "v, u"),
    Op("div", "÷", GROUP_BINARY, 2, lambda a, p: a[0] / a[1],
       lambda a, y, p: (1.0 / a[1], -y / a[1]),
       lambda a, y, p: (0.0, -1.0 / (a[1] * a[1]), 2.0 * y / (a[1] * a[1])), "u/v",
       "1/v, −u/v²", invalid=lambda a, p: a[1] == 0, reason="division by zero"),
    Op("pow", "uᵛ", GROUP_BINARY, 2, lambda a, p: np.power(a[0], a[1]),
       lambda a, y, p: (a[1] * np.power(a[0], a[1] - 1.0), y * np.log(a[0])),
       lambda a, y, p: (
           a[1] * (a[1] - 1.0) * np.power(a[0], a[1] - 2.0),
           np.power(a[0], a[1] - 1.0) * (1.0 + a[1] * np.log(a[0])),
           y * np.log(a[0]) ** 2,
       ),
       "uᵛ", "v·uᵛ⁻¹, uᵛ·log(u)", invalid=lambda a, p: a[0] < 0,
       reason="negative base with a variable exponent"),
]
# fmt: on

OPS: dict[str, Op] = {op.name: op for op in _TABLE}

# Names the parser accepts for the same op.
ALIASES: dict[str, str] = {"asin": "arcsin", "acos": "arccos", "atan": "arctan", "ln": "log"}

UNARY_NAMES = tuple(op.name for op in _TABLE if op.arity == 1 and op.param is None)
PARAM_NAMES = tuple(op.name for op in _TABLE if op.param is not None)
BINARY_NAMES = tuple(op.name for op in _TABLE if op.arity == 2)


def ops_in_group(group: str) -> list[Op]:
    """The table's ops of one palette group, in table order."""
    return [op for op in _TABLE if op.group == group]
