"""The evaluation trace as textbooks print it: one statement per elementary step.

Griewank and Walther, and Baydin et al. (tables 2 and 3), teach automatic differentiation
with the forward primal trace (v₁ = sin(v₀), …) beside its tangent trace (forward mode) or
its adjoint trace (reverse mode, read bottom-up, one ``+=`` line where a value feeds several
steps). These lines are that trace for one Trace, in the walkthrough's notation; every number
is the engine's own (the Trace's values, dot derivatives and adjoints), nothing recomputed.

With several inputs the tangent trace has one block per forward-mode sweep (∂vᵢ/∂x, then
∂vᵢ/∂y, …, each ending with ∂f/∂ that input) and the adjoint trace ends with ∂f/∂ each input,
all read from its one sweep.

Where the engine says the point is undefined (a value, or a local partial the sweeps need),
the lines from the node where it starts say "undefined" and the first of them says why, as
the walkthrough's banner and check line do: no adjoint of an undefined f is printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from guiad.anim import notation as n
from guiad.anim.check import first_failure, scalar
from guiad.anim.timeline import downstream
from guiad.core.engine import FIRST, VALUE, Contribution, Failure, Trace
from guiad.core.graph import CONST, INPUT

UNDEFINED = float("nan")


class Section(Enum):
    PRIMAL = "Forward primal trace"
    TANGENT = "Forward tangent trace"
    ADJOINT = "Reverse adjoint trace"


@dataclass(frozen=True)
class Line:
    """One statement: ``target op formula`` and the number it leaves in ``target``.

    ``node`` is the node the statement writes; ``contribution`` indexes ``Trace.forward``
    (tangent lines) or ``Trace.backward`` (adjoint lines), so a view can follow the
    walkthrough's current step.
    """

    section: Section
    target: str  # "v₁", "dv₁/dx", "v̄₀", or "y" / "f′" for the result lines
    op: str  # "=" or "+="
    formula: str  # symbolic: "sin(v₀)", "cos(v₀)·dv₀/dx", "v̄₂·v₁"
    value: float
    node: int
    contribution: int | None = None
    reason: str = ""  # on the line where the point becomes undefined (and the results)

    @property
    def statement(self) -> str:
        return f"{self.target} {self.op} {self.formula}"

    @property
    def value_text(self) -> str:
        """The number as the trace prints it, and why where it stops being defined."""
        text = n.fmt(self.value)
        return f"{text}: {self.reason}" if self.reason else text


@dataclass(frozen=True)
class Undefined:
    """Which numbers of a one-point trace the engine does not vouch for: the values from
    the failing node on, its dots (and those after it) in every forward sweep, and the
    whole adjoint trace (the banner: the backward pass cannot run)."""

    failure: Failure | None = None
    nodes: frozenset[int] = frozenset()  # the failing node and every node after it

    @property
    def values(self) -> frozenset[int]:
        return (
            self.nodes if self.failure is not None and self.failure.level == VALUE else frozenset()
        )

    @property
    def adjoints(self) -> bool:
        return self.failure is not None

    @property
    def reason(self) -> str:
        return "" if self.failure is None else n.node_number(self.failure.message)


def undefined(trace: Trace) -> Undefined:
    """What is undefined at a one-point trace (f″ alone does not count: no view shows it)."""
    failure = first_failure(trace)
    if failure is None or failure.level > FIRST:
        return Undefined()
    return Undefined(failure, frozenset({failure.node} | downstream(trace.graph, failure.node)))


def evaluation_trace(trace: Trace, mode: str = "reverse", overwrite: bool = False) -> list[Line]:
    """The primal trace, then the tangent trace (``mode="forward"``) or the adjoint trace;
    ``overwrite``: ``trace`` was run with the fan-out mistake, so its lines say ``=``."""
    if trace.x.size != 1:
        raise ValueError("the evaluation trace is for one point x0")
    n.set_inputs(trace.graph.n_inputs)
    lines = primal_lines(trace)
    lines += tangent_lines(trace) if mode == "forward" else adjoint_lines(trace, overwrite)
    return _vouched(lines, undefined(trace))


def _vouched(lines: list[Line], bad: Undefined) -> list[Line]:
    """``lines`` with every number the engine does not vouch for undefined; the first such
    line of each section and every result line (f′, ∂f/∂x) say why."""
    if bad.failure is None:
        return lines
    out: list[Line] = []
    told: set[Section] = set()
    for line in lines:
        if line.section is Section.PRIMAL:
            lost = line.node in bad.values
        else:
            lost = bad.adjoints if line.section is Section.ADJOINT else line.node in bad.nodes
        if not lost:
            out.append(line)
            continue
        result = line.target == "f′" or line.target.startswith("∂f/∂")
        why = result or (line.section not in told and line.target != "y" and line.target != "f")
        told.add(line.section)
        out.append(replace(line, value=UNDEFINED, reason=bad.reason if why else ""))
    return out


def primal_lines(trace: Trace) -> list[Line]:
    graph = trace.graph
    lines = []
    several = graph.n_inputs > 1
    for i, node in enumerate(graph.nodes):
        formula = n.value_formula(graph, i)
        if node.op == INPUT:
            formula = graph.inputs[i] if several else "x"
        lines.append(Line(Section.PRIMAL, n.v(i), "=", formula, scalar(trace.values[i]), i))
    output = graph.output
    y = n.output_name(graph)
    lines.append(Line(Section.PRIMAL, y, "=", n.v(output), scalar(trace.values[output]), output))
    return lines


def tangent_lines(trace: Trace) -> list[Line]:
    """dvᵢ/dx = Σ ∂vᵢ/∂vⱼ · dvⱼ/dx, in the order forward mode applied the chain rule (with
    several inputs, one such block per sweep; ``contribution`` counts on across them)."""
    graph = trace.graph
    if graph.n_inputs == 1:
        return _sweep_lines(trace, trace.forward, trace.dots, None, 0)
    lines: list[Line] = []
    for sweep in trace.sweeps:
        offset = sum(len(s.forward) for s in trace.sweeps[: sweep.input])
        wrt = graph.inputs[sweep.input]
        lines += _sweep_lines(trace, sweep.forward, sweep.dots, wrt, offset, sweep.input)
    return lines


def _sweep_lines(trace: Trace, forward, dots, wrt: str | None, offset: int, seeded: int = 0):
    """One forward-mode sweep's lines: the seed (1 for input ``seeded``, 0 for the other
    inputs and the constants), the chain rule per edge, the result."""
    graph = trace.graph
    lines = []
    by_node = {c.node for c in forward}
    for i, node in enumerate(graph.nodes):
        if node.op == INPUT and (i == seeded or wrt is not None):
            seed = "1" if i == seeded else "0"
            lines.append(Line(Section.TANGENT, n.vdot(i, wrt), "=", seed, float(seed), i))
        elif node.op == CONST or (node.op != INPUT and i not in by_node):
            lines.append(Line(Section.TANGENT, n.vdot(i, wrt), "=", "0", 0.0, i))
    firsts: set[int] = set()
    for index, c in enumerate(forward, start=offset):
        term = product(_partial(trace, c), n.vdot(c.input, wrt))
        op = "+=" if c.node in firsts else "="
        firsts.add(c.node)
        target = n.vdot(c.node, wrt)
        lines.append(Line(Section.TANGENT, target, op, term, scalar(c.total), c.node, index))
    lines.sort(key=lambda line: line.node)  # stable: each node's lines stay in their order
    out = graph.output
    result = "f′" if wrt is None else f"∂f/∂{wrt}"
    lines.append(Line(Section.TANGENT, result, "=", n.vdot(out, wrt), scalar(dots[out]), out))
    return lines


def adjoint_lines(trace: Trace, overwrite: bool = False) -> list[Line]:
    """ȳ = 1, then v̄ⱼ (+)= ∂vᵢ/∂vⱼ · v̄ᵢ from the output back to x (the engine's order)."""
    graph = trace.graph
    output = graph.output
    seed = "ȳ = 1" if graph.n_inputs == 1 else f"{n.bar(n.output_name(graph))} = 1"
    lines = [Line(Section.ADJOINT, n.vbar(output), "=", seed, scalar(trace.seed), output)]
    firsts: set[int] = set()
    for index, c in enumerate(trace.backward):
        term = product(_partial(trace, c), n.vbar(c.node))
        op = "+=" if c.input in firsts and not overwrite else "="
        firsts.add(c.input)
        lines.append(
            Line(Section.ADJOINT, n.vbar(c.input), op, term, scalar(c.total), c.input, index)
        )
    if graph.n_inputs == 1:
        lines.append(Line(Section.ADJOINT, "f′", "=", n.vbar(0), scalar(trace.adjoints[0]), 0))
        return lines
    for k, name in enumerate(graph.inputs):  # the whole gradient, from the one sweep
        lines.append(
            Line(Section.ADJOINT, f"∂f/∂{name}", "=", n.vbar(k), scalar(trace.adjoints[k]), k)
        )
    return lines


def _partial(trace: Trace, c: Contribution) -> str:
    return n.partial_formulas(trace.graph, c.node)[c.position]


def product(left: str, right: str) -> str:
    """``a·b`` as the chain rule writes it: a factor 1 left out, −1 as a sign, sums and
    negative factors bracketed."""
    one, minus_one = "1", n.MINUS + "1"
    if one in (left, right):
        return right if left == one else left
    if minus_one in (left, right):
        return n.MINUS + _bracket(right if left == minus_one else left)
    return f"{_bracket(left)}·{_bracket(right)}"


def _bracket(text: str) -> str:
    """``(a + b)`` for a sum, a quotient or a leading minus at the top level, so the product
    reads one way only; other texts as they are."""
    if re.fullmatch(r"dv[₋₀-₉]+/dx|∂v[₋₀-₉]+/∂\w+", text):  # a name, though it has a slash
        return text
    depth = 0
    for position, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and ch in "+/" + n.MINUS and (position > 0 or ch == n.MINUS):
            return f"({text})"
    return text
