"""The check line's central difference uses the FD lab's h while the lab is on (issue 15.13)."""

from __future__ import annotations

from guiad.anim import notation as n
from guiad.core.expression import parse
from guiad.core.fd import central_difference


def test_the_check_line_follows_the_fd_labs_h(window):
    window.document.set_graph(parse("x*sin(x)"))
    panel = window.walkthrough
    panel.go_to_end()
    assert "(h = 1e-05)" in panel.check_label.text()
    window.plots.set_fd_lab(True)
    window.plots.set_fd_step(0.05)
    panel.go_to_end()
    text = panel.check_label.text()
    assert "central difference (h = 0.05, the FD lab's h)" in text
    expected = float(central_difference(parse("x*sin(x)"), 2.0, 0.05))
    assert n.fmt_long(expected) in text
    assert panel.timeline.at_end  # the walkthrough kept its step
    window.plots.set_fd_lab(False)
    assert "(h = 1e-05)" in panel.check_label.text()
