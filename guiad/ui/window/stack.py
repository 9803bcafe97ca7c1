"""Where the window plots: the 1-D plots for a function of one input, the surface view for
one of several. The surface view is made the first time it is needed (its import and build,
~90 ms, stay out of the start-up of a window that may never show it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from guiad.core.fileformat import Settings
from guiad.core.graph import Graph
from guiad.ui.plots.panel import PlotPanel

if TYPE_CHECKING:
    from guiad.ui.surface.panel import SurfacePanel


class PlotStack(QStackedWidget):
    """The plots or the surface view, whichever the graph needs; the surface's moves are
    passed on as ``point_changed`` and ``ranges_changed``."""

    point_changed = Signal(object)  # tuple of floats, one per input
    ranges_changed = Signal(object)  # {input name: (min, max)}

    def __init__(self, plots: PlotPanel, parent: QWidget | None = None):
        super().__init__(parent)
        self.plots = plots
        self.surface: SurfacePanel | None = None
        self.addWidget(plots)

    def show_graph(self, graph: Graph, settings: Settings) -> tuple[int, int] | None:
        """Show the view for ``graph`` (the surface at the settings' ranges and point); the
        least size that view needs, or None for the plots' own."""
        if graph.n_inputs == 1:
            self.setCurrentWidget(self.plots)
            if self.surface is not None:
                self.surface.set_graph(None)
            return None
        surface = self._surface_view()
        self.setCurrentWidget(surface)
        _show_on(surface, graph, settings)
        return surface.LEAST_SIZE

    def follow_settings(self, graph: Graph, settings: Settings) -> None:
        """The point or a range moved elsewhere (x0 by the keyboard, say): the view follows."""
        if self.surface is not None and graph.n_inputs > 1:
            self.surface.set_graph(
                graph, settings.ranges(graph.inputs), settings.point(graph.inputs)
            )

    def _surface_view(self) -> SurfacePanel:
        if self.surface is None:
            from guiad.ui.surface.panel import SurfacePanel

            self.surface = SurfacePanel(self)
            self.addWidget(self.surface)
            self.surface.point_changed.connect(self.point_changed)
            self.surface.ranges_changed.connect(self.ranges_changed)
        return self.surface


def _show_on(surface: SurfacePanel, graph: Graph, settings: Settings) -> None:
    surface.set_graph(graph, settings.ranges(graph.inputs), settings.point(graph.inputs))
