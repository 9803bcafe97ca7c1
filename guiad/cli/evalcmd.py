"""``guiad eval``: f, f′ and f″ of an expression at points or over a range (no Qt here).

Output is a readable table for ``--at``, CSV for ``--range`` (stdout or ``--csv PATH``) and
JSON with ``--json``. Numbers are printed in full precision (Python's shortest round-trip
``repr``); undefined values are empty CSV cells, JSON ``null`` or "—" in the table, and the
reason is given. Bad input raises ``UsageError``: one line on stderr, exit code 2.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import numpy as np

from guiad.cli import evalmulti as multi
from guiad.cli.evalpoints import Grid, Listed, number, read_at_points, read_grid
from guiad.cli.graphfile import graph_in_file
from guiad.cli.usage import UsageError
from guiad.core import csvtable
from guiad.core.atomic import write_atomic
from guiad.core.engine import Evaluation, evaluate
from guiad.core.expression import ParseError, function_names, parse, to_expression
from guiad.core.graph import INPUT, Graph
from guiad.core.sampling import MAX_POINTS, MIN_POINTS, range_problem

DESCRIPTION = f"""\
Evaluate f(x), its derivative f′(x) (reverse mode) and f″(x) for an expression in x;
for an expression of several inputs, f, its gradient (one reverse sweep) and the Hessian.

The inputs are the names in the expression that are not functions or pi/e: x, y, z first,
then the others alphabetically (at most 8). Expressions use inputs, numbers, pi, e,
+ - * / and ** or ^ for powers, and these functions:
{textwrap.fill(", ".join(function_names()), 92)}
(scale(u, a) is a·u, shift(u, b) is u + b, power(u, n) is uⁿ). Undefined points (log of a
negative, overflow, ...) are reported with the reason.
"""

EPILOG = """\
examples:
  guiad eval "exp(sin(sin(x)))" --at 2            a table of x, f, f′, f″
  guiad eval "x*sin(x)" --at 0 --at 1.5 --json    JSON, null where undefined
  guiad eval "log(x)" --at -1 --at 1              the note says why log(-1) is undefined
  guiad eval "tanh(x)^2" --range -4 4 9           CSV (x,f,df,d2f) on stdout
  guiad eval "sqrt(x)" --range -1 1 1001 --csv out.csv
                                                  CSV file, empty cells where undefined
  guiad eval "x*y + sin(x)" --at x=1,y=2          f and its gradient (∂f/∂x, ∂f/∂y)
  guiad eval "x^2 - y^2" --at x=1,y=2 --hessian --json
                                                  JSON with the gradient and the Hessian
  guiad eval "x*y" --grid x=-1:1:21,y=0:2:11 --csv grid.csv
                                                  CSV of every grid point: x,y,f,df/dx,df/dy

--range A B N takes N evenly spaced points from A to B inclusive (2 <= N <= 10,000,000).
--grid takes A:B:N for each input the same way (or one value: y=2); the last input varies
fastest, and the whole grid has at most 10,000,000 points.
Negative numbers and expressions that start with "-" are written as they are:
  guiad eval "--x" --at -2.5    ("--x" is -(-x); guiad eval -- "--x" --at -2.5 works too)
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="evaluate f and its derivatives (f′ and f″, or the gradient and Hessian)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "expr",
        metavar="EXPR",
        help='the expression, e.g. "exp(sin(sin(x)))", or a .guiad.json file',
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--at",
        metavar="X",
        action="append",
        help="a point to evaluate at: X, or x=1,y=2 for several inputs (repeatable)",
    )
    where.add_argument(
        "--range", metavar=("A", "B", "N"), nargs=3, help="N evenly spaced points from A to B"
    )
    where.add_argument(
        "--grid", metavar="SPEC", help="the box x=A:B:N,y=C:D:M (every point of it; y=V: one value)"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table/CSV")
    parser.add_argument("--csv", metavar="PATH", help='write CSV to PATH ("-" for stdout)')
    parser.add_argument("--hessian", action="store_true", help="add the Hessian at each --at point")


def run(args: argparse.Namespace) -> int:
    try:
        graph = _parse_expression(args.expr)
        if args.json and args.csv:
            raise UsageError("choose one output: --json or --csv")
        if args.hessian and args.at is None:
            raise UsageError("--hessian is for --at points (the Hessian at each point)")
        if args.hessian and args.csv:  # a CSV row has no room for a matrix: say so
            raise UsageError("--hessian is written in the table or with --json, not in CSV")
        if len(graph.outputs) > 1:
            _run_outputs(args, graph)
        elif graph.inputs == (INPUT,):
            xs = _points(args)
            _emit(
                args,
                lambda out: _write_csv(graph, xs, out),
                lambda out: _write_json(graph, xs, out, args.hessian),
                lambda out: _write_table(graph, xs, out),
            )
        else:
            points = _input_points(graph, args)
            _emit(
                args,
                lambda out: multi.write_csv(graph, points, out),
                lambda out: multi.write_json(graph, points, out, args.hessian),
                lambda out: multi.write_table(graph, points, out, args.hessian),
            )
    except BrokenPipeError:  # `guiad eval ... | head`: the reader has all it wanted
        _silence_stdout()
    return 0


def _run_outputs(args: argparse.Namespace, graph: Graph) -> None:
    """Several outputs ("x*y, sin(x)"): f and the gradient of each (one reverse sweep each)."""
    if args.hessian:
        raise UsageError("--hessian is for an expression of one output")
    points = Listed((_points(args),)) if args.range is not None else _input_points(graph, args)
    _emit(
        args,
        lambda out: multi.write_outputs_csv(graph, points, out),
        lambda out: multi.write_outputs_json(graph, points, out),
        lambda out: multi.write_outputs_table(graph, points, out),
    )


def _emit(args: argparse.Namespace, csv, json, table) -> None:
    """Write with the writer the options ask for: CSV, JSON, or the table for --at."""
    if args.csv == "-":
        csv(sys.stdout)
    elif args.csv:
        _write_file(Path(args.csv), csv)
    elif args.json:
        json(sys.stdout)
    elif args.at is not None:
        table(sys.stdout)
    else:
        csv(sys.stdout)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


# ---- reading the arguments -----------------------------------------------------------------


_LOOKS_LIKE_OPTION = re.compile(r"--[A-Za-z][A-Za-z0-9_-]+\Z")


def _parse_expression(text: str) -> Graph:
    saved = graph_in_file(text)
    if saved is not None:
        return saved
    shown = text if len(text) <= 60 else text[:57] + "…"
    if _LOOKS_LIKE_OPTION.match(text):  # "--jsn" would be -(-jsn), an input named jsn
        raise UsageError(f"cannot read the expression {shown!r}: it looks like an unknown option")
    try:
        pieces = multi.split_outputs(text)
        return parse(text) if len(pieces) == 1 else multi.outputs_graph(pieces)
    except ParseError as err:
        raise UsageError(f"cannot read the expression {shown!r}: {err}") from None


def _count(text: str) -> int:
    if not isinstance(text, str):
        text = " ".join(map(str, text))
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"--range N: {text!r} is not a number") from None
    if not value.is_integer():
        raise UsageError(f"--range N: {text!r} is not a whole number")
    if not MIN_POINTS <= value <= MAX_POINTS:
        raise UsageError(f"--range N must be between {MIN_POINTS} and {MAX_POINTS:,} (got {text})")
    return int(value)


