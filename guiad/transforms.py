"""The transforms people know from JAX: ``grad``, ``value_and_grad``, ``jvp``, ``vjp``,
``hessian`` and ``jacobian``, on a Python function, an expression text or a Graph.

Each one first turns ``f`` into its Graph (``graph_of``). At numbers and numpy arrays the
engine runs on that graph (its reverse sweep, its forward sweeps, its Hessian), so the digits
are the engine's and undefined points are NaN as everywhere in guiad. At recorded values (a
traced input, because an outer transform is tracing this one, or a ``guiad.Value``) the
same sweeps run on those values instead (``guiad.core.derivatives``) and record the
derivative as a graph of table ops: that is how ``grad(grad(f))`` is f″, exactly, to any
order, and how ``grad(f)(Value(2.0))`` is a Value you can ``.backward()`` again.

Inputs are passed as ``f`` takes them: positionally, or by the parameters' names
(``value_and_grad(lambda t: sin(t), t=2.0)``); ``argnums`` counts positional parameters, as
in JAX. Arrays broadcast together as numpy's do, and give arrays.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence

import numpy as np

from guiad.core import derivatives, engine
from guiad.core.graph import MAX_INPUTS, Graph
from guiad.core.tracing import Recorded, TracingError, graph_of, parameters, record

Function = Callable | str | Graph


# ---- f, its graph and its inputs ----------------------------------------------------------


class _Bound:
    """``f`` as a graph, and the inputs of one call in the graph's order."""

    def __init__(self, f: Function):
        self.f = f
        self.graph = graph_of(f)
        # the names a caller uses, in positional order; a one-input graph calls its input x
        self.names = parameters(f) if callable(f) and not isinstance(f, Graph) else None
        if self.names is None or len(self.names) != self.graph.n_inputs:
            self.names = self.graph.inputs
        self.name = getattr(f, "__name__", None) or (f if isinstance(f, str) else "f")
        derivatives.refuse_open_ports(self.graph, self.name)  # not NaN, nor a KeyError later

    def graph_index(self, position: int) -> int:
        """The graph input of the caller's positional parameter ``position``."""
        if self.graph.n_inputs == 1:
            return 0
        return self.graph.inputs.index(self.names[position])

    def point(self, args: Sequence, kwargs: dict) -> list:
        """One value per graph input, from the call's arguments."""
        names = self.names
        if len(args) > len(names):
            raise TypeError(
                f"{self.name} takes {len(names)} input(s) ({', '.join(names)}), "
                f"{len(args)} were given"
            )
        given = dict(zip(names, args, strict=False))
        unknown = []
        for key, value in kwargs.items():
            # a one-input function's input may be called by its parameter's name or x
            name = names[0] if len(names) == 1 and key == self.graph.inputs[0] else key
            if name not in names:
                unknown.append(key)
            elif name in given:
                raise TypeError(f"{self.name} got two values for its input {name}")
            else:
                given[name] = value
        missing = [name for name in names if name not in given]
        if unknown or missing:
            detail = f"unknown {', '.join(unknown)}" if unknown else f"missing {', '.join(missing)}"
            raise ValueError(f"the inputs are {', '.join(names)}: {detail}")
        by_graph = {self.graph.inputs[self.graph_index(k)]: given[n] for k, n in enumerate(names)}
        return [_checked(by_graph[name], name) for name in self.graph.inputs]

    def positions(self, argnums: int | Sequence[int] | None) -> list[int]:
        n = len(self.names)
        wanted = range(n) if argnums is None else [argnums] if _is_int(argnums) else argnums
        wanted = list(wanted)
        for k in wanted:
            if not _is_int(k) or not -n <= k < n:
                raise ValueError(f"argnums {k!r}: {self.name} has inputs 0 to {n - 1}")
        return [k % n for k in wanted]

    def signature(self) -> inspect.Signature:
        kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
        return inspect.Signature([inspect.Parameter(n, kind) for n in self.names])


def _is_int(k: object) -> bool:
    return isinstance(k, int | np.integer) and not isinstance(k, bool)


