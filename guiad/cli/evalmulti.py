"""``guiad eval`` for an expression of several inputs: f and its gradient (one reverse sweep),
and on request the Hessian, at ``--at`` points or over a ``--grid`` box (no Qt here).

The same conventions as one input (guiad/cli/evalcmd.py): full-precision numbers, undefined values
as JSON ``null``, empty CSV cells or "—" in the table, with the reason.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

import numpy as np

from guiad.cli.evalpoints import Grid, Listed
from guiad.core import csvtable
from guiad.core.derivatives import open_port, replay
from guiad.core.engine import Evaluation, evaluate, hessian
from guiad.core.expression import ParseError, parse, to_expression
from guiad.core.graph import Graph, order_inputs
from guiad.core.tracing import record

BLOCK = 1 << 16  # points evaluated and written at a time, so memory stays bounded
UNDEFINED = "—"  # an undefined value in a table

Points = Grid | Listed


def _blocks(
    graph: Graph, points: Points, order: int = 1
) -> Iterator[tuple[tuple[np.ndarray, ...], Evaluation]]:
    for start in range(0, points.size, BLOCK):
        at = points.block(start, start + BLOCK)
        yield at, evaluate(graph, at, order=order, parallel=points.size > BLOCK)


def _value(v: float) -> float | None:
    return None if v != v else v  # NaN is the only value != itself


def _rows(graph: Graph, points: Points, with_hessian: bool) -> Iterator[dict]:
    """Per point: its coordinates, f, the gradient (and Hessian), and why undefined."""
    names, n = graph.inputs, len(graph.inputs)
    # order 2 so that a second derivative that is undefined comes with its reason
    for at, result in _blocks(graph, points, order=2 if with_hessian else 1):
        matrices = hessian(graph, at).tolist() if with_hessian else None
        columns = [c.tolist() for c in (*at, result.f, *result.grad)]
        for i, row in enumerate(zip(*columns, strict=True)):
            failure = result.failure(i)
            point = {
                "at": dict(zip(names, row[:n], strict=True)),
                "f": _value(row[n]),
                "grad": {name: _value(v) for name, v in zip(names, row[n + 1 :], strict=True)},
            }
            reason = None if failure is None else failure.message
            if matrices is not None:
                point["hessian"] = [[_value(v) for v in line] for line in matrices[i]]
                if reason is None and any(v is None for line in point["hessian"] for v in line):
                    reason = "a second derivative is undefined here"
            point["error"] = reason
            yield point


def write_json(graph: Graph, points: Points, out: TextIO, with_hessian: bool = False) -> None:
    # written point by point so a large grid never holds every point's dict at once
    out.write('{"expr": ' + json.dumps(to_expression(graph), ensure_ascii=False))
    out.write(', "inputs": ' + json.dumps(list(graph.inputs), ensure_ascii=False))
    out.write(', "points": [')
    for k, point in enumerate(_rows(graph, points, with_hessian)):
        out.write(("" if k == 0 else ", ") + json.dumps(point, ensure_ascii=False))
    out.write("]}\n")


def write_csv(graph: Graph, points: Points, out: TextIO) -> None:
    csvtable.write_header(out, csvtable.gradient_columns(graph.inputs))
    for at, result in _blocks(graph, points):
        csvtable.write_rows(out, [*at, result.f, *result.grad])


def write_table(graph: Graph, points: Points, out: TextIO, with_hessian: bool = False) -> None:
    names, f = graph.inputs, csvtable.function_name(graph.inputs)
    header = [*names, f, *(f"∂{f}/∂{name}" for name in names)]
    rows: list[list[str]] = []
    notes: list[str] = []
    hessians: list[list[list[str]]] = []
    for point in _rows(graph, points, with_hessian):
        values = [*point["at"].values(), point["f"], *point["grad"].values()]
        rows.append([_shown(v) for v in values])
        notes.append(point["error"] or "")
        if with_hessian:
            hessians.append([[_shown(v) for v in line] for line in point["hessian"]])
    write_aligned(out, f"{f}({', '.join(names)}) = {to_expression(graph)}", header, rows, notes)
    for row, matrix in zip(rows, hessians, strict=False):  # no Hessians unless asked
        out.write(f"\nHessian at ({', '.join(row[: len(names)])}):\n")
        width = max(len(cell) for line in matrix for cell in line)
        for line in matrix:
            out.write("  [ " + "  ".join(cell.rjust(width) for cell in line) + " ]\n")


def _shown(v: float | None) -> str:
    return UNDEFINED if v is None else repr(v)


def write_aligned(
    out: TextIO, title: str, header: list[str], rows: list[list[str]], notes: list[str]
) -> None:
    """The title, then the rows right-aligned under the header, each with its note."""
    widths = [max(len(h), *(len(r[k]) for r in rows)) for k, h in enumerate(header)]
    out.write(f"{title}\n\n")
    out.write(_line(header, widths, "note" if any(notes) else ""))
    for row, note in zip(rows, notes, strict=True):
        out.write(_line(row, widths, note))


def _line(cells: list[str], widths: list[int], note: str) -> str:
    line = "  ".join(cell.rjust(width) for cell, width in zip(cells, widths, strict=True))
    return (f"{line}  {note}" if note else line) + "\n"


# ---- several outputs: "x*y, sin(x)" --------------------------------------------------------


def split_outputs(text: str) -> list[str]:
    """The expressions of ``text`` separated by commas outside parentheses (one for most)."""
    pieces, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            pieces.append(text[start:k])
            start = k + 1
    return [*pieces, text[start:]]


def outputs_graph(pieces: list[str]) -> Graph:
    """One graph with an output per expression, over the union of their inputs (each output
    exactly the nodes its own parse gives)."""
    graphs = []
    for k, piece in enumerate(pieces, start=1):
        try:
            graphs.append(parse(piece))
        except ParseError as err:
            raise ParseError(f"output {k} ({piece.strip()!r}): {err.message}") from None
        hole = open_port(graphs[-1])
        if hole is not None:  # one output alone is undefined there; several need every port
            raise ParseError(f"output {k} ({piece.strip()!r}): {hole}")
    inputs = order_inputs(name for g in graphs for name in g.inputs)

    def body(*traced):
        found = []
        for g in graphs:
            values = replay(g, [traced[inputs.index(name)] for name in g.inputs])
            found.append(values[g.output])
        return tuple(found)

    return record(inputs, body)


def _output_rows(graph: Graph, points: Points) -> Iterator[dict]:
    """Per point: its coordinates, then f, the gradient and the reason of each output."""
    names = graph.inputs
    parts = [graph.for_output(k) for k in range(len(graph.outputs))]
    for blocks in zip(*(_blocks(part, points) for part in parts), strict=True):
        at = blocks[0][0]
        results = [result for _, result in blocks]
        for i in range(at[0].size):
            yield {
                "at": {name: float(at[k][i]) for k, name in enumerate(names)},
                "f": [_value(float(r.f[i])) for r in results],
                "grad": [
                    {name: _value(float(r.grad[k][i])) for k, name in enumerate(names)}
                    for r in results
                ],
                "error": [None if r.failure(i) is None else r.failure(i).message for r in results],
            }


def write_outputs_json(graph: Graph, points: Points, out: TextIO) -> None:
    """JSON with one f, one gradient and one reason per output at every point."""
    texts = [to_expression(graph.for_output(k)) for k in range(len(graph.outputs))]
    out.write('{"expr": ' + json.dumps(", ".join(texts), ensure_ascii=False))
    out.write(', "outputs": ' + json.dumps(texts, ensure_ascii=False))
    out.write(', "inputs": ' + json.dumps(list(graph.inputs), ensure_ascii=False))
    out.write(', "points": [')
    for k, point in enumerate(_output_rows(graph, points)):
        out.write(("" if k == 0 else ", ") + json.dumps(point, ensure_ascii=False))
    out.write("]}\n")


def _output_header(graph: Graph, d: str) -> list[str]:
    names, m = graph.inputs, len(graph.outputs)
    fs = [f"f{k + 1}" for k in range(m)]
    return [*names, *(c for f in fs for c in (f, *(f"{d}{f}/{d}{name}" for name in names)))]


def write_outputs_table(graph: Graph, points: Points, out: TextIO) -> None:
    rows, notes = [], []
    for point in _output_rows(graph, points):
        cells = list(point["at"].values())
        for f, grad in zip(point["f"], point["grad"], strict=True):
            cells += [f, *grad.values()]
        rows.append([_shown(v) for v in cells])
        notes.append("; ".join(f"f{k + 1}: {e}" for k, e in enumerate(point["error"]) if e))
    texts = [to_expression(graph.for_output(k)) for k in range(len(graph.outputs))]
    title = "\n".join(f"f{k + 1}({', '.join(graph.inputs)}) = {t}" for k, t in enumerate(texts))
    write_aligned(out, title, _output_header(graph, "∂"), rows, notes)


def write_outputs_csv(graph: Graph, points: Points, out: TextIO) -> None:
    csvtable.write_header(out, _output_header(graph, "d"))
    parts = [graph.for_output(k) for k in range(len(graph.outputs))]
    for blocks in zip(*(_blocks(part, points) for part in parts), strict=True):
        at = blocks[0][0]
        columns = [c for _, r in blocks for c in (r.f, *r.grad)]
        csvtable.write_rows(out, [*at, *columns])
