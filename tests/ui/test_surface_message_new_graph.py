"""A refusal the surface view says (a box given text that is not a number, a point that is
not finite) is about the function shown: another function starts with no such line. (The
logistic example's "w max must be a number …" stayed over Baydin's function, which has no w.)"""

from __future__ import annotations

import math

from guiad.core.expression import parse


def test_a_refusal_goes_when_another_function_comes(surface_panel):
    surface_panel.set_graph(parse("x*y"), ((-4, 4), (-4, 4)), (2.0, 1.0))
    assert not surface_panel.set_point((math.inf, 1.0))
    assert "finite" in surface_panel.message()
    surface_panel.set_graph(parse("x + y"), ((-4, 4), (-4, 4)), (2.0, 1.0))
    assert surface_panel.message() == ""


def test_a_refusal_stays_while_the_function_does(surface_panel):
    surface_panel.set_graph(parse("x*y"), ((-4, 4), (-4, 4)), (2.0, 1.0))
    assert not surface_panel.set_point((math.inf, 1.0))
    surface_panel.set_graph(parse("x*y"), ((-4, 4), (-4, 4)), (2.0, 1.0))
    assert "finite" in surface_panel.message()
