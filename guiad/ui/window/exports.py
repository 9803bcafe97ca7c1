"""File ▸ Export: the plots and the walkthrough written to files, each behind a save dialog.

Each export is one ``Export`` row (menu text, suffix, which panel and which of its methods);
``Exporter`` turns the rows into QActions for the window. The file dialog goes through
``dialogs.ask_save_path`` (tests monkeypatch it); the last folder used is kept in QSettings.
A failed export (nothing to export, a folder that cannot be written) shows the reason in a
message box and leaves everything as it was. The walkthrough's GIF and MP4 take seconds to
minutes: they run while the window goes on working (walkthrough/export_job), with a
progress box whose Cancel leaves no file.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QProgressDialog

from guiad.core.expression import to_expression
from guiad.core.fileformat import SUFFIX
from guiad.ui.window import dialogs

log = logging.getLogger(__name__)

FOLDER_KEY = "export/folder"
PLOTS, WALKTHROUGH = "plots", "walkthrough"
IN_BACKGROUND = {"export_gif": "gif", "export_mp4": "mp4"}  # method → export_job's kind


@dataclass(frozen=True)
class Export:
    text: str  # the menu entry
    what: str  # for messages: "the plot", "the walkthrough"
    tag: str  # added to the default file name: seed-plot.png
    suffix: str
    filter: str
    panel: str  # PLOTS or WALKTHROUGH
    method: str  # the panel's method taking the path
    tip: str


EXPORTS = (
    Export(
        "Plot as &PNG…",
        "the plot",
        "plot",
        ".png",
        "PNG images (*.png)",
        PLOTS,
        "export_png",
        "The plots as shown, as a PNG image",
    ),
    Export(
        "Plot as &SVG…",
        "the plot",
        "plot",
        ".svg",
        "SVG drawings (*.svg)",
        PLOTS,
        "export_svg",
        "The plots as a vector drawing (SVG)",
    ),
    Export(
        "Plot &data as CSV…",
        "the plot data",
        "data",
        ".csv",
        "CSV tables (*.csv)",
        PLOTS,
        "export_csv",
        "Columns x, f, f′, f″: one row per point of the range",
    ),
    Export(
        "Walkthrough as &GIF…",
        "the walkthrough",
        "walkthrough",
        ".gif",
        "Animated GIF (*.gif)",
        WALKTHROUGH,
        "export_gif",
        "Every step of the walkthrough as an animated GIF",
    ),
    Export(
        "Walkthrough as &MP4 video…",
        "the walkthrough video",
        "walkthrough",
        ".mp4",
        "MP4 video (*.mp4)",
        WALKTHROUGH,
        "export_mp4",
        "The walkthrough as it plays, 1920×1080 at 30 frames a second (needs guiad[video])",
    ),
    Export(
        "Walkthrough &frame as PNG…",
        "the walkthrough frame",
        "frame",
        ".png",
        "PNG images (*.png)",
        WALKTHROUGH,
        "export_frame_png",
        "The walkthrough's current step as a PNG image",
    ),
    Export(
        "Walkthrough frame as S&VG…",
        "the walkthrough frame",
        "frame",
        ".svg",
        "SVG drawings (*.svg)",
        WALKTHROUGH,
        "export_frame_svg",
        "The walkthrough's current step as a vector drawing (SVG)",
    ),
    Export(
        "Walkthrough &table as CSV…",
        "the walkthrough table",
        "table",
        ".csv",
        "CSV tables (*.csv)",
        WALKTHROUGH,
        "export_csv",
        "Every node's value, local partials, dot derivative and adjoint, at full precision",
    ),
    Export(
        "Walkthrough as P&ython script…",
        "the Python script",
        "walkthrough",
        ".py",
        "Python scripts (*.py)",
        WALKTHROUGH,
        "export_python",
        "A standalone script (math module only) that prints the same values and adjoints",
    ),
    Export(
        "Trace as &LaTeX document…",
        "the LaTeX trace",
        "trace",
        ".tex",
        "LaTeX documents (*.tex)",
        WALKTHROUGH,
        "export_latex",
        "The evaluation trace, the graph at this step and the derivation, as a document "
        "that compiles with pdflatex",
    ),
    Export(
        "Trace as LaTeX fra&gment…",
        "the LaTeX fragment",
        "trace",
        ".tex",
        "LaTeX files (*.tex)",
        WALKTHROUGH,
        "export_latex_fragment",
        "The same tables, TikZ picture and derivation, to \\input into your own document "
        "(needs amsmath, booktabs, graphicx, xcolor, tikz)",
    ),
    Export(
        "Trace as Mar&kdown…",
        "the Markdown trace",
        "trace",
        ".md",
        "Markdown (*.md)",
        WALKTHROUGH,
        "export_markdown",
        "The evaluation trace as Markdown tables, and the derivation",
    ),
)


def default_stem(path: Path | None, expression: str) -> str:
    """The document's file name without its suffix, else the expression made file-safe."""
    if path is not None:
        return path.name.removesuffix(SUFFIX).removesuffix(".json") or "guiad"
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", expression).strip("-.")
    return slug[:40].rstrip("-.") or "guiad"


