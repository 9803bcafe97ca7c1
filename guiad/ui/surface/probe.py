"""The surface view's point: f and the gradient at exactly the point, and the slices through
it along the map's two inputs, evaluated in the background when the graph is large (as the
map is).

A part held by SurfacePanel (``panel.probe``) beside the map: it reads the panel only through
the public methods ProbeHost declares, draws into the map and the slice plots it is given,
calls its one hook (``shown``: the readout follows the values) and says what happened through
its signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal

from guiad.core.grid import SLICE_POINTS, Box, PointValues, SliceData, compute_slice
from guiad.core.grid import values_at as point_values
from guiad.ui.surface.slices import SLICES
from guiad.ui.widgets.worker import BackgroundEvaluator, too_slow_for_the_gui_thread

if TYPE_CHECKING:
    from guiad.core.graph import Graph
    from guiad.ui.surface.map import SurfaceMap
    from guiad.ui.surface.slices import SliceView


class ProbeHost(Protocol):
    """What the point's part needs of its view."""

    def graph(self) -> Graph | None: ...
    def point(self) -> tuple[float, ...]: ...
    def axes(self) -> tuple[int, int]: ...
    def box(self) -> Box | None: ...  # the ranges of the map's two inputs: the slices'


class PointProbe(QObject):
    """The values at the point and the slices through it, kept and drawn."""

    updated = Signal()  # new values (and slices) are on screen
    failed = Signal(object)  # the exception the evaluation raised

    def __init__(
        self,
        host: ProbeHost,
        surface_map: SurfaceMap,
        slices: SliceView,
        shown: Callable[[], None],
        parent: QObject,
    ):
        super().__init__(parent)
        self._host = host
        self._map = surface_map
        self._view = slices
        self._shown = shown  # called when the values changed (the readout shows them)
        self._at: PointValues | None = None
        self._slices: list[SliceData | None] = [None] * SLICES
        self._evaluator = BackgroundEvaluator(self)
        self._evaluator.finished.connect(self._on_point)

    def values(self) -> PointValues | None:
        """f and the gradient at exactly the point, from the core's trace."""
        return self._at

    def slice_data(self, column: int) -> SliceData | None:
        """The slice in ``column`` (0: along the map's horizontal input, 1: its vertical)."""
        return self._slices[column]

    def pending(self) -> bool:
        return self._evaluator.pending

    def wait(self, timeout_ms: int) -> bool:
        return self._evaluator.wait(timeout_ms)

    def shutdown(self) -> None:
        self._evaluator.shutdown()

    def refresh(self, moved: set[int], fit: bool = False) -> None:
        """The values at the point, and each slice whose fixed inputs moved (in the
        background when the graph is large, as the map)."""
        graph = self._host.graph()
        if graph is None:
            self._evaluator.cancel()
            self._at = None
            for column in range(SLICES):
                self._slices[column] = None
                self._view.show_slice(column, None)
            self._shown()
            return
        point, axes, box = self._host.point(), self._host.axes(), self._host.box()
        assert box is not None  # (a graph of several inputs has its box)
        ends = ((box.x_min, box.x_max), (box.y_min, box.y_max))
        ranges = {
            column: ends[column]
            for column, k in enumerate(axes)
            if moved - {k} or self._slices[column] is None or fit
        }

        def job(abort):
            slices = {c: compute_slice(graph, axes[c], point, *r) for c, r in ranges.items()}
            return point_values(graph, point), slices, fit

        samples = 1 + SLICE_POINTS * len(ranges)
        slow = too_slow_for_the_gui_thread(len(graph.nodes), samples)
        self._evaluator.run(job, background=slow)

    def _on_point(self, result: object) -> None:
        if isinstance(result, Exception):
            self.failed.emit(result)
            return
        self._at, slices, fit = result  # type: ignore[misc]
        point = self._at.point
        for column, data in slices.items():
            self._slices[column] = data
            self._view.show_slice(column, data, fit)
        axes = self._host.axes()
        for column, k in enumerate(axes):
            self._view.show_point(column, point[k], self._at.f, self._at.grad[k])
        x, y = axes
        self._map.show_point(point[x], point[y], self._at.grad[x], self._at.grad[y])
        self._shown()
        self.updated.emit()
