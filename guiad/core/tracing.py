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
from guiad.core.ops import ALIASES, OPS, Op

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
    where = _where(frame.f_code.co_filename, frame.f_lineno)
    return f" (at {where}, in {frame.f_code.co_name}: {code})" if code else f" (at {where})"


def _where(filename: str, line: int) -> str:
    """``line 3 of model.py``, or ``cell 5, line 3`` for a notebook's cell."""
    cell = _notebook_cell(filename)
    return f"line {line} of {Path(filename).name}" if cell is None else f"cell {cell}, line {line}"


def _notebook_cell(filename: str) -> int | None:
    """The execution count of the cell IPython compiled under ``filename`` (a temporary
    file's name in Jupyter, ``<ipython-input-5-…>`` in a terminal), else None."""
    found = re.match(r"<ipython-input-(\d+)-", filename)
    if found:
        return int(found.group(1))
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    shell = get() if callable(get) else None
    cells = getattr(getattr(shell, "compile", None), "_filename_map", None)
    return cells.get(filename) if isinstance(cells, dict) else None


def _unknown_call() -> str:
    """The call in the user's line that guiad does not know, e.g. 'math.sin'."""
    frame = _user_frame()
    code = linecache.getline(frame.f_code.co_filename, frame.f_lineno) if frame else ""
    names = [n for n in re.findall(r"([A-Za-z_][\w.]*)\s*\(", code) if not _is_ours(n)]
    if not names:
        return "a function guiad does not know"
    hint = _use_instead(names[-1].rsplit(".", 1)[-1])
    instead = f" ({hint[2:]})" if hint.startswith("; use") else ""
    return f"{names[-1]}(), which guiad does not know{instead},"


def _is_ours(name: str) -> bool:
    return name.rsplit(".", 1)[-1] in OPS and not name.startswith(("math.", "np.", "numpy."))


class _Tape(_Builder):
    """The parser's node builder, fed by Python calls instead of an AST."""

    def __init__(self) -> None:
        super().__init__("", [0])

    def error(self, message: str, node: object = None) -> TracingError:
        return TracingError(message + _user_line())

    def wrap(self, result: int | float) -> Traced | float:
        """What an op gives back: a traced value for a node, a plain float for a constant."""
        return Traced(self, result) if isinstance(result, int) else result


class Recorded:
    """What a traced value and a ``guiad.Value`` share: Python's operators and guiad's op
    functions record ops of the table through the parser's own builder, and what one fixed
    graph cannot hold (a branch, a comparison, a float for other code) is refused with why.

    A subclass says how its operands reach a tape (``_tape_for``); the tape's ``wrap`` says
    what a new node is on that side (a ``Traced``, a ``Value``).
    """

    __slots__ = ()
    __hash__ = None  # compares raise below; an unhashable value says so plainly
    _kind = "a traced value"
    _hint = ""

    def _tape_for(self, operands) -> tuple[_Tape, list[int | float]]:
        raise NotImplementedError

    def _combine(self, kind: type, other: object, reflected: bool = False):
        tape, (index, operand) = self._tape_for((self, other))
        left, right = (operand, index) if reflected else (index, operand)
        return tape.wrap(tape.combine(kind, left, right, None))

    def _record(self, op: str, operands, param: float | None = None):
        """``op`` applied to ``operands`` as one node, exactly (no folding into scale, …)."""
        tape, indices = self._tape_for(operands)
        try:
            return tape.wrap(tape.add(Node(op, tuple(tape.index(i) for i in indices), param)))
        except GraphError as err:
            raise tape.error(str(err)) from None

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
        return self._record("neg", (self,))

    def __pos__(self):
        return self

    def __abs__(self):
        return self._record("abs", (self,))

    # what a fixed graph cannot record
    def _refuse(self, what: str, why: str = ""):
        why = why or (
            f"guiad records one fixed computation made of its own ops (guiad.sin, +, *, …), "
            f"so {self._kind} cannot be branched on or passed to other code"
        )
        raise TracingError(f"{what}: {why}{self._hint}{_user_line()}")

    def __bool__(self):
        self._refuse(f"the function branches on {self._kind} (if, while, and, or)")

    def __eq__(self, other):
        self._refuse(
            f"the function compares {self._kind}",
            "the answer could change with the input, and one fixed graph cannot follow both "
            "ways; write a kink with guiad.relu or guiad.abs instead",
        )

    __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __eq__

    def __float__(self):
        self._refuse(f"{_unknown_call()} was called on {self._kind}")

    __complex__ = __float__

    def __int__(self):
        self._refuse(
            f"int() or an index was asked of {self._kind}",
            "a whole number jumps where the input moves smoothly, so there is no derivative "
            "to carry through it",
        )

    __index__ = __int__

    def __round__(self, ndigits=None):
        self._refuse(
            f"round() was called on {self._kind}",
            "rounding jumps from step to step, so its derivative is 0 or undefined everywhere "
            "and guiad has no op for it",
        )

    __trunc__ = __floor__ = __ceil__ = __round__

    def __array__(self, *args, **kwargs):
        self._refuse(f"numpy was asked for the number inside {self._kind}")

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        # numpy's scalars hand their operators to this hook (np.float64(2) * x): those work
        kind = _UFUNC_OPERATORS.get(ufunc.__name__)
        if method == "__call__" and not kwargs and len(inputs) == 2 and kind is not None:
            left, right = inputs
            if left is self:
                return self._combine(kind, right)
            return self._combine(kind, left, reflected=True)
        raise TracingError(
            f"numpy's np.{ufunc.__name__} cannot take {self._kind}"
            f"{_use_instead(ufunc.__name__)}{_user_line()}"
        )

    def __array_function__(self, func, types, args, kwargs):
        name = getattr(func, "__name__", str(func))
        raise TracingError(f"numpy's np.{name} cannot take {self._kind}{_user_line()}")


