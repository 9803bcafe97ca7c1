"""The expression parser and the canonical printer.

Graphs are checked against ones built by hand from nodes, and values against the math
module, so the parser is never its own reference.
"""

from __future__ import annotations

import math

import pytest

from guiad.core import evaluate, parse, to_expression
from guiad.core.expression import (
    MAX_LENGTH,
    ParseError,
    format_number,
    function_names,
    input_name_problem,
)
from guiad.core.graph import Graph, Node, chain_graph
from guiad.core.ops import ALIASES, OPS


def value_at(text: str, x: float) -> float:
    import numpy as np

    return float(evaluate(parse(text), np.array([x]), order=0).f[0])


# ---- what text becomes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("sin(x)", ["sin"]),
        ("exp(sin(sin(x)))", ["sin", "sin", "exp"]),
        ("2*x", [("scale", 2.0)]),
        ("x*2", [("scale", 2.0)]),
        ("x/4", [("scale", 0.25)]),
        ("x + 1", [("shift", 1.0)]),
        ("1 + x", [("shift", 1.0)]),
        ("x - 1", [("shift", -1.0)]),
        ("x**3", [("power", 3.0)]),
        ("x^3", [("power", 3.0)]),
        ("x^0.5", [("power", 0.5)]),
        ("-x", ["neg"]),
        ("1 - x", [("rsub", 1.0)]),
        ("-2 - x", [("rsub", -2.0)]),
        ("1/x", [("rdiv", 1.0)]),
        ("reciprocal(x)", ["reciprocal"]),
        ("3/x", [("rdiv", 3.0)]),
        ("-3/x", [("rdiv", -3.0)]),
        ("power(tanh(x), 2)", ["tanh", ("power", 2.0)]),
        ("scale(x, -1.5)", [("scale", -1.5)]),
        ("shift(x, 2)", [("shift", 2.0)]),
        ("+x", []),
        ("((x))", []),
    ],
)
def test_chains_from_text(text, chain):
    assert parse(text) == chain_graph(chain)
    assert parse(text).is_chain


def test_x_used_twice_makes_a_dag_with_binary_nodes():
    graph = parse("x*sin(x)")
    assert graph == Graph((Node("x"), Node("sin", (0,)), Node("mul", (0, 1))))
    assert not graph.is_chain
    assert graph.consumers()[0] == [1, 2]


def test_every_binary_operator():
    pairs = [("x+x", "add"), ("x-x", "sub"), ("x*x", "mul"), ("x/x", "div"), ("x^x", "pow")]
    for text, op in pairs:
        assert parse(text) == Graph((Node("x"), Node(op, (0, 0)))), text


def test_constant_folding_and_named_constants():
    assert parse("2*3*x") == chain_graph([("scale", 6.0)])
    assert parse("pi*x") == chain_graph([("scale", math.pi)])
    assert parse("e^x") == parse(f"{math.e!r}^x")
    assert parse("x - -1") == chain_graph([("shift", 1.0)])
    assert parse("2^10 + x") == chain_graph([("shift", 1024.0)])


def test_a_constant_expression_has_a_constant_output():
    graph = parse("2 + 3")
    assert graph.nodes[-1] == Node("const", (), 5.0)
    assert value_at("2 + 3", 7.0) == 5.0


def test_every_table_function_can_be_called_by_name():
    for name in function_names():
        op = OPS[name]
        text = f"{name}(x, {op.default})" if op.param else f"{name}(x)"
        graph = parse(text)
        assert graph.nodes[-1].op == name, text


def test_precedence_matches_the_usual_rules():
    for text, expected in [
        ("-x^2", lambda x: -(x**2)),
        ("2^x^2", lambda x: 2 ** (x**2)),
        ("x - x*x + x/2", lambda x: x - x * x + x / 2),
        ("(x + 1)*(x - 1)", lambda x: (x + 1) * (x - 1)),
        ("1 - 2 - x", lambda x: 1 - 2 - x),
        ("x/x/2", lambda x: x / x / 2),
    ]:
        assert value_at(text, 1.7) == pytest.approx(expected(1.7), rel=1e-15), text


# ---- aliases and unicode spellings ---------------------------------------------------------


@pytest.mark.parametrize(("alias", "name"), sorted(ALIASES.items()))
def test_aliases(alias, name):
    assert parse(f"{alias}(x)") == chain_graph([name])


@pytest.mark.parametrize(
    ("unicode", "ascii_"),
    [
        ("x^2", "x**2"),
        ("x²", "x**2"),
        ("x³", "x**3"),
        ("2×x", "2*x"),
        ("2·x", "2*x"),
        ("x − 1", "x - 1"),
        ("−x", "-x"),
        ("6÷x", "6/x"),
        ("π*x", "pi*x"),
        ("sin(x)²", "sin(x)**2"),
        ("x\n+\t1", "x + 1"),
    ],
)
def test_unicode_spellings(unicode, ascii_):
    assert parse(unicode) == parse(ascii_)


# ---- printing and round trips ----------------------------------------------------------------

