"""The line under the plots: f, f′, f″ at x0, or at the sample under the mouse."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def number(value: float) -> str:
    """Compact readout text for one value."""
    if not math.isfinite(value):
        return "undefined"
    return f"{value + 0.0:.6g}".replace("-", "−")  # + 0.0: −0.0 (relu′ left of 0) reads 0


class Readout(QLabel):
    """Selectable text: "at x0 = 2:    f = 2.20135    f′ = −0.562752    f″ = …"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_at_x0(self, x0: float, values: tuple[float, float, float], reason: str) -> None:
        f0, df0, d2f0 = values
        text = (
            f"at x0 = {number(x0)}:    f = {number(f0)}    f′ = {number(df0)}"
            f"    f″ = {number(d2f0)}"
        )
        self.setText(text + (f"    — {reason}" if reason else ""))

    def show_sample(self, x: float, values: tuple[float, float, float], reason: str) -> None:
        f, df, d2f = values
        text = f"x = {number(x)}    f = {number(f)}    f′ = {number(df)}    f″ = {number(d2f)}"
        self.setText(text + (f"    — {reason}" if reason else ""))
