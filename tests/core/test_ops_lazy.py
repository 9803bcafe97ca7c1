"""The op table compiles each rule on its op's first use: the results are the same bits.

References are written here by hand with numpy (not compiled from the table's text), and a
fresh interpreter checks the seed digits with nothing compiled before its first trace.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from guiad.core.ops import OPS, Op

U = np.linspace(-3.0, 3.0, 61)
POSITIVE = np.linspace(0.05, 4.0, 61)

# op → (argument, value, first partial, second partial), numpy by hand
BY_HAND = {
    "sin": (U, np.sin, np.cos, lambda u: -np.sin(u)),
    "cos": (U, np.cos, lambda u: -np.sin(u), lambda u: -np.cos(u)),
    "exp": (U, np.exp, np.exp, np.exp),
    "log": (POSITIVE, np.log, lambda u: 1.0 / u, lambda u: -1.0 / (u * u)),
    "tanh": (U, np.tanh, lambda u: (1.0 / np.cosh(u)) ** 2, None),
    "square": (U, lambda u: u * u, lambda u: 2.0 * u, None),
    "arctan": (U, np.arctan, lambda u: 1.0 / (1.0 + u * u), None),
    "sqrt": (POSITIVE, np.sqrt, lambda u: 0.5 / np.sqrt(u), None),
}


def fresh(op: Op) -> Op:
    """A copy of the entry with nothing compiled yet."""
    return dataclasses.replace(op)


@pytest.mark.parametrize("name", sorted(BY_HAND))
def test_rules_compiled_on_first_use_give_numpys_bits(name):
    u, value, d1, d2 = BY_HAND[name]
    op = fresh(OPS[name])
    y = op.value((u,), None)
    np.testing.assert_array_equal(y, value(u))
    np.testing.assert_array_equal(op.d1((u,), y, None)[0], d1(u))
    if d2 is not None:
        np.testing.assert_array_equal(op.d2((u,), y, None)[0], d2(u))


def test_every_rule_of_every_op_compiles_and_answers_per_input():
    for op in OPS.values():
        args = (POSITIVE,) if op.arity == 1 else (POSITIVE, POSITIVE[::-1])
        p = op.default if op.param is not None else None
        with np.errstate(all="ignore"):
            y = op.value(args, p)
            partials = op.d1(args, y, p)
            second = op.d2(args, y, p)
        assert np.shape(y) == POSITIVE.shape, op.name
        assert len(partials) == op.arity, op.name
        assert len(second) == (1 if op.arity == 1 else 3), op.name


def test_a_rule_naming_an_unknown_function_fails_on_first_use():
    op = dataclasses.replace(OPS["sin"], value_rule="sinn(u)")
    with pytest.raises(ValueError, match="sinn"):
        op.value((U,), None)


def test_ops_compiled_by_racing_threads_agree_with_one_compiled_alone():
    ops = [fresh(OPS["tanh"]) for _ in range(8)]
    results: list = [None] * len(ops)
    start = threading.Barrier(len(ops))

    def run(i: int) -> None:
        start.wait()
        y = ops[i].value((U,), None)
        results[i] = (y, ops[i].d1((U,), y, None)[0])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(ops))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for y, dy in results:
        np.testing.assert_array_equal(y, np.tanh(U))
        np.testing.assert_array_equal(dy, (1.0 / np.cosh(U)) ** 2)


def test_the_seed_digits_in_a_fresh_interpreter():
    code = (
        "from guiad.core.engine import trace\n"
        "from guiad.core.expression import parse\n"
        "t = trace(parse('exp(sin(sin(x)))'), 2.0)\n"
        "print(repr(float(t.f)), repr(float(t.df)))\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    ).stdout.split()
    assert out == ["2.2013533791690376", "-0.562752038662712"]
