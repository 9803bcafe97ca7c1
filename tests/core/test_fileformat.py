"""The .guiad.json format: round trips, atomic saves, and a few malformed files refused.

(The large suite of hostile files lives in test_hostile_files.py.)
"""

from __future__ import annotations

import json
import os

import pytest

from guiad.core import fileformat, parse
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
    assert data["version"] == VERSION
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


def test_text_that_is_not_json_is_refused():
    with pytest.raises(FileFormatError, match="invalid JSON"):
        loads("not json")


def test_a_missing_file_is_a_file_format_error(tmp_path):
    with pytest.raises(FileFormatError, match="cannot read"):
        load(tmp_path / f"missing{SUFFIX}")
