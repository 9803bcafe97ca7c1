"""Small dialogs: a parameter editor, the unsaved-changes prompt, About, shortcuts, errors.

Module-level functions so tests can monkeypatch them (``dialogs.ask_param``,
``dialogs.ask_save_changes``, ``dialogs.ask_save_path``) instead of clicking modal boxes.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from guiad import __version__
from guiad.core.expression import format_number
from guiad.core.ops import Op

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def parse_param(text: str) -> tuple[float | None, str]:
    """A finite number from ``text``, or None and the reason it is refused."""
    text = text.strip().replace("−", "-")
    if not text:
        return None, "enter a number"
    try:
        value = float(text)
    except ValueError:
        return None, f"'{text}' is not a number"
    if not math.isfinite(value):
        return None, "the number must be finite"
    return value, ""


class ParamDialog(QDialog):
    """Asks for a, b or n; OK stays disabled, with the reason shown, until the text is valid."""

    def __init__(self, op: Op, current: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Edit {op.param} of {op.label}")
        self.edit = QLineEdit(format_number(current), self)
        self.edit.selectAll()
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #b91c1c;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{op.label}:  y = {op.formula}.  New value of {op.param}:", self))
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(self._validate)
        self._validate(self.edit.text())

    def _validate(self, text: str) -> None:
        value, reason = parse_param(text)
        self.message.setText(reason)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(value is not None)

    def value(self) -> float | None:
        return parse_param(self.edit.text())[0]


def ask_param(parent: QWidget, op: Op, current: float) -> float | None:
    dialog = ParamDialog(op, current, parent)
    return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_save_changes(parent: QWidget, name: str) -> str:
    """SAVE, DISCARD or CANCEL."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save the changes to {name}?")
    box.setInformativeText("Your changes will be lost if you don't save them.")
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return DISCARD
    return CANCEL


def ask_save_path(parent: QWidget | None, title: str, default: Path, filter: str) -> Path | None:
    """A save-file dialog starting at ``default``; the chosen path, or None if cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(default), filter)
    return Path(path) if path else None


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setDetailedText(details)
    box.exec()


SHORTCUTS = [
    ("Enter (palette)", "append the op, or insert it after the selected card"),
    ("Ctrl+F", "filter the palette"),
    ("Ctrl+L", "edit the expression"),
    ("Enter (expression)", "apply the expression; Escape restores it"),
    ("Delete", "delete the selected card"),
    ("Alt+Left / Alt+Right", "move the selected card"),
    ("Enter / double-click (card)", "edit the card's parameter"),
    ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo"),
    ("Ctrl+N, Ctrl+O, Ctrl+S, Ctrl+Shift+S", "new, open, save, save as"),
    ("Ctrl+Q", "quit"),
]


def shortcuts_html() -> str:
    rows = "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in SHORTCUTS)
    return f"<table>{rows}</table>"


def show_shortcuts(parent: QWidget) -> None:
    QMessageBox.information(parent, "Keyboard shortcuts", shortcuts_html())


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        "About guiad",
        f"<b>guiad {__version__}</b><p>Reverse-mode automatic differentiation, made visible: "
        "build a chain of ops, watch f and f′, and step through the forward and backward "
        "passes.</p>",
    )
