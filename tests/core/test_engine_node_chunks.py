"""The engine's chunks are bounded by nodes × points, not by points alone (a 10,000-node
chain over a 300×300 grid peaked at 7.5 GB), and the numbers do not depend on the chunks:
bit-identical to one chunk per 2**14 points, failures and reasons included."""

from __future__ import annotations

import numpy as np
import pytest

from guiad.core import engine
from guiad.core.expression import parse
from guiad.core.graph import INPUT, MAX_NODES, Graph, Node

LONG = "+".join(f"sin({k}*x) + log(x - {k % 7})" for k in range(1, 50))  # ~300 nodes
TWO = "+".join(f"tanh(x*{k} - y) * sqrt(y + {k % 5})" for k in range(1, 40))


def _same(a, b) -> bool:
    return a is None and b is None or np.array_equal(a, b, equal_nan=True)


@pytest.mark.parametrize(("text", "order"), [(LONG, 2), (TWO, 1)])
def test_node_bounded_chunks_give_bit_identical_results(monkeypatch, text, order):
    graph = parse(text)
    n = graph.n_inputs
    rng = np.random.default_rng(22)
    x = [rng.uniform(-3, 9, 20_001) for _ in range(n)]
    arg = x[0] if n == 1 else x
    sizes: list[int] = []
    chunk = engine._evaluate_chunk

    def recorded(graph, point, *rest):
        sizes.append(point[0].size)
        return chunk(graph, point, *rest)

    monkeypatch.setattr(engine, "_evaluate_chunk", recorded)
    bounded = engine.evaluate(graph, arg, order=order)
    assert max(sizes) * len(graph.nodes) <= engine.CHUNK_NODE_POINTS
    assert max(sizes) < engine.CHUNK_SIZE  # (so this graph really is chunked anew)
    monkeypatch.setattr(engine, "CHUNK_NODE_POINTS", 10**12)  # as before: points alone
    sizes.clear()
    plain = engine.evaluate(graph, arg, order=order)
    assert max(sizes) == engine.CHUNK_SIZE
    for field in ("f", "df", "d2f"):
        assert _same(getattr(bounded, field), getattr(plain, field)), field
    for mine, theirs in zip(bounded.grad, plain.grad, strict=True):
        assert _same(mine, theirs)
    assert bounded.reasons == plain.reasons
    assert np.array_equal(bounded.failures, plain.failures)
    assert (bounded.failures >= 0).any()  # (log of negatives: undefined points are compared)


def test_the_largest_graph_gets_chunks_of_its_own_size():
    nodes = [Node(INPUT)] + [Node("sin", (i,)) for i in range(MAX_NODES - 1)]
    graph = Graph(tuple(nodes))
    x = np.linspace(0.5, 1.5, 1_001)
    result = engine.evaluate(graph, x, order=1)
    expected = x
    for _ in range(MAX_NODES - 1):
        expected = np.sin(expected)
    np.testing.assert_array_equal(result.f, expected)  # (the same numpy sin, point by point)
