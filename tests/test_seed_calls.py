"""The blog post's own calls, reverse_mode and forward_mode over a chain, give its digits."""

from __future__ import annotations

import math

import numpy as np
import pytest

import guiad
from guiad.core.tracing import TracingError

SEED = (2.2013533791690376, -0.562752038662712)  # the blog post's printed output


@pytest.mark.parametrize("mode", [guiad.reverse_mode, guiad.forward_mode])
def test_the_seed_chain_gives_the_blog_posts_digits(mode):
    assert mode([guiad.sin, guiad.sin, guiad.exp], 2.0) == SEED
    assert mode(["sin", "sin", "exp"], 2.0) == SEED


def test_the_seed_agrees_with_its_closed_form():
    f, df = guiad.reverse_mode([guiad.sin, guiad.sin, guiad.exp], 2.0)
    closed = math.exp(math.sin(math.sin(2.0))) * math.cos(math.sin(2.0)) * math.cos(2.0)
    assert df == pytest.approx(closed, rel=1e-15)
    assert f == math.exp(math.sin(math.sin(2.0)))


def test_the_seed_dy_scales_the_adjoint_and_arrays_give_arrays():
    assert guiad.reverse_mode([guiad.sin, guiad.sin, guiad.exp], 2.0, 3.0)[1] == pytest.approx(
        3 * SEED[1], rel=1e-15
    )
    f, df = guiad.forward_mode([guiad.sin, guiad.sin, guiad.exp], np.array([2.0, 1.0]))
    assert (float(f[0]), float(df[0])) == SEED
    assert df[1] == pytest.approx(
        math.exp(math.sin(math.sin(1.0))) * math.cos(math.sin(1.0)) * math.cos(1.0), rel=1e-15
    )


def test_a_chain_may_hold_any_traceable_function():
    def cube(u):
        return u**3

    f, df = guiad.reverse_mode([guiad.sin, cube], 0.5)
    assert df == pytest.approx(3 * math.sin(0.5) ** 2 * math.cos(0.5), rel=1e-15)
    assert f == pytest.approx(math.sin(0.5) ** 3, rel=1e-15)


@pytest.mark.parametrize(
    ("chain", "words"),
    [
        ([], "non-empty list"),
        ("sin", "non-empty list"),
        (["add"], "not an op of one input"),
        ([3.0], "not float"),
    ],
)
def test_a_bad_chain_says_what_a_chain_is(chain, words):
    with pytest.raises(TracingError, match=words):
        guiad.reverse_mode(chain, 2.0)


def test_forward_mode_is_undefined_where_reverse_mode_is():
    f, df = guiad.forward_mode([guiad.sqrt], np.array([0.0, 4.0]))
    assert np.isnan(df[0])
    assert df[1] == 0.25
    assert f[0] == 0.0
