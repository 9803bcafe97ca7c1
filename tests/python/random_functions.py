"""Random functions of 1-4 inputs and 1-3 outputs, as expression texts (shared by the
tests and by make_jax_reference.py, which computes their derivatives with jax)."""

from __future__ import annotations

import numpy as np

NAMES = ("x", "y", "z", "w")
# ops that stay finite for every real input, written as guiad parses them
UNARY = ("sin", "cos", "tanh", "sigmoid", "arctan", "softplus", "erf", "square")
SAFE = ("exp(sin({}))", "log1p(square({}))", "sqrt(1 + square({}))", "1/(2 + cos({}))")


def expression(rng: np.random.Generator, names: tuple[str, ...], depth: int = 3) -> str:
    if depth == 0 or rng.random() < 0.2:
        return str(rng.choice(names)) if rng.random() < 0.85 else f"{rng.uniform(-2, 2):.3f}"
    kind = rng.integers(0, 4)
    if kind == 0:
        return f"{rng.choice(UNARY)}({expression(rng, names, depth - 1)})"
    if kind == 1:
        return str(rng.choice(SAFE)).format(expression(rng, names, depth - 1))
    left, right = expression(rng, names, depth - 1), expression(rng, names, depth - 1)
    return f"({left} {rng.choice(['+', '-', '*'])} {right})"


def case(seed: int) -> tuple[tuple[str, ...], tuple[str, ...], tuple[float, ...]]:
    """(input names, output texts, a point) for ``seed``; every input is used."""
    rng = np.random.default_rng(seed)
    names = NAMES[: 1 + seed % 4]
    outputs = tuple(expression(rng, names) for _ in range(1 + seed % 3))
    # every input appears in the first output, so the graph has them all
    first = " + ".join([outputs[0], *(f"0.5*sin({n})" for n in names)])
    point = tuple(float(v) for v in np.round(rng.uniform(-1.5, 1.5, len(names)), 3))
    return names, (first, *outputs[1:]), point
