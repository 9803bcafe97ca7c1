"""A graph with an open port (a sketch's hole, ``?`` typed) is refused by every transform
with the port named: it gave NaN at numbers and a KeyError at Values or when nested."""

from __future__ import annotations

import json

import pytest

import guiad
from guiad.core.expression import parse
from guiad.core.sketch import Sketch
from guiad.core.tracing import TracingError


def _half_built():
    """x · sin(□) as the canvas holds it while the sin still has no input."""
    s, x = Sketch().add_input((0, 0))
    s, mul = s.apply_to(x, "mul", (2, 0))
    s, sin = s.add_op("sin", (1, 1))
    s = s.connect(sin, mul, 1).with_output(mul)
    graph, _ = s.to_graph()
    return graph


CALLS = {
    "value_and_grad": lambda g: guiad.value_and_grad(g, 2.0),
    "grad": lambda g: guiad.grad(g)(2.0),
    "grad of a Value": lambda g: guiad.grad(g)(guiad.Value(2.0)),
    "grad of grad": lambda g: guiad.grad(guiad.grad(g))(2.0),
    "jvp": lambda g: guiad.jvp(g, (2.0,), (1.0,)),
    "vjp": lambda g: guiad.vjp(g, 2.0),
    "hessian": lambda g: guiad.hessian(g)(2.0),
    "jacobian": lambda g: guiad.jacobian(g)(2.0),
}


@pytest.mark.parametrize("name", CALLS)
def test_every_transform_names_the_open_port(name):
    graph = _half_built()
    with pytest.raises(TracingError) as caught:
        CALLS[name](graph)
    assert "has an open port (the input of sin is not connected)" in str(caught.value)


def test_a_typed_question_mark_is_refused_the_same_way():
    with pytest.raises(TracingError, match=r"x\*sin\(\?\) has an open port \(the input of sin"):
        guiad.grad("x*sin(?)")(2.0)


def test_the_same_graph_filled_in_is_differentiated():
    assert guiad.value_and_grad(parse("x*sin(x)"), 2.0)[1] == pytest.approx(
        0.9092974268256817 + 2 * -0.4161468365471424, rel=1e-15
    )  # sin 2 + 2 cos 2


def test_the_command_line_names_the_output_with_the_open_port(capsys):
    from guiad.cli.main import main

    assert main(["eval", "x, sin(?)", "--at", "2", "--json"]) == 2
    err = capsys.readouterr().err
    assert "output 2 ('sin(?)'): the input of sin is not connected" in err
    assert main(["eval", "x, sin(x)", "--at", "2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["points"][0]["f"][0] == 2.0