def _checked(value: object, name: str):
    if isinstance(value, Recorded):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | np.number | np.ndarray):
        try:
            value = np.asarray(value, dtype=np.float64)
        except (TypeError, ValueError):
            raise TypeError(f"the input {name} is {type(value).__name__}, not a number") from None
    return float(value) if np.ndim(value) == 0 else np.asarray(value, dtype=np.float64)


def _symbolic(point: Sequence) -> bool:
    """True when an input is a recorded value: the derivative is recorded, not computed."""
    if not any(isinstance(v, Recorded) for v in point):
        return False
    if any(isinstance(v, np.ndarray) for v in point):
        raise TracingError("arrays cannot be mixed with traced values or Values; pass numbers")
    return True


def _function(bound: _Bound, call: Callable, name: str) -> Callable:
    """``call`` as a function of f's own inputs, named and signed as f is, so it can be
    traced (and transformed) again."""

    def transformed(*args, **kwargs):
        return call(*args, **kwargs)

    transformed.__signature__ = bound.signature()
    transformed.__name__ = transformed.__qualname__ = f"{name}({bound.name})"
    transformed.__doc__ = f"{name} of {bound.name}."
    return transformed


# ---- numbers from derived graphs ----------------------------------------------------------


def _evaluate(graph: Graph, point: Sequence) -> list:
    """Every output of ``graph`` at ``point``, by the engine (NaN where undefined)."""
    shape = np.broadcast_shapes(*(np.shape(p) for p in point))
    at = point[0] if graph.n_inputs == 1 else list(point)
    results = []
    for k in range(len(graph.outputs)):
        f = engine.evaluate(graph.for_output(k), at, order=0).f.reshape(shape)
        results.append(float(f) if shape == () else f)
    return results


def _fresh(names: Sequence[str], base: str, count: int) -> list[str]:
    """``count`` new input names from ``base`` that are not among ``names``."""
    taken, found, k = set(names), [], 0
    while len(found) < count:
        candidate = f"{base}{k}"
        if candidate not in taken:
            found.append(candidate)
        k += 1
    return found


def _derived_at(graph: Graph, point: Sequence, extras: list, body: Callable, what: str) -> list:
    """``body(values, extras)`` evaluated by the engine at ``point``: recorded as a graph over
    f's inputs with the extras (tangents or cotangents) as its constants when they are
    numbers, so f's own inputs are all it needs; array extras are more inputs of it."""
    n = len(graph.inputs)
    if all(np.ndim(e) == 0 for e in extras):
        numbers = [float(e) for e in extras]
        derived = record(
            graph.inputs, lambda *v: tuple(body(derivatives.replay(graph, v), numbers)), what
        )
        return _evaluate(derived, point)
    if n + len(extras) > MAX_INPUTS:
        raise TracingError(
            f"{what} of {n} inputs with arrays as its {len(extras)} seeds needs "
            f"{n + len(extras)} inputs; at most {MAX_INPUTS} (numbers as seeds need none)"
        )
    inputs = (*graph.inputs, *_fresh(graph.inputs, "t_", len(extras)))
    derived = record(
        inputs, lambda *v: tuple(body(derivatives.replay(graph, v[:n]), list(v[n:]))), what
    )
    return _evaluate(derived, [*point, *extras])


def _one(values: list):
    return values[0] if len(values) == 1 else tuple(values)


# ---- value_and_grad and grad ----------------------------------------------------------------


