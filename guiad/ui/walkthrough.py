"""The walkthrough panel: the forward pass, then the backward pass, at x0, step by step.

A thin view over the pure ``Timeline`` (guiad/anim/timeline.py): the graph scene, the
formula banner and the table all draw the current step's frame. Qt timers only advance the
timeline (one step per tick) and move the token along the current edge; tests call
``seek`` and never wait.
"""

from __future__ import annotations

import math

from PySide6.QtCore import (
    QAbstractAnimation,
    QAbstractTableModel,
    QEasingCurve,
    QModelIndex,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSlider,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from guiad.anim import notation as n
from guiad.anim.timeline import Frame, Kind, Mode, Phase, Step, Timeline, too_large_message
from guiad.core.graph import Graph
from guiad.ui import theme
from guiad.ui.graph_scene import CURRENT_FILL, SELECTED_ROW, GraphScene, GraphView
from guiad.ui.guard import guarded

STEP_MS = 1100  # one step at 1× speed
TOKEN_SHARE = 0.7  # the token travels during this share of a step
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0)
PHASE_COLORS = {Phase.FORWARD: theme.FORWARD, Phase.BACKWARD: theme.BACKWARD, Phase.DONE: "#334155"}
COLUMNS = ("node", "vᵢ", "local ∂", "dvᵢ/dx", "v̄ᵢ")
COLUMN_TIPS = (
    "the node: vᵢ and its op",
    "the value vᵢ (forward pass)",
    "the local partial ∂vᵢ/∂(each input of vᵢ), one per input",
    "the dot derivative dvᵢ/dx (v̇ᵢ in the seed post; forward mode)",
    "the adjoint v̄ᵢ = ∂y/∂vᵢ (reverse mode)",
)


_ROLES = {
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.TextAlignmentRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.FontRole,
}


class WalkthroughTableModel(QAbstractTableModel):
    """One row per node: vᵢ, its local partial(s), v̇ᵢ, v̄ᵢ, as far as the step has got."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._timeline: Timeline | None = None
        self.highlighted_row = -1  # the node selected in the chain strip

    def set_timeline(self, timeline: Timeline | None) -> None:
        self.beginResetModel()
        self._timeline = timeline
        self.endResetModel()

    def refresh(self) -> None:
        """The step changed: every cell may have changed (rows ≤ a few dozen)."""
        if self.rowCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    @guarded(default=0)
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        if parent.isValid() or self._timeline is None:
            return 0
        return len(self._timeline.graph.nodes)

    @guarded(default=0)
    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 (Qt override)
        return 0 if parent.isValid() else len(COLUMNS)

    @guarded
    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return COLUMN_TIPS[section]
        return None

    def cell_text(self, row: int, column: int) -> str:
        timeline = self._timeline
        if timeline is None:
            return ""
        frame = timeline.frame
        graph = timeline.graph
        if column == 0:
            return f"{n.v(row)}  {n.node_title(graph, row)}"
        if column == 1:
            if row == frame.failed_node and not math.isfinite(frame.values.get(row, math.nan)):
                return "undefined"
            if row in frame.muted:
                return "—"
            return n.fmt(frame.values[row]) if row in frame.values else ""
        if column == 2:
            keys = [(row, k) for k in range(len(graph.nodes[row].inputs))]
            shown = [n.fmt(frame.partials[key]) for key in keys if key in frame.partials]
            return ", ".join(shown)
        if column == 3:
            return n.fmt(frame.dots[row]) if row in frame.dots else ""
        return n.fmt(frame.adjoints[row]) if row in frame.adjoints else ""

    @guarded
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role not in _ROLES or not index.isValid() or self._timeline is None:
            return None
        row, column = index.row(), index.column()
        frame: Frame = self._timeline.frame
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row == frame.failed_node or (row, 0) in frame.failed_edges and column == 2:
                return QColor(theme.UNDEFINED)
            if row in frame.muted:
                return QColor(theme.MUTED)
            if column == 4:
                return QColor(theme.BACKWARD)
            if column in (1, 2, 3):
                return QColor(theme.FORWARD)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and row == self.highlighted_row:
            return QColor(SELECTED_ROW)
        if role == Qt.ItemDataRole.BackgroundRole and row == self._timeline.current.node:
            return QColor(CURRENT_FILL)
        if role == Qt.ItemDataRole.FontRole and row == self._timeline.current.node:
            font = QFont()
            font.setBold(True)
            return font
        return None


def _set_style(widget: QWidget, sheet: str) -> None:
    """Set a style sheet only when it changes (re-polishing costs milliseconds)."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


