"""The walkthrough panel: the forward pass, then the backward pass, at x0, step by step.

A thin view over the pure ``Timeline`` (guiad/anim/timeline.py): the graph view, the formula
banner and the table draw the current step's frame. Stepping forward sends a labelled token
along the step's edge (eased, at the display's rate); the number lands in the node and its
table row when the token arrives. A timer advances the timeline while playing; tests call
``seek`` and never wait. Parts: ControlsBar (walkthrough_controls), the table
(walkthrough_table), the graph (graph_scene); exports in walkthrough_export.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from PySide6.QtCore import (
    QAbstractAnimation,
    QEasingCurve,
    QSettings,
    QSize,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QLayout,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from guiad.anim.timeline import Mode, Timeline, too_large_message
from guiad.core.graph import Graph
from guiad.ui import theme
from guiad.ui.guard import guarded
from guiad.ui.walkthrough.banner import CheckLine, CostLine, StepBanner, set_style
from guiad.ui.walkthrough.controls import SPEEDS, ControlsBar
from guiad.ui.walkthrough.scene import GraphScene, LabelRoom
from guiad.ui.walkthrough.split import GraphAndTable, narrowest
from guiad.ui.walkthrough.table import WalkthroughTable, WalkthroughTableModel
from guiad.ui.walkthrough.trace import TableAndTrace, TraceModel, TraceView
from guiad.ui.walkthrough.view import GraphView

STEP_MS = 1100  # one step at 1× speed
TOKEN_SHARE = 0.8  # the token travels during this share of a step (then the number lands)
REDUCE_MOTION_KEY = "walkthrough/reduce_motion"
FRAME_SIZE = (1200, 450)  # a frame export's size when the panel is hidden (as the GIF's)


def _exports():
    """The walkthrough_export module, loaded on the first export (with its SVG writer and
    csv, which the window's first frame does not need)."""
    from guiad.ui.walkthrough import export as walkthrough_export

    return walkthrough_export


class _Teaching:
    """The panel's teaching switches: tutor mode's gate, the fan-out mistake, the check's h
    (a part of WalkthroughPanel, kept apart so each reads at a sitting)."""

    def set_overwrite_mistake(self, on: bool) -> None:
        """Run the backward pass with '=' where '+=' belongs (the classic fan-out mistake),
        to see what it breaks; the walkthrough keeps its step."""
        on = bool(on)
        if self.overwrite_action.isChecked() != on:
            self.overwrite_action.setChecked(on)  # comes back here through toggled
            return
        if on != self._overwrite:
            self._overwrite = on
            self._rebuild(keep_step=True, refit=False)

    def set_check_step(self, h: float | None) -> None:
        """The check line's central difference uses ``h`` (the FD lab's, while it is on) or,
        with None, its default step."""
        if h != self._check_h:
            self._check_h = h
            self._rebuild(keep_step=True, refit=False)

    def overwrite_mistake(self) -> bool:
        return self._overwrite

    def set_gate(self, gate: Callable[[int], int] | None) -> None:
        """``gate(target)`` says how far forward the walkthrough may go (at most ``target``);
        tutor mode uses it to stop before a number the student is to predict."""
        self._gate = gate

    def _allowed(self, target: int) -> int:
        if self._gate is None or self._timeline is None or target <= self._timeline.index:
            return target
        return min(target, self._gate(target))


class _Exports:
    """The panel's exports (the window puts them in menus); part of WalkthroughPanel."""

    def export_gif(self, path: str, size: tuple[int, int] = (1200, 450)) -> int:
        """The whole walkthrough as an animated GIF; returns the number of frames."""
        self._require_timeline()
        return export_gif(self._graph, self._at(), path, size, self._mode)

    def export_mp4(self, path: str) -> int:
        """The walkthrough as it plays, 1920×1080 at 30 frames a second; the frame count."""
        self._refuse_if_too_large()
        self._require_timeline()
        return export_mp4(self._graph, self._at(), path, mode=self._mode)

    def export_frame_png(self, path: str) -> None:
        self._export_frame(_exports().export_frame_png, path)

    def export_frame_svg(self, path: str) -> None:
        self._export_frame(_exports().export_frame_svg, path)

    def _export_frame(self, export, path: str) -> None:
        """The current step, drawn by an offscreen copy without the play controls (at the
        panel's size, or FRAME_SIZE while it is hidden: a hidden panel's grab is empty)."""
        self._refuse_if_too_large()
        timeline = self._require_timeline()
        size = (self.width(), self.height()) if self.isVisible() else FRAME_SIZE
        args = (self._graph, self._at(), self._mode, size, timeline.index, self._overwrite)
        with offscreen_panel(*args) as copy:  # without the play controls
            export(copy, path)

    def export_csv(self, path: str) -> None:
        _exports().export_csv(self._require_timeline(), path)

    def export_python(self, path: str) -> None:
        from guiad.anim.python_export import write_script

        timeline = self._require_timeline()
        point = timeline.point
        write_script(timeline.graph, point[0] if len(point) == 1 else point, path)

    def _refuse_if_too_large(self) -> None:
        if self._too_large is not None:
            raise ValueError(self._too_large)

    def _require_timeline(self) -> Timeline:
        self._refuse_if_too_large()
        if self._timeline is None:
            raise ValueError("there is no walkthrough to export: build a chain first")
        return self._timeline


class WalkthroughPanel(_Teaching, _Exports, QWidget):
    """Forward then backward pass at x0. MainWindow calls the setters.

    ``seek(i)`` shows step i at once (``render --step`` uses it); ``step_forward`` animates.
    The graph and the table sit side by side in a wide panel, the table under the graph in
    a narrow one."""

    step_changed = Signal(int)
    playing_changed = Signal(bool)
    mode_changed = Signal(str)
    token_moved = Signal(float)  # the token's progress along its edge, 0 → 1
    token_arrived = Signal()  # the step's numbers have landed
    timeline_changed = Signal()  # a new timeline (function, x0 or mode changed)
    room_wanted = Signal()  # a new graph (or mode): see wanted_height

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._graph: Graph | None = None
        self._x0 = 2.0
        self._point: tuple[float, ...] = (2.0,)  # x0, then the other inputs' values
        self._mode = Mode.REVERSE
        self._timeline: Timeline | None = None
        self._speed = 1.0
        self._highlight = -1  # the node selected in the chain strip
        self._too_large: str | None = None  # why the graph is not animated, if it is not
        self._settings: QSettings | None = None
        self._overwrite = False  # the fan-out mistake, shown for teaching; never saved
        self._check_h: float | None = None  # the FD lab's h for the check line, if it is on
        # tutor mode holds the walkthrough before a step whose number is to be predicted
        self._gate: Callable[[int], int] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.scene = GraphScene(self)
        self.view = GraphView(self.scene)
        self.model = WalkthroughTableModel(self)
        self.table = WalkthroughTable(self.model)
        self.step_banner = StepBanner()
        self.banner, self.phase_label = self.step_banner.banner, self.step_banner.phase_label
        self.check_label = CheckLine()
        self.cost_label = CostLine()  # several inputs: reverse against forward mode
        self.controls = ControlsBar()
        self._adopt_controls()

        self._timer = QTimer(self)  # advances the timeline while playing
        self._timer.timeout.connect(self.tick)
        self._token_animation = QVariantAnimation(self)
        self._token_animation.setStartValue(0.0)
        self._token_animation.setEndValue(1.0)
        self._token_animation.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self._token_animation.valueChanged.connect(self._on_token_moved)
        self._token_animation.finished.connect(self._on_token_arrived)

        self._build_actions()
        self._build_layout()
        self._set_speed(1.0)
        self._show_current()

    # ---- building -------------------------------------------------------------------------

    def _adopt_controls(self) -> None:
        """The bar's widgets, under the names the window and tests use, connected."""
        bar = self.controls
        self.restart_button, self.back_button = bar.restart_button, bar.back_button
        self.play_button, self.forward_button = bar.play_button, bar.forward_button
        self.end_button, self.slider, self.step_label = bar.end_button, bar.slider, bar.step_label
        self.speed_box, self.loop_box, self.mode_box = bar.speed_box, bar.loop_box, bar.mode_box
        self.fit_button = bar.fit_button
        self.reduce_motion_action = bar.reduce_motion_action
        self.table_button = bar.table_button
        self.table_button.clicked.connect(self.set_table_shown)
        self.restart_button.clicked.connect(self.restart)
        self.back_button.clicked.connect(self.step_back)
        self.play_button.clicked.connect(self.toggle_play)
        self.forward_button.clicked.connect(self.step_forward)
        self.end_button.clicked.connect(self.go_to_end)
        self.slider.valueChanged.connect(self._on_slider)
        self.speed_box.currentIndexChanged.connect(
            lambda i: self._set_speed(self.speed_box.itemData(i))
        )
        self.mode_box.currentIndexChanged.connect(
            lambda i: self.set_mode(self.mode_box.itemData(i))
        )
        self.reduce_motion_action.toggled.connect(self.set_reduce_motion)
        self.fit_button.clicked.connect(self.fit)

    def _build_actions(self) -> None:
        """Actions with shortcuts (the window may put them in a menu too)."""
        self.play_action = self._action("Play", "Space", self.toggle_play, "Play / pause (Space)")
        self.back_action = self._action("Step back", "Left", self.step_back, "Step back (Left)")
        self.forward_action = self._action(
            "Step forward", "Right", self.step_forward, "Step forward (Right)"
        )
        self.restart_action = self._action("Restart", "Home", self.restart, "Restart (Home)")
        self.end_action = self._action("Go to end", "End", self.go_to_end, "Go to the end (End)")
        self.fit_action = self._action("Fit graph", "F", self.fit, "Fit the graph to the view (F)")
        self.overwrite_action = QAction(
            "Overwrite instead of accumulate (the fan-out mistake)", self
        )
        self.overwrite_action.setCheckable(True)
        self.overwrite_action.setToolTip(
            "Show what goes wrong when the backward pass writes v̄ = … where v̄ += … belongs: "
            "a value used twice keeps only its last contribution (compare the check line)"
        )
        self.overwrite_action.toggled.connect(self.set_overwrite_mistake)
        self.table_action = self._action(
            "Show table", "T", lambda: self.set_table_shown(not self.table_shown()), "Table (T)"
        )

    def _action(self, text: str, key: str, slot, tip: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_layout(self) -> None:
        self.trace_model = TraceModel(self)
        self.trace_view = TraceView(self.trace_model)
        self.tabs = TableAndTrace(self.table, self.trace_view)
        splitter = GraphAndTable(self.view, self.tabs)
        self.splitter = splitter
        # a graph over MAX_ANIMATED_NODES: a message in place of the graph and the table
        self.too_large_label = QLabel()
        self.too_large_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.too_large_label.setWordWrap(True)
        font = QFont()
        font.setPointSizeF(13.0)
        self.too_large_label.setFont(font)
        self.stack = QStackedWidget()
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.too_large_label)
        self._controls: list[QWidget] = self.controls.widgets()

        layout = QVBoxLayout(self)
        # a window of its own (a GIF export) takes the size asked for, even below the hints
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.step_banner)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.check_label)
        layout.addWidget(self.cost_label)
        layout.addWidget(self.controls)

    # ---- public API -----------------------------------------------------------------------

    @property
    def timeline(self) -> Timeline | None:
        return self._timeline

    def graph(self) -> Graph | None:
        return self._graph

    def x0(self) -> float:
        return self._x0

    def mode(self) -> Mode:
        return self._mode

    def set_graph(self, graph: Graph) -> None:
        """A new function: the walkthrough starts again at step 0, fitted."""
        if graph == self._graph:
            return
        self._graph = graph
        self._rebuild(keep_step=False, refit=True)

    def set_x0(self, x0: float) -> None:
        """Only x0 moved: the walkthrough keeps its step (and the view its zoom)."""
        self.set_point((float(x0), *self._point[1:]))

    def point(self) -> tuple[float, ...]:
        """Where the walkthrough runs: one value per input of the graph, x0 first (an
        input not given a value takes x0's)."""
        count = 1 if self._graph is None else self._graph.n_inputs
        return (self._point + (self._x0,) * count)[:count]

    def set_point(self, point: float | Sequence[float]) -> None:
        """Move the point (x0 alone, or one value per input): the walkthrough keeps its
        step (and the view its zoom)."""
        values = (float(point),) if np.ndim(point) == 0 else tuple(float(p) for p in point)
        values += self._point[len(values) :]
        if values == self._point or not all(math.isfinite(v) for v in values):
            return
        self._point, self._x0 = values, values[0]
        self._rebuild(keep_step=True, refit=False)

    def _at(self) -> float | tuple[float, ...]:
        """The point as the timeline takes it: x0 alone for one input."""
        point = self.point()
        return point[0] if len(point) == 1 else point

    def set_mode(self, mode: Mode | str) -> None:
        mode = Mode(mode)
        if mode is self._mode:
            return
        self._mode = mode
        self.mode_box.blockSignals(True)
        self.mode_box.setCurrentIndex(list(Mode).index(mode))
        self.mode_box.blockSignals(False)
        self._rebuild(keep_step=True, refit=True)
        self.mode_changed.emit(mode.value)

    def set_speed(self, speed: float) -> None:
        """Playback speed, 0.25× to 4× (the nearest offered speed is chosen)."""
        nearest = min(SPEEDS, key=lambda s: abs(math.log(s) - math.log(max(speed, 1e-9))))
        self.speed_box.setCurrentIndex(SPEEDS.index(nearest))

    def set_loop(self, loop: bool) -> None:
        self.loop_box.setChecked(loop)

    def set_settings(self, settings: QSettings) -> None:
        """Read and remember the reduce-motion choice in ``settings`` (the window's)."""
        value = settings.value(REDUCE_MOTION_KEY, False)
        self._settings = None  # (what is read is not written back, here or elsewhere)
        self.set_reduce_motion(value in (True, "true", "1", 1))
        self._settings = settings

    def set_reduce_motion(self, reduce: bool) -> None:
        """Jump from step to step without tweening (remembered in the settings, if any)."""
        reduce = bool(reduce)
        action = self.reduce_motion_action  # (also in the window's menu, if it adds it)
        action.blockSignals(True)
        action.setChecked(reduce)
        action.blockSignals(False)
        if reduce:
            self._stop_token()
        if self._settings is not None:
            self._settings.setValue(REDUCE_MOTION_KEY, reduce)

    def set_table_shown(self, shown: bool) -> None:
        """Show or hide the table (by default a short panel hides it: the graph comes first)."""
        self.splitter.set_table_shown(shown, self.size())
        self.table_button.setChecked(self.table_shown())

    def table_shown(self) -> bool:
        return self.splitter.table_shown()

    def reduce_motion(self) -> bool:
        return self.reduce_motion_action.isChecked()

    def wanted_height(self, width: int) -> float:
        """The panel height (at ``width``) that shows the graph whole at a readable size,
        the table hidden (inf if no height does: the graph is too wide)."""
        chrome = self.height() - self.stack.height() if self.isVisible() else 100
        margins = self.layout().contentsMargins()
        return self.splitter.graph_height(width - margins.left() - margins.right()) + chrome

    def wanted_width(self, height: int) -> float:
        """The narrowest panel width (at ``height``) that shows the graph whole at a
        readable size, the table hidden (inf if none does)."""
        return narrowest(self.wanted_height, height)

    def fit(self) -> None:
        """Return the graph to the fitted view (after zooming or panning)."""
        self.view.fit()
        if self._timeline is not None and self.scene.nodes:
            self.view.follow(self._timeline.current.node)

    def is_animating(self) -> bool:
        """Whether a token is travelling (the step's numbers have not landed yet)."""
        return self._token_animation.state() == QAbstractAnimation.State.Running

    def shown_step(self) -> int:
        """The step whose numbers the graph and table show (one behind while a token
        travels)."""
        return self.model.shown

    def seek(self, index: int) -> None:
        """Show step ``index`` at once (no token animation)."""
        if self._timeline is None:
            return
        self._timeline.seek(self._allowed(index))
        self._show_current()

    def step_forward(self) -> None:
        if self._timeline is None or self._timeline.at_end:
            return
        target = self._timeline.index + 1
        if self._allowed(target) < target:
            self.pause()  # held: tutor mode asks first
            return
        self._timeline.next()
        self._show_current(animate=True)

    def step_back(self) -> None:
        if self._timeline is None:
            return
        self._timeline.prev()
        self._show_current()

    def restart(self) -> None:
        self.seek(0)

    def go_to_end(self) -> None:
        self.pause()
        if self._timeline is not None:
            self.seek(len(self._timeline) - 1)

    def is_playing(self) -> bool:
        return self._timer.isActive()

    def play(self) -> None:
        if self._timeline is None or self.is_playing():
            return
        if self._timeline.at_end:
            self._timeline.restart()
            self._show_current()
        self._timer.start()
        self._update_play_button()
        self.playing_changed.emit(True)

    def pause(self) -> None:
        """Stop playing and stop the token where the step ends."""
        was_playing = self._timer.isActive()
        self._timer.stop()
        self._stop_token()
        self._update_play_button()
        if was_playing:
            self.playing_changed.emit(False)

    def toggle_play(self) -> None:
        if self.is_playing():
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        """Stop every timer and animation (call before the panel goes away)."""
        self.pause()

    def highlight_node(self, node: int) -> None:
        """Mark node ``node`` (its card is selected in the strip) in the graph and the table;
        -1 clears. Kept across rebuilds while the node exists."""
        self._highlight = int(node)
        self._show_highlight()

    def highlighted_node(self) -> int:
        return self.scene.highlighted_node()

    def _show_highlight(self) -> None:
        # the scene holds the last animated graph's nodes only
        count = len(self._graph.nodes) if self._timeline is not None else 0
        node = self._highlight if 0 <= self._highlight < count else -1
        self.scene.highlight_node(node)
        if node != self.model.highlighted_row:
            self.model.highlighted_row = node
            self.model.refresh()

    def banner_text(self) -> str:
        return self.banner.text()

    def too_large_message(self) -> str | None:
        """Why the current graph is not animated (over MAX_ANIMATED_NODES), or None."""
        return self._too_large

    # ---- internals ------------------------------------------------------------------------

    def _rebuild(self, keep_step: bool, refit: bool) -> None:
        """A new timeline for the graph, x0 and mode; keep the step position if asked."""
        old = self._timeline
        self._stop_token()
        self._set_too_large(None if self._graph is None else too_large_message(self._graph))
        if self._too_large is not None:
            # never build it: a large graph would freeze the window (the plots still show it)
            self.pause()
            self._timeline = None
            self._set_models(None)
            self._show_highlight()
            self._show_current()
            return
        if self._graph is None:
            self._timeline = None
        else:
            try:
                timeline = Timeline(
                    self._graph, self._at(), self._mode, self._overwrite, self._check_h
                )
            except Exception as error:  # noqa: BLE001 (never let one bad graph kill the app)
                self._timeline = None
                self._set_models(None)
                self.banner.setText(f"The walkthrough cannot be built: {error}")
                return
            if old is not None and keep_step:
                timeline.carry_position(old)
            self._timeline = timeline
        self._set_models(self._timeline)
        self._show_highlight()
        if self._graph is not None and refit:
            self._show_graph_with_room()
        elif self._graph is not None:
            self.scene.set_graph(self._graph, self.scene.columns)
        self._size_columns()  # (the table shows if the graph still fits beside it)
        self._show_current()
        self.timeline_changed.emit()
        if refit:
            self.room_wanted.emit()

    def _show_graph_with_room(self) -> None:
        """Draw the graph with the room its labels need at the last step (tiny adjoints in
        scientific notation need more than most)."""
        timeline = self._timeline
        if timeline is None:
            self.scene.set_room(LabelRoom())
            self.view.show_graph(self._graph)
            return
        graph, last, mode = self._graph, timeline.steps[-1], self._mode
        self.view.show_graph(
            graph, lambda compact: self.scene.measure_room(last, mode, graph, compact)
        )

    def _set_models(self, timeline: Timeline | None) -> None:
        """The table, the evaluation trace and the cost line follow a new timeline."""
        self.model.set_timeline(timeline)
        self.trace_model.set_timeline(timeline)
        self.cost_label.show_trace(None if timeline is None else timeline.trace)

    def _show_numbers(self, index: int) -> None:
        """The table and the trace show the numbers of step ``index``."""
        self.model.show_step(index)
        self.trace_model.show_step(index)

    def _set_too_large(self, message: str | None) -> None:
        """Show ``message`` in place of the graph and disable the controls (None: undo that)."""
        self._too_large = message
        if message is not None:  # (styled when first shown: most sessions never show it)
            set_style(self.too_large_label, f"color: {theme.MUTED}; padding: 24px;")
        self.too_large_label.setText(message or "")
        self.stack.setCurrentWidget(self.splitter if message is None else self.too_large_label)
        for widget in self._controls:
            widget.setEnabled(message is None)
        for action in self.actions():
            action.setEnabled(message is None)

    def _size_columns(self) -> None:
        """Measure the table on its full content, then share the room with the graph."""
        if self._timeline is not None:
            self.table.measure(self.model, self._timeline)
        self._arrange(force=True)

    def _arrange(self, force: bool = False) -> None:
        self.splitter.arrange(self.size(), force)
        self.table_button.setChecked(self.table_shown())

    def _show_current(self, animate: bool = False) -> None:
        timeline = self._timeline
        if timeline is None:
            if self._too_large is None:
                text = "Build a chain (or type an expression) to see the walkthrough."
            else:
                text = "Too many nodes to animate."
            self.step_banner.show_message(text)
            self.check_label.setText("")
            self.slider.setEnabled(False)
            self.step_label.setText("")
            return
        step = timeline.current
        if not animate:
            self._show_numbers(timeline.index)
        self.table.follow(step.node)
        self.step_banner.show_step(step)
        self.check_label.show_step(step, timeline)
        self.slider.setEnabled(True)
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(timeline) - 1)
        self.slider.setValue(timeline.index)
        self.slider.blockSignals(False)
        self.step_label.setText(f"step {timeline.index + 1}/{len(timeline)}")
        self.view.follow(step.node)
        if not (animate and not self.reduce_motion() and self._start_token(timeline)):
            self._stop_token()
            self.scene.show_step(step, self._mode)
            self._show_numbers(timeline.index)
        self.step_changed.emit(timeline.index)

    def _start_token(self, timeline: Timeline) -> bool:
        """Send a token along the step's edge; the graph and table show the step once it
        arrives."""
        self._token_animation.stop()
        if timeline.index == 0:
            return False
        before = timeline.index - 1
        self.scene.show_step(timeline.steps[before], self._mode)
        self._show_numbers(before)
        if not self.scene.start_token(timeline.current):
            return False
        self._token_animation.setDuration(self.token_duration())
        self._token_animation.start()
        return True

    def _stop_token(self) -> None:
        """Stop the token where it is and show the current step in full."""
        if self._token_animation.state() != QAbstractAnimation.State.Stopped:
            self._token_animation.stop()
            if self._timeline is not None:
                self.scene.show_step(self._timeline.current, self._mode)
                self._show_numbers(self._timeline.index)
        self.scene.hide_token()

    def _on_token_arrived(self) -> None:
        self.scene.hide_token()
        if self._timeline is not None:
            self.scene.show_step(self._timeline.current, self._mode)
            self._show_numbers(self._timeline.index)
        self.token_arrived.emit()

    def _on_token_moved(self, value) -> None:
        self.scene.set_token_progress(float(value))
        self.token_moved.emit(float(value))

    def token_duration(self) -> int:
        """Milliseconds a token travels along its edge at the current speed."""
        return max(1, int(STEP_MS * TOKEN_SHARE / self._speed))

    def step_interval(self) -> int:
        """Milliseconds between steps while playing (the speed sets it)."""
        return self._timer.interval()

    def tick(self) -> None:
        """What the play timer does each interval: the next step, or loop, or stop."""
        timeline = self._timeline
        if timeline is None:
            self.pause()
            return
        if timeline.at_end:
            if self.loop_box.isChecked():
                timeline.restart()
                self._show_current()
                return
            self.pause()
            return
        self.step_forward()

    def _on_slider(self, value: int) -> None:
        if self._timeline is not None and value != self._timeline.index:
            self.seek(value)

    def _set_speed(self, speed: float) -> None:
        self._speed = float(speed)
        self._timer.setInterval(max(1, int(STEP_MS / self._speed)))

    def _update_play_button(self) -> None:
        playing = self._timer.isActive()
        icon = (
            QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        )
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText("Pause" if playing else "Play")
        self.play_action.setText("Pause" if playing else "Play")

    @guarded
    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        keys = {
            Qt.Key.Key_Space: self.toggle_play,
            Qt.Key.Key_Left: self.step_back,
            Qt.Key.Key_Right: self.step_forward,
            Qt.Key.Key_Home: self.restart,
            Qt.Key.Key_End: self.go_to_end,
        }
        action = keys.get(Qt.Key(event.key()))
        if action is None or event.modifiers() not in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            super().keyPressEvent(event)
            return
        action()
        event.accept()

    @guarded
    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._arrange(force=True)  # the splitter has its real size only now

    @guarded
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._arrange()

    @guarded(default=None)
    def minimumSizeHint(self):  # noqa: N802 (Qt override)
        """Small and steady (not the wrapped banner's height of the moment): the window's
        splitter may give the panel little room; the graph fits what it gets."""
        return QSize(320, 140)

    @guarded
    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.pause()  # nothing keeps ticking behind a hidden panel
        super().hideEvent(event)

    @guarded
    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.stop()
        super().closeEvent(event)