ROUND_TRIPS = [
    "exp(sin(sin(x)))",
    "x*sin(x)",
    "-x^2",
    "(-x)^2",
    "2^(-x)",
    "x^(-2)",
    "-(-x)",
    "x - (x - x)",
    "x/(x/x)",
    "x^x^x",
    "(x^x)^x",
    "sin(x)^2 + cos(x)^2",
    "0.1*x + 1e+20",
    "-3",
    "x",
    "log1p(x^2)/sqrt(x + 1)",
]


@pytest.mark.parametrize("text", ROUND_TRIPS)
def test_round_trip(text):
    graph = parse(text)
    printed = to_expression(graph)
    assert parse(printed) == graph
    assert to_expression(parse(printed)) == printed  # canonical: printing is a fixed point


def test_canonical_forms():
    assert to_expression(parse("exp( sin( sin( x ) ) )")) == "exp(sin(sin(x)))"
    assert to_expression(parse("x**2 +1")) == "x^2 + 1"
    assert to_expression(parse("asin(x)")) == "arcsin(x)"
    assert to_expression(parse("x - 1")) == "x - 1"
    assert to_expression(parse("1e3*x")) == "1000*x"


def test_format_number_is_shortest_and_exact():
    for value in (0.1, 1 / 3, 2.0, -7.0, 1e300, 5e-324, math.pi):
        text = format_number(value)
        assert float(text) == value
    assert format_number(2.0) == "2"
    assert format_number(0.1) == "0.1"


# ---- errors: a message and the column of the problem ---------------------------------------


def error_of(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(text)
    return info.value


def test_unknown_function_names_its_column_and_the_known_names():
    err = error_of("sin(x) + foo(x)")
    assert err.column == 10
    assert "foo" in err.message
    for name in ("sin", "exp", "log1p", "sigmoid", "tanh"):
        assert name in err.message


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("x % 2", 3, "%"),
        ("(x) // 2", 5, "//"),
        ("x & 1", 3, "&"),
        ("x < 1", 1, "comparison"),
        ("x.real", 1, "attribute"),
        ("x[0]", 1, "indexing"),
        ("a+b+c+d+f+g+h+i+j", 17, "too many inputs (9: a, b, c, d, f, g, h, i, j); at most 8"),
        ("_y + 1", 1, "'_y' cannot be an input name"),
        ("2*sin", 3, "function"),
        ("sin(x, 2)", 1, "1 argument"),
        ("power(x)", 1, "2 argument"),
        ("power(x, x)", 10, "constant"),
        ("sin(x=1)", 1, "keyword"),
        ("'a'", 1, "not a number"),
        ("1j*x", 1, "not a number"),
        ("x/0", 2, "division by the constant 0"),
        ("1e999*x", 1, "too large"),
        ("x +", 3, "ends too early"),
        ("x^", 2, "ends too early, after '^'"),
        ("sin(x", 4, "never closed"),
        ("  bar(x)", 3, "unknown function"),
        ("π² + _q", 6, "'_q' cannot be an input name"),
        ("__import__('os')", 1, "unknown function"),
        ("lambda: x", 1, "lambda"),
    ],
)
def test_error_messages_and_columns(text, column, words):
    err = error_of(text)
    assert words in err.message
    assert err.column == column
    assert str(err).startswith(f"column {column}: ")


def test_empty_and_too_long_and_not_text():
    assert "empty" in error_of("   ").message
    assert "too long" in error_of("x+" * MAX_LENGTH).message
    with pytest.raises(ParseError):
        parse(None)  # type: ignore[arg-type]


def test_deep_nesting_is_refused_not_a_crash():
    assert "nested" in error_of("sin(" * 500 + "x" + ")" * 500).message
    assert "nested" in error_of("-" * 300 + "x").message
    assert error_of("(" * 5000 + "x" + ")" * 5000).message


@pytest.mark.parametrize("name", ["inf", "nan", "INF", "Infinity", "nAn"])
def test_words_that_read_as_numbers_are_not_inputs(name):
    with pytest.raises(ParseError, match=f"'{name}' reads as a number"):
        parse(f"x + {name}")


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("e", "is a constant"),
        ("pi", "is a constant"),
        ("sin", "is a function"),
        ("ln", "is a function"),
        ("lambda", "is a Python keyword"),
        ("inf", "reads as a number"),
        ("a" * 5000, "cannot be an input name"),
        ("_y", "cannot be an input name"),
        ("x y", "is not a name"),
        (3, "is not a name"),
    ],
)
def test_input_name_problem_says_what_the_parser_would(name, why):
    problem = input_name_problem(name)
    assert problem is not None
    assert why in problem
    assert len(problem) < 200  # one line, however long the name


@pytest.mark.parametrize("name", ["x", "y", "w1", "alpha", "x_2", "E", "Pi"])
def test_input_name_problem_accepts_what_the_parser_reads_back(name):
    assert input_name_problem(name) is None
    assert parse(f"{name} + x").inputs == tuple(sorted({name, "x"}, key=lambda n: (n != "x", n)))
