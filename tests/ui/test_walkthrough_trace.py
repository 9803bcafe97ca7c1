"""The Trace tab: the evaluation trace follows the walkthrough step by step."""

from __future__ import annotations

from PySide6.QtCore import Qt

from guiad.anim.evaltrace import evaluation_trace
from guiad.anim.timeline import Kind, Mode
from guiad.core.expression import parse


def _rows(panel) -> list[tuple[str, str]]:
    model = panel.trace_model
    return [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]


def _current_statement(panel) -> str:
    return panel.trace_model.lines[panel.trace_model.current].statement


def test_the_trace_tab_holds_the_textbook_statements(panel):
    panel.tabs.setCurrentWidget(panel.trace_view)
    expected = [line.statement for line in evaluation_trace(panel.timeline.trace)]
    assert [statement for statement, _ in _rows(panel)] == expected
    assert expected[0] == "v₀ = x"
    assert expected[-1] == "f′ = v̄₀"


def test_numbers_appear_as_the_steps_execute_their_lines(panel):
    panel.set_reduce_motion(True)
    panel.restart()
    assert _current_statement(panel) == "v₀ = x"
    rows = _rows(panel)
    assert rows[0][1] == "2.0000"
    assert all(value == "" for _, value in rows[1:])  # later lines: no numbers yet
    panel.go_to_end()
    assert _current_statement(panel) == "f′ = v̄₀"
    assert _rows(panel)[-1][1] == "−0.5628"
    assert all(value for _, value in _rows(panel))


def test_each_adjoint_step_executes_its_own_line(panel):
    panel.set_reduce_motion(True)
    panel.set_graph(parse("x*sin(x)"))
    statements = []
    for index, step in enumerate(panel.timeline.steps):
        if step.kind is Kind.ADJOINT:
            panel.seek(index)
            statements.append(_current_statement(panel))
    assert statements == ["v̄₀ = v₁·v̄₂", "v̄₁ = v₀·v̄₂", "v̄₀ += cos(v₀)·v̄₁"]


def test_forward_mode_follows_the_tangent_trace(panel):
    panel.set_reduce_motion(True)
    panel.set_graph(parse("x*sin(x)"))
    panel.set_mode(Mode.FORWARD)
    dots = [i for i, step in enumerate(panel.timeline.steps) if step.kind is Kind.DOT]
    panel.seek(dots[-1])
    assert _current_statement(panel) == "dv₂/dx += v₀·dv₁/dx"


def test_the_overwrite_mistake_writes_equals_in_the_trace(panel):
    panel.set_graph(parse("x*sin(x)"))
    panel.set_overwrite_mistake(True)
    statements = [statement for statement, _ in _rows(panel)]
    assert "v̄₀ = cos(v₀)·v̄₁" in statements
    assert not any("+=" in statement for statement in statements)


def test_a_hidden_trace_is_worked_out_when_shown_for_the_graph_of_the_moment(panel, monkeypatch):
    import guiad.anim.evaltrace as evaltrace_module

    made = []

    def counted(*args, **kwargs):
        made.append(args)
        return evaluation_trace(*args, **kwargs)

    monkeypatch.setattr(evaltrace_module, "evaluation_trace", counted)
    panel.set_table_shown(False)  # (as at start: the graph takes the width)
    panel.set_reduce_motion(True)
    panel.set_graph(parse("x*sin(x)"))
    panel.set_graph(parse("exp(x)*cos(x)"))
    panel.seek(3)
    assert made == []  # nothing showed it: nothing worked it out
    panel.set_table_shown(True)
    panel.tabs.setCurrentWidget(panel.trace_view)
    assert panel.trace_view.isVisible()
    expected = [line.statement for line in evaluation_trace(panel.timeline.trace)]
    assert [statement for statement, _ in _rows(panel)] == expected
    assert len(made) == 1
    current = panel.trace_model.current
    assert current >= 0
    # the view shows the line being executed, bold and filled, with its number
    index = panel.trace_model.index(current, 0)
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    assert panel.trace_view.visualRect(index).intersects(panel.trace_view.viewport().rect())
    panel.go_to_end()
    assert _current_statement(panel) == "f′ = v̄₀"
    assert len(made) == 1


def test_the_trace_model_is_a_sound_qt_model_before_and_after_its_lines_are_worked_out(
    qtmodeltester,
):
    from guiad.anim.timeline import Timeline
    from guiad.ui.walkthrough.trace import TraceModel

    model = TraceModel()
    qtmodeltester.check(model)  # no timeline: no rows
    timeline = Timeline(parse("x*sin(x)"), 2.0)
    model.set_timeline(timeline)
    model.show_step(3)  # (before anything asked for its lines)
    qtmodeltester.check(model)
    assert model.rowCount() == len(evaluation_trace(timeline.trace))
    model.show_step(len(timeline) - 1)
    assert model.lines[model.current].statement == "f′ = v̄₀"
    qtmodeltester.check(model)


def test_a_trace_shown_again_shows_the_line_being_executed(panel):
    # the steps moved while the Trace tab was hidden: shown again, it is scrolled there
    panel.set_reduce_motion(True)
    panel.set_graph(parse("cos(tanh(arctan(sin(log1p(square(cos(tanh(exp(sin(x))))))))))"))
    panel.set_table_shown(True)
    panel.tabs.setCurrentWidget(panel.trace_view)
    view = panel.trace_view
    assert view.isVisible()
    panel.tabs.setCurrentWidget(panel.table)  # the trace hidden
    panel.go_to_end()
    panel.tabs.setCurrentWidget(view)
    current = view.visualRect(panel.trace_model.index(panel.trace_model.current, 0))
    assert current.isValid()
    assert view.viewport().rect().intersects(current)
    assert view.verticalScrollBar().value() > 0  # (the trace is longer than the view)


def test_an_undefined_point_shows_no_adjoint_numbers_and_says_why(panel):
    """Issue 22 item 1: log(x) at −1 showed f′ = −1.0000 in the Trace tab."""
    panel.set_reduce_motion(True)
    panel.set_graph(parse("log(x)"))
    panel.set_x0(-1.0)
    panel.tabs.setCurrentWidget(panel.trace_view)
    panel.go_to_end()
    rows = _rows(panel)
    assert rows[-1][0].startswith("f′ = v̄₀  (log (v1): ")  # why, as the banner says it
    assert rows[-1][1] == "undefined"
    adjoint = [value for statement, value in rows if statement.startswith("v̄")]
    assert adjoint
    assert all(value == "undefined" for value in adjoint)
    assert rows[0] == ("v₀ = x", "−1.0000")  # the input stays a number
    assert "undefined" in panel.banner_text()