class Traced(Recorded):
    """A value inside a traced function: a node of the graph being recorded."""

    __slots__ = ("_index", "_tape")

    def __init__(self, tape: _Tape, index: int):
        self._tape = tape
        self._index = index

    def __repr__(self) -> str:
        return f"<traced v{self._index}>"

    def _tape_for(self, operands) -> tuple[_Tape, list[int | float]]:
        return self._tape, [_operand(self._tape, value) for value in operands]


def _use_instead(name: str) -> str:
    """'; use guiad.sin' for a function guiad has an op for, else how to make one."""
    op = ALIASES.get(_NUMPY_NAMES.get(name, name), _NUMPY_NAMES.get(name, name))
    if op in OPS:
        return f"; use guiad.{op}"
    return "; guiad has no op for it (guiad.primitive makes one, with its derivative)"


# numpy's and math's names for ops the table calls otherwise
_NUMPY_NAMES = {"negative": "neg", "absolute": "abs", "fabs": "abs"}


def _operand(tape: _Tape, value: object) -> int | float:
    """A node index for a traced value, or the float of a plain number."""
    if isinstance(value, Traced):
        if value._tape is not tape:
            raise tape.error("a value traced in another function was used here")
        return value._index
    if isinstance(value, Recorded):
        raise tape.error(
            f"{value._kind} was mixed with a traced input; inside a traced function use "
            "numbers (its .value) or the function's own inputs"
        )
    if isinstance(value, np.ndarray) and value.ndim == 0:  # guiad.sin(2.0) of a number
        value = value[()]
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise tape.error(f"{type(value).__name__} {value!r} is not a number")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise tape.error(f"the constant {value!r} is not finite")
    return number


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
    """``guiad.sin`` and friends: numpy on numbers and arrays, a graph node on traced values
    (and on ``guiad.Value``, which computes it at once as well)."""
    if op.arity == 2:

        def binary(u, v):
            recorded = next((a for a in (u, v) if isinstance(a, Recorded)), None)
            if recorded is None:
                return op.value((np.asarray(u, float), np.asarray(v, float)), None)
            other = v if recorded is u else u
            return recorded._combine(_METHODS[op.name], other, reflected=recorded is not u)

        function = binary
    elif op.param is not None:

        def with_param(u, p=op.default):
            if isinstance(p, Recorded):
                raise TracingError(f"the {op.param} of {op.name} must be a constant{_user_line()}")
            if not isinstance(u, Recorded):
                return op.value((np.asarray(u, float),), float(p))
            _, (number,) = u._tape_for((p,))  # checks the constant as an operand
            return u._record(op.name, (u,), number)

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
            if not isinstance(u, Recorded):
                return op.value((np.asarray(u, float),), None)
            return u._record(op.name, (u,))

        function = unary
    function.__name__ = function.__qualname__ = op.name
    function.__module__ = "guiad"
    function.__doc__ = f"y = {op.formula}; its local partial is {op.d_formula}. {_USE}"
    return function


_USE = "Works on numbers and numpy arrays like numpy's, and on traced values (guiad.graph_of)."


def graph_of(f: Callable | str | Graph) -> Graph:
    """The Graph that ``f`` computes: ``f`` runs once on a traced input.

    ``f`` takes one input (its parameter's name does not matter: the graph calls it x), or
    several whose parameter names become the graph's input names (``lambda x, y: x*y``), and
    uses guiad's op functions (``guiad.sin``, …) and Python's operators with numbers. A
    function that returns a tuple (``lambda x, y: (x*y, sin(x))``) is a graph of several
    outputs, in that order. An expression text, a Graph or a ``guiad.Value`` (the graph it
    built) is accepted too, so every entry point takes them all.
    """
    if isinstance(f, Graph):
        return f
    if isinstance(f, str):
        from guiad.core.expression import parse

        return parse(f)
    if isinstance(f, Recorded) and not isinstance(f, Traced):
        return f.graph
    if not callable(f):
        raise TracingError(f"expected a function, an expression or a Graph, not {type(f).__name__}")
    _refuse_foreign(f)
    names = _input_names(f)
    inputs = order_inputs(names)
    order = [inputs.index(name) for name in names]
    return record(inputs, lambda *traced: f(*(traced[k] for k in order)), f)


