"""The walkthrough's exports: the animation (GIF, MP4), the current frame (PNG, SVG), the
table (CSV) and a Python script of the trace; and ``offscreen_panel``, the panel of its own
that draws them without a window.

``WalkthroughExports`` is a part held by WalkthroughPanel (``panel.exports``): it reads the
panel only through the public methods WalkthroughExportHost declares. export.py, which
writes the files, is loaded on the first export (with its SVG writer and csv, which the
window's first frame does not need).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from guiad.anim.timeline import Mode, Timeline, too_large_message
from guiad.core.graph import Graph
from guiad.ui.widgets import text_scale as text_scale_module

if TYPE_CHECKING:
    from guiad.ui.walkthrough.export_job import AnimationExport
    from guiad.ui.walkthrough.panel import WalkthroughPanel

FRAME_SIZE = (1200, 450)  # a frame export's size when the panel is hidden (as the GIF's)
GIF_SIZE = (1200, 450)
VIDEO_SIZE = (1920, 1080)
# a frame this many pixels high draws the graph and banner at presenter 1× (a taller one
# larger in proportion: a 1080p MP4 drew Baydin's seed 675 px wide in a 1590 px view)
FRAME_BASE_H = 540.0


def frame_scale(size: tuple[int, int]) -> float:
    """The presenter scale an exported frame of ``size`` draws its graph and banner at."""
    return max(1.0, size[1] / FRAME_BASE_H)


def presenting() -> bool:
    """Whether View ▸ Presenter is on: the window's GIF and MP4 are then slides."""
    return text_scale_module.current() > 1.0


def _exports():
    """The walkthrough's export module (file writers), loaded on the first export."""
    from guiad.ui.walkthrough import export as walkthrough_export

    return walkthrough_export


class WalkthroughExportHost(Protocol):
    """What the exports need of their panel."""

    @property
    def timeline(self) -> Timeline | None: ...

    def point(self) -> tuple[float, ...]: ...
    def mode(self) -> Mode: ...
    def overwrite_mistake(self) -> bool: ...
    def too_large_message(self) -> str | None: ...
    def isVisible(self) -> bool: ...  # noqa: N802 (Qt's names)
    def width(self) -> int: ...
    def height(self) -> int: ...


class WalkthroughExports:
    """The panel's exports (the window puts them in menus)."""

    def __init__(self, host: WalkthroughExportHost):
        self._host = host

    def export_gif(self, path: str, size: tuple[int, int] | None = None) -> int:
        """The whole walkthrough as an animated GIF (laid out for a slide in presenter
        mode); returns the number of frames."""
        graph = self._require_timeline().graph  # (of several outputs, the one chosen)
        slide = presenting()
        return export_gif(graph, self._at(), path, size, self._host.mode(), slide=slide)

    def export_mp4(self, path: str) -> int:
        """The walkthrough as it plays, 1920×1080 at 30 frames a second (laid out for a
        slide in presenter mode); the frame count."""
        graph = self._require_timeline().graph
        return export_mp4(graph, self._at(), path, mode=self._host.mode(), slide=presenting())

    def animation_job(self, kind: str, path: str) -> AnimationExport:
        """The GIF or MP4 export (``export_job.GIF``, ``MP4``) that File ▸ Export runs while
        the window goes on working: not started (``start`` it, connect ``finished``). In
        presenter mode its frames are slides."""
        from guiad.ui.walkthrough.export_job import MP4, AnimationExport

        graph = self._require_timeline().graph
        slide = presenting()
        size = VIDEO_SIZE if kind == MP4 else _slide().SLIDE_GIF_SIZE if slide else GIF_SIZE
        return AnimationExport(kind, graph, self._at(), self._host.mode(), size, path, slide)

    def export_frame_png(self, path: str) -> None:
        self._export_frame(_exports().export_frame_png, path)

    def export_frame_svg(self, path: str) -> None:
        self._export_frame(_exports().export_frame_svg, path)

    def _export_frame(self, export, path: str) -> None:
        """The current step, drawn by an offscreen copy without the play controls (at the
        panel's size, or FRAME_SIZE while it is hidden: a hidden panel's grab is empty)."""
        timeline = self._require_timeline()
        host = self._host
        size = (host.width(), host.height()) if host.isVisible() else FRAME_SIZE
        args = (timeline.graph, self._at(), host.mode(), size, timeline.index)
        with offscreen_panel(*args, host.overwrite_mistake()) as copy:
            export(copy, path)

    def export_csv(self, path: str) -> None:
        _exports().export_csv(self._require_timeline(), path)

    def export_python(self, path: str) -> None:
        from guiad.anim.python_export import write_script

        timeline = self._require_timeline()
        point = timeline.point
        write_script(timeline.graph, point[0] if len(point) == 1 else point, path)

    def export_trace(self, path: str, format_: str) -> None:
        """The evaluation trace and the derivation (``trace_export.text``: LaTeX document or
        fragment, Markdown) in the notation's style, the TikZ graph at the current step."""
        from guiad.anim import trace_export
        from guiad.core.atomic import write_text_atomic
        from guiad.ui import theme

        timeline = self._require_timeline()
        write_text_atomic(Path(path), trace_export.text(format_, timeline, theme.latex_colors()))

    def _at(self) -> float | tuple[float, ...]:
        """The point as the timeline takes it: x0 alone for one input."""
        point = self._host.point()
        return point[0] if len(point) == 1 else point

    def _require_timeline(self) -> Timeline:
        message = self._host.too_large_message()
        if message is not None:
            raise ValueError(message)
        timeline = self._host.timeline
        if timeline is None:
            raise ValueError("there is no walkthrough to export: build a chain first")
        return timeline


