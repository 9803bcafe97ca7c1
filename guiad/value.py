"""``guiad.Value``: a number you can hold, that remembers how it was computed.

As in the blog post's Valder and micrograd's Value: ``x = Value(2.0, name="x")``, then
``y = exp(sin(sin(x)))`` computes at once (``y.value``), records the graph it came from
(``y.graph``, the same Graph ``graph_of`` traces from the function), and ``y.backward()``
fills ``.grad`` of every value it depends on by one reverse sweep of guiad's engine.

Every op is computed the way the engine computes it (its op table entry, on a float64
array), and the operators go through the parser's own builder (``2*x`` is ``scale``), so an
eager value equals the traced one bit for bit.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import numpy as np

from guiad.core import engine
from guiad.core.graph import CONST, INPUT, MAX_INPUTS, Graph, GraphError, Node, order_inputs
from guiad.core.ops import OPS
from guiad.core.tracing import Recorded, TracingError, _operand, _Tape

_serial = itertools.count()
# names given to inputs created without one, in this order, skipping names already taken
_DEFAULT_NAMES = ("x", "y", "z", "w", "u", "v", "s", "t", "a", "b", "c", "d")


class Value(Recorded):
    """A number (or numpy array) that records the ops applied to it.

    Parameters
    ----------
    value : a number or an array (arrays broadcast as numpy does).
    name : the input's name in ``.graph`` (x, y, z, … in order of creation when omitted).

    ``.value`` is the number, ``.grad`` the adjoint ∂y/∂(this value) that ``y.backward()``
    added in (0.0 before; ``zero_grad()`` resets), ``.graph`` the computation that made it.
    """

    __slots__ = ("_data", "_grad", "_name", "_node", "_parents", "_scalar", "_serial")
    _kind = "a guiad.Value"
    _hint = " (its number is .value)"

    def __init__(self, value: float | np.ndarray, name: str | None = None):
        data = np.asarray(value, dtype=np.float64)
        self._setup(Node(INPUT), (), data)
        if name is not None and not isinstance(name, str):
            raise TypeError(f"a Value's name is text, not {type(name).__name__}")
        self._name = name

    def _setup(self, node: Node, parents: tuple[Value, ...], data: np.ndarray) -> None:
        # one float64 array of at least one dimension, as the engine computes (numpy's
        # scalar loops can differ from its array loops in the last bit)
        self._scalar = data.ndim == 0
        self._data = data.reshape(1) if self._scalar else data
        self._node = node
        self._parents = parents
        self._grad: np.ndarray | float = 0.0
        self._name = None
        self._serial = next(_serial)

    @classmethod
    def _computed(cls, node: Node, parents: tuple[Value, ...]) -> Value:
        """The value of ``node`` applied to ``parents``, computed as the engine does."""
        value = cls.__new__(cls)
        if node.op == CONST:
            data = np.full(1, node.param)
        else:
            with np.errstate(all="ignore"):
                data = OPS[node.op].value([p._data for p in parents], node.param)
        scalar = all(p._scalar for p in parents)
        value._setup(node, parents, np.asarray(data, dtype=np.float64))
        value._scalar = scalar and value._data.size == 1
        return value

    # ---- what a user reads --------------------------------------------------------------

    @property
    def value(self) -> float | np.ndarray:
        return float(self._data[0]) if self._scalar else self._data.copy()

    @property
    def grad(self) -> float | np.ndarray:
        grad = self._grad
        if isinstance(grad, np.ndarray) and self._scalar and grad.size == 1:
            return float(grad.reshape(-1)[0])
        return grad

    @property
    def name(self) -> str | None:
        return self._name

    def __repr__(self) -> str:
        value = repr(self.value) if self._scalar else f"array of shape {self._data.shape}"
        name = f", name={self._name!r}" if self._name is not None else ""
        grad = self.grad
        shown = repr(grad) if isinstance(grad, float) else "array"
        return f"Value({value}{name}, grad={shown})"

    def zero_grad(self) -> None:
        """Reset ``.grad`` to 0 on this value and every value it was computed from."""
        for value in _ancestors(self):
            value._grad = 0.0

    # ---- the graph ----------------------------------------------------------------------

    @property
    def graph(self) -> Graph:
        """The computation that made this value, as the Graph ``graph_of`` would trace."""
        return _graph(self)[0]

    @property
    def point(self) -> tuple[float | np.ndarray, ...]:
        """The inputs' values, in the order of ``graph.inputs``."""
        return tuple(leaf.value for leaf in _graph(self)[2])

    def trace(self):
        """The walkthrough's numbers for this value's graph at its inputs (``guiad.trace``);
        a notebook shows it as the graph after the backward pass, with its table."""
        from guiad.api import trace

        return trace(self)

    def backward(self) -> None:
        """Reverse mode from this value (ȳ = 1): add ∂y/∂v into ``v.grad`` for this value and
        every value it depends on. A value used twice gets both contributions (the engine's
        sum over fan-out); calling ``backward`` again adds again, as micrograd's does."""
        graph, order, leaves = _graph(self)
        point = [leaf._data for leaf in leaves]
        t = engine.trace(graph, point[0] if len(point) == 1 else point)
        gradient = dict(zip((id(leaf) for leaf in leaves), t.grad, strict=True))
        for value, adjoint in zip(order, t.adjoints, strict=True):
            # an input's gradient NaN where f or its derivative is undefined, as the engine's
            found = gradient.get(id(value), adjoint)
            value._grad = value._grad + np.asarray(found, dtype=np.float64)

    def _tape_for(self, operands) -> tuple[_ValueTape, list[int | float]]:
        tape = _ValueTape()
        return tape, [tape.operand(value) for value in operands]

    def _repr_html_(self) -> str | None:
        return self.trace()._repr_html_() if self._scalar else None

    def _repr_png_(self) -> bytes | None:
        return self.trace()._repr_png_() if self._scalar else None


