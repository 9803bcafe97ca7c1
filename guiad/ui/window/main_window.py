"""The main window: builds the views, the menus, and wires signals. No logic of its own
beyond the window's lifetime (start, close); opening, saving and autosaving files is its part
``files`` (file_actions.WindowFiles), the Edit menu and palette Enter its part ``edits``
(edits.ChainEdits).

Public handles for other code and tests: ``document`` (ChainDocument), ``undo_stack``,
``editor`` (every edit goes through it), ``palette``, ``strip``, ``expression_box``, ``plots``,
``walkthrough``, ``add_export_actions(actions)``, ``open_path(path)``, ``save_to(path)``,
``is_modified()``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from guiad.core.document import SETTINGS, SKETCH, ChainDocument, Change
from guiad.core.expression import parse
from guiad.core.fileformat import FileFormatError, Settings
from guiad.core.graph import Graph
from guiad.ui import theme
from guiad.ui.canvas.mode import BuildMode
from guiad.ui.chain.commands import Editor
from guiad.ui.chain.expression_box import ExpressionBox
from guiad.ui.chain.model import ChainModel, PaletteModel
from guiad.ui.chain.palette import Palette
from guiad.ui.chain.strip import ChainStrip, GraphNoteLine, graph_note
from guiad.ui.cost.dock import CostDock
from guiad.ui.guard import guarded
from guiad.ui.plots.panel import PlotPanel
from guiad.ui.walkthrough.panel import WalkthroughPanel
from guiad.ui.widgets import text_scale
from guiad.ui.window import dialogs
from guiad.ui.window.edits import ChainEdits, make_action
from guiad.ui.window.error_overlay import ErrorOverlay
from guiad.ui.window.file_actions import WindowFiles
from guiad.ui.window.files import Storage, display_name
from guiad.ui.window.layout import LAYOUT_VERSION, BuildRoom, LayoutMenu, PlayRoom, Stage
from guiad.ui.window.notation_menu import NotationMenu
from guiad.ui.window.presenter import PresenterMenu
from guiad.ui.window.stack import PlotStack
from guiad.ui.window.status import describe_state

if TYPE_CHECKING:
    from guiad.ui.cost.meter import CostMeter
    from guiad.ui.surface.panel import SurfacePanel
    from guiad.ui.tutor.box import TutorMode
    from guiad.ui.tutor.lesson_bar import Lessons
    from guiad.ui.window.exports import Exporter

log = logging.getLogger(__name__)

SEED = "exp(sin(sin(x)))"
MIN_WINDOW = (1024, 700)  # the smallest window in which every part works uncut
STRIP_HEIGHT = 66  # the strip's cards are 44 px high; the rest is room for the scroll bar
HINT_MIN_WIDTH = 900  # narrower chain panels drop the drag-and-drop hint
HINT_WIDTH = 230  # the hint's box at 1× (wider at the presenter's scales, as its words)


class ChainPanel(QWidget):
    """The top strip: chain cards with a short hint beside them, the expression below."""

    def __init__(self, strip: ChainStrip, expression_box: ExpressionBox):
        super().__init__()
        self.setObjectName("chainPanel")
        strip.setFixedHeight(STRIP_HEIGHT)
        self.hint = QLabel(
            "Drag ops from the palette into the chain; drag cards to reorder, or back to the "
            "palette to delete."
        )
        self.hint.setWordWrap(True)
        self.hint.installEventFilter(self)
        self._strip = strip
        text_scale.set_sheet(self.hint, f"color: {theme.HINT_TEXT}; font-size: 11px;")
        self.note = GraphNoteLine()  # a graph that is not a chain: one line, no cards
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(strip, 1)
        row.addWidget(self.hint, 0, Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 2, 10, 6)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(expression_box)
        # no taller than its rows: the dock gives back the strip's room when the note replaces it
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.note.hide()

    def show_graph(self, graph: Graph, building: bool = False) -> bool:
        """The strip for a chain (its cards, or the empty slot); for a graph, its note alone.
        Whether that changed the panel's height."""
        chain = graph.chain() is not None
        changed = self._strip.isHidden() == chain
        self._strip.setVisible(chain)
        self.note.setVisible(not chain)
        if not chain:
            self.note.set_note(graph_note(graph, building))
        self._fit_hint()
        return changed

    @guarded
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_hint()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if watched is self.hint and event.type() == QEvent.Type.StyleChange:
            self._fit_hint()  # (View ▸ Presenter scaled its font)
        return False

    def _fit_hint(self) -> None:
        """The hint at the presenter's scale, shown only where it fits beside the strip: at 2×
        its 22 px words ran out of their box (three lines clipped); and only beside cards (a
        graph's note says there are none to drag)."""
        width = text_scale.scaled(HINT_WIDTH)
        self.hint.setFixedWidth(width)
        fits = self.hint.heightForWidth(width) <= STRIP_HEIGHT
        chain = self._strip.chain_model().editor.can_edit_chain()
        self.hint.setVisible(fits and chain and self.width() >= HINT_MIN_WIDTH)


