"""``guiad render`` and the exports draw the settled layout: the walkthrough's delayed
rewrap (a timer after each resize) is run before any grab, so a loaded machine, where the
grab came before the timer, draws the same picture as an idle one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QBuffer, QIODevice

from guiad.cli.rendercmd import _render
from guiad.core.expression import parse
from guiad.ui.walkthrough.view import GraphView

TEN = "cos(tanh(arctan(sin(log1p(square(cos(tanh(exp(sin(x))))))))))"


def _png(image) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return bytes(buffer.data())


def _render_with_timer(monkeypatch, tmp_path, relayout_ms: int, text: str, size, step):
    graph = parse(text)
    point = 2.0 if graph.n_inputs == 1 else (2.0,) + (1.0,) * (graph.n_inputs - 1)
    # a timer that never fires before the grab is a machine too loaded to run it in time
    monkeypatch.setattr(GraphView, "RELAYOUT_MS", relayout_ms)
    folder = tmp_path / f"render-{relayout_ms}"
    folder.mkdir()
    return _png(_render(graph, size, point, "reverse", step, folder))


@pytest.mark.parametrize(
    ("text", "size", "step"),
    [
        (TEN, (1280, 800), None),
        (TEN, (1024, 768), 20),
        ("(1 - x)^2 + 100*(y - x^2)^2", (1366, 768), None),
    ],
)
def test_a_render_under_load_is_byte_identical_to_an_idle_one(
    qapp, monkeypatch, tmp_path, text, size, step
):
    idle = _render_with_timer(monkeypatch, tmp_path, 0, text, size, step)
    loaded = _render_with_timer(monkeypatch, tmp_path, 10**8, text, size, step)
    again = _render_with_timer(monkeypatch, tmp_path, 10**8 + 1, text, size, step)
    assert loaded == idle
    assert again == loaded


def test_a_frame_export_waits_for_the_pending_rewrap(qtbot, monkeypatch, tmp_path):
    """The panel was just resized (a splitter dragged): its rewrap is still to come when a
    frame is exported; the file shows the graph rewrapped, as the screen will."""
    from guiad.ui.walkthrough import export
    from guiad.ui.walkthrough.panel import WalkthroughPanel

    monkeypatch.setattr(GraphView, "RELAYOUT_MS", 10**8)
    panel = WalkthroughPanel()
    qtbot.addWidget(panel)
    panel.resize(1400, 450)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_graph(parse(TEN))
    panel.resize(700, 450)  # the ten-op chain now wraps into rows: after the timer
    qtbot.waitUntil(lambda: panel.width() == 700)
    assert panel.view.relayout_pending()
    export.export_frame_png(panel, tmp_path / "pending.png")
    assert not panel.view.relayout_pending()
    export.export_frame_png(panel, tmp_path / "settled.png")
    assert (tmp_path / "pending.png").read_bytes() == (tmp_path / "settled.png").read_bytes()
    panel.stop()