def export_gif(
    graph: Graph,
    x0: float | Sequence[float],
    path: str | Path,
    size: tuple[int, int] = (1200, 450),
    mode: Mode | str = Mode.REVERSE,
) -> int:
    """The whole walkthrough of ``graph`` at ``x0`` as an animated GIF at ``path``.

    Needs no window: creates a QApplication (offscreen) if none exists. Returns the number
    of frames written (at least one per step). Raises ValueError for a graph larger than
    the walkthrough animates (MAX_ANIMATED_NODES).
    """
    with offscreen_panel(graph, x0, mode, size) as panel:
        return _exports().write_gif(panel, path)


def export_mp4(
    graph: Graph,
    x0: float | Sequence[float],
    path: str | Path,
    size: tuple[int, int] = (1920, 1080),
    mode: Mode | str = Mode.REVERSE,
) -> int:
    """The walkthrough of ``graph`` at ``x0`` as it plays, as an MP4 video (30 fps); the
    number of frames. VideoUnavailable without the ``video`` extra."""
    with offscreen_panel(graph, x0, mode, size) as panel:
        return _exports().write_mp4(panel, path)


@contextmanager
def offscreen_panel(
    graph: Graph,
    x0: float | Sequence[float],
    mode: Mode | str,
    size: tuple[int, int],
    step: int = 0,
    overwrite: bool = False,
) -> Iterator[WalkthroughPanel]:
    """A walkthrough panel of its own, never on screen, at ``size`` and ``step``: what the
    exports draw when the window's panel is hidden (View ▸ Layout ▸ plots only) or absent.
    ValueError for a graph larger than the walkthrough animates (MAX_ANIMATED_NODES)."""
    message = too_large_message(graph)
    if message is not None:
        raise ValueError(message)
    app = _exports().ensure_app()
    panel = WalkthroughPanel()
    panel.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    panel.controls.hide()  # an exported frame shows what teaches: banner, graph, table
    panel.view.set_hints(False)  # (nor the view's hint about panning)
    try:
        panel.resize(*size)
        panel.set_mode(mode)
        panel.set_overwrite_mistake(overwrite)
        panel.set_graph(graph)
        panel.set_point(x0)
        panel.show()
        app.processEvents()
        panel.fit()
        panel.seek(step)
        yield panel
    finally:
        panel.stop()
        panel.close()
        panel.deleteLater()
