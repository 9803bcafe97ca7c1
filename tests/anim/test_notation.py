"""The walkthrough's number formats: −0.0 reads as 0 (the core keeps the sign bit)."""

from __future__ import annotations

import pytest

from guiad.anim import notation as n


@pytest.mark.parametrize("format_", [n.fmt, n.fmt_long, n.paren])
def test_negative_zero_reads_as_zero(format_):
    assert format_(-0.0) == format_(0.0)
    assert not format_(-0.0).startswith(n.MINUS)


@pytest.mark.parametrize("format_", [n.fmt, n.fmt_long, n.paren])
def test_small_negatives_keep_their_sign(format_):
    assert n.MINUS in format_(-1e-300)
    assert n.MINUS in format_(-0.5)
