"""Python functions as graphs: call ``f`` on a traced input and record every op it applies.

``graph_of(lambda x: exp(sin(sin(x))))`` gives the same Graph as ``parse("exp(sin(sin(x)))")``:
Python's operators and the op functions go through the parser's own node builder, so
constants fold and ``2*x`` becomes ``scale`` exactly as in typed text. Nothing of the user's
code is read or rewritten; the function simply runs once on a ``Traced`` value.

A traced value cannot be compared, branched on or turned into a float: the graph is one fixed
computation, and a value that could go either way has no place in it. Those attempts, and
calls into code that does not know traced values (``math.sin``, numpy's own ``np.sin``),
raise ``TracingError`` naming the line of the user's code.
"""

from __future__ import annotations

import ast
import inspect
import linecache
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np

from guiad.core.expression import ParseError, _Builder
from guiad.core.graph import INPUT, MAX_INPUTS, Graph, GraphError, Node, order_inputs
from guiad.core.ops import OPS, Op

_PACKAGE = str(Path(__file__).resolve().parent.parent)


class TracingError(ValueError):
    """A function guiad cannot turn into a graph; the message names the line that did it."""


def _user_frame():
    """The innermost frame outside the guiad package: the user's code."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame = frame.f_back
    return frame


def _user_line() -> str:
    """`` (at line 3 of model.py, in f: y = math.sin(x))``, or '' when it cannot be found."""
    frame = _user_frame()
    if frame is None:
        return ""
    code = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
    where = f"line {frame.f_lineno} of {Path(frame.f_code.co_filename).name}"
    return f" (at {where}, in {frame.f_code.co_name}: {code})" if code else f" (at {where})"


def _unknown_call() -> str:
    """The call in the user's line that guiad does not know, e.g. 'math.sin'."""
    frame = _user_frame()
    code = linecache.getline(frame.f_code.co_filename, frame.f_lineno) if frame else ""
    names = [n for n in re.findall(r"([A-Za-z_][\w.]*)\s*\(", code) if not _is_ours(n)]
    return (
        f"{names[-1]}(), which guiad does not know," if names else "a function guiad does not know"
    )


def _is_ours(name: str) -> bool:
    return name.rsplit(".", 1)[-1] in OPS and not name.startswith(("math.", "np.", "numpy."))


class _Tape(_Builder):
    """The parser's node builder, fed by Python calls instead of an AST."""

    def __init__(self) -> None:
        super().__init__("", [0])

    def error(self, message: str, node: object = None) -> TracingError:
        return TracingError(message + _user_line())


