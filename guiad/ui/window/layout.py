"""The stage: the plots and the walkthrough as peers in one splitter, and View ▸ Layout.

Which parts show (both, plots only, walkthrough only) and how they sit (side by side,
stacked, or automatic: side by side once the stage is wide enough for both) are checkable
actions; the choice and the splitter's sizes are kept in QSettings under a layout version,
so a state written by an older layout is ignored rather than half-applied.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QSplitter, QStyle, QWidget

from guiad.ui.guard import guarded
from guiad.ui.walkthrough.banner import grown_height

LAYOUT_VERSION = 2  # 1: the walkthrough was a dock under the plots; bump on any change here

BOTH, PLOTS, WALKTHROUGH = "both", "plots", "walkthrough"
AUTO, SIDE_BY_SIDE, STACKED = "auto", "side", "stacked"
# From this stage width (px) "automatic" puts the parts side by side: below it, each would
# get less than ~700 px, too narrow for the walkthrough's graph beside its table.
SIDE_BY_SIDE_MIN_WIDTH = 1400
# The walkthrough's share of the stage: stacked, it gets half the height (≥ 40% of the
# window at 1280×800); side by side a little more than half, for its graph and table.
WALKTHROUGH_SHARE = {Qt.Orientation.Vertical: 0.5, Qt.Orientation.Horizontal: 0.55}
# Walkthrough first: a graph too large for that share gets the room it needs to show whole
# at a readable size (a 30-op chain at 1280×800), the plots keeping at least this height
# (stacked) or width (side by side).
PLOTS_LEAST = 150
BUILD_PLOTS_SHARE = 0.36  # the plots' share of the stage while building on the canvas
BUILD_PLOTS_LEAST = 220  # and their least (the toolbar rows and two readable plots)
PLOTS_LEAST_WIDTH = 250

SIDE_AREAS = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)

PART_ACTIONS = (
    (BOTH, "Plots &and walkthrough", "Ctrl+1"),
    (PLOTS, "&Plots only", "Ctrl+2"),
    (WALKTHROUGH, "&Walkthrough only", "Ctrl+3"),
)
ARRANGEMENT_ACTIONS = (
    (AUTO, "A&utomatic (side by side when wide)", "Ctrl+4"),
    (SIDE_BY_SIDE, "&Side by side", "Ctrl+5"),
    (STACKED, "S&tacked", "Ctrl+6"),
)


class Stage(QSplitter):
    """Plots and walkthrough; ``set_parts`` and ``set_arrangement`` are the only setters."""

    def __init__(self, plots: QWidget, walkthrough: QWidget, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setObjectName("stage")
        self.plots = plots
        self.walkthrough = walkthrough
        self.addWidget(plots)
        self.addWidget(walkthrough)
        self.setChildrenCollapsible(False)
        self.setHandleWidth(6)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 1)
        self._parts = BOTH
        self._arrangement = AUTO
        self._share_pending = True  # the default share, once the stage has its real size
        self._by_hand = False  # the splitter was dragged: its place is the least room given
        self._plots_least = (PLOTS_LEAST_WIDTH, PLOTS_LEAST)  # kept when the walkthrough grows
        self.splitterMoved.connect(self._on_moved_by_hand)
        room_wanted = getattr(walkthrough, "room_wanted", None)
        if room_wanted is not None:
            room_wanted.connect(self.make_room)

    def parts(self) -> str:
        return self._parts

    def arrangement(self) -> str:
        return self._arrangement

    def set_parts(self, parts: str) -> None:
        if parts not in (BOTH, PLOTS, WALKTHROUGH):
            raise ValueError(f"unknown parts {parts!r}")
        self._parts = parts
        self.plots.setVisible(parts != WALKTHROUGH)
        self.walkthrough.setVisible(parts != PLOTS)

    def set_arrangement(self, arrangement: str) -> None:
        if arrangement not in (AUTO, SIDE_BY_SIDE, STACKED):
            raise ValueError(f"unknown arrangement {arrangement!r}")
        self._arrangement = arrangement
        self._arrange()

    def restore(self, state: QByteArray) -> bool:
        """Sizes (and direction) from a saved state, kept unless the direction must change
        when the stage gets its real size."""
        if not self.restoreState(state):
            return False
        self._share_pending = False
        self._by_hand = True  # (the sizes the user left it at)
        return True

    def _wanted_orientation(self) -> Qt.Orientation:
        if self._arrangement == SIDE_BY_SIDE:
            return Qt.Orientation.Horizontal
        if self._arrangement == STACKED or self.width() < SIDE_BY_SIDE_MIN_WIDTH:
            return Qt.Orientation.Vertical
        return Qt.Orientation.Horizontal

    def _arrange(self) -> None:
        self._orient()
        if not self._by_hand:  # (sizes the user chose change only for a new graph)
            self._fit_room()

    def _orient(self) -> None:
        orientation = self._wanted_orientation()
        if orientation != self.orientation():
            self.setOrientation(orientation)
            self._share_pending = True  # sizes along the old direction mean nothing now
        if self._share_pending and self.isVisible():
            self._share_pending = False
            self._apply_share()

    def set_plots_least(self, size: tuple[int, int] | None) -> None:
        """The least (width, height) the plots keep when the walkthrough takes room (None:
        the line plots' PLOTS_LEAST_WIDTH, PLOTS_LEAST; the surface view needs more)."""
        self._plots_least = size or (PLOTS_LEAST_WIDTH, PLOTS_LEAST)

    def make_room(self) -> None:
        """A new graph: give the walkthrough the room it needs (its ``wanted_height``
        stacked, its ``wanted_width`` side by side), up to leaving the plots PLOTS_LEAST (or
        PLOTS_LEAST_WIDTH); at least the default share, or the place the splitter was
        dragged to."""
        self._orient()
        self._fit_room()

    def _fit_room(self) -> None:
        walkthrough = self.walkthrough
        if not hasattr(walkthrough, "wanted_height") or self._parts != BOTH:
            return
        if not self.isVisible():
            return
        plots, walk = self.sizes()
        total = plots + walk
        least = walk if self._by_hand else round(total * WALKTHROUGH_SHARE[self.orientation()])
        vertical = self.orientation() == Qt.Orientation.Vertical
        most = total - self._plots_least[1 if vertical else 0]
        target = least
        # the room for labels at the presenter's size, else at a readable size: only room
        # that shows the graph whole (a 200-node fan-out would take all for a part of it)
        for zoom in dict.fromkeys((None, _readable(walkthrough))):
            need = (
                walkthrough.wanted_height(self.width(), zoom)
                if vertical
                else walkthrough.wanted_width(self.height(), zoom)
            )
            if need <= most:
                target = max(least, math.ceil(need))
                break
        if target != walk:
            self.setSizes([total - target, target])

    def _restore_sizes(self, sizes: list[int], by_hand: bool) -> None:
        """Sizes as they were before the walkthrough took room to play (see PlayRoom)."""
        self.setSizes(sizes)
        self._by_hand = by_hand

    def _on_moved_by_hand(self, *_) -> None:
        self._by_hand = True

    def _apply_share(self) -> None:
        self._by_hand = False
        total = sum(self.sizes()) or (
            self.width() if self.orientation() == Qt.Orientation.Horizontal else self.height()
        )
        walk = round(total * WALKTHROUGH_SHARE[self.orientation()])
        self.setSizes([total - walk, walk])

    @guarded
    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._arrange()

    @guarded
    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._arrange()


class PlayRoom:
    """While the walkthrough plays a graph it cannot show whole at a readable size, it takes
    the room it needs, step by step until the graph fits: from the plots (the splitter down
    to PLOTS_LEAST, then the plots hidden), then the width of the Ops palette, then the
    height of the chain panel. All of it is given back when it stops (paused or done).
    Rosenbrock and the logistic loss showed 8 of 10 nodes at 1280×800 and 1366×768.

    In presenter mode a stop is where the lecturer talks (at Done, or at each of lecture
    mode's steps), so the room is kept while the walk is under way, and taken at the last
    step even when End jumped there; it is given back at step 0 (Home, or a new graph's
    walk starting over) and when presenter mode is left. At 1280×800 2× the seed's Done
    step was a 60 px strip of 7 px labels under "Not all in view"."""

    def __init__(self, stage: Stage, docks: Sequence[QDockWidget] = ()):
        self.stage = stage
        self.walkthrough = stage.walkthrough
        self.docks = tuple(docks)  # in the order their room is taken
        self._undo: list[Callable[[], None]] | None = None
        self._grown = 0  # how much the walkthrough's words grow by its end
        self._zoom: float | None = None  # the labels' zoom it takes room for (None: wanted)
        self.walkthrough.playing_changed.connect(self._update)
        self.walkthrough.step_changed.connect(self._paused_update)
        self.walkthrough.timeline_changed.connect(self._paused_update)  # (presenter on/off)

    def taken(self) -> bool:
        """Whether the walkthrough holds room it gives back when it stops."""
        return self._undo is not None

    def _update(self, *_) -> None:
        walk = self.walkthrough
        if walk.is_playing() or self._presenter_keeps():
            self.take()
        else:
            self.give_back()

    def _paused_update(self, *_) -> None:
        """A step or a walk while paused (while playing, the room was measured once)."""
        if not self.walkthrough.is_playing():
            self._update()

    def _presenter_keeps(self) -> bool:
        """In presenter mode: past step 0, the room taken is kept, and the last step's taken."""
        walk = self.walkthrough
        timeline = walk.timeline
        if walk.view.text_scale() <= 1.0 or timeline is None or timeline.index == 0:
            return False
        return self.taken() or timeline.at_end

    def _fits(self, width: int, height: int) -> bool:
        return self.walkthrough.wanted_height(width, self._zoom) + self._grown <= height

    def take(self) -> None:
        stage, walk = self.stage, self.walkthrough
        if self._undo is not None or stage.parts() == PLOTS or not walk.isVisible():
            return
        room = (walk.width(), walk.height())
        # the banner and check line grow at the end: room for them too, or the last steps
        # would show less of the graph
        self._grown = grown_height(walk.banner, walk.check_label, walk.timeline)
        self._zoom = None  # the presenter's label size, else a readable one
        if self._fits(*room):
            return
        if not self._fits(*self._most_room()):
            self._zoom = _readable(walk)
            if self._fits(*room) or not self._fits(*self._most_room()):
                return  # (all the room would not show it whole: it keeps its place)
        self._undo = []
        if stage.plots.isVisible():
            room = self._take_from_plots(room)
        self._take_from_docks(room)

    def _most_room(self) -> tuple[int, int]:
        """The walkthrough's size with the plots' and every dock's room taken."""
        stage, walk = self.stage, self.walkthrough
        width, height = walk.width(), walk.height()
        if stage.plots.isVisible():
            whole = sum(stage.sizes()) + stage.handleWidth()
            if stage.orientation() == Qt.Orientation.Vertical:
                height = whole
            else:
                width = whole
        separator = walk.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent)
        for dock in self.docks:
            window = dock.parentWidget()
            if not dock.isVisible() or dock.isFloating() or window is None:
                continue
            if window.dockWidgetArea(dock) in SIDE_AREAS:
                width += dock.width() + separator
            else:
                height += dock.height() + separator
        return width, height

    def _take_from_plots(self, room: tuple[int, int]) -> tuple[int, int]:
        """The splitter down to the plots' least, then the plots hidden: the room now."""
        stage, walk, undo = self.stage, self.walkthrough, self._undo
        sizes, by_hand = stage.sizes(), stage._by_hand
        undo.append(lambda: stage._restore_sizes(sizes, by_hand))
        total, (width, height) = sum(sizes), room
        if stage.orientation() == Qt.Orientation.Vertical:
            height = max(
                height, math.ceil(min(walk.wanted_height(width, self._zoom), total - PLOTS_LEAST))
            )
            stage.setSizes([total - height, height])
            if self._fits(width, height):
                return width, height
            height = total + stage.handleWidth()
        else:
            width = max(
                width,
                math.ceil(min(walk.wanted_width(height, self._zoom), total - PLOTS_LEAST_WIDTH)),
            )
            stage.setSizes([total - width, width])
            if self._fits(width, height):
                return width, height
            width = total + stage.handleWidth()
        stage.plots.hide()
        undo.append(lambda: stage.plots.setVisible(stage.parts() != WALKTHROUGH))
        return width, height

    def _take_from_docks(self, room: tuple[int, int]) -> None:
        """Hide the docks in turn (a side dock gives its width, a top one its height) until
        the graph fits."""
        width, height = room
        separator = self.walkthrough.style().pixelMetric(
            QStyle.PixelMetric.PM_DockWidgetSeparatorExtent
        )
        for dock in self.docks:
            if self._fits(width, height):
                return
            window = dock.parentWidget()
            if not dock.isVisible() or dock.isFloating() or window is None:
                continue
            beside = window.dockWidgetArea(dock) in SIDE_AREAS
            dock.hide()
            self._undo.append(dock.show)
            if beside:
                width += dock.width() + separator
            else:
                height += dock.height() + separator

    def give_back(self) -> None:
        undo, self._undo = self._undo, None
        for step in reversed(undo or []):
            step()


