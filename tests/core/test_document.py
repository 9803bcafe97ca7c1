"""The pure editable model: chain edits agree with plain list edits, listeners see each edit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guiad.core.document import INSERT, MOVE, PARAM, REMOVE, RESET, SETTINGS, ChainDocument
from guiad.core.expression import parse
from guiad.core.fileformat import Document, FileFormatError, InputView, Settings
from guiad.core.graph import INPUT, Graph, GraphError, Step, chain_graph
from guiad.core.ops import OPS

CHAIN_OPS = [name for name, op in OPS.items() if op.arity == 1]


def steps_of(doc: ChainDocument) -> list[Step]:
    return list(doc.steps())


def recorder(doc: ChainDocument) -> list[tuple[str, str, int, int]]:
    log: list[tuple[str, str, int, int]] = []
    doc.about_to_change.append(lambda c: log.append(("before", c.kind, c.row, c.to)))
    doc.changed.append(lambda c: log.append(("after", c.kind, c.row, c.to)))
    return log


def test_insert_remove_move_match_list_semantics():
    doc = ChainDocument(chain_graph(["sin", "cos", "exp"]))
    doc.insert(1, Step("tanh"))
    assert [s.op for s in steps_of(doc)] == ["sin", "tanh", "cos", "exp"]
    doc.move(0, 3)
    assert [s.op for s in steps_of(doc)] == ["tanh", "cos", "exp", "sin"]
    doc.move(3, 1)
    assert [s.op for s in steps_of(doc)] == ["tanh", "sin", "cos", "exp"]
    assert doc.remove(2) == Step("cos")
    assert [s.op for s in steps_of(doc)] == ["tanh", "sin", "exp"]


def test_listeners_hear_before_and_after_each_edit():
    doc = ChainDocument(chain_graph(["sin", ("scale", 2.0)]))
    log = recorder(doc)
    doc.insert(0, Step("exp"))
    doc.move(0, 2)
    doc.set_param(1, 3.0)
    doc.remove(0)
    doc.set_graph(parse("x*sin(x)"))
    doc.update_settings(x0=1.5)
    kinds = [(when, kind) for when, kind, _, _ in log]
    assert kinds == [
        (w, k) for k in (INSERT, MOVE, PARAM, REMOVE, RESET, SETTINGS) for w in ("before", "after")
    ]
    assert log[2][2:] == (0, 2)  # the move's row and destination


def test_listener_sees_new_graph_only_after():
    doc = ChainDocument(chain_graph(["sin"]))
    seen = []
    doc.about_to_change.append(lambda c: seen.append(len(doc.graph.nodes)))
    doc.changed.append(lambda c: seen.append(len(doc.graph.nodes)))
    doc.insert(1, Step("cos"))
    assert seen == [2, 3]


def test_chain_edits_refused_on_a_graph_and_the_graph_kept():
    graph = parse("x*sin(x)")
    doc = ChainDocument(graph)
    assert doc.steps() is None
    with pytest.raises(GraphError, match="not a chain"):
        doc.insert(0, Step("sin"))
    assert doc.graph == graph


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda d: d.insert(5, Step("sin")), "cannot insert"),
        (lambda d: d.remove(2), "no step"),
        (lambda d: d.move(0, 2), "no step"),
        (lambda d: d.set_param(0, 2.0), "takes no parameter"),
        (lambda d: d.set_param(1, float("nan")), "finite"),
    ],
)
def test_bad_edits_raise_and_change_nothing(action, message):
    doc = ChainDocument(chain_graph(["sin", ("scale", 2.0)]))
    before = doc.graph
    log = recorder(doc)
    with pytest.raises(GraphError, match=message):
        action(doc)
    assert doc.graph == before
    assert log == []


def test_settings_validated_and_only_real_changes_notify():
    doc = ChainDocument()
    log = recorder(doc)
    assert not doc.update_settings(x0=doc.settings.x0)
    assert log == []
    with pytest.raises(FileFormatError):
        doc.update_settings(x_min=5.0, x_max=1.0)
    assert doc.update_settings(x_min=-1.0)
    assert doc.settings.x_min == -1.0


def test_set_document_replaces_graph_and_settings():
    doc = ChainDocument()
    new = Document(parse("log(sin(x))"), Settings(-10, 10, 101, 1.0))
    doc.set_document(new)
    assert doc.to_document() == new


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["insert", "remove", "move"]),
            st.integers(0, 8),
            st.integers(0, 8),
            st.sampled_from([n for n in CHAIN_OPS if OPS[n].param is None]),
        ),
        max_size=20,
    )
)
def test_random_edits_agree_with_a_python_list(edits):
    doc = ChainDocument(Graph.from_chain(()))
    mirror: list[str] = []
    for kind, a, b, name in edits:
        n = len(mirror)
        if kind == "insert" and a <= n:
            doc.insert(a, Step(name))
            mirror.insert(a, name)
        elif kind == "remove" and a < n:
            doc.remove(a)
            mirror.pop(a)
        elif kind == "move" and a < n and b < n:
            doc.move(a, b)
            mirror.insert(b, mirror.pop(a))
    assert [s.op for s in steps_of(doc)] == mirror


def test_chain_edits_are_refused_on_a_graph_of_several_inputs():
    doc = ChainDocument(parse("x*y"))
    assert doc.steps() is None
    with pytest.raises(GraphError, match="edit it as an expression"):
        doc.insert(0, Step("sin"))
    assert doc.graph == parse("x*y")


def test_a_renamed_input_keeps_its_range_and_point_wherever_the_order_puts_it():
    """Renaming x to x1 beside y makes y the first input (guiad's order: x, y, z, then a–z);
    x1 keeps x's range and coordinate and y its own, and renaming back gives them back."""
    from guiad.core.sketch import Sketch

    doc = ChainDocument()
    doc.set_sketch(Sketch.from_graph(parse("log(x) + x*y - sin(y)")))
    inputs = doc.graph.inputs
    doc.set_settings(
        doc.settings.with_ranges(inputs, {"x": (0.5, 3.0), "y": (-2.0, 6.0)}).with_point(
            inputs, (2.5, 5.0)
        )
    )
    named = doc.sketch
    x = next(i for i, node in named.nodes if node.name == "x")
    seen: list = []
    doc.changed.append(lambda change: seen.append((change.kind, doc.settings)))
    doc.set_sketch(named.rename_input(x, "x1"))
    assert doc.graph.inputs == ("y", "x1")
    s = doc.settings
    assert s.ranges(doc.graph.inputs) == ((-2.0, 6.0), (0.5, 3.0))
    assert s.point(doc.graph.inputs) == (5.0, 2.5)
    assert seen == [(RESET, s)]  # one change: the views read graph and settings together
    doc.set_sketch(named)  # undo
    assert doc.settings.ranges(inputs) == ((0.5, 3.0), (-2.0, 6.0))
    assert doc.settings.point(inputs) == (2.5, 5.0)


def test_a_rename_onto_a_name_with_an_old_view_takes_the_renamed_inputs():
    s = Settings(x_min=0.0, x_max=1.0, x0=0.5, others=(InputView("z", -9.0, 9.0, 7.0),))
    moved = s.renamed(("x", "y"), ("y", "z"), {"x": "z"})
    assert moved.ranges(("y", "z")) == ((-4.0, 4.0), (0.0, 1.0))
    assert moved.point(("y", "z")) == (1.0, 0.5)


NAMES = ["x", "y", "z", "a", "b", "x1", "x2", "w"]


@given(
    text=st.sampled_from(["sin(x)", "x*y", "x*y + z", "log(a) + b*x - sin(y)"]),
    lows=st.lists(st.floats(-5, -0.5), min_size=4, max_size=4),
    renames=st.lists(st.tuples(st.integers(0, 3), st.sampled_from(NAMES)), max_size=4),
)
def test_every_rename_keeps_each_inputs_range_and_coordinate(text, lows, renames):
    """Whatever guiad's order makes first, each input keeps its own range and coordinate
    through any renames, and undoing them all gives the first settings back."""
    from guiad.core.sketch import Sketch, SketchError

    doc = ChainDocument()
    doc.set_sketch(Sketch.from_graph(parse(text)))
    inputs = doc.graph.inputs
    mine = zip(inputs, lows[: len(inputs)], strict=True)
    ranges = {name: (low, -low + k) for k, (name, low) in enumerate(mine)}
    point = [low / 2 for low in lows[: len(inputs)]]
    doc.set_settings(doc.settings.with_ranges(inputs, ranges).with_point(inputs, point))
    first, expected = doc.sketch, doc.settings
    own = {name: (ranges[name], at) for name, at in zip(inputs, point, strict=True)}
    for which, name in renames:
        ids = [i for i, node in doc.sketch.nodes if node.op == INPUT]
        node = ids[which % len(ids)]
        old = doc.sketch.node(node).name
        try:
            renamed = doc.sketch.rename_input(node, name)
        except SketchError:  # a name another input has
            continue
        doc.set_sketch(renamed)
        own[name] = own.pop(old)
        now = doc.graph.inputs
        shown = zip(doc.settings.ranges(now), doc.settings.point(now), strict=True)
        assert dict(zip(now, shown, strict=True)) == own
    doc.set_sketch(first)
    assert doc.settings.ranges(inputs) == expected.ranges(inputs)
    assert doc.settings.point(inputs) == expected.point(inputs)
