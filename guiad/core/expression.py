"""Expressions as text: a safe parser on ``ast`` and the canonical printer.

Only an allow-list of syntax is accepted: numbers, input names, ``pi``, ``e``,
``+ - * / ** ^``, unary minus and calls of table ops. Every other name (``x``, ``y``, ``w1``)
is an input of the graph, ordered x, y, z first and then alphabetically. Nothing is ever
evaluated as Python. Constant operands become parameters where that keeps the computation a
chain: ``2*u`` is ``scale``, ``u - 1`` is ``shift``, ``u**3`` is ``power``.
"""

from __future__ import annotations

import ast
import keyword
import math
import re
import warnings

from guiad.core.graph import (
    CONST,
    HOLE,
    INPUT,
    MAX_INPUTS,
    Graph,
    GraphError,
    Node,
    order_inputs,
)
from guiad.core.ops import ALIASES, OPS

MAX_LENGTH = 10_000
MAX_DEPTH = 200
NAMED_CONSTANTS = {"pi": math.pi, "e": math.e}
MAX_NAME_LENGTH = 32


class ParseError(ValueError):
    """An expression that cannot be read; ``column`` is 1-based (0 when unknown)."""

    def __init__(self, message: str, column: int = 0):
        self.message = message
        self.column = column
        super().__init__(f"column {column}: {message}" if column else message)


def function_names() -> list[str]:
    """Every name callable in an expression, sorted."""
    return sorted(name for name, op in OPS.items() if op.arity == 1)


def parse(text: str) -> Graph:
    """Parse ``text`` into a Graph, or raise ParseError naming the problem and its column."""
    if not isinstance(text, str):
        raise ParseError("the expression must be text")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the expression is too long ({len(text)} > {MAX_LENGTH} characters)")
    bad = _FORBIDDEN_CHARACTER.search(text)
    if bad:
        raise ParseError(f"the character U+{ord(bad.group()):04X} is not allowed", bad.start() + 1)
    source, columns = _respell(text)
    if not source.strip():
        raise ParseError("the expression is empty")
    try:
        with warnings.catch_warnings():
            # "2x" warns (invalid decimal literal) before failing; as an error it is one message
            # here instead of a SyntaxWarning printed on stderr as well
            warnings.simplefilter("error")
            tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as err:
        raise _syntax_error(err, text, source, columns) from None
    except (RecursionError, MemoryError, ValueError):
        raise ParseError("the expression is nested too deeply") from None
    offset = len(source) - len(source.lstrip())
    builder = _Builder(source.strip(), [c + 1 for c in columns[offset:]] + [len(text) + 1])
    builder.set_inputs(_free_names(tree, builder))
    try:
        result = builder.build(tree.body, 0)
    except RecursionError:  # MAX_DEPTH needs ~400 frames; a caller deep in its stack may lack them
        raise ParseError("the expression is nested too deeply") from None
    if not isinstance(result, int):
        builder.index(result)  # the output is a constant, or a hole
    try:
        return Graph(tuple(builder.nodes), builder.inputs)
    except GraphError as err:  # a safety net: the builder's own checks come first
        raise ParseError(str(err)) from None


# words float() reads as numbers (any case): an input so named would read as one elsewhere
# (guiad eval --at inf=1, a CSV header, a typed point)
_NUMBER_WORDS = ("inf", "infinity", "nan")


def input_name_problem(name: object) -> str | None:
    """Why ``name`` cannot be an input (the parser would not read it back as one), or None.

    The parser's own rule for the names it finds, and the check for names that come from a
    file: not a function, ``pi`` or ``e``, a Python keyword or a number word (``inf``)."""
    if not isinstance(name, str) or not name.isidentifier():
        return f"{_quoted(name)} is not a name"
    if keyword.iskeyword(name):
        return f"'{name}' is a Python keyword, not an input name"
    if name in NAMED_CONSTANTS or name in OPS or name in ALIASES:
        kind = "a constant" if name in NAMED_CONSTANTS else "a function"
        return f"'{name}' is {kind}, not an input name"
    if name.lower() in _NUMBER_WORDS:
        return f"'{name}' reads as a number, not an input name"
    if name.startswith("_") or len(name) > MAX_NAME_LENGTH or not name.isascii():
        why = f"at most {MAX_NAME_LENGTH} ASCII letters, digits or _, not starting with _"
        return f"{_quoted(name)} cannot be an input name ({why})"
    return None


