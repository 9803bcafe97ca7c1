"""The plot panel's exports: PNG, SVG and CSV files and the image options they use.

A part held by PlotPanel (``panel.exports``), not mixed in: it reads the panel only through
the hooks ``PlotExportHost`` declares. export.py, which writes the files, is loaded on the
first export, not at start.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from guiad.ui.plots.settings import ImageOptions

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QImage

    from guiad.core.plot_data import PlotData
    from guiad.ui.widgets.plot_view import CurveView


class PlotExportHost(Protocol):
    """What the exports need of their panel."""

    view: CurveView  # what is drawn
    image_options_changed: SignalInstance  # emitted with the new ImageOptions

    def wait_for_data(self, timeout_ms: int = ...) -> bool: ...
    def data(self) -> PlotData | None: ...
    def title(self) -> str: ...  # the legend's "f(x) = …", the SVG's title
    def logicalDpiX(self) -> int: ...  # noqa: N802 (Qt's name)


class PlotExports:
    """``export_png``, ``export_svg``, ``export_csv`` and the image options of a plot panel."""

    def __init__(self, host: PlotExportHost):
        self._host = host
        self._image_options = ImageOptions()

    def export_png(
        self,
        path: str | Path,
        width: int | None = None,
        height: int | None = None,
        scale: float | None = None,
    ) -> None:
        """The plots as a PNG with a title, the legend and the axis labels.

        Without a size: laid out as ``image_options()`` say (default: the on-screen size) at
        their scale (default 2×, so twice the pixels each way). With ``width`` and/or
        ``height``: an image of exactly that many pixels (a missing one keeps the on-screen
        aspect ratio), laid out at that size divided by ``scale`` (default 1).
        """
        from guiad.ui.plots import export as plot_export

        view = self._host.view
        self._host.wait_for_data()
        if width is None and height is None:
            options = self._image_options
            width, height = plot_export.image_size(view, options.width, options.height)
            scale = options.scale if scale is None else scale
            plot_export.write_png(view, path, width, height, scale)
            return
        scale = 1.0 if scale is None else scale
        pixels = plot_export.image_size(view, width, height)
        logical = (max(1, round(pixels[0] / scale)), max(1, round(pixels[1] / scale)))
        plot_export.write_png(view, path, *logical, pixels[0] / logical[0])

    def render_image(self, width: int, height: int, scale: float = 1.0) -> QImage:
        """The plots laid out at ``width`` × ``height`` and painted into a QImage."""
        from guiad.ui.plots import export as plot_export

        return plot_export.render_image(self._host.view, width, height, scale)

    def export_svg(self, path: str | Path, width: int | None = None, height: int | None = None):
        """The plots as SVG (title, legend, axis labels), laid out at ``width`` × ``height``
        (default: ``image_options()``'s size, else as on screen)."""
        from guiad.ui.plots import export as plot_export

        host = self._host
        host.wait_for_data()
        if width is None and height is None:
            width, height = self._image_options.width, self._image_options.height
        width, height = plot_export.image_size(host.view, width, height)
        dpi = round(host.logicalDpiX())
        plot_export.write_svg_file(host.view, path, width, height, host.title(), dpi)

    def export_csv(self, path: str | Path) -> None:
        """Columns x, f, df, d2f: one row per point of the range (empty where undefined)."""
        from guiad.ui.plots import export as plot_export

        self._host.wait_for_data()
        data = self._host.data()
        if data is None:
            raise ValueError("there is nothing to export yet: no function is plotted")
        plot_export.write_csv(path, data)

    def image_options(self) -> ImageOptions:
        """The size (None: as on screen) and scale File ▸ Export's plot images use."""
        return self._image_options

    def set_image_options(self, options: ImageOptions) -> None:
        self._image_options = options
        self._host.image_options_changed.emit(options)

    def ask_image_options(self) -> None:
        """The "Image export size…" dialog over the panel; the choice is kept (QSettings)."""
        from guiad.ui.plots.export_dialog import ImageOptionsDialog

        canvas = self._host.view.canvas
        dialog = ImageOptionsDialog(self._image_options, canvas.size(), self._host)
        if dialog.exec():
            self.set_image_options(dialog.options())