class Traced:
    """A value inside a traced function: a node of the graph being recorded."""

    __slots__ = ("_index", "_tape")
    __hash__ = None  # compares raise below; an unhashable value says so plainly

    def __init__(self, tape: _Tape, index: int):
        self._tape = tape
        self._index = index

    def __repr__(self) -> str:
        return f"<traced v{self._index}>"

    # arithmetic: both orders, through the parser's rules
    def _combine(self, kind: type, other: object, reflected: bool = False) -> Traced | float:
        operand = _operand(self._tape, other)
        left, right = (operand, self._index) if reflected else (self._index, operand)
        return _wrap(self._tape, self._tape.combine(kind, left, right, None))

    def __add__(self, other):
        return self._combine(ast.Add, other)

    def __radd__(self, other):
        return self._combine(ast.Add, other, reflected=True)

    def __sub__(self, other):
        return self._combine(ast.Sub, other)

    def __rsub__(self, other):
        return self._combine(ast.Sub, other, reflected=True)

    def __mul__(self, other):
        return self._combine(ast.Mult, other)

    def __rmul__(self, other):
        return self._combine(ast.Mult, other, reflected=True)

    def __truediv__(self, other):
        return self._combine(ast.Div, other)

    def __rtruediv__(self, other):
        return self._combine(ast.Div, other, reflected=True)

    def __pow__(self, other):
        return self._combine(ast.Pow, other)

    def __rpow__(self, other):
        return self._combine(ast.Pow, other, reflected=True)

    def __neg__(self):
        return _wrap(self._tape, self._tape.add(Node("neg", (self._index,))))

    def __pos__(self):
        return self

    def __abs__(self):
        return _wrap(self._tape, self._tape.add(Node("abs", (self._index,))))

    # what a fixed graph cannot record
    def _refuse(self, what: str):
        raise self._tape.error(
            f"{what}: guiad records one fixed computation made of its own ops (guiad.sin, "
            "+, *, …), so a traced value cannot be branched on or passed to other code"
        )

    def __bool__(self):
        self._refuse("the function branches on a traced value (if, while, and, or)")

    def __eq__(self, other):
        self._refuse("the function compares a traced value")

    __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __eq__

    def __float__(self):
        self._refuse(f"{_unknown_call()} was called on a traced value")

    __int__ = __index__ = __complex__ = __float__

    def __array__(self, *args, **kwargs):
        self._refuse("numpy was asked for the number inside a traced value")

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        # numpy's scalars hand their operators to this hook (np.float64(2) * x): those work
        kind = _UFUNC_OPERATORS.get(ufunc.__name__)
        if method == "__call__" and not kwargs and len(inputs) == 2 and kind is not None:
            tape = self._tape
            left, right = (_operand(tape, value) for value in inputs)
            return _wrap(tape, tape.combine(kind, left, right, None))
        name = ufunc.__name__
        hint = f"; use guiad.{name}" if name in OPS else ""
        raise self._tape.error(f"numpy's np.{name} cannot take a traced value{hint}")

    def __array_function__(self, func, types, args, kwargs):
        name = getattr(func, "__name__", str(func))
        raise self._tape.error(f"numpy's np.{name} cannot take a traced value")


def _operand(tape: _Tape, value: object) -> int | float:
    """A node index for a traced value, or the float of a plain number."""
    if isinstance(value, Traced):
        if value._tape is not tape:
            raise tape.error("a value traced in another function was used here")
        return value._index
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise tape.error(f"{type(value).__name__} {value!r} is not a number")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise tape.error(f"the constant {value!r} is not finite")
    return number


def _wrap(tape: _Tape, result: int | float) -> Traced | float:
    return Traced(tape, result) if isinstance(result, int) else result


_METHODS = {"add": ast.Add, "sub": ast.Sub, "mul": ast.Mult, "div": ast.Div, "pow": ast.Pow}
_UFUNC_OPERATORS = {
    "add": ast.Add,
    "subtract": ast.Sub,
    "multiply": ast.Mult,
    "divide": ast.Div,
    "true_divide": ast.Div,
    "power": ast.Pow,
}


def op_function(op: Op) -> Callable:
    """``guiad.sin`` and friends: numpy on numbers and arrays, a graph node on traced values."""
    if op.arity == 2:

        def binary(u, v):
            traced = next((a for a in (u, v) if isinstance(a, Traced)), None)
            if traced is None:
                return op.value((np.asarray(u, float), np.asarray(v, float)), None)
            tape = traced._tape
            result = tape.combine(_METHODS[op.name], _operand(tape, u), _operand(tape, v), None)
            return _wrap(tape, result)

        function = binary
    elif op.param is not None:

        def with_param(u, p=op.default):
            if isinstance(p, Traced):
                raise p._tape.error(f"the {op.param} of {op.name} must be a constant")
            if not isinstance(u, Traced):
                return op.value((np.asarray(u, float),), float(p))
            return _call(u, op, _operand(u._tape, p))

        with_param.__signature__ = inspect.Signature(
            [
                inspect.Parameter("u", inspect.Parameter.POSITIONAL_OR_KEYWORD),
                inspect.Parameter(
                    op.param, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=op.default
                ),
            ]
        )
        function = with_param
    else:

        def unary(u):
            if not isinstance(u, Traced):
                return op.value((np.asarray(u, float),), None)
            return _call(u, op, None)

        function = unary
    function.__name__ = function.__qualname__ = op.name
    function.__module__ = "guiad"
    function.__doc__ = f"y = {op.formula}; its local partial is {op.d_formula}. {_USE}"
    return function