def _points(args: argparse.Namespace) -> np.ndarray:
    """The x values of a one-input expression."""
    if args.at is not None:
        (xs,) = read_at_points(args.at, (INPUT,))
        return xs
    if args.grid is not None:
        return read_grid(args.grid, (INPUT,)).axes[0]
    a_text, b_text, n_text = args.range
    a, b = number(a_text, "--range A"), number(b_text, "--range B")
    n = _count(n_text)
    if not a < b:
        raise UsageError(f"--range needs A < B (got A = {a_text}, B = {b_text})")
    problem = range_problem(a, b, n)
    if problem is not None:
        raise UsageError(f"--range: {problem}")
    return np.linspace(a, b, n)


def _input_points(graph: Graph, args: argparse.Namespace) -> Grid | Listed:
    """The points of an expression of several inputs (or of one not named x)."""
    inputs = graph.inputs
    if args.at is not None:
        return Listed(read_at_points(args.at, inputs))
    if args.grid is not None:
        return read_grid(args.grid, inputs)
    spec = ",".join(f"{name}=A:B:N" for name in inputs)
    raise UsageError(
        f"f has {len(inputs)} input{'s' if len(inputs) > 1 else ''} ({', '.join(inputs)}): "
        f"--range is for x alone; use --grid {spec}"
    )


# ---- computing and writing ---------------------------------------------------------------


def _blocks(graph: Graph, xs: np.ndarray) -> Iterator[Evaluation]:
    for start in range(0, xs.size, multi.BLOCK):
        yield evaluate(
            graph, xs[start : start + multi.BLOCK], order=2, parallel=xs.size > multi.BLOCK
        )


def _rows(result: Evaluation) -> Iterator[tuple[list[float | None], str | None]]:
    """Per point: [x, f, df, d2f] as Python floats (None where undefined) and the reason."""
    columns = [c.tolist() for c in (result.x, result.f, result.df, result.d2f)]
    for i, row in enumerate(zip(*columns, strict=True)):
        failure = result.failure(i)
        values = [None if v != v else v for v in row]  # NaN is the only value != itself
        yield values, None if failure is None else failure.message


def _write_csv(graph: Graph, xs: np.ndarray, out: TextIO) -> None:
    csvtable.write_header(out)
    for result in _blocks(graph, xs):
        csvtable.write_rows(out, [result.x, result.f, result.df, result.d2f])


def _write_json(graph: Graph, xs: np.ndarray, out: TextIO, hessian: bool = False) -> None:
    # written point by point so a long range never holds every point's dict at once
    out.write('{"expr": ' + json.dumps(to_expression(graph), ensure_ascii=False))
    out.write(', "points": [')
    first = True
    for result in _blocks(graph, xs):
        for (x, f, df, d2f), reason in _rows(result):
            # today's keys, and the gradient as several inputs write it
            point = {"x": x, "f": f, "df": df, "d2f": d2f, "grad": {INPUT: df}}
            if hessian:
                point["hessian"] = [[d2f]]
            point["error"] = reason
            out.write(("" if first else ", ") + json.dumps(point, ensure_ascii=False))
            first = False
    out.write("]}\n")


def _write_table(graph: Graph, xs: np.ndarray, out: TextIO) -> None:
    header = ["x", "f", "f′", "f″"]
    rows: list[list[str]] = []
    notes: list[str] = []
    for result in _blocks(graph, xs):
        for values, reason in _rows(result):
            rows.append([multi.UNDEFINED if v is None else repr(v) for v in values])
            notes.append(reason or "")
    multi.write_aligned(out, f"f(x) = {to_expression(graph)}", header, rows, notes)


def _write_file(path: Path, write) -> None:
    """Write through a temp file in the same folder, renamed into place when complete."""
    try:
        write_atomic(path, write, newline="")
    except OSError as err:
        raise UsageError(f"cannot write {path}: {err.strerror or err}") from None
