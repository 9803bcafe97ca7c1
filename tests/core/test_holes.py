"""Open ports (hole nodes) of a graph being built: f is undefined with the reason, every
result is NaN, nothing reading a hole is computed, and the text round-trips with ``?``."""

from __future__ import annotations

import math

import numpy as np
import pytest

from guiad.core import Graph, Node, evaluate, parse, to_expression, trace
from guiad.core import engine as engine_module
from guiad.core.engine import hessian
from guiad.core.graph import HOLE, INPUT, first_hole, graph_reason, hole_reason, reads_hole
from guiad.core.sketch import Sketch


def x_times_open() -> Graph:
    s, x = Sketch().add_input()
    s, sin = s.apply_to(x, "sin")
    s, _ = s.apply_to(sin, "mul")
    return s.to_graph()[0]


def test_an_open_port_makes_f_undefined_with_the_reason() -> None:
    graph = x_times_open()
    result = evaluate(graph, np.linspace(-3, 3, 101))
    for values in (result.f, result.df, result.d2f):
        assert np.isnan(values).all()
    assert [str(f) for f in result.reasons] == ["input 2 of × is not connected"]
    assert (result.failures == 0).all()


def test_the_trace_shows_what_is_computable_and_nan_after_the_hole() -> None:
    graph = x_times_open()  # x, sin, hole, mul
    t = trace(graph, 2.0)
    assert str(t.failure()) == "input 2 of × is not connected"
    assert t.failure().node == 2
    assert float(t.values[1]) == math.sin(2.0)  # sin(x) is there to see
    assert math.isnan(float(t.values[2]))
    assert math.isnan(float(t.values[3]))
    assert math.isnan(float(t.f))
    assert math.isnan(float(t.df))
    assert math.isnan(float(t.d2f))
    assert np.isnan(hessian(graph, 2.0)).all()


@pytest.mark.parametrize("text", ["power(?, 0)", "1^?", "?*0 + x", "?^0"])
def test_ops_that_would_turn_nan_into_a_number_are_undefined_too(text: str) -> None:
    """np.power(nan, 0) is 1: the hole's NaN alone would not make f undefined."""
    graph = parse(text)
    t = trace(graph, 0.5)
    assert math.isnan(float(t.f))
    holed = reads_hole(graph)
    assert holed[-1]
    assert all(math.isnan(float(v)) for v, h in zip(t.values, holed, strict=True) if h)
    assert "is not connected" in str(t.failure())


def test_nothing_reading_a_hole_is_computed_nor_diagnosed(monkeypatch) -> None:
    def no_diagnosis(*args):
        raise AssertionError("a hole needs no point-by-point diagnosis")

    monkeypatch.setattr(engine_module, "_diagnose", no_diagnosis)
    t = trace(x_times_open(), 2.0)
    assert t.cost.primal == 2  # sin's value and partial; the × reading the hole: nothing
    evaluate(x_times_open(), np.linspace(0, 1, 50_000), chunk_size=1000)


def test_an_empty_sketch_says_there_is_no_output() -> None:
    graph = Sketch().to_graph()[0]
    assert str(trace(graph, 1.0).failure()) == "no output yet"
    assert str(evaluate(graph, np.ones(3)).reasons[0]) == "no output yet"


def test_the_first_hole_the_output_reads_gives_the_reason() -> None:
    graph = parse("sin(?) + ?*x")
    assert first_hole(graph) == 1
    assert hole_reason(graph, 1) == "the input of sin is not connected"
    holes = [i for i, n in enumerate(graph.nodes) if n.op == HOLE]
    assert hole_reason(graph, holes[1]) == "input 1 of × is not connected"
    assert first_hole(parse("x")) is None


def test_a_hole_off_the_output_path_changes_nothing() -> None:
    graph = Graph((Node(INPUT), Node(HOLE), Node("log", (0,))))
    assert first_hole(graph) is None
    t = trace(graph, -1.0)
    assert "log of a number ≤ 0" in str(t.failure())
    assert float(trace(graph, 2.0).f) == math.log(2.0)


def test_several_inputs_with_a_hole() -> None:
    graph = parse("x*y + ?")
    result = evaluate(graph, [np.ones(4), np.arange(4.0)])
    assert all(np.isnan(g).all() for g in result.grad)
    assert str(result.reasons[0]) == "input 2 of + is not connected"


@pytest.mark.parametrize(
    "text", ["?", "x*?", "? + sin(x)", "2*?", "-?", "? - 1", "?^2", "?*?", "log(x1) + x1*? - x2"]
)
def test_holes_round_trip_as_text(text: str) -> None:
    graph = parse(text)
    assert to_expression(graph) == text
    assert parse(to_expression(graph)) == graph
    sketch = Sketch.from_graph(graph)
    assert sketch.problem() is not None
    assert sketch.to_graph()[0] == graph


def test_a_sketch_with_open_ports_prints_and_parses_back() -> None:
    s, x = Sketch().add_input()
    s, mul = s.apply_to(x, "mul")
    s, _ = s.insert_on_wire(x, mul, 0, "exp")
    graph = s.to_graph()[0]
    assert to_expression(graph) == "exp(x)*?"
    assert parse("exp(x)*?") == graph


def test_the_strip_and_status_say_the_graph_is_not_finished() -> None:
    assert graph_reason(parse("x*?")) == "This graph is not finished: input 2 of × is not connected"


def test_the_python_export_refuses_an_unfinished_graph() -> None:
    from guiad.anim.python_export import script_text

    with pytest.raises(ValueError, match="not finished: input 2 of × is not connected"):
        script_text(parse("x*?"), 1.0)
