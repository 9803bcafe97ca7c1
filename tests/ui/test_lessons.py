"""Lessons in the window: File ▸ Lessons runs the steps in tutor mode; answers export to CSV."""

from __future__ import annotations

import csv
import json

import pytest
from PySide6.QtCore import Qt

from guiad.anim.tutor import Ask
from guiad.core.expression import parse
from guiad.ui.window import dialogs


def _lesson_actions(window):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    lessons = next(a.menu() for a in menu.actions() if a.text() == "&Lessons")
    return {a.text(): a for a in lessons.actions() if a.text()}


def _answer(qtbot, window, text: str) -> None:
    box = window.tutor.box
    box.answer.clear()
    qtbot.keyClicks(box.answer, text)
    qtbot.keyClick(box.answer, Qt.Key.Key_Return)


def test_the_seven_lessons_are_in_the_menu(window):
    titles = set(_lesson_actions(window))
    assert "The seed: reverse mode on a chain" in titles
    assert "The fan-out mistake: = where += belongs" in titles
    assert "Several inputs: Baydin's f(x1, x2) at (2, 5)" in titles
    assert "Wire the missing edge: fan-out built by hand" in titles
    assert len(titles - {"Open lesson file…", "Export answers…"}) == 7


def test_the_layouts_a_lesson_names_are_the_windows():
    from guiad.core.lesson import LAYOUTS
    from guiad.ui.window.layout import BOTH, PLOTS, WALKTHROUGH

    assert (BOTH, PLOTS, WALKTHROUGH) == LAYOUTS


def test_the_several_input_lesson_runs_at_its_point_in_its_layout(window, qtbot):
    window.walkthrough.set_reduce_motion(True)
    _lesson_actions(window)["Several inputs: Baydin's f(x1, x2) at (2, 5)"].trigger()
    assert window.document.graph == parse("log(x1) + x1*x2 - sin(x2)")
    assert window.walkthrough.point() == (2.0, 5.0)  # not (2, 2), not (2, 1)
    assert window.stage.parts() == "walkthrough"
    assert window.walkthrough.timeline.trace.f[0] == pytest.approx(11.652071455223084)
    window.walkthrough.step_forward()
    window.walkthrough.step_forward()  # x1 and x2 are shown; v₂ = log(v₀) is asked
    assert window.tutor.box.prompt.text() == "v₂ = ?"
    _answer(qtbot, window, "log(2)")
    assert "1 right first time" in window.tutor.box.score.text()


def test_switching_lessons_asks_nothing(window, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *a: asked.append(a) or dialogs.SAVE)
    window.walkthrough.set_reduce_motion(True)
    actions = _lesson_actions(window)
    actions["The seed: reverse mode on a chain"].trigger()
    window.walkthrough.step_forward()
    _answer(qtbot, window, "sin(2)")
    actions["A value used twice: adjoints add up"].trigger()
    actions["Forward mode versus reverse mode"].trigger()
    assert asked == []  # no "save Untitled?": a lesson is not a document
    assert not window.is_modified()
    window.lessons.runner.bar.end_button.click()
    window.walkthrough.restart()
    window.walkthrough.step_forward()
    window.walkthrough.step_forward()
    assert window.tutor.box.prompt.text() == "dv₁/dx = ?"  # free play, as the lesson left it
    _answer(qtbot, window, "cos(1)")
    rows = window.tutor.log.rows
    assert [(r.lesson, r.step, r.number) for r in rows] == [
        ("The seed: reverse mode on a chain", 1, "v₁"),
        ("", None, "dv₁/dx"),
    ]


def test_the_name_is_asked_once_a_session(window):
    actions = _lesson_actions(window)
    actions["The seed: reverse mode on a chain"].trigger()
    assert not window.lessons.runner.bar.name_row.isHidden()
    actions["A value used twice: adjoints add up"].trigger()
    assert window.lessons.runner.bar.name_row.isHidden()


def test_the_end_of_the_lesson_sums_it_up_and_try_again_starts_afresh(window, qtbot):
    window.walkthrough.set_reduce_motion(True)
    _lesson_actions(window)["A value used twice: adjoints add up"].trigger()
    runner = window.lessons.runner
    panel, tutor = window.walkthrough, window.tutor
    assert runner.bar.next_button.text() == "Fi&nish"  # one step (Alt+N, as Next step)
    given = 0
    while not panel.timeline.at_end:
        panel.step_forward()
        if tutor.asking is not None:
            wrong_first = given == 1
            _answer(qtbot, window, "7" if wrong_first else repr(tutor.asking.expected))
            if wrong_first:
                _answer(qtbot, window, "8")  # shown
            given += 1
    assert runner.result is not None
    assert runner.result.asked == given
    assert runner.result.missed == (1,)
    assert not runner.bar.summary_row.isHidden()
    assert runner.bar.summary.text().startswith(f"Lesson done. {given - 1} of {given} right")
    assert "Go over step 1." in runner.bar.summary.text()
    runner.bar.again_button.click()
    assert runner.result is None
    assert runner.bar.summary_row.isHidden()
    assert panel.timeline.index == 0
    assert runner.answers() == []
    assert len(tutor.log.rows) == given  # the first attempt stays in the log


