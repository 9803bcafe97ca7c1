"""The gradient derived as a textbook stages it, with the engine's numbers.

For one target (the output y, or any computed node vₜ) at one point, three stages:

1. the chain rule in symbols: the seed v̄ₜ = 1, then v̄ⱼ = Σᵢ ∂vᵢ/∂vⱼ · v̄ᵢ over the nodes vᵢ
   that read vⱼ, from the target back to the inputs (the walkthrough's order and notation:
   partial first, then the adjoint it carries), and each input's derivative is its v̄;
2. the same equations with every local partial written as the op table's derivative rule
   (``notation.partial_formulas``: the one table's ``d_formula``);
3. the numbers: the rules at the engine's values, the engine's partials times the engine's
   adjoints, and the adjoint the engine found; undefined where the engine says so, with why.

The result is data (``Derivation``) and its ``stages()`` are rows of texts in the seed
post's notation; ``text`` and ``markdown`` render them here, ``latex`` with ``texmath``.
Nothing is recomputed: every number is the engine's (``engine.trace`` of the graph cut at
the target, whose values and partials are the whole graph's).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from guiad.anim import notation as n
from guiad.anim.evaltrace import product, undefined
from guiad.anim.texmath import tex, tex_text
from guiad.core import engine
from guiad.core.graph import CONST, Graph


@dataclass(frozen=True)
class Term:
    """What vᵢ passes back to vⱼ: ∂vᵢ/∂vⱼ · v̄ᵢ (both edges of vᵢ = vⱼ·vⱼ in one term)."""

    node: int  # i, the node that reads vⱼ
    rule: str  # the partial as the op table writes it, in symbols: "cos(v₁)"
    rule_at: str  # the same at the point's values: "cos(0.9093)"
    partial: float  # the engine's ∂vᵢ/∂vⱼ
    adjoint: float  # the engine's v̄ᵢ


@dataclass(frozen=True)
class Equation:
    node: int  # j: this equation gives v̄ⱼ
    terms: tuple[Term, ...]  # empty for the seed
    value: float  # the engine's v̄ⱼ


@dataclass(frozen=True)
class Row:
    """``lhs = sides[0] = sides[1] = …``; ``reason`` says why a number is undefined."""

    lhs: str
    sides: tuple[str, ...]
    reason: str = ""


@dataclass(frozen=True)
class Stage:
    title: str
    note: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Derivation:
    graph: Graph
    point: tuple[float, ...]
    target: int
    equations: tuple[Equation, ...]  # the seed first, then v̄ⱼ for j falling
    gradient: tuple[float, ...]  # the engine's v̄ of each input: ∂(target)/∂(input)
    reason: str = ""  # why the derivative is undefined at the point ('' where defined)

    @property
    def is_output(self) -> bool:
        return self.target == self.graph.output

    def target_name(self) -> str:
        return n.output_name(self.graph) if self.is_output else n.v(self.target)

    def derivative_name(self, k: int) -> str:
        """dy/dx with one input, ∂y/∂x1 with several (v₃ for y where v₃ is the target)."""
        top, several = self.target_name(), self.graph.n_inputs > 1
        return f"∂{top}/∂{self.graph.inputs[k]}" if several else f"d{top}/dx"

    def stages(self) -> tuple[Stage, Stage, Stage]:
        return (_symbols(self), _rules(self), _numbers(self))


def derive(graph: Graph, point: Sequence[float] | float, target: int | None = None) -> Derivation:
    """The derivation of ``target`` (default: the output) at ``point`` (one number per input)."""
    point = _point(graph, point)
    n.set_inputs(graph.n_inputs)
    target = graph.output if target is None else target
    if not 0 <= target <= graph.output:
        raise ValueError(f"the target must be a node, v₀ to {n.v(graph.output)}")
    if target < graph.n_inputs:  # y = x itself: the seed is the whole derivation
        unit = tuple(float(k == target) for k in range(graph.n_inputs))
        return Derivation(graph, point, target, (Equation(target, (), 1.0),), unit)
    cut = Graph(graph.nodes[: target + 1], graph.inputs)
    t = engine.trace(cut, [[p] for p in point] if len(point) > 1 else [point[0]])
    values = [float(v[0]) for v in t.values]
    needed = _needed(cut)
    equations = [Equation(target, (), float(t.adjoints[target][0]))]
    for j in range(target - 1, -1, -1):
        if needed[j]:
            terms = tuple(_term(cut, t, values, i, j) for i in _readers(cut, j, needed))
            equations.append(Equation(j, terms, float(t.adjoints[j][0])))
    gradient = tuple(float(t.adjoints[k][0]) for k in range(graph.n_inputs))
    return Derivation(graph, point, target, tuple(equations), gradient, undefined(t).reason)


def _point(graph: Graph, point) -> tuple[float, ...]:
    values = (float(point),) if isinstance(point, int | float) else tuple(map(float, point))
    if len(values) != graph.n_inputs:
        raise ValueError(f"give one value per input ({', '.join(graph.inputs)})")
    return values


def _needed(graph: Graph) -> list[bool]:
    """The nodes the last one is worked from that depend on an input (constants and what
    is made of them alone have no derivative to derive)."""
    depends = engine.depends_on(graph, range(graph.n_inputs))
    needed = [False] * len(graph.nodes)
    needed[-1] = True
    for i in range(len(graph.nodes) - 1, -1, -1):
        if needed[i]:
            for j in graph.nodes[i].inputs:
                needed[j] = depends[j] and graph.nodes[j].op != CONST
    return needed


def _readers(graph: Graph, j: int, needed: list[bool]) -> list[int]:
    """The needed nodes that read vⱼ, in the order the backward pass visits them."""
    readers = {i for i, node in enumerate(graph.nodes) if j in node.inputs and needed[i]}
    return sorted(readers, reverse=True)


def _term(graph: Graph, t: engine.Trace, values: list[float], i: int, j: int) -> Term:
    positions = [k for k, source in enumerate(graph.nodes[i].inputs) if source == j]
    rules = n.partial_formulas(graph, i)
    rules_at = n.partial_formulas(graph, i, values)
    partial = sum(float(t.partials[i][k][0]) for k in positions)

    def joined(texts: list[str]) -> str:
        return texts[0] if len(texts) == 1 else "(" + " + ".join(texts) + ")"

    return Term(
        i,
        joined([rules[k] for k in positions]),
        joined([rules_at[k] for k in positions]),
        partial,
        float(t.adjoints[i][0]),
    )


# ---- the three stages -------------------------------------------------------------------


def _sum(terms: list[str]) -> str:
    """``a + b``, and ``a − b`` where a term starts with a minus sign."""
    out = terms[0]
    for term in terms[1:]:
        out += f" {n.MINUS} {term[1:]}" if term.startswith(n.MINUS) else f" + {term}"
    return out


def _seed_row(d: Derivation, stage: int) -> Row:
    name = n.vbar(d.target)
    if stage == 1:
        sides = (n.bar(d.target_name()), "1") if d.is_output else ("1",)
    else:
        sides = ("1",) if stage == 2 else (n.fmt(d.equations[0].value),)
    return Row(name, sides)


def _symbols(d: Derivation) -> Stage:
    rows = [_seed_row(d, 1)]
    for eq in d.equations[1:]:
        terms = [f"{n.partial_name(term.node, eq.node)}·{n.vbar(term.node)}" for term in eq.terms]
        rows.append(Row(n.vbar(eq.node), (_sum(terms),)))
    rows += _gradient_rows(d, numbers=False)
    top = d.target_name()
    note = (
        f"The adjoint $v̄ᵢ = ∂{top}/∂vᵢ$, seeded with ${n.vbar(d.target)} = 1$; each $vⱼ$ gets "
        "$v̄ⱼ = Σᵢ ∂vᵢ/∂vⱼ·v̄ᵢ$ over the $vᵢ$ that read it."
    )
    return Stage("The chain rule", note, tuple(rows))


def _rules(d: Derivation) -> Stage:
    rows = [_seed_row(d, 2)]
    for eq in d.equations[1:]:
        rows.append(
            Row(n.vbar(eq.node), (_sum([product(t.rule, n.vbar(t.node)) for t in eq.terms]),))
        )
    note = "Each local partial $∂vᵢ/∂vⱼ$ written as its op's derivative rule."
    return Stage("The local partials", note, tuple(rows))


def _numbers(d: Derivation) -> Stage:
    title = f"The numbers at {_at_text(d)}"
    if d.reason:
        rows = [Row(n.vbar(eq.node), ("undefined",)) for eq in d.equations]
        rows[0] = Row(rows[0].lhs, rows[0].sides, d.reason)
        rows += _gradient_rows(d, numbers=True)
        return Stage(title, f"The derivative is undefined here: {d.reason}.", tuple(rows))
    rows = [_seed_row(d, 3)]
    for eq in d.equations[1:]:
        at = _sum([product(t.rule_at, n.fmt(t.adjoint)) for t in eq.terms])
        numbers = _sum([product(_partial_text(t), n.fmt(t.adjoint)) for t in eq.terms])
        rows.append(Row(n.vbar(eq.node), _distinct(at, numbers, n.fmt(eq.value))))
    rows += _gradient_rows(d, numbers=True)
    note = "The rules at the values of the forward pass, then the engine's partials and adjoints."
    return Stage(title, note, tuple(rows))


def _partial_text(term: Term) -> str:
    """A rule that is a number (the 1 of a sum) stays that number, so it is left out."""
    return term.rule if n.is_number_text(term.rule) else n.fmt(term.partial)


def _distinct(*sides: str) -> tuple[str, ...]:
    """The sides without one that repeats the side before it."""
    out: list[str] = []
    for side in sides:
        if not out or out[-1] != side:
            out.append(side)
    return tuple(out)


def _gradient_rows(d: Derivation, numbers: bool) -> list[Row]:
    rows = []
    used = {eq.node for eq in d.equations}
    for k in range(d.graph.n_inputs):
        symbol = n.vbar(k) if k in used else "0"  # no path from this input to the target
        if not numbers or (k not in used and not d.reason):
            sides: tuple[str, ...] = (symbol,)
        elif d.reason:
            sides = (symbol, "undefined")
        else:
            sides = _distinct(symbol, n.fmt(d.gradient[k]))
        rows.append(Row(d.derivative_name(k), sides, d.reason if numbers else ""))
    return rows


def _at_text(d: Derivation) -> str:
    """``$x = 2$``: the point as maths (the $…$ are for LaTeX; text drops them)."""
    names = d.graph.inputs
    if len(names) == 1:
        return f"$x = {n.point_text(d.point)}$"
    return f"$({', '.join(names)}) = {n.point_text(d.point)}$"


def heading(d: Derivation) -> str:
    """``Derivation of dy/dx at x = 2`` (of the gradient, with several inputs)."""
    if d.graph.n_inputs == 1:
        what = f"${d.derivative_name(0)}$"
    else:
        what = f"the gradient of ${d.target_name()}$"
    return f"Derivation of {what} at {_at_text(d)}"


# ---- renderers --------------------------------------------------------------------------


def _plain(note: str) -> str:
    """A note without the $…$ that mark its maths for LaTeX."""
    return note.replace("$", "")


def _row_text(row: Row) -> str:
    text = " = ".join((row.lhs, *row.sides))
    return f"{text}: {row.reason}" if row.reason else text


def text(d: Derivation) -> str:
    """Plain text: the heading, then each stage's title, note and equations."""
    out = [_plain(heading(d))]
    for k, stage in enumerate(d.stages(), start=1):
        out += ["", f"{k}. {_plain(stage.title)}", f"   {_plain(stage.note)}"]
        out += [f"   {_row_text(row)}" for row in stage.rows]
    return "\n".join(out) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def markdown(d: Derivation, level: int = 2) -> str:
    """A heading at ``level``, a sub-heading per stage, one equation per line."""
    hashes = "#" * level
    out = [f"{hashes} {_md(_plain(heading(d)))}", ""]
    for k, stage in enumerate(d.stages(), start=1):
        out += [f"{hashes}# {k}. {_md(_plain(stage.title))}", "", _md(_plain(stage.note)), ""]
        out += [f"- {_md(_row_text(row))}" for row in stage.rows]
        out.append("")
    return "\n".join(out)