def with_export_suffix(path: Path, suffix: str) -> Path:
    """Add ``suffix`` when the name has none of its own (a dialog may return "plot")."""
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class Exporter(QObject):
    """Builds the export actions for ``window`` and runs them."""

    def __init__(self, window: QMainWindow, settings: QSettings):
        super().__init__(window)
        self._window = window
        self._settings = settings
        self.actions: dict[str, QAction] = {}
        self.job = None  # the GIF or MP4 being written (export_job.AnimationExport)
        self.progress: QProgressDialog | None = None
        for export in EXPORTS:
            action = QAction(export.text, window)
            action.setStatusTip(export.tip)
            action.setToolTip(export.tip)
            action.setObjectName(f"export_{export.panel}_{export.method}")
            action.triggered.connect(lambda _=False, e=export: self.run(e))
            self.actions[f"{export.panel}.{export.method}"] = action

    def actions_for(self, panel: str) -> list[QAction]:
        return [a for key, a in self.actions.items() if key.startswith(f"{panel}.")]

    # ---- running one export -----------------------------------------------------------

    def folder(self) -> Path:
        saved = self._settings.value(FOLDER_KEY)
        if isinstance(saved, str) and Path(saved).is_dir():
            return Path(saved)
        source = self._window.file_path
        return source.parent if source is not None else Path.home()

    def default_path(self, export: Export) -> Path:
        window = self._window
        stem = default_stem(window.file_path, to_expression(window.document.graph))
        return self.folder() / f"{stem}-{export.tag}{export.suffix}"

    def run(self, export: Export) -> bool:
        """Ask where, write the file; True if it was written."""
        title = "Export " + export.text.replace("&", "").removesuffix("…")
        chosen = dialogs.ask_save_path(
            self._window, title, self.default_path(export), export.filter
        )
        if chosen is None:
            return False
        path = with_export_suffix(Path(chosen), export.suffix)
        self._settings.setValue(FOLDER_KEY, str(path.parent))
        panel = getattr(self._window, export.panel)
        if export.panel == PLOTS:  # the surface view stands in for a function of 2+ inputs
            panel = self._window.plot_stack.currentWidget()
        if export.method in IN_BACKGROUND:
            return self._start_job(export, panel, path)
        status = self._window.statusBar()
        status.showMessage(f"Exporting {export.what} to {path}…")
        status.repaint()  # a long walkthrough's GIF takes seconds: say so before it starts
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            getattr(panel, export.method)(str(path))
        except (OSError, ValueError) as err:
            status.clearMessage()
            self._fail(export, path, _reason(err))
            return False
        except Exception as err:  # noqa: BLE001 (an export never takes the window down)
            log.exception("export of %s to %s failed", export.what, path)
            status.clearMessage()
            self._fail(export, path, f"{type(err).__name__}: {err}")
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        status.showMessage(f"Exported {export.what} to {path}", 6000)
        return True

    # ---- the GIF and the MP4, while the window works on ----------------------------------

    def _start_job(self, export: Export, panel, path: Path) -> bool:
        """Start writing; True if it started (``finished`` tells how it ended)."""
        try:
            job = panel.exports.animation_job(IN_BACKGROUND[export.method], str(path))
            job.setParent(self)
            job.start()
        except Exception as err:  # noqa: BLE001 (an export never takes the window down)
            self._fail(export, path, _logged_reason(err, export, path))
            return False
        self.job = job
        self._set_animations_enabled(False)  # one at a time: each takes a core
        self.progress = progress = QProgressDialog(
            f"Writing {export.what} to {path.name}…", "Cancel", 0, job.total, self._window
        )
        progress.setWindowTitle("Export")
        progress.setWindowModality(Qt.WindowModality.NonModal)  # the window stays usable
        progress.setAutoReset(False)
        progress.setAutoClose(False)
        progress.canceled.connect(job.cancel)
        job.progressed.connect(lambda done, total: progress.setValue(done))
        job.finished.connect(lambda error: self._job_finished(export, path, error))
        progress.show()
        self._window.statusBar().showMessage(f"Exporting {export.what} to {path}…")
        return True

    def _job_finished(self, export: Export, path: Path, error: BaseException | None) -> None:
        from guiad.ui.walkthrough.export_job import ExportCancelled

        self.job.deleteLater()
        self.job = None
        self.progress.close()
        self.progress.deleteLater()
        self.progress = None
        self._set_animations_enabled(True)
        status = self._window.statusBar()
        if error is None:
            status.showMessage(f"Exported {export.what} to {path}", 6000)
        elif isinstance(error, ExportCancelled):
            status.showMessage(f"Export of {export.what} cancelled: nothing was written", 6000)
        else:
            status.clearMessage()
            self._fail(export, path, _logged_reason(error, export, path))

    def _set_animations_enabled(self, enabled: bool) -> None:
        for method in IN_BACKGROUND:
            self.actions[f"{WALKTHROUGH}.{method}"].setEnabled(enabled)

    def stop_job(self) -> None:
        """Cancel a GIF or MP4 being written and wait until its temp file is gone (the
        window is closing)."""
        if self.job is not None:
            self.job.wait()

    def _fail(self, export: Export, path: Path, reason: str) -> None:
        dialogs.show_error(
            self._window,
            "Export failed",
            f"{path.name} was not written: {reason}",
            details=f"Exporting {export.what} to {path}",
        )


def _logged_reason(err: BaseException, export: Export, path: Path) -> str:
    """The reason to show; an error that is not the user's (a bug) also goes to the log."""
    if isinstance(err, OSError | ValueError):
        return _reason(err)
    log.error("export of %s to %s failed", export.what, path, exc_info=err)
    return f"{type(err).__name__}: {err}"


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror + (f" ({err.filename})" if err.filename else "")
    return str(err) or type(err).__name__
