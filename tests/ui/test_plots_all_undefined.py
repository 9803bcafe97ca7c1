"""The plots on a function undefined over the whole view: no error in paint.

Found by the GUI monkey test (10,000 actions). With a curve's connect array, pyqtgraph 0.14's
arrayToLineSegments raises IndexError when every y it draws is non-finite but the connect
array still has True entries, which its "peak" downsampling puts there; pyqtgraph catches it
in paint and reports "Ignored exception" as a RuntimeWarning on every repaint (an error under
this suite's filterwarnings). The curves are now broken by NaN with connect="finite"
(plot_data.with_breaks), never by a connect array."""

from __future__ import annotations

import warnings

import numpy as np
import pyqtgraph as pg
import pytest

from guiad.core.expression import parse


@pytest.mark.parametrize("text", ["log(x)", "sqrt(log(x))"])
def test_fd_lab_on_an_everywhere_undefined_function_warns_nothing(text, window, qtbot):
    window.resize(988, 617)  # plots narrow enough for pyqtgraph to downsample 4001 samples
    plots = window.plots
    plots.set_fd_lab(True)
    assert plots.set_range(-10.0, -1.0, 4001)  # more samples than pixels: downsampled
    window.editor.set_graph(parse(text))
    plots.wait_for_data()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        window.grab()  # paints now: pyqtgraph downsamples while painting
    assert [str(w.message).splitlines()[-1] for w in caught] == []
    x, y = _drawn(plots)
    assert 0 < len(x) < 4001  # the premise: the curve was drawn downsampled...
    assert not np.isfinite(y).any()  # ...from nothing but undefined samples


def _drawn(plots) -> tuple[np.ndarray, np.ndarray]:
    """What f's curve drew at the last paint: clipped to the view and downsampled."""
    items = [i for i in plots.plot_item("f").listDataItems() if isinstance(i, pg.PlotDataItem)]
    curve = max(items, key=lambda item: len(item.xData if item.xData is not None else ()))
    x, y = curve.getData()
    return np.asarray(x if x is not None else ()), np.asarray(y if y is not None else ())


def test_a_curve_with_jumps_zoomed_into_its_undefined_stretch_warns_nothing(window, qtbot):
    """Clipped to the view, a curve with jumps (tan's poles) may show no finite sample at all."""
    window.resize(988, 617)
    plots = window.plots
    assert plots.set_range(-4.0, 4.0, 40_001)  # still downsampled once zoomed in
    window.editor.set_graph(parse("tan(x) + log(x)"))  # poles at π/2, undefined for x ≤ 0
    plots.wait_for_data()
    plots.plot_item("f").vb.setXRange(-3.0, -1.0, padding=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        window.grab()
    assert [str(w.message).splitlines()[-1] for w in caught] == []
    x, y = _drawn(plots)
    assert len(x) < 40_001  # the premise: clipped to the view and downsampled...
    assert not np.isfinite(y).any()  # ...with no finite sample left to draw
