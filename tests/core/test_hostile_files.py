"""Hostile files: every malformed, huge, binary or booby-trapped file is refused cleanly.

Each case must raise FileFormatError (nothing else) with a one-line message, within a
generous hang guard, and no payload may run: payloads that would create ``PWNED`` in the
working folder are checked to really do so when run as Python (so the check can fail), and
then must not do so when loaded. The families below generate well over 1,000 files;
``test_there_are_over_a_thousand_hostile_files`` counts them.
"""

from __future__ import annotations

import copy
import json
import math
import os
import random
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guiad.core.expression import ParseError, parse
from guiad.core.fileformat import (
    MAX_FILE_BYTES,
    Document,
    FileFormatError,
    Settings,
    dumps,
    load,
    loads,
    save,
)
from guiad.core.graph import MAX_NODES, Graph, chain_graph
from guiad.core.ops import OPS
from guiad.core.sampling import MAX_COORDINATE, width_problem

# Not a speed claim (bench/hostile.py measures that): a refusal that takes this much CPU time
# is hung. CPU time of the loading thread, not wall clock, which failed at 5.5 s for "too many
# nodes" on a machine at load 22 (2 cores). The FIFO test waits this long in wall clock.
HANG_GUARD_SECONDS = 5.0

# A document with every field in use: a graph (x used twice), params of each kind, settings.
VALID = Document(
    parse("exp(sin(2*x - 1)^3) * x + log1p(x^2)"),
    Settings(x_min=-3.0, x_max=5.5, points=777, x0=1.25),
)
VALID_TEXT = dumps(VALID)
VALID_DICT = json.loads(VALID_TEXT)

PWNED = "PWNED"


def _payloads(target: str) -> list[str]:
    """Python snippets that create ``target`` when run (``test_payloads_are_live_python``)."""
    return [
        f"__import__('os').system('touch {target}')",
        f"open('{target}','w')",
        f"open('{target}', 'w').write('owned')",
        f"__import__('pathlib').Path('{target}').touch()",
        f"exec(\"open('{target}','w')\")",
        f"eval(\"open('{target}','w')\")",
        f"(lambda: open('{target}','w'))()",
        f"[open('{target}','w') for _ in range(1)]",
        f"sin(x) if open('{target}','w') else x",
        f"x + 0*len(str(open('{target}','w')))",
        f"__builtins__.open('{target}','w')",
        f"sin(open('{target}','w'))",
        f"x; open('{target}','w')",
        f"f\"{{open('{target}','w')}}\"",
        f"().__class__.__base__.__subclasses__() and open('{target}','w')",
        f"import os; os.system('touch {target}')",
    ]


PAYLOADS = _payloads(PWNED)
PICKLE_PAYLOAD = f"cos\nsystem\n(S'touch {PWNED}'\ntR.".encode()


