"""What the walkthrough's passes run: the graph as given, the output (or node) the picker
names, the point and the mode; the timeline is built from these and the teaching switches.

A part held by WalkthroughPanel (``panel.subject``): it wires the output picker and the
graph's context menu that makes a node the target (outputs.py), and says through the one
hook it is given (``changed(keep_step, refit)``) that the timeline is to be rebuilt.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from guiad.anim.timeline import Mode, Timeline
from guiad.ui.walkthrough.outputs import offer_targets, walked

if TYPE_CHECKING:
    from guiad.core.graph import Graph
    from guiad.ui.walkthrough.controls import ControlsBar
    from guiad.ui.walkthrough.scene import GraphScene
    from guiad.ui.walkthrough.view import GraphView


class WalkSubject:
    """The graph, output, point and mode of the walkthrough; the panel's setters call these."""

    def __init__(
        self,
        controls: ControlsBar,
        view: GraphView,
        scene: GraphScene,
        changed: Callable[[bool, bool], None],
    ):
        """``changed(keep_step, refit)`` rebuilds the timeline (keeping the step position,
        refitting the graph's view, if asked)."""
        self._picker = controls.output_box
        self._show_mode = controls.show_mode
        self._changed = changed
        self._whole: Graph | None = None  # as given; _walked is the output walked through
        self._walked: Graph | None = None
        self._x0 = 2.0
        self._point: tuple[float, ...] = (2.0,)  # x0, then the other inputs' values
        self._mode = Mode.REVERSE
        controls.output_chosen.connect(self._retarget)
        offer_targets(view, scene, self._picker, self.graph)

    def graph(self) -> Graph | None:
        """The graph as given (all its outputs; the timeline runs on the chosen one's)."""
        return self._whole

    def walked(self) -> Graph | None:
        """The graph the passes run on: the chosen output's, or the graph up to a node."""
        return self._walked

    def x0(self) -> float:
        return self._x0

    def mode(self) -> Mode:
        return self._mode

    def set_graph(self, graph: Graph) -> None:
        """A new function: the walkthrough starts again at step 0, fitted."""
        if graph == self._whole:
            return
        self._whole = graph
        self._picker.set_graph(graph)
        self._retarget()

    def shown_graph(self, graph: Graph) -> Graph:
        """The output of ``graph`` the window shows (the one picked in the output list),
        alone; ``graph`` itself when it has one output."""
        return self._picker.shown_graph(graph)

    def shown_note(self, graph: Graph) -> str:
        return self._picker.shown_note(graph)

    def _retarget(self, *_) -> None:
        """Run the passes for what the picker names (an output, or a node), from step 0."""
        whole = self._whole
        self._walked = None if whole is None else walked(whole, self._picker.target())
        self._changed(False, True)

    def point(self) -> tuple[float, ...]:
        """Where the walkthrough runs: one value per input of the graph, x0 first (an
        input not given a value takes x0's)."""
        count = 1 if self._walked is None else self._walked.n_inputs
        return (self._point + (self._x0,) * count)[:count]

    def set_point(self, point: float | Sequence[float]) -> None:
        """Move the point (x0 alone, or one value per input): the walkthrough keeps its
        step (and the view its zoom)."""
        values = (float(point),) if np.ndim(point) == 0 else tuple(float(p) for p in point)
        values += self._point[len(values) :]
        if values == self._point or not all(math.isfinite(v) for v in values):
            return
        self._point, self._x0 = values, values[0]
        self._changed(True, False)

    def set_x0(self, x0: float) -> None:
        """Only x0 moved: the walkthrough keeps its step (and the view its zoom)."""
        self.set_point((float(x0), *self._point[1:]))

    def set_mode(self, mode: Mode) -> bool:
        """Run the passes in ``mode`` (the step position is kept); False if it was already."""
        if mode is self._mode:
            return False
        self._mode = mode
        self._show_mode(mode)
        self._changed(True, True)
        return True

    def timeline(self, overwrite: bool, check_step: float | None) -> Timeline:
        """A new timeline of the walked graph (which is not None), with the teaching
        switches' mistake and check step."""
        point = self.point()
        at = point[0] if len(point) == 1 else point  # x0 alone for one input
        node_target = self._picker.target()[0] == "node"  # (its texts say vᵢ, not f)
        return Timeline(self._walked, at, self._mode, overwrite, check_step, node_target)
