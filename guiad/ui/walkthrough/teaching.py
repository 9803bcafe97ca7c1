"""The walkthrough's teaching switches: the fan-out mistake (with its menu action), the check
line's h, and tutor mode's gate.

A part held by WalkthroughPanel (``panel.teaching``): it holds the switches and says when one
that changes the timeline moved, through the one hook it is given (``changed``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction


class TeachingSwitches:
    """The switches a lesson or the View menu sets; the panel builds its timeline with them."""

    def __init__(self, parent: QObject, changed: Callable[[], None]):
        """``changed()`` is called when the mistake or h moved: the timeline is to be rebuilt
        (keeping its step)."""
        self._changed = changed
        self._overwrite = False  # the fan-out mistake, shown for teaching; never saved
        self._check_h: float | None = None  # the FD lab's h for the check line, if it is on
        # tutor mode holds the walkthrough before a step whose number is to be predicted
        self._gate: Callable[[int], int] | None = None
        self.overwrite_action = QAction(
            "Overwrite instead of accumulate (the fan-out mistake)", parent
        )
        self.overwrite_action.setCheckable(True)
        self.overwrite_action.setToolTip(
            "Show what goes wrong when the backward pass writes v̄ = … where v̄ += … belongs: "
            "a value used twice keeps only its last contribution (compare the check line)"
        )
        self.overwrite_action.toggled.connect(self.set_overwrite_mistake)

    def set_overwrite_mistake(self, on: bool) -> None:
        """Run the backward pass with '=' where '+=' belongs (the classic fan-out mistake),
        to see what it breaks; the walkthrough keeps its step."""
        on = bool(on)
        if self.overwrite_action.isChecked() != on:
            self.overwrite_action.setChecked(on)  # comes back here through toggled
            return
        if on != self._overwrite:
            self._overwrite = on
            self._changed()

    def overwrite_mistake(self) -> bool:
        return self._overwrite

    def set_check_step(self, h: float | None) -> None:
        """The check line's central difference uses ``h`` (the FD lab's, while it is on) or,
        with None, its default step."""
        if h != self._check_h:
            self._check_h = h
            self._changed()

    def check_step(self) -> float | None:
        return self._check_h

    def set_gate(self, gate: Callable[[int], int] | None) -> None:
        """``gate(target)`` says how far forward the walkthrough may go (at most ``target``);
        tutor mode uses it to stop before a number the student is to predict."""
        self._gate = gate

    def allowed(self, target: int, index: int) -> int:
        """How far towards step ``target`` the walkthrough, now at step ``index``, may go."""
        if self._gate is None or target <= index:
            return target
        return min(target, self._gate(target))
