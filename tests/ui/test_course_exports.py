"""Issue 23 items 7-8 in the window: the Derivation tab, File ▸ Export's LaTeX document,
LaTeX fragment and Markdown trace, and View ▸ Notation reaching the window and the files."""

from __future__ import annotations

from pathlib import Path

import pytest

from guiad.anim import notation as n
from guiad.core.expression import parse
from guiad.ui.window import dialogs
from guiad.ui.window.notation_menu import NUMBERING_KEY, PLACES_KEY

BAYDIN = "log(x1) + x1*x2 - sin(x2)"


@pytest.fixture(autouse=True)
def _default_notation():
    """The notation is the process's; every test here leaves it as it found it."""
    yield
    n.set_style(n.Style())


@pytest.fixture
def save_to(monkeypatch):
    answer: list[Path] = []
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *args: answer[0])
    monkeypatch.setattr(
        dialogs, "show_error", lambda *args, **kw: pytest.fail(f"export failed: {args}")
    )
    return answer.append


def _baydin(window) -> None:
    window.editor.set_graph(parse(BAYDIN), "Baydin")
    window.walkthrough.set_point((2.0, 5.0))
    window.walkthrough.go_to_end()


@pytest.mark.parametrize(
    ("key", "name", "has"),
    [
        ("export_latex", "t.tex", "\\documentclass"),
        ("export_latex_fragment", "f.tex", "\\definecolor{guiadforward}"),
        ("export_markdown", "t.md", "## Reverse adjoint trace"),
    ],
)
def test_the_trace_files_from_the_menu(window, tmp_path, save_to, key, name, has):
    save_to(tmp_path / name)
    window.walkthrough.go_to_end()
    window.exporter.actions[f"walkthrough.{key}"].trigger()
    text = (tmp_path / name).read_text(encoding="utf-8")
    assert has in text
    assert "Derivation of" in text  # the derivation is in each
    assert "0.5628" in text  # the seed's f′ = −0.562752 (the window starts on the seed)
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary file left


def test_notation_reaches_the_window_the_files_and_the_next_start(
    window, make_window, tmp_path, save_to
):
    _baydin(window)
    menu = window.notation_menu
    next(a for a in menu.numbering.actions() if a.data() == n.GRIEWANK).trigger()
    next(a for a in menu.places.actions() if a.data() == 3).trigger()
    assert n.style() == n.Style(n.GRIEWANK, 3)
    # the walkthrough was rebuilt: its banner and trace use v₋₁ and three decimals
    assert "∇f = (x̄1, x̄2) = (5.500, 1.716)" in window.walkthrough.banner_text()
    statements = [line.statement for line in window.walkthrough.trace_model.lines]
    assert statements[:3] == ["v₋₁ = x1", "v₀ = x2", "v₁ = log(v₋₁)"]
    save_to(tmp_path / "b.md")
    window.exporter.actions["walkthrough.export_markdown"].trigger()
    text = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "| v₂ = v₋₁·v₀ | 10.000 |" in text
    assert "- ∂y/∂x1 = v̄₋₁ = 5.500" in text
    settings = window.storage.settings
    assert (settings.value(NUMBERING_KEY), int(settings.value(PLACES_KEY))) == (n.GRIEWANK, 3)
    n.set_style(n.Style())
    make_window()  # the same storage: the choice comes back
    assert n.style() == n.Style(n.GRIEWANK, 3)


def test_a_kept_style_that_makes_no_sense_is_ignored(window, make_window):
    window.storage.settings.setValue(PLACES_KEY, "999")
    window.storage.settings.setValue(NUMBERING_KEY, "roman")
    make_window()
    assert n.style() == n.Style()


def test_the_derivation_tab_follows_x0_and_the_target(window, qtbot):
    _baydin(window)
    tabs = window.walkthrough.tabs
    view = window.walkthrough.derivation_view
    window.walkthrough.set_table_shown(True)  # (hidden where the graph needs the room)
    tabs.setCurrentWidget(view)
    qtbot.waitUntil(view.isVisible)
    assert [tabs.tabText(k) for k in range(tabs.count())] == ["Table", "Trace", "Derivation"]
    text = view.text.toPlainText().replace("\n = \n", " = ")
    assert "∂y/∂x2 = v̄₁ = 1.7163" in text  # x1 − cos x2 at (2, 5)
    view.set_target(3)
    window.walkthrough.set_point((3.0, 5.0))
    text = view.text.toPlainText().replace("\n = \n", " = ")
    assert "∂v₃/∂x2 = v̄₁ = 3.0000" in text  # ∂(x1·x2)/∂x2 = x1, at the new point
