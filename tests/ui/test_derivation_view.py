"""The Derivation tab's view: the derivation's stages as text, any node as the target, worked
out only when shown."""

from __future__ import annotations

from guiad.anim import derivation
from guiad.anim.timeline import Timeline
from guiad.core.expression import parse
from guiad.ui.walkthrough.derivation_view import DerivationView

BAYDIN = "log(x1) + x1*x2 - sin(x2)"


def _view(qtbot, expr: str, point) -> DerivationView:
    view = DerivationView()
    qtbot.addWidget(view)
    view.set_timeline(Timeline(parse(expr), point))
    view.resize(700, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def _text(view: DerivationView) -> str:
    """The view's text, each equation on one line (its cells come out a line each)."""
    return view.text.toPlainText().replace("\n = \n", " = ")


def test_it_shows_the_three_stages_of_the_output(qtbot):
    view = _view(qtbot, BAYDIN, (2, 5))
    text = _text(view)
    for line in (
        "Derivation of the gradient of y at (x1, x2) = (2, 5)",
        "v̄₀ = v₁·v̄₃ + (1/v₀)·v̄₂",  # the local partials
        "∂y/∂x2 = v̄₁ = 1.7163",
    ):
        assert line in text
    assert view.target() is None
    assert [view.target_box.itemText(k) for k in range(view.target_box.count())] == [
        "y, the output",
        "v₂ = log(v₀)",
        "v₃ = v₀·v₁",
        "v₄ = v₂ + v₃",
        "v₅ = sin(v₁)",
    ]


def test_any_node_can_be_picked_and_stays_picked_when_x0_moves(qtbot):
    view = _view(qtbot, BAYDIN, (2, 5))
    view.set_target(3)
    assert "∂v₃/∂x1 = v̄₀ = 5.0000" in _text(view)  # ∂(x1·x2)/∂x1 = x2
    view.set_timeline(Timeline(parse(BAYDIN), (2, 7)))
    assert view.target() == 3
    assert "∂v₃/∂x1 = v̄₀ = 7.0000" in _text(view)
    view.set_timeline(Timeline(parse("x*sin(x)"), 2.0))  # no node 3: back to the output
    assert view.target() is None
    assert "dy/dx = v̄₀ = 0.0770" in _text(view)


def test_an_undefined_point_says_why(qtbot):
    view = _view(qtbot, "log(x)*x", -1.0)
    assert "dy/dx = v̄₀ = undefined: log (v1): log of a number ≤ 0" in _text(view)


def test_a_hidden_view_works_nothing_out(qtbot, monkeypatch):
    calls = []
    real = derivation.derive
    monkeypatch.setattr(derivation, "derive", lambda *a: calls.append(a) or real(*a))
    view = DerivationView()
    qtbot.addWidget(view)
    view.set_timeline(Timeline(parse("x*sin(x)"), 2.0))
    assert calls == []
    view.show()
    qtbot.waitExposed(view)
    assert len(calls) == 1


def test_copy_puts_the_latex_on_the_clipboard(qtbot):
    from PySide6.QtGui import QGuiApplication

    view = _view(qtbot, "exp(sin(sin(x)))", 2.0)
    view.copy()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith(r"\subsection*{Derivation of $\mathrm{d}y/\mathrm{d}x$ at $x = 2$}")
    assert r"\bar{v}_{0} &= \cos (2.0000)\cdot 1.3523 = (-0.4161)\cdot 1.3523 = -0.5628" in copied
