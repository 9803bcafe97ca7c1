"""SVG output that fails loudly: Qt's generator renders into memory, we write the file."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtSvg import QSvgGenerator


def svg_buffer(generator: QSvgGenerator) -> QBuffer:
    """Point ``generator`` at memory; writing the bytes ourselves turns a bad path into an
    OSError with its reason, where Qt's own file output only logs a warning."""
    buffer = QBuffer()  # the caller keeps it alive until the painting is done
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator.setOutputDevice(buffer)
    return buffer
