"""The seed post's notation as text: vᵢ, v̄ᵢ, ∂vᵢ/∂vⱼ, dvᵢ/dx (the dot derivative v̇ᵢ), numbers.

Two choices a lecturer makes once (``Style``) apply to every view and export that writes
through here: how nodes are numbered (inputs v₀, v₁, … or, as Griewank and Walther and
Baydin et al. do, v₁₋ₙ, …, v₋₁, v₀, so the first computed node is v₁) and how many decimals
a number shows. Griewank's numbering needs the number of inputs of the graph being written:
each entry point that writes a graph (the timeline, the traces, the derivation) sets it with
``set_inputs``; with one input both numberings agree.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache

from guiad.core.expression import HOLE_TEXT, format_number
from guiad.core.graph import CONST, HOLE, INPUT, Graph
from guiad.core.ops import OPS

_SUB = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")
BAR = "\u0304"  # combining macron: v̄
MINUS = "−"

FROM_ZERO = "zero"  # the inputs are v₀, v₁, …
GRIEWANK = "griewank"  # the inputs are v₁₋ₙ, …, v₀ (Griewank and Walther; Baydin et al.)
NUMBERINGS = (FROM_ZERO, GRIEWANK)
PLACES = range(1, 9)  # decimals a number may show: the views are sized for a few more than 4


@dataclass(frozen=True)
class Style:
    numbering: str = FROM_ZERO
    places: int = 4

    def __post_init__(self) -> None:
        if self.numbering not in NUMBERINGS:
            raise ValueError(f"numbering is one of {', '.join(NUMBERINGS)}")
        if self.places not in PLACES:
            raise ValueError(f"decimal places are {PLACES[0]} to {PLACES[-1]}")


_style = Style()
_inputs = 1  # the inputs of the graph being written (Griewank's numbering ends them at v₀)


def style() -> Style:
    return _style


def set_style(new: Style) -> None:
    global _style
    _style = new


def set_inputs(count: int) -> None:
    """The number of inputs of the graph the views and exports now write."""
    global _inputs
    _inputs = max(1, int(count))


@contextmanager
def styled(new: Style | None = None, inputs: int | None = None) -> Iterator[Style]:
    """``new`` (and the graph's ``inputs``) for the texts written inside, then as before."""
    old = (_style, _inputs)
    try:
        set_style(new or _style)
        set_inputs(_inputs if inputs is None else inputs)
        yield _style
    finally:
        set_style(old[0])
        set_inputs(old[1])


def with_places(places: int) -> Style:
    return replace(_style, places=places)


def index(i: int) -> int:
    """Node ``i``'s number as the notation writes it."""
    return i - (_inputs - 1) if _style.numbering == GRIEWANK else i


@lru_cache(maxsize=1024)
def sub(i: int) -> str:
    """``i`` in subscript digits (asked ~6,000 times setting up a 200-node walkthrough)."""
    return str(i).translate(_SUB)


def v(i: int) -> str:
    return f"v{sub(index(i))}"


def vbar(i: int) -> str:
    return f"v{BAR}{sub(index(i))}"


def node_number(message: str) -> str:
    """A core message's ``(v2)`` (the node's place in the graph) in the notation's numbering."""
    if _style.numbering == FROM_ZERO or _inputs == 1:
        return message
    return re.sub(r"\(v(\d+)\)", lambda m: f"(v{index(int(m.group(1)))})", message)


def vdot(i: int, wrt: str | None = None) -> str:
    """The dot derivative v̇ᵢ written dvᵢ/dx: common fonts (DejaVu Sans) cannot put a
    combining dot on a v, and Leibniz's form shows the chain rule just as well. ``wrt``:
    in a graph of several inputs, the one a forward-mode pass differentiates by (∂vᵢ/∂y)."""
    k = sub(index(i))
    return f"dv{k}/dx" if wrt is None else f"∂v{k}/∂{wrt}"


def bar(name: str) -> str:
    """An input's adjoint by its name: x̄, ȳ, w̄1 (precomposed where Unicode has it)."""
    return unicodedata.normalize("NFC", name[:1] + BAR) + name[1:]


def output_name(graph: Graph) -> str:
    """What the output is called: y, unless an input is named y (then f)."""
    return "f" if "y" in graph.inputs else "y"


def point_text(values, rounded: bool = False) -> str:
    """A point of several inputs, ``(2, −1)``; one input, just its number. ``rounded``:
    each number as the walkthrough writes it (0.3851, not 0.3850931677018634) unless its
    exact text is no longer (2, not 2.0000)."""
    texts = [(fmt_point if rounded else fmt_param)(float(x)) for x in values]
    return texts[0] if len(texts) == 1 else f"({', '.join(texts)})"


def partial_name(node: int, input_: int) -> str:
    return f"∂{v(node)}/∂{v(input_)}"


def _not_finite(x: float) -> str:
    return "undefined" if math.isnan(x) else ("∞" if x > 0 else f"{MINUS}∞")


def fmt(value: float) -> str:
    """The style's decimals (four) where that is readable, scientific otherwise (with as
    many decimals); a real minus sign."""
    x = float(value) + 0.0  # −0.0 (relu′ left of 0, say) reads 0
    if not math.isfinite(x):
        return _not_finite(x)
    return _fmt(x, _style.places)


@lru_cache(maxsize=4096)
def _fmt(x: float, p: int) -> str:
    """``fmt`` of a finite ``x`` at ``p`` places (a walkthrough writes the same numbers in
    many banners and labels: a 200-node graph's ~5,000 times)."""
    fixed = x == 0 or 10.0 ** (1 - p) <= abs(x) < 100000.0  # 0.001 at four places
    text = f"{x:.{p}f}" if fixed else f"{x:.{p}e}"
    return text.replace("-", MINUS)


def fmt_point(value: float) -> str:
    """A point's coordinate in a title: its exact text where that is no longer than
    ``fmt``'s (2, −2.5), else ``fmt``'s (a clicked x0 reads 0.3851, as in the table)."""
    exact = fmt_param(value)
    rounded = fmt(value)
    return exact if len(exact) <= len(rounded) else rounded


def fmt_g(value: float, digits: int) -> str:
    """``digits`` significant digits (as ``%g``), a real minus sign, and never −0: the one
    place that decides how a computed number reads (the plots' readout uses 6)."""
    x = float(value) + 0.0  # + 0.0: −0.0 (relu′ left of 0, say) reads 0
    return _not_finite(x) if not math.isfinite(x) else f"{x:.{digits}g}".replace("-", MINUS)


def fmt_long(value: float) -> str:
    """Ten significant digits, for comparing f′ estimates side by side."""
    return fmt_g(value, 10)


def paren(value: float) -> str:
    """A number that follows an operator: negative ones in parentheses."""
    text = fmt(value)
    return f"({text})" if text.startswith(MINUS) else text


def plus(total: float, term: float) -> str:
    """``a + b`` written as ``a − |b|`` when b is negative."""
    if float(term) < 0:
        return f"{fmt(total)} {MINUS} {fmt(-float(term))}"
    return f"{fmt(total)} + {fmt(term)}"


def fmt_param(p: float) -> str:
    """An op's constant: the shortest text that reads back as the same number."""
    return format_number(p).replace("-", MINUS)


_SUPER = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _power(exponent: float) -> str:
    """uᵉ's exponent after the base: nothing for 1, superscript digits for an integer."""
    if exponent == 1:
        return ""
    if float(exponent).is_integer() and abs(exponent) < 1e15:
        return str(int(exponent)).translate(_SUPER)
    text = fmt_param(exponent)
    return f"^({text})" if exponent < 0 else f"^{text}"


def _substitute(template: str, names: dict[str, str], constant: float | None = None) -> str:
    """An op-table formula with its letters u, v, a, b, n replaced by ``names``.

    With the op's ``constant`` (the number n of uⁿ), exponents become numbers: ``u³``,
    ``3·v₁²`` (not ``u^3``, ``3·v₁^(3−1)``); ``u + −1`` reads ``u − 1``.
    """
    if constant is not None:
        template = template.replace("ⁿ⁻¹", _power(constant - 1.0))
        template = template.replace("ⁿ", _power(constant))
    for sup, plain in _SUPERSCRIPTS:
        template = template.replace(sup, plain)

    text = _replace_letters(template, names)
    if "((" in text:  # log((−0.7568)) → log(−0.7568)
        text = re.sub(r"\(\((−[^()]*)\)\)", r"(\1)", text)
    if f" + {MINUS}" in text:  # u + −1 → u − 1
        text = re.sub(rf" \+ {MINUS}(?=\d)", f" {MINUS} ", text)
    return text


_LETTERS = frozenset("uvabnc")  # c: the constant of c − u and c/u
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _replace_letters(template: str, names: dict[str, str]) -> str:
    """Each of the letters u, v, a, b, n, c that stands alone (no ASCII letter either side)
    replaced by its name in ``names`` (a plain scan: compiling the regular expression for
    it took a quarter of a millisecond of the window's start)."""
    out = []
    last = len(template) - 1
    for k, ch in enumerate(template):
        if (
            ch in _LETTERS
            and (k == 0 or template[k - 1] not in _ASCII_LETTERS)
            and (k == last or template[k + 1] not in _ASCII_LETTERS)
        ):
            name = names.get(ch, ch)
            # "2u" is a product; with u = 0.7280 it must read 2·0.7280, not the number 20.7280
            ch = "·" + name if k > 0 and template[k - 1].isdigit() else name
        out.append(ch)
    return "".join(out)


def op_text(name: str, constant: float | None = None) -> str:
    """How a card, a graph node and a table row show an op: its label (``sin``, ``σ``), or
    for an op with a constant its formula with the constant in: ``2·u``, ``u − 1``, ``u³``.
    The one renderer of op text, so the strip, walkthrough and status bar agree."""
    op = OPS[name]
    if op.param is None or constant is None:
        return op.label
    return _substitute(op.formula, {op.param: fmt_param(constant), "u": "u"}, constant)


_SUPERSCRIPTS = (("ᵛ⁻¹", "^(v−1)"), ("ⁿ⁻¹", "^(n−1)"), ("ᵛ", "^v"), ("ⁿ", "^n"))


def _letters(graph: Graph, i: int, symbolic: bool, values) -> dict[str, str]:
    node = graph.nodes[i]
    op = OPS[node.op]
    letters = "uv"
    names: dict[str, str] = {}
    for k, j in enumerate(node.inputs):
        if symbolic:
            names[letters[k]] = v(j)
        else:
            names[letters[k]] = paren(values[j])
    if op.param is not None:
        names[op.param] = fmt_param(node.param)
    return names


def value_formula(graph: Graph, i: int, values=None) -> str:
    """``sin(v₀)`` (symbolic) or, with ``values``, ``sin(2.0000)``."""
    node = graph.nodes[i]
    if node.op == INPUT:
        return graph.inputs[i]  # the input nodes come first, in the order of their names
    if node.op == CONST:
        return fmt_param(node.param)
    if node.op == HOLE:
        return HOLE_TEXT
    names = _letters(graph, i, values is None, values)
    return _substitute(OPS[node.op].formula, names, node.param)


def partial_formulas(graph: Graph, i: int, values=None) -> list[str]:
    """The op table's ``d_formula``, one text per input, with the input names substituted."""
    node = graph.nodes[i]
    if node.op in (INPUT, CONST, HOLE):
        return []
    parts = [p.strip() for p in OPS[node.op].d_formula.split(",")]
    if len(parts) != len(node.inputs):  # a formula with a comma inside: keep it whole
        parts = [OPS[node.op].d_formula] * len(node.inputs)
    names = _letters(graph, i, values is None, values)
    return [_substitute(p, names, node.param) for p in parts]


def is_number_text(text: str) -> bool:
    """True when a formula has nothing left to evaluate (``1``, ``−1``, ``2``)."""
    try:
        float(text.replace(MINUS, "-"))
    except ValueError:
        return False
    return True


def node_title(graph: Graph, i: int) -> str:
    """What a node is, for the graph and the table: ``x``, ``sin``, ``+``, ``2·u``, ``3``."""
    node = graph.nodes[i]
    if node.op == INPUT:
        return graph.inputs[i]
    if node.op == CONST:
        return fmt_param(node.param)
    if node.op == HOLE:
        return HOLE_TEXT
    return op_text(node.op, node.param)
