"""Every text of the application larger by one factor: View ▸ Presenter, and the CLI's
--presenter for the PNG, GIF and MP4 (issue 23 item 6). One function, below the views, so
the window and the walkthrough's exports scale the same way."""

from __future__ import annotations

import re
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

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
_MARK = "guiadScaledFont"  # a widget whose font apply_scale set
_SHEET = "guiadSheet"  # a style sheet as written, before its font sizes were scaled
_SCALED = "guiadScaledSheet"  # and as scaled (another sheet set since is new, unscaled)
_FONT_SIZE = re.compile(r"font-size:\s*(\d+(?:\.\d+)?)(px|pt)")


def current() -> float:
    """The scale the application's fonts are at."""
    return _current[0]


def scaled(pixels: int) -> int:
    """A width made for the unscaled text, at the current scale (a box of words)."""
    return round(pixels * _current[0])


def set_sheet(widget: QWidget, sheet: str) -> None:
    """Give ``widget`` a style sheet whose font sizes (``font-size: 11px``: a hint's) follow
    the presenter scale, now and at every later ``apply_scale``."""
    _scale_sheet(widget, sheet, _current[0])


def _scale_sheet(widget: QWidget, sheet: str, scale: float) -> None:
    scaled = _FONT_SIZE.sub(lambda m: f"font-size: {float(m[1]) * scale:g}{m[2]}", sheet)
    widget.setProperty(_SHEET, sheet)
    widget.setProperty(_SCALED, scaled)
    if widget.styleSheet() != scaled:
        widget.setStyleSheet(scaled)


def _scaled_sheet(widget: QWidget, scale: float) -> bool:
    """Scale the font sizes of a sheet given by ``set_sheet`` (one set since without it is
    taken as written, unscaled); whether the widget has one. A sheet never given by
    ``set_sheet`` is left alone: its widget may be sized for its words (the strip's hint)."""
    if widget.property(_SHEET) is None:
        return False
    sheet = widget.styleSheet()
    if widget.property(_SCALED) != sheet:
        widget.setProperty(_SHEET, sheet)
    _scale_sheet(widget, widget.property(_SHEET), scale)
    return True


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
    previous, _current[0] = _current[0], scale
    _scale_plot_texts(scale, previous)
    for widget in QApplication.allWidgets():
        if isinstance(widget, QDockWidget):
            _scale_dock_title(widget, scale)
        if _scaled_sheet(widget, scale):
            continue  # (its sheet sets its font size: a hint's 11 px)
        # a font of its own (the expression's monospace) is kept; one set here is not
        own = widget.testAttribute(Qt.WidgetAttribute.WA_SetFont) and not widget.property(_MARK)
        if widget.styleSheet() and not own:  # a style sheet fixed its font when applied:
            sheet = widget.styleSheet()  # the class's font again, then the sheet over it
            widget.setStyleSheet("")
            widget.setFont(QApplication.font(widget))
            widget.setProperty(_MARK, True)
            widget.setStyleSheet(sheet)


def _scale_dock_title(dock: QDockWidget, scale: float) -> None:
    """A dock's title at ``scale``. Qt draws the title in the font the dock was made with
    while the dock's font is its class's, so a scaled dock is given a font of its own that
    differs from the class's in a way nobody sees (its style strategy)."""
    if scale == 1.0:
        dock.setFont(QApplication.font("QDockWidget"))
        dock.setAttribute(Qt.WidgetAttribute.WA_SetFont, False)
        return
    font = QFont(QApplication.font("QDockWidgetTitle"))
    font.setStyleStrategy(QFont.StyleStrategy.PreferQuality)
    dock.setFont(font)
    dock.setProperty(_MARK, True)  # (a font apply_scale set: not the dock's own)


def pt(points: float) -> str:
    """A pyqtgraph label's size (``size="9pt"``) at the current scale."""
    return f"{points * _current[0]:g}pt"


def _scale_plot_texts(scale: float, previous: float) -> None:
    """The plots' words (legends, titles, axis labels: pyqtgraph text items, which keep the
    font they were made with) at ``scale``: the application's base font, or a title's own
    point size (given as ``pt(9)``, so at the ``previous`` scale), times ``scale``."""
    pg = sys.modules.get("pyqtgraph")
    if pg is None:  # (no plot made yet: each is made at the scale of its day)
        return
    base = _base[None]
    for view in QApplication.allWidgets():
        if not isinstance(view, pg.GraphicsView):
            continue
        for item in view.scene().items():
            if isinstance(item, pg.LabelItem):
                points = _points(item.opts.get("size"))
                if points is not None:
                    item.opts["size"] = f"{points / previous * scale:g}pt"
                item.item.setFont(_scaled(base, scale))
                item.setText(item.text)
            elif isinstance(item, pg.AxisItem):
                item.label.setFont(_scaled(base, scale))
                item._updateLabel()  # (pyqtgraph's: the axis makes room for the label anew)
            elif isinstance(item, pg.TextItem):
                item.textItem.setFont(_scaled(base, scale))
                item.updateTextPos()


def _points(size: object) -> float | None:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)pt", str(size))
    return float(match[1]) if match else None


def _scaled(base: QFont, scale: float) -> QFont:
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * scale)
    return font