def _quoted(name: object) -> str:
    """A name for a one-line message: escaped, and cut if long."""
    text = name if not isinstance(name, str) or len(name) <= 40 else name[:40] + "…"
    return repr(text)


def describes(text: str, graph: Graph) -> bool:
    """Whether ``text`` parses to exactly ``graph``: the user's text can stay as typed."""
    try:
        return parse(text) == graph
    except ParseError:
        return False


def _free_names(tree: ast.AST, builder: _Builder) -> tuple[str, ...]:
    """The expression's inputs: every name that is not a constant or a function, in order."""
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    found: dict[str, ast.Name] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Name) or id(node) in called or node.id in found:
            continue
        if node.id in NAMED_CONSTANTS or node.id in OPS or node.id in ALIASES:
            continue  # a function named without a call is reported where it is built
        if node.id == _HOLE_NAME:
            continue  # an open port, not an input
        problem = input_name_problem(node.id)
        if problem is not None:
            raise builder.error(problem, node)
        found[node.id] = node
    names = order_inputs(found) or (INPUT,)
    if len(names) > MAX_INPUTS:
        extra = found[names[MAX_INPUTS]]
        raise builder.error(
            f"too many inputs ({len(names)}: {', '.join(names)}); at most {MAX_INPUTS}", extra
        )
    return names


def _syntax_error(err: SyntaxError, text: str, source: str, columns: list[int]) -> ParseError:
    """Python's message and column, or a clearer one when the text just stops early."""
    end = source.rstrip()
    if err.msg == "invalid syntax" and end and end[-1] in "+-*/,(":
        column = columns[len(end) - 1]
        return ParseError(f"the expression ends too early, after '{text[column]}'", column + 1)
    column = columns[min(max((err.offset or 1) - 1, 0), len(columns) - 1)]
    if err.msg == "invalid decimal literal":
        return ParseError("a number runs into a name: write 2*x, not 2x", column + 1)
    if "integer string conversion" in err.msg:  # over 4,300 digits; Python's advice is for coders
        return ParseError("the number has too many digits", column + 1)
    return ParseError(f"syntax error: {err.msg}", column + 1)


# Friendly spellings, rewritten before ``ast`` sees the text (``^`` is power, not xor).
_SPELLINGS = {
    "^": "**",
    "−": "-",
    "×": "*",
    "·": "*",
    "÷": "/",
    "π": "pi",
    "²": "**2",
    "³": "**3",
    "\n": " ",
    "\t": " ",
    "\r": " ",
    "?": "ʔ",  # an open port (HOLE_TEXT), as a name ast accepts and no input can have
}
_HOLE_NAME = "ʔ"


# Control characters and lone surrogates (which JSON can smuggle in as "\ud800") can never
# be part of an expression, and ``ast`` would fail on them with a misleading message.
_FORBIDDEN_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _respell(text: str) -> tuple[str, list[int]]:
    """Apply ``_SPELLINGS``; return the new text and, per character, its source column."""
    out: list[str] = []
    columns: list[int] = []
    for i, ch in enumerate(text):
        new = _SPELLINGS.get(ch, ch)
        out.append(new)
        columns += [i] * len(new)
    return "".join(out), columns or [0]


