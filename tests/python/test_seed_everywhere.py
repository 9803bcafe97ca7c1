"""The seed's digits, (2.2013533791690376, -0.562752038662712), through every entry point."""

from __future__ import annotations

import json

import pytest

import guiad

F, DF = 2.2013533791690376, -0.562752038662712


def seed(x):
    return guiad.exp(guiad.sin(guiad.sin(x)))


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("reverse_mode", lambda: guiad.reverse_mode([guiad.sin, guiad.sin, guiad.exp], 2.0)),
        ("forward_mode", lambda: guiad.forward_mode([guiad.sin, guiad.sin, guiad.exp], 2.0)),
        ("value_and_grad", lambda: guiad.value_and_grad(seed, 2.0)),
        ("value_and_grad by name", lambda: guiad.value_and_grad(seed, x=2.0)),
        ("value_and_grad of text", lambda: guiad.value_and_grad("exp(sin(sin(x)))", 2.0)),
        ("value_and_grad(f)(x)", lambda: guiad.value_and_grad(seed)(2.0)),
        ("grad", lambda: (F, guiad.grad(seed)(2.0))),
        ("jvp", lambda: guiad.jvp(seed, (2.0,), (1.0,))),
        ("vjp", lambda: (lambda out, fn: (out, fn(1.0)[0]))(*guiad.vjp(seed, 2.0))),
        ("jacobian forward", lambda: (F, float(guiad.jacobian(seed, mode="forward")(2.0)[0, 0]))),
        ("jacobian reverse", lambda: (F, float(guiad.jacobian(seed, mode="reverse")(2.0)[0, 0]))),
        ("trace", lambda: (float(guiad.trace(seed, 2.0).f), float(guiad.trace(seed, 2.0).df))),
    ],
)
def test_the_seed_digits(name, call):
    assert call() == (F, DF)


def test_the_seed_digits_as_values():
    x = guiad.Value(2.0)
    y = seed(x)
    y.backward()
    assert (y.value, x.grad) == (F, DF)
    assert guiad.grad(seed)(guiad.Value(2.0)).value == DF


def test_the_seed_digits_from_the_command_line_with_another_output(capsys):
    from guiad.cli.main import main

    assert main(["eval", "exp(sin(sin(x))), x", "--at", "2", "--json"]) == 0
    (point,) = json.loads(capsys.readouterr().out)["points"]
    assert (point["f"][0], point["grad"][0]["x"]) == (F, DF)
