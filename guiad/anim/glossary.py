"""Words for a beginner: what the walkthrough's symbols mean, in plain language, pure.

One home for these words: the glossary tooltips over the walkthrough's labels and the tutor's
prompt, the note shown the first time the backward pass starts, and docs/user-guide.md (a
test checks the guide says the same).
"""

from __future__ import annotations

import re
import unicodedata

from guiad.anim.notation import BAR

VALUE = "vᵢ is the value of node i: the number it computes on the way forward."
ADJOINT = (
    "v̄ᵢ (“v-bar i”, the adjoint of vᵢ) is ∂y/∂vᵢ: how much the output y changes for a small "
    "change in vᵢ, everything after vᵢ following along. Reverse mode computes the adjoints from "
    "y back to the inputs; an input's adjoint (x̄) is ∂f/∂x."
)
DOT = (
    "v̇ᵢ (“v-dot i”, written dvᵢ/dx) is how much vᵢ changes for a small change in the input x "
    "(with several inputs, in the input of this pass: ∂vᵢ/∂y). Forward mode carries it from the "
    "inputs to y, alongside the values."
)
PARTIAL = (
    "∂vᵢ/∂vⱼ, a local partial, is how much node vᵢ changes for a small change in its input vⱼ "
    "alone: the op's own derivative at this point, known as soon as vᵢ is computed."
)
BACKWARD_NOTE = (
    "The backward pass starts. ȳ = 1 is its seed: the output y changes exactly as much as "
    "itself (∂y/∂y = 1). From here each node gets its adjoint v̄ᵢ = ∂y/∂vᵢ, how much y changes "
    "for a small change in vᵢ. We go right to left because a node's adjoint needs the adjoints "
    "of the nodes that use it, which sit nearer the output: v̄ⱼ = Σ ∂vᵢ/∂vⱼ · v̄ᵢ. A node used "
    "twice gets two contributions, added with +=. One pass back gives the derivative by every "
    "input at once."
)
ENTRIES = (ADJOINT, DOT, PARTIAL, VALUE)  # the guide's glossary, in this order

_SUB = "₋₀₁₂₃₄₅₆₇₈₉ᵢⱼ"
_PARTIAL = re.compile(f"∂v[{_SUB}]+/∂v[{_SUB}]+")
_DOT = re.compile(f"dv[{_SUB}]+/dx|∂v[{_SUB}]+/∂(?!v[{_SUB}])\\w")
_VALUE = re.compile(f"(?<![∂d])v[{_SUB}]+(?!{BAR})")


def entries_for(text: str) -> list[str]:
    """The glossary entries for the symbols ``text`` shows (adjoint, dot, partial, value)."""
    decomposed = unicodedata.normalize("NFD", text)  # ȳ, x̄: a letter and a macron
    found = []
    if BAR in decomposed:
        found.append(ADJOINT)
    if _DOT.search(text):
        found.append(DOT)
    if _PARTIAL.search(text):
        found.append(PARTIAL)
    if not found and _VALUE.search(decomposed):
        found.append(VALUE)
    return found


def tooltip(text: str) -> str:
    """The tooltip for a label showing ``text``: its entries, a paragraph each ("" if none)."""
    return "\n\n".join(entries_for(text))
