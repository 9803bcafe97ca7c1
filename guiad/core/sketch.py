"""A graph being built by hand: nodes with stable ids, wires, open ports and positions.

A ``Graph`` is always complete and in topological order; a sketch is what the canvas edits
while the user builds one: nodes keep their ids across edits, an input port may be open
(``None``), nodes may sit off the output's path, and each node remembers where the user put
it. ``to_graph`` turns it into the core Graph the engine runs: nodes that do not reach the
output are left out, and each open port becomes a hole node, which the engine evaluates as
undefined with the reason ``problem`` gives ("input 2 of × is not connected").

Sketches are immutable and compare by value (undo stores them); every edit returns a new
sketch or raises ``SketchError`` with a one-line reason.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property

from guiad.core.expression import input_name_problem
from guiad.core.graph import (
    CONST,
    HOLE,
    INPUT,
    MAX_INPUTS,
    MAX_NODES,
    Graph,
    Node,
    open_port_reason,
    order_inputs,
)
from guiad.core.ops import ALIASES, OPS

# The names add_input gives, in turn (the user may type others).
INPUT_NAMES = ("x", "y", "z", "w", "u", "v", "s", "t")
NOT_FROM_SKETCH = -1  # to_graph's id for a node the sketch lacks: a hole, or x added

Position = tuple[float, float]


class SketchError(ValueError):
    """An edit that is refused, with a one-line reason."""


@dataclass(frozen=True)
class SketchNode:
    """One node on the canvas: an op of ``OPS``, an input (``INPUT``) or a constant."""

    op: str
    inputs: tuple[int | None, ...] = ()  # per input port: the feeding node's id, or None
    param: float | None = None  # the op's parameter or the constant's value
    name: str | None = None  # an input's name (x, y, z, ...), else None
    pos: Position | None = None  # where the user put it (scene coords); None: not placed

    def __post_init__(self) -> None:
        object.__setattr__(self, "inputs", tuple(self.inputs))
        if self.pos is not None:
            object.__setattr__(self, "pos", _position(self.pos))
        if self.param is not None:
            object.__setattr__(self, "param", _number(self.param, "a parameter"))
        if self.op == INPUT:
            if self.inputs or self.param is not None:
                raise SketchError("an input has no inputs and no parameter")
            _check_name(self.name)
            return
        if self.name is not None:
            raise SketchError("only an input has a name")
        if self.op == CONST:
            if self.inputs or self.param is None:
                raise SketchError("a constant has a value and no inputs")
            return
        op = OPS.get(self.op)
        if op is None:
            raise SketchError(f"unknown op {self.op!r}")
        if len(self.inputs) != op.arity:
            raise SketchError(f"{op.label} takes {op.arity} input(s)")
        if (op.param is None) != (self.param is None):
            raise SketchError(f"{op.label} takes {'a' if op.param else 'no'} parameter")

    @property
    def arity(self) -> int:
        return len(self.inputs)


@dataclass(frozen=True)
class Sketch:
    """Nodes as (id, node) pairs sorted by id, and the id marked as the output y."""

    nodes: tuple[tuple[int, SketchNode], ...] = ()
    output: int | None = None

    def __post_init__(self) -> None:
        pairs = tuple(sorted(((int(i), node) for i, node in self.nodes), key=lambda p: p[0]))
        object.__setattr__(self, "nodes", pairs)
        if len(pairs) > MAX_NODES:
            raise SketchError(f"too many nodes (at most {MAX_NODES:,})")
        table = self._table
        if len(table) != len(pairs):
            raise SketchError("two nodes share an id")
        names = [node.name for node in table.values() if node.op == INPUT]
        if len(set(names)) != len(names):
            raise SketchError("two inputs share a name")
        if len(names) > MAX_INPUTS:
            raise SketchError(f"at most {MAX_INPUTS} inputs")
        for i, node in pairs:
            if any(j is not None and j not in table for j in node.inputs):
                raise SketchError(f"node {i} reads a node that does not exist")
        if self.output is not None and self.output not in table:
            raise SketchError("the output is not a node")
        if _has_cycle(table):
            raise SketchError("the wires make a cycle")

    # ---- reading ---------------------------------------------------------------------

    @cached_property
    def _table(self) -> dict[int, SketchNode]:
        return dict(self.nodes)

    def node(self, id: int) -> SketchNode:
        try:
            return self._table[id]
        except KeyError:
            raise SketchError(f"no node {id}") from None

    def ids(self) -> tuple[int, ...]:
        return tuple(i for i, _ in self.nodes)

    def inputs(self) -> tuple[str, ...]:
        """The input names in guiad's order (x, y, z, then alphabetical)."""
        return order_inputs(node.name for _, node in self.nodes if node.op == INPUT)

    def consumers(self, id: int) -> list[tuple[int, int]]:
        """The (node id, port) pairs that read ``id``."""
        return [
            (i, port) for i, node in self.nodes for port, j in enumerate(node.inputs) if j == id
        ]

    def problem(self) -> str | None:
        """Why f is not defined yet ("input 2 of × is not connected", "no output yet"),
        or None when the sketch is complete."""
        if self.output is None:
            return "no output yet"
        for i in self._order():
            node = self._table[i]
            for port, j in enumerate(node.inputs):
                if j is None:
                    return open_port_reason(node.op, port)
        return None

    def why_not_connect(self, src: int, dst: int, port: int) -> str | None:
        """Why a wire from ``src``'s output to ``dst``'s input ``port`` is refused, or None."""
        if src not in self._table:
            return f"no node {src}"
        if dst not in self._table:
            return f"no node {dst}"
        target = self._table[dst]
        if target.op in (INPUT, CONST):
            return f"{_describe(target)} takes no wires"
        if not 0 <= port < target.arity:
            return f"{OPS[target.op].label} has no input {port + 1}"
        if src == dst or dst in self._upstream(src):
            return "that wire would make a cycle"
        return None

    def to_graph(self) -> tuple[Graph, tuple[int, ...]]:
        """The core Graph of the nodes that reach the output, and for each of its nodes the
        sketch id it came from (``NOT_FROM_SKETCH`` for a hole or an x added because the
        sketch has no input). Open ports become hole nodes just before their reader."""
        inputs = self._graph_inputs()
        ids = [self._input_id(name) for name in inputs] or [NOT_FROM_SKETCH]
        names = inputs or ("x",)
        nodes = [Node(INPUT)] * len(ids)
        index = {i: k for k, i in enumerate(ids) if i != NOT_FROM_SKETCH}
        if self.output is None:
            return Graph((*nodes, Node(HOLE)), names), (*ids, NOT_FROM_SKETCH)
        for i in self._order():
            node = self._table[i]
            ports = []
            for j in node.inputs:
                if j is None:
                    nodes.append(Node(HOLE))
                    ids.append(NOT_FROM_SKETCH)
                    j_index = len(nodes) - 1
                else:
                    j_index = index[j]
                ports.append(j_index)
            index[i] = len(nodes)
            nodes.append(Node(node.op, tuple(ports), node.param))
            ids.append(i)
        return Graph(tuple(nodes), names), tuple(ids)

    @classmethod
    def from_graph(cls, graph: Graph, positions: Mapping[int, Position] | None = None) -> Sketch:
        """A sketch of ``graph``: ids are its node indices, holes become open ports."""
        positions = positions or {}
        pairs = []
        for i, node in enumerate(graph.nodes):
            if node.op == HOLE:
                continue
            pos = positions.get(i)
            if i < graph.n_inputs:
                pairs.append((i, SketchNode(INPUT, name=graph.inputs[i], pos=pos)))
                continue
            ports = tuple(None if graph.nodes[j].op == HOLE else j for j in node.inputs)
            pairs.append((i, SketchNode(node.op, ports, node.param, pos=pos)))
        output = None if graph.nodes[graph.output].op == HOLE else graph.output
        return cls(tuple(pairs), output)

    # ---- edits -----------------------------------------------------------------------

    def add_op(
        self, op: str, pos: Position | None = None, param: float | None = None
    ) -> tuple[Sketch, int]:
        """A new node of ``op`` with all its ports open."""
        node = _op_node(op, (None,) * _op(op).arity, param, pos)
        return self._added(node, adopt_output=self.output is None)

    def add_input(self, pos: Position | None = None, name: str | None = None) -> tuple[Sketch, int]:
        """A new input, named the next free of x, y, z, ... unless ``name`` is given."""
        taken = set(self.inputs())
        if len(taken) >= MAX_INPUTS:
            raise SketchError(f"at most {MAX_INPUTS} inputs")
        if name is None:
            name = next(n for n in INPUT_NAMES if n not in taken)
        elif name in taken:
            raise SketchError(f"there is an input {name} already")
        return self._added(_make(SketchNode, INPUT, name=name, pos=pos), adopt_output=False)

    def add_const(self, value: float, pos: Position | None = None) -> tuple[Sketch, int]:
        return self._added(_make(SketchNode, CONST, param=value, pos=pos), adopt_output=False)

    def apply_to(self, id: int, op: str, pos: Position | None = None) -> tuple[Sketch, int]:
        """A new node of ``op`` reading ``id`` on its first port (its other ports open)."""
        self.node(id)
        node = _op_node(op, (id,) + (None,) * (_op(op).arity - 1), None, pos)
        return self._added(node, adopt_output=self._downstream_of_output(id))

    def insert_on_wire(
        self, src: int, dst: int, port: int, op: str, pos: Position | None = None
    ) -> tuple[Sketch, int]:
        """A new node of ``op`` on the wire ``src`` → ``dst``'s ``port``."""
        if self._port(dst, port) != src:
            raise SketchError("there is no such wire")
        node = _op_node(op, (src,) + (None,) * (_op(op).arity - 1), None, pos)
        sketch, new = self._added(node, adopt_output=self._downstream_of_output(src))
        return sketch._with_port(dst, port, new), new

    def connect(self, src: int, dst: int, port: int) -> Sketch:
        """A wire from ``src``'s output to ``dst``'s ``port`` (replacing its wire). A wire
        that carries the output's value on makes ``dst`` the output, as an op applied to it
        does: wiring f = log(x1) into a + builds on, it does not leave f at log."""
        why = self.why_not_connect(src, dst, port)
        if why is not None:
            raise SketchError(why)
        wired = self._with_port(dst, port, src)
        onward = self.output is not None and self.output in self._upstream(src)
        return wired.with_output(dst) if onward else wired

    def disconnect(self, dst: int, port: int) -> Sketch:
        self._port(dst, port)
        return self._with_port(dst, port, None)

    def remove(self, ids: Iterable[int]) -> Sketch:
        """Without the nodes ``ids``; the ports that read them open."""
        gone = set(ids)
        for i in gone:
            self.node(i)
        pairs = []
        for i, node in self.nodes:
            if i not in gone:
                ports = tuple(None if j in gone else j for j in node.inputs)
                pairs.append((i, replace(node, inputs=ports)))
        return Sketch(tuple(pairs), None if self.output in gone else self.output)

    def replace_op(self, id: int, op: str) -> Sketch:
        """``id`` computing ``op`` instead, with the same wires (same number of inputs)."""
        old = self.node(id)
        if old.op in (INPUT, CONST):
            raise SketchError(f"{_describe(old)} cannot be replaced by an op")
        new = _op(op)
        if new.arity != old.arity:
            raise SketchError(
                f"{new.label} takes {new.arity} input(s), {OPS[old.op].label} {old.arity}"
            )
        if new.name == old.op:
            return self
        return self._with_node(id, replace(old, op=new.name, param=new.default))

    def set_param(self, id: int, value: float) -> Sketch:
        node = self.node(id)
        if node.param is None:
            raise SketchError(f"{_describe(node)} has no parameter")
        return self._with_node(id, replace(node, param=_number(value, "the value")))

    def rename_input(self, id: int, name: str) -> Sketch:
        """Input ``id`` named ``name``: a name the parser reads back as an input (not an op,
        pi, e or inf) that no other input has; its wires and place stay."""
        node = self.node(id)
        if node.op != INPUT:
            raise SketchError(f"{_describe(node)} has no name: only an input can be renamed")
        if name == node.name:
            return self
        _check_name(name)
        if name in self.inputs():
            raise SketchError(f"there is an input {name} already")
        return self._with_node(id, replace(node, name=name))

    def moved(self, positions: Mapping[int, Position]) -> Sketch:
        table = dict(self._table)
        for i, pos in positions.items():
            table[i] = replace(self.node(i), pos=_position(pos))
        return Sketch(tuple(table.items()), self.output)

    def with_output(self, id: int | None) -> Sketch:
        if id is not None:
            self.node(id)
        return replace(self, output=id)

    # ---- helpers ---------------------------------------------------------------------

    def _added(self, node: SketchNode, adopt_output: bool) -> tuple[Sketch, int]:
        new = max(self._table, default=-1) + 1
        output = new if adopt_output else self.output
        return Sketch((*self.nodes, (new, node)), output), new

    def _with_node(self, id: int, node: SketchNode) -> Sketch:
        table = dict(self._table)
        table[id] = node
        return Sketch(tuple(table.items()), self.output)

    def _with_port(self, dst: int, port: int, src: int | None) -> Sketch:
        node = self.node(dst)
        ports = list(node.inputs)
        ports[port] = src
        return self._with_node(dst, replace(node, inputs=tuple(ports)))

    def _port(self, dst: int, port: int) -> int | None:
        node = self.node(dst)
        if not 0 <= port < node.arity:
            raise SketchError(f"{_describe(node)} has no input {port + 1}")
        return node.inputs[port]

    def _upstream(self, id: int) -> set[int]:
        """The nodes ``id`` reads, directly or not (``id`` itself included)."""
        seen = {id}
        stack = [id]
        while stack:
            for j in self._table[stack.pop()].inputs:
                if j is not None and j not in seen:
                    seen.add(j)
                    stack.append(j)
        return seen

    def _downstream_of_output(self, id: int) -> bool:
        """Whether a new node reading ``id`` would be downstream of the output (or there
        is no output): then it becomes the output."""
        return self.output is None or self.output in self._upstream(id)

    def _graph_inputs(self) -> tuple[str, ...]:
        """The Graph's inputs: every input, or only the output when it is an input (the
        Graph's output is its last node)."""
        if self.output is not None and self._table[self.output].op == INPUT:
            return (self._table[self.output].name,)
        return self.inputs()

    def _input_id(self, name: str) -> int:
        return next(i for i, n in self.nodes if n.op == INPUT and n.name == name)

    def _order(self) -> list[int]:
        """The non-input nodes that reach the output, in topological order, smallest id
        first among the ready ones (so a sketch from a Graph gives back that Graph)."""
        if self.output is None:
            return []
        return self._sorted({i for i in self._upstream(self.output) if self._table[i].op != INPUT})

    def _sorted(self, needed: set[int]) -> list[int]:
        """``needed`` in topological order (Kahn's, smallest id first)."""
        waiting = {i: {j for j in self._table[i].inputs if j in needed} for i in needed}
        readers: dict[int, list[int]] = {i: [] for i in needed}
        for i, deps in waiting.items():
            for j in deps:
                readers[j].append(i)
        ready = [i for i, deps in waiting.items() if not deps]
        heapq.heapify(ready)
        order = []
        while ready:
            i = heapq.heappop(ready)
            order.append(i)
            for k in readers[i]:
                waiting[k].discard(i)
                if not waiting[k]:
                    heapq.heappush(ready, k)
        return order


