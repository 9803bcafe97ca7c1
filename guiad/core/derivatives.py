"""Derivatives that are graphs again: reverse and forward mode run on recorded values.

Why graphs: ``grad(grad(f))`` needs the derivative of a derivative. Here the reverse sweep
(and the forward one) is not run on numbers but on the values of the graph being recorded
(a traced value, or a ``guiad.Value``): every local partial is its op's derivative rule from
the table, read as an expression and recorded op by op, and every chain-rule product and sum
is a node too. The result is an ordinary Graph of table ops, so it can be evaluated by the
engine, shown in the window, or differentiated again, to any order, exactly: no finite
differences anywhere.

The recorded nodes are the ones the engine computes, in its order: ``term = partial ·
adjoint`` (the adjoint itself where the partial is the float 1), ``ū += term`` in the
engine's order over nodes and inputs, and the rule ``0.5 / y`` as a division, not as
``scale(1/y, 0.5)``. So a derivative evaluated from its graph equals the engine's own sweep
bit for bit (tests check it). ∂(uᵛ)/∂v, the engine's ``xlogy(y, u)``, is recorded as
``y·log0(u)`` (see session_ops): the same numbers, 0 at u = 0 as well (where the product
y·log(u) would be NaN).
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Sequence
from functools import cache

import numpy as np

from guiad.core.graph import CONST, HOLE, Graph, hole_reason
from guiad.core.ops import FUNCTIONS, OPS
from guiad.core.session_ops import helper_op
from guiad.core.tracing import Recorded, TracingError

Val = Recorded | float  # a recorded value, or a constant


# ---- one op on recorded values or constants ---------------------------------------------


def apply(op: str, operands: Sequence[Val], param: float | None = None) -> Val:
    """``op`` of ``operands`` as one node; computed at once when all are constants."""
    recorded = next((o for o in operands if isinstance(o, Recorded)), None)
    if recorded is not None:
        return recorded._record(op, tuple(operands), param)
    with np.errstate(all="ignore"):  # as the engine computes: on float64 arrays
        args = [np.full(1, float(o)) for o in operands]
        return float(np.asarray(OPS[op].value(args, param)).reshape(-1)[0])


def _constants(fn, a: float, b: float) -> float:
    with np.errstate(all="ignore"):
        return float(fn(np.float64(a), np.float64(b)))


def add(a: Val, b: Val) -> Val:
    if isinstance(a, float) and isinstance(b, float):
        return _constants(operator.add, a, b)
    if isinstance(b, float):
        return a if b == 0.0 else apply("shift", (a,), b)
    if isinstance(a, float):
        return b if a == 0.0 else apply("shift", (b,), a)
    return apply("add", (a, b))


def sub(a: Val, b: Val) -> Val:
    if isinstance(a, float) and isinstance(b, float):
        return _constants(operator.sub, a, b)
    if isinstance(b, float):
        return apply("shift", (a,), -b)  # a + (−b) is a − b exactly
    if isinstance(a, float):
        return apply("shift", (neg(b),), a)
    return apply("sub", (a, b))


def mul(a: Val, b: Val) -> Val:
    if isinstance(a, float) and isinstance(b, float):
        return _constants(operator.mul, a, b)
    if isinstance(b, float):
        a, b = b, a
    if isinstance(a, float):  # c·u: the constant is a parameter, as ``2*x`` is ``scale``
        return b if a == 1.0 else apply("scale", (b,), a)
    return apply("mul", (a, b))


def div(a: Val, b: Val) -> Val:
    if isinstance(a, float) and isinstance(b, float):
        return _constants(operator.truediv, a, b)
    if isinstance(a, float) and a == 1.0:
        return apply("reciprocal", (b,))
    return apply("div", (a, b))  # u/c stays a division: u·(1/c) can differ in the last bit


def power(a: Val, b: Val) -> Val:
    if isinstance(a, float) and isinstance(b, float):
        return _constants(np.power, a, b)
    if isinstance(b, float):
        return apply("power", (a,), b)
    return apply("pow", (a, b))


def neg(a: Val) -> Val:
    return -a if isinstance(a, float) else apply("neg", (a,))


# ---- the table's derivative rules, read as expressions ------------------------------------

_BINARY = {ast.Add: add, ast.Sub: sub, ast.Mult: mul, ast.Div: div}
_COMPARE = {ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.Gt: operator.gt}


@cache
def _parsed(rule: str) -> ast.expr:
    return ast.parse(rule, mode="eval").body


def rule_value(rule: str, env: dict[str, Val]) -> Val:
    """A rule of the op table (``"v * power(u, v - 1.0)"``) on recorded values."""
    return _Rule(env).visit(_parsed(rule))


class _Rule(ast.NodeVisitor):
    """Each piece of a rule as the node numpy computes for it (``a ** 2`` is numpy's square:
    ``u*u``, not a power)."""

    def __init__(self, env: dict[str, Val]):
        self.env = env

    def visit_Constant(self, node: ast.Constant) -> float:
        return float(node.value)

    def visit_Name(self, node: ast.Name) -> Val:
        return self.env[node.id]

    def visit_UnaryOp(self, node: ast.UnaryOp) -> Val:
        value = self.visit(node.operand)
        return neg(value) if isinstance(node.op, ast.USub) else value

    def visit_BinOp(self, node: ast.BinOp) -> Val:
        a, b = self.visit(node.left), self.visit(node.right)
        if isinstance(node.op, ast.Pow):
            if isinstance(b, float) and b == 2.0 and not isinstance(a, float):
                return apply("square", (a,))
            return power(a, b)
        return _BINARY[type(node.op)](a, b)

    def visit_IfExp(self, node: ast.IfExp) -> Val:
        return self.visit(node.body if self.visit(node.test) else node.orelse)

    def visit_BoolOp(self, node: ast.BoolOp) -> bool:
        results = (self.visit(v) for v in node.values)
        return any(results) if isinstance(node.op, ast.Or) else all(results)

    def visit_Compare(self, node: ast.Compare) -> bool:  # only on the op's constant p
        (op,), (right,) = node.ops, node.comparators
        return _COMPARE[type(op)](self.visit(node.left), self.visit(right))

    def visit_Call(self, node: ast.Call) -> Val:
        name = node.func.id
        args = [self.visit(a) for a in node.args]
        if name == "power":
            return power(*args)
        if name == "xlogy":  # y·log(u), 0 at u = 0: see session_ops
            helper_op("log0")
            return mul(args[0], apply("log0", (args[1],)))
        if name in ("step", "sign"):
            helper_op(name)
        if name not in FUNCTIONS or name not in OPS:  # pragma: no cover - the table's own
            raise TracingError(f"the derivative rule calls {name}, which has no op")
        return apply(name, args)

    def generic_visit(self, node: ast.AST):  # pragma: no cover - the table's rules only
        raise TracingError(f"a derivative rule uses {type(node).__name__}")


def partial(graph: Graph, i: int, k: int, values: Sequence[Val]) -> Val:
    """∂vᵢ/∂(input k of node i), recorded from the op's rule at the nodes' values."""
    node = graph.nodes[i]
    op = OPS[node.op]
    args = [values[j] for j in node.inputs]
    rule = getattr(op, "symbolic_d1", None)  # an op of guiad.primitive: its Python rule
    if rule is not None:
        return rule(args, values[i], k)
    env = dict(zip(("u", "v"), args, strict=False)) | {"y": values[i], "p": node.param}
    return rule_value(op.d1_rules[k], env)


# ---- the passes ---------------------------------------------------------------------------


def open_port(graph: Graph) -> str | None:
    """Why ``graph`` cannot be differentiated as a whole: its first open port (a hole of a
    sketch, ``?`` in a typed expression), in words; None when every port is connected."""
    hole = next((i for i, node in enumerate(graph.nodes) if node.op == HOLE), None)
    return None if hole is None else hole_reason(graph, hole)


def refuse_open_ports(graph: Graph, name: str = "f") -> None:
    """A derivative needs every node's value: say which port is open, before any sweep."""
    reason = open_port(graph)
    if reason is not None:
        raise TracingError(
            f"{name} has an open port ({reason}): connect it, or replace the ? with an "
            "input or a number, before taking derivatives"
        )


