"""Starting the window: the QApplication, a last-resort exception hook, the main window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from guiad import __version__
from guiad.ui.resources import asset_path

log = logging.getLogger("guiad")

APP_NAME = "guiad"
ORG_NAME = "guiad"


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused if one exists), named so QSettings and app-data paths work."""
    app = QApplication.instance() or QApplication(argv if argv is not None else [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("guiad")
    app.setDesktopFileName("guiad")  # matches assets/guiad.desktop, for the taskbar icon
    icon = asset_path("guiad.svg")
    if icon is not None:
        app.setWindowIcon(QIcon(str(icon)))
    return app


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


def run_app(path: str | None) -> int:
    """``guiad [FILE]``: open the window and run until it closes; the exit code."""
    app = make_app()
    from guiad.ui.files import app_data_folder
    from guiad.ui.main_window import MainWindow

    log_path = setup_logging(app_data_folder())
    window: list[QWidget] = []
    sys.excepthook = ExceptionHook(lambda: window[0] if window else None, log_path)
    main = MainWindow(path)
    window.append(main)
    main.show_first_time()
    return app.exec()
