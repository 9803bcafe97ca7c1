"""The walkthrough as a list of steps built from one Trace: pure data, no Qt.

Reverse mode (the seed post's order):

* Forward phase: one step per node (its value vᵢ appears) followed by one step per input
  edge of that node (the local partial ∂vᵢ/∂vⱼ appears on the edge).
* Backward phase: one step seeding ȳ at the output, then one step per chain-rule
  contribution in the order the engine applied them (``Trace.backward``); a node that feeds
  two others gets two contributions, the second shown as ``v̄ += …``.
* One Done step.

Forward mode: per node, its value step then one dot-derivative step per input edge
(``Trace.forward``: v̇ᵢ = ∂vᵢ/∂vⱼ · v̇ⱼ), then Done.

Several inputs (x, y, …: nodes 0 … n−1): one input step each; reverse mode is unchanged
(its one backward sweep fills x̄, ȳ, … together). Forward mode runs one pass per input
(``Trace.sweeps``), each opened by a step that seeds the input vector (1 for the input of
that pass, 0 for the others); the first pass also computes the values, the later ones
only the dot derivatives. Done shows the gradient.

Every number is read from the Trace; nothing is recomputed here. Each step carries a
``Frame``: everything visible once that step has happened, so ``seek`` is a lookup.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cached_property

import numpy as np

from guiad.anim import notation as n
from guiad.anim.check import Check, finite_difference_check, first_failure, scalar
from guiad.core.engine import FIRST, VALUE, Failure, Trace, trace
from guiad.core.graph import Graph

EdgeKey = tuple[int, int]  # (node, position among its inputs): unique even for x*x

# The largest graph the walkthrough animates. Every step keeps a full frame and the scene
# lays out every edge, so building grows faster than the node count: at 200 nodes a chain
# builds in about 0.1 s and a graph where every node also reads x in about 0.9 s
# (bench/walkthrough_size.py). Larger graphs (files allow 10,000 nodes) would freeze the
# window; the plots still show them.
MAX_ANIMATED_NODES = 200


class TooLargeError(ValueError):
    """The graph has more nodes than the walkthrough animates."""


def too_large_message(graph: Graph) -> str | None:
    """Why the walkthrough does not animate ``graph``, or None when it does."""
    count = len(graph.nodes)
    if count <= MAX_ANIMATED_NODES:
        return None
    return (
        f"The walkthrough animates graphs of up to {MAX_ANIMATED_NODES} nodes; "
        f"this one has {count}. The plots still show it."
    )


class Phase(Enum):
    FORWARD = "Forward"
    BACKWARD = "Backward"
    DONE = "Done"


class Mode(Enum):
    REVERSE = "reverse"
    FORWARD = "forward"


class Kind(Enum):
    INPUT = "input"  # v₀ = x
    VALUE = "value"  # vᵢ = op(…)
    PARTIAL = "partial"  # ∂vᵢ/∂vⱼ on an edge
    SEED = "seed"  # v̄ₙ = ȳ = 1
    ADJOINT = "adjoint"  # v̄ⱼ (+)= ∂vᵢ/∂vⱼ · v̄ᵢ
    DOT = "dot"  # v̇ᵢ (+)= ∂vᵢ/∂vⱼ · v̇ⱼ
    FAILURE = "failure"  # the node (or its partial) where the evaluation broke
    BLOCKED = "blocked"  # why the derivative pass cannot run
    DONE = "done"


@dataclass(frozen=True)
class Frame:
    """Everything shown once a step has happened (dicts are never mutated after building)."""

    values: dict[int, float] = field(default_factory=dict)
    partials: dict[EdgeKey, float] = field(default_factory=dict)
    adjoints: dict[int, float] = field(default_factory=dict)
    dots: dict[int, float] = field(default_factory=dict)
    terms: dict[EdgeKey, float] = field(default_factory=dict)  # partial × adjoint (or × dot)
    failed_node: int | None = None
    failed_edges: frozenset[EdgeKey] = frozenset()
    muted: frozenset[int] = frozenset()  # downstream of a failure: greyed
    message: str = ""  # the core's Failure message once the failure has been reached
    lost: frozenset[EdgeKey] = frozenset()  # contributions overwritten (the fan-out mistake)
    wrt: str | None = None  # several inputs: the one this forward-mode pass's dots are by
    found: dict[int, float] = field(default_factory=dict)  # input → ∂f/∂input, passes done


@dataclass(frozen=True)
class Step:
    """One step: what happens, where, the banner text and the number it produces."""

    kind: Kind
    phase: Phase
    node: int  # the node the step is about (its table row is highlighted)
    edge: EdgeKey | None  # the edge a token travels along, if any
    source: int | None  # the other end of ``edge`` (the input node)
    banner: str
    number: float
    # True for the second and later contributions (``+=``); False where the overwrite
    # mistake replaced the adjoint (``=``: the earlier contribution is lost)
    accumulate: bool
    frame: Frame
    sweep: str = ""  # forward mode, several inputs: "pass 2 of 3 (by y), seed (0, 1, 0)"

    @property
    def direction(self) -> str:
        """Which way the token travels: 'forward' (input → node) or 'backward'."""
        return "backward" if self.kind is Kind.ADJOINT else "forward"


def downstream(graph: Graph, node: int) -> set[int]:
    """Nodes that depend on ``node`` (not including it)."""
    consumers = graph.consumers()
    seen: set[int] = set()
    todo = list(consumers[node])
    while todo:
        i = todo.pop()
        if i not in seen:
            seen.add(i)
            todo.extend(consumers[i])
    return seen


_NONE: frozenset = frozenset()


def _frozen(items: set) -> frozenset:
    """``items`` frozen; the one empty frozenset when empty (most steps' sets are: a
    200-node graph's steps made 3,000 of them)."""
    return frozenset(items) if items else _NONE


class _Running(dict):
    """One of the builder's running dicts: it keeps the copy its last snapshot made until it
    changes, so the steps that leave it alone share that copy (a frame's dicts are never
    mutated). Copying every dict at every step made a 200-node graph's frames quadratic."""

    def __init__(self) -> None:
        super().__init__()
        self._copy: dict | None = None

    def __setitem__(self, key, value) -> None:
        self._copy = None
        super().__setitem__(key, value)

    def setdefault(self, key, default=None):
        if key not in self:
            self._copy = None
        return super().setdefault(key, default)

    def snapshot(self) -> dict:
        if self._copy is None:
            self._copy = dict(self)
        return self._copy


class _Builder:
    """Appends steps while keeping the running frame."""

    def __init__(self, t: Trace, overwrite: bool = False, name: str = "f"):
        self.t = t
        self.name = name  # f, or the node made the target (its banners say v₂, v₂′, ∇v₂)
        self.overwrite = overwrite  # the fan-out mistake: '=' where '+=' belongs
        self.lost: set[EdgeKey] = set()  # edges whose contribution an overwrite threw away
        self.last_into: dict[int, EdgeKey] = {}  # the edge of each adjoint's last contribution
        self.g = t.graph
        self.steps: list[Step] = []
        self.values: dict[int, float] = _Running()
        self.partials: dict[EdgeKey, float] = _Running()
        self.adjoints: dict[int, float] = _Running()
        self.dots: dict[int, float] = _Running()
        self.terms: dict[EdgeKey, float] = _Running()
        self.failed_node: int | None = None
        self.failed_edges: set[EdgeKey] = set()
        self.muted: set[int] = set()
        self.message = ""
        self._all_values: list[float] | None = None
        self._formulas: dict[tuple[int, bool], list[str]] = {}
        self.wrt: str | None = None  # several inputs: the input of this forward-mode pass
        self.found: dict[int, float] = _Running()  # forward mode: ∂f/∂input of the passes done
        self.sweep_text = ""  # forward mode with several inputs: which pass, which seed

    def add(self, kind, phase, node, banner, number, edge=None, source=None, accumulate=False):
        frame = Frame(
            self.values.snapshot(),
            self.partials.snapshot(),
            self.adjoints.snapshot(),
            self.dots.snapshot(),
            self.terms.snapshot(),
            self.failed_node,
            _frozen(self.failed_edges),
            _frozen(self.muted),
            self.message,
            _frozen(self.lost),
            self.wrt,
            self.found.snapshot(),
        )
        step = Step(
            kind, phase, node, edge, source, banner, number, accumulate, frame, self.sweep_text
        )
        self.steps.append(step)

    # ---- numbers from the trace -----------------------------------------------------------

    def value(self, i: int) -> float:
        return scalar(self.t.values[i])

    def partial(self, i: int, k: int) -> float:
        return scalar(self.t.partials[i][k])

    def formulas(self, i: int, numeric: bool = False) -> list[str]:
        """Node ``i``'s local partials as text, symbolic or with the values: worked out once
        per node (the steps of each of its edges asked for all of them)."""
        key = (i, numeric)
        if key not in self._formulas:
            values = self.all_values() if numeric else None
            self._formulas[key] = n.partial_formulas(self.g, i, values)
        return self._formulas[key]

    def all_values(self) -> list[float]:
        """Every node's value (read once: per step it made building quadratic)."""
        if self._all_values is None:
            self._all_values = [scalar(a) for a in self.t.values]
        return self._all_values

    # ---- forward phase --------------------------------------------------------------------

    def value_step(self, i: int, phase: Phase, failure: Failure | None) -> None:
        g = self.g
        node = g.nodes[i]
        value = self.value(i)
        self.values[i] = value
        name = n.v(i)
        if i == 0 and g.n_inputs == 1:
            banner = f"{name} = x = {n.fmt(value)}"
            if 0 in self.dots:  # forward mode seeds ẋ = 1 with the input
                banner += f",   {n.vdot(0)} = {n.fmt(self.dots[0])}   (the seed of forward mode)"
            self.add(Kind.INPUT, phase, 0, banner, value)
            return
        if i < g.n_inputs:
            banner = f"{name} = {g.inputs[i]} = {n.fmt(value)}"
            if i in self.dots:  # this pass's seed
                banner += f",   {n.vdot(i, self.wrt)} = {n.fmt(self.dots[i])}"
            self.add(Kind.INPUT, phase, i, banner, value)
            return
        symbolic = n.value_formula(g, i)
        numeric = n.value_formula(g, i, self.all_values())
        parts = [f"{name} = {symbolic}"]
        if not node.inputs:
            parts.append(n.fmt(value))
            if 0 in self.dots:  # forward mode: a constant's dot is 0, known with its value
                self.dots[i] = scalar(self.t.dots[i])
                parts[-1] += f",   {n.vdot(i, self.wrt)} = {n.fmt(self.dots[i])}"
        else:
            parts += [numeric, n.fmt(value)]
        banner = " = ".join(parts)
        kind = Kind.VALUE
        if failure is not None and failure.node == i and failure.level == VALUE:
            kind = Kind.FAILURE
            self.failed_node = i
            self.message = n.node_number(failure.message)
            self.muted = downstream(g, i)
            banner = (
                f"{name} = {symbolic} = {numeric}: undefined — {n.node_number(failure.message)}"
            )
        source = node.inputs[0] if node.inputs else None
        edge = (i, 0) if node.inputs else None
        self.add(kind, phase, i, banner, value, edge=edge, source=source)

    def partial_step(self, i: int, k: int, failure: Failure | None) -> None:
        j = self.g.nodes[i].inputs[k]
        p = self.partial(i, k)
        self.partials[(i, k)] = p
        symbolic = self.formulas(i)[k]
        numeric = self.formulas(i, numeric=True)[k]
        parts = [n.partial_name(i, j), symbolic]
        if not n.is_number_text(symbolic):
            parts.append(numeric)
            if not n.is_number_text(numeric):
                parts.append(n.fmt(p))
        banner = " = ".join(parts)
        kind, banner = self.edge_failure(Kind.PARTIAL, failure, i, k, p, banner)
        self.add(kind, Phase.FORWARD, i, banner, p, edge=(i, k), source=j)

    def edge_failure(self, kind, failure: Failure | None, i: int, k: int, p: float, banner: str):
        """The step's kind and banner, marking edge (i, k) failed where its partial is not
        finite at the failing node."""
        if failure is None or failure.node != i or math.isfinite(p):
            return kind, banner
        self.failed_node = i
        self.message = n.node_number(failure.message)
        self.failed_edges.add((i, k))
        return Kind.FAILURE, f"{banner} — {n.node_number(failure.message)}"

    def forward_nodes(self, failure: Failure | None) -> list[int]:
        """Nodes whose value the forward pass can show (all but those after a failure)."""
        skip: set[int] = set()
        if failure is not None and failure.level == VALUE:
            skip = downstream(self.g, failure.node)
        return [i for i in range(len(self.g.nodes)) if i not in skip]

    # ---- backward phase -------------------------------------------------------------------

    def seed_step(self) -> None:
        out = self.g.output
        seed = scalar(self.t.adjoints[out]) if out == 0 else self.t.seed
        self.adjoints[out] = seed
        banner = f"{n.vbar(out)} = ȳ = ∂y/∂y = {n.fmt(seed)}   (seed at the output)"
        if self.g.n_inputs > 1:
            o = n.output_name(self.g)
            banner = f"{n.vbar(out)} = {n.bar(o)} = ∂{o}/∂{o} = {n.fmt(seed)}"
            banner += "   (seed at the output)"
        self.add(Kind.SEED, Phase.BACKWARD, out, banner, seed)

    def adjoint_step(self, c) -> None:
        i, j, k = c.node, c.input, c.position
        p, term, total = scalar(c.partial), scalar(c.term), scalar(c.total)
        accumulate = j in self.adjoints
        previous = self.adjoints.get(j)
        self.adjoints[j] = total
        self.terms[(i, k)] = term
        overwritten = accumulate and self.overwrite
        if overwritten:
            self.lost.add(self.last_into[j])
        self.last_into[j] = (i, k)
        banner = _chain_rule_banner(
            n.vbar(j),
            n.vbar(i),
            n.partial_name(i, j),
            self.formulas(i)[k],
            p,
            self.adjoints[i],
            term,
            previous if accumulate and not overwritten else None,
            total,
        )
        if overwritten:
            banner += f"   (= where += belongs: the earlier {n.fmt(previous)} is lost)"
        self.add(
            Kind.ADJOINT,
            Phase.BACKWARD,
            j,
            banner,
            total,
            edge=(i, k),
            source=i,
            accumulate=accumulate and not overwritten,  # an overwrite is '=', not '+='
        )

    # ---- forward mode ---------------------------------------------------------------------

    def dot_step(self, c, failure: Failure | None) -> None:
        i, j, k = c.node, c.input, c.position
        p, term, total = scalar(c.partial), scalar(c.term), scalar(c.total)
        accumulate = k > 0
        previous = self.dots.get(i)
        self.partials[(i, k)] = p
        self.terms[(i, k)] = term
        self.dots[i] = total
        banner = _chain_rule_banner(
            n.vdot(i, self.wrt),
            n.vdot(j, self.wrt),
            n.partial_name(i, j),
            self.formulas(i)[k],
            p,
            self.dots[j],
            term,
            previous if accumulate else None,
            total,
        )
        kind, banner = self.edge_failure(Kind.DOT, failure, i, k, p, banner)
        self.add(
            kind, Phase.FORWARD, i, banner, total, edge=(i, k), source=j, accumulate=accumulate
        )

    # ---- the end --------------------------------------------------------------------------

    def pass_step(self, sweep) -> None:
        """Forward mode with several inputs: a new pass, seeded with the unit vector of its
        input (the dots of the pass before are gone; the values stay)."""
        g, k, count = self.g, sweep.input, self.g.n_inputs
        self.wrt = g.inputs[k]
        self.dots, self.terms = _Running(), _Running()
        for j in range(count):
            self.dots[j] = scalar(sweep.dots[j])
        if k > 0:  # (the first pass meets the constants with their values)
            for i, node in enumerate(g.nodes[count:], start=count):
                if not node.inputs:
                    self.dots[i] = scalar(sweep.dots[i])
        seed = ", ".join(n.fmt_param(self.dots[j]) for j in range(count))
        # the seed by the inputs' names: ∂b/∂b = 1 says why it is 1 (v₁ = b: ∂v₁/∂b did not)
        names = ", ".join(f"∂{name}/∂{self.wrt}" for name in g.inputs)
        self.sweep_text = f"pass {k + 1} of {count} (by {self.wrt}), seed ({seed})"
        banner = (
            f"Forward mode, pass {k + 1} of {count}, by {self.wrt}: seed ({names}) = ({seed}); "
            f"this pass carries ∂vᵢ/∂{self.wrt} forward and ends with ∂{self.name}/∂{self.wrt}"
        )
        self.add(Kind.SEED, Phase.FORWARD, k, banner, 1.0)

    def at_text(self, point: tuple[float, ...]) -> str:
        """Where the walkthrough runs: ``x = 2.0000``, or ``(x, y) = (2.0000, 1.0000)``."""
        if len(point) == 1:
            return f"x = {n.fmt(point[0])}"
        names = ", ".join(self.g.inputs)
        return f"({names}) = ({', '.join(n.fmt(p) for p in point)})"

    def blocked_step(self, failure: Failure, point: tuple[float, ...]) -> None:
        at = self.at_text(point)
        if failure.level == VALUE:
            why = f"{self.name} is undefined at {at}, so there is no {self.name}′ to propagate"
        else:
            why = f"the local partial is not finite at {at}"
        banner = f"The backward pass cannot run: {n.node_number(failure.message)} ({why})."
        self.add(Kind.BLOCKED, Phase.BACKWARD, failure.node, banner, math.nan)

    def done_step(self, mode: Mode, failure: Failure | None, point: tuple[float, ...]) -> None:
        out = self.g.output
        at = ", ".join(n.fmt(p) for p in point)
        if len(point) > 1 and (failure is None or failure.level > FIRST):
            self.gradient_done_step(mode, at)
            return
        if failure is not None and failure.level <= FIRST:
            f_text = n.fmt(self.value(out)) if failure.level > VALUE else "undefined"
            banner = (
                f"Done: {self.name}({at}) = {f_text}, {self.name}′({at}) is undefined: "
                f"{n.node_number(failure.message)}"
            )
            self.add(Kind.DONE, Phase.DONE, failure.node, banner, math.nan)
            return
        if mode is Mode.REVERSE:
            # reveal forward mode's column too, for comparison (the check line does the same)
            for i, d in enumerate(self.t.dots):
                self.dots[i] = scalar(d)
            df = self.adjoints.get(0, scalar(self.t.adjoints[0]))
            how = f"{self.name}′({at}) = {n.vbar(0)} = {n.fmt(df)}"
        else:
            for i, a in enumerate(self.t.adjoints):
                self.adjoints[i] = scalar(a)
            df = self.dots[out]
            how = f"{self.name}′({at}) = {n.vdot(out)} = {n.fmt(df)}"
        banner = f"Done: {self.name}({at}) = {self.output_text()},  {how}"
        self.add(Kind.DONE, Phase.DONE, 0 if mode is Mode.REVERSE else out, banner, df)

    def output_text(self) -> str:
        """The output's value: ``v₃ = 0.9093`` (``0.9093`` when the output is named vᵢ)."""
        value = n.fmt(self.value(self.g.output))
        return value if self.name != "f" else f"{n.v(self.g.output)} = {value}"

    def gradient_done_step(self, mode: Mode, at: str) -> None:
        """Done with several inputs: the whole gradient, from one backward sweep (reverse
        mode) or one forward pass per input."""
        g, out, count = self.g, self.g.output, self.g.n_inputs
        names = ", ".join(n.bar(name) for name in g.inputs)
        if mode is Mode.REVERSE:
            for j in range(count):  # (an input the output does not read: 0)
                self.adjoints.setdefault(j, scalar(self.t.adjoints[j]))
            grad = [self.adjoints[j] for j in range(count)]
            how = (
                f"∇{self.name} = ({names}) = ({', '.join(n.fmt(d) for d in grad)}),"
                " one backward sweep"
            )
            for i, d in enumerate(self.t.dots):  # the first pass of forward mode, to compare
                self.dots[i] = scalar(d)
            self.wrt = g.inputs[0]
        else:
            grad = [self.found.get(j, math.nan) for j in range(count)]
            values = ", ".join(n.fmt(d) for d in grad)
            how = f"∇{self.name} = ({values}), one forward pass per input"
            for i, a in enumerate(self.t.adjoints):
                self.adjoints[i] = scalar(a)
        self.sweep_text = ""
        banner = f"Done: {self.name}({at}) = {self.output_text()},  {how}"
        self.add(Kind.DONE, Phase.DONE, 0 if mode is Mode.REVERSE else out, banner, grad[0])


def build_steps(
    t: Trace, mode: Mode = Mode.REVERSE, overwrite: bool = False, node_target: bool = False
) -> list[Step]:
    """All the steps of the walkthrough of ``t`` (a scalar trace) in ``mode``; ``overwrite``
    says ``t`` was traced with the fan-out mistake, so its banners say what was lost;
    ``node_target``: the output is a node of a larger graph, so the banners call it vᵢ."""
    n.set_inputs(t.graph.n_inputs)  # the numbering of the labels below
    b = _Builder(t, overwrite, n.v(t.graph.output) if node_target else "f")
    failure = first_failure(t)
    if failure is not None and failure.level > FIRST:
        failure = None  # only f″ is undefined: the walkthrough does not show f″
    point = tuple(scalar(p) for p in t.point) or (scalar(t.x),)
    if mode is Mode.FORWARD and t.graph.n_inputs > 1:
        _forward_passes(b, t, failure)
        b.done_step(mode, failure, point)
        return b.steps
    forward_by_node: dict[int, list] = {}  # each node's contributions, in the engine's order
    if mode is Mode.FORWARD:
        b.dots[0] = scalar(t.dots[0])
        for c in t.forward:
            forward_by_node.setdefault(c.node, []).append(c)
    for i in b.forward_nodes(failure):
        b.value_step(i, Phase.FORWARD, failure)
        if failure is not None and failure.node == i and failure.level == VALUE:
            continue
        if mode is Mode.REVERSE:
            for k in range(len(t.graph.nodes[i].inputs)):
                b.partial_step(i, k, failure)
        else:
            for c in forward_by_node.get(i, ()):
                b.dot_step(c, failure)
    if mode is Mode.REVERSE:
        if failure is not None:
            b.blocked_step(failure, point)
        else:
            b.seed_step()
            for c in t.backward:
                b.adjoint_step(c)
    b.done_step(mode, failure, point)
    return b.steps


def _forward_passes(b: _Builder, t: Trace, failure: Failure | None) -> None:
    """Forward mode with several inputs: one pass per input (only the first where the
    point is undefined: there is no gradient to find)."""
    out = t.graph.output
    for sweep in t.sweeps if failure is None else t.sweeps[:1]:
        b.pass_step(sweep)
        if sweep.input == 0:  # the values come with the first pass
            by_node: dict[int, list] = {}
            for c in sweep.forward:
                by_node.setdefault(c.node, []).append(c)
            for i in b.forward_nodes(failure):
                b.value_step(i, Phase.FORWARD, failure)
                if failure is not None and failure.node == i and failure.level == VALUE:
                    continue
                for c in by_node.get(i, ()):
                    b.dot_step(c, failure)
        else:
            for c in sweep.forward:
                b.dot_step(c, failure)
        if failure is None and out in b.dots:
            b.found[sweep.input] = b.dots[out]


OVERWRITE_NOTE = (
    "(the overwrite mistake is on: where a value feeds several nodes, reverse mode kept only "
    "the last contribution to its adjoint)"
)


class Timeline:
    """A position in the list of steps: seek/next/prev, the current step and its phase."""

    def __init__(
        self,
        graph: Graph,
        x0: float,
        mode: Mode = Mode.REVERSE,
        overwrite: bool = False,
        h: float | None = None,
        node_target: bool = False,
    ):
        """Raises TooLargeError above MAX_ANIMATED_NODES (before any work). ``overwrite``
        runs the backward pass with the fan-out mistake (for teaching; never the result);
        ``h`` is the check's finite-difference step when it is the FD lab's, not the default;
        ``node_target``: ``graph`` is a larger graph up to node i, the target, which the
        banners call vᵢ (calling it f put f = 1.8186 under plots of f = 6.1632)."""
        message = too_large_message(graph)
        if message is not None:
            raise TooLargeError(message)
        self.graph = graph
        self.point = _point_of(graph, x0)
        self.x0 = self.point[0]
        self.mode = mode
        self.overwrite = overwrite
        # one-point arrays: the engine's masks index per point
        at = [np.array([p]) for p in self.point]
        self.trace = trace(graph, at[0] if len(at) == 1 else at, accumulate=not overwrite)
        self.steps = build_steps(self.trace, mode, overwrite, node_target)
        self.name = n.v(graph.output) if node_target else "f"
        self._h = h
        self.index = 0

    @cached_property
    def check(self) -> Check:
        """The end's check, worked out when first asked for (its central difference runs
        the engine again; the walkthrough shows it at the last step)."""
        if self._h is None:
            check = finite_difference_check(self.trace)
        else:
            check = finite_difference_check(self.trace, self._h)
            check = replace(check, h_source="the FD lab's h")
        if self.overwrite and self.mode is Mode.REVERSE:
            check = replace(check, note=OVERWRITE_NOTE)
        return replace(check, name=self.name)

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    @property
    def current(self) -> Step:
        return self.steps[self.index]

    @property
    def phase(self) -> Phase:
        return self.current.phase

    @property
    def frame(self) -> Frame:
        return self.current.frame

    @property
    def at_start(self) -> bool:
        return self.index == 0

    @property
    def at_end(self) -> bool:
        return self.index == len(self.steps) - 1

    def seek(self, index: int) -> Step:
        """Go to step ``index`` (clamped to the valid range)."""
        self.index = max(0, min(int(index), len(self.steps) - 1))
        return self.current

    def next(self) -> Step:
        return self.seek(self.index + 1)

    def prev(self) -> Step:
        return self.seek(self.index - 1)

    def restart(self) -> Step:
        return self.seek(0)

    def end(self) -> Step:
        return self.seek(len(self.steps) - 1)

    def carry_position(self, old: Timeline) -> Step:
        """Seek to where ``old`` was, where that still makes sense.

        Same kind of step on the same node and edge (x0 moved, a parameter changed, the mode
        is unchanged): the same place. Otherwise the same index, clamped.
        """
        key = _key(old.current)
        if old.index < len(self) and _key(self.steps[old.index]) == key:
            return self.seek(old.index)
        for k, step in enumerate(self.steps):
            if _key(step) == key:
                return self.seek(k)
        return self.seek(old.index)


def _point_of(graph: Graph, x0) -> tuple[float, ...]:
    """One float per input: ``x0`` as given, or one number for every input."""
    count = graph.n_inputs
    if np.ndim(x0) == 0:
        return (float(x0),) * count
    point = tuple(float(p) for p in x0)
    if len(point) != count:
        raise ValueError(f"give one value per input ({', '.join(graph.inputs)})")
    return point


def _key(step: Step) -> tuple:
    return (step.kind, step.phase, step.node, step.edge)


def _chain_rule_banner(
    target, source, partial_name, symbolic, p, source_value, term, previous, total
) -> str:
    """One use of the chain rule, the same shape both ways (the seed's table): backward
    v̄ⱼ = ∂vᵢ/∂vⱼ · v̄ᵢ, forward v̇ᵢ = ∂vᵢ/∂vⱼ · v̇ⱼ; ``previous`` is set when it accumulates."""
    op = "=" if previous is None else "+="
    banner = (
        f"{target} {op} {partial_name} · {source} = {symbolic} · {source}"
        f" = {n.fmt(p)} · {n.paren(source_value)} = {n.fmt(term)}"
    )
    if previous is not None:
        banner += f",  so {target} = {n.plus(previous, term)} = {n.fmt(total)}"
    return banner
