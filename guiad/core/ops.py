"""The op table: the one place that says what every op is.

The parser, the engine, the palette and its icons, the labels, the walkthrough, the Python
export and the user guide's table all read ``OPS``; adding an op is one entry here, then
``python -m guiad.core.op_docs`` rewrites the guide's table of functions from it
(docs/user-guide.md; tests/core/test_op_docs.py fails until it is rerun).

Each rule is written once, as a short Python expression in ``u`` (and ``v``), the output
``y`` and the op's constant ``p``, calling only the functions of ``FUNCTIONS``. The engine
compiles it with their vectorised numpy versions, on the op's first use (compiling all 93
rules at import cost the window's start ~25 ms); the Python export copies the same text
into its script next to their ``math`` versions, so the two cannot drift. Rules may reuse
the output where that is cheaper than recomputing (exp' = y).

``d1`` gives one partial per input; ``d2`` the second partials, ``(g'',)`` for one input
and ``(h_uu, h_uv, h_vv)`` for two.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from guiad.core import special

Array = np.ndarray
Args = Sequence[Array]

# name → (the numpy function the engine calls, its definition in the exported script)
FUNCTIONS: dict[str, tuple[Callable, str]] = {
    "sin": (np.sin, "sin = math.sin"),
    "cos": (np.cos, "cos = math.cos"),
    "tan": (np.tan, "tan = math.tan"),
    "arcsin": (np.arcsin, "arcsin = math.asin"),
    "arccos": (np.arccos, "arccos = math.acos"),
    "arctan": (np.arctan, "arctan = math.atan"),
    "exp": (np.exp, "exp = math.exp"),
    "log": (np.log, "log = math.log"),
    "sqrt": (np.sqrt, "sqrt = math.sqrt"),
    "cbrt": (np.cbrt, "def cbrt(u):\n    return math.copysign(abs(u) ** (1.0 / 3.0), u)"),
    "log1p": (np.log1p, "log1p = math.log1p"),
    "expm1": (np.expm1, "expm1 = math.expm1"),
    "tanh": (np.tanh, "tanh = math.tanh"),
    "sinh": (np.sinh, "sinh = math.sinh"),
    "cosh": (np.cosh, "cosh = math.cosh"),
    "erf": (special.erf, "erf = math.erf"),
    "power": (np.power, "power = math.pow"),
    "abs": (np.abs, ""),  # a builtin in the script
    "sigmoid": (
        special.sigmoid,
        "def sigmoid(u):\n"
        "    e = math.exp(-abs(u))\n"
        "    return e / (1.0 + e) if u < 0 else 1.0 / (1.0 + e)",
    ),
    "softplus": (
        lambda u: np.logaddexp(0.0, u),
        "def softplus(u):\n    return max(u, 0.0) + math.log1p(math.exp(-abs(u)))",
    ),
    "relu": (lambda u: np.maximum(u, 0.0), "def relu(u):\n    return max(u, 0.0)"),
    "step": (
        lambda u: (u > 0).astype(np.float64),
        "def step(u):\n    return 1.0 if u > 0 else 0.0",
    ),
    "sign": (np.sign, "def sign(u):\n    return float((u > 0) - (u < 0))"),
    # y·log(u), and 0 where y = 0: d(0^v)/dv = 0 for v > 0, where 0·log(0) would be NaN
    "xlogy": (
        lambda y, u: np.where(y == 0, 0.0, y * np.log(u)),
        "def xlogy(y, u):\n    return 0.0 if y == 0 else y * math.log(u)",
    ),
}


def _compile(text: str, params: str) -> Callable:
    """A rule's text as a numpy function of ``params``.

    The text is this module's own constant, never user input; it may call only FUNCTIONS
    (checked here, so a typo fails on the op's first use, in the op tests, and the exported
    script can define them all).
    """
    names = {n.id for n in ast.walk(ast.parse(text, mode="eval")) if isinstance(n, ast.Name)}
    unknown = names - set(FUNCTIONS) - set(params.replace(",", " ").split())
    if unknown:
        raise ValueError(f"rule {text!r} uses {sorted(unknown)}, which FUNCTIONS lacks")
    namespace = {"__builtins__": {}} | {name: fn for name, (fn, _) in FUNCTIONS.items()}
    return eval(f"lambda {params}: {text}", namespace)  # noqa: S307 (constant text, above)


def rule_names(text: str) -> set[str]:
    """The FUNCTIONS a rule calls."""
    tree = ast.parse(text, mode="eval")
    return {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call)} & set(FUNCTIONS)


@dataclass(frozen=True)
class Op:
    """One entry of the op table."""

    name: str
    label: str  # what a card shows; the palette's icon is drawn from it (or from ``glyph``)
    group: str
    arity: int
    value_rule: str  # the value as code, in u (and v) and p: "sin(u)"
    d1_rules: tuple[str, ...]  # the partial per input, in u, v, y and p
    d2_rules: tuple[str, ...]  # (g″,) or (h_uu, h_uv, h_vv)
    formula: str  # the value for people, in terms of u (and v): tooltips, banner, docs
    d_formula: str  # the local partial(s) for people, e.g. "cos(u)"
    param: str | None = None  # "a", "b" or "n" for parameterised ops
    default: float | None = None
    invalid: Callable[[Args, float | None], Array] | None = None  # True where undefined
    reason: str = ""  # why a point in ``invalid`` is undefined, for people
    d_invalid: Callable[[Args, float | None], Array] | None = None  # f defined, f′ not
    d_reason: str = ""  # why a point in ``d_invalid`` has no derivative
    glyph: str = ""  # a shorter text for the icon when the label is long ("eˣ" for exp)
    written: str = ""  # how an expression writes a two-input op ("u + v")

    # The rules compiled on first use (cached_property writes the instance's __dict__, which
    # a frozen dataclass allows; two threads racing here compile the same text twice).
    @cached_property
    def _value(self) -> Callable:
        return _compile(self.value_rule, f"{self._inputs}, p")

    @cached_property
    def _d1(self) -> Callable:
        return _compile(f"({', '.join(self.d1_rules)},)", f"{self._inputs}, y, p")

    @cached_property
    def _d2(self) -> Callable:
        return _compile(f"({', '.join(self.d2_rules)},)", f"{self._inputs}, y, p")

    @property
    def _inputs(self) -> str:
        return "u" if self.arity == 1 else "u, v"

    def value(self, args: Args, p: float | None) -> Array:
        return self._value(*args, p)

    def d1(self, args: Args, y: Array, p: float | None) -> tuple:
        return self._d1(*args, y, p)

    def d2(self, args: Args, y: Array, p: float | None) -> tuple:
        return self._d2(*args, y, p)

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

TWO_OVER_SQRT_PI = "1.1283791670955126"  # 2/√π, erf′(0)


def _unary(name, label, group, value, d1, d2, formula, d_formula, **kw) -> Op:
    return Op(name, label, group, 1, value, (d1,), (d2,), formula, d_formula, **kw)


def _binary(name, label, value, d1, d2, formula, d_formula, written, **kw) -> Op:
    return Op(
        name, label, GROUP_BINARY, 2, value, d1, d2, formula, d_formula, written=written, **kw
    )


def _power_invalid(a: Args, n: float | None) -> Array:
    u = a[0]
    bad = np.zeros(np.shape(u), dtype=bool)
    if n is not None and not float(n).is_integer():
        bad |= u < 0
    if n is not None and n < 0:
        bad |= u == 0
    return bad


def _at_zero(a: Args, p: float | None) -> Array:
    return a[0] == 0


# A few lines per op read better as a table than ruff's one-argument-per-line layout.
# fmt: off
_TABLE: list[Op] = [
    # trigonometric
    _unary("sin", "sin", GROUP_TRIG, "sin(u)", "cos(u)", "-y", "sin(u)", "cos(u)"),
    _unary("cos", "cos", GROUP_TRIG, "cos(u)", "-sin(u)", "-y", "cos(u)", "−sin(u)"),
    _unary("tan", "tan", GROUP_TRIG, "tan(u)", "1.0 + y * y", "2.0 * y * (1.0 + y * y)",
           "tan(u)", "1 + tan²(u)"),
    _unary("arcsin", "arcsin", GROUP_TRIG, "arcsin(u)", "1.0 / sqrt(1.0 - u * u)",
           "u / (1.0 - u * u) ** 1.5", "arcsin(u)", "1/√(1 − u²)", glyph="asin",
           invalid=lambda a, p: np.abs(a[0]) > 1, reason="arcsin of a number outside [−1, 1]"),
    _unary("arccos", "arccos", GROUP_TRIG, "arccos(u)", "-1.0 / sqrt(1.0 - u * u)",
           "-u / (1.0 - u * u) ** 1.5", "arccos(u)", "−1/√(1 − u²)", glyph="acos",
           invalid=lambda a, p: np.abs(a[0]) > 1, reason="arccos of a number outside [−1, 1]"),
    _unary("arctan", "arctan", GROUP_TRIG, "arctan(u)", "1.0 / (1.0 + u * u)",
           "-2.0 * u / (1.0 + u * u) ** 2", "arctan(u)", "1/(1 + u²)", glyph="atan"),
    # exponential & logarithmic
    _unary("exp", "exp", GROUP_EXPLOG, "exp(u)", "y", "y", "exp(u)", "exp(u)", glyph="eˣ"),
    _unary("log", "log", GROUP_EXPLOG, "log(u)", "1.0 / u", "-1.0 / (u * u)", "log(u)", "1/u",
           glyph="ln", invalid=lambda a, p: a[0] <= 0, reason="log of a number ≤ 0"),
    _unary("sqrt", "√", GROUP_EXPLOG, "sqrt(u)", "0.5 / y", "-0.25 / (y * y * y)", "√u",
           "1/(2√u)", invalid=lambda a, p: a[0] < 0, reason="square root of a negative number",
           d_invalid=_at_zero, d_reason="no derivative at u = 0: √u has a vertical "
           "tangent there (its slope 1/(2√u) is infinite)"),
    _unary("log1p", "log1p", GROUP_EXPLOG, "log1p(u)", "1.0 / (1.0 + u)",
           "-1.0 / ((1.0 + u) * (1.0 + u))", "log(1 + u)", "1/(1 + u)", glyph="ln1p",
           invalid=lambda a, p: a[0] <= -1, reason="log1p of a number ≤ −1"),
    # exp(u), not y + 1: y + 1 loses all relative accuracy as exp(u) → 0
    _unary("expm1", "expm1", GROUP_EXPLOG, "expm1(u)", "exp(u)", "exp(u)", "exp(u) − 1",
           "exp(u)", glyph="eˣ−1"),
    # hyperbolic; tanh′ = sech²(u), not 1 − y²: that one is 0 from |u| = 19 on
    _unary("tanh", "tanh", GROUP_HYPER, "tanh(u)", "(1.0 / cosh(u)) ** 2",
           "-2.0 * y * (1.0 / cosh(u)) ** 2", "tanh(u)", "1 − tanh²(u)"),
    _unary("sinh", "sinh", GROUP_HYPER, "sinh(u)", "cosh(u)", "y", "sinh(u)", "cosh(u)"),
    _unary("cosh", "cosh", GROUP_HYPER, "cosh(u)", "sinh(u)", "y", "cosh(u)", "sinh(u)"),
    # activations; σ′ = σ(u)·σ(−u) and 1 − 2σ(u) = −tanh(u/2): full accuracy at both ends
    _unary("sigmoid", "σ", GROUP_ACT, "sigmoid(u)", "y * sigmoid(-u)",
           "-y * sigmoid(-u) * tanh(0.5 * u)", "1/(1 + exp(−u))", "σ(u)(1 − σ(u))"),
    # softplus′ = σ(u) = 1 − exp(−y): reuse the output instead of a second exp
    _unary("softplus", "softplus", GROUP_ACT, "softplus(u)", "-expm1(-y)",
           "-expm1(-y) * exp(-y)", "log(1 + exp(u))", "σ(u)", glyph="sp₊"),
    _unary("relu", "relu", GROUP_ACT, "relu(u)", "step(u)", "0.0", "max(u, 0)",
           "1 if u > 0 else 0"),
    _unary("abs", "|u|", GROUP_ACT, "abs(u)", "sign(u)", "0.0", "|u|", "sign(u)"),
    _unary("erf", "erf", GROUP_ACT, "erf(u)", f"{TWO_OVER_SQRT_PI} * exp(-u * u)",
           f"-2.0 * {TWO_OVER_SQRT_PI} * u * exp(-u * u)", "erf(u)", "2/√π · exp(−u²)"),
    # algebraic
    _unary("square", "u²", GROUP_ALG, "u * u", "2.0 * u", "2.0", "u²", "2u"),
    _unary("cbrt", "∛", GROUP_ALG, "cbrt(u)", "1.0 / (3.0 * y * y)",
           "-2.0 / (9.0 * y * y * y * y * y)", "∛u", "1/(3·∛u²)", d_invalid=_at_zero,
           d_reason="no derivative at u = 0: ∛u has a vertical tangent there (its slope "
           "1/(3·∛u²) is infinite)"),
    _unary("reciprocal", "1/u", GROUP_ALG, "1.0 / u", "-y * y", "2.0 * y * y * y", "1/u",
           "−1/u²", invalid=lambda a, p: a[0] == 0, reason="division by zero"),
    _unary("neg", "−u", GROUP_ALG, "-u", "-1.0", "0.0", "−u", "−1"),
    # parameterised: the parameter is a plain number set on the node
    _unary("scale", "a·u", GROUP_PARAM, "p * u", "p", "0.0", "a·u", "a", param="a",
           default=2.0),
    _unary("shift", "u+b", GROUP_PARAM, "u + p", "1.0", "0.0", "u + b", "1", param="b",
           default=1.0),
    # a constant minus u and a constant over u: 1 − x and 2/x as one node each, as typed
    _unary("rsub", "c−u", GROUP_PARAM, "p - u", "-1.0", "0.0", "c − u", "−1", param="c",
           default=1.0),
    _unary("rdiv", "c/u", GROUP_PARAM, "p / u", "-y / u", "2.0 * y / (u * u)", "c/u", "−c/u²",
           param="c", default=1.0, invalid=lambda a, p: a[0] == 0, reason="division by zero"),
    # n = 0 and n = 1 written out: n·uⁿ⁻¹ at u = 0 would be 0·∞
    _unary("power", "uⁿ", GROUP_PARAM, "power(u, p)",
           "0.0 if p == 0 else p * power(u, p - 1.0)",
           "0.0 if p == 0 or p == 1 else p * (p - 1.0) * power(u, p - 2.0)", "uⁿ", "n·uⁿ⁻¹",
           param="n", default=2.0, invalid=_power_invalid,
           reason="power undefined here (negative base with a fractional exponent, or 0 to a "
           "negative power)"),
    # binary: for graphs in which x is used more than once
    _binary("add", "+", "u + v", ("1.0", "1.0"), ("0.0", "0.0", "0.0"), "u + v", "1, 1",
            "u + v"),
    _binary("sub", "−", "u - v", ("1.0", "-1.0"), ("0.0", "0.0", "0.0"), "u − v", "1, −1",
            "u - v"),
    _binary("mul", "×", "u * v", ("v", "u"), ("0.0", "1.0", "0.0"), "u·v", "v, u", "u * v"),
    _binary("div", "÷", "u / v", ("1.0 / v", "-y / v"),
            ("0.0", "-1.0 / (v * v)", "2.0 * y / (v * v)"), "u/v", "1/v, −u/v²", "u / v",
            invalid=lambda a, p: a[1] == 0, reason="division by zero"),
    _binary("pow", "uᵛ", "power(u, v)", ("v * power(u, v - 1.0)", "xlogy(y, u)"),
            ("v * (v - 1.0) * power(u, v - 2.0)", "power(u, v - 1.0) * (1.0 + v * log(u))",
             "xlogy(xlogy(y, u), u)"),
            "uᵛ", "v·uᵛ⁻¹, uᵛ·log(u)", "u ^ v", invalid=lambda a, p: a[0] < 0,
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
