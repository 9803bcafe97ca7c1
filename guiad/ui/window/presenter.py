"""View ▸ Presenter: every text larger for a projector, 1.25×, 1.5× or 2× (issue 23 item 6).

The scale multiplies the application's font (menus, boxes, tabs, the table, the trace, the
derivation, the plots' axes) and is handed to the walkthrough, whose banner has a font of its
own and whose graph asks room for labels READABLE_PX × scale tall on screen (wrapping where
that shows them larger; while it plays it takes that room from the plots and docks). The
choice is kept in QSettings; a kept value that is not one of SCALES is ignored.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from guiad.ui.widgets.text_scale import SCALES, apply_scale

KEY = "view/presenter"


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
        self._scale = scale
        apply_scale(scale)
        self.changed.emit(scale)