def test_a_lesson_runs_its_steps_by_keyboard_and_exports_the_answers(window, qtbot, tmp_path):
    window.walkthrough.set_reduce_motion(True)
    _lesson_actions(window)["A value used twice: adjoints add up"].trigger()
    runner = window.lessons.runner
    assert window.document.graph == parse("x*sin(x)")
    assert window.tutor.is_enabled()
    assert window.tutor.kinds() == {Ask.PARTIALS, Ask.ADJOINTS, Ask.ACCUMULATIONS}
    assert "step 1 of 1" in runner.bar.title.text()

    window.walkthrough.step_forward()  # v₁ is shown (values are not asked); ∂v₁/∂v₀ is
    window.walkthrough.step_forward()
    assert window.tutor.box.prompt.text() == "∂v₁/∂v₀ = ?"
    _answer(qtbot, window, "cos(2)")  # the partial lands
    window.walkthrough.step_forward()  # v₂ is shown
    window.walkthrough.step_forward()
    assert window.tutor.box.prompt.text() == "∂v₂/∂v₀ = ?"
    qtbot.keyClick(window.tutor.box.answer, Qt.Key.Key_Escape)  # skipped: shown

    runner.bar.name.setText("Ada")  # asked once, in the bar
    qtbot.keyClick(runner.bar.name, Qt.Key.Key_Return)
    assert not runner.bar.name_row.isVisible()

    path = tmp_path / "answers.csv"
    window.tutor.log.write_csv(path)
    with path.open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["number"], r["kind"], r["outcome"]) for r in rows] == [
        ("∂v₁/∂v₀", "local partials", "right first time"),
        ("∂v₂/∂v₀", "local partials", "shown"),
    ]
    assert rows[0]["answer"] == "cos(2)"
    assert (rows[0]["tries"], rows[1]["tries"]) == ("1", "0")
    assert {r["student"] for r in rows} == {"Ada"}
    assert float(rows[0]["expected"]) == pytest.approx(-0.4161468365471424, rel=1e-15)
    assert rows[0]["expression"] == "x*sin(x)"
    assert (rows[0]["lesson"], rows[0]["step"]) == ("A value used twice: adjoints add up", "1")


def test_the_mistake_lesson_switches_the_mistake_on_and_off_again(window):
    _lesson_actions(window)["The fan-out mistake: = where += belongs"].trigger()
    runner = window.lessons.runner
    assert window.walkthrough.overwrite_mistake()
    runner.bar.next_button.click()
    assert not window.walkthrough.overwrite_mistake()  # step 2 is the right way
    assert "step 2 of 2" in runner.bar.title.text()
    runner.bar.end_button.click()
    assert window.lessons.runner is None


def test_answers_given_before_moving_on_are_kept_for_their_step(window, qtbot):
    window.walkthrough.set_reduce_motion(True)
    _lesson_actions(window)["Forward mode versus reverse mode"].trigger()
    runner = window.lessons.runner
    window.walkthrough.step_forward()
    window.walkthrough.step_forward()
    assert window.tutor.box.prompt.text() == "dv₁/dx = ?"
    _answer(qtbot, window, "cos(1)")
    runner.bar.next_button.click()
    assert [(row.step, row.number, row.outcome) for row in runner.answers()] == [
        (1, "dv₁/dx", "right first time")
    ]


def test_a_bad_lesson_file_is_refused_with_the_reason(window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, *a: shown.append(text))
    path = tmp_path / "bad.guiad-lesson.json"
    path.write_text(json.dumps({"format": "guiad-lesson", "version": 1, "title": "t", "steps": 3}))
    before = window.document.graph
    assert not window.lessons.open(path)
    assert "needs a list of steps" in shown[0]
    assert window.document.graph == before


def _wire_on_canvas(window, src_op: str, dst_op: str, port: int) -> None:
    """Drag a wire with the mouse on the build canvas, from the node ``src_op`` to input
    ``port`` of the node ``dst_op``."""
    from canvas.conftest import Driver  # (tests/ui/canvas: the canvas driven by mouse)

    drive = Driver(window.build_mode.canvas.view, None)
    sketch = window.document.sketch
    ids = {sketch.node(i).op: i for i in sketch.ids()}
    drive.wire(ids[src_op], ids[dst_op], port)


