"""Which x ranges can be sampled: one rule for the plots, the file format and the CLI."""

from __future__ import annotations

import math

MIN_POINTS = 2
MAX_POINTS = 10_000_000
# The largest coordinate a file, a box or a lesson may set: the views draw ranges, points,
# slices and the map's arrow in float64 with room to spare (a range's width, a pixel's size
# in data units, padding), which 1e308 has not (a point at 1e308 crashed the window, a range
# of ±1e200 broke the slice plots' sampling).
MAX_COORDINATE = 1e15
# The narrowest range a file may set, relative to its larger end (and at least this wide):
# the views map a range onto a few thousand pixels, and pyqtgraph's transforms fail below
# it (a y range of ±2.2e-308 or 0 … 1e-20 raised "Maximum allowed dimension exceeded" and an
# overflow in the grid's pixel rectangle; 0 … 1e-12 drew).
MIN_RELATIVE_WIDTH = 1e-12


def coordinate_problem(value: float, what: str) -> str | None:
    """Why ``value`` cannot be a coordinate the views draw (a range's end, the point), or
    None if it can."""
    if not math.isfinite(value):
        return f"{what} must be a finite number"
    if abs(value) > MAX_COORDINATE:
        return f"{what} must be between −{MAX_COORDINATE:g} and {MAX_COORDINATE:g} (got {value:g})"
    return None


def width_problem(low: float, high: float, what: str) -> str | None:
    """Why the range ``low`` … ``high`` is too narrow for the views to draw, or None."""
    limit = MIN_RELATIVE_WIDTH * max(1.0, abs(low), abs(high))
    if not high - low >= limit:
        return f"{what} is too narrow to draw ({high - low:g} wide; at least {limit:g})"
    return None


def range_problem(x_min: float, x_max: float, points: int) -> str | None:
    """Why N evenly spaced points from x_min to x_max cannot be taken, or None if they can."""
    if not (math.isfinite(x_min) and math.isfinite(x_max)):
        return "x min and x max must be finite numbers"
    if not x_min < x_max:
        return "x min must be less than x max"
    if not MIN_POINTS <= points <= MAX_POINTS:
        return f"N must be between {MIN_POINTS} and {MAX_POINTS:,}"
    width = x_max - x_min
    if not math.isfinite(width):
        return "the range is too wide to sample"
    step = width / (points - 1)
    if step <= 0 or x_min + step == x_min or x_max - step == x_max:
        return "the range is too narrow for N distinct points"
    return None
