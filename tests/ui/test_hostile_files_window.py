"""Every hostile file of tests/core/test_hostile_files.py, opened in the window.

The core test shows each is refused with FileFormatError; this shows the user's side: File ▸
Open of each one shows a message and leaves the open chain, its settings, the undo history and
the file name exactly as they were, and no payload runs.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from guiad.ui.window import dialogs

_CORE_CASES = Path(__file__).resolve().parents[1] / "core" / "test_hostile_files.py"
_spec = importlib.util.spec_from_file_location("hostile_file_cases", _CORE_CASES)
cases = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = cases
_spec.loader.exec_module(cases)


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: messages.append(text))
    return messages


@pytest.mark.parametrize("family", list(cases.FAMILIES))
def test_opening_hostile_files_keeps_the_chain(
    family: str, window, tmp_path: Path, shown_errors: list[str], monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    window.editor.insert(0, "tanh")  # an edited, unsaved chain that must survive
    window.plots.set_x0(0.5)
    before = window.document.to_document()
    undo_count, title = window.undo_stack.count(), window.windowTitle()
    path = tmp_path / "hostile.guiad.json"
    for number, (name, content) in enumerate(cases.FAMILIES[family]().items(), start=1):
        if isinstance(content, str):
            content = content.encode("utf-8", errors="surrogatepass")
        path.write_bytes(content)
        assert not window.open_path(path), name
        assert len(shown_errors) == number, f"{name}: no message shown"
        assert shown_errors[-1].strip(), name
        assert window.document.to_document() == before, name
        assert window.undo_stack.count() == undo_count, name
        assert window.windowTitle() == title, name
        assert window.file_path is None, name
    assert not (tmp_path / cases.PWNED).exists()
