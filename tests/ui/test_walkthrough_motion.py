"""Motion: a labelled token travels along the step's edge; the numbers land when it
arrives; reduce motion jumps; a new function starts at step 0, a new x0 keeps the step."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPointF, QSettings

from guiad.anim.timeline import Kind
from guiad.core.engine import trace
from guiad.core.expression import parse
from guiad.ui.walkthrough.panel import WalkthroughPanel

SEED = "exp(sin(sin(x)))"


def four(value: float) -> str:
    return f"{value:.4f}".replace("-", "−")


def scalar(a) -> float:
    return float(a.reshape(-1)[0])


@pytest.fixture
def panel(qtbot):
    widget = WalkthroughPanel()
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_graph(parse(SEED))
    widget.set_x0(2.0)
    widget.set_speed(4.0)  # a step's token travels for about 0.2 s
    yield widget
    widget.stop()


def along(path, point: QPointF) -> float:
    """Where on ``path`` (0 → 1) ``point`` lies: the nearest of 400 samples."""
    samples = [path.pointAtPercent(k / 400) for k in range(401)]
    k = min(range(401), key=lambda m: (samples[m] - point).manhattanLength())
    return k / 400


def travel(panel, qtbot, step: int) -> list[float]:
    """Step forward from ``step - 1`` and record the token along its edge until it lands."""
    panel.seek(step - 1)
    edge = panel.scene.edges[panel.timeline.steps[step].edge]
    seen: list[float] = []
    panel.token_moved.connect(
        lambda _: seen.extend(along(edge.path, p) for p in panel.scene.token_positions()[:1])
    )
    with qtbot.waitSignal(panel.token_arrived, timeout=3000):
        panel.step_forward()
    return seen


def test_forward_the_value_travels_from_input_to_node_monotonically(panel, qtbot):
    value_of_v2 = next(
        k for k, s in enumerate(panel.timeline) if s.kind is Kind.VALUE and s.node == 2
    )
    seen = travel(panel, qtbot, value_of_v2)
    assert len(seen) >= 4  # several frames, not one jump
    assert seen == sorted(seen)
    assert seen[-1] - seen[0] > 0.5


def test_backward_the_contribution_travels_from_node_to_input(panel, qtbot):
    adjoint = next(k for k, s in enumerate(panel.timeline) if s.kind is Kind.ADJOINT)
    seen = travel(panel, qtbot, adjoint)
    assert len(seen) >= 4
    assert seen == sorted(seen, reverse=True)  # along the edge, from its end back
    assert seen[0] - seen[-1] > 0.5


def test_the_token_carries_its_number(panel):
    t = trace(parse(SEED), 2.0)
    adjoint = next(k for k, s in enumerate(panel.timeline) if s.kind is Kind.ADJOINT)
    panel.seek(adjoint - 1)
    panel.step_forward()
    step = panel.timeline.current
    contribution = next(c for c in t.backward if (c.node, c.position) == step.edge)
    assert panel.scene.token_texts() == [four(scalar(contribution.term))]
    panel.pause()


def test_numbers_land_in_node_and_table_when_the_token_arrives(panel, qtbot):
    t = trace(parse(SEED), 2.0)
    value_of_v2 = next(
        k for k, s in enumerate(panel.timeline) if s.kind is Kind.VALUE and s.node == 2
    )
    panel.seek(value_of_v2 - 1)
    node = panel.scene.nodes[2]
    panel.step_forward()
    assert panel.is_animating()
    assert node.value_label.text() == ""  # still travelling
    assert panel.model.index(2, 1).data() == ""
    assert panel.shown_step() == value_of_v2 - 1
    with qtbot.waitSignal(panel.token_arrived, timeout=3000):
        pass
    assert node.value_label.text() == f"v₂ = {four(scalar(t.values[2]))}"
    assert panel.model.index(2, 1).data() == four(scalar(t.values[2]))
    assert panel.shown_step() == value_of_v2


def test_stepping_lands_on_the_same_state_as_seeking(panel, qtbot):
    for k in range(1, 6):
        with qtbot.waitSignal(panel.token_arrived, timeout=3000):
            panel.step_forward()
        stepped = [node.value_label.text() for node in panel.scene.nodes]
        table = [panel.model.index(r, c).data() for r in range(4) for c in range(5)]
        panel.seek(k)
        assert stepped == [node.value_label.text() for node in panel.scene.nodes]
        assert table == [panel.model.index(r, c).data() for r in range(4) for c in range(5)]


def test_reduce_motion_jumps_without_a_token(panel, qtbot):
    panel.seek(1)
    with qtbot.waitSignal(panel.token_moved):  # the premise: with motion, the token moves
        panel.step_forward()
    panel.go_to_end()  # ends the travel
    panel.set_reduce_motion(True)
    panel.seek(1)
    # a whole token's travel time passes with no move (a token started would have moved)
    with qtbot.assertNotEmitted(panel.token_moved, wait=panel.token_duration() + 100):
        panel.step_forward()
        assert not panel.is_animating()
        assert panel.scene.token_positions() == []
        assert panel.shown_step() == 2


def test_reduce_motion_is_remembered(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    first = WalkthroughPanel()
    qtbot.addWidget(first)
    first.set_settings(settings)
    assert not first.reduce_motion()
    first.controls.reduce_motion_action.trigger()  # as the user does, from the ⋯ menu
    settings.sync()
    second = WalkthroughPanel()
    qtbot.addWidget(second)
    second.set_settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert second.reduce_motion()


def test_reading_the_setting_writes_nothing(qtbot, tmp_path):
    """Reading the choice at start does not write it back (a write costs the window's first
    frame a settings file sync)."""
    path = tmp_path / "s.ini"
    panel = WalkthroughPanel()
    qtbot.addWidget(panel)
    panel.set_settings(QSettings(str(path), QSettings.Format.IniFormat))
    qtbot.wait(10)  # (QSettings writes in an event after a change)
    assert not path.exists()


def test_a_new_function_starts_at_step_0_and_a_new_x0_keeps_the_step(panel):
    panel.seek(9)
    panel.set_x0(0.5)
    assert panel.timeline.index == 9
    assert panel.timeline.x0 == 0.5
    panel.set_graph(parse("cos(exp(sin(sin(x))))"))
    assert panel.timeline.index == 0
    assert panel.shown_step() == 0
    assert math.isclose(panel.timeline.x0, 0.5)


def test_the_window_offers_reduce_motion_and_remembers_it(make_window, storage):
    from guiad.ui.window.files import Storage

    first = make_window()
    view_menu = next(a.menu() for a in first.menuBar().actions() if a.text() == "&View")
    action = next(a for a in view_menu.actions() if a.text() == "Reduce motion")
    action.trigger()
    assert first.walkthrough.reduce_motion()
    first.close()
    second = make_window(storage_=Storage(storage.folder))
    assert second.walkthrough.reduce_motion()