_USE = "Works on numbers and numpy arrays like numpy's, and on traced values (guiad.graph_of)."


def _call(u: Traced, op: Op, param: float | None) -> Traced:
    try:
        return Traced(u._tape, u._tape.add(Node(op.name, (u._index,), param)))
    except GraphError as err:
        raise u._tape.error(str(err)) from None


def graph_of(f: Callable | str | Graph) -> Graph:
    """The Graph that ``f`` computes: ``f`` runs once on a traced input.

    ``f`` takes one input (its parameter's name does not matter: the graph calls it x), or
    several whose parameter names become the graph's input names (``lambda x, y: x*y``), and
    uses guiad's op functions (``guiad.sin``, …) and Python's operators with numbers. An
    expression text or a Graph is accepted too, so every entry point takes all three.
    """
    if isinstance(f, Graph):
        return f
    if isinstance(f, str):
        from guiad.core.expression import parse

        return parse(f)
    if not callable(f):
        raise TracingError(f"expected a function, an expression or a Graph, not {type(f).__name__}")
    names = _input_names(f)
    tape = _Tape()
    tape.set_inputs(order_inputs(names))
    result = f(*(Traced(tape, tape.input_index[name]) for name in names))
    if isinstance(result, Traced):
        if result._tape is not tape:
            raise TracingError("the function returned a value traced in another function")
        output = result._index
    else:
        output = tape.index(_returned_number(f, result))
    return _reachable(tape.nodes, output, tape.inputs)


def _input_names(f: Callable) -> tuple[str, ...]:
    """The graph's inputs: x for a function of one input, else its parameters' names."""
    try:
        parameters = inspect.signature(f).parameters.values()
    except (TypeError, ValueError):
        return (INPUT,)  # a builtin or C function: calling it says what is wrong
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = tuple(p.name for p in positional if p.default is p.empty)
    accepts_one = positional or any(p.kind is p.VAR_POSITIONAL for p in parameters)
    if len(required) == 1 or (not required and accepts_one):
        return (INPUT,)
    name = getattr(f, "__name__", "the function")
    if not required:
        raise TracingError(f"{name} takes no input; guiad traces a function of its inputs")
    if len(required) > MAX_INPUTS:
        raise TracingError(f"{name} takes {len(required)} inputs; at most {MAX_INPUTS}")
    bad = [p for p in required if p.startswith("_") or not p.isascii()]
    if bad:
        raise TracingError(
            f"{name}: '{bad[0]}' cannot be an input name (ASCII, not starting with _)"
        )
    return required


def _returned_number(f: Callable, result: object) -> float:
    if isinstance(result, bool) or not isinstance(result, int | float | np.number):
        name = getattr(f, "__name__", "the function")
        raise TracingError(f"{name} returned {type(result).__name__}, not a number")
    number = float(result)
    if not math.isfinite(number):
        raise TracingError(f"the function returned {number}, not a finite number")
    return number


def _reachable(nodes: list[Node], output: int, inputs: tuple[str, ...]) -> Graph:
    """The nodes the output depends on, renumbered in order (values computed and then not
    used by the result are dropped, as a parsed expression never has them)."""
    keep = {*range(len(inputs)), output}
    for i in range(output, 0, -1):
        if i in keep:
            keep.update(nodes[i].inputs)
    new_index = {old: new for new, old in enumerate(sorted(keep))}
    kept = [
        Node(nodes[i].op, tuple(new_index[j] for j in nodes[i].inputs), nodes[i].param)
        for i in sorted(keep)
    ]
    try:
        return Graph(tuple(kept), inputs)
    except GraphError as err:  # pragma: no cover - every node came through the builder
        raise TracingError(str(err)) from None


__all__ = ["ParseError", "Traced", "TracingError", "graph_of", "op_function"]
