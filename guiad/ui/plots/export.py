"""The plots written to files: PNG and SVG images of the curve view, CSV of the numbers.

Images are laid out at a size in logical pixels (default: as on screen) and rendered at a
scale (PNG default 2×, so text and lines stay crisp in a document), with a title line, the
legend row and the axis labels. pyqtgraph's own exporters are not used: its SVGExporter is
broken in 0.14 (see plots/svg.py), and its ImageExporter scales the on-screen layout instead of
laying the plots out at the chosen size.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from guiad.core import csvtable
from guiad.core.plot_data import PlotData
from guiad.ui import theme
from guiad.ui.images import SVG11, save_png, write_svg
from guiad.ui.plots.svg import bake_transforms
from guiad.ui.widgets.plot_view import CurveView


def image_size(view: CurveView, width: int | None, height: int | None) -> tuple[int, int]:
    """``width`` × ``height``, a missing one from the canvas's aspect ratio (both: as shown)."""
    size = view.canvas.size()
    if width is None and height is None:
        return size.width(), size.height()
    if height is None:
        return int(width), max(1, round(width * size.height() / max(1, size.width())))
    if width is None:
        return max(1, round(height * size.width() / max(1, size.height()))), int(height)
    return int(width), int(height)


def render_image(view: CurveView, width: int, height: int, scale: float = 1.0) -> QImage:
    """The plots laid out at ``width`` × ``height`` and painted into an image of
    ``scale`` times as many pixels each way."""
    image = QImage(round(width * scale), round(height * scale), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QColor(theme.PAPER))
    paint_into(view, image, width, height)
    return image


def write_png(view: CurveView, path: str | Path, width: int, height: int, scale: float) -> None:
    save_png(render_image(view, width, height, scale), path)


def write_svg_file(
    view: CurveView, path: str | Path, width: int, height: int, title: str, dpi: int
) -> None:
    """The plots as SVG, vector curves as drawn on screen (downsampled to the pixels)."""
    paint: Callable = lambda device: paint_into(view, device, width, height)  # noqa: E731
    write_svg(
        path,
        (width, height),
        paint,
        title=title,
        description="f and its derivatives, drawn by guiad",
        version=SVG11,
        dpi=dpi,
        rewrite=bake_transforms,
    )


def paint_into(view: CurveView, device, width: int, height: int) -> None:
    """Lay the plots out at ``width`` × ``height``, paint them on ``device``, restore."""
    ci = view.canvas.ci
    old = ci.geometry()
    view.set_export_title(True)
    try:
        ci.setGeometry(QRectF(0, 0, width, height))
        ci.layout.activate()
        view.draw_tangent()
        painter = QPainter(device)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        target = QRectF(0, 0, width, height)
        view.canvas.scene().render(painter, target, target)
        painter.end()
    finally:
        view.set_export_title(False)
        ci.setGeometry(old)
        ci.layout.activate()
        view.draw_tangent()


def write_csv(path: str | Path, data: PlotData) -> None:
    """Columns x, f, df, d2f, one row per point (guiad's CSV convention: core/csvtable)."""
    e = data.evaluation
    csvtable.write_csv_file(path, [e.x, e.f, e.df, e.d2f])
