"""The range boxes show rounded text; a box the user did not touch keeps its exact value."""

import math

from PySide6.QtCore import Qt

from guiad.ui.widgets.controls import PlotControls


def test_an_untouched_range_box_keeps_its_exact_value(qtbot):
    controls = PlotControls(1e-5)
    qtbot.addWidget(controls)
    controls.show_range(-math.pi, math.pi, 2001)
    assert controls.x_max_edit.text() == "3.141592654"  # shown rounded
    controls.points_edit.setText("101")
    with qtbot.waitSignal(controls.range_entered) as entered:
        qtbot.keyClick(controls.points_edit, Qt.Key.Key_Return)
    assert entered.args == [-math.pi, math.pi, 101]


def test_a_box_typed_into_reads_its_text(qtbot):
    controls = PlotControls(1e-5)
    qtbot.addWidget(controls)
    controls.show_range(-math.pi, math.pi, 2001)
    controls.x_max_edit.setText("3.141592654")
    controls.x_min_edit.setText("-1")
    with qtbot.waitSignal(controls.range_entered) as entered:
        qtbot.keyClick(controls.x_min_edit, Qt.Key.Key_Return)
    assert entered.args == [-1.0, math.pi, 2001]  # x max's text is still as shown: exact
