"""The seed's own calls: ``reverse_mode`` and ``forward_mode`` over a chain of ops.

The blog post guiad grew from writes its function as a list of ops applied left to right
(``chain = [sin, sin, exp]``) and calls ``reverse_mode(chain, Valder(2.0, 0), 1.)``. Here
the chain is a list of guiad's op functions (or any functions guiad can trace, or op names),
composed into one graph, and the engine runs the passes::

    reverse_mode([guiad.sin, guiad.sin, guiad.exp], 2.0)  # (2.2013533791690376, -0.562752038662712)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from guiad.core import engine
from guiad.core.graph import Graph
from guiad.core.ops import OPS
from guiad.core.tracing import TracingError, graph_of, op_function


def chain_of(chain: Sequence[Callable | str]) -> Graph:
    """The graph of the ops of ``chain`` applied one after another, the first one first."""
    if isinstance(chain, str | bytes) or not isinstance(chain, Sequence) or not chain:
        raise TracingError("a chain is a non-empty list of ops, e.g. [guiad.sin, guiad.exp]")
    steps = [_step(op) for op in chain]

    def composed(x):
        for step in steps:
            x = step(x)
        return x

    return graph_of(composed)


def _step(op: Callable | str) -> Callable:
    if isinstance(op, str):
        if op not in OPS or OPS[op].arity != 1:
            raise TracingError(f"{op!r} is not an op of one input")
        return op_function(OPS[op])
    if not callable(op):
        raise TracingError(f"a chain holds ops (guiad.sin, …), not {type(op).__name__}")
    return op


def _number(a: np.ndarray):
    return float(a) if a.ndim == 0 else a


def reverse_mode(chain: Sequence[Callable | str], x, dy: float = 1.0):
    """``(f, f′·dy)`` at ``x``: the forward pass left to right, then the adjoints from
    ``ȳ = dy`` back to x, as the blog post's ``reverse_mode(chain, input_value, dy)``.

    ``x`` is a number (floats back) or an array (arrays back).
    """
    t = engine.trace(chain_of(chain), x, seed=float(dy))
    return _number(t.f), _number(t.df)


def forward_mode(chain: Sequence[Callable | str], x, dx: float = 1.0):
    """``(f, f′·dx)`` at ``x`` by forward mode: one sweep of dot derivatives from ẋ = 1,
    left to right along the chain, times ``dx``."""
    t = engine.trace(chain_of(chain), x)
    # the tangent is undefined exactly where the adjoint is (the trace masks that one)
    dot = np.where(np.isnan(t.df), np.nan, t.dots[-1])
    return _number(t.f), _number(dot * float(dx) if dx != 1.0 else dot)


__all__ = ["chain_of", "forward_mode", "reverse_mode"]