def _close_anyway(window: QMainWindow, event: QCloseEvent) -> None:
    """A close that failed half-way still closes: a recurring bug must not trap the user, and
    the autosave (written on every change, never cleared on this path) keeps the work."""
    event.accept()


class MainWindow(QMainWindow):
    def __init__(
        self,
        path: str | Path | None = None,
        *,
        storage: Storage | None = None,
        restore: bool = True,
        autosave: bool = True,
    ):
        super().__init__()
        self.storage = storage if storage is not None else Storage()
        self.document = ChainDocument(parse(SEED), Settings())
        self.undo_stack = QUndoStack(self)
        self.editor = Editor(self.document, self.undo_stack)
        self.files = WindowFiles(
            self, self.document, self.editor, self.undo_stack, self.storage, autosave
        )

        self.setAcceptDrops(True)  # a .guiad.json dropped from the file manager opens
        self._build_views()
        self._build_menus()
        self._wire()
        self._restore_geometry()
        self._start(path, restore)
        self.strip.setFocus()  # no text caret blinking in a field the user did not pick

    # ---- building ------------------------------------------------------------------

    def _build_views(self) -> None:
        self.plots = PlotPanel(self)
        self.walkthrough = WalkthroughPanel(self)
        self.walkthrough.set_settings(self.storage.settings)  # reduce motion is remembered
        # build mode: the canvas over the walkthrough's graph (made when first turned on)
        self.build_mode = BuildMode(self.walkthrough, self.document, self.undo_stack)
        # tutor mode and the lessons are made after the first frame (``finish_start``)
        self._tutor: TutorMode | None = None
        self._lessons: Lessons | None = None
        # a graph of several inputs is shown as a heat map with slices where the 1-D plots are
        self.plot_stack = PlotStack(self.plots)
        self.stage = Stage(self.plot_stack, self.walkthrough)
        self.setCentralWidget(self.stage)

        self.palette_model = PaletteModel(self.editor, self)
        self.palette = Palette(self.palette_model)
        self.palette_dock = self._dock(
            "Ops", "palette", self.palette, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.palette_dock.setMinimumWidth(220)
        # what the walkthrough's gradient cost, reverse against forward mode (View menu); the
        # meter is made when its dock is first shown (~28 ms of the start for a hidden dock)
        self.cost_dock = CostDock(self, self.storage.settings)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.cost_dock)
        self.cost_dock.hide()

        self.chain_model = ChainModel(self.editor, self)
        self.strip = ChainStrip(self.chain_model)
        self.expression_box = ExpressionBox()
        self.chain_panel = ChainPanel(self.strip, self.expression_box)
        self.chain_dock = self._dock(
            "Chain", "chain", self.chain_panel, Qt.DockWidgetArea.TopDockWidgetArea
        )
        self.chain_dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.error_overlay = ErrorOverlay(self.expression_box, self)  # (over the plots' top)
        self.chain_dock.setTitleBarWidget(QWidget())
        self.setCorner(Qt.Corner.TopLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.resizeDocks([self.palette_dock], [260], Qt.Orientation.Horizontal)
        # while the walkthrough plays a graph too large for its room, it takes the room
        self.play_room = PlayRoom(self.stage, (self.palette_dock, self.chain_dock))
        self.build_room = BuildRoom(self.stage, self.build_mode.wanted_height)  # the canvas too
        self.build_mode.toggled.connect(self.build_room.set_building)
        self.build_mode.toggled.connect(self._on_build_toggled)
        self.build_mode.room_wanted.connect(lambda: self.build_room.set_building(True))
        self.setTabOrder(self.palette.filter_box, self.palette.list)
        self.setTabOrder(self.palette.list, self.strip)
        self.setTabOrder(self.strip, self.expression_box.edit)
        self.statusBar().setSizeGripEnabled(True)
        # the current state; passing messages (saved, exported) cover it for a while
        self.status_label = QLabel()
        self.status_label.setObjectName("statusState")
        self.status_label.setContentsMargins(6, 0, 0, 0)
        self.statusBar().addWidget(self.status_label, 1)

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{name}Dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        return make_action(self, text, slot, shortcut, tip)

    def _build_menus(self) -> None:
        self._build_file_menu()
        self._build_edit_menu()
        self._build_view_menu()
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("&Keyboard shortcuts", self._show_shortcuts, "F1"))
        help_menu.addAction(self._action("&About guiad", lambda: dialogs.show_about(self)))

    def _build_file_menu(self) -> None:
        keys = QKeySequence.StandardKey
        file_menu = self.menuBar().addMenu("&File")
        files = self.files
        self.new_action = self._action("&New", files.new_file, keys.New)
        self.open_action = self._action("&Open…", files.open_file, keys.Open)
        self.save_action = self._action("&Save", files.save, keys.Save)
        self.save_as_action = self._action("Save &As…", files.save_as, "Ctrl+Shift+S")
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q")
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(lambda: files.fill_recent_menu(self.recent_menu))
        self.examples_menu = file_menu.addMenu("E&xamples")
        self.examples_menu.aboutToShow.connect(lambda: files.fill_examples_menu(self.examples_menu))
        self.lessons_menu = file_menu.addMenu("&Lessons")
        self.lessons_menu.aboutToShow.connect(lambda: self.lessons)
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.save_as_action])
        self.export_menu = file_menu.addMenu("&Export")
        self._exporter: Exporter | None = None  # made when the menu first opens
        self.export_menu.aboutToShow.connect(lambda: self.exporter)
        self.plots.use_settings(self.storage.settings)  # FD lab h, readout digits, image size
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

    def _build_edit_menu(self) -> None:
        self.edits = ChainEdits(self, self)
        self.edits.fill_menu(self.menuBar().addMenu("&Edit"))
        e = self.edits  # (the window's names for its actions, as menus and tests use them)
        self.undo_action, self.redo_action = e.undo_action, e.redo_action
        self.delete_action, self.left_action = e.delete_action, e.left_action
        self.right_action, self.param_action = e.right_action, e.param_action

    def _build_view_menu(self) -> None:
        view_menu = self.menuBar().addMenu("&View")
        palette_action = self.palette_dock.toggleViewAction()
        palette_action.setShortcut(QKeySequence("Ctrl+0"))
        palette_action.setProperty("help_text", "Show or hide the ops palette")
        view_menu.addAction(palette_action)
        cost_action = self.cost_dock.toggleViewAction()
        cost_action.setText("&Cost of the gradient")
        view_menu.addAction(cost_action)
        self.layout_menu = LayoutMenu(self.stage, self)
        view_menu.addMenu(self.layout_menu.menu)
        view_menu.addAction(self.build_mode.action)
        view_menu.addAction(self.walkthrough.controls.reduce_motion_action)
        # the saved style is set here, before the first document is shown (``_start``)
        self.notation_menu = NotationMenu(self, self.storage.settings)
        self.notation_menu.changed.connect(self.walkthrough.refresh_notation)
        view_menu.addMenu(self.notation_menu.menu)
        self.presenter_menu = PresenterMenu(self, self.storage.settings)  # (the saved scale)
        self.presenter_menu.changed.connect(self.walkthrough.set_presenter_scale)
        self.walkthrough.set_presenter_scale(self.presenter_menu.scale())
        view_menu.addMenu(self.presenter_menu.menu)
        view_menu.addSeparator()
        view_menu.addAction(self.walkthrough.teaching.overwrite_action)  # tutor mode's go before it
        self.view_menu = view_menu

    def finish_start(self) -> None:
        """Make what the first frame does not show: tutor mode, the lessons, the examples
        menu and File ▸ Export's actions (~15 ms of imports, files read and widgets made).
        Called once the window has painted; whatever asks for them earlier makes them then."""
        self.files.restore_shown()
        self.files.offer_set_aside()
        self.files.fill_examples_menu(self.examples_menu)
        self.tutor  # noqa: B018 (made now)
        self.lessons  # noqa: B018
        self.exporter  # noqa: B018

    @property
    def tutor(self) -> TutorMode:
        """Tutor mode; its entries go into View before the fan-out mistake."""
        if self._tutor is None:
            from guiad.ui.tutor.box import TutorMode

            self._tutor = TutorMode(self.walkthrough, self.storage.settings)
            before = self.walkthrough.teaching.overwrite_action
            self.view_menu.insertAction(before, self._tutor.action)
            self.view_menu.insertMenu(before, self._tutor.ask_menu)
        return self._tutor

    @property
    def exporter(self) -> Exporter:
        """File ▸ Export's actions (plots, then the walkthrough), ahead of any added since."""
        if self._exporter is None:
            from guiad.ui.window.exports import PLOTS, WALKTHROUGH, Exporter

            self._exporter = Exporter(self, self.storage.settings)
            menu = self.export_menu
            before = next(iter(menu.actions()), None)
            menu.insertActions(before, self._exporter.actions_for(PLOTS))
            menu.insertSeparator(before)
            menu.insertActions(before, self._exporter.actions_for(WALKTHROUGH))
        return self._exporter

    @property
    def lessons(self) -> Lessons:
        """File ▸ Lessons, filled with the shipped lessons."""
        if self._lessons is None:
            from guiad.ui.tutor.lesson_bar import Lessons

            self._lessons = Lessons(self, self.lessons_menu)
        return self._lessons

    def add_export_actions(self, actions: Iterable[QAction]) -> None:
        """File ▸ Export: the plot and walkthrough exports go here."""
        for action in actions:
            if action.parent() is None:
                action.setParent(self)
            self.export_menu.addAction(action)

    # ---- wiring ----------------------------------------------------------------------

    def _wire(self) -> None:
        self.document.changed.append(self._on_document_changed)
        self.undo_stack.cleanChanged.connect(self.files.update_title)
        # the autosave of an edit runs inside its undo command, before the stack counts it:
        # written again when the stack turns unclean, so a crash restores it as unsaved
        self.undo_stack.cleanChanged.connect(self.files.autosave)
        self.editor.source_changed.append(self.files.update_title)
        self.palette.op_activated.connect(self.insert_op)
        self.strip.param_edit_requested.connect(self.edit_param)
        self.strip.selected_row_changed.connect(self._on_card_selected)
        self.expression_box.graph_entered.connect(self.editor.set_graph)
        self.plots.x0_changed.connect(self.walkthrough.set_x0)
        self.plots.fd_lab_changed.connect(self._on_fd_lab_changed)
        self.walkthrough.teaching.overwrite_action.toggled.connect(self.plots.set_overwrite_mistake)
        self.walkthrough.timeline_changed.connect(
            lambda: self.cost_dock.show_timeline(self.walkthrough.timeline)
        )
        self.walkthrough.controls.output_box.output_shown.connect(self._show_document)
        self._on_fd_lab_changed(self.plots.fd_lab(), self.plots.fd_step())
        self.plots.x0_changed.connect(self._on_x0_changed)
        self.plots.range_changed.connect(self._on_range_changed)
        self.plot_stack.point_changed.connect(self._on_point_changed)
        self.plot_stack.ranges_changed.connect(self._on_ranges_changed)

    def _on_document_changed(self, change: Change) -> None:
        if change.kind == SETTINGS:
            shown = self.walkthrough.subject.shown_graph(self.document.graph)
            self.plot_stack.follow_settings(shown, self.document.settings)
        elif change.kind != SKETCH:  # (a canvas move or Tidy: the same graph, the canvas's own)
            self._show_document()
        self.files.update_title()
        self.files.autosave()

    def _relayout_now(self) -> None:
        """The docks' and views' new room now, not animated over the next events: the views
        below are built once, for the room they keep (and renders are the same every time)."""
        animated = self.isAnimated()
        self.setAnimated(False)
        for widget in (self.chain_panel, self.chain_dock, self):  # inside out: each size hint
            widget.layout().activate()
        self.setAnimated(animated)

    def _show_document(self) -> None:
        """The graph and its settings reach each view together: a file opened with another
        range and x0 is evaluated once and its walkthrough built once, with its own settings.
        Of a function of several outputs the plots, the surface and the expression box show
        the one picked in the walkthrough's output list (the last, until one is picked)."""
        graph, s = self.document.graph, self.document.settings
        shown = self.walkthrough.subject.shown_graph(graph)
        if self.chain_panel.show_graph(graph, self.build_mode.is_on()):
            self._relayout_now()
        self.stage.set_plots_least(self.plot_stack.show_graph(shown, s))
        self.expression_box.set_graph(shown, self.walkthrough.subject.shown_note(graph))
        if shown != self.plots.graph() and self.plots.range() != (s.x_min, s.x_max, s.points):
            self.plots.set_graph(None)  # so the new range does not re-evaluate the old graph
        if graph != self.walkthrough.graph() and s.x0 != self.walkthrough.x0():
            self.walkthrough.set_graph(None)  # so the new x0 does not rebuild the old one
        self.plots.set_range(s.x_min, s.x_max, s.points)
        self.plots.set_x0(s.x0)
        self.walkthrough.set_point(s.point(graph.inputs))
        self.plots.set_graph(shown if graph.n_inputs == 1 else None)
        self.walkthrough.set_graph(graph)
        self._on_card_selected(self.strip.selected_row())

    def _on_range_changed(self, x_min: float, x_max: float, points: int) -> None:
        self._update_settings(x_min=float(x_min), x_max=float(x_max), points=int(points))

    @property
    def cost_meter(self) -> CostMeter:
        """The cost meter in its dock (made on first use)."""
        return self.cost_dock.meter

    def _on_fd_lab_changed(self, on: bool, h: float) -> None:
        """The check line's finite difference uses the FD lab's h while the lab is on."""
        self.walkthrough.set_check_step(h if on else None)

    def _on_x0_changed(self, x0: float) -> None:
        self._update_settings(x0=float(x0))

    @property
    def surface(self) -> SurfacePanel | None:
        """The surface view, once a function of several inputs has been shown."""
        return self.plot_stack.surface

    def _on_point_changed(self, point: tuple[float, ...]) -> None:
        """The surface view's point: to the walkthrough, and kept in the document."""
        self.walkthrough.set_point(point)
        moved = self.document.settings.with_point(self.document.graph.inputs, point)
        self._update_settings(x0=moved.x0, others=moved.others)

    def _on_ranges_changed(self, ranges: dict[str, tuple[float, float]]) -> None:
        """The surface view's box: its inputs' ranges kept in the document (the first input's
        is the line plots' x_min and x_max)."""
        s = self.document.settings.with_ranges(self.document.graph.inputs, ranges)
        self._update_settings(x_min=s.x_min, x_max=s.x_max, others=s.others)

    def _update_settings(self, **fields) -> None:
        try:
            settings = replace(self.document.settings, **fields)
        except FileFormatError as err:
            self.statusBar().showMessage(f"View settings not kept: {err}", 5000)
            return
        if settings != self.document.settings:
            self.files.note_modified()  # before the change, so the autosave knows
            self.document.set_settings(settings)

    def _on_build_toggled(self, building: bool) -> None:
        """The graph's note and the status line say what is being done (not "build it")."""
        self.chain_panel.show_graph(self.document.graph, building)
        self._show_state(self.strip.selected_row())

    def _on_card_selected(self, row: int) -> None:
        self.walkthrough.highlight_node(row + 1 if row >= 0 else -1)
        self.edits.card_selected(row)
        self._show_state(row)

    def _show_state(self, row: int) -> None:
        building = self.build_mode.is_on()
        self.status_label.setText(describe_state(self.document.graph, row, building))

    # ---- edits: the part ``edits`` does them (the palette, the strip and tests call these) --

    def insert_op(self, name: str) -> None:
        self.edits.insert_op(name)

    def edit_param(self, row: int) -> None:
        self.edits.edit_param(row)

    def _show_shortcuts(self) -> None:
        self.finish_start()  # every action exists, to be listed
        from guiad.ui.canvas.keys import KEY_HELP

        panels = {self.walkthrough: "Walkthrough (when it has the focus)"}
        groups = dialogs.shortcut_groups(self, panels)
        groups.insert(-1, ("Build mode (on the canvas)", KEY_HELP))
        dialogs.show_shortcuts(self, groups)

    # ---- files: the part ``files`` does them (menus, lessons and tests call these) ---------

    @property
    def file_path(self) -> Path | None:
        return self.files.file_path

    def is_modified(self) -> bool:
        return self.files.is_modified()

    def set_modified(self, modified: bool) -> None:
        self.files.set_modified(modified)

    def file_folder(self) -> Path:
        return self.files.file_folder()

    def maybe_save(self) -> bool:
        return self.files.maybe_save()

    def new_file(self) -> None:
        self.files.new_file()

    def open_file(self) -> None:
        self.files.open_file()

    def open_recent(self, path: Path) -> None:
        self.files.open_recent(path)

    def open_path(self, path: str | Path) -> bool:
        return self.files.open_path(path)

    def save(self) -> bool:
        return self.files.save()

    def save_to(self, path: str | Path) -> bool:
        return self.files.save_to(path)

    @guarded
    def dragEnterEvent(self, event) -> None:  # noqa: N802 (Qt override)
        """A guiad file dragged from the file manager may be dropped: it opens."""
        if self.files.dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    @guarded
    def dropEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.files.drop(event)

    # ---- showing ----------------------------------------------------------------------

    @guarded
    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        # A message shown before the window was (the restore's) leaves the status line
        # visible under it, both drawn over each other: shown again now, the line makes way.
        bar = self.statusBar()
        message = bar.currentMessage()
        if message:
            bar.clearMessage()  # (showMessage with the message it has does nothing)
            bar.showMessage(message, 8000)

    # ---- lifetime: start, autosave, close ---------------------------------------------

    def _start(self, path: str | Path | None, restore: bool) -> None:
        if path is not None:
            if self.open_path(path):
                self.undo_stack.clear()
                return
        elif restore and self.files.restore_autosave():
            return
        self._show_document()
        self.files.update_title()

    def _restore_geometry(self) -> None:
        geometry, state = self.storage.window_geometry()
        self._geometry_restored = geometry is not None and self.restoreGeometry(geometry)
        if not self._geometry_restored:
            self.setGeometry(_first_geometry(self))
        # a dock state or layout of another version is ignored: the defaults apply
        if state is not None:
            self.restoreState(state, LAYOUT_VERSION)
        if not self.cost_dock.isHidden():
            self.cost_meter  # noqa: B018 (restored open: made now, in the dock's saved size)
        self.layout_menu.restore(self.storage.settings)

    def show_first_time(self) -> None:
        """Show as the user left it, or maximized on the very first run."""
        if self._geometry_restored:
            self.show()
        else:
            self.showMaximized()

    @guarded(fallback=_close_anyway)
    def closeEvent(self, event: QCloseEvent) -> None:
        answer = dialogs.DISCARD
        if self.is_modified():
            answer = dialogs.ask_save_changes(self, display_name(self.file_path))
            if answer == dialogs.SAVE and not self.save():
                answer = dialogs.CANCEL
        if answer == dialogs.CANCEL:
            event.ignore()
            return
        if self._exporter is not None:
            self._exporter.stop_job()  # (a GIF or MP4 being written: cancelled, no file left)
        self.play_room.give_back()  # (the room a playing walkthrough took is not the layout)
        self.build_room.set_building(False)  # (nor the canvas's)
        self.storage.save_window(self.saveGeometry(), self.saveState(LAYOUT_VERSION))
        self.layout_menu.save(self.storage.settings)
        if answer == dialogs.DISCARD and self.is_modified():
            self.files.forget_autosave()  # the user chose to lose these changes
        event.accept()


def _first_geometry(window: QWidget) -> QRect:
    """The screen's available area (at least the smallest working window)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)
    width, height = MIN_WINDOW
    return QRect(area.topLeft(), area.size().expandedTo(QSize(width, height)))
