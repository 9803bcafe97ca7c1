"""View ▸ Notation: how nodes are numbered and how many decimals a number shows, for the
window, the trace, the derivation and every export (the CLI's --numbering and --places).

The choice is ``guiad.anim.notation``'s Style; this menu sets it, remembers it in QSettings
(a value that is not one of the choices is ignored) and says ``changed`` so the window can
redraw what shows numbers.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from guiad.anim import notation as n

NUMBERING_KEY, PLACES_KEY = "notation/numbering", "notation/places"
NUMBERING_TEXTS = {
    n.FROM_ZERO: "Inputs v₀, v₁, … (first computed node after them)",
    n.GRIEWANK: "Inputs …, v₋₁, v₀; first computed node v₁ (Griewank, Baydin)",
}


def saved_style(settings: QSettings) -> n.Style:
    """The style kept in ``settings``; the default where nothing (or nonsense) is kept."""
    numbering = settings.value(NUMBERING_KEY, n.FROM_ZERO)
    try:
        places = int(settings.value(PLACES_KEY, 4))
        return n.Style(numbering if isinstance(numbering, str) else n.FROM_ZERO, places)
    except (TypeError, ValueError):
        return n.Style()


class NotationMenu(QObject):
    """The menu and its two groups of choices; ``changed`` after the style has been set."""

    changed = Signal()

    def __init__(self, parent: QWidget, settings: QSettings):
        super().__init__(parent)
        self._settings = settings
        self.menu = QMenu("&Notation", parent)
        self.menu.setToolTipsVisible(True)
        style = saved_style(settings)
        n.set_style(style)
        self.numbering = self._group(
            [(text, key) for key, text in NUMBERING_TEXTS.items()], style.numbering
        )
        self.menu.addSeparator()
        places = self.menu.addMenu("&Decimal places")
        self.places = self._group([(f"&{p}", p) for p in n.PLACES], style.places, places)

    def _group(self, choices, current, menu: QMenu | None = None) -> QActionGroup:
        group = QActionGroup(self)
        group.setExclusive(True)
        for text, value in choices:
            action = QAction(text, self)
            action.setCheckable(True)
            action.setData(value)
            action.setChecked(value == current)
            group.addAction(action)
            (menu or self.menu).addAction(action)
        group.triggered.connect(lambda _action: self._apply())
        return group

    def style(self) -> n.Style:
        return n.Style(self.numbering.checkedAction().data(), self.places.checkedAction().data())

    def set_style(self, style: n.Style) -> None:
        """Check ``style``'s choices and apply them (as the user picking them would)."""
        for group, value in ((self.numbering, style.numbering), (self.places, style.places)):
            for action in group.actions():
                action.setChecked(action.data() == value)
        self._apply()

    def _apply(self) -> None:
        style = self.style()
        if style == n.style():
            return
        n.set_style(style)
        self._settings.setValue(NUMBERING_KEY, style.numbering)
        self._settings.setValue(PLACES_KEY, style.places)
        self.changed.emit()
