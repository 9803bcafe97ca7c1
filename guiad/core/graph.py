"""The computation as pure data: a DAG of nodes, with a chain as the common case.

Node 0 is always the input ``x``; nodes are stored in topological order (every input
index is smaller than the node's own) and the last node is the output ``y``. Graphs are
immutable and compare by value, which is what undo, round-trip tests and files rely on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from guiad.core.ops import OPS

INPUT = "x"
CONST = "const"
MAX_NODES = 10_000


class GraphError(ValueError):
    """A graph that breaks the rules above."""


@dataclass(frozen=True)
class Node:
    """One value of the computation: ``op`` applied to earlier nodes ``inputs``."""

    op: str
    inputs: tuple[int, ...] = ()
    param: float | None = None


@dataclass(frozen=True)
class Step:
    """One card of a chain: an op of one input, with its parameter if it has one."""

    op: str
    param: float | None = None

    def __post_init__(self) -> None:
        op = OPS.get(self.op)
        if op is None or op.arity != 1:
            raise GraphError(f"'{self.op}' is not an op of one input")
        if (op.param is None) != (self.param is None):
            raise GraphError(f"'{self.op}' takes {'a' if op.param else 'no'} parameter")
        if self.param is not None:
            object.__setattr__(self, "param", _finite(self.param, self.op))


@dataclass(frozen=True)
class Graph:
    """A validated DAG; see the module docstring for the invariants."""

    nodes: tuple[Node, ...]

    def __post_init__(self) -> None:
        nodes = tuple(self.nodes)
        object.__setattr__(self, "nodes", nodes)
        if not nodes or nodes[0] != Node(INPUT):
            raise GraphError("the first node must be the input x")
        if len(nodes) > MAX_NODES:
            raise GraphError(f"too many nodes ({len(nodes)} > {MAX_NODES})")
        for i, node in enumerate(nodes[1:], start=1):
            _check_node(i, node)

    @property
    def output(self) -> int:
        return len(self.nodes) - 1

    @classmethod
    def from_chain(cls, steps: Iterable[Step]) -> Graph:
        nodes = [Node(INPUT)]
        for step in steps:
            nodes.append(Node(step.op, (len(nodes) - 1,), step.param))
        return cls(tuple(nodes))

    def chain(self) -> tuple[Step, ...] | None:
        """The steps if this graph is a plain chain x → op → op → y, else None."""
        steps = []
        for i, node in enumerate(self.nodes[1:], start=1):
            if node.inputs != (i - 1,) or OPS[node.op].arity != 1:
                return None
            steps.append(Step(node.op, node.param))
        return tuple(steps)

    @property
    def is_chain(self) -> bool:
        return self.chain() is not None

    def consumers(self) -> list[list[int]]:
        """For each node, the nodes that read it (once per edge)."""
        out: list[list[int]] = [[] for _ in self.nodes]
        for i, node in enumerate(self.nodes):
            for j in node.inputs:
                out[j].append(i)
        return out


def _finite(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise GraphError(f"the parameter of {what} must be a number")
    number = float(value)
    if not math.isfinite(number):
        raise GraphError(f"the parameter of {what} must be finite")
    return number


def _check_node(i: int, node: Node) -> None:
    if not isinstance(node.inputs, tuple) or not all(
        isinstance(j, int) and not isinstance(j, bool) for j in node.inputs
    ):
        raise GraphError(f"node {i}: inputs must be node indices")
    if any(not 0 <= j < i for j in node.inputs):
        raise GraphError(f"node {i}: inputs must refer to earlier nodes")
    if node.op == CONST:
        if node.inputs:
            raise GraphError(f"node {i}: a constant has no inputs")
        _finite(node.param, "a constant")
        return
    op = OPS.get(node.op)
    if op is None:
        raise GraphError(f"node {i}: unknown op '{node.op}'")
    if len(node.inputs) != op.arity:
        raise GraphError(f"node {i}: {node.op} takes {op.arity} input(s)")
    if op.param is None and node.param is not None:
        raise GraphError(f"node {i}: {node.op} takes no parameter")
    if op.param is not None:
        _finite(node.param, node.op)


def graph_reason(graph: Graph) -> str:
    """Why a graph has no cards: x used twice, not at all, or an op of two inputs."""
    uses = sum(node.inputs.count(0) for node in graph.nodes)
    if uses == 0:
        return "This is a constant: f does not depend on x"
    if uses > 1:
        return "This is a graph, not a chain: x is used more than once"
    return "This is a graph, not a chain: an op in it takes two inputs"


def chain_graph(ops: Sequence[str | tuple[str, float]]) -> Graph:
    """Shorthand for tests and examples: ``chain_graph(["sin", ("scale", 2.0)])``."""
    steps = [Step(o) if isinstance(o, str) else Step(o[0], o[1]) for o in ops]
    return Graph.from_chain(steps)
