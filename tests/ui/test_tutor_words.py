"""Words for a beginner in the window: the note when the backward pass first starts, and the
glossary tooltips over the walkthrough's labels and the tutor's question."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from guiad.anim import glossary
from guiad.anim.timeline import Kind


def _to_seed(panel) -> None:
    while panel.timeline.current.kind is not Kind.SEED:
        panel.step_forward()


def test_the_note_shows_the_first_time_the_backward_pass_starts_only(window):
    panel, note = window.walkthrough, window.tutor.note
    panel.set_reduce_motion(True)
    panel.restart()
    assert not note.isVisible()
    _to_seed(panel)
    assert note.isVisible()
    assert note.text.text() == glossary.BACKWARD_NOTE
    viewport = panel.view.viewport().rect()
    assert viewport.contains(note.geometry())
    assert note.text.geometry().bottom() < note.ok_button.geometry().top()  # not clipped
    panel.step_forward()  # stepping on puts it away too
    assert not note.isVisible()
    note.ok_button.click()
    assert not note.isVisible()
    panel.restart()
    _to_seed(panel)
    assert not note.isVisible()  # once a session


def test_the_note_leaves_the_question_and_the_box_clear(window, qtbot):
    panel, tutor = window.walkthrough, window.tutor
    panel.set_reduce_motion(True)
    panel.restart()
    for ask, action in tutor.ask_actions.items():
        action.setChecked(ask.name == "ADJOINTS")
    tutor.set_enabled(True)
    panel.go_to_end()  # held before the first adjoint, at the seed
    assert tutor.note.isVisible()
    assert tutor.box.isVisible()
    assert not tutor.note.geometry().intersects(tutor.box.geometry())
    step = panel.timeline.steps[tutor.asking.step]
    node = panel.scene.nodes[step.node]
    rect = node.sceneBoundingRect().united(node.mapRectToScene(node.childrenBoundingRect()))
    assert not tutor.note.geometry().intersects(panel.view.mapFromScene(rect).boundingRect())


def _label_point(panel, item) -> QPoint:
    return panel.view.mapFromScene(item.sceneBoundingRect().center())


def test_hovering_an_adjoint_or_a_partial_explains_it(window, monkeypatch):
    panel = window.walkthrough
    panel.set_reduce_motion(True)
    panel.go_to_end()
    tips = window.tutor.tips
    nodes, edges = panel.scene.nodes, panel.scene.edges
    adjoint = next(n.lower_label for n in nodes if "v̄" in n.lower_label.text())
    assert glossary.ADJOINT in tips.text_at(_label_point(panel, adjoint))
    partial = next(e.upper_label for e in edges.values() if "∂v" in e.upper_label.text())
    assert tips.text_at(_label_point(panel, partial)) == glossary.PARTIAL
    node = nodes[1]
    assert tips.text_at(_label_point(panel, node)).startswith(node.toolTip())
    # a real tooltip event on the viewport (the tooltip's window itself is not made:
    # the offscreen platform warns that it cannot raise it)
    shown = []
    monkeypatch.setattr(QToolTip, "showText", lambda *args: shown.append(args[1]))
    viewport = panel.view.viewport()
    at = _label_point(panel, partial)
    event = QHelpEvent(QEvent.Type.ToolTip, at, viewport.mapToGlobal(at))
    QApplication.sendEvent(viewport, event)
    assert shown == [glossary.PARTIAL]


def test_the_tutors_question_has_the_words_too(window):
    panel, tutor = window.walkthrough, window.tutor
    panel.set_reduce_motion(True)
    panel.restart()
    tutor.set_enabled(True)
    panel.step_forward()
    assert tutor.box.prompt.text() == "v₁ = ?"
    assert tutor.box.prompt.toolTip() == glossary.VALUE
    tutor.box.answer.setText("sin(2)")
    tutor.check()
    panel.step_forward()
    assert tutor.box.prompt.text() == "∂v₁/∂v₀ = ?"
    assert tutor.box.prompt.toolTip() == glossary.PARTIAL
