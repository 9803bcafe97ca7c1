"""EXPR may name a saved ``.guiad.json`` file instead: its graph, complete or still being
built (an open port makes f undefined, with the reason, as any undefined point)."""

from __future__ import annotations

from guiad.cli.usage import UsageError
from guiad.core.fileformat import SUFFIX, FileFormatError, load
from guiad.core.graph import Graph


def graph_in_file(text: str) -> Graph | None:
    """The graph of the file ``text`` names, or None when ``text`` is an expression."""
    if not text.endswith(SUFFIX):
        return None
    try:
        return load(text).graph
    except FileFormatError as err:
        raise UsageError(f"cannot open {text!r}: {err}") from None
