"""Export as Python: the standalone script prints the same f and f′ as the core."""

from __future__ import annotations

import ast
import builtins
import math
import subprocess
import sys

import pytest

from guiad.anim.python_export import script_text, write_script
from guiad.core.engine import trace
from guiad.core.expression import parse
from guiad.core.graph import Graph, Node
from guiad.core.ops import FUNCTIONS, OPS, rule_names

X0 = 0.7  # inside every op's domain, for the graphs built from the table below


def op_graph(name: str) -> Graph:
    """The op alone, from its table entry: op(x) (with its default constant), or, with two
    inputs, op(x, sin(x))."""
    op = OPS[name]
    if op.arity == 1:
        return Graph((Node("x"), Node(name, (0,), op.default)))
    return Graph((Node("x"), Node("sin", (0,)), Node(name, (0, 1))))


# expressions in the ops, as users write them, at points inside their domains
CASES = {
    "sin": ("sin(x)", 2.0),
    "cos": ("cos(x)", 2.0),
    "tan": ("tan(x)", 0.7),
    "arcsin": ("arcsin(x)", 0.3),
    "arccos": ("arccos(x)", -0.4),
    "arctan": ("arctan(x)", 1.7),
    "exp": ("exp(sin(sin(x)))", 2.0),
    "log": ("log(x)", 3.5),
    "sqrt": ("sqrt(x)", 2.5),
    "log1p": ("log1p(x)", 0.25),
    "expm1": ("expm1(x)", -0.3),
    "tanh": ("tanh(x)", 0.8),
    "sinh": ("sinh(x)", 1.1),
    "cosh": ("cosh(x)", 1.1),
    "sigmoid": ("sigmoid(x)", -1.3),
    "softplus": ("softplus(x)", 0.9),
    "relu": ("relu(x)", 0.6),
    "abs": ("abs(x)", -0.6),
    "square": ("square(x)", 1.7),
    "cbrt": ("cbrt(x)", -2.7),
    "erf": ("erf(sin(x))", 0.4),
    "reciprocal": ("reciprocal(x)", 1.7),
    "rsub": ("2 - x", 1.7),
    "rdiv": ("3/x", 1.7),
    "neg": ("-x", 1.7),
    "scale": ("3*x", 1.7),
    "shift": ("x + 2.5", 1.7),
    "power": ("x**3.5", 1.7),
    "add": ("x + sin(x)", 1.2),
    "sub": ("x - sin(x)", 1.2),
    "mul": ("x*sin(x)", 2.0),
    "div": ("sin(x)/(1 + x*x)", 0.3),
    "pow": ("x**sin(x)", 1.4),
}


def run_script(text: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", text], capture_output=True, text=True, timeout=60, check=True
    )
    out: dict[str, float] = {}
    for line in done.stdout.splitlines():
        if line.startswith("f = "):
            out["f"] = float(line[4:])
        elif line.startswith("f' = "):
            out["df"] = float(line[5:])
    return out


def same_to_15_digits(a: float, b: float) -> bool:
    """Agree to 15 significant digits: relative difference below half a unit of the 15th.

    (Comparing printed digits would fail on a 1-ulp difference that happens to straddle a
    rounding boundary, e.g. numpy's arcsin and math.asin.)
    """
    return abs(a - b) <= 5e-15 * abs(b)


def test_every_function_a_rule_calls_has_a_math_version():
    for op in OPS.values():
        for rule in (op.value_rule, *op.d1_rules):
            for name in rule_names(rule):
                text = FUNCTIONS[name][1]
                assert text or hasattr(builtins, name), (op.name, name)
        assert len(op.d1_rules) == op.arity


def test_every_case_exercises_its_op():
    for name, (text, _) in CASES.items():
        assert name in {node.op for node in parse(text).nodes}, name


def test_the_script_uses_only_math_and_never_eval():
    tree = ast.parse(script_text(parse("x*sin(x) + exp(x)**2.5"), 0.7))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported == {"math"}
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert not names & {"eval", "exec", "__import__", "compile"}


def test_seed_example_prints_the_seed_digits(tmp_path):
    path = tmp_path / "seed.py"
    write_script(parse("exp(sin(sin(x)))"), 2.0, path)
    out = run_script(path.read_text(encoding="utf-8"))
    assert out["f"] == pytest.approx(2.2013533791690376, rel=1e-15)
    assert out["df"] == pytest.approx(-0.562752038662712, rel=1e-15)