def value_and_grad(f: Function, *args, argnums: int | Sequence[int] | None = None, **kwargs):
    """``(f, ∇f)`` at the given inputs by one reverse sweep; without inputs, the function
    that computes it (as JAX's ``value_and_grad(f)``).

    The gradient's shape follows the call: f′ for a function of one input; a dict by name
    for inputs given by name (``value_and_grad("x*y", x=1.0, y=2.0)``); a tuple in the
    parameters' order for several positional inputs; with ``argnums`` (an int or a tuple),
    those partials only.
    """
    if not args and not kwargs:
        bound = _Bound(f)
        return _function(
            bound, lambda *a, **k: value_and_grad(f, *a, argnums=argnums, **k), "value_and_grad"
        )
    bound = _Bound(f)
    _one_output(bound, "value_and_grad")
    point = bound.point(args, kwargs)
    if _symbolic(point):
        values = derivatives.replay(bound.graph, point)
        value = values[bound.graph.outputs[0]]
        grads = derivatives.backward(bound.graph, values, [1.0])
    else:
        value, grads = _engine_gradient(bound.graph, point)
    by_position = [grads[bound.graph_index(k)] for k in range(len(bound.names))]
    if argnums is not None:
        picked = [by_position[k] for k in bound.positions(argnums)]
        return value, picked[0] if _is_int(argnums) else tuple(picked)
    if len(by_position) == 1:
        return value, by_position[0]
    if kwargs:
        return value, dict(zip(bound.names, by_position, strict=True))
    return value, tuple(by_position)


def _one_output(bound: _Bound, what: str) -> None:
    if len(bound.graph.outputs) != 1:
        raise TracingError(
            f"{what} needs a function of one output; {bound.name} has "
            f"{len(bound.graph.outputs)}: use guiad.jacobian"
        )


def _engine_gradient(graph: Graph, point: Sequence):
    """f and ∂f/∂ each input by the engine's reverse sweep (floats at a point)."""
    if all(np.ndim(p) == 0 for p in point):
        t = engine.trace(graph, point[0] if graph.n_inputs == 1 else list(point))
        return float(t.f), [float(g) for g in t.grad]
    shape = np.broadcast_shapes(*(np.shape(p) for p in point))
    result = engine.evaluate(graph, point[0] if graph.n_inputs == 1 else list(point), order=1)
    return result.f.reshape(shape), [g.reshape(shape) for g in result.grad]


def grad(f: Function, argnums: int | Sequence[int] = 0) -> Callable:
    """The function computing ∂f/∂(input ``argnums``) (a tuple of partials for a tuple), by
    reverse mode. It can be transformed again: ``grad(grad(f))`` is f″, exactly.

    Example: ``grad(lambda x: exp(sin(sin(x))))(2.0)`` is -0.562752038662712.
    """
    bound = _Bound(f)
    _one_output(bound, "grad")
    bound.positions(argnums)  # a wrong argnums says so now, not at the first call
    return _function(bound, lambda *a, **k: value_and_grad(f, *a, argnums=argnums, **k)[1], "grad")


# ---- jvp and vjp ------------------------------------------------------------------------------


def jvp(f: Function, primals: Sequence, tangents: Sequence):
    """``(f(primals), J·tangents)`` by one forward-mode sweep seeded with ``tangents`` (one
    per input, in f's positional order); a tuple of each for a function of several outputs."""
    bound = _Bound(f)
    primals, tangents = _sequence(primals, "primals"), _sequence(tangents, "tangents")
    if len(primals) != len(tangents):
        raise ValueError(f"jvp needs one tangent per primal ({len(primals)}), not {len(tangents)}")
    point = bound.point(primals, {})
    seeds = bound.point(tangents, {})
    graph = bound.graph
    if _symbolic([*point, *seeds]):
        values = derivatives.replay(graph, point)
        outputs = [values[o] for o in graph.outputs]
        return _one(outputs), _one(derivatives.forward(graph, values, seeds))
    found = _derived_at(
        graph,
        point,
        seeds,
        lambda values, dots: (
            [values[o] for o in graph.outputs] + derivatives.forward(graph, values, dots)
        ),
        "jvp",
    )
    m = len(graph.outputs)
    return _one(found[:m]), _one(found[m:])