_PARTIAL = re.compile(r"([∂d])([^∂/·\s]+)/\1([^∂/·\s]+)")


def _tex_side(text: str, fractions: bool = True) -> str:
    """A side as TeX, each ∂a/∂b and da/dx as a fraction (``tex`` writes the rest), or
    with a slash where ``fractions`` is False (in a line of words)."""
    if text == "undefined":
        return "\\text{undefined}"
    out, last = [], 0
    for m in _PARTIAL.finditer(text):
        d = "\\partial " if m.group(1) == "∂" else "\\mathrm{d}"
        top, bottom = d + tex(m.group(2)), d + tex(m.group(3))
        out.append(tex(text[last : m.start()]))
        out.append(f"\\frac{{{top}}}{{{bottom}}}" if fractions else f"{top}/{bottom}")
        last = m.end()
    out.append(tex(text[last:]))
    return "".join(out)


def _tex_note(note: str) -> str:
    """Words as text, the $…$ pieces as maths."""
    pieces = note.split("$")
    return "".join(
        f"${_tex_side(p, fractions=False)}$" if k % 2 else tex_text(p) for k, p in enumerate(pieces)
    )


def latex(d: Derivation, level: str = "subsection") -> str:
    """A ``\\subsection*`` (or ``level``), a paragraph per stage and its equations in an
    ``align*``; the reason the point is undefined, if it is, as text below (as the trace's
    tables do: too long for an equation)."""
    out = [f"\\{level}*{{{_tex_note(heading(d))}}}"]
    for k, stage in enumerate(d.stages(), start=1):
        out.append(f"\\paragraph{{{k}. {_tex_note(stage.title)}}} {_tex_note(stage.note)}")
        rows = [
            f"{_tex_side(row.lhs)} &= " + " = ".join(_tex_side(s) for s in row.sides)
            for row in stage.rows
        ]
        out.append("\\begin{align*}\n" + " \\\\\n".join(rows) + "\n\\end{align*}")
    return "\n".join(out) + "\n"
