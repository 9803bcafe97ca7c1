"""File ▸ Export for the surface view: the map and slices as PNG or SVG, the grid as CSV.

The window's export actions call the panel on screen; with a function of several inputs that
is the SurfacePanel, which holds a SurfaceExports (same method names as the 1-D plots' panel).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QWidget

from guiad.core.csvtable import gradient_columns, write_csv_file
from guiad.core.grid import GridData
from guiad.ui import theme
from guiad.ui.images import save_png, widget_painter, write_svg

PNG_SCALE = 2.0  # pixels per logical pixel: crisp text and lines, as the plots' PNG export


def grid_columns(grid: GridData, names: tuple[str, ...]) -> tuple[list[np.ndarray], list[str]]:
    """One row per sample of the map (the horizontal input varying fastest): every input's
    value there, f, then ∂f/∂ each input, as ``guiad eval --grid --csv`` writes them."""
    b = grid.box
    cols, rows = np.meshgrid(b.xs(), b.ys())
    inputs = [np.full(cols.size, v) for v in grid.point]
    inputs[b.x], inputs[b.y] = cols.reshape(-1), rows.reshape(-1)
    columns = [*inputs, grid.f.reshape(-1), *(g.reshape(-1) for g in grid.grad)]
    return columns, gradient_columns(names)


class SurfaceExportHost(Protocol):
    """What the exports need of their view."""

    def export_area(self) -> QWidget: ...  # what PNG and SVG draw
    def grid(self) -> GridData | None: ...  # what the CSV writes
    def inputs(self) -> tuple[str, ...]: ...  # the CSV's column names


class SurfaceExports:
    """``export_png``, ``export_svg``, ``export_csv`` of the host's ``export_area`` (a part
    held by the surface view; it reads the view only through SurfaceExportHost)."""

    def __init__(self, host: SurfaceExportHost):
        self._host = host

    def export_png(self, path: str | Path) -> None:
        """The map and the slices as shown, at twice the pixels each way."""
        area = self._host.export_area()
        image = QImage(area.size() * PNG_SCALE, QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(PNG_SCALE)
        image.fill(QColor(theme.PAPER))
        widget_painter(area)(image)
        save_png(image, path)

    def export_svg(self, path: str | Path) -> None:
        """The map and the slices as an SVG drawing (the heat map itself as an image in it)."""
        area = self._host.export_area()
        size = (area.width(), area.height())
        write_svg(path, size, widget_painter(area), title="guiad surface view")

    def export_csv(self, path: str | Path) -> None:
        """Every sample of the map: the inputs, f and the gradient (empty where undefined)."""
        grid = self._host.grid()
        if grid is None:
            raise ValueError("there is nothing to export yet: no function of several inputs")
        columns, names = grid_columns(grid, self._host.inputs())
        write_csv_file(path, columns, names)
