"""guiad.show: the window opened from Python on a function, an expression or a Graph."""

from __future__ import annotations

import pytest
from PIL import Image

import guiad
from guiad.core.expression import parse
from guiad.ui.window.files import Storage


@pytest.fixture
def isolated_settings(monkeypatch, tmp_path):
    """show() uses the app's own settings; here they live in tmp_path."""
    monkeypatch.setattr(
        "guiad.ui.window.main_window.Storage", lambda: Storage(tmp_path / "appdata")
    )


@pytest.mark.parametrize("f", [lambda x: x * guiad.sin(x), "x*sin(x)", parse("x*sin(x)")])
def test_show_opens_the_window_on_the_function_without_blocking(qtbot, isolated_settings, f):
    window = guiad.show(f, x0=1.5, block=False)
    qtbot.addWidget(window)
    assert window.isVisible()
    assert window.document.graph == parse("x*sin(x)")
    assert window.plots.x0() == 1.5
    window.set_modified(False)
    window.close()
    assert not window.isVisible()


def test_show_refuses_a_function_it_cannot_trace_before_any_window_opens(qtbot):
    with pytest.raises(guiad.TracingError, match="takes 9 inputs"):
        guiad.show(lambda a, b, c, d, f, g, h, i, j: a * b, block=False)


def test_the_animation_is_a_gif_a_notebook_can_show(qtbot, tmp_path):
    movie = guiad.animation(lambda x: guiad.exp(guiad.sin(guiad.sin(x))), x0=2.0, size=(960, 360))
    html = movie._repr_html_()
    assert html.startswith('<img src="data:image/gif;base64,')
    movie.save(tmp_path / "walk.gif")
    with Image.open(tmp_path / "walk.gif") as image:
        assert image.format == "GIF"
        assert image.size == (960, 360)
        assert image.n_frames > 10


def test_show_opens_a_function_of_two_inputs_at_the_named_point(qtbot, isolated_settings):
    window = guiad.show(lambda x, y: x * y + guiad.sin(x), x=0.5, y=-1.5, block=False)
    qtbot.addWidget(window)
    assert window.document.graph == parse("x*y + sin(x)")
    assert window.document.settings.point(("x", "y")) == (0.5, -1.5)
    assert window.surface.point() == (0.5, -1.5)
    window.set_modified(False)
    window.close()


def test_the_animation_of_two_inputs_runs_at_the_named_point(qtbot):
    movie = guiad.animation("x*y + sin(x)", x=1.0, y=2.0, size=(640, 300))
    assert movie.gif.startswith(b"GIF8")
    with pytest.raises(ValueError, match="missing y"):
        guiad.animation("x*y", x=1.0)
