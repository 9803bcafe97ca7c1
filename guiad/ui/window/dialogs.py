"""Small dialogs: a parameter editor, the unsaved-changes prompt, About, shortcuts, errors.

Module-level functions so tests can monkeypatch them (``dialogs.ask_param``,
``dialogs.ask_save_changes``, ``dialogs.ask_save_path``) instead of clicking modal boxes.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from guiad import __version__
from guiad.core.expression import format_number
from guiad.core.ops import Op
from guiad.ui import theme

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
        self.message.setStyleSheet(f"color: {theme.ERROR_TEXT};")
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


# keys that widgets handle themselves (no QAction behind them)
FIELD_KEYS = [
    ("Enter", "palette: append the op, or insert it after the selected card"),
    ("Enter / Escape", "expression: apply it / restore it"),
    ("Enter / double-click", "card: edit its parameter"),
    ("Arrow keys", "surface view (several inputs): move the point by 1 % of the box"),
    ("Alt+K / Alt+N", "lesson: back / next step (the buttons of the lesson's bar)"),
    ("Alt+W / Alt+D", "lesson: export the answers / end the lesson"),
]


def action_label(action: QAction) -> str:
    """What an action does, for the shortcuts list: its help text, tool tip or menu text."""
    label = action.property("help_text")
    if not label:
        tip, text = action.toolTip(), action.text().replace("&", "")
        # a tool tip written by hand says more than the text (which may be "Play" or "Pause")
        label = re.sub(r"\s*\([^()]*\)$", "", tip) if tip and tip != text else text
    return str(label).rstrip("…").strip()


def _keys(action: QAction) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    return ", ".join(k.toString(native) for k in action.shortcuts() if not k.isEmpty())


def _menu_rows(menu: QMenu, seen: set[QAction]) -> list[tuple[str, str]]:
    rows = []
    for action in menu.actions():
        if action.menu() is not None:
            rows += _menu_rows(action.menu(), seen)
        elif action not in seen and _keys(action):
            seen.add(action)
            rows.append((_keys(action), action_label(action)))
    return rows


def shortcut_groups(
    window: QMainWindow, panels: dict[QWidget, str]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every QAction with a shortcut in ``window``: by menu, then by panel (``panels`` names
    them), then any other; then the keys fields handle themselves. Read from the actions, so
    the list cannot drift from what the keys do."""
    seen: set[QAction] = set()
    groups = []
    for item in window.menuBar().actions():
        if item.menu() is not None and (rows := _menu_rows(item.menu(), seen)):
            groups.append((item.text().replace("&", ""), rows))
    rest = [a for a in window.findChildren(QAction) if a not in seen and _keys(a)]
    for panel, title in panels.items():
        mine = [a for a in rest if a.parent() is panel]
        if mine:
            groups.append((title, [(_keys(a), action_label(a)) for a in mine]))
        rest = [a for a in rest if a not in mine]
    if rest:
        groups.append(("Other", [(_keys(a), action_label(a)) for a in rest]))
    groups.append(("In fields", FIELD_KEYS))
    return groups


def shortcuts_html(groups: list[tuple[str, list[tuple[str, str]]]]) -> str:
    from html import escape  # only when the list is shown: not worth its import at start-up

    parts = []
    for title, rows in groups:
        if parts:  # a little air between groups
            parts.append("<tr><td colspan=2 style='font-size: 5pt'>&nbsp;</td></tr>")
        parts.append(f"<tr><td colspan=2><b>{escape(title)}</b></td></tr>")
        parts += [
            f"<tr><td>{escape(keys)}&nbsp;&nbsp;&nbsp;&nbsp;</td><td>{escape(what)}</td></tr>"
            for keys, what in rows
        ]
    return f"<table>{''.join(parts)}</table>"


def show_shortcuts(parent: QWidget, groups: list[tuple[str, list[tuple[str, str]]]]) -> None:
    """A scrollable list (it is longer than a small screen is high)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Keyboard shortcuts")
    text = QTextBrowser(dialog)
    text.setHtml(shortcuts_html(groups))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(text)
    layout.addWidget(buttons)
    height = min(640, round(parent.height() * 0.85)) if parent is not None else 640
    dialog.resize(520, height)
    dialog.exec()


def show_about(parent: QWidget) -> None:
    QMessageBox.about(
        parent,
        "About guiad",
        f"<b>guiad {__version__}</b><p>Reverse-mode automatic differentiation, made visible: "
        "build a chain of ops, watch f and f′, and step through the forward and backward "
        "passes.</p>",
    )
