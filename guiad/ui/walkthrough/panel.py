"""The walkthrough panel: the forward pass, then the backward pass, at x0, step by step.

A thin view over the pure ``Timeline`` (guiad/anim/timeline.py): the graph view, the formula
banner and the table draw the current step's frame. Stepping forward sends a labelled token
along the step's edge (eased, at the display's rate); the number lands in the node and its
table row when the token arrives. A timer advances the timeline while playing; tests call
``seek`` and never wait. The panel holds the timeline; its parts are objects it holds,
each given what it needs (none reads the panel's private state):
``controls`` (controls.ControlsBar, reached by its signals and setters), ``subject``
(subject.WalkSubject: the graph, the output or node picked, the point, the mode), ``display``
(display.StepDisplay: draws the current step, sends the token), ``player`` (player.Player:
play, pause, the timer and the speed), ``keys`` (keys.WalkKeys: the actions with shortcuts,
the bare keys and the control bar's wiring), ``teaching`` (teaching.TeachingSwitches: the fan-out
mistake, the check's h, tutor mode's gate) and ``exports`` (export_part.WalkthroughExports);
the graph (scene.py, view.py) and the table (table.py) are its widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

from PySide6.QtCore import (
    QSettings,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from guiad.anim.timeline import Mode, Timeline, too_large_message
from guiad.core.graph import Graph
from guiad.ui.guard import guarded
from guiad.ui.walkthrough.banner import CheckLine, CostLine, StepBanner
from guiad.ui.walkthrough.controls import ControlsBar
from guiad.ui.walkthrough.derivation_view import DerivationView
from guiad.ui.walkthrough.display import DisplayWidgets, StepDisplay
from guiad.ui.walkthrough.export_part import WalkthroughExports
from guiad.ui.walkthrough.keys import WalkKeys
from guiad.ui.walkthrough.player import Player
from guiad.ui.walkthrough.scene import GraphScene, LabelRoom
from guiad.ui.walkthrough.split import GraphAndTable, narrowest
from guiad.ui.walkthrough.subject import WalkSubject
from guiad.ui.walkthrough.table import WalkthroughTable, WalkthroughTableModel
from guiad.ui.walkthrough.teaching import TeachingSwitches
from guiad.ui.walkthrough.trace import TableAndTrace, TraceModel, TraceView
from guiad.ui.walkthrough.view import GraphView

REDUCE_MOTION_KEY = "walkthrough/reduce_motion"


class WalkthroughPanel(QWidget):
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
        self._timeline: Timeline | None = None
        self._highlight = -1  # the node selected in the chain strip
        self._too_large: str | None = None  # why the graph is not animated, if it is not
        self._settings: QSettings | None = None
        self.teaching = TeachingSwitches(self, lambda: self._rebuild(keep_step=True, refit=False))
        self.exports = WalkthroughExports(self)  # GIF, MP4, frame PNG/SVG, CSV, Python
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
        self.subject = WalkSubject(self.controls, self.view, self.scene, self._rebuild)

        self.keys = WalkKeys(self, self.controls)  # (a part: actions, keys, the bar's wiring)
        self._build_layout()
        self.display = StepDisplay(self, self._display_widgets(), self)
        self.display.token_moved.connect(self.token_moved)
        self.display.token_arrived.connect(self.token_arrived)
        self.player = Player(self, self.controls, self.display.stop_token, self)
        self.player.playing_changed.connect(self._on_playing_changed)
        self._show_current()

    # ---- building -------------------------------------------------------------------------

    def _build_layout(self) -> None:
        self.trace_model = TraceModel(self)
        self.trace_view = TraceView(self.trace_model)
        self.derivation_view = DerivationView()
        self.tabs = TableAndTrace(self.table, self.trace_view, self.derivation_view)
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

    def _display_widgets(self) -> DisplayWidgets:
        return DisplayWidgets(
            self.scene,
            self.view,
            self.model,
            self.table,
            self.trace_model,
            self.step_banner,
            self.check_label,
            self.cost_label,
            self.controls,
            self.stack,
            self.splitter,
            self.too_large_label,
            self.derivation_view,
        )

    # ---- public API -----------------------------------------------------------------------

    @property
    def timeline(self) -> Timeline | None:
        return self._timeline

    # ---- what the passes run (the part ``subject`` holds it) -------------------------------

    def graph(self) -> Graph | None:
        return self.subject.graph()

    def x0(self) -> float:
        return self.subject.x0()

    def mode(self) -> Mode:
        return self.subject.mode()

    def set_graph(self, graph: Graph) -> None:
        self.subject.set_graph(graph)

    def set_x0(self, x0: float) -> None:
        self.subject.set_x0(x0)

    def point(self) -> tuple[float, ...]:
        return self.subject.point()

    def set_point(self, point: float | Sequence[float]) -> None:
        self.subject.set_point(point)

    def set_mode(self, mode: Mode | str) -> None:
        if self.subject.set_mode(Mode(mode)):
            self.mode_changed.emit(self.subject.mode().value)

    # ---- the teaching switches (the part ``teaching`` holds them) ----------------------

    def set_overwrite_mistake(self, on: bool) -> None:
        self.teaching.set_overwrite_mistake(on)

    def overwrite_mistake(self) -> bool:
        return self.teaching.overwrite_mistake()

    def set_check_step(self, h: float | None) -> None:
        self.teaching.set_check_step(h)

    def set_gate(self, gate: Callable[[int], int] | None) -> None:
        self.teaching.set_gate(gate)

    # ---- exports (the part ``exports`` does them; File ▸ Export calls these) -------------

    def export_gif(self, path: str, size: tuple[int, int] | None = None) -> int:
        return self.exports.export_gif(path, size)

    def export_mp4(self, path: str) -> int:
        return self.exports.export_mp4(path)

    def export_frame_png(self, path: str) -> None:
        self.exports.export_frame_png(path)

    def export_frame_svg(self, path: str) -> None:
        self.exports.export_frame_svg(path)

    def export_csv(self, path: str) -> None:
        self.exports.export_csv(path)

    def export_python(self, path: str) -> None:
        self.exports.export_python(path)

    def export_latex(self, path: str) -> None:
        self.exports.export_trace(path, "latex")

    def export_latex_fragment(self, path: str) -> None:
        self.exports.export_trace(path, "latex-fragment")

    def export_markdown(self, path: str) -> None:
        self.exports.export_trace(path, "markdown")

    def set_speed(self, speed: float) -> None:
        """Playback speed, 0.25× to 4× (the nearest offered speed is chosen)."""
        self.controls.choose_speed(speed)

    def set_loop(self, loop: bool) -> None:
        self.controls.set_loop(loop)

    def set_settings(self, settings: QSettings) -> None:
        """Read and remember the reduce-motion choice in ``settings`` (the window's)."""
        value = settings.value(REDUCE_MOTION_KEY, False)
        self._settings = None  # (what is read is not written back, here or elsewhere)
        self.set_reduce_motion(value in (True, "true", "1", 1))
        self._settings = settings

    def set_reduce_motion(self, reduce: bool) -> None:
        """Jump from step to step without tweening (remembered in the settings, if any)."""
        reduce = bool(reduce)
        self.controls.show_reduce_motion(reduce)  # (its action may be in the window's menu)
        if reduce:
            self.display.stop_token()
        if self._settings is not None:
            self._settings.setValue(REDUCE_MOTION_KEY, reduce)

    def set_table_shown(self, shown: bool) -> None:
        """Show or hide the table (by default a short panel hides it: the graph comes first)."""
        self.splitter.set_table_shown(shown, self.size())
        self.controls.show_table(self.table_shown())

    def table_shown(self) -> bool:
        return self.splitter.table_shown()

    def reduce_motion(self) -> bool:
        return self.controls.reduce_motion()

    def wanted_height(self, width: int, least: float | None = None) -> float:
        """The panel height (at ``width``) that shows the graph whole at zoom ``least`` (by
        default the view's ``wanted_zoom``: readable, larger in presenter mode), the table
        hidden (inf if no height does: the graph is too wide)."""
        chrome = self.height() - self.stack.height() if self.isVisible() else 100
        margins = self.layout().contentsMargins()
        width -= margins.left() + margins.right()
        return self.splitter.graph_height(width, least) + chrome

    def wanted_width(self, height: int, least: float | None = None) -> float:
        """The narrowest panel width (at ``height``) that shows the graph whole at zoom
        ``least`` (as in ``wanted_height``), the table hidden (inf if none does)."""
        return narrowest(lambda width: self.wanted_height(width, least), height)

    def fit(self) -> None:
        """Return the graph to the fitted view (after zooming or panning)."""
        self.view.fit()
        if self._timeline is not None and self.scene.nodes:
            self.view.follow(self._timeline.current.node)

    def is_animating(self) -> bool:
        """Whether a token is travelling (the step's numbers have not landed yet)."""
        return self.display.is_animating()

    def shown_step(self) -> int:
        """The step whose numbers the graph and table show (one behind while a token
        travels)."""
        return self.model.shown

    def seek(self, index: int) -> None:
        """Show step ``index`` at once (no token animation)."""
        if self._timeline is None:
            return
        self._timeline.seek(self.teaching.allowed(index, self._timeline.index))
        self._show_current()

    def step_forward(self) -> None:
        if self._timeline is None or self._timeline.at_end:
            return
        target = self._timeline.index + 1
        if self.teaching.allowed(target, self._timeline.index) < target:
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

    # ---- playing (the part ``player`` does it) ---------------------------------------------

    def is_playing(self) -> bool:
        return self.player.is_playing()

    def play(self) -> None:
        self.player.play()

    def pause(self) -> None:
        """Stop playing and stop the token where the step ends."""
        self.player.pause()

    def toggle_play(self) -> None:
        self.player.toggle_play()

    def tick(self) -> None:
        """What the play timer does each interval: the next step, or loop, or stop."""
        self.player.tick()

    def token_duration(self) -> int:
        return self.player.token_duration()

    def step_interval(self) -> int:
        return self.player.step_interval()

    def _on_playing_changed(self, playing: bool) -> None:
        self.keys.play_action.setText("Pause" if playing else "Play")
        self.playing_changed.emit(playing)

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
        count = len(self.subject.walked().nodes) if self._timeline is not None else 0
        node = self._highlight if 0 <= self._highlight < count else -1
        self.scene.highlight_node(node)
        if node != self.model.highlighted_row:
            self.model.highlighted_row = node
            self.model.refresh()

    def banner_text(self) -> str:
        return self.banner.text()

    def set_presenter_scale(self, scale: float) -> None:
        """Presenter mode (the application's font is the window's to scale): the banner's
        own font and the graph's least label size follow ``scale``; the table is measured
        anew for the larger font."""
        self.step_banner.set_text_scale(scale)
        self.view.set_text_scale(scale)
        if self.subject.walked() is not None:
            self._rebuild(keep_step=True, refit=True)

    def refresh_notation(self) -> None:
        """Redraw every number and name after View ▸ Notation changed (the step is kept)."""
        if self.subject.walked() is not None:
            self._rebuild(keep_step=True, refit=True)

    def too_large_message(self) -> str | None:
        """Why the current graph is not animated (over MAX_ANIMATED_NODES), or None."""
        return self._too_large

    # ---- internals ------------------------------------------------------------------------

    def _rebuild(self, keep_step: bool, refit: bool) -> None:
        """A new timeline for the graph, x0 and mode; keep the step position if asked."""
        old, graph = self._timeline, self.subject.walked()
        self.display.stop_token()
        self._set_too_large(None if graph is None else too_large_message(graph))
        if self._too_large is not None:
            # never build it: a large graph would freeze the window (the plots still show it)
            self.pause()
            self._timeline = None
            self.display.set_timeline(None)
            self._show_highlight()
            self._show_current()
            return
        if graph is None:
            self._timeline = None
        else:
            try:
                switches = (self.teaching.overwrite_mistake(), self.teaching.check_step())
                timeline = self.subject.timeline(*switches)
            except Exception as error:  # noqa: BLE001 (never let one bad graph kill the app)
                self._timeline = None
                self.display.set_timeline(None)
                self.banner.setText(f"The walkthrough cannot be built: {error}")
                return
            if old is not None and keep_step:
                timeline.carry_position(old)
            self._timeline = timeline
        self.display.set_timeline(self._timeline)
        self._show_highlight()
        if graph is not None and refit:
            self._show_graph_with_room(graph)
        elif graph is not None:  # a teaching switch: the view is kept, but not the sums'
            # blocks under nodes (the mistake on has none, off some: they covered labels)
            self.scene.set_room(replace(self.scene.room, sums=self._measure_room(graph).sums))
            self.scene.set_graph(graph, self.scene.columns)
        self._size_columns()  # (the table shows if the graph still fits beside it)
        self._show_current()
        self.timeline_changed.emit()
        if refit:
            self.room_wanted.emit()

    def _show_graph_with_room(self, graph: Graph) -> None:
        """Draw the graph with the room its labels need at the last step (tiny adjoints in
        scientific notation need more than most)."""
        if self._timeline is None:
            self.scene.set_room(LabelRoom())
            self.view.show_graph(graph)
        else:
            self.view.show_graph(graph, partial(self._measure_room, graph))

    def _measure_room(self, graph: Graph, compact: bool | None = None) -> LabelRoom:
        """The room ``graph``'s labels need for the timeline's steps (``compact``: drawn
        compact; as the scene draws it now unless given)."""
        steps = self._timeline.steps
        return self.scene.measure_room(steps[-1], self.subject.mode(), graph, compact, steps)

    def _set_too_large(self, message: str | None) -> None:
        """Show ``message`` in place of the graph and disable the controls (None: undo that)."""
        self._too_large = message
        self.display.show_too_large(message)
        for action in self.actions():
            action.setEnabled(message is None)

    def _size_columns(self) -> None:
        """Measure the table on its full content, then share the room with the graph."""
        if self._timeline is not None:
            self.table.measure(self.model, self._timeline)
        self._arrange(force=True)

    def _arrange(self, force: bool = False) -> None:
        self.splitter.arrange(self.size(), force)
        self.controls.show_table(self.table_shown())

    def _show_current(self, animate: bool = False) -> None:
        self.display.show_current(animate, self.reduce_motion(), self._too_large is not None)
        if self._timeline is not None:
            self.step_changed.emit(self._timeline.index)

    @guarded
    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if not self.keys.handle(event):
            super().keyPressEvent(event)

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
