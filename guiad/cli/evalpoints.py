"""Where ``guiad eval`` evaluates: ``--at`` points and ``--grid`` boxes, read from the command
line and checked against the expression's inputs. Pure Python and numpy (no Qt, no engine).

``--at 2`` is a point of a one-input expression; ``--at x=1,y=2`` names every input.
``--grid x=A:B:N,y=C:D:M`` is the box of N×M points (each axis like ``--range A B N``);
``y=2`` holds an input at one value. Grid points run in row order: the last input fastest.
Bad input raises ``UsageError`` with one line that says what to write instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from guiad.cli.usage import UsageError
from guiad.core.sampling import MAX_POINTS, range_problem


def number(text: str, what: str) -> float:
    """``text`` as a finite float, or a UsageError naming ``what``."""
    if not isinstance(text, str):  # argparse hands "--at=--" over as a list
        text = " ".join(map(str, text))
    try:
        value = float(text)
    except ValueError:
        raise UsageError(f"{what}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise UsageError(f"{what}: {text!r} is not a finite number")
    return value


def _names(inputs: Sequence[str]) -> str:
    return ", ".join(inputs)


def _assignments(text: str, option: str, inputs: Sequence[str]) -> dict[str, str]:
    """``x=1,y=2`` → {"x": "1", "y": "2"}, every input named once and no other."""
    found: dict[str, str] = {}
    for part in text.split(","):
        name, equals, value = (s.strip() for s in part.partition("="))
        if not equals or not name:
            raise UsageError(f"{option} {text}: write NAME=VALUE for each input, e.g. x=1,y=2")
        if name not in inputs:
            raise UsageError(
                f"{option} {text}: f has no input {name!r} (its inputs are {_names(inputs)})"
            )
        if name in found:
            raise UsageError(f"{option} {text}: {name} is given twice")
        found[name] = value
    missing = [name for name in inputs if name not in found]
    if missing:
        raise UsageError(
            f"{option} {text}: no value for {_names(missing)} "
            f"(f has {len(inputs)} inputs: {_names(inputs)})"
        )
    return found


def read_at(text: str, inputs: Sequence[str]) -> tuple[float, ...]:
    """One ``--at`` point: a plain number for one input, ``x=1,y=2`` for any number."""
    if not isinstance(text, str):
        text = " ".join(map(str, text))
    if "=" not in text:
        if len(inputs) == 1:
            return (number(text, "--at"),)
        example = ",".join(f"{name}={k + 1}" for k, name in enumerate(inputs))
        raise UsageError(
            f"--at {text}: f has {len(inputs)} inputs ({_names(inputs)}); "
            f"name each one, e.g. --at {example}"
        )
    values = _assignments(text, "--at", inputs)
    return tuple(number(values[name], f"--at {name}") for name in inputs)


def read_at_points(texts: Sequence[str], inputs: Sequence[str]) -> tuple[np.ndarray, ...]:
    """Every ``--at`` point, as one column of coordinates per input."""
    points = [read_at(text, inputs) for text in texts]
    return tuple(np.array(column, dtype=np.float64) for column in zip(*points, strict=True))


class Listed:
    """Points given one by one (``--at``), with the same interface as ``Grid``."""

    def __init__(self, columns: Sequence[np.ndarray]):
        self.columns = tuple(columns)
        self.size = self.columns[0].size

    def block(self, start: int, stop: int) -> tuple[np.ndarray, ...]:
        return tuple(column[start:stop] for column in self.columns)


class Grid:
    """The points of a ``--grid`` box, handed out in blocks so memory stays bounded."""

    def __init__(self, axes: Sequence[np.ndarray]):
        self.axes = tuple(axes)
        self.shape = tuple(axis.size for axis in self.axes)
        self.size = math.prod(self.shape)

    def block(self, start: int, stop: int) -> tuple[np.ndarray, ...]:
        """The coordinates of points ``start .. stop-1`` (row order), one array per input."""
        index = np.unravel_index(np.arange(start, min(stop, self.size)), self.shape)
        return tuple(axis[i] for axis, i in zip(self.axes, index, strict=True))


def _axis(name: str, text: str) -> np.ndarray:
    """``A:B:N`` → N evenly spaced values from A to B; ``V`` → the one value V."""
    parts = text.split(":")
    if len(parts) == 1:
        return np.array([number(parts[0], f"--grid {name}")])
    if len(parts) != 3:
        raise UsageError(f"--grid {name}={text}: write {name}=A:B:N (N points from A to B)")
    a = number(parts[0], f"--grid {name} A")
    b = number(parts[1], f"--grid {name} B")
    n = number(parts[2], f"--grid {name} N")
    if not n.is_integer():
        raise UsageError(f"--grid {name} N: {parts[2]!r} is not a whole number")
    if not a < b:
        raise UsageError(f"--grid {name}={text} needs A < B")
    problem = range_problem(a, b, n) if n <= MAX_POINTS else f"N must be at most {MAX_POINTS:,}"
    if problem is not None:
        raise UsageError(f"--grid {name}={text}: {problem}")
    return np.linspace(a, b, int(n))


def read_grid(text: str, inputs: Sequence[str]) -> Grid:
    """``x=A:B:N,y=C:D:M`` for the expression's inputs, at most MAX_POINTS points in all."""
    if not isinstance(text, str):
        text = " ".join(map(str, text))
    values = _assignments(text, "--grid", inputs)
    grid = Grid([_axis(name, values[name]) for name in inputs])
    if grid.size > MAX_POINTS:
        shape = " × ".join(f"{n:,}" for n in grid.shape)
        raise UsageError(f"--grid has {shape} = {grid.size:,} points; the limit is {MAX_POINTS:,}")
    return grid
