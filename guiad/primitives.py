"""Your own op: ``guiad.primitive``, as autodidax and micrograd define primitives.

    cube = guiad.primitive(lambda u: u**3, d=lambda u, y: 3 * u**2, name="cube")

makes ``cube`` an op of the table for this Python session: a function like ``guiad.sin``
(numbers, arrays, traced values, ``guiad.Value``), a name typed expressions may call
(``parse("cube(sin(x))")``), and so an op the window opened by ``guiad.show`` knows. The
value rule ``f(u)`` and the derivative rule ``d(u, y)`` (y is f(u), to reuse as exp′ = y
does) are called on numpy arrays by the engine, and on recorded values when a derivative is
itself recorded, so ``grad(grad(cube))`` works when ``d`` is written with guiad's ops and
Python's operators.

On its first use at a finite point the rule is checked against a central difference of
``f``; a wrong rule raises ``PrimitiveError`` naming the point and both numbers (and keeps
raising until the op is defined again). ``op.remove()`` takes it out of the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from guiad.core import engine, session_ops
from guiad.core.ops import Op
from guiad.core.tracing import Recorded, TracingError, graph_of, op_function

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
REL_TOL = 1e-6  # a central difference with h ≈ 6e-6·|u| is good to ~1e-9 on smooth rules


class PrimitiveError(ValueError):
    """A primitive whose derivative rule disagrees with its values, or that cannot be made."""


@dataclass(frozen=True, repr=False, eq=False)
class PythonOp(Op):
    """An op of the table whose rules are Python functions rather than the table's text."""

    fn: Callable = field(default=None, kw_only=True)
    d: Callable = field(default=None, kw_only=True)
    status: list = field(default_factory=list, kw_only=True)  # [] unchecked, [None] ok, [msg]

    def value(self, args, p):
        u = args[0]
        if not isinstance(u, Recorded):
            self._check(np.asarray(u, dtype=np.float64))
        return _array(self.fn(u), u)

    def d1(self, args, y, p):
        u = args[0]
        self._check(np.asarray(u, dtype=np.float64))
        return (_array(self.d(u, y), u),)

    def d2(self, args, y, p):
        """The rule's own derivative, d/du d(u, f(u)), by the engine's reverse sweep over the
        rule's graph; NaN when the rule cannot be traced (it calls math, say)."""
        u = np.asarray(args[0], dtype=np.float64)
        graph = self._rule_graph()
        if graph is None:
            return (np.full(np.shape(u), np.nan),)
        return (engine.evaluate(graph, u.reshape(-1), order=1).df.reshape(np.shape(u)),)

    def symbolic_d1(self, args, y, k: int):
        """The partial on recorded values: the rule itself, recorded op by op."""
        return self.d(args[0], y)

    def _rule_graph(self):
        cached = getattr(self, "_graph_cache", None)
        if cached is None:
            function = op_function(self)
            try:
                cached = (graph_of(lambda u: self.d(u, function(u))),)
            except TracingError:
                cached = (None,)
            object.__setattr__(self, "_graph_cache", cached)
        return cached[0]

    def _check(self, u: np.ndarray) -> None:
        """The rule against a central difference at the first finite point of ``u``."""
        if self.status:
            if self.status[0] is not None:
                raise PrimitiveError(self.status[0])
            return
        finite = u[np.isfinite(u)] if u.ndim else u[np.isfinite(u)][None] if np.isfinite(u) else u
        if finite.size == 0:
            return
        u0 = float(finite.reshape(-1)[0])
        message = _disagreement(self, u0)
        if message is None:
            self.status.append(None)
            return
        self.status.append(message)
        raise PrimitiveError(message)


def _disagreement(op: PythonOp, u0: float) -> str | None:
    """None when d(u0, f(u0)) agrees with (f(u0 + h) − f(u0 − h)) / 2h, else why not."""
    h = 6e-6 * max(1.0, abs(u0))
    with np.errstate(all="ignore"):
        at = np.array([u0 - h, u0, u0 + h])
        values = _array(op.fn(at), at)
        rule = float(_array(op.d(at[1:2], values[1:2]), at[1:2])[0])
    difference = float((values[2] - values[0]) / (2 * h))
    if not (np.isfinite(rule) and np.isfinite(difference)):
        return None  # undefined here: nothing to compare (the engine says why)
    if abs(rule - difference) <= REL_TOL * max(1.0, abs(rule), abs(difference)):
        return None
    return (
        f"the derivative rule of {op.name} looks wrong: at u = {u0!r} it gives "
        f"{rule!r}, but a central difference of {op.name} gives {difference!r} "
        f"(h = {h:.3g}); fix d=… or the value rule"
    )


def _array(result, like) -> np.ndarray:
    if isinstance(result, Recorded) or isinstance(like, Recorded):
        return result
    return np.broadcast_to(np.asarray(result, dtype=np.float64), np.shape(like)).copy()


def primitive(
    fn: Callable | None = None, *, d: Callable | None = None, name: str | None = None
) -> Callable:
    """Make ``fn`` an op of guiad's table, with ``d(u, y)`` its derivative (y = fn(u)).

    Use it as a call, ``guiad.primitive(lambda u: u**3, d=lambda u, y: 3*u**2, name="cube")``,
    or as a decorator, ``@guiad.primitive(d=lambda u, y: 3*u**2)`` over ``def cube(u)``.
    Returns the op's function (as ``guiad.sin`` is one), whose ``op`` is the table entry and
    ``remove()`` takes it out again. Defining a name again replaces this session's op.
    """
    if fn is None:
        return lambda f: primitive(f, d=d, name=name)
    if not callable(fn) or not callable(d):
        raise PrimitiveError("guiad.primitive takes the value rule fn(u) and d=lambda u, y: …")
    name = name or getattr(fn, "__name__", "")
    if not _NAME.match(name or ""):
        raise PrimitiveError(
            f"{name!r} cannot name an op: give name=… (letters, digits and _, from a letter)"
        )
    op = PythonOp(
        name, name, session_ops.GROUP_YOURS, 1, f"{name}(u)", (f"{name}′(u)",), ("",),
        f"{name}(u)", f"{name}′(u)", fn=fn, d=d,
    )  # fmt: skip
    try:
        session_ops.register(op)
    except session_ops.SessionOpError as err:
        raise PrimitiveError(str(err)) from None
    function = op_function(op)
    function.op = op
    function.remove = lambda: session_ops.unregister(name)
    function.__doc__ = f"{name}(u), your op; its derivative rule is d(u, y). {fn.__doc__ or ''}"
    return function


__all__ = ["PrimitiveError", "primitive"]