def structure_keys(sketch: Sketch, interned: dict[tuple, int]) -> dict[int, int]:
    """Per node id, a number equal for nodes computing the same thing from the same inputs
    (op, parameter, name and, recursively, what feeds each port): how a typed edit finds the
    nodes that still exist, to keep their positions. Sketches compared share ``interned``."""
    keys: dict[int, int] = {}
    for i in sketch._sorted(set(sketch.ids())):
        node = sketch.node(i)
        ports = tuple(None if j is None else keys[j] for j in node.inputs)
        keys[i] = interned.setdefault((node.op, node.param, node.name, ports), len(interned))
    return keys


def carry_positions(old: Sketch, graph: Graph) -> Sketch:
    """``graph`` as a sketch whose nodes sit where the same nodes of ``old`` sat; laid out
    afresh when only inputs would keep their place (another function of the same x: log(x)
    after x*sin(x) put log below x, its wire running back, as new nodes go below old ones)."""
    plain = Sketch.from_graph(graph)
    spots: dict[int, list[Position]] = {}
    interned: dict[tuple, int] = {}
    for i, key in structure_keys(old, interned).items():
        if old.node(i).pos is not None:
            spots.setdefault(key, []).append(old.node(i).pos)
    new_keys = structure_keys(plain, interned)
    moved = {}
    for i in plain.ids():  # in id order: a key shared by two nodes maps them in order
        free = spots.get(new_keys[i])
        if free:
            moved[i] = free.pop(0)
    if all(plain.node(i).op == INPUT for i in moved):
        return plain
    return plain.moved(moved)