def record(inputs: tuple[str, ...], body: Callable, f: Callable | None = None) -> Graph:
    """The graph ``body`` computes from traced inputs named ``inputs`` (in that order); a
    tuple it returns is several outputs."""
    f = body if f is None else f
    tape = _Tape()
    tape.set_inputs(inputs)
    result = body(*(Traced(tape, k) for k in range(len(inputs))))
    several = isinstance(result, tuple | list)
    results = list(result) if several else [result]
    if several and not 1 <= len(results) <= MAX_OUTPUTS:
        name = getattr(f, "__name__", "the function")
        raise TracingError(
            f"{name} returned {len(results)} values; 1 to {MAX_OUTPUTS} can be outputs"
        )
    outputs = [_output_index(f, tape, r) for r in results]
    return _reachable(tape.nodes, outputs, tape.inputs)


MAX_OUTPUTS = 8


def _output_index(f: Callable, tape: _Tape, result: object) -> int:
    if isinstance(result, Traced):
        if result._tape is not tape:
            raise TracingError("the function returned a value traced in another function")
        return result._index
    if isinstance(result, Recorded):
        raise TracingError(f"the function returned {result._kind}, not one of its traced values")
    return tape.index(_returned_number(f, result))


def _refuse_foreign(f: Callable) -> None:
    """``math.sin`` or ``np.sin`` passed as the function: guiad cannot see inside them."""
    name = getattr(f, "__name__", "")
    if isinstance(f, np.ufunc):
        raise TracingError(
            f"np.{name} is numpy's own function: guiad cannot trace it{_use_instead(name)}"
        )
    module = getattr(f, "__module__", None) or ""
    if inspect.isbuiltin(f) and module in ("math", "cmath") or module.startswith("numpy"):
        where = f"{module}.{name}" if module not in ("builtins", "") else name
        raise TracingError(
            f"{where} is Python's own function of numbers: guiad cannot trace it"
            f"{_use_instead(name)}"
        )


def _input_names(f: Callable) -> tuple[str, ...]:
    """The graph's inputs: x for a function of one input, else its parameters' names."""
    names = parameters(f)
    return (INPUT,) if len(names) == 1 else names


def parameters(f: Callable) -> tuple[str, ...]:
    """The names a caller gives ``f``'s inputs, in its signature's order: its required
    positional parameters (``("t",)`` for ``lambda t: …``; x where none can be read)."""
    try:
        found = inspect.signature(f).parameters.values()
    except (TypeError, ValueError):
        return (INPUT,)  # a builtin or C function: calling it says what is wrong
    positional = [p for p in found if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = tuple(p.name for p in positional if p.default is p.empty)
    accepts_one = positional or any(p.kind is p.VAR_POSITIONAL for p in found)
    if len(required) == 1:
        return required
    if not required and accepts_one:
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
    if isinstance(result, np.ndarray) and result.ndim == 0:
        result = result[()]
    if isinstance(result, bool) or not isinstance(result, int | float | np.number):
        name = getattr(f, "__name__", "the function")
        raise TracingError(f"{name} returned {type(result).__name__}, not a number")
    number = float(result)
    if not math.isfinite(number):
        raise TracingError(f"the function returned {number}, not a finite number")
    return number


def _reachable(nodes: list[Node], outputs: list[int], inputs: tuple[str, ...]) -> Graph:
    """The nodes the outputs depend on, renumbered in order (values computed and then not
    used by a result are dropped, as a parsed expression never has them)."""
    keep = {*range(len(inputs)), *outputs}
    for i in range(max(outputs), 0, -1):
        if i in keep:
            keep.update(nodes[i].inputs)
    new_index = {old: new for new, old in enumerate(sorted(keep))}
    kept = [
        Node(nodes[i].op, tuple(new_index[j] for j in nodes[i].inputs), nodes[i].param)
        for i in sorted(keep)
    ]
    try:
        return Graph(tuple(kept), inputs, tuple(new_index[o] for o in outputs))
    except GraphError as err:  # pragma: no cover - every node came through the builder
        raise TracingError(str(err)) from None


__all__ = [
    "ParseError",
    "Recorded",
    "Traced",
    "TracingError",
    "graph_of",
    "op_function",
    "parameters",
    "record",
]
