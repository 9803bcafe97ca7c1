"""Every text of the application larger by one factor: View ▸ Presenter, and the CLI's
--presenter for the PNG, GIF and MP4 (issue 23 item 6). One function, below the views, so
the window and the walkthrough's exports scale the same way."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

SCALES = (1.0, 1.25, 1.5, 2.0)
# the platform theme gives these classes fonts of their own, which the application's font
# does not reach (the item views, the dock titles, the menus, the tooltips)
CLASSES = (
    "QAbstractItemView",
    "QHeaderView",
    "QDockWidget",
    "QDockWidgetTitle",
    "QMenu",
    "QMenuBar",
    "QTipLabel",
)
_base: dict[str | None, QFont] = {}  # each font before any scaling (None: the application's)
_current = [1.0]


def current() -> float:
    """The scale the application's fonts are at."""
    return _current[0]


def apply_scale(scale: float) -> None:
    """The application's fonts at ``scale`` × the size they had before the first scaling."""
    if not _base:
        _base[None] = QFont(QApplication.font())
        _base.update({name: QFont(QApplication.font(name)) for name in CLASSES})
    for name, base in _base.items():
        font = QFont(base)
        if base.pointSizeF() > 0:
            font.setPointSizeF(base.pointSizeF() * scale)
        else:  # a font sized in pixels
            font.setPixelSize(round(base.pixelSize() * scale))
        if name is None:
            QApplication.setFont(font)
        else:
            QApplication.setFont(font, name)
    _current[0] = scale