def test_a_lesson_starts_half_built_and_runs_once_the_missing_edge_is_wired(window, qtbot):
    window.walkthrough.set_reduce_motion(True)
    _lesson_actions(window)["Wire the missing edge: fan-out built by hand"].trigger()
    runner, panel = window.lessons.runner, window.walkthrough
    # step 1: x*sin(?) on the canvas, f undefined until sin is wired
    assert window.build_mode.is_on()
    assert window.document.sketch.problem() == "the input of sin is not connected"
    assert "Build x*sin(x) on the canvas first" in runner.bar.prompt.text()
    _wire_on_canvas(window, "x", "sin", 0)
    assert window.document.graph == parse("x*sin(x)")
    assert not window.build_mode.is_on()  # back to the walkthrough, from its start
    assert runner.bar.prompt.text().startswith("Built. x now feeds two nodes, × and sin.")
    assert "has no input yet" not in runner.bar.prompt.text()  # (it has one now)
    assert panel.timeline.index == 0
    assert panel.timeline.trace.f[0] == pytest.approx(2 * 0.9092974268256817)
    # step 2: the fan-out mistake on the graph the student wires
    runner.bar.next_button.click()
    assert window.build_mode.is_on()
    assert panel.overwrite_mistake()
    _wire_on_canvas(window, "x", "mul", 0)
    assert window.document.graph == parse("x*sin(x)")
    panel.go_to_end()
    true_slope = 0.9092974268256817 + 2 * -0.4161468365471424  # sin 2 + 2 cos 2
    assert panel.timeline.trace.df[0] != pytest.approx(true_slope)  # the mistake's f′
    assert panel.timeline.check.finite_difference == pytest.approx(true_slope, rel=1e-6)


def test_the_wire_a_step_asks_for_is_the_lessons_not_a_document_to_save(window, qtbot, monkeypatch):
    """Found under Xvfb: after wiring the missing edge and ending the lesson, File ▸
    Examples asked to save the changes to "Untitled"."""
    asked = []
    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *a: asked.append(a) or dialogs.SAVE)
    _lesson_actions(window)["Wire the missing edge: fan-out built by hand"].trigger()
    _wire_on_canvas(window, "x", "sin", 0)
    assert not window.lessons.runner.building
    qtbot.waitUntil(lambda: not window.is_modified())
    window.lessons.runner.bar.end_button.click()
    assert window.maybe_save()
    assert asked == []
    window.editor.set_graph(parse("x*sin(x) + 1"))  # the student's own edit after the step
    assert window.is_modified()


def test_a_wrong_wire_leaves_the_step_building(window):
    _lesson_actions(window)["Wire the missing edge: fan-out built by hand"].trigger()
    runner, sketch = window.lessons.runner, window.document.sketch
    sin = next(i for i in sketch.ids() if sketch.node(i).op == "sin")
    sketch, one = sketch.add_const(1.0)
    window.document.set_sketch(sketch.connect(one, sin, 0))  # x*sin(1): complete, not the step's
    assert window.document.sketch.problem() is None
    assert runner.building
    assert window.build_mode.is_on()
    assert "Build x*sin(x) on the canvas first" in runner.bar.prompt.text()


def test_a_lesson_goes_on_by_keyboard(window):
    """Alt+N is Next step (found missing running Baydin's lesson by keyboard under Xvfb:
    the bar's buttons were reachable only by many Tabs; Alt+N was then checked there)."""
    from PySide6.QtGui import QKeySequence

    _lesson_actions(window)["Several inputs: Baydin's f(x1, x2) at (2, 5)"].trigger()
    bar = window.lessons.runner.bar
    keys = [b.shortcut() for b in (bar.back_button, bar.next_button, bar.export_button)]
    assert keys == [QKeySequence("Alt+K"), QKeySequence("Alt+N"), QKeySequence("Alt+W")]
    assert bar.end_button.shortcut() == QKeySequence("Alt+D")
    menus = {a.text().split("&")[1][0].upper() for a in window.menuBar().actions()}
    assert menus.isdisjoint({"K", "N", "W", "D"})  # no menu takes the same Alt key


def test_a_step_is_built_whatever_order_the_student_wires_the_operands_in(window):
    """The step asks for x*sin(x); sin(x)*x is the same graph (it waited for the exact text)."""
    _lesson_actions(window)["Wire the missing edge: fan-out built by hand"].trigger()
    runner = window.lessons.runner
    assert runner.building
    window.editor.set_graph(parse("sin(x)*x"))
    assert not runner.building
    assert not window.build_mode.is_on()
    assert runner.bar.prompt.text().startswith("Built.")


def test_ending_a_lesson_gives_back_the_layout_it_found(window):
    """Found under Xvfb: Baydin's lesson shows the walkthrough only; after End lesson the
    plots stayed hidden until View ▸ Layout ▸ Both."""
    from guiad.ui.window.layout import BOTH, WALKTHROUGH

    assert window.stage.parts() == BOTH
    actions = _lesson_actions(window)
    actions["Several inputs: Baydin's f(x1, x2) at (2, 5)"].trigger()
    assert window.stage.parts() == WALKTHROUGH
    actions["The seed: reverse mode on a chain"].trigger()  # (a switch is no end)
    window.lessons.runner.bar.end_button.click()
    assert window.stage.parts() == BOTH
