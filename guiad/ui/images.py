"""The image files the views write, each one way: SVG drawings and PNG pictures.

Both are made in memory (or at a temp path) and only then become the file, atomically
(core/atomic): a failed export leaves no file, or the old one whole. Qt's own file output
only logs a warning on a bad path; here it raises OSError with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QPoint, QRect, QSize
from PySide6.QtGui import QImage, QPaintDevice, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from guiad.core.atomic import replacing, write_bytes_atomic

TINY = QSvgGenerator.SvgVersion.SvgTiny12  # Qt's default
SVG11 = QSvgGenerator.SvgVersion.Svg11  # keeps clip paths (the plots need them)


def write_svg(
    path: str | Path,
    size: tuple[int, int],
    paint: Callable[[QPaintDevice], None],
    *,
    title: str,
    description: str | None = None,
    version: QSvgGenerator.SvgVersion = TINY,
    dpi: int | None = None,
    rewrite: Callable[[bytes], bytes] | None = None,
) -> None:
    """Run ``paint(device)`` on an SVG generator of ``size`` (logical pixels, also the view
    box) and write the drawing to ``path``, after ``rewrite`` if given."""
    width, height = size
    generator = QSvgGenerator(version)
    buffer = QBuffer()  # kept alive until the painting is done
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRect(0, 0, width, height))
    if dpi is not None:
        generator.setResolution(dpi)
    generator.setTitle(title)
    if description is not None:
        generator.setDescription(description)
    paint(generator)
    data = bytes(buffer.data())
    write_bytes_atomic(path, rewrite(data) if rewrite is not None else data)


def widget_painter(widget: QWidget) -> Callable[[QPaintDevice], None]:
    """A ``paint`` for ``write_svg`` (or an image) that renders ``widget`` as it looks now."""

    def paint(device: QPaintDevice) -> None:
        painter = QPainter()
        if not painter.begin(device):
            raise OSError("Qt could not start drawing the picture")
        try:
            widget.render(painter, QPoint(0, 0))
        finally:
            painter.end()  # a painter left open on a destroyed device crashes Qt

    return paint


def save_png(image: QImage, path: str | Path) -> None:
    """``image`` as a PNG file at ``path``."""
    with replacing(path) as tmp:
        if not image.save(str(tmp), "PNG"):
            raise OSError(f"could not write {path}")
