"""Errors a user can act on: a foreign function named with the guiad op to use, what a
traced value cannot do and why, the inputs by name, and a notebook cell by its number."""

from __future__ import annotations

import linecache
import math
import sys
import types

import numpy as np
import pytest

import guiad
from guiad.core.tracing import TracingError


@pytest.mark.parametrize(
    ("f", "words"),
    [
        (
            math.sin,
            "math.sin is Python's own function of numbers: guiad cannot trace it; use guiad.sin",
        ),
        (
            math.asin,
            "math.asin is Python's own function of numbers: guiad cannot trace it; "
            "use guiad.arcsin",
        ),
        (math.gamma, "guiad has no op for it (guiad.primitive makes one"),
        (np.sin, "np.sin is numpy's own function: guiad cannot trace it; use guiad.sin"),
        (np.absolute, "use guiad.abs"),
    ],
)
def test_passing_math_or_numpy_itself_names_it_and_the_op_to_use(f, words):
    with pytest.raises(TracingError) as info:
        guiad.value_and_grad(f, 2.0)
    assert words in str(info.value)
    assert "value_and_grad" not in str(info.value)


def test_pythons_abs_works_as_the_function_itself():
    assert guiad.value_and_grad(abs, -2.0) == (2.0, -1.0)


def test_math_inside_a_function_names_the_call_the_line_and_the_op():
    def f(x):
        return math.exp(x) + 1

    with pytest.raises(TracingError) as info:
        guiad.grad(f)(1.0)
    message = str(info.value)
    assert "math.exp(), which guiad does not know (use guiad.exp), was called" in message
    assert "in f: return math.exp(x) + 1" in message


@pytest.mark.parametrize(
    ("f", "words"),
    [
        (lambda x: round(x), "round() was called on a traced value: rounding jumps"),
        (lambda x: int(x), "int() or an index was asked of a traced value: a whole number"),
        (lambda x: [1.0, 2.0][x], "int() or an index was asked of a traced value"),
        (lambda x: math.floor(x), "round() was called on a traced value"),
        (lambda x: bool(x), "branches on a traced value (if, while, and, or)"),
        (lambda x: x < 1.0, "compares a traced value: the answer could change with the input"),
        (lambda x: x == 1.0, "compares a traced value"),
    ],
)
def test_what_a_traced_value_cannot_do_says_why(f, words):
    with pytest.raises(TracingError) as info:
        guiad.value_and_grad(f, 2.0)
    assert words in str(info.value)
    assert "test_errors.py" in str(info.value)


def test_two_positional_inputs_work_and_a_third_is_refused_by_count():
    assert guiad.value_and_grad(lambda x, y: x * y, 2.0, 3.0) == (6.0, (3.0, 2.0))
    with pytest.raises(TypeError, match=r"<lambda> takes 2 input\(s\) \(x, y\), 3 were given"):
        guiad.value_and_grad(lambda x, y: x * y, 2.0, 3.0, 4.0)


def test_a_keyword_input_that_is_not_a_parameter_is_named():
    assert guiad.value_and_grad(lambda t: guiad.sin(t), t=2.0)[0] == math.sin(2.0)
    with pytest.raises(ValueError, match="the inputs are t: unknown s"):
        guiad.value_and_grad(lambda t: guiad.sin(t), s=2.0)


def test_a_notebook_cells_error_names_the_cell_and_line(monkeypatch):
    # what ipykernel does: each cell is compiled under a temporary file's name, which its
    # compiler maps to the cell's execution count (as IPython's tracebacks show it)
    filename = "/tmp/ipykernel_4242/2213482317.py"
    source = "import math\n\ndef f(x):\n    return math.sin(x)\n"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    shell = types.SimpleNamespace(compile=types.SimpleNamespace(_filename_map={filename: 7}))
    ipython = types.ModuleType("IPython")
    ipython.get_ipython = lambda: shell
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    namespace: dict = {}
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 (the cell above)
    try:
        with pytest.raises(TracingError) as info:
            guiad.graph_of(namespace["f"])
    finally:
        linecache.cache.pop(filename, None)
    message = str(info.value)
    assert "(at cell 7, line 4, in f: return math.sin(x))" in message
    assert "ipykernel" not in message
    assert "2213482317" not in message


def test_a_terminal_ipython_cell_is_named_by_its_number():
    source = "def f(x):\n    return x > 0\n"
    namespace: dict = {}
    exec(compile(source, "<ipython-input-12-0123abcd>", "exec"), namespace)  # noqa: S102
    with pytest.raises(TracingError, match=r"at cell 12, line 2"):
        guiad.graph_of(namespace["f"])
