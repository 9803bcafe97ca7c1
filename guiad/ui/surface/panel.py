"""The surface view: what the window shows instead of the 1-D plots for a graph of several
inputs.

A heat map of f over the box of two inputs (contour lines, a colour bar, grey where f is
undefined), the point with the gradient as an arrow, and beside it the slices through the
point along each of the map's inputs with their partial derivatives. For three inputs or
more the map's axes are chosen and the other inputs stay at the point, which has one box
per input. Every number is the core's (``grid.compute_grid``, ``compute_slice`` and
``values_at``, which call the engine); the parts draw and read:

- ``controls`` (controls.SurfaceControls): axes, box, N, Fit, the point's boxes;
- ``map`` (map.SurfaceMap): the heat map, the point, the gradient arrow;
- ``probe`` (probe.PointProbe): the values at the point and the slices through it,
  evaluated in the background when the graph is large;
- ``slices`` (slices.SliceView): the slice plots;
- ``readout``: f and the gradient at the point, or under the mouse.

The window calls ``set_graph`` and ``set_point`` and listens to ``point_changed``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from guiad.core.expression import to_expression
from guiad.core.graph import Graph, GraphError
from guiad.core.grid import MIN_SIDE, Box, GridData, PointValues, SliceData, compute_grid
from guiad.core.sampling import coordinate_problem, range_problem, width_problem
from guiad.ui import theme
from guiad.ui.guard import guarded
from guiad.ui.surface.controls import SurfaceControls
from guiad.ui.surface.export import SurfaceExports
from guiad.ui.surface.map import SurfaceMap
from guiad.ui.surface.probe import PointProbe
from guiad.ui.surface.slices import SliceView
from guiad.ui.widgets.readout import number
from guiad.ui.widgets.worker import BackgroundEvaluator, too_slow_for_the_gui_thread

DEFAULT_RANGE = (-2.0, 2.0)
DEFAULT_COORDINATE = 0.5  # each input's value at the point until it is moved
DEFAULT_SIDE = 300  # samples along each side of the map
SYNC_SAMPLES = 300_000  # maps up to this many samples are evaluated on the GUI thread
TALL_RATIO = 1.3  # the map goes above the slices when the view is narrower than this × its height
NARROW = 700  # below this width the readout gets a row of its own under the point's boxes
TITLE_LENGTH = 70  # characters of the expression shown in the legend
NUDGE = 0.01  # arrow keys move the point by this fraction of the box


class SurfacePanel(QWidget):
    """The heat map, the point with its gradient, the slices and the readout."""

    LEAST_SIZE = (480, 340)  # (width, height) the window leaves it when the walkthrough grows

    point_changed = Signal(object)  # the point: a tuple of one float per input
    ranges_changed = Signal(object)  # {input name: (min, max)} of the inputs whose range moved
    map_updated = Signal()  # a new map is on screen
    slices_updated = Signal()  # new slices are on screen

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._graph: Graph | None = None
        self._names: tuple[str, ...] = ()
        self._ranges: dict[str, tuple[float, float]] = {}  # by input name: kept across edits
        self._coordinates: dict[str, float] = {}
        self._axes = (0, 1)
        self._side = DEFAULT_SIDE
        self._grid: GridData | None = None
        self._hover = ""

        self._evaluator = BackgroundEvaluator(self)
        self._evaluator.finished.connect(self._on_grid)
        self._evaluator.busy_changed.connect(lambda busy: self.controls.set_busy(busy))

        self.controls = SurfaceControls()
        self.map = SurfaceMap(self)
        self.slices = SliceView(self)
        self.probe = PointProbe(self, self.map, self.slices, self._show_readout, self)
        self.probe.updated.connect(self.slices_updated)
        self.probe.failed.connect(self._on_failed)
        self.readout = self.controls.readout
        self.exports = SurfaceExports(self)  # PNG, SVG, CSV of export_area
        self._message = QLabel()
        self._message.setWordWrap(True)
        self._message.hide()
        self._message.linkActivated.connect(lambda _link: self.extend_box_to_point())
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.map.canvas)
        self.splitter.addWidget(self.slices.canvas)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 6)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.controls)
        layout.addWidget(self._message)
        layout.addWidget(self.splitter, 1)
        self._connect_parts()

    def _connect_parts(self) -> None:
        c = self.controls
        c.axes_chosen.connect(self.set_axes)
        c.box_entered.connect(self.set_box)
        c.coordinate_entered.connect(self._on_coordinate_typed)
        c.refused.connect(lambda why: self._show_message(why, error=True))
        c.fit_requested.connect(self.fit_view)
        self.map.point_moved.connect(self._on_map_point)
        self.map.hovered.connect(self._on_hovered)
        self.map.fit_requested.connect(self.fit_view)
        self.slices.coordinate_dragged.connect(self._on_slice_dragged)

    # ---- public API -----------------------------------------------------------------------

    def set_graph(
        self,
        graph: Graph | None,
        ranges: Sequence[tuple[float, float]] | None = None,
        point: Sequence[float] | None = None,
    ) -> None:
        """Show ``graph`` (None, or a graph of one input, clears the view), with each input's
        range and the point if given (the document's: emits nothing); evaluated once."""
        if graph is not None and graph.n_inputs < 2:
            graph = None
        names = tuple(graph.inputs) if graph is not None else ()
        view = names and ranges is not None and point is not None
        view_changed = bool(view) and self._keep(names, ranges, point)  # type: ignore[arg-type]
        if graph == self._graph:
            if view_changed and graph is not None:
                self._show_axes()
                self._refresh(fit=True)
            return
        self._graph = graph
        self._show_message("")  # a refusal or note of the old function is not about this one
        self.map.set_title(self._name_of(graph, names))
        if names != self._names:
            self._names = names
            for name in names:
                self._ranges.setdefault(name, DEFAULT_RANGE)
                self._coordinates.setdefault(name, DEFAULT_COORDINATE)
            self._axes = (0, 1)
            self.controls.set_inputs(names)
        if names:
            self._show_axes()
        self._refresh(fit=True)

    def _keep(
        self, names: Sequence[str], ranges: Sequence[tuple[float, float]], point: Sequence[float]
    ) -> bool:
        """Store each named input's range and coordinate; whether any changed."""
        changed = False
        for name, (lo, hi), value in zip(names, ranges, point, strict=True):
            # the file format checked them; this view keeps its own otherwise
            if range_problem(lo, hi, MIN_SIDE) is None:
                changed |= self._ranges.get(name) != (lo, hi)
                self._ranges[name] = (lo, hi)
            if math.isfinite(value):
                changed |= self._coordinates.get(name) != value
                self._coordinates[name] = float(value)
        return changed

    def graph(self) -> Graph | None:
        return self._graph

    def inputs(self) -> tuple[str, ...]:
        return self._names

    def point(self) -> tuple[float, ...]:
        """The point: one value per input, in the graph's input order."""
        return tuple(self._coordinates[name] for name in self._names)

    def set_point(self, point: Sequence[float]) -> bool:
        """Move the point (one finite value per input); emits ``point_changed`` if it moved."""
        try:
            values = tuple(float(v) + 0.0 for v in point)  # "−0" typed is 0
        except (TypeError, ValueError):
            return self._refuse(f"the point must be numbers, not {point!r}")
        if len(values) != len(self._names):
            return self._refuse(f"the point needs {len(self._names)} values, one per input")
        if not all(map(math.isfinite, values)):
            return self._refuse("the point's coordinates must be finite numbers")
        old = self.point()
        if values == old:
            self.controls.show_point(values)
            return True
        self._coordinates.update(zip(self._names, values, strict=True))
        moved = {k for k, (a, b) in enumerate(zip(old, values, strict=True)) if a != b}
        self._show_message("")
        if moved - set(self._axes):
            self._refresh_grid(fit=False)  # an input off the map's axes: the map changes
        self._refresh_point(moved)
        self._note_point_outside()
        self.point_changed.emit(values)
        return True

    def set_coordinate(self, input: int, value: float) -> bool:
        """Move the point along one input."""
        point = list(self.point())
        point[input] = value
        return self.set_point(point)

    def axes(self) -> tuple[int, int]:
        """The inputs along the map's horizontal and vertical axes."""
        return self._axes

    def set_axes(self, x: int, y: int) -> bool:
        """Map input ``x`` against input ``y`` (two different inputs); the slices follow."""
        n = len(self._names)
        if not (0 <= x < n and 0 <= y < n) or x == y:
            self._show_axes()
            return self._refuse("the map's two axes must be two different inputs")
        if (x, y) != self._axes:
            self._axes = (x, y)
            self._show_axes()
            self._refresh(fit=True)
        return True

    def box(self) -> Box | None:
        """The map's box, or None without a graph of several inputs."""
        if not self._names:
            return None
        (x, y), names = self._axes, self._names
        (x_lo, x_hi), (y_lo, y_hi) = self._ranges[names[x]], self._ranges[names[y]]
        nx, ny = _samples(x_lo, x_hi, self._side), _samples(y_lo, y_hi, self._side)
        return Box(x, y, x_lo, x_hi, y_lo, y_hi, nx, ny)

    def set_box(self, x_min: float, x_max: float, y_min: float, y_max: float, n: int) -> bool:
        """The ranges of the map's two inputs and N samples a side; refused (message) if
        invalid."""
        box = self.box()
        if box is None:
            return False
        try:
            new = Box(box.x, box.y, float(x_min), float(x_max), float(y_min), float(y_max), n, n)
        except (TypeError, ValueError, OverflowError):
            return self._refuse("the box's ends and N must be numbers")
        problem = new.problem(len(self._names)) or _document_problem(
            new, self._names[box.x], self._names[box.y]
        )
        if problem is not None:
            self.controls.show_box(box.x_min, box.x_max, box.y_min, box.y_max, self._side)
            return self._refuse(f"{problem}; the box stays as it was")
        self._show_message("")
        self.controls.show_box(new.x_min, new.x_max, new.y_min, new.y_max, n)
        if new != box:
            moved = {
                self._names[box.x]: (new.x_min, new.x_max),
                self._names[box.y]: (new.y_min, new.y_max),
            }
            moved = {name: r for name, r in moved.items() if self._ranges[name] != r}
            self._ranges.update(moved)
            self._side = n
            self._refresh(fit=True)
            if moved:
                self.ranges_changed.emit(moved)
        self._note_point_outside()
        return True

    def grid(self) -> GridData | None:
        """The map's data on screen (the core's numbers)."""
        return self._grid

    def slice_data(self, column: int) -> SliceData | None:
        return self.probe.slice_data(column)

    def values(self) -> PointValues | None:
        return self.probe.values()

    def readout_text(self) -> str:
        return self.readout.text()

    def hover_text(self) -> str:
        """What the readout says about the sample under the mouse ('' off the map)."""
        return self._hover

    def message(self) -> str:
        """The message over the map ('' when none), as plain text."""
        if self._message.textFormat() == Qt.TextFormat.RichText:
            return QTextDocumentFragment.fromHtml(self._message.text()).toPlainText()
        return self._message.text()

    def busy(self) -> bool:
        return self._evaluator.pending or self.probe.pending()

    def wait_for_data(self, timeout_ms: int = 60_000) -> bool:
        return self._evaluator.wait(timeout_ms) and self.probe.wait(timeout_ms)

    def export_area(self) -> QWidget:
        """What File ▸ Export draws: the map and the slices."""
        return self.splitter

    def export_png(self, path: str | Path) -> None:
        self.exports.export_png(path)

    def export_svg(self, path: str | Path) -> None:
        self.exports.export_svg(path)

    def export_csv(self, path: str | Path) -> None:
        self.exports.export_csv(path)

    def fit_view(self) -> None:
        self.map.fit()
        self.slices.fit()

    # ---- evaluation -----------------------------------------------------------------------

    def _refresh(self, fit: bool) -> None:
        self._refresh_grid(fit)
        self._refresh_point(set(range(len(self._names))), fit)
        self._note_point_outside()

    def _refresh_grid(self, fit: bool) -> None:
        graph, box = self._graph, self.box()
        if graph is None or box is None:
            self._evaluator.cancel()
            self._show_grid(None, fit)
            return
        point = self.point()

        def job(abort):
            return compute_grid(graph, box, point, abort), fit

        samples = box.nx * box.ny
        slow = too_slow_for_the_gui_thread(len(graph.nodes), samples)
        self._evaluator.run(job, background=samples > SYNC_SAMPLES or slow)

    def _on_grid(self, result: object) -> None:
        if isinstance(result, Exception):
            self._on_failed(result)
            return
        grid, fit = result  # type: ignore[misc]
        self._show_grid(grid, fit)

    def _on_failed(self, error: Exception) -> None:
        self._show_message(f"could not evaluate the function: {error}", error=True)

    def _show_grid(self, grid: GridData | None, fit: bool) -> None:
        self._grid = grid
        self.map.show_grid(grid)
        if fit:
            self.map.fit()
        self.map_updated.emit()

    def _refresh_point(self, moved: set[int], fit: bool = False) -> None:
        """The values at the point, and each slice whose fixed inputs moved (the part
        ``probe`` evaluates them)."""
        if self._graph is not None:
            self.controls.show_point(self.point())
        self.probe.refresh(moved, fit)

    # ---- showing --------------------------------------------------------------------------

    def _show_axes(self) -> None:
        x, y = self._axes
        names = self._names
        self.controls.show_axes(x, y)
        box = self.box()
        assert box is not None
        self.controls.show_box(box.x_min, box.x_max, box.y_min, box.y_max, self._side)
        self.map.set_axis_names(names[x], names[y])
        self._show_axes_titles()

    def _show_readout(self) -> None:
        at = self.probe.values()
        if at is None:
            self.controls.show_readout("")
            return
        names = self._names
        where = ", ".join(f"{n} = {number(v)}" for n, v in zip(names, at.point, strict=True))
        self.controls.show_readout(f"at {where}:    {self._values_text(at.f, at.grad, at.reason)}")
        self._show_axes_titles()

    def _show_axes_titles(self) -> None:
        names, point = self._names, self.point()
        for column, k in enumerate(self._axes):
            others = [f"{names[j]} = {number(point[j], 4)}" for j in range(len(names)) if j != k]
            self.slices.set_names(column, names[k], f"  ({', '.join(others)})")

    def _values_text(self, f: float, grad: Sequence[float], reason: str) -> str:
        if not math.isfinite(f) and not any(map(math.isfinite, grad)):
            return f"f and ∇f undefined — {reason}" if reason else "f and ∇f undefined"
        partials = "    ".join(
            f"∂f/∂{n} = {number(g)}" for n, g in zip(self._names, grad, strict=True)
        )
        text = f"f = {number(f)}    {partials}"
        if all(map(math.isfinite, grad)):
            text += f"    |∇f| = {number(math.hypot(*grad))}"
        return text + (f"    — {reason}" if reason else "")

    def _on_hovered(self, x: float, y: float) -> None:
        """The readout follows the map's sample under the mouse; off the map it shows the
        point. An undefined sample's reason is also the map's tooltip."""
        grid = self._grid
        cell = grid.cell(x, y) if grid is not None and math.isfinite(x) else None
        if cell is None:
            self._hover = ""
            self.map.set_hover_tip("")
            self._show_readout()
            return
        assert grid is not None
        row, col = cell
        names, b = self._names, grid.box
        xs, ys = b.xs(), b.ys()
        where = f"{names[b.x]} = {number(xs[col])}, {names[b.y]} = {number(ys[row])}"
        reason = grid.reason(row, col) or ""
        grad = [g[row, col] for g in grid.grad]
        self._hover = f"{where}:    {self._values_text(grid.f[row, col], grad, reason)}"
        self.controls.show_readout(self._hover)
        self.map.set_hover_tip(f"undefined here: {reason}" if reason else "")

    def _show_message(self, text: str, error: bool = False, rich: bool = False) -> None:
        colour = theme.ERROR_TEXT if error else theme.TEXT
        self._message.setStyleSheet(f"color: {colour};")
        self._message.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self._message.setText(text)
        self._message.setVisible(bool(text))

    def _note_point_outside(self) -> None:
        """Say so when the point is off the map, with a link that extends the box."""
        box = self.box()
        if box is None:
            return
        x, y = self.point()[box.x], self.point()[box.y]
        outside = not (box.x_min <= x <= box.x_max and box.y_min <= y <= box.y_max)
        if outside and not self.message():
            self._show_message(
                f"The point ({number(x)}, {number(y)}) is outside the map. "
                "<a href='extend'>Extend the box to take it in</a>",
                rich=True,
            )
        elif not outside and self._message.textFormat() == Qt.TextFormat.RichText:
            self._show_message("")

    def extend_box_to_point(self) -> bool:
        """Widen the box to take in the point (with a margin of 5 % of the new size)."""
        box = self.box()
        if box is None:
            return False
        point = self.point()
        ends = []
        for lo, hi, v in (
            (box.x_min, box.x_max, point[box.x]),
            (box.y_min, box.y_max, point[box.y]),
        ):
            new_lo, new_hi = min(lo, v), max(hi, v)
            margin = 0.05 * (new_hi - new_lo)
            ends += [new_lo - margin if v < lo else new_lo, new_hi + margin if v > hi else new_hi]
        return self.set_box(*ends, self._side)

    def _refuse(self, problem: str) -> bool:
        self._show_message(problem, error=True)
        self.controls.show_point(self.point())
        return False

    @staticmethod
    def _name_of(graph: Graph | None, names: tuple[str, ...]) -> str:
        """ "f(x, y) = expression", shortened with "…" so the legend stays narrow."""
        head = f"f({', '.join(names)})"
        if graph is None:
            return head
        try:
            text = to_expression(graph, max_length=4000)  # bounded work for huge DAGs
        except (GraphError, ValueError):
            return head
        if len(text) > TITLE_LENGTH:
            text = text[: TITLE_LENGTH - 1] + "…"
        return f"{head} = {text}"

    # ---- gestures -------------------------------------------------------------------------

    def _on_map_point(self, x: float, y: float) -> None:
        point = list(self.point())
        point[self._axes[0]], point[self._axes[1]] = x, y
        self.set_point(point)

    def _on_slice_dragged(self, column: int, value: float) -> None:
        self.set_coordinate(self._axes[column], value)

    def _on_coordinate_typed(self, input: int, value: float) -> None:
        self.set_coordinate(input, value)

    @guarded
    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """Arrow keys move the point by 1 % of the box (←/→ along x, ↑/↓ along y)."""
        box = self.box()
        steps = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Down: (0, -1),
            Qt.Key.Key_Up: (0, 1),
        }
        step = steps.get(event.key())
        if step is None or box is None:
            super().keyPressEvent(event)
            return
        point = list(self.point())
        point[box.x] += step[0] * NUDGE * (box.x_max - box.x_min)
        point[box.y] += step[1] * NUDGE * (box.y_max - box.y_min)
        self.set_point(point)
        event.accept()

    @guarded
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """The map beside the slices when the view is wide, above them when it is tall (a map
        keeps equal scales, so a narrow column of it would be mostly margin)."""
        super().resizeEvent(event)
        size = event.size()
        self.controls.set_narrow(size.width() < NARROW)
        wide = size.width() >= TALL_RATIO * size.height()
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if orientation != self.splitter.orientation():
            self.splitter.setOrientation(orientation)
            total = sum(self.splitter.sizes())
            self.splitter.setSizes([total * 5 // 11, total - total * 5 // 11])

    @guarded
    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._evaluator.shutdown()
        self.probe.shutdown()
        super().closeEvent(event)


def _samples(lo: float, hi: float, side: int) -> int:
    """``side`` samples, or fewer along a range too narrow for so many distinct ones (the
    line plots' range of 1e-15 with N = 3 is the document's: the map shows it too)."""
    while side > MIN_SIDE and range_problem(lo, hi, side) is not None:
        side = max(MIN_SIDE, side // 2)
    return side


def _document_problem(box: Box, x_name: str, y_name: str) -> str | None:
    """Why the document, where the box's ranges go, may not hold them (a file's rules), or
    None: a box of 0 … 1e-20 broke the slices and was saved in a file that then would not
    open. (The map itself draws any range it can sample: a document's older narrow range.)"""
    for name, lo, hi in ((x_name, box.x_min, box.x_max), (y_name, box.y_min, box.y_max)):
        problem = (
            coordinate_problem(lo, f"{name} min")
            or coordinate_problem(hi, f"{name} max")
            or width_problem(lo, hi, f"the range of {name}")
        )
        if problem is not None:
            return problem
    return None