class BuildRoom:
    """While building on the canvas with the plots above it, the canvas takes from the plots
    the height its graph needs (``wanted``: pixels more than it has), leaving them at least
    BUILD_PLOTS_SHARE of the stage and BUILD_PLOTS_LEAST (the surface view is drawn smaller
    while the graph is built); the sizes come back when building stops. At 1024×768 the
    canvas had ~150 px for Baydin's three rows, now ~280; a one-row chain takes nothing.
    ``set_building(True)`` again after the graph grew takes more if it needs it."""

    def __init__(self, stage: Stage, wanted: Callable[[], int]):
        self.stage = stage
        self.wanted = wanted
        self._before: tuple[list[int], bool] | None = None

    def set_building(self, on: bool) -> None:
        stage = self.stage
        if not on:
            before, self._before = self._before, None
            if before is not None:
                stage._restore_sizes(*before)
            return
        if stage.parts() != BOTH or stage.orientation() != Qt.Orientation.Vertical:
            return
        plots, walk = stage.sizes()
        total = plots + walk
        most = total - max(BUILD_PLOTS_LEAST, round(total * BUILD_PLOTS_SHARE))
        wanted = min(most, walk + self.wanted())
        if walk < wanted:  # (called again as the graph grows: the room only grows)
            if self._before is None:
                self._before = (stage.sizes(), stage._by_hand)
            stage.setSizes([total - wanted, wanted])
            stage._by_hand = True  # so a new graph while building keeps this room


