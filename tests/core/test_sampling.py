"""The one rule for which ranges can be sampled, used by the plots, files and the CLI."""

import pytest

from guiad.core.fileformat import FileFormatError, Settings
from guiad.core.sampling import MAX_POINTS, range_problem


@pytest.mark.parametrize(
    ("x_min", "x_max", "points", "words"),
    [
        (1.0, 1.0, 11, "less than"),
        (2.0, 1.0, 11, "less than"),
        (float("nan"), 1.0, 11, "finite"),
        (0.0, float("inf"), 11, "finite"),
        (0.0, 1.0, 1, "between"),
        (0.0, 1.0, MAX_POINTS + 1, "between"),
        (-1e308, 1e308, 11, "too wide"),
        (1.0, 1.000000000000001, 2001, "too narrow"),
    ],
)
def test_unsampleable_ranges_are_named(x_min, x_max, points, words):
    problem = range_problem(x_min, x_max, points)
    assert problem is not None
    assert words in problem
    with pytest.raises(FileFormatError):
        Settings(x_min=x_min, x_max=x_max, points=points)


@pytest.mark.parametrize(
    ("x_min", "x_max", "points"),
    [(-4.0, 4.0, 2001), (0.0, 1e-300, 2), (-1e307, 1e307, MAX_POINTS), (1.0, 1.0 + 1e-12, 1001)],
)
def test_sampleable_ranges_pass(x_min, x_max, points):
    assert range_problem(x_min, x_max, points) is None
    assert Settings(x_min=x_min, x_max=x_max, points=points).points == points