def vjp(f: Function, *primals):
    """``(f(primals), vjp_fn)``: ``vjp_fn(ȳ)`` is ȳᵀJ, one reverse sweep seeded with ``ȳ``
    (one per output: a tuple for a function of several), as a tuple with one entry per
    input in f's positional order, as JAX's."""
    bound = _Bound(f)
    graph = bound.graph
    point = bound.point(primals, {})
    m = len(graph.outputs)
    order = [bound.graph_index(k) for k in range(len(bound.names))]
    if _symbolic(point):
        values = derivatives.replay(graph, point)
        out = _one([values[o] for o in graph.outputs])

        def vjp_fn(cotangent):
            seeds = _cotangents(cotangent, m)
            adjoints = derivatives.backward(graph, values, seeds)
            return tuple(adjoints[k] for k in order)

        return out, vjp_fn
    out = _one(_evaluate(graph, point))

    def vjp_fn(cotangent):
        seeds = [_checked(c, "ȳ") for c in _cotangents(cotangent, m)]
        if _symbolic(seeds):
            adjoints = derivatives.backward(graph, derivatives.replay(graph, point), seeds)
        else:
            backward = lambda v, ys: derivatives.backward(graph, v, ys)  # noqa: E731
            adjoints = _derived_at(graph, point, seeds, backward, "vjp")
        return tuple(adjoints[k] for k in order)

    return out, vjp_fn


def _sequence(values, what: str) -> list:
    if isinstance(values, tuple | list):
        return list(values)
    raise TypeError(f"jvp takes the {what} as a tuple, one per input: ({values!r},)")


def _cotangents(cotangent, m: int) -> list:
    if m == 1:
        return [cotangent[0] if isinstance(cotangent, tuple | list) else cotangent]
    if not isinstance(cotangent, tuple | list) or len(cotangent) != m:
        raise ValueError(f"the function has {m} outputs: give vjp_fn one ȳ per output")
    return list(cotangent)


# ---- hessian and jacobian ------------------------------------------------------------------


def hessian(f: Function, argnums: int | Sequence[int] | None = None) -> Callable:
    """The function computing the matrix of second partials ∂²f/∂xᵢ∂xⱼ over the inputs
    ``argnums`` (all by default): a number for one input, an (n, n) array for several
    (``shape + (n, n)`` at arrays). At numbers it is the engine's forward-over-reverse
    Hessian; at recorded values, reverse over reverse, recorded (so it nests too)."""
    bound = _Bound(f)
    _one_output(bound, "hessian")
    positions = bound.positions(argnums)
    scalar = _is_int(argnums) or len(bound.names) == 1

    def h(*args, **kwargs):
        point = bound.point(args, kwargs)
        idx = [bound.graph_index(k) for k in positions]
        if _symbolic(point):
            gradient = _gradient_graph(bound.graph)
            values = derivatives.replay(gradient, point)
            rows = [derivatives.backward(gradient, values, _unit(gradient, i)) for i in idx]
            matrix = tuple(tuple(row[j] for j in idx) for row in rows)
            return matrix[0][0] if scalar else matrix
        graph = bound.graph
        at = point[0] if graph.n_inputs == 1 else list(point)
        full = engine.hessian(graph, at)
        picked = full[..., idx, :][..., :, idx]
        return (
            float(picked[..., 0, 0])
            if scalar and picked.ndim == 2
            else (picked[..., 0, 0] if scalar else picked)
        )

    return _function(bound, h, "hessian")


def _gradient_graph(graph: Graph) -> Graph:
    """∂f/∂ each input as a graph of n outputs (recorded by the reverse sweep)."""
    return record(
        graph.inputs,
        lambda *v: tuple(derivatives.backward(graph, derivatives.replay(graph, v), [1.0])),
        "the gradient",
    )


def _unit(graph: Graph, k: int) -> list[float]:
    return [1.0 if i == k else 0.0 for i in range(len(graph.outputs))]


