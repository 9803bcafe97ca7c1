"""The plots' percentiles are numpy's percentiles, to the last bit."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from guiad.core.plot_data import percentiles, robust_range

finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


@settings(max_examples=300, deadline=None)
@given(
    values=hnp.arrays(np.float64, st.integers(1, 400), elements=finite),
    q=st.lists(st.floats(0.0, 100.0), min_size=1, max_size=4),
)
def test_percentiles_equal_numpys(values, q):
    expected = np.percentile(values, q)
    with np.errstate(all="ignore"):  # numpy's own lerp overflows the same way ours does
        got = percentiles(values.copy(), tuple(q))
    np.testing.assert_array_equal(got, expected)


def test_percentiles_leave_their_input_alone():
    values = np.array([3.0, 1.0, 2.0, 5.0, 4.0])
    percentiles(values, (1.0, 99.0))
    np.testing.assert_array_equal(values, [3.0, 1.0, 2.0, 5.0, 4.0])


def test_robust_range_clips_tans_spikes_at_the_percentiles():
    x = np.linspace(-4.0, 4.0, 2001)
    y = np.tan(x)
    lo, hi = robust_range(y)
    q_lo, q_hi = np.percentile(y, [1.0, 99.0])
    margin = 0.25 * (q_hi - q_lo)
    assert (lo, hi) == (q_lo - margin, q_hi + margin)
