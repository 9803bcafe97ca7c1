"""Export as Python with several inputs: the script prints the whole gradient from its one
backward pass, and its f traces back to the graph."""

from __future__ import annotations

import inspect
import math
import subprocess
import sys

import pytest

import guiad
from guiad.anim.python_export import script_text
from guiad.core.expression import parse


def run(script: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )


def printed(out: str) -> dict[str, float]:
    lines = [line.split(" = ") for line in out.splitlines() if not line.startswith("v")]
    return {name: float(value) for name, value in lines}


def test_the_script_prints_f_and_every_partial():
    x, y = 1.0, 2.0
    result = run(script_text(parse("x*y + sin(x)"), (x, y)))
    assert result.returncode == 0, result.stderr
    # closed form: ∂f/∂x = y + cos x, ∂f/∂y = x
    assert printed(result.stdout) == pytest.approx(
        {"f": x * y + math.sin(x), "df/dx": y + math.cos(x), "df/dy": x}, rel=1e-15
    )


def test_the_inputs_come_in_guiads_order():
    # inputs (x, b, w); logistic loss ∂/∂w = -x·s, ∂/∂b = -s with s = 1/(1 + e^{wx+b})
    x, b, w = 0.8, -0.3, 1.7
    out = printed(run(script_text(parse("log(1 + exp(-(w*x + b)))"), (x, b, w))).stdout)
    s = 1 / (1 + math.exp(w * x + b))
    assert out["df/dw"] == pytest.approx(-x * s, rel=1e-14)
    assert out["df/db"] == pytest.approx(-s, rel=1e-14)
    assert out["df/dx"] == pytest.approx(-w * s, rel=1e-14)


@pytest.mark.parametrize("expr", ["x*y + sin(x)", "w*x + b", "a*b*c*d", "x + y - y"])
def test_the_exported_function_traces_back_to_the_graph(expr):
    graph = parse(expr)
    names = {"__name__": "exported"}
    point = [0.5] * graph.n_inputs
    exec(compile(script_text(graph, point), "exported.py", "exec"), names)  # noqa: S102 (our own script)
    assert guiad.graph_of(_named(graph.inputs, names["f"])) == graph


def _named(inputs, f):
    """f(inputs…, guiad) as a function whose parameters carry the inputs' names."""

    def traced(*args):
        return f(*args, guiad)

    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    traced.__signature__ = inspect.Signature([inspect.Parameter(n, kind) for n in inputs])
    return traced


def test_an_undefined_point_names_the_point():
    result = run(script_text(parse("log(x) + y"), (-1.0, 2.0)))
    assert result.returncode == 1
    assert result.stdout.startswith("f is undefined at (x, y) = (-1.0, 2.0): v2 = log(v0)")


def test_the_point_needs_one_finite_value_per_input():
    with pytest.raises(ValueError, match="one value per input"):
        script_text(parse("x*y"), 1.0)
    with pytest.raises(ValueError, match="finite"):
        script_text(parse("x*y"), (1.0, math.inf))
