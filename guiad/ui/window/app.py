"""Starting the window: the QApplication, a last-resort exception hook, the main window."""

from __future__ import annotations

import gc
import importlib.util
import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

import numpy  # noqa: F401 (before PySide, whose import hook would read numpy's ~70 sources)
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def skip_pyside_source_scan() -> None:
    """Tell PySide up front that guiad's modules, and pyqtgraph's, select no ``__feature__``.

    PySide reads the whole source of every module imported after it, looking for
    ``from __feature__ import snake_case`` (or ``true_property``), and notes the answer per
    module name: ~0.13 ms a module. guiad never selects a feature, nor does pyqtgraph (it
    supports four Qt bindings, three without features), which the window imports next:
    ~10 ms for guiad's modules and ~15 ms for pyqtgraph's. Each of their modules is noted as
    PySide notes a module that uses it without one (0), and the reading is skipped; so is
    every module already loaded (numpy's and others, imported before PySide existed) and
    every top-level module of the standard library. A PySide without this table scans, as
    before. Called as this module loads, before the window's modules and pyqtgraph."""
    feature = sys.modules.get("PySide6.support.feature")
    known = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(known, dict):
        return
    # imported before PySide (none of them can select one), and the standard library's
    # top-level modules, some of which pyqtgraph imports later (subprocess, socket, ...)
    for name in (*sys.modules, *sys.stdlib_module_names):
        known.setdefault(name, 0)
    guiad = Path(__file__).resolve().parents[2]
    pyqtgraph = importlib.util.find_spec("pyqtgraph")
    packages = [(guiad, "guiad")]
    if pyqtgraph is not None and pyqtgraph.submodule_search_locations:
        packages.append((Path(pyqtgraph.submodule_search_locations[0]), "pyqtgraph"))
    for root, name in packages:
        for folder, subfolders, files in os.walk(root):
            subfolders[:] = [f for f in subfolders if f not in ("__pycache__", "examples")]
            package = ".".join((name, *Path(folder).relative_to(root).parts))
            for file in files:
                if file.endswith(".py"):
                    stem = file.removesuffix(".py")
                    known.setdefault(package if stem == "__init__" else f"{package}.{stem}", 0)


skip_pyside_source_scan()

from guiad import __version__  # noqa: E402 (after the scan is skipped)
from guiad.ui.resources import asset_path  # noqa: E402
from guiad.ui.window.arenas import limit_malloc_arenas  # noqa: E402

log = logging.getLogger("guiad")

APP_NAME = "guiad"
ORG_NAME = "guiad"


def make_app(argv: list[str] | None = None, *, icon: bool = True) -> QApplication:
    """The QApplication (reused if one exists), named so QSettings and app-data paths work;
    with its icon unless ``icon`` is False (``set_app_icon`` later)."""
    app = QApplication.instance() or QApplication(argv if argv is not None else [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("guiad")
    app.setDesktopFileName("guiad")  # matches assets/guiad.desktop, for the taskbar icon
    if icon:
        set_app_icon(app)
    return app


def set_app_icon(app: QApplication) -> None:
    """The windows' icon (guiad.svg). Rendering it for the window system reads the image
    plugins and draws the SVG at several sizes: ~2 ms that ``guiad`` spends after the first
    frame, not before it."""
    path = asset_path("guiad.svg")
    if path is not None:
        app.setWindowIcon(QIcon(str(path)))


def setup_logging(folder: Path) -> Path | None:
    """Log to ``folder/guiad.log`` as well as stderr; the log path, or None if unwritable."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(folder / "guiad.log", encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logging.getLogger().addHandler(handler)
    return folder / "guiad.log"


class ExceptionHook:
    """Shows an unexpected exception in a dialog and logs it; the window keeps running.

    Qt calls slots from C++; an exception escaping one lands here instead of killing the app.
    """

    def __init__(self, parent_getter, log_path: Path | None):
        self.parent_getter = parent_getter
        self.log_path = log_path
        self._showing = False

    def __call__(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None):
        text = "".join(traceback.format_exception(kind, error, tb))
        log.error("unexpected error:\n%s", text)
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if self._showing:  # one dialog at a time, even if the dialog itself triggers errors
            return
        self._showing = True
        try:
            box = QMessageBox(self.parent_getter())
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle("Unexpected error")
            box.setText(f"Something went wrong: {error}")
            where = f" It was logged to {self.log_path}." if self.log_path else ""
            box.setInformativeText(f"Your chain is kept and the window keeps working.{where}")
            box.setDetailedText(text)
            box.exec()
        finally:
            self._showing = False


class AfterFirstPaint(QObject):
    """Calls ``callback`` once: as soon as ``window`` has painted for the first time, or
    after ``latest_ms`` if it has not (a window started on another workspace paints late)."""

    def __init__(self, window: QWidget, callback, latest_ms: int = 5000):
        super().__init__(window)
        self._window = window
        self._callback = callback
        self._called = False
        window.installEventFilter(self)
        QTimer.singleShot(latest_ms, self._call)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if watched is self._window and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self._call)  # once the paint is done
        return False

    def _call(self) -> None:
        if not self._called:
            self._called = True
            self._window.removeEventFilter(self)
            self._callback()


def keep_start_up_objects() -> None:
    """Start the cyclic garbage collector (``cli`` keeps it off for the start), without it
    ever scanning what start-up made, and only between events.

    Start-up makes ~110,000 objects that live as long as the app (modules, classes, Qt
    wrappers, the window); the collector's passes over them while they were made found next
    to nothing and cost the first frame ~30 ms, and one full pass now would cost as much
    again. ``gc.freeze`` sets them aside for good; reference counting still frees them."""
    gc.freeze()
    collect_between_events()


_collector = None  # the one pyqtgraph GarbageCollector, once started


def collect_between_events(interval_s: float = 1.0):
    """Run Python's cyclic collector from the event loop only: automatic collection off, and
    a timer that collects each generation whose count has passed Python's threshold
    (pyqtgraph's GarbageCollector). Left automatic, a collection can start inside any call
    into Qt that makes a Python object; one that freed a QObject while Qt held its signal
    lock (inside QObject::disconnect) deadlocked a test run. The collector, started once."""
    global _collector
    if _collector is None:
        from pyqtgraph.util.garbage_collector import GarbageCollector

        _collector = GarbageCollector(interval=interval_s)
    return _collector


def run_app(path: str | None) -> int:
    """``guiad [FILE]``: open the window and run until it closes; the exit code."""
    limit_malloc_arenas()  # before the thread pool's first thread: a long session's memory
    app = make_app(icon=False)  # set once the window has painted
    from guiad.ui.window.files import app_data_folder
    from guiad.ui.window.main_window import MainWindow

    log_path = setup_logging(app_data_folder())
    window: list[QWidget] = []
    sys.excepthook = ExceptionHook(lambda: window[0] if window else None, log_path)
    main = MainWindow(path)
    window.append(main)
    main.show_first_time()

    def after_first_paint() -> None:
        try:
            set_app_icon(app)
            main.finish_start()
        finally:  # (the collector starts whatever went wrong: it is off until then)
            if _collector is None and not gc.isenabled():  # (`guiad` turned it off)
                keep_start_up_objects()

    AfterFirstPaint(main, after_first_paint)
    return app.exec()
