"""Version-3 files keep the graph as built by hand; versions 1 and 2 open as before; the
document keeps positions across typed edits and the user's text while it fits the graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guiad.core import parse
from guiad.core.document import RESET, SKETCH, ChainDocument
from guiad.core.fileformat import Document, FileFormatError, Settings, dumps, load, loads
from guiad.core.sketch import Sketch

ROOT = Path(__file__).resolve().parents[2]
OLD_FILES = sorted((ROOT / "assets" / "examples").glob("*.guiad.json")) + sorted(
    (ROOT / "tests" / "core" / "v1_files").glob("*.guiad.json")
)


def half_built() -> Sketch:
    """x wired into ×, whose second port is open; exp off the path; all placed."""
    s, x = Sketch().add_input((10, 20))
    s, mul = s.apply_to(x, "mul", (100, 20))
    s, _ = s.add_op("exp", (5, -5))
    s, c = s.add_const(2.5, (0, 90))
    return s


def test_old_files_are_there() -> None:
    assert len(OLD_FILES) >= 15


@pytest.mark.parametrize("path", OLD_FILES, ids=lambda p: p.name)
def test_every_older_file_opens_and_saves_as_before(path: Path) -> None:
    doc = load(path)
    assert doc.sketch is None  # nothing more than the graph
    data = json.loads(dumps(doc))
    assert data["version"] == json.loads(path.read_text())["version"]
    assert "sketch" not in data
    assert loads(dumps(doc)) == doc


@pytest.mark.parametrize("path", OLD_FILES, ids=lambda p: p.name)
def test_every_older_file_migrates_to_version_3_once_placed(path: Path) -> None:
    doc = load(path)
    ids = Sketch.from_graph(doc.graph).ids()
    placed = Sketch.from_graph(doc.graph, {i: (10.0 * i, -3.5 * i) for i in ids})
    moved = Document(doc.graph, doc.settings, placed)
    data = json.loads(dumps(moved))
    assert data["version"] == 3
    back = loads(dumps(moved))
    assert back == moved
    assert back.sketch.node(ids[-1]).pos == (10.0 * ids[-1], -3.5 * ids[-1])


def test_a_half_built_graph_saves_and_reopens_whole() -> None:
    sketch = half_built()
    doc = Document(sketch.to_graph()[0], Settings(x0=1.5), sketch)
    data = json.loads(dumps(doc))
    assert data["version"] == 3
    assert data["expression"] == "x*?"
    back = loads(dumps(doc))
    assert back.sketch == sketch  # positions, the open port, exp and 2.5 off the path
    assert back.graph == doc.graph
    assert back.settings == doc.settings
    assert back.sketch.problem() == "input 2 of × is not connected"


def test_the_output_mark_is_saved() -> None:
    sketch = half_built().with_output(0)
    back = loads(dumps(Document(sketch.to_graph()[0], Settings(), sketch)))
    assert back.sketch.output == 0


def test_a_graph_with_an_open_port_alone_is_saved_as_version_3() -> None:
    graph = parse("sin(?)")
    data = json.loads(dumps(Document(graph)))
    assert data["version"] == 3
    assert loads(dumps(Document(graph))).graph == graph


def v3(**changes) -> str:
    sketch = half_built()
    data = json.loads(dumps(Document(sketch.to_graph()[0], Settings(), sketch)))
    data.update(changes)
    return json.dumps(data)


def sketch_nodes(**node_changes) -> dict:
    data = json.loads(v3())["sketch"]
    data["nodes"][1].update(node_changes)
    return data


@pytest.mark.parametrize(
    ("sketch", "words"),
    [
        ([], "must be an object"),
        ({"nodes": [], "output": 1, "extra": 1}, "must be an object"),
        ({"nodes": "x", "output": None}, "must be a list"),
        (sketch_nodes(pos=[1e300, 0]), "within"),
        (sketch_nodes(pos=[float("nan"), 0]), "within"),
        (sketch_nodes(pos=[1]), "[x, y]"),
        (sketch_nodes(pos=["1", 2]), "two numbers"),
        (sketch_nodes(id=-1), "node id"),
        (sketch_nodes(id=True), "node id"),
        (sketch_nodes(inputs=[0, "a"]), "list of ids"),
        (sketch_nodes(inputs=[0, 99]), "does not exist"),
        (sketch_nodes(inputs=[1, None]), "cycle"),
        (sketch_nodes(op="nope"), "unknown op"),
        (sketch_nodes(op="x"), "input is"),
        (sketch_nodes(colour="red"), "unknown fields"),
        (sketch_nodes(param=2.0), "parameter"),
        ({**sketch_nodes(), "output": 17}, "output"),
    ],
)
def test_a_bad_sketch_is_refused_with_a_reason(sketch, words: str) -> None:
    with pytest.raises(FileFormatError, match=r'"sketch": .*' + words.replace("[", r"\[")):
        loads(v3(sketch=sketch))


def test_a_sketch_that_does_not_give_the_nodes_is_refused() -> None:
    sketch = json.loads(v3())["sketch"]
    sketch["output"] = 2  # exp: not the graph in "nodes"
    with pytest.raises(FileFormatError, match='"sketch" does not match the "nodes"'):
        loads(v3(sketch=sketch))


def test_open_ports_need_a_version_3_file() -> None:
    data = json.loads(v3())
    del data["sketch"]
    data["version"] = 2
    with pytest.raises(FileFormatError, match="unknown op 'hole'"):
        loads(json.dumps(data))
    data["version"] = 3
    assert loads(json.dumps(data)).graph == parse("x*?")


# ---- the document ------------------------------------------------------------------------


def test_set_sketch_sets_the_graph_and_says_what_changed() -> None:
    doc = ChainDocument(parse("x"))
    heard: list[str] = []
    doc.changed.append(lambda change: heard.append(change.kind))
    sketch = half_built()
    doc.set_sketch(sketch)
    assert doc.sketch == sketch
    assert doc.graph == parse("x*?")
    doc.set_sketch(sketch.moved({0: (0, 0)}))  # the graph is the same: only the sketch
    doc.set_sketch(doc.sketch)  # no change: not heard
    assert heard == [RESET, SKETCH]
    assert doc.to_document().sketch == doc.sketch


def test_a_typed_edit_keeps_the_positions_of_nodes_that_still_exist() -> None:
    doc = ChainDocument(parse("x*sin(x)"))
    doc.set_sketch(doc.sketch.moved({0: (1, 2), 1: (3, 4), 2: (5, 6)}))
    doc.set_graph(parse("exp(x*sin(x))"))
    kept = {doc.sketch.node(i).op: doc.sketch.node(i).pos for i in doc.sketch.ids()}
    assert kept == {"x": (1.0, 2.0), "sin": (3.0, 4.0), "mul": (5.0, 6.0), "exp": None}
    doc.set_graph(parse("x*cos(x) + sin(x)"))
    kept = {doc.sketch.node(i).op: doc.sketch.node(i).pos for i in doc.sketch.ids()}
    assert kept["x"] == (1.0, 2.0)
    assert kept["sin"] == (3.0, 4.0)
    assert kept["cos"] is None


def test_a_node_used_twice_keeps_each_position() -> None:
    doc = ChainDocument(parse("sin(x) + sin(y)"))
    spots = {i: (float(i), 0.0) for i in doc.sketch.ids()}
    doc.set_sketch(doc.sketch.moved(spots))
    doc.set_graph(parse("sin(x) + sin(y) + 1"))
    assert [doc.sketch.node(i).pos for i in doc.sketch.ids()][:-1] == list(spots.values())


def test_the_users_text_is_kept_while_it_describes_the_graph() -> None:
    doc = ChainDocument()
    doc.set_graph(parse("(1 - x)^2"), "(1 - x)^2")
    assert doc.text == "(1 - x)^2"
    doc.set_graph(parse("(1 - x)^2"), "( 1-x )^2")  # the same graph, typed again
    assert doc.text == "( 1-x )^2"
    doc.set_graph(parse("x"), "sin(x)")  # text of another graph: not kept
    assert doc.text is None
    doc.set_graph(parse("sin(x)"))
    assert doc.text is None
    doc.set_graph(parse("sin(x)"), "sin(x)")
    doc.set_sketch(doc.sketch.moved({0: (1, 1)}))
    assert doc.text == "sin(x)"  # moved on the canvas: still the same graph


def test_another_function_of_the_same_inputs_is_laid_out_afresh() -> None:
    """log(x) after x*sin(x) built on the canvas: x alone would keep its place and log go
    below it (new nodes go below the placed ones), its wire running back up."""
    doc = ChainDocument(parse("x*sin(x)"))
    doc.set_sketch(doc.sketch.moved({0: (1, 2), 1: (3, 4), 2: (5, 6)}))
    doc.set_graph(parse("log(x)"))
    assert all(doc.sketch.node(i).pos is None for i in doc.sketch.ids())
    doc.set_sketch(doc.sketch.moved({0: (1, 2), 1: (3, 4)}))
    doc.set_graph(parse("log(x) + x"))  # log still there: x and log keep their places
    kept = {doc.sketch.node(i).op: doc.sketch.node(i).pos for i in doc.sketch.ids()}
    assert kept == {"x": (1.0, 2.0), "log": (3.0, 4.0), "add": None}
