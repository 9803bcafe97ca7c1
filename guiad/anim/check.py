"""The end of the walkthrough's check: f′ by reverse mode, by forward mode and by a central
difference at the point (with several inputs, each partial derivative three ways). Pure data,
no Qt; the Timeline makes one from its Trace.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from guiad.anim import notation as n
from guiad.core.engine import FIRST, Failure, Trace, evaluate
from guiad.core.fd import central_difference


@dataclass(frozen=True)
class Check:
    """The end-of-walkthrough comparison: reverse f′, forward f′, finite differences."""

    reverse: float
    forward: float
    finite_difference: float
    h: float
    note: str = ""  # e.g. why reverse mode disagrees (the fan-out mistake is on)
    h_source: str = ""  # where h comes from, when not the default ("the FD lab's h")
    # several inputs: their names and each estimate per input (the floats above: the first)
    inputs: tuple[str, ...] = ()
    gradients: tuple[tuple[float, ...], ...] = ()  # reverse, forward, central differences
    name: str = "f"  # what is differentiated: f, or the node made the target (v₂)

    def text(self) -> str:
        h = f"h = {self.h:g}, {self.h_source}" if self.h_source else f"h = {self.h:g}"
        if len(self.inputs) > 1:
            parts = [f"({h})"]
            for name, (r, f, d) in zip(self.inputs, zip(*self.gradients, strict=True), strict=True):
                parts.append(
                    f"∂{self.name}/∂{name}: reverse {n.fmt_long(r)} · forward {n.fmt_long(f)} · "
                    f"central ≈ {n.fmt_long(d)}"
                )
            text = "    ".join(parts)
            return f"{text}    {self.note}" if self.note else text
        text = (
            f"reverse mode {self.name}′ = {n.fmt_long(self.reverse)}    "
            f"forward mode {self.name}′ = {n.fmt_long(self.forward)}    "
            f"central difference ({h}) ≈ {n.fmt_long(self.finite_difference)}"
        )
        return f"{text}    {self.note}" if self.note else text


def scalar(a) -> float:
    """The first number of ``a`` (an array of one point, a numpy number or a float)."""
    return float(a.item(0) if isinstance(a, np.ndarray | np.generic) else a)


def first_failure(t: Trace) -> Failure | None:
    """The failure of a one-point trace (scalar or shape (1,)), or None."""
    return t.failure() if np.ndim(t.failures) == 0 else t.failure(0)


def finite_difference_check(t: Trace, h: float = 1e-5) -> Check:
    """Reverse f′ (v̄₀), forward f′ (v̇ of the output) and a central difference, at x0;
    with several inputs, each partial derivative three ways."""
    if t.graph.n_inputs > 1:
        return _gradient_check(t, h)
    x0 = scalar(t.x)
    fd = scalar(central_difference(t.graph, x0, h))
    reverse, forward = scalar(t.adjoints[0]), scalar(t.dots[-1])
    failure = first_failure(t)
    if failure is not None and failure.level <= FIRST:
        reverse = forward = math.nan
    return Check(reverse, forward, fd, h)


def _gradient_check(t: Trace, h: float) -> Check:
    """∂f/∂ each input from the one reverse sweep, from each forward pass, and by a central
    difference along that input alone."""
    g, count = t.graph, t.graph.n_inputs
    point = [scalar(p) for p in t.point]
    reverse = [scalar(d) for d in t.grad]
    forward = [scalar(s.dots[g.output]) for s in t.sweeps]
    shifted = []  # point + h·eₖ and point − h·eₖ for each input k, evaluated at once
    for k in range(count):
        for step in (h, -h):
            shifted.append([p + step if j == k else p for j, p in enumerate(point)])
    columns = tuple(np.array(column) for column in zip(*shifted, strict=True))
    values = evaluate(g, columns, order=0).f
    central = [float(values[2 * k] - values[2 * k + 1]) / (2 * h) for k in range(count)]
    failure = first_failure(t)
    if failure is not None and failure.level <= FIRST:
        reverse = forward = [math.nan] * count
    return Check(
        reverse[0],
        forward[0],
        central[0],
        h,
        inputs=g.inputs,
        gradients=(tuple(reverse), tuple(forward), tuple(central)),
    )
