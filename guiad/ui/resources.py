"""Bundled files (``guiad/assets`` in a wheel, the repo's ``assets/`` when editable) and the
op icons, which are drawn from the op table at run time so a new op needs no icon file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QIcon,
    QIconEngine,
    QPainter,
    QPen,
    QPixmap,
)

from guiad.core.ops import GROUPS, Op
from guiad.ui import theme

_PACKAGE = Path(__file__).resolve().parent.parent
ICON_SIZES = (16, 26, 32, 52, 64)  # the palette's 26 px, and 2× for high-dpi screens


def asset_roots() -> list[Path]:
    """Where assets may live, installed copy first."""
    return [_PACKAGE / "assets", _PACKAGE.parent / "assets"]


def asset_path(name: str) -> Path | None:
    """The path of asset ``name`` (like ``guiad.svg``), or None if it is not shipped."""
    for root in asset_roots():
        path = root / name
        if path.is_file():
            return path
    return None


def asset_dir(name: str) -> Path | None:
    """The first existing asset folder called ``name`` (like ``examples``)."""
    for root in asset_roots():
        path = root / name
        if path.is_dir():
            return path
    return None


def icon_text(op: Op) -> str:
    """What an op's icon says: its glyph (a conventional short form) or else its label."""
    return op.glyph or op.label


def op_icon(op: Op) -> QIcon:
    """A rounded tile in the op's group colour with its icon text, drawn at the size asked
    for when it is first painted (drawing every op at every size cost ~45 ms at start-up)."""
    return QIcon(_TileEngine(icon_text(op), _group_colour(op)))


class _TileEngine(QIconEngine):
    """Draws the tile on demand and keeps each size it drew."""

    def __init__(self, text: str, colour: str):
        super().__init__()
        self.text, self.colour = text, colour
        self._pixmaps: dict[int, QPixmap] = {}

    def _pixmap(self, side: int) -> QPixmap:
        if side not in self._pixmaps:
            self._pixmaps[side] = _tile(self.text, QColor(self.colour), max(side, 1))
        return self._pixmaps[side]

    def pixmap(self, size, mode, state) -> QPixmap:
        return QPixmap(self._pixmap(min(size.width(), size.height())))

    def paint(self, painter, rect, mode, state) -> None:
        painter.drawPixmap(rect, self._pixmap(min(rect.width(), rect.height())))

    def availableSizes(self, mode=None, state=None) -> list[QSize]:  # noqa: N802 (Qt override)
        return [QSize(side, side) for side in ICON_SIZES]

    def clone(self) -> QIconEngine:
        return _TileEngine(self.text, self.colour)


def _group_colour(op: Op) -> str:
    return theme.OP_GROUPS[GROUPS.index(op.group) % len(theme.OP_GROUPS)]


def _tile(text: str, colour: QColor, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    scale = size / 32.0  # drawn on the 32-unit grid the old SVG icons used
    rect = QRectF(1, 1, 30, 30)
    painter.scale(scale, scale)
    fill = QColor(colour)
    fill.setAlphaF(0.14)
    painter.setPen(QPen(colour, 1.5))
    painter.setBrush(fill)
    painter.drawRoundedRect(rect, 7, 7)
    painter.setPen(colour)
    painter.setFont(_fitted_font(text, width=26.0))
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pixmap


def _fitted_font(text: str, width: float) -> QFont:
    """A bold font, 18 units at most, shrunk until ``text`` fits ``width``."""
    font = QFont("DejaVu Sans")
    font.setWeight(QFont.Weight.DemiBold)
    size = 18.0
    font.setPixelSize(int(size))
    while size > 7 and QFontMetricsF(font).horizontalAdvance(text) > width:
        size -= 1
        font.setPixelSize(int(size))
    return font