def _readable(walkthrough: QWidget) -> float | None:
    """The least zoom at which the walkthrough's graph reads (None for a stand-in without
    a graph view)."""
    view = getattr(walkthrough, "view", None)
    return getattr(view, "MIN_READABLE", None)


class LayoutMenu:
    """View ▸ Layout: two exclusive groups of checkable actions driving a ``Stage``."""

    def __init__(self, stage: Stage, parent: QWidget):
        self.stage = stage
        self.menu = QMenu("&Layout", parent)
        self.part_actions = self._group(PART_ACTIONS, stage.set_parts, parent)
        self.menu.addSeparator()
        self.arrangement_actions = self._group(ARRANGEMENT_ACTIONS, stage.set_arrangement, parent)
        self._check()

    def _group(self, specs, apply, parent: QWidget) -> dict[str, QAction]:
        group = QActionGroup(parent)
        group.setExclusive(True)
        actions = {}
        for key, text, shortcut in specs:
            action = QAction(text, parent)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(shortcut))
            action.setData(key)
            action.triggered.connect(lambda _=False, k=key: apply(k))
            group.addAction(action)
            self.menu.addAction(action)
            actions[key] = action
        return actions

    def _check(self) -> None:
        self.part_actions[self.stage.parts()].setChecked(True)
        self.arrangement_actions[self.stage.arrangement()].setChecked(True)

    def show_walkthrough(self) -> None:
        """Bring the walkthrough back if it is hidden (for commands that need it)."""
        if self.stage.parts() == PLOTS:
            self.part_actions[BOTH].trigger()

    # ---- persistence ------------------------------------------------------------------

    def save(self, settings: QSettings) -> None:
        settings.setValue("layout/version", LAYOUT_VERSION)
        settings.setValue("layout/parts", self.stage.parts())
        settings.setValue("layout/arrangement", self.stage.arrangement())
        settings.setValue("layout/stage", self.stage.saveState())

    def restore(self, settings: QSettings) -> bool:
        """Apply a saved layout of this version; False (defaults kept) for any other."""
        if str(settings.value("layout/version", "")) != str(LAYOUT_VERSION):
            return False
        parts = settings.value("layout/parts")
        arrangement = settings.value("layout/arrangement")
        if parts in (BOTH, PLOTS, WALKTHROUGH):
            self.stage.set_parts(parts)
        if arrangement in (AUTO, SIDE_BY_SIDE, STACKED):
            self.stage.set_arrangement(arrangement)
        state = settings.value("layout/stage")
        if isinstance(state, QByteArray | bytes):
            self.stage.restore(QByteArray(state))
        self._check()
        return True