def export_gif(
    graph: Graph,
    x0: float | Sequence[float],
    path: str | Path,
    size: tuple[int, int] | None = None,
    mode: Mode | str = Mode.REVERSE,
    text_scale: float | None = None,
    slide: bool = False,
) -> int:
    """The whole walkthrough of ``graph`` at ``x0`` as an animated GIF at ``path``.

    Needs no window: creates a QApplication (offscreen) if none exists. Returns the number
    of frames written (at least one per step). Raises ValueError for a graph larger than
    the walkthrough animates (MAX_ANIMATED_NODES). ``text_scale``: presenter mode's;
    ``slide``: frames laid out for a slide (slide.py; size SLIDE_GIF_SIZE by default, else
    GIF_SIZE).
    """
    size = size or (_slide().SLIDE_GIF_SIZE if slide else GIF_SIZE)
    with offscreen_panel(graph, x0, mode, size, text_scale=text_scale, slide=slide) as panel:
        return _exports().write_gif(panel, path, draw=frame_drawer(size, slide))


def export_mp4(
    graph: Graph,
    x0: float | Sequence[float],
    path: str | Path,
    size: tuple[int, int] = (1920, 1080),
    mode: Mode | str = Mode.REVERSE,
    text_scale: float | None = None,
    slide: bool = False,
) -> int:
    """The walkthrough of ``graph`` at ``x0`` as it plays, as an MP4 video (30 fps); the
    number of frames. VideoUnavailable without the ``video`` extra. ``text_scale``:
    presenter mode's (2 puts the table's text at 24 px in a 1080p video); ``slide``:
    frames laid out for a slide (the table's row in 36 px type at 1080p)."""
    with offscreen_panel(graph, x0, mode, size, text_scale=text_scale, slide=slide) as panel:
        return _exports().write_mp4(panel, path, draw=frame_drawer(size, slide))


def _slide():
    from guiad.ui.walkthrough import slide

    return slide


def frame_drawer(size: tuple[int, int], slide: bool):
    """How an exported frame is made of the offscreen panel: a slide of ``size``, or (None)
    the panel's own picture."""
    if not slide:
        return None
    render = _slide().render_slide
    return lambda panel: render(panel, size)


def _prepare_slide(panel: WalkthroughPanel, size: tuple[int, int]) -> None:
    """The panel as the slide's graph: only the view, sized as the slide's graph box (its
    wrapping is chosen for that box, at labels of the slide's size where one shows them so);
    the slide draws the words and the table itself."""
    slide = _slide()
    panel.set_presenter_scale(slide.slide_text_scale(size))
    panel.set_table_shown(False)
    for part in (panel.step_banner, panel.check_label, panel.cost_label):
        part.hide()
    _exports().ensure_app().processEvents()
    box = slide.slide_graph_box(size, panel.timeline.graph)
    port = panel.view.viewport().size()
    panel.resize(box[0] + panel.width() - port.width(), box[1] + panel.height() - port.height())


@contextmanager
def offscreen_panel(
    graph: Graph,
    x0: float | Sequence[float],
    mode: Mode | str,
    size: tuple[int, int],
    step: int = 0,
    overwrite: bool = False,
    text_scale: float | None = None,
    slide: bool = False,
) -> Iterator[WalkthroughPanel]:
    """A walkthrough panel of its own, never on screen, at ``size`` and ``step``: what the
    exports draw when the window's panel is hidden (View ▸ Layout ▸ plots only) or absent.
    ValueError for a graph larger than the walkthrough animates (MAX_ANIMATED_NODES).
    ``text_scale``: every text that much larger while it lives (None: as the application's
    fonts are, and the panel's own at that scale). ``slide``: the panel made the graph of
    a slide of ``size`` (see ``frame_drawer``)."""
    from guiad.ui.walkthrough.panel import WalkthroughPanel  # (it holds this module's part)

    message = too_large_message(graph)
    if message is not None:
        raise ValueError(message)
    app = _exports().ensure_app()
    before = text_scale_module.current()
    if text_scale is not None:
        text_scale_module.apply_scale(text_scale)
    panel = WalkthroughPanel()
    scale = max(text_scale_module.current(), frame_scale(size))
    if scale > text_scale_module.current():  # the table's and check line's words too
        font = QFont(app.font())
        font.setPointSizeF(font.pointSizeF() / text_scale_module.current() * scale)
        panel.setFont(font)
    panel.set_presenter_scale(scale)
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
        if slide:
            _prepare_slide(panel, size)
            app.processEvents()
        panel.fit()
        panel.seek(step)
        yield panel
    finally:
        panel.stop()
        panel.close()
        panel.deleteLater()
        if text_scale is not None:
            text_scale_module.apply_scale(before)
