"""The graph and the table of the walkthrough, arranged for the panel's size: the table
beside the graph in a wide panel, under it in a narrow one, and hidden in a short one or
where it would leave the graph too little room to show whole at a readable size (the graph
comes first; the Table button brings it back)."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QSplitter, QWidget

from guiad.ui.walkthrough.table import WalkthroughTable

SIDE_BY_SIDE_FROM = 1000  # px: a panel this wide puts the table beside the graph
GRAPH_SHARE = 0.75  # of the height, when the table is under the graph
TABLE_FROM_HEIGHT = 420  # px: a shorter panel hides the table until asked
UNDER_GAIN = 1.25  # a wide panel puts the table under a graph it then shows this much larger


class GraphAndTable(QSplitter):
    """``arrange(size)`` picks the arrangement; ``set_table_shown`` overrides the default."""

    def __init__(self, view: QWidget, table: WalkthroughTable, parent: QWidget | None = None):
        super().__init__(Qt.Orientation.Vertical, parent)
        self.view, self.table = view, table
        self.addWidget(view)
        self.addWidget(table)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.setChildrenCollapsible(False)
        view.setMinimumSize(200, 60)
        table.setMinimumSize(200, 52)
        self._table_choice: bool | None = None  # None: by the panel's height

    def table_shown(self) -> bool:
        return not self.table.isHidden()

    def set_table_shown(self, shown: bool, panel: QSize) -> None:
        self._table_choice = bool(shown)
        self.arrange(panel, force=True)

    def arrange(self, panel: QSize, force: bool = False) -> None:
        """Arrange for a panel of size ``panel``; only when something changes (or forced)."""
        orientation, show_table = self._choose(panel)
        wide = orientation == Qt.Orientation.Horizontal
        unchanged = orientation == self.orientation() and show_table == self.table_shown()
        if unchanged and not force:
            return
        self.table.setHidden(not show_table)
        self.setOrientation(orientation)
        if not show_table:
            return
        if wide:
            total = max(self.width(), panel.width() - 12)
            table = self._table_width(total)
            self.setSizes([total - table, table])
        else:
            total = max(self.height(), 1)
            graph = int(total * GRAPH_SHARE)
            self.setSizes([graph, total - graph])

    def _choose(self, panel: QSize) -> tuple[Qt.Orientation, bool]:
        """The table beside the graph in a wide panel, under it in a narrow one, where the
        graph still shows whole with it at the presenter's label size (a wide panel may
        then put it under). Else, in presenter mode, no table where that lets the graph
        reach that size; else the table where the graph still reads beside or over it;
        else none. The Table button's choice wins."""
        wide = panel.width() >= SIDE_BY_SIDE_FROM
        natural = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        choice = self._table_choice
        if choice is False or (choice is None and panel.height() < TABLE_FROM_HEIGHT):
            return natural, False
        wanted, readable = self.view.wanted_zoom(), self.view.MIN_READABLE
        tries = [natural, Qt.Orientation.Vertical] if wide and wanted > readable else [natural]
        for orientation in tries:
            if self._graph_fits_with_table(panel, orientation, wanted):
                return self._beside_or_under(panel, orientation), True
        if choice is None and wanted > readable and self._graph_fits_alone(panel, wanted):
            return natural, False
        if self._graph_fits_with_table(panel, natural, readable):
            return self._beside_or_under(panel, natural), True
        return natural, bool(choice)

    def _beside_or_under(self, panel: QSize, orientation: Qt.Orientation) -> Qt.Orientation:
        """The table beside the graph unless under it shows the graph UNDER_GAIN larger."""
        if orientation == Qt.Orientation.Horizontal and self._under_is_larger(panel):
            return Qt.Orientation.Vertical
        return orientation

    def _under_is_larger(self, panel: QSize) -> bool:
        """Whether the table under the graph shows it clearly larger (UNDER_GAIN) than
        beside it: Baydin in a 1280 px walkthrough-only panel was bent into a two-band loop
        beside the table, and is one band over it."""
        beside, under = (
            self._largest_zoom(panel, o)
            for o in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical)
        )
        return under >= UNDER_GAIN * beside

    def _largest_zoom(self, panel: QSize, orientation: Qt.Orientation) -> float:
        """The largest zoom (to the view's most, in steps of 2 %) at which the graph shows
        whole beside or over the table."""
        low, high = self.view.MIN_READABLE, self.view.MAX_ZOOM
        if not self._graph_fits_with_table(panel, orientation, low):
            return 0.0
        while high - low > 0.02 * low:
            middle = (low + high) / 2
            if self._graph_fits_with_table(panel, orientation, middle):
                low = middle
            else:
                high = middle
        return low

    def graph_height(self, width: int, least: float | None = None) -> float:
        """The height that shows the graph whole at zoom ``least`` (the view's wanted
        zoom by default) ``width`` wide alone."""
        frame = 2 * self.view.frameWidth()
        return self.view.needed_height(width - frame, least) + frame

    def _table_width(self, total: int) -> int:
        return min(self.table.needed_width(), total // 2)

    def _graph_fits_with_table(
        self, panel: QSize, orientation: Qt.Orientation, least: float
    ) -> bool:
        """Whether the graph would still show whole at zoom ``least`` beside (horizontal) or
        over the table."""
        frame = 2 * self.view.frameWidth()
        height = self.height() if self.isVisible() else panel.height()
        if orientation == Qt.Orientation.Horizontal:
            total = max(self.width(), panel.width() - 12)
            width = total - self._table_width(total) - self.handleWidth()
        else:
            width = panel.width() - 12
            height = int(height * GRAPH_SHARE)
        return self.view.needed_height(width - frame, least) <= height - frame

    def _graph_fits_alone(self, panel: QSize, least: float) -> bool:
        """Whether the graph shows whole at zoom ``least`` with the table hidden."""
        frame = 2 * self.view.frameWidth()
        height = self.height() if self.isVisible() else panel.height()
        return self.view.needed_height(panel.width() - 12 - frame, least) <= height - frame


def narrowest(height_for: Callable[[int], float], height: int, widest: int = 8192) -> float:
    """The least width w (px) with ``height_for(w) <= height`` (inf if none up to
    ``widest``); ``height_for`` must not grow with the width."""
    low, high = 100, widest
    if height_for(high) > height:
        return math.inf
    while low < high:
        middle = (low + high) // 2
        if height_for(middle) <= height:
            high = middle
        else:
            low = middle + 1
    return float(low)
