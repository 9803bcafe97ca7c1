"""Words for a beginner: which entries a label's text gets, and the guide says the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from guiad.anim import glossary as g
from guiad.anim.timeline import Kind, Mode, Timeline
from guiad.core.expression import parse

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "user-guide.md"


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        ("v̄₀ = 0.9093 + ?", [g.ADJOINT]),
        ("x̄1 = 5.0000", [g.ADJOINT]),
        ("ȳ = 1", [g.ADJOINT]),
        ("× v̄₄ → 1.0000", [g.ADJOINT]),
        ("∂v₁/∂v₀ = ?", [g.PARTIAL]),
        ("∂v₂/∂v₀\n= 0.5000", [g.PARTIAL]),
        ("dv₂/dx = ?", [g.DOT]),
        ("∂v₂/∂x1 = 0.5000", [g.DOT]),  # forward mode, several inputs: by x1
        ("v₁ = 0.9093", [g.VALUE]),
        ("v₂: log", [g.VALUE]),
        ("log", []),
        ("2.0000", []),
    ],
)
def test_each_symbol_gets_its_words(text, entries):
    assert g.entries_for(text) == entries
    assert g.tooltip(text) == "\n\n".join(entries)


def test_every_asked_kind_of_number_in_a_walkthrough_has_words():
    for mode in Mode:
        timeline = Timeline(parse("log(x1) + x1*x2 - sin(x2)"), (2.0, 5.0), mode)
        for step in timeline.steps:
            if step.kind in (Kind.PARTIAL, Kind.ADJOINT, Kind.DOT, Kind.SEED):
                assert g.tooltip(step.banner), step.banner


def _flat(text: str) -> str:
    """Words without the line breaks (and block quotes' marks) of the guide's wrapping."""
    return " ".join(word for word in text.split() if word != ">")


@pytest.mark.parametrize("words", [*g.ENTRIES, g.BACKWARD_NOTE])
def test_the_guide_says_the_same_words(words):
    assert _flat(words) in _flat(GUIDE.read_text(encoding="utf-8"))
