"""Issue 23 item 6: the lecture's pace, a pause after each step and Space to go on."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_play_shows_one_step_and_waits(panel, qtbot):
    panel.restart()
    panel.controls.lecture_action.setChecked(True)
    start = panel.timeline.index
    qtbot.keyClick(panel, Qt.Key.Key_Space)  # the key to go on
    assert panel.timeline.index == start + 1
    assert not panel.is_playing()
    qtbot.wait(3 * panel.step_interval())  # nothing moves on by itself
    assert panel.timeline.index == start + 1
    qtbot.keyClick(panel, Qt.Key.Key_Space)
    assert panel.timeline.index == start + 2
    panel.controls.lecture_action.setChecked(False)
    panel.play()
    qtbot.waitUntil(lambda: panel.timeline.index >= start + 4, timeout=5000)  # plays on
    panel.pause()
