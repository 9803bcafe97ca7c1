"""The one CSV convention guiad writes: the plots' and the surface view's data, ``guiad eval
--csv``, the walkthrough's table and a lesson's answers.

- A header row, then one row per point; ``,`` between cells, ``\\n`` line ends.
- Numbers are Python's shortest round-trip ``repr`` (at most 17 significant digits):
  reading a cell back with ``float()`` gives exactly the number computed, ``-0.0`` included.
- Undefined values (NaN: log of a negative, an overflow, ...) are empty cells.
- Text cells (``write_cells``) are quoted only where CSV needs it (a comma, a quote, a line
  break), as Python's csv module does.

Pure Python and numpy: no Qt here.
"""

from __future__ import annotations

import csv
import math
import os
from collections.abc import Iterable, Sequence
from itertools import chain, count
from typing import TextIO

import numpy as np

from guiad.core.atomic import write_atomic

COLUMNS = ("x", "f", "df", "d2f")  # the plots' CSV and ``guiad eval --csv``
BLOCK = 1 << 16  # rows formatted at a time, so a 10-million-point export stays bounded


def function_name(inputs: Sequence[str]) -> str:
    """What a table calls the function: f, or if an input is named f, the first of g, h,
    f1, f2, ... that is not an input's name (a header with two "f" columns cannot be read)."""
    return next(name for name in chain("fgh", (f"f{k}" for k in count(1))) if name not in inputs)


def gradient_columns(inputs: Sequence[str]) -> list[str]:
    """The header of f and its gradient: the inputs, f, then df/d each input (``guiad eval
    --grid --csv`` and the surface view's grid export)."""
    f = function_name(inputs)
    return [*inputs, f, *(f"d{f}/d{name}" for name in inputs)]


def write_header(out: TextIO, names: Sequence[str] = COLUMNS) -> None:
    out.write(",".join(names) + "\n")


def write_rows(out: TextIO, columns: Sequence[np.ndarray]) -> None:
    """Rows from equally long columns of floats, in blocks of BLOCK rows."""
    size = len(columns[0]) if columns else 0
    for start in range(0, size, BLOCK):
        block = [np.asarray(c[start : start + BLOCK], dtype=np.float64).tolist() for c in columns]
        text = "".join(",".join(map(repr, row)) + "\n" for row in zip(*block, strict=True))
        # NaN's repr "nan" is the only "nan" a float's repr contains: undefined → empty
        out.write(text.replace("nan", ""))


def write_table(out: TextIO, columns: Sequence[np.ndarray], names: Sequence[str] = COLUMNS):
    write_header(out, names)
    write_rows(out, columns)


def write_csv_file(
    path: str | os.PathLike, columns: Sequence[np.ndarray], names: Sequence[str] = COLUMNS
) -> None:
    """The whole table to ``path``, atomically (the old file stays whole on failure)."""
    write_atomic(path, lambda out: write_table(out, columns, names), newline="")


def number(value: float | None) -> str:
    """One number as a cell: its ``repr`` (round-trips), empty where undefined (NaN) or where
    there is no number (None)."""
    if value is None or math.isnan(value):
        return ""
    return repr(float(value))


def write_cells(out: TextIO, names: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A header and rows of text cells (numbers already made cells by ``number``)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(rows)


def write_cells_file(
    path: str | os.PathLike, names: Sequence[str], rows: Iterable[Sequence[str]]
) -> None:
    """``write_cells`` to ``path``, atomically (the old file stays whole on failure)."""
    write_atomic(path, lambda out: write_cells(out, names, rows), newline="")
