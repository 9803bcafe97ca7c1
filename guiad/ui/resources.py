"""Bundled files (``guiad/assets`` in a wheel, the repo's ``assets/`` when editable) and the
op icons, which are drawn from the op table at run time so a new op needs no icon file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QIcon,
    QIconEngine,
    QImage,
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
    return tile_icon(icon_text(op), _group_colour(op))


def tile_icon(text: str, colour: str) -> QIcon:
    """A rounded tile in ``colour`` saying ``text`` (an op's, an input's, a constant's)."""
    return QIcon(_TileEngine(text, colour))


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
        # drawn at the device's pixels: on a 2x screen a 26 px tile is 52 pixels, not 26
        # pixels scaled up (blurred)
        device = painter.device()
        ratio = device.devicePixelRatioF() if device is not None else 1.0
        side = round(min(rect.width(), rect.height()) * ratio)
        if mode == QIcon.Mode.Selected:
            _paper_under_tile(painter, QRectF(rect))  # (the tile's fill is see-through)
        painter.drawPixmap(rect, self._pixmap(side))

    def availableSizes(self, mode=None, state=None) -> list[QSize]:  # noqa: N802 (Qt override)
        return [QSize(side, side) for side in ICON_SIZES]

    def clone(self) -> QIconEngine:
        return _TileEngine(self.text, self.colour)


def _paper_under_tile(painter: QPainter, rect: QRectF) -> None:
    """The tile's rounded shape in the paper colour: on a selected row the selection's
    colour showed through the tile's light fill, and the text in the group's colour (blue
    for the trigonometric ops) could not be read on it."""
    unit = min(rect.width(), rect.height()) / _GRID
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(theme.PAPER))
    shape = QRectF(rect.x() + unit, rect.y() + unit, 30 * unit, 30 * unit)
    painter.drawRoundedRect(shape, 7 * unit, 7 * unit)
    painter.restore()


def _group_colour(op: Op) -> str:
    k = GROUPS.index(op.group) if op.group in GROUPS else len(GROUPS)  # your own ops: last
    return theme.OP_GROUPS[k % len(theme.OP_GROUPS)]


def _tile(text: str, colour: QColor, size: int) -> QPixmap:
    image = _tile_background(colour.rgba(), size).copy()
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    # The text in the one tile font, scaled to its fitted size: all tiles of all sizes share
    # that font's engine (a font per fitted size cost a FreeType engine, ~0.15 ms, each).
    font = _tile_font()
    scale = size / _GRID * fitted_text_size(text) / _TEXT_MAX
    painter.scale(scale, scale)
    painter.setPen(colour)
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    centre = size / scale / 2
    baseline = centre + (metrics.ascent() - metrics.descent()) / 2
    painter.drawText(QPointF(centre - _text_width(text) / 2, baseline), text)
    painter.end()
    return QPixmap.fromImage(image)


@cache
def _tile_background(rgba: int, size: int) -> QImage:
    """The rounded tile without its text, drawn once per group colour and size."""
    colour = QColor.fromRgba(rgba)
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / _GRID, size / _GRID)  # the 32-unit grid the old SVG icons used
    fill = QColor(colour)
    fill.setAlphaF(0.14)
    painter.setPen(QPen(colour, 1.5))
    painter.setBrush(fill)
    painter.drawRoundedRect(QRectF(1, 1, 30, 30), 7, 7)
    painter.end()
    return image


_GRID = 32.0  # tiles are designed on a 32-unit grid
_TEXT_MAX = 18  # the text's largest size on that grid, in units
_TEXT_WIDTH = 26.0  # the widest the text may be, in units
_TEXT_MIN = 7


def _tile_font() -> QFont:
    """The tile text's font at its largest size (a bold DejaVu Sans)."""
    font = QFont("DejaVu Sans")
    font.setWeight(QFont.Weight.DemiBold)
    font.setPixelSize(_TEXT_MAX)
    return font


@cache
def fitted_text_size(text: str) -> int:
    """The size of ``text`` on a tile's 32-unit grid: the largest whole size up to 18 units
    whose width fits 26 units (at least 7). Widths scale with the size (to 1/64 px), so one
    measurement at the largest size gives every size's."""
    width = _text_width(text)
    size = _TEXT_MAX
    while size > _TEXT_MIN and width * size / _TEXT_MAX > _TEXT_WIDTH:
        size -= 1
    return size


@cache
def _text_width(text: str) -> float:
    return QFontMetricsF(_tile_font()).horizontalAdvance(text)