def _has_cycle(table: Mapping[int, SketchNode]) -> bool:
    """Whether following the wires from some node leads back to it (iterative DFS)."""
    state: dict[int, int] = {}  # 1: on the current path, 2: done
    for root in table:
        if root in state:
            continue
        stack = [(root, iter(table[root].inputs))]
        state[root] = 1
        while stack:
            i, it = stack[-1]
            j = next((j for j in it if j is not None and state.get(j) != 2), None)
            if j is None:
                state[i] = 2
                stack.pop()
            elif state.get(j) == 1:
                return True
            else:
                state[j] = 1
                stack.append((j, iter(table[j].inputs)))
    return False


def _op(name: str):
    op = OPS.get(ALIASES.get(name, name))
    if op is None:
        raise SketchError(f"unknown op {name!r}")
    return op


def _op_node(name: str, ports: tuple, param: float | None, pos) -> SketchNode:
    op = _op(name)
    if op.param is not None and param is None:
        param = op.default
    return _make(SketchNode, op.name, ports, param, pos=pos)


def _make(cls, *args, **kwargs) -> SketchNode:
    """A node, with a ValueError/TypeError from bad values as a SketchError."""
    try:
        return cls(*args, **kwargs)
    except SketchError:
        raise
    except (TypeError, ValueError) as err:
        raise SketchError(str(err)) from None


def _describe(node: SketchNode) -> str:
    if node.op == INPUT:
        return f"the input {node.name}"
    if node.op == CONST:
        return "a constant"
    return OPS[node.op].label


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SketchError(f"{what} must be a number")
    number = float(value)
    if not math.isfinite(number):
        raise SketchError(f"{what} must be finite")
    return number


def _position(pos: object) -> Position:
    try:
        x, y = pos  # type: ignore[misc]
    except (TypeError, ValueError):
        raise SketchError("a position is two numbers") from None
    return (_number(x, "a position"), _number(y, "a position"))


def _check_name(name: object) -> None:
    """The parser's own rule (a sketch's inputs must read back from its expression)."""
    problem = input_name_problem(name)
    if problem is not None:
        raise SketchError(problem)
