"""Tutor mode in the window: the walkthrough waits for a prediction, grades it, goes on."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt

from guiad.anim.timeline import Kind
from guiad.anim.tutor import Ask, Outcome
from guiad.core.expression import parse


@pytest.fixture
def tutored(window, qtbot):
    """The seed window (x0 = 2) with tutor mode on, the walkthrough at step 1."""
    panel = window.walkthrough
    panel.set_reduce_motion(True)  # steps land at once; the motion has its own tests
    panel.restart()
    window.tutor.set_enabled(True)
    return window


def _type(qtbot, box, text: str) -> None:
    box.answer.clear()
    qtbot.keyClicks(box.answer, text)
    qtbot.keyClick(box.answer, Qt.Key.Key_Return)


def test_stepping_stops_before_the_first_value_and_asks_for_it(tutored):
    panel, tutor = tutored.walkthrough, tutored.tutor
    panel.step_forward()
    assert panel.timeline.index == 0  # held on x: v₁ is to be predicted first
    assert tutor.box.isVisible()
    assert tutor.box.prompt.text() == "v₁ = ?"
    assert tutor.box.answer.hasFocus()


def test_a_right_answer_lands_the_number_and_counts(tutored, qtbot):
    panel, tutor = tutored.walkthrough, tutored.tutor
    panel.step_forward()
    with qtbot.waitSignal(tutor.answered) as signal:
        _type(qtbot, tutor.box, "sin(2)")
    assert signal.args == [Outcome.RIGHT]
    step = panel.timeline.current
    assert (step.kind, step.node) == (Kind.VALUE, 1)
    assert step.number == math.sin(2.0)
    assert "Right: v₁ = 0.9093" in tutor.box.feedback.text()
    assert "1 right first time" in tutor.box.score.text()


def test_a_wrong_answer_gets_the_banners_hint_then_a_second_try(tutored, qtbot):
    panel, tutor = tutored.walkthrough, tutored.tutor
    panel.step_forward()
    _type(qtbot, tutor.box, "0.5")
    assert panel.timeline.index == 0  # not yet
    assert tutor.box.feedback.text() == "Not quite. Hint: v₁ = sin(v₀) = sin(2.0000)"
    with qtbot.waitSignal(tutor.answered) as signal:
        _type(qtbot, tutor.box, "0.909")
    assert signal.args == [Outcome.HINTED]
    assert panel.timeline.index == 1


def test_escape_shows_the_answer_with_its_working(tutored, qtbot):
    panel, tutor = tutored.walkthrough, tutored.tutor
    panel.step_forward()
    with qtbot.waitSignal(tutor.answered) as signal:
        qtbot.keyClick(tutor.box.answer, Qt.Key.Key_Escape)
    assert signal.args == [Outcome.SHOWN]
    assert tutor.box.feedback.text() == f"The answer: {panel.timeline.current.banner}"


def test_text_that_is_no_number_is_not_a_try_and_is_kept_to_fix(tutored, qtbot):
    panel, tutor = tutored.walkthrough, tutored.tutor
    panel.step_forward()
    qtbot.keyClicks(tutor.box.answer, "sin(2")
    qtbot.keyClick(tutor.box.answer, Qt.Key.Key_Return)
    assert "cannot read that" in tutor.box.feedback.text()
    qtbot.keyClicks(tutor.box.answer, ")")  # typed at the end, not over the text
    qtbot.keyClick(tutor.box.answer, Qt.Key.Key_Return)
    assert "1 right first time" in tutor.box.score.text()


def test_going_to_the_end_stops_at_the_first_unanswered_number(tutored):
    panel, tutor = tutored.walkthrough, tutored.tutor
    panel.go_to_end()
    assert panel.timeline.index == 0
    assert tutor.box.prompt.text() == "v₁ = ?"


def test_asking_only_for_adjoints_lets_the_forward_pass_run(tutored):
    panel, tutor = tutored.walkthrough, tutored.tutor
    for ask, action in tutor.ask_actions.items():
        action.setChecked(ask is Ask.ADJOINTS)
    panel.go_to_end()
    held = panel.timeline.current
    assert held.kind is Kind.SEED  # the whole forward pass, then ȳ = 1, then v̄₂ is asked
    assert tutor.box.prompt.text() == "v̄₂ = ?"


def test_the_kinds_asked_are_remembered(tutored, make_window):
    tutored.tutor.ask_actions[Ask.VALUES].setChecked(False)
    again = make_window()
    assert Ask.VALUES not in again.tutor.kinds()
    assert Ask.ADJOINTS in again.tutor.kinds()


def test_a_new_function_starts_a_new_set_of_questions(tutored, qtbot):
    panel, tutor = tutored.walkthrough, tutored.tutor
    panel.step_forward()
    _type(qtbot, tutor.box, "sin(2)")
    tutored.document.set_graph(parse("x*sin(x)"))
    assert not tutor.box.isVisible()
    assert "0 right first time" in tutor.tutor.score_text()
    panel.step_forward()
    assert tutor.box.prompt.text() == "v₁ = ?"


def test_a_shorter_function_while_a_late_number_is_asked_drops_the_question(tutored):
    """Found under Xvfb: Baydin's v̄₄ was asked (step 16 of 25) when File ▸ Examples opened
    the seed (12 steps); the box placed the old question on the new timeline first
    (IndexError, the app's error dialog) and kept asking v̄₄ on a graph with no v₄."""
    panel, tutor = tutored.walkthrough, tutored.tutor
    tutored.document.set_graph(parse("log(x1) + x1*x2 - sin(x2)"))
    for ask, action in tutor.ask_actions.items():
        action.setChecked(ask is Ask.ADJOINTS)
    panel.go_to_end()
    assert tutor.box.isVisible()
    assert tutor.box.prompt.text() == "v̄₄ = ?"
    asked = panel.timeline.index + 1
    tutored.document.set_graph(parse("sin(x)"))
    assert len(panel.timeline.steps) <= asked  # the old question's step is past its end
    assert not tutor.box.isVisible()
    panel.go_to_end()
    assert tutor.box.prompt.text() == "v̄₀ = ?"  # the new graph's questions


def test_switching_tutor_mode_off_lets_the_walkthrough_run(tutored):
    panel, tutor = tutored.walkthrough, tutored.tutor
    tutored.tutor.set_enabled(False)
    panel.go_to_end()
    assert panel.timeline.at_end
    assert not tutor.box.isVisible()


def test_the_menu_has_tutor_mode_with_its_shortcut(window):
    texts = {a.text(): a for menu in window.menuBar().actions() for a in menu.menu().actions()}
    action = texts["Tutor mode: predict each number"]
    assert action.shortcut().toString() == "Ctrl+Shift+T"
    action.trigger()
    assert window.tutor.is_enabled()


def _needed_rects(window, step) -> list:
    """The asked node and the nodes its number is worked from, each with its labels, in the
    viewport: a value or a local partial reads every input of its node (∂(u·v)/∂u = v); a
    contribution v̄ⱼ += ∂vᵢ/∂vⱼ · v̄ᵢ reads vᵢ's adjoint (the partial is on the edge)."""
    from guiad.anim.timeline import Kind

    panel = window.walkthrough
    graph = panel.timeline.graph
    nodes = {step.node}
    if step.edge is not None:
        nodes.add(step.edge[0])
        if step.kind in (Kind.VALUE, Kind.PARTIAL):
            nodes |= set(graph.nodes[step.edge[0]].inputs)
    rects = []
    if step.edge is not None:  # the partial on the edge (a contribution multiplies it)
        edge = panel.scene.edges[step.edge]
        for label in (edge.upper_label, edge.lower_label):
            if label.isVisible():
                rects.append(panel.view.mapFromScene(label.sceneBoundingRect()).boundingRect())
    for i in nodes:
        item = panel.scene.nodes[i]
        scene_rect = item.sceneBoundingRect().united(
            item.mapRectToScene(item.childrenBoundingRect())
        )
        rects.append(panel.view.mapFromScene(scene_rect).boundingRect())
    return rects


def _box_in_viewport(window):
    box = window.tutor.box
    return box.geometry()  # the box is a child of the viewport


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800), (1920, 1080)])
def test_the_box_never_covers_what_the_question_needs_and_keeps_one_side(window, qtbot, size):
    window.resize(*size)
    window.walkthrough.set_reduce_motion(True)
    lessons = window.lessons
    title = "Several inputs: Baydin's f(x1, x2) at (2, 5)"
    next(a for a in window.lessons_menu.actions() if a.text() == title).trigger()
    qtbot.wait(50)  # the resize and the stage's layout settle
    panel, tutor = window.walkthrough, window.tutor
    sides, asked = set(), 0
    for _ in range(2):  # both steps of the lesson
        while not panel.timeline.at_end:
            panel.step_forward()
            if tutor.asking is None:
                continue
            asked += 1
            box = _box_in_viewport(window)
            viewport = panel.view.viewport().rect()
            assert viewport.contains(box), (size, tutor.asking.name)
            step = panel.timeline.steps[tutor.asking.step]
            for rect in _needed_rects(window, step):
                assert not box.intersects(rect), (size, tutor.asking.name)
            sides.add(box.center().x() < viewport.center().x())
            _type(qtbot, tutor.box, repr(tutor.asking.expected))
        lessons.runner.bar.next_button.click()
    assert asked == 21  # 5 values and 8 partials forward, 6 adjoints and 2 sums backward
    assert len(sides) == 1  # no jumping from side to side


def test_a_wrapped_hint_never_overlaps_the_score_line(window, qtbot):
    window.walkthrough.set_reduce_motion(True)
    title = "Several inputs: Baydin's f(x1, x2) at (2, 5)"
    next(a for a in window.lessons_menu.actions() if a.text() == title).trigger()
    window.lessons.runner.bar.next_button.click()  # the backward step: long banners
    panel, tutor = window.walkthrough, window.tutor
    while tutor.asking is None or tutor.asking.built is None:
        panel.step_forward()
        if tutor.asking is not None and tutor.asking.built is None:
            _type(qtbot, tutor.box, repr(tutor.asking.expected))
    _type(qtbot, tutor.box, "123")  # wrong: the hint is the whole += working, wrapped
    box = tutor.box
    assert box.feedback.text().startswith("Not quite. Hint: v̄")
    assert box.feedback.height() > box.feedback.fontMetrics().height() * 2  # wrapped
    assert box.feedback.geometry().bottom() < box.score.geometry().top()
    assert box.score.geometry().bottom() < box.height()
    assert box.prompt.text().endswith(" + ?")