class _Builder:
    """Walks an allow-listed AST, appending nodes; returns a node index or a float constant."""

    def __init__(self, source: str, columns: list[int]):
        self.encoded = source.encode()
        self.columns = columns
        self.set_inputs((INPUT,))

    def set_inputs(self, names: tuple[str, ...]) -> None:
        """Start the graph with one input node per name (before any other node)."""
        self.inputs = names
        self.input_index = {name: k for k, name in enumerate(names)}
        self.nodes: list[Node] = [Node(INPUT)] * len(names)

    def error(self, message: str, node: ast.AST) -> ParseError:
        if isinstance(node, ast.BinOp):
            offset = self.operator_offset(node)
        else:
            offset = getattr(node, "col_offset", 0)
        # ast counts UTF-8 bytes; people count characters
        col = len(self.encoded[:offset].decode(errors="ignore"))
        return ParseError(message, self.columns[min(col, len(self.columns) - 1)])

    def operator_offset(self, node: ast.BinOp) -> int:
        """Where a binary operator is: the first byte after the left operand (and its
        closing parentheses) that is not a space. Errors about ``x % 2`` point at ``%``."""
        start = node.left.end_col_offset or node.col_offset
        for k in range(start, node.right.col_offset):
            if self.encoded[k : k + 1] not in (b" ", b")"):
                return k
        return node.col_offset

    def add(self, node: Node) -> int:
        self.nodes.append(node)
        return len(self.nodes) - 1

    def index(self, value: int | float | _Hole) -> int:
        """A node index for an operand, making a constant or hole node when needed (just
        before its reader, where Sketch.to_graph puts them too)."""
        if isinstance(value, _Hole):
            return self.add(Node(HOLE))
        return self.add(Node(CONST, (), value)) if isinstance(value, float) else value

    def build(self, node: ast.AST, depth: int) -> int | float:
        if depth > MAX_DEPTH:
            raise self.error("the expression is nested too deeply", node)
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            operand = self.build(node.operand, depth + 1)
            if isinstance(node.op, ast.UAdd):
                return operand
            if isinstance(operand, float):
                return -operand
            return self.add(Node("neg", (self.index(operand),)))
        if isinstance(node, ast.UnaryOp):
            raise self.error(f"the operator {_describe(node.op)} is not allowed", node)
        if isinstance(node, ast.BinOp):
            return self.binary(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        raise self.error(f"{_describe(node)} is not allowed in an expression", node)

    def number(self, node: ast.Constant) -> float:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(f"{value!r} is not a number", node)
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            raise self.error("the number is too large", node)
        return number

    def name(self, node: ast.Name) -> int | float | _Hole:
        if node.id == _HOLE_NAME:
            return _Hole()
        if node.id in self.input_index:
            return self.input_index[node.id]
        if node.id in NAMED_CONSTANTS:
            return NAMED_CONSTANTS[node.id]
        if node.id in OPS or node.id in ALIASES:
            raise self.error(f"'{node.id}' is a function: write {node.id}(…)", node)
        raise self.error(f"unknown name '{node.id}'", node)  # pragma: no cover - all are inputs

    def binary(self, node: ast.BinOp, depth: int) -> int | float:
        """``a + b + c + …`` is a chain down the left operands, not nesting: walked in a
        loop (a flat sum of 777 terms was refused as nested too deeply)."""
        spine = [node]
        while isinstance(spine[-1].left, ast.BinOp):
            spine.append(spine[-1].left)
        for link in spine:
            if type(link.op) not in _BINARY:
                raise self.error(f"the operator {_describe(link.op)} is not allowed", link)
        value = self.build(spine[-1].left, depth + 1)
        for link in reversed(spine):
            right = self.build(link.right, depth + 1)
            value = self.combine(type(link.op), value, right, link)
        return value

    def combine(self, kind: type, left: int | float, right: int | float, node) -> int | float:
        """``left <kind> right`` as nodes, folding constants the one way every graph does
        (the parser and guiad's traced Python functions both come through here)."""
        if isinstance(left, float) and isinstance(right, float):
            return self.fold(kind, left, right, node)
        if isinstance(left, _Hole):  # an open port is a node like any other: ? - 1 is shift
            left = self.index(left)
        if isinstance(right, _Hole):
            right = self.index(right)
        if isinstance(right, float):  # u op c
            if kind is ast.Add:
                return self.add(Node("shift", (left,), right))
            if kind is ast.Sub:
                return self.add(Node("shift", (left,), -right))
            if kind is ast.Mult:
                return self.add(Node("scale", (left,), right))
            if kind is ast.Div:
                if right == 0:
                    raise self.error("division by the constant 0", node)
                if not math.isfinite(1.0 / right):  # x/1e-320: the scale would be inf
                    raise self.error("division by a constant this small overflows", node)
                return self.add(Node("scale", (left,), 1.0 / right))
            return self.add(Node("power", (left,), right))
        if isinstance(left, float):  # c op u
            if kind is ast.Add:
                return self.add(Node("shift", (right,), left))
            if kind is ast.Sub:
                return self.add(Node("rsub", (right,), left))
            if kind is ast.Mult:
                return self.add(Node("scale", (right,), left))
            if kind is ast.Div:
                return self.add(Node("rdiv", (right,), left))
        return self.add(Node(_BINARY[kind], (self.index(left), self.index(right))))

    def fold(self, kind: type, a: float, b: float, node: ast.AST) -> float:
        try:
            value = {
                ast.Add: lambda: a + b,
                ast.Sub: lambda: a - b,
                ast.Mult: lambda: a * b,
                ast.Div: lambda: a / b,
                ast.Pow: lambda: math.pow(a, b),
            }[kind]()
        except ZeroDivisionError:
            raise self.error("division by the constant 0", node) from None
        except (OverflowError, ValueError):
            raise self.error("this constant is undefined or too large", node) from None
        if not math.isfinite(value):
            raise self.error("this constant is too large", node)
        return value

    def call(self, node: ast.Call, depth: int) -> int | float:
        if not isinstance(node.func, ast.Name):
            raise self.error("only table functions can be called, like sin(x)", node)
        name = ALIASES.get(node.func.id, node.func.id)
        op = OPS.get(name)
        if op is None or op.arity != 1:
            known = ", ".join(function_names())
            raise self.error(f"unknown function '{node.func.id}'; known: {known}", node.func)
        if node.keywords:
            raise self.error(f"{name}() takes no keyword arguments", node)
        want = 2 if op.param else 1
        if len(node.args) != want:
            usage = f"{name}(u, {op.param})" if op.param else f"{name}(u)"
            raise self.error(f"{name} takes {want} argument(s): {usage}", node)
        operand = self.build(node.args[0], depth + 1)
        param = None
        if op.param:
            param = self.build(node.args[1], depth + 1)
            if not isinstance(param, float):
                raise self.error(f"the {op.param} of {name} must be a constant", node.args[1])
        if isinstance(operand, float) and name in _OPERATOR_FORMS:
            # printed as -c, a*c, c + b or c^n, which reads back folded: fold it here too,
            # so that parse(to_expression(g)) == g holds for these as well
            if name == "neg":
                return -operand
            return self.fold(_OPERATOR_FORMS[name], *_fold_operands(name, operand, param), node)
        try:
            return self.add(Node(name, (self.index(operand),), param))
        except GraphError as err:  # pragma: no cover - the checks above come first
            raise self.error(str(err), node) from None


class _Hole:
    """An operand written ``?``: an open port; each one becomes a hole node of its own."""


_BINARY = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.Pow: "pow"}
# Table functions that to_expression prints as operators, and the operator each one is.
_OPERATOR_FORMS = {
    "neg": ast.USub,
    "scale": ast.Mult,
    "shift": ast.Add,
    "power": ast.Pow,
    "rsub": ast.Sub,
    "rdiv": ast.Div,
}