def same_f_and_derivative(graph: Graph, x0: float) -> None:
    t = trace(graph, x0)
    out = run_script(script_text(graph, x0))
    assert same_to_15_digits(out["f"], float(t.values[-1])), (out["f"], float(t.values[-1]))
    assert same_to_15_digits(out["df"], float(t.adjoints[0])), (out["df"], float(t.adjoints[0]))


@pytest.mark.parametrize("name", sorted(OPS))
def test_script_prints_the_same_f_and_derivative_as_the_core_for_every_op(name):
    same_f_and_derivative(op_graph(name), X0)


@pytest.mark.parametrize("name", sorted(CASES))
def test_script_prints_the_same_f_and_derivative_as_the_core(name):
    text, x0 = CASES[name]
    same_f_and_derivative(parse(text), x0)


def test_script_prints_every_node_with_its_partials_and_adjoint():
    graph = parse("x*sin(x)")
    done = subprocess.run(
        [sys.executable, "-c", script_text(graph, 2.0)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    rows = [line for line in done.stdout.splitlines() if line.startswith("v")]
    t = trace(graph, 2.0)
    assert len(rows) == 3
    for i, row in enumerate(rows):
        assert f"value = {float(t.values[i])!r}" in row
        assert f"adjoint = {float(t.adjoints[i])!r}" in row
    assert f"partials = [{float(t.partials[2][0])!r}, {float(t.partials[2][1])!r}]" in rows[2]


def test_constants_and_parameters_are_carried_over():
    graph = Graph(
        (Node("x"), Node("const", (), 1.5), Node("mul", (0, 1)), Node("shift", (2,), -0.25))
    )
    out = run_script(script_text(graph, 3.0))
    assert out["f"] == 3.0 * 1.5 - 0.25
    assert out["df"] == 1.5


def test_x0_must_be_finite():
    with pytest.raises(ValueError, match="finite"):
        script_text(parse("sin(x)"), float("nan"))


def test_an_undefined_point_gives_a_message_not_a_traceback():
    done = subprocess.run(
        [sys.executable, "-c", script_text(parse("log(sin(x))"), 4.0)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "undefined at x = 4.0" in done.stdout
    assert "Traceback" not in done.stderr


def run_undefined(text: str, x0: float) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-c", script_text(parse(text), x0)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stderr
    assert done.returncode == 1
    return done


# (expression, x0, the op whose local partial is undefined there), each checked against the core
ONLY_DERIVATIVE_UNDEFINED = [
    ("sqrt(x)", 0.0, "sqrt"),
    ("exp(sqrt(x))", 0.0, "sqrt"),
    ("x**0.5", 0.0, "power"),
    ("arcsin(x)", 1.0, "arcsin"),
    ("sqrt(x)*0", 0.0, "sqrt"),
]


@pytest.mark.parametrize(("text", "x0", "op"), ONLY_DERIVATIVE_UNDEFINED)
def test_where_only_f_prime_is_undefined_the_script_says_so_and_prints_f(text, x0, op):
    t = trace(parse(text), x0)
    assert math.isfinite(t.f)  # the core agrees: f is defined here ...
    assert not math.isfinite(t.df)  # ... and f′ is not
    lines = run_undefined(text, x0).stdout.splitlines()
    assert [line for line in lines if line.startswith("f is undefined")] == []
    assert same_to_15_digits(float(lines[0].removeprefix("f = ")), float(t.f))
    assert lines[1].startswith(f"f' is undefined at x = {x0!r}")
    assert f"= {op}(v0)" in lines[1]  # the node
    assert "local partial" in lines[1]  # why
    assert OPS[op].d_formula in lines[1]


@pytest.mark.parametrize(("text", "x0"), [("log(sin(x))", 4.0), ("1/x", 0.0), ("log(x)", 0.0)])
def test_where_f_is_undefined_the_script_says_f(text, x0):
    assert not math.isfinite(trace(parse(text), x0).f)  # the core agrees
    out = run_undefined(text, x0).stdout
    assert out.startswith(f"f is undefined at x = {x0!r}: v")
    assert "f' is undefined" not in out
