"""View ▸ Presenter: every text larger for a projector, 1.25×, 1.5× or 2× (issue 23 item 6).

The scale multiplies the application's font (menus, boxes, tabs, the table, the trace, the
derivation, the plots' axes) and is handed to the walkthrough, whose banner has a font of its
own and whose graph asks room for labels READABLE_PX × scale tall on screen (wrapping where
that shows them larger; while it plays it takes that room from the plots and docks). The
choice is kept in QSettings; a kept value that is not one of SCALES is ignored.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from guiad.ui.widgets.text_scale import SCALES, apply_scale

KEY = "view/presenter"
DOCK_SHARE = 0.2  # of the window's width, the most a side dock grows to with the scale
SIDES = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)


def saved_scale(settings: QSettings) -> float:
    try:
        scale = float(settings.value(KEY, 1.0))
    except (TypeError, ValueError):
        return 1.0
    return scale if scale in SCALES else 1.0


class PresenterMenu(QObject):
    """Off, 1.25×, 1.5×, 2× (Ctrl+Shift+P steps through them); ``changed(scale)`` after
    the application's font is set."""

    changed = Signal(float)

    def __init__(self, parent: QWidget, settings: QSettings):
        super().__init__(parent)
        self._settings = settings
        self.menu = QMenu("&Presenter", parent)
        self.group = QActionGroup(self)
        current = saved_scale(settings)
        for scale in SCALES:
            text = "&Off" if scale == 1.0 else f"&{scale:g}× text"
            action = QAction(text, self)
            action.setCheckable(True)
            action.setChecked(scale == current)
            action.setData(scale)
            self.group.addAction(action)
            self.menu.addAction(action)
        self.group.triggered.connect(lambda action: self.set_scale(action.data()))
        self.menu.addSeparator()
        self.next_action = QAction("&Next size", self)
        self.next_action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.next_action.setToolTip("Off → 1.25× → 1.5× → 2× → Off")
        self.next_action.triggered.connect(self.next_scale)
        self.menu.addAction(self.next_action)
        parent.addAction(self.next_action)  # (the shortcut works with the menu closed)
        self._scale = 1.0
        self._dock_widths: dict[QDockWidget, int] = {}  # their widths at 1×
        if current != 1.0:
            self.set_scale(current)

    def scale(self) -> float:
        return self._scale

    def next_scale(self) -> None:
        self.set_scale(SCALES[(SCALES.index(self._scale) + 1) % len(SCALES)])

    def set_scale(self, scale: float) -> None:
        if scale not in SCALES:
            raise ValueError(f"presenter scales are {', '.join(f'{s:g}' for s in SCALES)}")
        for action in self.group.actions():
            action.setChecked(action.data() == scale)
        self._settings.setValue(KEY, scale)
        if scale == self._scale:
            return
        if self._scale == 1.0:
            self._dock_widths = {dock: dock.width() for dock in self._side_docks()}
        self._scale = scale
        apply_scale(scale)
        self._widen_docks(scale)
        self.changed.emit(scale)

    def _side_docks(self) -> list[QDockWidget]:
        window = self.parent()
        if not isinstance(window, QMainWindow):
            return []
        return [
            dock
            for dock in window.findChildren(QDockWidget)
            if dock.isVisible() and not dock.isFloating() and window.dockWidgetArea(dock) in SIDES
        ]

    def _widen_docks(self, scale: float) -> None:
        """The docks beside the stage grow with their words, up to DOCK_SHARE of the
        window's width (the Ops palette's headings and filter box were cut at 2× in its
        260 px; all of 2× would leave the plots and the walkthrough too little at 1280)."""
        docks = [dock for dock in self._side_docks() if dock in self._dock_widths]
        if not docks:
            return
        most = round(self.parent().width() * DOCK_SHARE)
        widths = [self._dock_widths[dock] for dock in docks]
        sizes = [max(width, min(round(width * scale), most)) for width in widths]
        self.parent().resizeDocks(docks, sizes, Qt.Orientation.Horizontal)