def _fold_operands(name: str, operand: float, param: float | None) -> tuple[float, float]:
    """The operator's two constants: scale(c, a) is a*c, rsub and rdiv are p op c, shift
    and power are c op p."""
    if name in ("scale", "rsub", "rdiv"):
        return param, operand
    return operand, param


def _describe(node: ast.AST) -> str:
    names = {
        ast.Attribute: "attribute access",
        ast.Subscript: "indexing",
        ast.Lambda: "lambda",
        ast.Compare: "a comparison",
        ast.BoolOp: "and/or",
        ast.IfExp: "if/else",
        ast.Mod: "%",
        ast.FloorDiv: "//",
        ast.MatMult: "@",
        ast.BitXor: "^",
        ast.BitAnd: "&",
        ast.BitOr: "|",
        ast.LShift: "<<",
        ast.RShift: ">>",
        ast.Not: "not",
        ast.Invert: "~",
        ast.Starred: "*args",
        ast.Tuple: "a comma",
    }
    for kind, text in names.items():
        if isinstance(node, kind):
            return text
    return type(node).__name__


# ---- printing -----------------------------------------------------------------------

_PREC_ADD, _PREC_MUL, _PREC_NEG, _PREC_POW, _PREC_ATOM = 1, 2, 3, 4, 5
HOLE_TEXT = "?"  # an open port (a hole node); parse reads it back as one


def format_number(value: float) -> str:
    """Shortest text that reads back as the same float."""
    if float(value).is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(float(value))