def replay(graph: Graph, inputs: Sequence[Val]) -> list[Val]:
    """Every node's value, recorded node for node (constants stay numbers)."""
    refuse_open_ports(graph)
    values: list[Val] = list(inputs)
    for node in graph.nodes[graph.n_inputs :]:
        if node.op == CONST:
            values.append(float(node.param))
        else:
            values.append(apply(node.op, [values[j] for j in node.inputs], node.param))
    return values


def backward(graph: Graph, values: Sequence[Val], seeds: Sequence[Val]) -> list[Val]:
    """Reverse mode from ``seeds`` (one ȳ per output): ∂/∂ each input, as the engine does."""
    adjoints: list[Val | None] = [None] * len(graph.nodes)
    for o, seed in zip(graph.outputs, seeds, strict=True):
        if isinstance(seed, float) and seed == 0.0:
            continue  # an output not asked for: no sweep from it (the engine's per output)
        adjoints[o] = seed if adjoints[o] is None else add(adjoints[o], seed)
    n = graph.n_inputs
    for i in range(len(graph.nodes) - 1, 0, -1):
        adjoint = adjoints[i]
        if adjoint is None:
            continue
        for k, j in enumerate(graph.nodes[i].inputs):
            if j >= n and isinstance(values[j], float):
                continue  # a constant's adjoint reaches no input
            p = partial(graph, i, k, values)
            term = adjoint if isinstance(p, float) and p == 1.0 else mul(p, adjoint)
            adjoints[j] = term if adjoints[j] is None else add(adjoints[j], term)
    return [0.0 if a is None else a for a in adjoints[:n]]


def forward(graph: Graph, values: Sequence[Val], tangents: Sequence[Val]) -> list[Val]:
    """Forward mode from one tangent per input: the tangent of each output."""
    dots: list[Val] = list(tangents)
    for i, node in enumerate(graph.nodes[graph.n_inputs :], start=graph.n_inputs):
        dot: Val = 0.0
        for k, j in enumerate(node.inputs):
            if isinstance(dots[j], float) and dots[j] == 0.0:
                continue  # the engine's "does not depend on the input": an exact 0
            term = mul(partial(graph, i, k, values), dots[j])
            dot = term if isinstance(dot, float) and dot == 0.0 else add(dot, term)
        dots.append(dot)
    return [dots[o] for o in graph.outputs]


__all__ = [
    "apply",
    "backward",
    "forward",
    "open_port",
    "partial",
    "refuse_open_ports",
    "replay",
    "rule_value",
]
