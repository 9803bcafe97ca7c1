"""F1's list names the lesson bar's Alt keys, and they are the keys its buttons answer to."""

from __future__ import annotations

import re

from guiad.ui.tutor.lesson_bar import LessonBar
from guiad.ui.window.dialogs import FIELD_KEYS


def _mnemonic(text: str) -> str:
    return re.search(r"&(\w)", text).group(1).upper()


def test_the_listed_lesson_keys_are_the_buttons_mnemonics(qtbot):
    bar = LessonBar()
    qtbot.addWidget(bar)
    listed = " ".join(keys for keys, what in FIELD_KEYS if what.startswith("lesson:"))
    for button in (bar.back_button, bar.next_button, bar.export_button, bar.end_button):
        assert f"Alt+{_mnemonic(button.text())}" in listed
