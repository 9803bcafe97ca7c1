"""Files that must neither lock nor kill the window (issue 22 items 9, 10, 11): numbers past
what the views draw, names the parser cannot read back, a symlink loop. Each is refused with
one line and the window keeps its chain."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pyqtgraph as pg
import pytest

from guiad.core.sampling import MAX_COORDINATE, width_problem
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


def _view_ranges(window) -> list[list[list[float]]]:
    """Every plot's shown x and y range (line plots, slices, the map, the cost chart)."""
    ranges = []
    for view in window.findChildren(pg.GraphicsView):
        ranges += [i.viewRange() for i in view.scene().items() if isinstance(i, pg.ViewBox)]
    return ranges


def _assert_usable(window) -> None:
    """The window draws, every plot shows a finite range the views can draw, and every
    horizontal axis lies within the coordinates a file may set (with padding)."""
    window.grab()  # (an exception while painting fails the test through pytest-qt)
    ranges = _view_ranges(window)
    assert ranges
    for axis in (axis for r in ranges for axis in r):
        low, high = axis
        assert math.isfinite(low), ranges
        assert math.isfinite(high), ranges
        assert width_problem(low, high, "shown") is None, ranges  # (low < high, too)
    x_ranges = [r[0] for r in ranges]  # an f axis may pass it: f = x*y*z at y = 1e15
    assert all(-2 * MAX_COORDINATE <= low < high <= 2 * MAX_COORDINATE for low, high in x_ranges)


def test_extreme_files_in_a_row_leave_the_window_usable(
    window, tmp_path: Path, shown_errors: list[str], qtbot
) -> None:
    """Issue 22 items 9 and 10, opened one after another as a user might: what the views
    cannot draw is refused in one line; denormal points and the narrowest range open; after
    each, every plot shows a finite, drawable range and the window paints without an error.
    Before, a y range of 0 … 5e-324 or ±2.2e-308 opened and painting raised."""
    tiny = 2.2250738585072014e-308
    files = [
        ("1e308 point", _xyz(point={"z": 1e308}), "between"),
        ("±1e200 ranges", _xyz(ranges={"x": [-1e200, 1e200], "y": [-1e200, 1e200]}), "between"),
        ("denormal width", _xyz(ranges={"y": [0.0, 5e-324]}), "too narrow to draw"),
        ("normal-min width", _xyz(ranges={"y": [-tiny, tiny]}), "too narrow to draw"),
        ("denormal point", _xyz(point={"x": 5e-324, "y": tiny, "z": -5e-324}), None),
        ("narrowest range", _xyz(ranges={"x": [0.0, 1e-12], "y": [-1e15, 1e15]}), None),
    ]
    path = tmp_path / "extreme.guiad.json"
    for name, text, refusal in files:
        path.write_text(text)
        errors = len(shown_errors)
        opened = window.open_path(path)
        assert opened == (refusal is None), (name, shown_errors[errors:])
        if refusal is not None:
            assert len(shown_errors) == errors + 1, name
            assert refusal in shown_errors[-1].splitlines()[0], name  # the reason's one line
        qtbot.wait(50)  # the deferred redraws and the surface's grid
        _assert_usable(window)
        if name == "denormal point":  # kept to the last bit
            point = window.document.to_document().settings.point(("x", "y", "z"))
            assert point == (5e-324, tiny, -5e-324)
    window.editor.insert(0, "tanh")  # still editable
    _assert_usable(window)


def test_a_denormal_lesson_opens_and_extreme_or_looping_lessons_are_refused(
    window, tmp_path: Path, shown_errors: list[str], qtbot
) -> None:
    def lesson_file(name: str, x0: float) -> Path:
        step = {"expression": "sin(x)", "x0": x0, "prompt": "p", "ask": ["values"]}
        data = {"format": "guiad-lesson", "version": 1, "title": "t", "steps": [step]}
        path = tmp_path / f"{name}.guiad-lesson.json"
        path.write_text(json.dumps(data))
        return path

    loop = tmp_path / "loop.guiad-lesson.json"
    loop.symlink_to(loop.name)
    assert not window.lessons.open(lesson_file("huge", 1e308))
    assert "step 1.x0 is 1e+308" in shown_errors[-1]
    assert not window.lessons.open(loop)
    assert "symbolic links" in shown_errors[-1]
    assert window.lessons.open(lesson_file("denormal", 5e-324)), shown_errors
    qtbot.wait(50)
    assert window.document.to_document().settings.x0 == 5e-324
    _assert_usable(window)


def test_the_range_box_refuses_a_range_too_narrow_to_draw(window) -> None:
    """Typed, as in a file: the box would set it and the autosave keep it."""
    assert not window.plots.set_range(0.0, 1e-20, 2001)
    assert window.plots.set_range(0.0, 1e-12, 2001)
    _assert_usable(window)
