"""Files that must neither lock nor kill the window (issue 22 items 9, 10, 11): numbers past
what the views draw, names the parser cannot read back, a symlink loop. Each is refused with
one line and the window keeps its chain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guiad.ui.window import dialogs


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    messages: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: messages.append(text))
    return messages


def _xyz(point: dict | None = None, ranges: dict | None = None) -> str:
    settings: dict = {"points": 201}
    if point is not None:
        settings["point"] = point
    if ranges is not None:
        settings["ranges"] = ranges
    data = {"format": "guiad", "version": 2, "inputs": ["x", "y", "z"], "expression": "x*y*z"}
    return json.dumps({**data, "settings": settings})


def test_a_symlink_loop_given_at_start_opens_nothing_and_says_why(
    make_window, tmp_path: Path, shown_errors: list[str]
) -> None:
    """Issue 22 item 11: `guiad loop.guiad.json` died in resolve() (RuntimeError)."""
    loop = tmp_path / "loop.guiad.json"
    loop.symlink_to(loop)
    window = make_window(loop)
    assert window.file_path is None
    assert len(shown_errors) == 1
    assert "loop.guiad.json was not opened" in shown_errors[0]
    assert "symbolic links" in shown_errors[0]


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (_xyz(point={"z": 1e308}), "settings.point.z must be between"),
        (_xyz(ranges={"y": [-1e200, 1e200]}), "settings.ranges.y min must be between"),
        (_xyz(ranges={"x": [-1e16, 4]}), "settings.ranges.x min must be between"),
    ],
)
def test_numbers_the_views_cannot_draw_are_refused_in_one_line(
    window, tmp_path: Path, shown_errors: list[str], text: str, says: str
) -> None:
    """Issue 22 item 9: a point of 1e308 segfaulted the window."""
    path = tmp_path / "big.guiad.json"
    path.write_text(text)
    before = window.document.to_document()
    assert not window.open_path(path)
    assert says in shown_errors[-1]
    assert window.document.to_document() == before


def test_the_largest_drawable_point_and_range_open_and_draw(
    window, tmp_path: Path, shown_errors: list[str], qtbot
) -> None:
    path = tmp_path / "edge.guiad.json"
    path.write_text(_xyz(point={"x": 1e15, "z": -1e15}, ranges={"y": [-1e15, 1e15]}))
    assert window.open_path(path), shown_errors
    window.grab()  # drawn without an error (warnings fail the test)


def test_a_wide_file_then_an_example_draws_at_the_examples_ranges(
    window, tmp_path: Path, shown_errors: list[str]
) -> None:
    """Issue 22 item 10: after a file with a y range of ±1e200 even the shipped examples
    raised 'Maximum allowed dimension exceeded' (the slice plots kept that x range)."""
    path = tmp_path / "wide.guiad.json"
    path.write_text(_xyz(ranges={"y": [-1e15, 1e15]}))
    assert window.open_path(path), shown_errors
    window.grab()
    examples = Path(__file__).resolve().parents[2] / "assets" / "examples"
    assert window.open_path(examples / "06-bowl-x-y.guiad.json"), shown_errors
    window.grab()
    surface = window.plot_stack.surface
    box = surface.box()
    assert (box.x_min, box.x_max, box.y_min, box.y_max) == (-3.0, 3.0, -3.0, 3.0)
    for column in surface.slices.columns:  # each slice shows its input's range, not ±1e15
        low, high = column.f_plot.vb.viewRange()[0]
        assert -3.5 < low < high < 3.5


def test_a_gradient_too_small_for_a_pixel_draws_no_arrow(window, tmp_path, shown_errors) -> None:
    """Issue 22 item 10: the surface arrow divided by zero where the gradient in pixels
    underflows (a tiny gradient on a map of ±1e15: 1e-320 / 3e12 data units a pixel)."""
    path = tmp_path / "wide.guiad.json"
    path.write_text(_xyz(ranges={"x": [-1e15, 1e15], "y": [-1e15, 1e15]}))
    assert window.open_path(path), shown_errors
    surface = window.plot_stack.surface
    surface.map.show_point(0.0, 0.0, 1e-320, 0.0)  # raised ZeroDivisionError
    assert surface.map.arrow() is None
    surface.map.show_point(0.0, 0.0, 1.0, 0.0)
    assert surface.map.arrow() is not None