@pytest.fixture(autouse=True)
def _in_tmp_and_nothing_ran(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run in an empty folder; afterwards no payload may have created its file."""
    monkeypatch.chdir(tmp_path)
    yield
    assert not (tmp_path / PWNED).exists(), "a payload ran: PWNED was created"


def _refusal(loader: Callable[[], Any]) -> tuple[str, float]:
    """Call ``loader``; it must raise FileFormatError. Return the message and the time taken."""
    start = time.thread_time()
    with pytest.raises(FileFormatError) as info:
        loader()
    elapsed = time.thread_time() - start
    message = str(info.value)
    assert message.strip(), "empty message"
    assert "\n" not in message, f"message is not one line: {message!r}"
    assert len(message) < 400, f"message too long to show: {message[:100]}..."
    assert "Traceback" not in message
    assert elapsed < HANG_GUARD_SECONDS, f"took {elapsed:.1f} s"
    return message, elapsed


def _refuse_text(text: str | bytes) -> str:
    return _refusal(lambda: loads(text))[0]


def _refuse_file(path: Path, content: str | bytes) -> str:
    if isinstance(content, str):
        content = content.encode("utf-8", errors="surrogatepass")
    path.write_bytes(content)
    return _refusal(lambda: load(path))[0]


def _check_all(cases: dict[str, str | bytes], path: Path) -> dict[str, str]:
    """Refuse every case both from disk and from memory; return the messages by case name."""
    messages = {}
    for name, content in cases.items():
        try:
            messages[name] = _refuse_file(path, content)
            _refuse_text(content)
        except (AssertionError, pytest.fail.Exception) as err:
            raise AssertionError(f"case {name!r}: {err}") from None
    return messages


# ---- the families ---------------------------------------------------------------------


def truncated_files() -> dict[str, str]:
    """The valid file cut at every character before its closing brace."""
    end = VALID_TEXT.rindex("}")
    return {f"cut at {i}": VALID_TEXT[:i] for i in range(end)}


_WRONG_VALUES: list[Any] = [
    None,
    True,
    False,
    "text",
    "1",
    "",
    1.5,
    -1,
    0,
    10**400,
    [],
    [1],
    {},
    {"a": 1},
    math.nan,
    math.inf,
    -math.inf,
]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_index(value: Any, node: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < node


def _field_paths(data: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every path to every value in ``data`` (dict keys and list indices)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from _field_paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield (*prefix, i)
            yield from _field_paths(value, (*prefix, i))


def _replaced(data: Any, path: tuple, value: Any) -> Any:
    out = copy.deepcopy(data)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return out


def _still_right(path: tuple, value: Any) -> bool:
    """True when ``value`` is valid at ``path`` (so replacing with it is not hostile)."""
    finite = _is_number(value) and value != 10**400 and math.isfinite(value)
    match path:
        case ("settings", "x_min" | "x_max" | "x0"):
            return finite  # the wrong values that are numbers keep -3 < x_max and x_min < 5.5
        case ("settings",):
            return value == {}
        case ("nodes", _, "param"):
            return finite
        case ("nodes", node, "inputs", _):
            return _is_index(value, node)
        case ("nodes", node, "inputs"):
            arity = len(VALID_DICT["nodes"][node]["inputs"])
            return (
                isinstance(value, list)
                and len(value) == arity
                and all(_is_index(v, node) for v in value)
            )
    return False


def wrong_type_files() -> dict[str, str]:
    """Each field of the valid file, replaced by each value of a wrong type, with and
    without the expression (whose mismatch would otherwise be found first)."""
    cases = {}
    for with_expression in (True, False):
        base = copy.deepcopy(VALID_DICT)
        if not with_expression:
            del base["expression"]
        for path in _field_paths(base):
            for value in _WRONG_VALUES:
                if _still_right(path, value):
                    continue
                changed = _replaced(base, path, value)
                if changed == base:
                    continue
                name = f"{'/'.join(map(str, path))}={value!r} expr={with_expression}"
                cases[name] = json.dumps(changed)
    # 1.5 into x_min etc. is a valid number; these are the range rules instead
    for x_min, x_max in [(1.0, 1.0), (2.0, -2.0), (0.0, -0.0)]:
        bad = _replaced(
            _replaced(VALID_DICT, ("settings", "x_min"), x_min), ("settings", "x_max"), x_max
        )
        cases[f"x_min={x_min} x_max={x_max}"] = json.dumps(bad)
    for points in [0, 1, 2.0, 10_000_001, -5, 2001.5]:
        cases[f"points={points}"] = json.dumps(
            _replaced(VALID_DICT, ("settings", "points"), points)
        )
    return cases


def version_files() -> dict[str, str]:
    cases = {}
    for version in [0, -1, 2, 3, 99, 10**400, 1.0, "1", None, True, [1]]:
        cases[f"version={version!r}"] = json.dumps({**VALID_DICT, "version": version})
    without = dict(VALID_DICT)
    del without["version"]
    cases["no version"] = json.dumps(without)
    for fmt in ["Guiad", "guiad ", "", None, 1, "json", "pickle"]:
        cases[f"format={fmt!r}"] = json.dumps({**VALID_DICT, "format": fmt})
    no_format = dict(VALID_DICT)
    del no_format["format"]
    cases["no format"] = json.dumps(no_format)
    return cases


def _chain_file(op: Any, **node: Any) -> str:
    nodes = [{"op": "x"}, {"op": "sin", "inputs": [0]}, {"op": op, "inputs": [1], **node}]
    return json.dumps({"format": "guiad", "version": 1, "nodes": nodes})


def unknown_op_files() -> dict[str, str]:
    names = ["", "SIN", "sin ", " sin", "ѕin", "sinh2", "x", "y", "asin", "ln", "eval", "exec"]
    names += ["__import__", "os.system", "lambda", "const", "print", "open", "None"]
    names += [f"{op}_" for op in OPS] + [op.upper() for op in OPS]
    cases = {f"op={name!r}": _chain_file(name) for name in names}
    for op in OPS:
        cases[f"{op} with a bad parameter"] = _chain_file(op, param="2" if OPS[op].param else 1.0)
    cases["const with an input"] = _chain_file("const", param=1.0)
    return cases


def structure_files() -> dict[str, str]:
    """Shapes that are not a graph: bad inputs, cycles, empty, too many nodes, extra fields."""
    head = {"format": "guiad", "version": 1}

    def doc(nodes: Any, **extra: Any) -> str:
        return json.dumps({**head, "nodes": nodes, **extra})

    x = {"op": "x"}
    cases = {
        "nodes empty": doc([]),
        "nodes not a list": doc({"0": x}),
        "first node not x": doc([{"op": "sin", "inputs": [0]}]),
        "x with inputs": doc([{"op": "x", "inputs": [0]}]),
        "x with param": doc([{"op": "x", "param": 1.0}]),
        "forward reference": doc([x, {"op": "sin", "inputs": [2]}, {"op": "cos", "inputs": [1]}]),
        "self reference": doc([x, {"op": "sin", "inputs": [1]}]),
        "negative input": doc([x, {"op": "sin", "inputs": [-1]}]),
        "float input": doc([x, {"op": "sin", "inputs": [0.0]}]),
        "bool input": doc([x, {"op": "sin", "inputs": [False]}]),
        "text input": doc([x, {"op": "sin", "inputs": ["0"]}]),
        "nested input": doc([x, {"op": "sin", "inputs": [[0]]}]),
        "inputs not a list": doc([x, {"op": "sin", "inputs": 0}]),
        "too few inputs": doc([x, {"op": "mul", "inputs": [0]}]),
        "too many inputs": doc([x, {"op": "sin", "inputs": [0, 0]}]),
        "missing inputs": doc([x, {"op": "sin"}]),
        "scale without param": doc([x, {"op": "scale", "inputs": [0]}]),
        "unknown node field": doc([x, {"op": "sin", "inputs": [0], "code": "1"}]),
        "node not an object": doc([x, "sin"]),
        "node without op": doc([x, {"inputs": [0]}]),
        "neither nodes nor expression": json.dumps(head),
        "unknown settings field": doc([x, {"op": "sin", "inputs": [0]}], settings={"zoom": 2}),
        "too many nodes": doc([x] + [{"op": "sin", "inputs": [i]} for i in range(MAX_NODES)]),
        "nodes and a mismatching expression": doc(
            [x, {"op": "sin", "inputs": [0]}], expression="cos(x)"
        ),
        "top level list": json.dumps([VALID_DICT]),
        "top level string": json.dumps(VALID_TEXT),
        "top level number": "1",
        "top level null": "null",
        "empty file": "",
        "whitespace only": " \n\t ",
        "self-squaring graph (exponentially long text)": doc(
            [x] + [{"op": "mul", "inputs": [i, i]} for i in range(64)]
        ),
    }
    for text in ["", "   ", "x +", "sin(", "sin(x", "2*", "x x", "sin x", "1/0", "log(x, 2)"]:
        cases[f"expression {text!r}"] = json.dumps({**head, "expression": text})
    cases["expression too long"] = json.dumps({**head, "expression": "x+" * 6000 + "x"})
    cases["expression too deep"] = json.dumps(
        {**head, "expression": "sin(" * 300 + "x" + ")" * 300}
    )
    cases["expression with a NUL"] = json.dumps({**head, "expression": "sin(x)\u0000"})
    cases["expression with a lone surrogate"] = (
        '{"format":"guiad","version":1,"expression":"x\\ud800"}'
    )
    return cases


def nesting_files() -> dict[str, str]:
    """10,000-deep nesting at the top and inside each field."""
    deep_list = "[" * 10_000 + "]" * 10_000
    deep_dict = '{"a":' * 10_000 + "1" + "}" * 10_000
    cases = {"deep list": deep_list, "deep object": deep_dict, "unclosed deep list": "[" * 10_000}
    cases["deep list, 100,000"] = "[" * 100_000 + "]" * 100_000
    for path in [
        ("version",),
        ("expression",),
        ("nodes",),
        ("nodes", 1),
        ("nodes", 1, "op"),
        ("nodes", 1, "inputs"),
        ("nodes", 2, "param"),
        ("settings",),
        ("settings", "x0"),
    ]:
        marker = "__DEEP__"
        text = json.dumps(_replaced(VALID_DICT, path, marker))
        for kind, deep in (("list", deep_list), ("object", deep_dict)):
            cases[f"deep {kind} in {'/'.join(map(str, path))}"] = text.replace(f'"{marker}"', deep)
    return cases


def binary_files() -> dict[str, bytes]:
    rng = random.Random(20261126)
    cases: dict[str, bytes] = {}
    for i in range(150):
        cases[f"random bytes {i}"] = rng.randbytes(rng.choice([1, 7, 64, 1000, 50_000]))
    for i in range(50):
        printable = "".join(rng.choice('{}[]",:0123456789.eE+-truefalsnul x\n') for _ in range(200))
        cases[f"json-ish junk {i}"] = printable.encode()
    cases["PNG header"] = b"\x89PNG\r\n\x1a\n" + bytes(100)
    cases["gzip header"] = b"\x1f\x8b\x08\x00" + bytes(100)
    cases["ELF header"] = b"\x7fELF" + bytes(100)
    cases["zip header"] = b"PK\x03\x04" + bytes(100)
    cases["UTF-16 encoded valid file"] = VALID_TEXT.encode("utf-16")
    cases["Latin-1 text"] = '{"format": "guiad", "expression": "é"}'.encode("latin-1")
    cases["NULs"] = bytes(4096)
    cases["valid file then junk"] = VALID_TEXT.encode() + b"\x00\xff junk"
    cases["two documents"] = (VALID_TEXT + VALID_TEXT).encode()
    return cases


def payload_files() -> dict[str, str | bytes]:
    """Python code where a file holds text: expression, op, format, settings, keys."""
    cases: dict[str, str | bytes] = {}
    head = {"format": "guiad", "version": 1}
    for i, code in enumerate(PAYLOADS):
        cases[f"payload {i} as expression"] = json.dumps({**head, "expression": code})
        cases[f"payload {i} as expression beside nodes"] = json.dumps(
            {**VALID_DICT, "expression": code}
        )
        cases[f"payload {i} as op"] = _chain_file(code)
        cases[f"payload {i} as format"] = json.dumps({**VALID_DICT, "format": code})
        cases[f"payload {i} as version"] = json.dumps({**VALID_DICT, "version": code})
        cases[f"payload {i} as x0"] = json.dumps(_replaced(VALID_DICT, ("settings", "x0"), code))
        cases[f"payload {i} as param"] = json.dumps(
            _replaced(VALID_DICT, ("nodes", 2, "param"), code)
        )
        cases[f"payload {i} as input"] = json.dumps(
            _replaced(VALID_DICT, ("nodes", 1, "inputs"), [code])
        )
        cases[f"payload {i} as node key"] = _chain_file("sin", **{code: 1})
        cases[f"payload {i} as settings key"] = json.dumps({**VALID_DICT, "settings": {code: 1}})
        cases[f"payload {i} as the whole file"] = code
    cases["pickle"] = PICKLE_PAYLOAD
    cases["yaml tag"] = f'!!python/object/apply:os.system ["touch {PWNED}"]'
    return cases


# Numbers past what the views draw (issue 22 items 9 and 10): points, range ends, and ranges
# whose width underflows (denormal ends) or is too narrow for a pixel.
HUGE = [1e308, -1e308, 1.7976931348623157e308, 1e200, -1e200, 1e16, -1e16, 1e15 * (1 + 1e-15)]
DENORMAL = [5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308]
NARROW = [(0.0, 5e-324), (-5e-324, 5e-324), (0.0, 2.2250738585072014e-308), (0.0, 1e-300)]
NARROW += [(-2.2250738585072014e-308, 2.2250738585072014e-308), (0.0, 1e-20), (1.0, 1.0 + 1e-14)]
# Names that are ops, constants, keywords or numbers to the parser (item 11)
NOT_NAMES = ["e", "pi", "sin", "exp", "log", "lambda", "None", "True", "inf", "nan", "Inf"]
NOT_NAMES += ["NaN", "infinity", "_x", "x" * 5000, "é", "1x", "x y", ""]


def _xyz(point: dict | None = None, ranges: dict | None = None, names=("x", "y", "z")) -> str:
    """A version-2 file of x*y*z (or the product of ``names``) with these settings."""
    settings: dict = {"points": 201, "point": point or {}, "ranges": ranges or {}}
    head = {"format": "guiad", "version": 2, "inputs": list(names)}
    return json.dumps({**head, "expression": "*".join(names), "settings": settings})


def _x_only(**settings: Any) -> str:
    """A version-1 file of sin(x) with these settings over the defaults."""
    base = {"x_min": -4.0, "x_max": 4.0, "points": 2001, "x0": 2.0}
    return json.dumps(
        {"format": "guiad", "version": 1, "expression": "sin(x)", "settings": {**base, **settings}}
    )


def extreme_number_files() -> dict[str, str]:
    """Points and ranges past what the views draw, too-narrow ranges, names that are not."""
    cases = {}
    for value in HUGE:
        cases[f"x0={value!r}"] = _x_only(x0=value)
        cases[f"x range to {value!r}"] = _x_only(**{"x_max" if value > 0 else "x_min": value})
        for name in "xyz":
            cases[f"point.{name}={value!r}"] = _xyz(point={name: value})
            wide = [-abs(value), abs(value)]
            cases[f"ranges.{name}=±{abs(value)!r}"] = _xyz(ranges={name: wide})
    for low, high in NARROW:
        cases[f"x range {low!r} … {high!r}"] = _x_only(x_min=low, x_max=high, x0=low)
        for name in "xyz":
            cases[f"ranges.{name}={low!r} … {high!r}"] = _xyz(ranges={name: [low, high]})
    for name in NOT_NAMES:
        cases[f"input named {name[:20]!r}"] = _xyz(names=("x", name))
        nodes = [{"op": "input", "name": "x"}, {"op": "input", "name": name}]
        nodes.append({"op": "mul", "inputs": [0, 1]})
        data = {"format": "guiad", "version": 2, "inputs": ["x", name], "nodes": nodes}
        cases[f"input node named {name[:20]!r}"] = json.dumps(data)
    return cases


FAMILIES: dict[str, Callable[[], dict[str, Any]]] = {
    "truncated": truncated_files,
    "wrong types": wrong_type_files,
    "versions and formats": version_files,
    "unknown ops": unknown_op_files,
    "structure": structure_files,
    "deep nesting": nesting_files,
    "binary and random bytes": binary_files,
    "Python payloads": payload_files,
    "extreme numbers and names": extreme_number_files,
}


# ---- the tests ---------------------------------------------------------------------------


def test_there_are_over_a_thousand_hostile_files() -> None:
    counts = {name: len(make()) for name, make in FAMILIES.items()}
    assert sum(counts.values()) >= 1000, counts


@pytest.mark.parametrize("family", list(FAMILIES))
def test_every_hostile_file_is_refused_cleanly(family: str, tmp_path: Path) -> None:
    _check_all(FAMILIES[family](), tmp_path / "hostile.guiad.json")


def test_the_valid_base_file_loads_so_each_case_is_one_fault() -> None:
    assert loads(VALID_TEXT) == VALID
    assert json.loads(VALID_TEXT) == VALID_DICT


@pytest.mark.parametrize("code", PAYLOADS)
def test_payloads_are_live_python(code: str, tmp_path: Path) -> None:
    """Control: run as Python, each payload creates the file, so the absence check can fail."""
    program = f"from math import *\nx = 1.0\n{code}"  # the names an expression may use
    subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, timeout=30)
    assert (tmp_path / PWNED).exists(), f"payload did not create the file: {code}"
    (tmp_path / PWNED).unlink()


def test_the_pickle_payload_is_live(tmp_path: Path) -> None:
    """Control: unpickled, the pickle file runs a shell command."""
    program = "import pickle, sys; pickle.loads(sys.stdin.buffer.read())"
    subprocess.run(
        [sys.executable, "-c", program], cwd=tmp_path, input=PICKLE_PAYLOAD, timeout=30, check=True
    )
    assert (tmp_path / PWNED).exists()
    (tmp_path / PWNED).unlink()


def test_payloads_with_absolute_paths_do_not_run(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere" / PWNED
    target.parent.mkdir()
    head = {"format": "guiad", "version": 1}
    for code in _payloads(str(target)):
        for text in (json.dumps({**head, "expression": code}), _chain_file(code)):
            _refuse_text(text)
    assert not target.exists()


def test_payload_messages_name_the_problem(tmp_path: Path) -> None:
    head = {"format": "guiad", "version": 1}
    message = _refuse_text(json.dumps({**head, "expression": f"open('{PWNED}','w')"}))
    assert "unknown function 'open'" in message
    message = _refuse_text(json.dumps({**head, "expression": "__import__('os').system('x')"}))
    assert "only table functions can be called" in message
    message = _refuse_text(_chain_file("__import__('os').system('touch PWNED')"))
    assert "unknown op" in message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (json.dumps({**VALID_DICT, "version": 4}), "version 4"),
        (json.dumps({**VALID_DICT, "version": 10**400}), "reads up to 3"),
        (
            json.dumps(_replaced(VALID_DICT, ("settings", "x_min"), 10**400)),
            "settings.x_min is too large",
        ),
        (
            json.dumps(_replaced(VALID_DICT, ("settings", "x0"), "2")),
            "settings.x0 must be a number",
        ),
        (json.dumps(_replaced(VALID_DICT, ("settings", "points"), 1)), "settings.points"),
        (
            json.dumps(_replaced(VALID_DICT, ("nodes", 2, "param"), 10**400)),
            "node 2: the parameter",
        ),
        (_chain_file("sinus"), "unknown op 'sinus'"),
        ("[" * 10_000, "nested too deeply"),
        (VALID_TEXT[:50], "invalid JSON"),
        ('{"format": "guiad", "version": 1, "n": ' + "9" * 5000 + "}", "too many digits"),
        (json.dumps({"format": "guiad", "version": 1, "expression": "sin(x"}), "expression"),
    ],
)
def test_messages_say_what_is_wrong(text: str, words: str) -> None:
    assert words in _refuse_text(text)


def test_binary_is_reported_as_not_text() -> None:
    assert "not UTF-8" in _refuse_text(b"\xff\xfe\x00\x01")


def _sparse_file(path: Path, size: int, head: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(head)
        fh.seek(size - 1)
        fh.write(b"}")


def test_a_200_mb_file_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.guiad.json"
    _sparse_file(path, 200 * 1024 * 1024, VALID_TEXT[:-3].encode() + b', "pad": "')
    assert path.stat().st_size == 200 * 1024 * 1024
    tracemalloc.start()
    try:
        message, _ = _refusal(lambda: load(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "too large" in message
    assert "209,715,200 bytes" in message
    assert peak < 1024 * 1024, f"peak {peak:,} bytes: the file was read"


def test_a_file_one_byte_over_the_limit_is_refused_and_one_at_it_loads(tmp_path: Path) -> None:
    path = tmp_path / "edge.guiad.json"
    padded = VALID_TEXT.rstrip() + " " * (MAX_FILE_BYTES - len(VALID_TEXT.rstrip()))
    path.write_text(padded, encoding="utf-8")
    assert path.stat().st_size == MAX_FILE_BYTES
    assert load(path) == VALID
    path.write_text(padded + " ", encoding="utf-8")
    assert "too large" in _refusal(lambda: load(path))[0]
    assert "too large" in _refuse_text(padded + " ")
    assert "too large" in _refuse_text((padded + " ").encode())


def test_a_fifo_is_refused_instead_of_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.guiad.json"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            load(fifo)
            outcome.append(None)
        except BaseException as err:  # noqa: BLE001 - handed to the test thread
            outcome.append(err)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(HANG_GUARD_SECONDS)
    if worker.is_alive():  # release the blocked open() so the thread can end
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(HANG_GUARD_SECONDS)
        pytest.fail("load() blocked on a FIFO")
    assert isinstance(outcome[0], FileFormatError)
    assert "not a regular file" in str(outcome[0])


@pytest.mark.parametrize("name", ["missing.guiad.json", ".", "/dev/null"])
def test_missing_directories_and_devices_are_refused(name: str, tmp_path: Path) -> None:
    path = Path(name) if name.startswith("/") else tmp_path / name
    if name == "/dev/null" and not path.exists():
        pytest.skip("no /dev/null here")
    _refusal(lambda: load(path))


# ---- valid files still load --------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        VALID,
        Document(parse("exp(sin(sin(x)))")),
        Document(parse("x*sin(x)")),
        Document(parse("log(sin(x))"), Settings(-10.0, 10.0, 10_000_000, -1e-300)),
        Document(chain_graph(["sin"] * (MAX_NODES - 1))),
        Document(Graph.from_chain(Graph.from_chain([]).chain() or ())),
    ],
    ids=["full", "seed", "graph", "extreme settings", "longest chain", "just x"],
)
def test_valid_files_still_load(document: Document, tmp_path: Path) -> None:
    path = tmp_path / "ok.guiad.json"
    save(document, path)
    assert load(path) == document
    assert loads(dumps(document)) == document


def test_a_bom_and_an_expression_only_file_load() -> None:
    assert loads(b"\xef\xbb\xbf" + VALID_TEXT.encode()) == VALID
    doc = loads(json.dumps({"format": "guiad", "version": 1, "expression": "exp(sin(sin(x)))"}))
    assert doc.graph == parse("exp(sin(sin(x)))")
    assert doc.settings == Settings()


def test_a_hand_edited_expression_that_means_the_same_graph_loads() -> None:
    edited = {**VALID_DICT, "expression": VALID_DICT["expression"].replace(" ", "")}
    assert loads(json.dumps(edited)) == VALID


# ---- hypothesis: mutated documents and arbitrary bytes -----------------------------------

_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.sampled_from(list(OPS) + list(PAYLOADS)),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_PATHS = list(_field_paths(VALID_DICT))


def _loads_or_refuses(text: str | bytes) -> None:
    """Either a valid Document that round-trips, or a clean FileFormatError."""
    try:
        doc = loads(text)
    except FileFormatError as err:
        message = str(err)
    else:
        assert isinstance(doc.graph, Graph)
        assert loads(dumps(doc)) == doc
        return
    assert message.strip()
    assert "\n" not in message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(_PATHS), value=_json_values)
def test_any_single_field_mutation_loads_or_is_refused(path: tuple, value: Any) -> None:
    _loads_or_refuses(json.dumps(_replaced(VALID_DICT, path, value), allow_nan=True))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_are_refused(data: bytes) -> None:
    _loads_or_refuses(data)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_arbitrary_text_is_refused(text: str) -> None:
    _loads_or_refuses(text)


# A version-2 document with every field in use: three inputs, params, ranges and a point.
VALID_V2_DICT = json.loads(
    dumps(
        Document(
            parse("softplus(-(2*w + b))*x + log1p(x^2)^3"),
            Settings(x_min=-3.0, x_max=5.5, points=777, x0=1.25)
            .with_view("b", min=-2.0, max=2.0, at=0.5)
            .with_view("w", min=0.0, max=4.0, at=3.0),
        )
    )
)
_PATHS_V2 = list(_field_paths(VALID_V2_DICT))


def test_the_valid_version_2_base_file_loads_so_each_mutation_is_one_fault() -> None:
    doc = loads(json.dumps(VALID_V2_DICT))
    assert doc.graph.inputs == ("x", "b", "w")
    assert doc.settings.point(doc.graph.inputs) == (1.25, 0.5, 3.0)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(_PATHS_V2), value=_json_values)
def test_any_single_field_mutation_of_version_2_loads_or_is_refused(path: tuple, value: Any):
    _loads_or_refuses(json.dumps(_replaced(VALID_V2_DICT, path, value), allow_nan=True))


@pytest.mark.parametrize("code", PAYLOADS)
def test_payloads_as_version_2_input_names_do_not_run(code: str) -> None:
    for data in (
        {**VALID_V2_DICT, "inputs": ["x", code, "w"]},
        _replaced(VALID_V2_DICT, ("nodes", 1, "name"), code),
        _replaced(VALID_V2_DICT, ("settings", "point"), {code: 1.0}),
    ):
        _refuse_text(json.dumps(data))


# ---- extreme numbers that load: bounded to what the views draw ----------------------------

_EXTREME_FLOATS = (
    st.sampled_from([*HUGE, *DENORMAL, 0.0, -0.0, 1e15, -1e15, 1e-12, 1e-300])
    | st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True)
    | st.floats(min_value=-1e-300, max_value=1e-300, allow_subnormal=True)
)


def _assert_drawable(doc: Document) -> None:
    """Every coordinate within MAX_COORDINATE and every range wide enough to draw."""
    s, names = doc.settings, doc.graph.inputs
    for value in s.point(names):
        assert abs(value) <= MAX_COORDINATE, value  # (False for nan too)
    for low, high in s.ranges(names):
        assert -MAX_COORDINATE <= low < high <= MAX_COORDINATE, (low, high)
        assert width_problem(low, high, "range") is None, (low, high)


def _drawable_or_refused(text: str) -> None:
    try:
        doc = loads(text)
    except FileFormatError as err:
        message = str(err)
    else:
        _assert_drawable(doc)
        assert loads(dumps(doc)) == doc
        return
    assert message.strip()
    assert "\n" not in message


@settings(max_examples=300, deadline=None)
@given(x0=_EXTREME_FLOATS, low=_EXTREME_FLOATS, high=_EXTREME_FLOATS)
def test_extreme_version_1_settings_load_drawable_or_are_refused(x0, low, high) -> None:
    _drawable_or_refused(_x_only(x0=x0, x_min=low, x_max=high))


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from("xyz"),
    at=_EXTREME_FLOATS,
    low=_EXTREME_FLOATS,
    high=_EXTREME_FLOATS,
)
def test_extreme_version_2_settings_load_drawable_or_are_refused(name, at, low, high) -> None:
    _drawable_or_refused(_xyz(point={name: at}, ranges={name: [low, high]}))


@pytest.mark.parametrize("value", DENORMAL)
def test_denormal_points_load_exactly(value: float) -> None:
    """A denormal coordinate is a point like any other: kept to the last bit, round-tripped."""
    doc = loads(_xyz(point={"x": value, "y": value, "z": -value}))
    assert doc.settings.point(doc.graph.inputs) == (value, value, -value)
    assert loads(_x_only(x0=value)).settings.x0 == value
    assert loads(dumps(doc)) == doc


def test_the_extreme_drawable_ranges_load_and_the_next_float_is_refused() -> None:
    edge = loads(_xyz(ranges={"x": [-1e15, 1e15], "y": [0.0, 1e-12]}))
    assert edge.settings.ranges(edge.graph.inputs)[:2] == ((-1e15, 1e15), (0.0, 1e-12))
    message = _refuse_text(_xyz(ranges={"y": [0.0, math.nextafter(1e-12, 0)]}))
    assert "settings.ranges.y is too narrow to draw" in message
    message = _refuse_text(_xyz(ranges={"y": [0.0, 5e-324]}))
    assert message == "settings.ranges.y is too narrow to draw (4.94066e-324 wide; at least 1e-12)"
    assert "between −1e+15 and 1e+15" in _refuse_text(_xyz(point={"z": 1e308}))


@pytest.mark.parametrize("name", NOT_NAMES)
def test_input_names_are_refused_as_the_parser_would(name: str) -> None:
    """A file may not name an input what the parser reads as something else (or cannot read)."""
    assert _refuse_text(_xyz(names=("x", name))).startswith('"inputs"')
    assert not _parser_reads_as_input(name)  # so a file naming it would not read back


def _parser_reads_as_input(name: str) -> bool:
    try:
        return parse(f"x*{name}").inputs == ("x", name)
    except ParseError:
        return False


def test_a_name_the_parser_reads_as_an_input_loads() -> None:
    """Control for the refusals above: the same file with a plain name loads."""
    assert _parser_reads_as_input("w1")
    assert loads(_xyz(names=("x", "w1"))).graph.inputs == ("x", "w1")


@pytest.mark.parametrize("hops", [1, 2, 3])
def test_a_symlink_loop_is_refused_in_one_line(hops: int, tmp_path: Path) -> None:
    links = [tmp_path / f"loop{i}.guiad.json" for i in range(hops)]
    for i, link in enumerate(links):
        link.symlink_to(links[(i + 1) % hops].name)
    message, _ = _refusal(lambda: load(links[0]))
    assert message.startswith("cannot read loop0.guiad.json")
    assert "symbolic links" in message
