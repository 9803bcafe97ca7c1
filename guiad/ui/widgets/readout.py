"""The line under the plots: f, f′, f″ at x0, or at the sample under the mouse.

Shown with ``precision()`` significant digits (6 by default; the context menu offers 10 and
17). The tooltip and the context menu's "Copy" give every value to 17 significant digits,
which read back as exactly the float computed (ASCII minus, so it pastes into code).
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication
from PySide6.QtWidgets import QLabel, QMenu, QWidget

from guiad.anim.notation import MINUS, fmt_g
from guiad.ui.guard import guarded

PRECISIONS = (6, 10, 17)  # significant digits offered
FULL = 17  # enough for any float64 to read back exactly


def number(value: float, digits: int = 6, minus: str = MINUS) -> str:
    """``value`` to ``digits`` significant digits by notation.fmt_g (never "−0"; NaN reads
    "undefined"), with ``minus`` as the minus sign ("-" for text that is pasted into code)."""
    return fmt_g(value, digits).replace(MINUS, minus)


class Readout(QLabel):
    """Selectable text: "at x0 = 2:    f = 2.20135    f′ = −0.562752    f″ = …"."""

    precision_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self._digits = PRECISIONS[0]
        self._shown: tuple[str, float, tuple[float, float, float], str] = (
            "x0",
            math.nan,
            (math.nan,) * 3,
            "",
        )

    # ---- what is shown --------------------------------------------------------------------

    def show_at_x0(self, x0: float, values: tuple[float, float, float], reason: str) -> None:
        self._shown = ("x0", x0, values, reason)
        self._render()

    def show_sample(self, x: float, values: tuple[float, float, float], reason: str) -> None:
        self._shown = ("x", x, values, reason)
        self._render()

    def precision(self) -> int:
        return self._digits

    def set_precision(self, digits: int) -> None:
        """Show ``digits`` significant digits (1 to 17)."""
        digits = min(max(int(digits), 1), FULL)
        if digits != self._digits:
            self._digits = digits
            self._render()
            self.precision_changed.emit(digits)

    def text_with(self, digits: int, minus: str = "−") -> str:
        """The readout's line with ``digits`` significant digits."""
        kind, x, (f, df, d2f), reason = self._shown
        n = lambda v: number(v, digits, minus)  # noqa: E731
        where = f"at x0 = {n(x)}:" if kind == "x0" else f"x = {n(x)}"
        text = f"{where}    f = {n(f)}    f′ = {n(df)}    f″ = {n(d2f)}"
        return text + (f"    — {reason}" if reason else "")

    def derivative_text(self) -> str:
        """f′ at the point shown, to 17 significant digits (ASCII minus; "" if undefined)."""
        df = self._shown[2][1]
        return number(df, FULL, "-") if math.isfinite(df) else ""

    def _render(self) -> None:
        self.setText(self.text_with(self._digits))
        where = "x0" if self._shown[0] == "x0" else "x"
        _, x, (f, df, d2f), _ = self._shown
        self.setToolTip(
            f"Full precision ({FULL} significant digits):\n"
            f"{where} = {number(x, FULL)}\nf = {number(f, FULL)}\n"
            f"f′ = {number(df, FULL)}\nf″ = {number(d2f, FULL)}\n"
            "Right-click to copy or to choose how many digits are shown."
        )

    # ---- context menu ---------------------------------------------------------------------

    def context_menu(self) -> QMenu:
        """Copy (17 digits), Copy f′, and the number of digits shown."""
        menu = QMenu(self)
        copy = menu.addAction(f"Copy ({FULL} significant digits)")
        copy.triggered.connect(lambda: _to_clipboard(self.text_with(FULL, "-")))
        copy_df = menu.addAction("Copy f′")
        copy_df.setEnabled(bool(self.derivative_text()))
        copy_df.triggered.connect(lambda: _to_clipboard(self.derivative_text()))
        menu.addSeparator()
        group = QActionGroup(menu)
        for digits in PRECISIONS:
            action = QAction(f"Show {digits} significant digits", menu)
            action.setCheckable(True)
            action.setChecked(digits == self._digits)
            action.triggered.connect(lambda _=False, d=digits: self.set_precision(d))
            group.addAction(action)
            menu.addAction(action)
        return menu

    @guarded
    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt override)
        menu = self.context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()


def _to_clipboard(text: str) -> None:
    QGuiApplication.clipboard().setText(text)
