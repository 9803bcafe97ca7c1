"""The .guiad.json format: round trips, atomic saves, and a few malformed files refused.

(The large suite of hostile files lives in test_hostile_files.py.)
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from guiad.core import engine, fileformat, parse
from guiad.core.fileformat import (
    SUFFIX,
    VERSION,
    Document,
    FileFormatError,
    Settings,
    dumps,
    load,
    loads,
    save,
)

EXPRESSIONS = ["exp(sin(sin(x)))", "x*sin(x)", "2*x^3 - 1", "x^x/log1p(x^2)", "x"]


@pytest.mark.parametrize("expr", EXPRESSIONS)
def test_round_trip_through_text(expr):
    doc = Document(parse(expr), Settings(x_min=-2.5, x_max=7.0, points=501, x0=0.25))
    assert loads(dumps(doc)) == doc


def test_round_trip_through_a_file(tmp_path):
    path = tmp_path / f"chain{SUFFIX}"
    doc = Document(parse("tanh(3*x) + x"), Settings(x0=-1.5))
    save(doc, path)
    assert load(path) == doc
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "guiad"
    assert data["version"] == 1  # one input x: the version guiad has always written
    assert data["expression"] == "tanh(3*x) + x"


def test_a_file_with_only_an_expression_is_read_through_the_parser():
    text = json.dumps({"format": "guiad", "version": 1, "expression": "sin(x)^2"})
    assert loads(text).graph == parse("sin(x)^2")
    assert loads(text).settings == Settings()


def test_save_replaces_the_old_file_whole(tmp_path):
    path = tmp_path / f"a{SUFFIX}"
    save(Document(parse("sin(x)")), path)
    save(Document(parse("cos(x)")), path)
    assert load(path).graph == parse("cos(x)")
    assert os.listdir(tmp_path) == [path.name]  # no temp file left behind


def test_a_failed_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / f"a{SUFFIX}"
    save(Document(parse("sin(x)")), path)
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileformat.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        save(Document(parse("cos(x)")), path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == [path.name]


HEADER = {"format": "guiad", "version": 1}
SIN_OF_LATER_NODE = [{"op": "x"}, {"op": "sin", "inputs": [1]}]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([1, 2], "JSON object"),
        ({"format": "other", "version": 1, "expression": "x"}, '"format"'),
        ({"format": "guiad", "version": 99, "expression": "x"}, "version 99"),
        (HEADER, "neither"),
        ({**HEADER, "expression": "import os"}, "cannot be read"),
        ({**HEADER, "nodes": [{"op": "x"}, {"op": "evil", "inputs": [0]}]}, "unknown op"),
        ({**HEADER, "nodes": SIN_OF_LATER_NODE}, "earlier nodes"),
        ({**HEADER, "expression": "x", "settings": {"points": 1}}, "points"),
        ({**HEADER, "expression": "x", "settings": {"x_min": 5}}, "x_min"),
    ],
)
def test_malformed_files_are_refused_with_a_reason(data, words):
    with pytest.raises(FileFormatError) as info:
        loads(json.dumps(data))
    assert words in str(info.value)


@pytest.mark.parametrize("op", ["\n", "evil\nline two", "x" * 5000])
def test_an_unknown_op_is_named_on_one_short_line(op):
    # hypothesis found an op named "\n" printed raw: the message broke over two lines
    with pytest.raises(FileFormatError) as info:
        loads(json.dumps({**HEADER, "nodes": [{"op": "x"}, {"op": op, "inputs": [0]}]}))
    message = str(info.value)
    assert "unknown op" in message
    assert "\n" not in message
    assert len(message) < 200


def test_text_that_is_not_json_is_refused():
    with pytest.raises(FileFormatError, match="invalid JSON"):
        loads("not json")


def test_a_missing_file_is_a_file_format_error(tmp_path):
    with pytest.raises(FileFormatError, match="cannot read"):
        load(tmp_path / f"missing{SUFFIX}")


# ---- version 2: several inputs; every version-1 file opens unchanged -----------------------

V1_FILES = Path(__file__).parent / "v1_files"
EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"
# f, f′ and f″ at each file's x0, computed by guiad before several inputs existed (main at
# 4b5de50): files of today's version must open to exactly the same numbers
TODAY = json.loads((V1_FILES / "values-at-x0.json").read_text(encoding="utf-8"))


def v1_paths() -> list[Path]:
    shipped = [p for p in sorted(EXAMPLES.glob(f"*{SUFFIX}")) if _version(p) == 1]
    return sorted(V1_FILES.glob(f"*{SUFFIX}")) + shipped


def _version(path: Path) -> int:
    return json.loads(path.read_text(encoding="utf-8"))["version"]


def _key(path: Path) -> str:
    return ("examples/" if path.parent == EXAMPLES else "") + path.name


def test_the_migration_covers_every_v1_file_and_five_shipped_examples():
    keys = {_key(p) for p in v1_paths()}
    assert keys == set(TODAY)
    assert sum(k.startswith("examples/") for k in keys) == 5


@pytest.mark.parametrize("path", v1_paths(), ids=_key)
def test_a_version_1_file_opens_as_before(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    doc = load(path)
    assert doc.graph.inputs == ("x",)
    assert doc.graph == parse(data["expression"])
    assert len(doc.graph.nodes) == len(data["nodes"])
    assert doc.settings == Settings(**data["settings"])
    t = engine.trace(doc.graph, doc.settings.x0)
    before = TODAY[_key(path)]
    assert before["x0"] == doc.settings.x0
    # to the last few bits: numpy's SIMD sin and exp may round differently on another CPU
    now = [float(t.f), float(t.df), float(t.d2f)]
    saved = [float(before[k]) for k in ("f", "df", "d2f")]
    assert now == pytest.approx(saved, rel=1e-15, abs=0, nan_ok=True)


@pytest.mark.parametrize("path", sorted(V1_FILES.glob(f"*{SUFFIX}")), ids=_key)
def test_a_one_input_document_is_saved_byte_for_byte_as_before(path, tmp_path):
    saved = tmp_path / path.name
    save(load(path), saved)
    assert saved.read_bytes() == path.read_bytes()


def two_input_doc() -> Document:
    settings = Settings(x_min=-2.0, x_max=3.0, points=401, x0=1.0).with_view(
        "y", min=-1.0, max=5.0, at=2.0
    )
    return Document(parse("x*y + sin(x)"), settings)


def test_a_two_input_document_is_version_2_with_its_inputs_ranges_and_point():
    data = json.loads(dumps(two_input_doc()))
    assert data["version"] == 2
    assert VERSION == 3
    assert data["inputs"] == ["x", "y"]
    assert data["nodes"][:2] == [{"op": "input", "name": "x"}, {"op": "input", "name": "y"}]
    assert data["settings"] == {
        "points": 401,
        "ranges": {"x": [-2.0, 3.0], "y": [-1.0, 5.0]},
        "point": {"x": 1.0, "y": 2.0},
    }


@pytest.mark.parametrize(
    "expr",
    ["x*y + sin(x)", "w*x*y*z", "log1p(exp(-(2*w + b)))", "sin(t)", "x^2 + a*b*c*d*e1*f*g"],
)
def test_several_inputs_round_trip(expr, tmp_path):
    graph = parse(expr)
    settings = Settings(x0=0.5)
    for k, name in enumerate(graph.inputs[1:]):
        settings = settings.with_view(name, min=-k - 1.0, max=k + 2.0, at=0.25 * k)
    doc = Document(graph, settings)
    assert loads(dumps(doc)) == doc
    save(doc, tmp_path / f"a{SUFFIX}")
    assert load(tmp_path / f"a{SUFFIX}") == doc
    point = doc.settings.point(graph.inputs)
    assert loads(dumps(doc)).settings.point(graph.inputs) == point


def test_settings_of_other_inputs_are_kept_by_name_and_defaults_drop_out():
    s = Settings().with_view("y", min=0.0, max=1.0, at=0.5)
    assert s.ranges(("x", "y")) == ((-4.0, 4.0), (0.0, 1.0))
    assert s.point(("x", "y", "z")) == (2.0, 0.5, 1.0)  # z: the default coordinate
    moved = s.with_point(("x", "y"), (3.0, -1.0))
    assert moved.point(("x", "y")) == (3.0, -1.0)
    assert moved.x0 == 3.0
    back = s.with_view("y", min=-4.0, max=4.0, at=1.0)
    assert back == Settings()  # y back at its defaults: the same settings as never touched


def test_a_version_2_file_written_by_hand_may_leave_settings_out():
    text = json.dumps({"format": "guiad", "version": 2, "inputs": ["x", "y"], "expression": "x*y"})
    doc = loads(text)
    assert doc.graph == parse("x*y")
    assert doc.settings == Settings()


V2 = {"format": "guiad", "version": 2, "inputs": ["x", "y"], "expression": "x*y"}
V2_NODES = [
    {"op": "input", "name": "x"},
    {"op": "input", "name": "y"},
    {"op": "mul", "inputs": [0, 1]},
]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({**V2, "inputs": ["y", "x"]}, "guiad's order"),
        ({**V2, "inputs": ["x", "x"]}, "twice"),
        ({**V2, "inputs": ["x", "y", "z"]}, "the expression's are x, y"),
        ({**V2, "inputs": []}, "non-empty list"),
        ({**V2, "inputs": "x,y"}, "non-empty list"),
        ({**V2, "inputs": ["x", "__import__('os')"]}, "names such as"),
        ({**V2, "inputs": [f"a{k}" for k in range(9)]}, "the limit is 8"),
        ({k: v for k, v in V2.items() if k != "inputs"}, '"inputs"'),
        ({**V2, "settings": {"ranges": {"q": [0, 1]}}}, "'q', not an input"),
        ({**V2, "settings": {"ranges": {"y": [1, 0]}}}, "min must be less than max"),
        ({**V2, "settings": {"ranges": {"y": [0]}}}, "[min, max]"),
        ({**V2, "settings": {"point": {"y": "1"}}}, "must be a number"),
        ({**V2, "settings": {"point": {"x": 1e999}}}, "finite"),
        ({**V2, "settings": {"x0": 1.0}}, "unknown fields"),
        ({**V2, "nodes": [V2_NODES[1], V2_NODES[0], V2_NODES[2]]}, "must be the input x"),
        ({**V2, "nodes": [V2_NODES[0], {"op": "x"}, V2_NODES[2]]}, "must be the input y"),
        ({**V2, "nodes": V2_NODES[:1]}, "input"),
        ({**V2, "nodes": [*V2_NODES, {"op": "input", "name": "z"}]}, "node 3"),
    ],
)
def test_malformed_version_2_files_are_refused_with_a_reason(data, words):
    with pytest.raises(FileFormatError) as info:
        loads(json.dumps(data))
    assert words in str(info.value)


def test_the_nodes_of_version_2_must_match_the_expression():
    nodes = [*V2_NODES[:2], {"op": "add", "inputs": [0, 1]}]
    with pytest.raises(FileFormatError, match="does not match"):
        loads(json.dumps({**V2, "nodes": nodes}))
    assert loads(json.dumps({**V2, "nodes": V2_NODES})).graph == parse("x*y")


def test_with_ranges_sets_the_first_inputs_range_as_x_min_and_x_max_and_the_others_by_name():
    inputs = ("x", "b", "w")
    s = Settings().with_ranges(inputs, {"x": (-1.0, 3.0), "w": (0.0, 2.0)})
    assert (s.x_min, s.x_max) == (-1.0, 3.0)
    assert s.ranges(inputs) == ((-1.0, 3.0), (-4.0, 4.0), (0.0, 2.0))
    assert s.point(inputs) == Settings().point(inputs)  # the point stays
