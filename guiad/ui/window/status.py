"""What the status bar says about the current state, from the document and the selection
alone (so it can never describe a chain that is gone)."""

from __future__ import annotations

from guiad.anim import notation
from guiad.core.graph import HOLE, Graph, graph_reason
from guiad.ui.chain.strip import BUILDING


def describe_state(graph: Graph, selected_row: int, building: bool = False) -> str:
    """One line: the selected card's formula and local derivative, or what the graph is (and
    what to do with it, unless it is being built on the canvas already)."""
    chain = graph.chain()
    if chain is None:
        # nodes counted as the walkthrough's limit counts them: the inputs included (an
        # open port is no node)
        included = "x" if graph.inputs == ("x",) else "inputs"
        nodes = sum(node.op != HOLE for node in graph.nodes)
        count = f"{nodes} node{'s' if nodes != 1 else ''}"
        what = f"{graph_reason(graph)} ({count}, {included} included)"
        if building:
            return f"{what}: {BUILDING}"
        return f"{what}: build it on the canvas (Ctrl+B) or edit it as an expression"
    if not chain:
        return "f(x) = x: drag an op from the palette into the chain, or type an expression"
    if 0 <= selected_row < len(chain):
        node = selected_row + 1  # card i computes node vᵢ₊₁ (v₀ is x)
        (partial,) = notation.partial_formulas(graph, node)
        return (
            f"{notation.v(node)} = {notation.value_formula(graph, node)}    "
            f"{notation.partial_name(node, node - 1)} = {partial}"
        )
    count = f"{len(chain)} op{'s' if len(chain) != 1 else ''}"
    return f"A chain of {count}: select a card to see its formula and local derivative"
