"""Matching a graph built by hand with the one a lesson asks for (core/graph.same_computation)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from guiad.core.engine import evaluate
from guiad.core.expression import parse
from guiad.core.graph import Graph, Node, same_computation


@pytest.mark.parametrize(
    ("built", "asked"),
    [
        ("sin(x)*x", "x*sin(x)"),
        ("x2*x1 + log(x1) - sin(x2)", "log(x1) + x1*x2 - sin(x2)"),
        ("(y*x)*z", "x*y*z"),  # the inner product's operands swapped
        ("exp(sin(sin(x)))", "exp(sin(sin(x)))"),
    ],
)
def test_the_same_graph_built_another_way_matches(built, asked):
    assert same_computation(parse(built), parse(asked))
    assert same_computation(parse(asked), parse(built))


@pytest.mark.parametrize(
    ("built", "asked"),
    [
        ("x*sin(1)", "x*sin(x)"),
        ("x*cos(x)", "x*sin(x)"),
        ("sin(x) - x", "x - sin(x)"),  # not commutative
        ("x/sin(x)", "sin(x)/x"),
        ("x*sin(x) + 0", "x*sin(x)"),
        ("x*sin(y)", "x*sin(x)"),
        ("x*y*z", "x*(y*z)"),  # the same product, by other nodes
    ],
)
def test_another_computation_does_not_match(built, asked):
    assert not same_computation(parse(built), parse(asked))


def _renumbered(graph: Graph, rng: random.Random) -> Graph:
    """The same graph with its computed nodes in another topological order, the operands of
    + and × shuffled, and a node nothing reads added."""
    n = graph.n_inputs
    order, placed = [], set(range(n))
    todo = list(range(n, len(graph.nodes)))
    while todo:
        ready = [i for i in todo if all(k in placed for k in graph.nodes[i].inputs)]
        i = rng.choice(ready)
        todo.remove(i)
        order.append(i)
        placed.add(i)
    where = {i: i for i in range(n)}
    nodes = list(graph.nodes[:n])
    for old in order:
        if old == graph.output:
            nodes.append(Node("sin", (0,)))  # read by nothing
        node = graph.nodes[old]
        args = [where[k] for k in node.inputs]
        if node.op in ("add", "mul"):
            rng.shuffle(args)
        where[old] = len(nodes)
        nodes.append(Node(node.op, tuple(args), node.param))
    return Graph(tuple(nodes), graph.inputs)


@pytest.mark.parametrize("seed", range(20))
def test_a_renumbered_graph_matches_and_computes_the_same(seed):
    rng = random.Random(seed)
    asked = parse("log(x1) + x1*x2 - sin(x2)*exp(x1*x2) + (x1 + x2)*cos(x1)")
    built = _renumbered(asked, rng)
    assert built.nodes != asked.nodes
    assert same_computation(built, asked)
    point = (np.array([rng.uniform(0.5, 3)]), np.array([rng.uniform(-3, 3)]))
    a, b = evaluate(asked, point, order=1), evaluate(built, point, order=1)
    assert np.allclose(b.f, a.f, rtol=1e-12)
    assert np.allclose(b.grad, a.grad, rtol=1e-12)


def test_a_value_used_twice_is_not_the_value_computed_twice():
    twice = parse("sin(x)*sin(x)")  # the parser computes sin(x) twice
    x, sine = Node("x"), Node("sin", (0,))
    once = Graph((x, sine, Node("mul", (1, 1))))  # one sin(x), read twice (fan-out)
    assert len(twice.nodes) == 4
    assert not same_computation(twice, once)
    assert not same_computation(once, twice)
    assert same_computation(once, Graph((x, sine, Node("mul", (1, 1)))))