class Jacobian(np.ndarray):
    """∂fᵢ/∂xⱼ: one row per output, one column per input (``shape + (m, n)`` at arrays),
    and how it was built. ``mode`` is "forward" (column by column: one forward-mode sweep
    per input) or "reverse" (row by row: one reverse sweep per output); ``sweeps`` counts
    them."""

    mode: str | None
    sweeps: int | None

    def __new__(cls, matrix: np.ndarray, mode: str, sweeps: int) -> Jacobian:
        found = np.asarray(matrix, dtype=np.float64).view(cls)
        found.mode, found.sweeps = mode, sweeps
        return found

    def __array_finalize__(self, obj) -> None:
        self.mode = getattr(obj, "mode", None)
        self.sweeps = getattr(obj, "sweeps", None)

    def __repr__(self) -> str:
        how = f" by {self.mode} mode, {self.sweeps} sweep(s)" if self.mode else ""
        return f"Jacobian{how}:\n{np.array_repr(self.view(np.ndarray))}"


def jacobian(
    f: Function, argnums: int | Sequence[int] | None = None, mode: str = "auto"
) -> Callable:
    """The function computing f's Jacobian over the inputs ``argnums`` (all by default).

    ``mode="forward"`` builds it column by column (a forward sweep per input),
    ``"reverse"`` row by row (a reverse sweep per output); ``"auto"`` picks the one with
    fewer sweeps (forward on a tie: a forward sweep keeps no tape). At numbers the result is
    a ``Jacobian`` array whose ``mode`` says which was used; at recorded values, a tuple of
    rows of recorded values (so it nests).
    """
    if mode not in ("auto", "forward", "reverse"):
        raise ValueError(f"mode is 'auto', 'forward' or 'reverse', not {mode!r}")
    bound = _Bound(f)
    positions = bound.positions(argnums)

    def jac(*args, **kwargs):
        graph = bound.graph
        point = bound.point(args, kwargs)
        idx = [bound.graph_index(k) for k in positions]
        m, n = len(graph.outputs), len(idx)
        chosen = mode if mode != "auto" else "forward" if n <= m else "reverse"
        if _symbolic(point):
            values = derivatives.replay(graph, point)
            if chosen == "forward":
                columns = [derivatives.forward(graph, values, _seed(graph, j)) for j in idx]
                return tuple(tuple(column[r] for column in columns) for r in range(m))
            rows = [derivatives.backward(graph, values, _unit(graph, r)) for r in range(m)]
            return tuple(tuple(row[j] for j in idx) for row in rows)
        if chosen == "forward":
            matrix = _forward_columns(graph, point, idx)
        else:
            matrix = _reverse_rows(graph, point, idx)
        return Jacobian(matrix, chosen, n if chosen == "forward" else m)

    return _function(bound, jac, "jacobian")


def _seed(graph: Graph, j: int) -> list[float]:
    return [1.0 if i == j else 0.0 for i in range(graph.n_inputs)]


def _forward_columns(graph: Graph, point: Sequence, idx: list[int]) -> np.ndarray:
    """One forward sweep per input (the engine's trace runs them), read at every output;
    NaN where the engine calls ∂fᵢ/∂xⱼ undefined, as in reverse mode. A tangent alone does
    not tell: log(x) at −1 has the finite tangent −1 though f is undefined there."""
    t = engine.trace(graph, point[0] if graph.n_inputs == 1 else list(point))
    columns = [np.stack([t.sweeps[j].dots[o] for o in graph.outputs], axis=-1) for j in idx]
    matrix = np.stack(columns, axis=-1)
    # the engine's failures are per output (its reverse evaluation of each says which)
    undefined = np.isnan(_reverse_rows(graph, point, idx)) | ~np.isfinite(matrix)
    return np.where(undefined, np.nan, matrix)


def _reverse_rows(graph: Graph, point: Sequence, idx: list[int]) -> np.ndarray:
    """One reverse sweep per output, each on that output's graph."""
    shape = np.broadcast_shapes(*(np.shape(p) for p in point))
    at = point[0] if graph.n_inputs == 1 else list(point)
    rows = []
    for k in range(len(graph.outputs)):
        result = engine.evaluate(graph.for_output(k), at, order=1)
        rows.append(np.stack([result.grad[j].reshape(shape) for j in idx], axis=-1))
    return np.stack(rows, axis=-2)


__all__ = ["Jacobian", "grad", "hessian", "jacobian", "jvp", "value_and_grad", "vjp"]
