"""The computation as pure data: a DAG of nodes, with a chain as the common case.

The first nodes are the inputs, one per name in ``Graph.inputs`` (node 0 is ``x`` in the
common one-input case); nodes are stored in topological order (every input index is smaller
than the node's own) and the last node is the output ``y``. Graphs are immutable and compare
by value, which is what undo, round-trip tests and files rely on.

Input names are ordered by one rule everywhere (``order_inputs``): x, y, z first, then the
others alphabetically; at most ``MAX_INPUTS`` of them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from guiad.core.ops import OPS

INPUT = "x"
CONST = "const"
# A hole stands for an input port left open while a graph is built by hand (guiad/core/
# sketch.py): it has no inputs, and the engine makes every value that reads it undefined,
# with the reason ``hole_reason`` gives.
HOLE = "hole"
MAX_NODES = 10_000
MAX_INPUTS = 8
_FIRST_NAMES = ("x", "y", "z")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
DISPLAY: dict[str, Callable] = {}  # "svg"/"png" → how a Graph draws itself in a notebook


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
            raise GraphError(f"{_quoted(self.op)} is not an op of one input")
        if (op.param is None) != (self.param is None):
            raise GraphError(f"'{self.op}' takes {'a' if op.param else 'no'} parameter")
        if self.param is not None:
            object.__setattr__(self, "param", _finite(self.param, self.op))


@dataclass(frozen=True)
class Graph:
    """A validated DAG; see the module docstring for the invariants."""

    nodes: tuple[Node, ...]
    inputs: tuple[str, ...] = (INPUT,)
    # the results, in order; () means the one output, the last node (every chain, every
    # parsed expression and every file). A traced function returning a tuple has several.
    outputs: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        nodes = tuple(self.nodes)
        object.__setattr__(self, "nodes", nodes)
        object.__setattr__(self, "inputs", _check_inputs(self.inputs))
        object.__setattr__(self, "outputs", _check_outputs(self.outputs, len(nodes)))
        n = len(self.inputs)
        if len(nodes) < n or any(node != Node(INPUT) for node in nodes[:n]):
            raise GraphError(f"the first {n} node(s) must be the inputs {', '.join(self.inputs)}")
        if len(nodes) > MAX_NODES:
            raise GraphError(f"too many nodes ({len(nodes)} > {MAX_NODES})")
        for i, node in enumerate(nodes[n:], start=n):
            if node.op == INPUT:
                raise GraphError(f"node {i}: inputs come first in a graph")
            _check_node(i, node)

    @property
    def output(self) -> int:
        return len(self.nodes) - 1

    @property
    def n_inputs(self) -> int:
        return len(self.inputs)

    def for_output(self, k: int) -> Graph:
        """Output ``k`` alone as a graph of one output, its last node: what every engine
        pass takes (one reverse sweep per output runs on these)."""
        o = self.outputs[k]
        nodes = self.nodes[: max(o + 1, self.n_inputs)]
        if o != len(nodes) - 1:  # an input that is not the last one: y = 1.0·input, exactly
            nodes = (*nodes, Node("scale", (o,), 1.0))
        return Graph(nodes, self.inputs)

    @classmethod
    def from_chain(cls, steps: Iterable[Step]) -> Graph:
        nodes = [Node(INPUT)]
        for step in steps:
            nodes.append(Node(step.op, (len(nodes) - 1,), step.param))
        return cls(tuple(nodes))

    def chain(self) -> tuple[Step, ...] | None:
        """The steps if this graph is a plain chain x → op → op → y, else None."""
        if self.inputs != (INPUT,):
            return None
        steps = []
        for i, node in enumerate(self.nodes[1:], start=1):
            if node.inputs != (i - 1,) or OPS[node.op].arity != 1:
                return None
            steps.append(Step(node.op, node.param))
        return tuple(steps)

    @property
    def is_chain(self) -> bool:
        return self.chain() is not None

    # In a notebook a Graph shows its picture: guiad.api fills DISPLAY (drawing it needs
    # guiad.notebook, which the core may not import).
    def _repr_svg_(self) -> str | None:
        show = DISPLAY.get("svg")
        return show(self) if show is not None else None

    def _repr_png_(self):
        show = DISPLAY.get("png")
        return show(self) if show is not None else None

    def consumers(self) -> list[list[int]]:
        """For each node, the nodes that read it (once per edge)."""
        out: list[list[int]] = [[] for _ in self.nodes]
        for i, node in enumerate(self.nodes):
            for j in node.inputs:
                out[j].append(i)
        return out


def _quoted(name: object) -> str:
    """A name from a file for a one-line message: escaped (a newline shows as \\n), cut."""
    text = repr(name if not isinstance(name, str) or len(name) <= 40 else name[:40] + "…")
    return text if isinstance(name, str) else f"'{text}'"


def order_inputs(names: Iterable[str]) -> tuple[str, ...]:
    """Input names in guiad's one order: x, y, z first, then the rest alphabetically."""
    unique = set(names)
    first = [name for name in _FIRST_NAMES if name in unique]
    return (*first, *sorted(unique - set(first)))


def input_order_words() -> str:
    """``order_inputs``'s rule in words, for messages: "x, y, z, then a–z"."""
    return f"{', '.join(_FIRST_NAMES)}, then a–z"


