"""Forward mode over graphs holding a constant node (3^x, 2^sin(x), a constant function).

Found by the GUI monkey test: the forward-mode timeline raised KeyError for any graph with a
constant, so the walkthrough showed "cannot be built: 1". A constant's dot is 0.
"""

from __future__ import annotations

import math

import pytest

from guiad.anim.timeline import Kind, Mode, Timeline
from guiad.core.expression import parse

X0 = 0.8
# (expression, f′(X0) by hand)
CASES = [
    ("3^x", 3**X0 * math.log(3)),
    ("2^sin(x)", 2 ** math.sin(X0) * math.log(2) * math.cos(X0)),
    ("3", 0.0),
    ("pi", 0.0),
]


@pytest.mark.parametrize(("text", "derivative"), CASES)
def test_forward_mode_ends_with_the_closed_form_derivative(text, derivative):
    timeline = Timeline(parse(text), X0, Mode.FORWARD)
    done = timeline.steps[-1]
    assert done.kind is Kind.DONE
    assert done.number == pytest.approx(derivative, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(("text", "derivative"), CASES)
def test_a_constant_shows_a_dot_of_zero(text, derivative):
    graph = parse(text)
    timeline = Timeline(graph, X0, Mode.FORWARD)
    constants = [i for i, node in enumerate(graph.nodes) if node.op == "const"]
    assert constants
    last = timeline.steps[-1].frame
    assert all(last.dots[i] == 0.0 for i in constants)
