"""What a gradient costs, in reverse and forward mode, against the number of inputs n.

Reverse mode's lesson is a count: one forward and one backward sweep give every ∂f/∂xᵢ,
where forward mode runs one sweep per input. The counts here are never a formula: each is
read from ``Trace.cost``, which the engine counts while it runs (see engine.py for what one
operation is).

A ``Family`` builds an expression of n inputs for n = 1 … MAX_INPUTS. Its inputs are named
x1, x2, …, x8, which the parser's ordering rule (x, y, z first, then alphabetically) keeps in
the order of their subscripts.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from guiad.core.engine import Cost, Trace, trace
from guiad.core.expression import parse
from guiad.core.graph import CONST, INPUT, MAX_INPUTS, Graph

# the logistic loss's data: one example (label 1) with these features, one weight each
FEATURES = (0.5, -1.25, 2.0, -0.75, 1.5, -2.0, 0.25, 1.0)


def input_names(n: int) -> tuple[str, ...]:
    """x1 … xn: the names every family uses, in the parser's order."""
    if not 1 <= n <= MAX_INPUTS:
        raise ValueError(f"n must be between 1 and {MAX_INPUTS}, not {n}")
    return tuple(f"x{i}" for i in range(1, n + 1))


def _product(names: tuple[str, ...]) -> str:
    return "*".join(names)


def _sum_of_sines(names: tuple[str, ...]) -> str:
    return " + ".join(f"sin({v})" for v in names)


def _rosenbrock(names: tuple[str, ...]) -> str:
    # Σ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)²; with one input only the last term, (1 − x₁)²
    if len(names) == 1:
        return f"(1 - {names[0]})^2"
    terms = (f"100*({b} - {a}^2)^2 + (1 - {a})^2" for a, b in itertools.pairwise(names))
    return " + ".join(terms)


def _logistic_loss(names: tuple[str, ...]) -> str:
    # log(1 + exp(-w·a)) for the example a = FEATURES (label 1), weights w = the inputs
    score = "".join(
        f"{' - ' if a < 0 else ' + '}{abs(a)}*{w}" for a, w in zip(FEATURES, names, strict=False)
    )
    return f"softplus(-({score.removeprefix(' + ')}))"


@dataclass(frozen=True)
class Family:
    """A function of n inputs the user can pick, e.g. x₁·x₂·…·xₙ."""

    key: str  # stable, for settings and tests
    label: str  # what the combo box shows
    build: Callable[[tuple[str, ...]], str]

    def expression(self, n: int) -> str:
        return self.build(input_names(n))

    def graph(self, n: int) -> Graph:
        return parse(self.expression(n))


FAMILIES: tuple[Family, ...] = (
    Family("product", "x₁·x₂·…·xₙ", _product),
    Family("sines", "sin x₁ + … + sin xₙ", _sum_of_sines),
    Family("rosenbrock", "Rosenbrock, n inputs", _rosenbrock),
    Family("logistic", "logistic loss, n weights", _logistic_loss),
)


def family(key: str) -> Family:
    for candidate in FAMILIES:
        if candidate.key == key:
            return candidate
    raise KeyError(f"no cost family '{key}'")


@dataclass(frozen=True)
class GradientCost:
    """The gradient of one graph both ways, as the engine counted it (``Trace.cost``)."""

    n: int  # inputs
    cost: Cost
    f_ops: int = 0  # what f alone costs: one operation per op value (no partials, no sweep)

    @property
    def reverse_ops(self) -> int:
        """The primal pass and the one backward sweep: what reverse mode did."""
        return self.cost.reverse_total

    @property
    def forward_ops(self) -> int:
        """The primal pass and one forward-mode sweep per input: what forward mode needs."""
        return self.cost.forward_total

    @property
    def forward_sweeps(self) -> int:
        return len(self.cost.forward)

    def ratios(self) -> tuple[float, float]:
        """cost(∇f) / cost(f) for reverse and forward mode (NaN where f is no op at all):
        reverse mode's stays a small constant as n grows, forward mode's grows about as
        n + 1, the lesson in one number each."""
        if self.f_ops == 0:
            return math.nan, math.nan
        return self.reverse_ops / self.f_ops, self.forward_ops / self.f_ops


def gradient_cost(source: Trace | Graph) -> GradientCost:
    """The costs the engine counted in ``source``: a Trace, or a Graph (traced here once)."""
    t = trace(source, _point(source.n_inputs)) if isinstance(source, Graph) else source
    f_ops = sum(1 for node in t.graph.nodes if node.op not in (INPUT, CONST))
    return GradientCost(n=t.graph.n_inputs, cost=t.cost, f_ops=f_ops)


def cost_curve(chosen: Family, ns: range = range(1, MAX_INPUTS + 1)) -> list[GradientCost]:
    """The family's cost at each n, by running the engine on each member."""
    return [gradient_cost(chosen.graph(n)) for n in ns]


def _point(n: int) -> float | tuple[float, ...]:
    """Where to trace for counting: inside every family's domain (the counts do not depend
    on the values, but a defined point keeps the trace free of failures)."""
    values = tuple(float(v) for v in np.linspace(0.3, 0.7, n))
    return values[0] if n == 1 else values