def _check_inputs(names: object) -> tuple[str, ...]:
    if not isinstance(names, tuple | list) or not names:
        raise GraphError("a graph needs at least one input")
    if len(names) > MAX_INPUTS:
        raise GraphError(f"too many inputs ({len(names)} > {MAX_INPUTS})")
    for name in names:
        if not isinstance(name, str) or not _NAME.match(name):
            raise GraphError(f"{name!r} is not a valid input name")
    if len(set(names)) != len(names):
        raise GraphError("input names must be different")
    return tuple(names)


def _check_outputs(outputs: object, n_nodes: int) -> tuple[int, ...]:
    if outputs == () or outputs is None:
        return (n_nodes - 1,)
    if not isinstance(outputs, tuple | list) or not all(
        isinstance(o, int) and not isinstance(o, bool) and 0 <= o < n_nodes for o in outputs
    ):
        raise GraphError("the outputs must be node indices of the graph")
    return tuple(outputs)


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
    if node.op == HOLE:
        if node.inputs or node.param is not None:
            raise GraphError(f"node {i}: a hole has no inputs and no parameter")
        return
    op = OPS.get(node.op)
    if op is None:
        raise GraphError(f"node {i}: unknown op {_quoted(node.op)}")
    if len(node.inputs) != op.arity:
        raise GraphError(f"node {i}: {node.op} takes {op.arity} input(s)")
    if op.param is None and node.param is not None:
        raise GraphError(f"node {i}: {node.op} takes no parameter")
    if op.param is not None:
        _finite(node.param, node.op)


def hole_reason(graph: Graph, index: int) -> str:
    """Why the hole ``index`` leaves f undefined: the first port it fills, in words."""
    for node in graph.nodes[index + 1 :]:
        if index in node.inputs:
            return open_port_reason(node.op, node.inputs.index(index))
    return "no output yet"


def reads_hole(graph: Graph) -> list[bool] | None:
    """For each node, whether its value depends on a hole (None when the graph has none)."""
    if not any(node.op == HOLE for node in graph.nodes):
        return None
    reads: list[bool] = []
    for node in graph.nodes:
        reads.append(node.op == HOLE or any(reads[j] for j in node.inputs))
    return reads


def first_hole(graph: Graph) -> int | None:
    """The first hole the output depends on, or None: then f is defined as a function."""
    if not any(node.op == HOLE for node in graph.nodes):
        return None
    needed = [False] * len(graph.nodes)
    needed[graph.output] = True
    for i in range(graph.output, -1, -1):
        if needed[i]:
            for j in graph.nodes[i].inputs:
                needed[j] = True
    return next((i for i, n in enumerate(graph.nodes) if n.op == HOLE and needed[i]), None)


def open_port_reason(op: str, port: int) -> str:
    """ "input 2 of × is not connected" ("the input of sin ..." for an op of one input)."""
    label = OPS[op].label
    if OPS[op].arity == 1:
        return f"the input of {label} is not connected"
    return f"input {port + 1} of {label} is not connected"


def graph_reason(graph: Graph) -> str:
    """Why a graph has no cards: several inputs, x used twice, not at all, or an op of two
    inputs, or an open port."""
    hole = first_hole(graph)
    if hole is not None:
        return f"This graph is not finished: {hole_reason(graph, hole)}"
    if graph.n_inputs > 1:
        return f"This graph has {graph.n_inputs} inputs ({', '.join(graph.inputs)})"
    if graph.inputs != (INPUT,):
        return f"This graph's input is {graph.inputs[0]}, not x"
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


COMMUTATIVE = frozenset({"add", "mul"})  # u + v = v + u: operands in either order


def same_computation(a: Graph, b: Graph) -> bool:
    """True if ``a`` and ``b`` compute the same outputs by the same nodes, whatever their
    numbering, the order of + and × operands and any node no output reads (how a graph built
    by hand is matched with the one asked for: ``sin(x)*x`` is ``x*sin(x)``). A value used
    twice is not the same as the same value computed twice (fan-out is what lessons teach)."""
    shapes: dict[tuple, int] = {}  # one number per distinct sub-computation, shared by a, b

    def numbered(graph: Graph) -> list[int]:
        ids: list[int] = []
        for i, node in enumerate(graph.nodes):
            if i < graph.n_inputs:
                key: tuple = ("input", graph.inputs[i])
            else:
                args = [ids[k] for k in node.inputs]
                if node.op in COMMUTATIVE:
                    args.sort()
                key = (node.op, node.param, tuple(args))
            ids.append(shapes.setdefault(key, len(shapes)))
        return ids

    def read(graph: Graph, ids: list[int]) -> Counter:
        """How many nodes of each shape the outputs read."""
        seen, todo = set(), list(graph.outputs)
        while todo:
            i = todo.pop()
            if i not in seen:
                seen.add(i)
                todo.extend(graph.nodes[i].inputs)
        return Counter(ids[i] for i in seen)

    ids_a, ids_b = numbered(a), numbered(b)
    return [ids_a[o] for o in a.outputs] == [ids_b[o] for o in b.outputs] and read(
        a, ids_a
    ) == read(b, ids_b)
