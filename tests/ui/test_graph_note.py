"""The strip's note on a graph names the real reason there are no cards.

Found by the GUI monkey test's screenshots: sin(3) and 3^x were said to use x "more than
once" (sin(3) does not use x at all; 3^x uses it once, in an op of two inputs).
"""

from __future__ import annotations

import pytest

from guiad.core.expression import parse
from guiad.ui.chain_strip import graph_note


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("sin(3)", "f does not depend on x"),
        ("pi", "f does not depend on x"),
        ("3^x", "an op in it takes two inputs"),
        ("2^sin(x)", "an op in it takes two inputs"),
        ("x*sin(x)", "x is used more than once"),
        ("x*x", "x is used more than once"),
    ],
)
def test_the_note_gives_the_reason(text, reason):
    note = graph_note(parse(text))
    assert reason in note
    assert "Edit it as text below" in note
