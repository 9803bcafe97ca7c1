"""−0.0 reads 0 in the plot readout and the walkthrough (never "−0" or "−0.0000").

−relu(x) at x = −1 is −0.0, and so is its derivative: relu′ = 0 there, times −1. The core
is right to keep the sign bit; people read a "−0" as a bug.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtWidgets import QLineEdit

from guiad.anim.timeline import Mode
from guiad.core.engine import trace
from guiad.core.expression import parse
from guiad.ui.plots.panel import PlotPanel
from guiad.ui.walkthrough.panel import WalkthroughPanel

TEXT = "-relu(x)"
X0 = -1.0
NEGATIVE_ZERO = re.compile(r"−0(\.0*)?(?![\d.])")  # −0, −0.0000, but not −0.5


def test_the_core_gives_negative_zeros_here():
    """The premise of the tests below (else they could not fail)."""
    t = trace(parse(TEXT), np.array([X0]))
    for value in (t.f[0], t.df[0]):
        assert value == 0.0
        assert np.signbit(value)


def test_plot_readout_at_x0_shows_zero(qtbot):
    panel = PlotPanel()
    qtbot.addWidget(panel)
    panel.set_graph(parse(TEXT))
    panel.set_x0(X0)
    text = panel.readout.text()
    assert "f = 0 " in text
    assert "f′ = 0 " in text
    assert NEGATIVE_ZERO.search(text) is None, text
    panel.close()


@pytest.mark.parametrize("mode", [Mode.REVERSE, Mode.FORWARD])
def test_walkthrough_table_and_labels_show_zero_at_every_step(qtbot, mode):
    panel = WalkthroughPanel()
    qtbot.addWidget(panel)
    panel.set_graph(parse(TEXT))
    panel.set_x0(X0)
    panel.set_mode(mode)
    shown: list[str] = []
    for k in range(len(panel.timeline)):
        panel.seek(k)
        model = panel.model
        shown += [
            str(model.index(r, c).data() or "")
            for r in range(model.rowCount())
            for c in range(model.columnCount())
        ]
        for item in panel.scene.items():
            text = getattr(item, "text", None)
            if callable(text):
                shown.append(str(text()))
        # the banner substitutes into the op's formula: "−v₁ = −0.0000" is minus 0; its result
        # (after the last "=") is a value
        shown.append(panel.banner_text().rsplit(" = ", 1)[-1])
    shown.append(panel.check_label.text())
    assert "0.0000" in shown  # the zeros are there, unsigned
    bad = [text for text in shown if NEGATIVE_ZERO.search(text)]
    assert bad == []
    panel.stop()


def test_x0_typed_as_minus_zero_reads_zero(qtbot):
    panel = PlotPanel()
    qtbot.addWidget(panel)
    panel.set_graph(parse("sin(x)"))
    panel.controls.x0_edit.setText("-0")
    panel.controls.x0_edit.editingFinished.emit()
    assert panel.x0() == 0.0
    assert panel.controls.x0_edit.text() == "0"
    assert NEGATIVE_ZERO.search(panel.readout.text()) is None
    assert not np.signbit(panel.x0())
    panel.close()


def test_range_boxes_and_the_x0_label_never_show_minus_zero(qtbot):
    """A range ending at −0.0 (typed "-0", or the end of a fitted view) and the x0 line
    dragged to −0.0: every number on screen goes through readout.number."""
    panel = PlotPanel()
    qtbot.addWidget(panel)
    panel.set_graph(parse("x*x"))
    assert panel.set_range(-1.0, -0.0, 101)
    assert np.signbit(panel.range()[1])  # the premise: the range keeps the sign bit
    assert panel.controls.x_max_edit.text() == "0"
    line = panel.view.x0_lines[0]
    line.setValue(-0.0)
    assert line.label.textItem.toPlainText() == "x0 = 0"
    line.setValue(-1.5)
    assert line.label.textItem.toPlainText() == "x0 = −1.5"  # a real minus, as the readout
    panel.close()


def test_surface_boxes_never_show_minus_zero(qtbot):
    from guiad.ui.surface.panel import SurfacePanel

    panel = SurfacePanel()
    qtbot.addWidget(panel)
    panel.set_graph(parse("x*y"))
    assert panel.set_box(-1.0, -0.0, -0.0, 1.0, 11)
    box = panel.box()
    assert np.signbit(box.x_max)
    assert np.signbit(box.y_min)  # the premise
    texts = [edit.text() for edit in panel.controls.findChildren(QLineEdit)]
    assert "0" in texts
    assert [t for t in texts if NEGATIVE_ZERO.search(t.replace("-", "−"))] == []
    panel.close()