class _ValueTape(_Tape):
    """The parser's builder over Values: node i is ``items[i]``, computed as it is added."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes = []
        self.items: list[Value] = []

    def operand(self, value: object) -> int | float:
        if not isinstance(value, Value):
            return _operand(self, value)
        for i, item in enumerate(self.items):
            if item is value:
                return i
        self.items.append(value)
        self.nodes.append(value._node)
        return len(self.items) - 1

    def add(self, node: Node) -> int:
        self.items.append(Value._computed(node, tuple(self.items[j] for j in node.inputs)))
        self.nodes.append(node)
        return len(self.items) - 1

    def wrap(self, result: int | float) -> Value | float:
        return self.items[result] if isinstance(result, int) else result


def _ancestors(value: Value) -> list[Value]:
    """Every value ``value`` was computed from (and itself), each once, in creation order."""
    seen: dict[int, Value] = {}
    stack = [value]
    while stack:
        v = stack.pop()
        if id(v) not in seen:
            seen[id(v)] = v
            stack.extend(v._parents)
    return sorted(seen.values(), key=lambda v: v._serial)


def _graph(value: Value) -> tuple[Graph, list[Value], list[Value]]:
    """The graph of ``value``, the Value of each of its nodes, and its inputs in order."""
    order = _ancestors(value)
    leaves = [v for v in order if v._node.op == INPUT]
    names = _names(leaves)
    by_name = dict(zip(names, leaves, strict=True))
    inputs = order_inputs(names)  # every Value comes from at least one input
    leaves = [by_name[name] for name in inputs]
    computed = [v for v in order if v._node.op != INPUT]
    order = leaves + computed
    index = {id(v): i for i, v in enumerate(order)}
    nodes = [Node(INPUT)] * len(leaves) + [
        Node(v._node.op, tuple(index[id(p)] for p in v._parents), v._node.param) for v in computed
    ]
    try:
        return Graph(tuple(nodes), inputs), order, leaves
    except GraphError as err:
        raise TracingError(f"this Value's graph cannot be built: {err}") from None


def _names(leaves: Iterable[Value]) -> list[str]:
    """Each input's name: its own, or the next free one of x, y, z, …"""
    leaves = list(leaves)
    given = [leaf._name for leaf in leaves if leaf._name is not None]
    twice = {name for name in given if given.count(name) > 1}
    if twice:
        raise TracingError(f"two input Values are both named {sorted(twice)[0]!r}")
    if len(leaves) > MAX_INPUTS:
        raise TracingError(f"this Value depends on {len(leaves)} inputs; at most {MAX_INPUTS}")
    free = (name for name in _DEFAULT_NAMES if name not in given)
    return [leaf._name if leaf._name is not None else next(free) for leaf in leaves]


__all__ = ["Value"]
