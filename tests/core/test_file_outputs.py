"""A graph of several outputs (a Python function returning a tuple, opened by guiad.show)
keeps them all through a file: the file kept the last one only."""

from __future__ import annotations

import json

import pytest

from guiad.core import fileformat
from guiad.core.document import Document
from guiad.core.expression import parse
from guiad.core.graph import Graph, Node

X, Y = Node("x"), Node("x")
TWO_INPUTS = Graph((X, Y, Node("mul", (0, 1)), Node("sin", (0,))), ("x", "y"), (2, 3))
ONE_INPUT = Graph((X, Node("square", (0,)), Node("sin", (0,))), ("x",), (1, 2, 0))


@pytest.mark.parametrize("graph", [TWO_INPUTS, ONE_INPUT])
def test_every_output_comes_back(graph, tmp_path):
    path = tmp_path / "two.guiad.json"
    fileformat.save(Document(graph), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 2  # (version 1 is byte for byte the one-output format)
    assert data["outputs"] == list(graph.outputs)
    back = fileformat.load(path)
    assert back.graph == graph
    assert back.graph.outputs == graph.outputs


def test_one_output_writes_no_outputs_and_version_1_stays():
    data = json.loads(fileformat.dumps(Document(parse("sin(x)*x"))))
    assert data["version"] == 1
    assert "outputs" not in data


@pytest.mark.parametrize(
    ("outputs", "words"),
    [
        ([], "non-empty list of node indices"),
        ([True], "non-empty list of node indices"),
        ("2", "non-empty list of node indices"),
        ([2, 9], "the outputs must be node indices of the graph"),
        ([2.5], "the outputs must be node indices of the graph"),
        ([2] * 65, "has 65 entries; the limit is 64"),
    ],
)
def test_bad_outputs_are_refused_with_one_line(outputs, words):
    data = json.loads(fileformat.dumps(Document(TWO_INPUTS)))
    data["outputs"] = outputs
    with pytest.raises(fileformat.FileFormatError, match=words):
        fileformat.from_dict(data)
