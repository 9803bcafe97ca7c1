"""The graph being built by hand (guiad/core/sketch.py): every edit, refusals with their
reason, open ports, and the round trips with the core Graph and its text."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guiad.core import Graph, Node, evaluate, parse, to_expression
from guiad.core.graph import CONST, HOLE, INPUT, MAX_INPUTS, hole_reason
from guiad.core.sketch import NOT_FROM_SKETCH, Sketch, SketchError, SketchNode


def x_sin_x() -> tuple[Sketch, dict[str, int]]:
    """x*sin(x) built as a user would: x, × on x, sin on x, sin wired into ×."""
    s, x = Sketch().add_input((0, 0))
    s, mul = s.apply_to(x, "mul", (100, 0))
    s, sin = s.apply_to(x, "sin", (50, 50))
    return s.connect(sin, mul, 1), {"x": x, "mul": mul, "sin": sin}


def test_building_x_sin_x_gives_the_parsed_graph() -> None:
    s, ids = x_sin_x()
    assert s.problem() is None
    graph, origin = s.to_graph()
    assert graph == parse("x*sin(x)")
    assert origin == (ids["x"], ids["sin"], ids["mul"])
    assert s.output == ids["mul"]


def test_baydin_built_by_hand() -> None:
    s, x1 = Sketch().add_input(name="x1")
    s, x2 = s.add_input(name="x2")
    s, log = s.apply_to(x1, "log")
    s, mul = s.apply_to(x1, "mul")
    s = s.connect(x2, mul, 1)
    s, add = s.apply_to(log, "add")
    s = s.connect(mul, add, 1)
    s, sin = s.apply_to(x2, "sin")
    s, sub = s.apply_to(add, "sub")
    s = s.connect(sin, sub, 1)
    assert s.output == sub  # each op applied downstream of the output took its mark
    assert s.inputs() == ("x1", "x2")
    assert s.to_graph()[0] == parse("log(x1) + x1*x2 - sin(x2)")


def test_a_new_sketch_is_empty_with_no_output() -> None:
    s = Sketch()
    assert s.ids() == ()
    assert s.problem() == "no output yet"
    graph, origin = s.to_graph()
    assert [n.op for n in graph.nodes] == [INPUT, HOLE]
    assert origin == (NOT_FROM_SKETCH, NOT_FROM_SKETCH)
    assert hole_reason(graph, 1) == "no output yet"


def test_open_ports_become_holes_with_the_reason() -> None:
    s, x = Sketch().add_input()
    s, mul = s.apply_to(x, "mul")
    assert s.problem() == "input 2 of × is not connected"
    graph, origin = s.to_graph()
    assert graph.nodes == (Node(INPUT), Node(HOLE), Node("mul", (0, 1)))
    assert origin == (x, NOT_FROM_SKETCH, mul)
    assert hole_reason(graph, 1) == "input 2 of × is not connected"
    s, sin = s.add_op("sin")
    s = s.connect(sin, mul, 1)
    assert s.problem() == "the input of sin is not connected"


def test_add_op_opens_all_ports_and_takes_the_output_only_when_there_is_none() -> None:
    s, a = Sketch().add_op("add", (1.5, 2))
    assert s.node(a) == SketchNode("add", (None, None), pos=(1.5, 2.0))
    assert s.output == a
    s, b = s.add_op("sin")
    assert s.output == a  # not downstream of the output
    s, p = s.add_op("power")
    assert s.node(p).param == 2.0  # the op's default
    s, q = s.add_op("scale", param=-3)
    assert s.node(q).param == -3.0
    with pytest.raises(SketchError, match="unknown op"):
        s.add_op("nope")
    assert s.add_op("ln")[0].node(4).op == "log"  # the parser's aliases work here too


def test_inputs_take_the_next_free_name_up_to_the_limit() -> None:
    s = Sketch()
    names = []
    for _ in range(MAX_INPUTS):
        s, i = s.add_input()
        names.append(s.node(i).name)
    assert names[:3] == ["x", "y", "z"]
    assert len(set(names)) == MAX_INPUTS
    assert s.output is None  # an input is not an op node
    with pytest.raises(SketchError, match=f"at most {MAX_INPUTS} inputs"):
        s.add_input()
    s = s.remove([s.ids()[1]])
    s, again = s.add_input()
    assert s.node(again).name == "y"
    assert s.inputs()[:3] == ("x", "y", "z")


@pytest.mark.parametrize("name", ["x", "sin", "pi", "e", "2a", "", "_h", "é", "a" * 33])
def test_bad_or_taken_input_names_are_refused(name: str) -> None:
    s, _ = Sketch().add_input()
    with pytest.raises(SketchError):
        s.add_input(name=name)


def test_an_input_renamed_keeps_its_wires_and_the_text_reads_the_new_name() -> None:
    s, ids = x_sin_x()
    renamed = s.rename_input(ids["x"], "x1")
    assert renamed.inputs() == ("x1",)
    assert renamed.node(ids["x"]).pos == s.node(ids["x"]).pos
    assert renamed.to_graph()[0] == parse("x1*sin(x1)")
    assert parse(to_expression(renamed.to_graph()[0])).inputs == ("x1",)
    assert renamed.rename_input(ids["x"], "x1") is renamed  # the same name: no edit
    assert renamed.rename_input(ids["x"], "x") == s  # and back


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("sin", "is a function"),
        ("e", "is a constant"),
        ("pi", "is a constant"),
        ("inf", "reads as a number"),
        ("NaN", "reads as a number"),
        ("lambda", "keyword"),
        ("2x", "is not a name"),
        ("x y", "is not a name"),
        ("", "is not a name"),
        ("_h", "cannot be an input name"),
        ("y", "there is an input y already"),
    ],
)
def test_a_rename_to_what_the_parser_would_not_read_as_an_input_is_refused(
    name: str, why: str
) -> None:
    s, x = Sketch().add_input()
    s, _ = s.add_input()  # y
    with pytest.raises(SketchError, match=why):
        s.rename_input(x, name)
    s, c = s.add_const(2.0)
    with pytest.raises(SketchError, match="only an input"):
        s.rename_input(c, "a")


def test_constants() -> None:
    s, c = Sketch().add_const(3)
    assert s.node(c) == SketchNode(CONST, param=3.0)
    s, sq = s.apply_to(c, "square")
    assert s.to_graph()[0] == parse("square(3)")
    s = s.set_param(c, -1.5)
    assert s.node(c).param == -1.5
    for bad in (float("nan"), float("inf"), "1", True):
        with pytest.raises(SketchError):
            s.set_param(c, bad)
        with pytest.raises(SketchError):
            Sketch().add_const(bad)
    with pytest.raises(SketchError, match="no parameter"):
        s.set_param(sq, 2.0)


def test_a_port_takes_one_wire_and_an_output_fans_out() -> None:
    s, ids = x_sin_x()
    s, cos = s.apply_to(ids["x"], "cos")
    replaced = s.connect(cos, ids["mul"], 1)  # replaces sin's wire
    assert replaced.node(ids["mul"]).inputs == (ids["x"], cos)
    assert replaced.consumers(ids["sin"]) == []
    assert sorted(replaced.consumers(ids["x"])) == [(ids["mul"], 0), (ids["sin"], 0), (cos, 0)]
    both = s.connect(ids["x"], ids["mul"], 1)
    assert both.to_graph()[0] == parse("x*x")


def test_cycles_are_refused_with_the_reason() -> None:
    s, ids = x_sin_x()
    for src, dst in [(ids["mul"], ids["sin"]), (ids["sin"], ids["sin"])]:
        assert s.why_not_connect(src, dst, 0) == "that wire would make a cycle"
        with pytest.raises(SketchError, match="that wire would make a cycle"):
            s.connect(src, dst, 0)
    with pytest.raises(SketchError, match="cycle"):
        Sketch(((0, SketchNode("sin", (1,))), (1, SketchNode("cos", (0,)))))


def test_wires_into_inputs_constants_and_missing_ports_are_refused() -> None:
    s, ids = x_sin_x()
    s, c = s.add_const(1.0)
    assert s.why_not_connect(ids["sin"], ids["x"], 0) == "the input x takes no wires"
    assert s.why_not_connect(ids["sin"], c, 0) == "a constant takes no wires"
    assert s.why_not_connect(ids["x"], ids["sin"], 1) == "sin has no input 2"
    assert s.why_not_connect(99, ids["sin"], 0) == "no node 99"
    assert s.why_not_connect(ids["x"], 99, 0) == "no node 99"
    assert s.why_not_connect(ids["x"], ids["sin"], 0) is None


def test_disconnect_and_remove_open_ports() -> None:
    s, ids = x_sin_x()
    cut = s.disconnect(ids["mul"], 1)
    assert cut.node(ids["mul"]).inputs == (ids["x"], None)
    assert cut.problem() == "input 2 of × is not connected"
    assert cut.disconnect(ids["mul"], 1) == cut
    with pytest.raises(SketchError, match="no input 3"):
        s.disconnect(ids["mul"], 2)
    gone = s.remove([ids["x"]])
    assert gone.node(ids["sin"]).inputs == (None,)
    assert gone.node(ids["mul"]).inputs == (None, ids["sin"])
    assert gone.inputs() == ()
    assert gone.problem() == "the input of sin is not connected"  # the first in graph order
    assert s.remove([ids["mul"]]).output is None
    with pytest.raises(SketchError, match="no node 7"):
        s.remove([7])


def test_nodes_off_the_output_path_stay_but_are_left_out_of_the_graph() -> None:
    s, ids = x_sin_x()
    s, stray = s.add_op("exp")
    s, _ = s.apply_to(stray, "log")
    graph, origin = s.to_graph()
    assert graph == parse("x*sin(x)")
    assert stray not in origin
    assert s.problem() is None


def test_apply_to_and_insert_on_wire() -> None:
    s, ids = x_sin_x()
    s, exp = s.insert_on_wire(ids["x"], ids["sin"], 0, "exp")
    assert s.output == ids["mul"]
    assert s.to_graph()[0] == parse("x*sin(exp(x))")
    with pytest.raises(SketchError, match="no such wire"):
        s.insert_on_wire(ids["x"], ids["sin"], 0, "cos")
    s, div = s.insert_on_wire(ids["sin"], ids["mul"], 1, "div")
    assert s.node(div).inputs == (ids["sin"], None)
    s, top = s.apply_to(ids["mul"], "tanh")
    assert s.output == top  # applied to the output: the new node is the output
    s, side = s.apply_to(ids["x"], "cos")
    assert s.output == top
    with pytest.raises(SketchError):
        s.apply_to(42, "cos")


def test_replace_op_keeps_wires_and_needs_the_same_number_of_inputs() -> None:
    s, ids = x_sin_x()
    t = s.replace_op(ids["sin"], "cos").replace_op(ids["mul"], "add")
    assert t.to_graph()[0] == parse("x + cos(x)")
    assert s.replace_op(ids["sin"], "sin") == s
    assert s.replace_op(ids["sin"], "scale").node(ids["sin"]).param == 2.0
    with pytest.raises(SketchError, match="takes 2 input"):
        s.replace_op(ids["sin"], "mul")
    with pytest.raises(SketchError, match="input x cannot be replaced"):
        s.replace_op(ids["x"], "sin")


def test_moved_and_with_output() -> None:
    s, ids = x_sin_x()
    m = s.moved({ids["sin"]: (7, -8)})
    assert m.node(ids["sin"]).pos == (7.0, -8.0)
    assert m.to_graph() == s.to_graph()
    for bad in [(1,), (float("nan"), 0), "ab"]:
        with pytest.raises(SketchError):
            s.moved({ids["sin"]: bad})
    with pytest.raises(SketchError):
        s.moved({99: (0, 0)})
    o = s.with_output(ids["sin"])
    assert o.to_graph()[0] == parse("sin(x)")
    assert s.with_output(ids["x"]).to_graph()[0] == parse("x")
    assert s.with_output(None).problem() == "no output yet"
    with pytest.raises(SketchError):
        s.with_output(99)


def test_sketches_compare_by_value_and_are_immutable() -> None:
    a, _ = x_sin_x()
    b, _ = x_sin_x()
    assert a == b
    assert hash(a) == hash(b)
    assert Sketch(tuple(reversed(a.nodes)), a.output) == a
    with pytest.raises(AttributeError):
        a.output = 0  # type: ignore[misc]
    assert a.moved({0: (1, 1)}) != a


def test_a_graph_with_an_input_as_output_keeps_only_that_input() -> None:
    s, x = Sketch().add_input()
    s, y = s.add_input()
    graph, origin = s.with_output(y).to_graph()
    assert graph == Graph((Node(INPUT),), ("y",))
    assert origin == (y,)


def test_no_input_at_all_gets_an_x() -> None:
    s, c = Sketch().add_const(2.0)
    s, e = s.apply_to(c, "exp")
    graph, origin = s.to_graph()
    assert graph == parse("exp(2)")
    assert origin == (NOT_FROM_SKETCH, c, e)


def test_unused_inputs_are_inputs_of_the_graph() -> None:
    s, ids = x_sin_x()
    s, _ = s.add_input()
    assert s.to_graph()[0].inputs == ("x", "y")


def test_from_graph_with_positions_and_holes() -> None:
    s, ids = x_sin_x()
    cut = s.disconnect(ids["mul"], 1)
    graph, origin = cut.to_graph()
    back = Sketch.from_graph(graph, {0: (1, 2)})
    assert back.problem() == cut.problem()
    assert back.to_graph()[0] == graph
    assert back.node(0).pos == (1.0, 2.0)


def test_invalid_sketches_are_refused() -> None:
    with pytest.raises(SketchError, match="share an id"):
        Sketch(((0, SketchNode(INPUT, name="x")), (0, SketchNode(INPUT, name="y"))))
    with pytest.raises(SketchError, match="share a name"):
        Sketch(((0, SketchNode(INPUT, name="x")), (1, SketchNode(INPUT, name="x"))))
    with pytest.raises(SketchError, match="does not exist"):
        Sketch(((0, SketchNode("sin", (3,))),))
    with pytest.raises(SketchError, match="output"):
        Sketch((), 3)
    with pytest.raises(SketchError, match="takes 2"):
        SketchNode("mul", (None,))
    with pytest.raises(SketchError, match="parameter"):
        SketchNode("sin", (None,), 2.0)
    with pytest.raises(SketchError, match="name"):
        SketchNode("sin", (None,), name="x")


# ---- properties ----------------------------------------------------------------------

SAFE_OPS = ["sin", "cos", "tanh", "arctan", "neg", "square", "scale", "shift", "add", "sub", "mul"]
EDITS = [
    "add_op",
    "add_input",
    "add_const",
    "apply_to",
    "insert_on_wire",
    "connect",
    "disconnect",
    "remove",
    "replace_op",
    "set_param",
    "moved",
    "with_output",
    "rename_input",
    "fill",
    "fill",
    "fill",
]


refusals: list[str] = []


def apply_edit(s: Sketch, draw) -> Sketch:
    """One random edit; a refused one (SketchError) leaves the sketch as it was."""
    kind = draw(st.sampled_from(EDITS))
    ids = list(s.ids()) or [0]
    pick = st.sampled_from(ids)
    op = draw(st.sampled_from(SAFE_OPS))
    port = draw(st.integers(0, 2))
    pos = (draw(st.floats(-1e3, 1e3)), 0.0)
    value = draw(st.floats(-2, 2))
    try:
        match kind:
            case "add_op":
                return s.add_op(op, pos)[0]
            case "add_input":
                return s.add_input(pos)[0]
            case "add_const":
                return s.add_const(value, pos)[0]
            case "apply_to":
                return s.apply_to(draw(pick), op, pos)[0]
            case "insert_on_wire":
                src, dst = draw(pick), draw(pick)
                return s.insert_on_wire(src, dst, port, op)[0]
            case "connect":
                return s.connect(draw(pick), draw(pick), port)
            case "disconnect":
                return s.disconnect(draw(pick), port)
            case "remove":
                return s.remove(draw(st.sets(pick, max_size=2)))
            case "replace_op":
                return s.replace_op(draw(pick), op)
            case "set_param":
                return s.set_param(draw(pick), value)
            case "moved":
                return s.moved({draw(pick): pos})
            case "with_output":
                return s.with_output(draw(pick))
            case "rename_input":
                name = draw(st.sampled_from(["x", "y", "x1", "rate", "sin", "e", "inf", "2x"]))
                return s.rename_input(draw(pick), name)
            case "fill":  # wire an open port, as a user finishing the graph does
                open_ports = (
                    [(i, k) for i in ids for k, j in enumerate(s.node(i).inputs) if j is None]
                    if s.ids()
                    else []
                )
                if open_ports:
                    return s.connect(draw(pick), *draw(st.sampled_from(open_ports)))
    except SketchError as err:
        refusals.append(str(err))
    return s


@st.composite
def sketches(draw) -> Sketch:
    s = Sketch()
    for _ in range(draw(st.integers(0, 30))):
        s = apply_edit(s, draw)
    return s


@settings(max_examples=150, deadline=None)
@given(sketches())
def test_random_edits_keep_the_sketch_valid_or_explicitly_incomplete(s: Sketch) -> None:
    assert Sketch(s.nodes, s.output) == s  # every invariant still holds
    assert all(why and "\n" not in why for why in refusals)  # refusals say why, on one line
    refusals.clear()
    graph, origin = s.to_graph()
    assert len(origin) == len(graph.nodes)
    holes = [i for i, n in enumerate(graph.nodes) if n.op == HOLE]
    if s.problem() is None:
        assert not holes
        assert s.output in origin
    else:
        assert holes
        assert hole_reason(graph, holes[0]) == s.problem()
    for k, i in enumerate(origin):
        if i != NOT_FROM_SKETCH and k >= graph.n_inputs:
            assert graph.nodes[k].op == s.node(i).op
    assert Sketch.from_graph(graph).to_graph()[0] == graph


def completed(s: Sketch) -> Sketch:
    """``s`` with an output and every open port on its path wired to an input."""
    if s.output is None:
        s, _ = s.add_op("sin")
    if not s.inputs():
        s, _ = s.add_input()
    x = s.ids()[[s.node(i).op for i in s.ids()].index(INPUT)]
    while s.problem() is not None:
        graph, origin = s.to_graph()
        hole = next(k for k, n in enumerate(graph.nodes) if n.op == HOLE)
        reader = next(k for k, n in enumerate(graph.nodes) if hole in n.inputs)
        s = s.connect(x, origin[reader], graph.nodes[reader].inputs.index(hole))
    return s


@settings(max_examples=150, deadline=None)
@given(sketches())
def test_a_complete_sketch_evaluates_as_its_text(s: Sketch) -> None:
    s = completed(s)
    assert s.problem() is None
    graph, _ = s.to_graph()
    again = parse(to_expression(graph))
    rng = np.random.default_rng(0)
    point = [rng.uniform(-2, 2, 7) for _ in graph.inputs]
    # the text names only the inputs it uses; give parse's graph those in its own order
    by_name = dict(zip(graph.inputs, point, strict=True))
    mine = evaluate(graph, point if graph.n_inputs > 1 else point[0])
    theirs_point = [by_name.get(name, point[0]) for name in again.inputs]
    theirs = evaluate(again, theirs_point if again.n_inputs > 1 else theirs_point[0])
    np.testing.assert_allclose(mine.f, theirs.f, rtol=1e-12, atol=1e-12)


@given(
    st.sampled_from(
        [
            "x*sin(x)",
            "log(x1) + x1*x2 - sin(x2)",
            "exp(sin(sin(x)))",
            "3",
            "(x - y)^2 + tanh(z*w)",
            "x*x*x + 2/x",
        ]
    )
)
def test_text_to_sketch_to_graph_round_trips(text: str) -> None:
    graph = parse(text)
    s = Sketch.from_graph(graph)
    assert s.problem() is None
    assert s.to_graph() == (graph, tuple(range(len(graph.nodes))))


def test_a_wire_from_the_output_carries_the_mark_on() -> None:
    """Found building Baydin with the mouse under Xvfb: + dropped on empty canvas, then log
    (the output) wired into it, and f stayed log(x1) until + was marked by hand."""
    s, x1 = Sketch().add_input(name="x1")
    s, x2 = s.add_input(name="x2")
    s, log = s.apply_to(x1, "log")
    s, add = s.add_op("add")
    s, mul = s.add_op("mul")
    assert s.output == log  # (free ops do not take the mark)
    s = s.connect(x1, mul, 0).connect(x2, mul, 1)
    assert s.output == log  # x1, x2 are upstream of the output: nothing carried on
    s = s.connect(log, add, 0)
    assert s.output == add
    assert s.problem() == "input 2 of + is not connected"
    s = s.connect(mul, add, 1)
    assert s.to_graph()[0] == parse("log(x1) + x1*x2")
    s, sin = s.apply_to(x2, "sin")
    s, sub = s.add_op("sub")
    s = s.connect(sin, sub, 1)  # sin is not downstream of the output
    assert s.output == add
    s = s.connect(add, sub, 0)
    assert s.output == sub
    assert s.to_graph()[0] == parse("log(x1) + x1*x2 - sin(x2)")
