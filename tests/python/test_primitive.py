"""guiad.primitive: your own op, usable in Python, in typed expressions and by the engine;
its rule checked against a central difference, a wrong one reported with both numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest

import guiad
from guiad.core.expression import parse, to_expression
from guiad.core.ops import OPS
from guiad.primitives import PrimitiveError


def _cube():
    return guiad.primitive(lambda u: u**3, d=lambda u, y: 3 * u**2, name="cube")


def test_a_primitive_works_on_numbers_arrays_traced_values_and_values():
    cube = _cube()
    assert cube(2.0) == 8.0
    np.testing.assert_array_equal(cube(np.array([1.0, 2.0])), [1.0, 8.0])
    f, df = guiad.value_and_grad(lambda x: cube(guiad.sin(x)), 0.5)
    assert f == pytest.approx(math.sin(0.5) ** 3, rel=1e-15)
    assert df == pytest.approx(3 * math.sin(0.5) ** 2 * math.cos(0.5), rel=1e-15)
    x = guiad.Value(2.0)
    y = cube(x)
    y.backward()
    assert (y.value, x.grad) == (8.0, 12.0)


def test_a_primitive_is_a_name_typed_expressions_may_call_in_this_session():
    cube = _cube()
    graph = parse("cube(sin(x)) + 1")
    assert graph == guiad.graph_of(lambda x: cube(guiad.sin(x)) + 1)
    assert to_expression(graph) == "cube(sin(x)) + 1"
    assert guiad.value_and_grad("cube(x)", 3.0) == (27.0, 27.0)
    cube.remove()
    assert "cube" not in OPS
    with pytest.raises(ValueError, match="unknown function 'cube'"):
        parse("cube(x)")


def test_a_primitive_nests_and_has_a_second_derivative_from_its_rule():
    cube = _cube()
    assert guiad.grad(guiad.grad(cube))(2.0) == 12.0
    assert guiad.grad(guiad.grad(guiad.grad(cube)))(2.0) == 6.0
    assert guiad.hessian(cube)(2.0) == pytest.approx(12.0, rel=1e-15)
    assert float(guiad.trace("cube(x)", 2.0).d2f) == pytest.approx(12.0, rel=1e-15)


def test_as_a_decorator():
    @guiad.primitive(d=lambda u, y: y * (1 - y))
    def logistic(u):
        return 1 / (1 + np.exp(-u))

    assert guiad.grad(logistic)(0.0) == 0.25
    assert "logistic" in OPS


def test_a_wrong_rule_is_reported_with_the_point_and_both_numbers():
    bad = guiad.primitive(lambda u: u**3, d=lambda u, y: 2 * u**2, name="badcube")
    with pytest.raises(PrimitiveError) as info:
        guiad.value_and_grad(lambda x: bad(x), 2.0)
    message = str(info.value)
    assert "the derivative rule of badcube looks wrong: at u = 2.0 it gives 8.0" in message
    assert "a central difference of badcube gives 12.0000000" in message
    with pytest.raises(PrimitiveError, match="looks wrong"):  # and it keeps saying so
        bad(1.0)


def test_a_right_rule_with_a_kink_elsewhere_passes():
    soft = guiad.primitive(
        lambda u: np.log1p(np.exp(u)), d=lambda u, y: 1 / (1 + np.exp(-u)), name="soft"
    )
    assert soft(0.0) == math.log(2)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: guiad.primitive(lambda u: u, name="noderiv"), "d=lambda u, y"),
        (lambda: guiad.primitive(lambda u: u, d=lambda u, y: 1.0), "'<lambda>' cannot name an op"),
        (lambda: guiad.primitive(lambda u: u, d=lambda u, y: 1.0, name="sin"), "already an op"),
    ],
)
def test_a_primitive_that_cannot_be_made_says_why(make, words):
    with pytest.raises(PrimitiveError, match=words):
        make()


def test_the_table_is_back_after_each_test():
    assert "cube" not in OPS
    assert "badcube" not in OPS


def test_a_graph_with_your_op_is_not_written_as_a_script_and_says_why():
    """The standalone script copies each op's rule text; a primitive's rule is a Python
    function of this session (it raised a SyntaxError reading "cube′(u)")."""
    from guiad.anim.python_export import script_text

    cube = guiad.primitive(lambda u: u**3, d=lambda u, y: 3 * u**2, name="cube")
    with pytest.raises(ValueError, match=r"cube is your own op \(guiad.primitive\)"):
        script_text(guiad.graph_of(lambda x: cube(guiad.sin(x))), 2.0)
    # the helper ops of a derivative graph (relu's step, uᵛ's log0) are rule text: written
    derived = guiad.graph_of(guiad.grad(lambda u, v: guiad.relu(u) ** v, argnums=1))
    assert "def op_log0(" in script_text(derived, (2.0, 3.0))