def _button(text: str, tip: str, icon: QStyle.StandardPixmap | None = None) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    if icon is not None:
        button.setIcon(button.style().standardIcon(icon))
    button.setToolTip(tip)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setAutoRaise(True)
    button.setMinimumWidth(30)
    return button


class WalkthroughPanel(QWidget):
    """Forward then backward pass at x0. MainWindow calls the setters."""

    step_changed = Signal(int)
    playing_changed = Signal(bool)
    mode_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._graph: Graph | None = None
        self._x0 = 2.0
        self._mode = Mode.REVERSE
        self._timeline: Timeline | None = None
        self._speed = 1.0
        self._highlight = -1  # the node selected in the chain strip
        self._too_large: str | None = None  # why the graph is not animated, if it is not
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.scene = GraphScene(self)
        self.view = GraphView(self.scene)
        self.model = WalkthroughTableModel(self)
        self.table = QTableView()
        self._build_table()
        self.banner = QLabel()
        self.phase_label = QLabel()
        self.check_label = QLabel()
        self._build_labels()

        self._timer = QTimer(self)  # advances the timeline while playing
        self._timer.timeout.connect(self._on_tick)
        self._token_animation = QVariantAnimation(self)
        self._token_animation.setStartValue(0.0)
        self._token_animation.setEndValue(1.0)
        self._token_animation.setEasingCurve(QEasingCurve.Type.InOutSine)
        self._token_animation.valueChanged.connect(self._on_token_moved)
        self._token_animation.finished.connect(self._on_token_arrived)

        self._build_actions()
        self._build_layout()
        self._set_speed(1.0)
        self._show_current()

    # ---- building -------------------------------------------------------------------------

    def _build_table(self) -> None:
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        # sized once per rebuild (_size_columns): resizing to contents on every step would
        # query every cell several times per step
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setToolTip(
            "vᵢ: the value; local ∂: ∂vᵢ/∂(its input); dvᵢ/dx: the dot derivative (forward mode); "
            "v̄ᵢ = ∂y/∂vᵢ (reverse mode)"
        )

    def _build_labels(self) -> None:
        font = QFont()
        font.setPointSizeF(12.5)
        self.banner.setFont(font)
        self.banner.setWordWrap(True)
        self.banner.setMinimumHeight(44)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.phase_label.setMinimumWidth(92)
        self.phase_label.setFixedHeight(30)
        self.phase_label.setToolTip("The pass the current step belongs to")
        self.check_label.setWordWrap(True)  # long numbers must not widen the window
        self.check_label.setToolTip(
            "At the end: f′ by reverse mode (v̄₀), by forward mode (dy/dx), and a central "
            "finite difference (f(x0+h) − f(x0−h)) / 2h as an independent estimate"
        )

    def _build_actions(self) -> None:
        """Actions with shortcuts (the window may put them in a menu too)."""
        self.play_action = self._action("Play", "Space", self.toggle_play, "Play / pause (Space)")
        self.back_action = self._action("Step back", "Left", self.step_back, "Step back (Left)")
        self.forward_action = self._action(
            "Step forward", "Right", self.step_forward, "Step forward (Right)"
        )
        self.restart_action = self._action("Restart", "Home", self.restart, "Restart (Home)")
        self.end_action = self._action("Go to end", "End", self.go_to_end, "Go to the end (End)")

    def _action(self, text: str, key: str, slot, tip: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.phase_label, 0, Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.banner, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([830, 350])
        self.splitter = splitter
        # a graph over MAX_ANIMATED_NODES: a message in place of the graph and the table
        self.too_large_label = QLabel()
        self.too_large_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.too_large_label.setWordWrap(True)
        font = QFont()
        font.setPointSizeF(13.0)
        self.too_large_label.setFont(font)
        _set_style(self.too_large_label, f"color: {theme.MUTED}; padding: 24px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(splitter)
        self.stack.addWidget(self.too_large_label)

        controls = QHBoxLayout()
        icons = QStyle.StandardPixmap
        self.restart_button = _button("Restart", "Restart (Home)", icons.SP_MediaSkipBackward)
        self.back_button = _button("Back", "Step back (Left)", icons.SP_MediaSeekBackward)
        self.play_button = _button("Play", "Play / pause (Space)", icons.SP_MediaPlay)
        self.forward_button = _button("Forward", "Step forward (Right)", icons.SP_MediaSeekForward)
        self.end_button = _button("End", "Go to the end (End)", icons.SP_MediaSkipForward)
        self.restart_button.clicked.connect(self.restart)
        self.back_button.clicked.connect(self.step_back)
        self.play_button.clicked.connect(self.toggle_play)
        self.forward_button.clicked.connect(self.step_forward)
        self.end_button.clicked.connect(self.go_to_end)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slider.setToolTip("Scrub through the steps")
        self.slider.valueChanged.connect(self._on_slider)
        self.step_label = QLabel()
        self.step_label.setMinimumWidth(70)
        self.speed_box = QComboBox()
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed:g}×", speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.setToolTip("Playback speed")
        self.speed_box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.speed_box.currentIndexChanged.connect(
            lambda i: self._set_speed(self.speed_box.itemData(i))
        )
        self.loop_box = QCheckBox("Loop")
        self.loop_box.setToolTip("Start again after the last step while playing")
        self.loop_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.mode_box = QComboBox()
        self.mode_box.addItem("Reverse mode", Mode.REVERSE)
        self.mode_box.addItem("Forward mode", Mode.FORWARD)
        self.mode_box.setToolTip(
            "Reverse mode: forward pass, then adjoints from y back to x. "
            "Forward mode: dot derivatives from x to y, as in the seed post's table."
        )
        self.mode_box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.mode_box.currentIndexChanged.connect(
            lambda i: self.set_mode(self.mode_box.itemData(i))
        )
        self.fit_button = _button("Fit", "Fit the graph to the view")
        self.fit_button.clicked.connect(self.view.fit)
        for widget in (
            self.restart_button,
            self.back_button,
            self.play_button,
            self.forward_button,
            self.end_button,
        ):
            controls.addWidget(widget)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.step_label)
        controls.addWidget(self.speed_box)
        controls.addWidget(self.loop_box)
        controls.addWidget(self.mode_box)
        controls.addWidget(self.fit_button)
        self._controls: list[QWidget] = [
            self.restart_button,
            self.back_button,
            self.play_button,
            self.forward_button,
            self.end_button,
            self.slider,
            self.speed_box,
            self.loop_box,
            self.mode_box,
            self.fit_button,
        ]

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.check_label)
        layout.addLayout(controls)

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
        if graph == self._graph:
            return
        self._graph = graph
        self._rebuild()

    def set_x0(self, x0: float) -> None:
        x0 = float(x0)
        if x0 == self._x0 or not math.isfinite(x0):
            return
        self._x0 = x0
        self._rebuild()

    def set_mode(self, mode: Mode | str) -> None:
        mode = Mode(mode)
        if mode is self._mode:
            return
        self._mode = mode
        self.mode_box.blockSignals(True)
        self.mode_box.setCurrentIndex(list(Mode).index(mode))
        self.mode_box.blockSignals(False)
        self._rebuild()
        self.mode_changed.emit(mode.value)

    def set_speed(self, speed: float) -> None:
        """Playback speed, 0.25× to 4× (the nearest offered speed is chosen)."""
        nearest = min(SPEEDS, key=lambda s: abs(math.log(s) - math.log(max(speed, 1e-9))))
        self.speed_box.setCurrentIndex(SPEEDS.index(nearest))

    def set_loop(self, loop: bool) -> None:
        self.loop_box.setChecked(loop)

    def seek(self, index: int) -> None:
        """Show step ``index`` at once (no token animation)."""
        if self._timeline is None:
            return
        self._timeline.seek(index)
        self._show_current()

    def step_forward(self) -> None:
        if self._timeline is None or self._timeline.at_end:
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

    def _rebuild(self) -> None:
        """A new timeline for the graph, x0 and mode; keep the step position if it fits."""
        old = self._timeline
        self._stop_token()
        self._set_too_large(None if self._graph is None else too_large_message(self._graph))
        if self._too_large is not None:
            # never build it: a large graph would freeze the window (the plots still show it)
            self.pause()
            self._timeline = None
            self.model.set_timeline(None)
            self._show_highlight()
            self._show_current()
            return
        if self._graph is None:
            self._timeline = None
        else:
            try:
                timeline = Timeline(self._graph, self._x0, self._mode)
            except Exception as error:  # noqa: BLE001 (never let one bad graph kill the app)
                self._timeline = None
                self.model.set_timeline(None)
                self.banner.setText(f"The walkthrough cannot be built: {error}")
                return
            if old is not None:
                timeline.carry_position(old)
            self._timeline = timeline
        if self._graph is not None:
            self.scene.set_graph(self._graph)
        self.model.set_timeline(self._timeline)
        self._show_highlight()
        self._size_columns()
        self.view.fit()
        self._show_current()

    def _set_too_large(self, message: str | None) -> None:
        """Show ``message`` in place of the graph and disable the controls (None: undo that)."""
        self._too_large = message
        self.too_large_label.setText(message or "")
        self.stack.setCurrentWidget(self.splitter if message is None else self.too_large_label)
        for widget in self._controls:
            widget.setEnabled(message is None)
        for action in self.actions():
            action.setEnabled(message is None)

    def _size_columns(self) -> None:
        """Fit the columns to the full table (the last step shows every number)."""
        timeline = self._timeline
        if timeline is None:
            return
        index = timeline.index
        timeline.seek(len(timeline) - 1)
        header = self.table.horizontalHeader()
        widths = []
        for column in range(self.model.columnCount()):
            content = max(self.table.sizeHintForColumn(column), header.sectionSizeHint(column))
            widths.append(content + 10)  # room for the bold current row
            header.resizeSection(column, widths[-1])
        timeline.seek(index)
        # give the table the width it needs (up to half the panel); the graph gets the rest
        needed = sum(widths) + self.table.verticalScrollBar().sizeHint().width() + 8
        total = sum(self.splitter.sizes())
        if total > 0:
            table = min(needed, total // 2)
            self.splitter.setSizes([total - table, table])

    def _show_current(self, animate: bool = False) -> None:
        timeline = self._timeline
        if timeline is None:
            if self._too_large is None:
                text = "Build a chain (or type an expression) to see the walkthrough."
            else:
                text = "Too many nodes to animate."
            self.banner.setText(text)
            _set_style(self.banner, f"color: {theme.MUTED};")
            self.phase_label.setText("")
            _set_style(self.phase_label, "")  # no empty coloured pill
            self.check_label.setText("")
            self.slider.setEnabled(False)
            self.step_label.setText("")
            return
        step = timeline.current
        self.model.refresh()
        self.table.scrollTo(self.model.index(step.node, 0))
        self._show_banner(step)
        self._show_check(step)
        self.slider.setEnabled(True)
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(timeline) - 1)
        self.slider.setValue(timeline.index)
        self.slider.blockSignals(False)
        self.step_label.setText(f"step {timeline.index + 1}/{len(timeline)}")
        self.view.follow(self.scene.nodes[step.node].pos())
        if not (animate and self._start_token(timeline)):
            self._stop_token()
            self.scene.show_step(step, self._mode)
        self.step_changed.emit(timeline.index)

    def _show_banner(self, step: Step) -> None:
        color = PHASE_COLORS[step.phase]
        if step.kind in (Kind.FAILURE, Kind.BLOCKED) or (
            step.kind is Kind.DONE and math.isnan(step.number)
        ):
            color = theme.UNDEFINED
        self.banner.setText(step.banner)
        _set_style(self.banner, f"color: {color};")
        phase_color = PHASE_COLORS[step.phase]
        self.phase_label.setText(step.phase.value)
        _set_style(
            self.phase_label,
            f"color: white; background: {phase_color}; border-radius: 8px;"
            "padding: 3px 8px; font-weight: bold;",
        )

    def _show_check(self, step: Step) -> None:
        if step.phase is Phase.DONE:
            self.check_label.setText("Check:  " + self._timeline.check.text())
            _set_style(self.check_label, "color: #0f172a;")
        else:
            self.check_label.setText(
                "Check (at the end): reverse-mode f′, forward-mode f′ and a finite difference"
            )
            _set_style(self.check_label, f"color: {theme.MUTED};")

    def _start_token(self, timeline: Timeline) -> bool:
        """Send a token along the step's edge; the graph shows the step once it arrives."""
        self._token_animation.stop()
        if timeline.index == 0:
            return False
        self.scene.show_step(timeline.steps[timeline.index - 1], self._mode)
        if not self.scene.start_token(timeline.current):
            return False
        self._token_animation.setDuration(max(1, int(STEP_MS * TOKEN_SHARE / self._speed)))
        self._token_animation.start()
        return True

    def _stop_token(self) -> None:
        """Stop the token where it is and show the current step in full."""
        if self._token_animation.state() != QAbstractAnimation.State.Stopped:
            self._token_animation.stop()
            if self._timeline is not None:
                self.scene.show_step(self._timeline.current, self._mode)
        self.scene.hide_token()

    def _on_token_arrived(self) -> None:
        self.scene.hide_token()
        if self._timeline is not None:
            self.scene.show_step(self._timeline.current, self._mode)

    def _on_token_moved(self, value) -> None:
        self.scene.set_token_progress(float(value))

    def _on_tick(self) -> None:
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
        self._size_columns()  # the splitter has its real width only now

    @guarded
    def hideEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.pause()  # nothing keeps ticking behind a hidden panel
        super().hideEvent(event)

    @guarded
    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.stop()
        super().closeEvent(event)

    # ---- exports (the window puts these in menus) -----------------------------------------

    def export_gif(self, path: str, size: tuple[int, int] = (1200, 450)) -> int:
        """The whole walkthrough as an animated GIF; returns the number of frames."""
        from guiad.ui.walkthrough_export import export_panel_gif

        return export_panel_gif(self, path, size)

    def export_frame_png(self, path: str) -> None:
        from guiad.ui.walkthrough_export import export_frame_png

        self._refuse_if_too_large()
        export_frame_png(self, path)

    def export_frame_svg(self, path: str) -> None:
        from guiad.ui.walkthrough_export import export_frame_svg

        self._refuse_if_too_large()
        export_frame_svg(self, path)

    def export_csv(self, path: str) -> None:
        from guiad.ui.walkthrough_export import export_csv

        export_csv(self._require_timeline(), path)

    def export_python(self, path: str) -> None:
        from guiad.anim.python_export import write_script

        timeline = self._require_timeline()
        write_script(timeline.graph, timeline.x0, path)

    def _refuse_if_too_large(self) -> None:
        if self._too_large is not None:
            raise ValueError(self._too_large)

    def _require_timeline(self) -> Timeline:
        self._refuse_if_too_large()
        if self._timeline is None:
            raise ValueError("there is no walkthrough to export: build a chain first")
        return self._timeline
