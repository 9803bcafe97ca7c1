"""Notation text as TeX: the one converter the trace and derivation exports share.

Every character comes out as plain ASCII TeX (pdflatex needs no Unicode set-up): ``v̄₂`` is
``\\bar{v}_{2}``, ``cos(v₀)·dv₀/dx`` uses ``\\cos`` and ``\\cdot``, an input named ``x1``
is ``x_{1}``.
"""

from __future__ import annotations

import re

_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉₋", "0123456789-")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻ⁿᵛ", "0123456789-nv")
_KNOWN = {
    "sin",
    "cos",
    "tan",
    "exp",
    "log",
    "sinh",
    "cosh",
    "tanh",
    "arcsin",
    "arccos",
    "arctan",
    "max",
    "min",
}
_SYMBOLS = {
    "·": "\\cdot ",
    "−": "-",
    "σ": "\\sigma ",
    "∂": "\\partial ",
    "∞": "\\infty ",
    "≤": "\\le ",
    "π": "\\pi ",
    "ȳ": "\\bar{y}",
    "Σ": "\\sum ",
    "ᵢ": "_{i}",
    "ⱼ": "_{j}",
    "′": "'",
    "×": "\\times ",
    "÷": "\\div ",
    "√": "\\surd ",
    "∛": "\\sqrt[3]{\\cdot}",
    "\x01": "\\sqrt{",
    "\x03": "\\sqrt[3]{",
    "\x02": "}",
}
_OPERAND = r"(\([^()]*\)|v[₋₀-₉]+|[A-Za-z0-9.π]+)"
_TOKEN = re.compile(
    r"(?P<bar>v\u0304)|(?P<namebar>[A-Za-z])\u0304|(?P<sub>[₋₀-₉]+)|(?P<sup>[⁰-⁹⁻ⁿᵛ¹²³]+)|dv(?P<dvdx>[₋₀-₉]+)/dx"
    r"|(?P<word>[A-Za-z][A-Za-z0-9]+)|(?P<other>.)",
    re.S,
)


def tex(text: str) -> str:
    """Notation text (``v̄₂``, ``cos(v₀)·dv₀/dx``, ``1/(2√v₀)``) as ASCII math-mode TeX."""
    text = re.sub("√" + _OPERAND, lambda m: "\x01" + _unwrap(m.group(1)) + "\x02", text)
    text = re.sub("∛" + _OPERAND, lambda m: "\x03" + _unwrap(m.group(1)) + "\x02", text)
    text = re.sub(r"\^" + _OPERAND, lambda m: "^{" + _unwrap(m.group(1)) + "}", text)
    return "".join(_tex_token(m) for m in _TOKEN.finditer(text))


def _unwrap(operand: str) -> str:
    return operand[1:-1] if operand.startswith("(") else operand


def _tex_token(m: re.Match) -> str:
    piece = m.group()
    if m.group("bar"):
        return "\\bar{v}"
    if m.group("namebar"):  # an input's adjoint, x̄
        return f"\\bar{{{m.group('namebar')}}}"
    if m.group("sub"):
        return f"_{{{piece.translate(_SUBSCRIPTS)}}}"
    if m.group("sup"):
        return f"^{{{piece.translate(_SUPERSCRIPTS)}}}"
    if m.group("dvdx"):
        return f"\\mathrm{{d}}v_{{{m.group('dvdx').translate(_SUBSCRIPTS)}}}/\\mathrm{{d}}x"
    if m.group("word") in ("if", "else"):
        return f"\\text{{ {piece} }}"
    if m.group("word") and re.fullmatch(r"[A-Za-z][0-9]+", piece):  # an input x1 reads x₁
        return f"{piece[0]}_{{{piece[1:]}}}"
    if m.group("word"):
        return f"\\{piece} " if piece in _KNOWN else f"\\operatorname{{{piece}}}"
    return _SYMBOLS.get(piece, piece if piece.isascii() else "?")


_TEXT_ESCAPES = {
    "#": "\\#",
    "$": "\\$",
    "%": "\\%",
    "&": "\\&",
    "_": "\\_",
    "{": "\\{",
    "}": "\\}",
    "^": "\\^{}",
    "~": "\\~{}",
    "\\": "\\textbackslash{}",
}


def tex_text(text: str) -> str:
    """Plain text for a heading: TeX's special characters escaped, other pieces in $…$."""

    def piece(m: re.Match) -> str:
        return _TEXT_ESCAPES.get(m.group()) or f"${tex(m.group())}$"

    return re.sub(r"[^\x20-\x7e]+|[#$%&_{}\\^~]", piece, text)
