"""Markdown and LaTeX of the evaluation trace: rows equal the trace, LaTeX that compiles."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter

import pytest

from guiad.anim import notation as n
from guiad.anim.evaltrace import evaluation_trace
from guiad.anim.timeline import Mode, Timeline
from guiad.anim.trace_export import (
    COLOR_NAMES,
    latex_document,
    latex_fragment,
    latex_tables,
    markdown,
    tex,
    tikz,
)
from guiad.core.engine import trace
from guiad.core.expression import parse
from guiad.core.graph import Graph, Node
from guiad.core.ops import OPS

COLORS = dict.fromkeys(COLOR_NAMES, "#123456")
EXAMPLES = ["exp(sin(sin(x)))", "x*sin(x)", "sqrt(x)/x - sin(x)*x", "2^x", "log(sin(x))"]


def _timeline(expr: str, mode: Mode = Mode.REVERSE, x0: float = 2.0) -> Timeline:
    timeline = Timeline(parse(expr), x0, mode)
    timeline.end()
    return timeline


@pytest.mark.parametrize("mode", list(Mode))
@pytest.mark.parametrize("expr", EXAMPLES)
def test_markdown_rows_are_the_trace(expr, mode):
    rows = [
        [cell.strip() for cell in line.strip("|").split(" | ")]
        for line in markdown(_timeline(expr, mode)).splitlines()
        if line.startswith("| ") and not line.startswith(("| statement", "| ---"))
    ]
    lines = evaluation_trace(trace(parse(expr), 2.0), mode.value)
    assert rows == [[line.statement.replace("|", "\\|"), n.fmt(line.value)] for line in lines]


def _balanced(text: str) -> None:
    """ASCII only, braces balanced, every environment opened is closed."""
    assert text.isascii()
    assert text.count("{") == text.count("}")
    opened = Counter(re.findall(r"\\begin\{(\w+)\}", text))
    assert opened == Counter(re.findall(r"\\end\{(\w+)\}", text))
    assert opened["tikzpicture"] == 1


@pytest.mark.parametrize("expr", EXAMPLES)
def test_latex_has_every_node_and_number(expr):
    timeline = _timeline(expr)
    text = latex_fragment(timeline, COLORS)
    _balanced(text)
    for i in range(len(timeline.graph.nodes)):
        assert f"(n{i})" in text
    for value in timeline.frame.values.values():
        assert tex(n.fmt(value)) in text
    for value in timeline.frame.adjoints.values():
        assert tex(n.fmt(value)) in text


def test_the_picture_shows_only_what_the_step_has_shown():
    timeline = Timeline(parse("exp(sin(sin(x)))"), 2.0)
    timeline.seek(1)  # v₀ and the first partial at most: v₃'s value is not known yet
    assert "v_{3} = " not in tikz(timeline)
    timeline.end()
    assert "v_{3} = 2.2014" in tikz(timeline)


@pytest.mark.parametrize("name", sorted(OPS))
def test_every_ops_texts_become_plain_tex(name):
    op = OPS[name]
    nodes = (
        (Node("x"), Node("sin", (0,)), Node(name, (0, 1)))
        if op.arity == 2
        else (Node("x"), Node(name, (0,), op.default))
    )
    graph = Graph(nodes)
    i = graph.output
    for text in (n.node_title(graph, i), n.value_formula(graph, i), *n.partial_formulas(graph, i)):
        converted = tex(text)
        assert converted.isascii()
        assert "?" not in converted, (text, converted)


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
@pytest.mark.parametrize(
    "expr",
    [
        "x*sin(x)",
        "sqrt(x)/x - sin(x)*x",
        "2*x^3 - 1",  # a caret in the title broke pdflatex ("Missing { inserted")
        "+".join(["sin(x)*cos(x)"] * 12),  # a title too long to print: the graph's size instead
        "log(x1) + x1*x2 - sin(x2)",  # the derivation of a gradient; x1 as x_{1}
        "log(x - 3)",  # undefined at 2: the derivation's numbers say so
    ],
)
def test_the_document_compiles_with_pdflatex(tmp_path, expr):
    (tmp_path / "trace.tex").write_text(latex_document(_timeline(expr), COLORS))
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "trace.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "trace.pdf").stat().st_size > 1000


@pytest.mark.parametrize("mode", list(Mode))
def test_an_undefined_point_prints_no_adjoint_or_tangent_number(mode):
    """Issue 22 item 1: `guiad export "log(sin(x))" --x0 -1` printed f′ = v̄₀ | −0.6421."""
    timeline = _timeline("log(sin(x))", mode, x0=-1.0)
    text = markdown(timeline)
    why = "log (v2): log of a number ≤ 0"
    assert f"| v₂ = log(v₁) | undefined: {why} |" in text
    table, derivation = text.split("\n## Derivation")
    assert derivation.splitlines()[-1] == f"- dy/dx = v̄₀ = undefined: {why}"
    assert (
        table.rstrip()
        .splitlines()[-1]
        .endswith(
            f"= dv₂/dx | undefined: {why} |"
            if mode is Mode.FORWARD
            else f"f′ = v̄₀ | undefined: {why} |"
        )
    )
    assert "−0.6421" not in text
    assert "−1.1884" not in text
    latex = latex_tables(timeline)
    assert "-0.6421" not in latex
    assert "-1.1884" not in latex
    assert latex.endswith("Undefined: log (v2): log of a number $\\le $ 0")