def to_expression(graph: Graph, max_length: int | None = None) -> str:
    """Canonical text for ``graph``; ``parse(to_expression(g)) == g`` for parsed graphs.

    Printing walks an explicit stack, so a 10,000-node chain cannot exhaust Python's
    recursion limit. A graph that reuses nodes (``v2 = v1*v1``, ``v3 = v2*v2``, ...) prints
    exponentially long text; with ``max_length`` set, its length is counted first (one pass
    over the nodes) and a longer text raises GraphError before any of it is built.
    """
    if max_length is not None and _text_length(graph, max_length) > max_length:
        raise GraphError(f"its expression would be longer than {max_length:,} characters")
    pieces: list[str] = []
    stack: list[str | tuple[int, int]] = [(graph.output, 0)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            pieces.append(item)
            continue
        index, need = item
        node = graph.nodes[index]
        parts = _template(node, _input_name(graph, index))
        if _precedence(node) < need:
            parts = ["(", *parts, ")"]
        stack.extend(reversed(parts))
    return "".join(pieces)


def _text_length(graph: Graph, cap: int) -> int:
    """Length of ``to_expression(graph)`` (values above ``cap`` are clipped to ``cap + 1``)."""
    lengths: list[int] = []
    for index, node in enumerate(graph.nodes):
        total = 0
        for part in _template(node, _input_name(graph, index)):
            if isinstance(part, str):
                total += len(part)
            else:
                child, need = part
                wrapped = _precedence(graph.nodes[child]) < need
                total += lengths[child] + (2 if wrapped else 0)
        lengths.append(min(total, cap + 1))
    return lengths[graph.output]


def _input_name(graph: Graph, index: int) -> str:
    return graph.inputs[index] if index < graph.n_inputs else INPUT


def _precedence(node: Node) -> int:
    if node.op == CONST:
        return _PREC_ATOM if node.param >= 0 else _PREC_NEG
    return _OP_PRECEDENCE.get(node.op, _PREC_ATOM)


_OP_PRECEDENCE = {
    "neg": _PREC_NEG,
    "scale": _PREC_MUL,
    "rdiv": _PREC_MUL,
    "rsub": _PREC_ADD,
    "mul": _PREC_MUL,
    "div": _PREC_MUL,
    "shift": _PREC_ADD,
    "add": _PREC_ADD,
    "sub": _PREC_ADD,
    "power": _PREC_POW,
    "pow": _PREC_POW,
}


def _template(node: Node, name: str = INPUT) -> list[str | tuple[int, int]]:
    """The node's text: strings, and (input, precedence it needs unwrapped) for operands;
    ``name`` is the input's name when the node is an input."""
    if node.op == INPUT:
        return [name]
    if node.op == CONST:
        return [format_number(node.param)]
    if node.op == HOLE:
        return [HOLE_TEXT]
    a = node.inputs[0]
    p = node.param
    match node.op:
        case "neg":
            return ["-", (a, _PREC_NEG)]
        case "scale":
            return [f"{format_number(p)}*", (a, _PREC_MUL + 1)]
        case "rsub":
            return [f"{format_number(p)} - ", (a, _PREC_ADD + 1)]
        case "rdiv":
            return [f"{format_number(p)}/", (a, _PREC_MUL + 1)]
        case "shift":
            sign = "-" if math.copysign(1.0, p) < 0 else "+"
            return [(a, _PREC_ADD), f" {sign} {format_number(abs(p))}"]
        case "power":
            return [(a, _PREC_POW + 1), f"^{_exponent(p)}"]
        case "add" | "sub":
            sym = "+" if node.op == "add" else "-"
            return [(a, _PREC_ADD), f" {sym} ", (node.inputs[1], _PREC_ADD + 1)]
        case "mul" | "div":
            sym = "*" if node.op == "mul" else "/"
            return [(a, _PREC_MUL), sym, (node.inputs[1], _PREC_MUL + 1)]
        case "pow":
            return [(a, _PREC_POW + 1), "^", (node.inputs[1], _PREC_POW)]
    return [f"{node.op}(", (a, 0), ")"]


def _exponent(p: float) -> str:
    text = format_number(p)
    return text if p >= 0 else f"({text})"
