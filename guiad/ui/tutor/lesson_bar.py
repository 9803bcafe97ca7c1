"""A lesson in the window: its steps one after another, in tutor mode, answers for a teacher.

File ▸ Lessons opens a ``.guiad-lesson.json`` (the five shipped ones, or any file). Each step
loads its expression and x0 as an undoable edit, sets the walkthrough's mode, the overwrite
mistake if the step shows it, and the kinds of numbers tutor mode asks; the bar shows the
step's prompt. The student's answers (each number: right, hinted or shown, the answers typed,
the seconds taken) export to CSV.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
)

from guiad.anim.tutor import Ask, Record
from guiad.core import csvtable
from guiad.core import lesson as lesson_format
from guiad.core.fileformat import Document, FileFormatError, Settings
from guiad.core.lesson import Lesson, LessonStep
from guiad.ui import theme
from guiad.ui.resources import asset_dir
from guiad.ui.window import dialogs

log = logging.getLogger(__name__)
LESSON_FILTER = f"guiad lessons (*{lesson_format.SUFFIX});;All files (*)"

CSV_COLUMNS = (
    "lesson",
    "step",
    "expression",
    "x0",
    "number",
    "expected",
    "outcome",
    "answers",
    "seconds",
)


class LessonBar(QFrame):
    """Title, step k of n, the prompt, and Back / Next / Export answers / End."""

    def __init__(self):
        super().__init__()
        self.setObjectName("lessonBar")
        self.setStyleSheet(f"#lessonBar {{ border-top: 2px solid {theme.FORWARD}; }}")
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.back_button = QPushButton("Back")
        self.next_button = QPushButton("Next step")
        self.export_button = QPushButton("Export answers…")
        self.end_button = QPushButton("End lesson")
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        for button in (self.back_button, self.next_button, self.export_button, self.end_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(buttons)
        layout.addWidget(self.prompt)


class LessonRunner(QObject):
    """Runs a lesson's steps in the window; keeps every answered number for the CSV."""

    finished = Signal()

    def __init__(self, window, lesson: Lesson):
        super().__init__(window)
        self.window = window
        self.lesson = lesson
        self.index = 0
        self.rows: list[tuple] = []  # settled numbers of the steps already left
        self.bar = LessonBar()
        self.bar.back_button.clicked.connect(lambda: self.go(self.index - 1))
        self.bar.next_button.clicked.connect(lambda: self.go(self.index + 1))
        self.bar.end_button.clicked.connect(self.end)
        self._running = False  # answers count from the lesson's first step on
        window.tutor.tutor_replaced.connect(self._keep_answers)

    @property
    def step(self) -> LessonStep:
        return self.lesson.steps[self.index]

    def start(self) -> None:
        self.go(0)

    def go(self, index: int) -> None:
        """Load step ``index`` (its answers so far are kept)."""
        if not 0 <= index < len(self.lesson.steps):
            return
        step = self.lesson.steps[index]
        window = self.window
        self._keep_current()
        window.editor.load(step_document(step), f"Lesson step {index + 1}")
        window.set_modified(False)  # a lesson is not a document: nothing to save on leaving
        self.index, self._running = index, True
        if step.layout is not None:
            window.layout_menu.part_actions[step.layout].trigger()
        panel, tutor = window.walkthrough, window.tutor
        panel.set_mode(step.mode)
        panel.set_overwrite_mistake(step.mistake)
        tutor.set_tolerance(step.tolerance)
        for ask, action in tutor.ask_actions.items():
            action.setChecked(ask.value in step.ask)
        tutor.set_enabled(True)
        panel.restart()
        self._show()
        panel.setFocus()

    def answers(self) -> list[tuple]:
        """Every settled number so far, this step's included, as CSV rows."""
        return self.rows + self._rows_of(self.window.tutor.tutor)

    def export(self, path: str | Path) -> None:
        """The answers as CSV (the header, then a row per number), written atomically in
        guiad's CSV convention (core/csvtable)."""
        csvtable.write_cells_file(path, CSV_COLUMNS, self.answers())

    def end(self) -> None:
        """Leave the lesson: the mistake switched off, tutor mode as the student left it."""
        self.rows = self.answers()
        self._running = False
        self.window.tutor.tutor_replaced.disconnect(self._keep_answers)
        self.window.walkthrough.set_overwrite_mistake(False)
        self.finished.emit()

    def _keep_answers(self, old_tutor) -> None:
        """Tutor mode is about to start afresh (a new step, x0 or mode): keep what was
        answered so far, for the step it was answered in."""
        if self._running:
            self.rows += self._rows_of(old_tutor)

    def _keep_current(self) -> None:
        """Keep this step's answers before the lesson moves on (its tutor may live on)."""
        tutor = self.window.tutor.tutor
        if self._running and tutor is not None:
            self.rows += self._rows_of(tutor)
            tutor.records.clear()

    def _rows_of(self, tutor) -> list[tuple]:
        if tutor is None:
            return []
        step = self.step
        return [
            _row(self.lesson.title, self.index + 1, step, record)
            for record in tutor.records.values()
            if record.outcome is not None
        ]

    def _show(self) -> None:
        count = len(self.lesson.steps)
        kinds = ", ".join(Ask(a).value for a in self.step.ask)
        self.bar.title.setText(f"{self.lesson.title} — step {self.index + 1} of {count}")
        self.bar.prompt.setText(f"{self.step.prompt}\n(Tutor mode asks for: {kinds}.)")
        self.bar.back_button.setEnabled(self.index > 0)
        self.bar.next_button.setEnabled(self.index < count - 1)


def step_document(step: LessonStep) -> Document:
    """The step's expression at its point; each input's range holds its coordinate (the
    default −4 … 4, or 8 wide around a coordinate outside it)."""
    inputs = step.graph.inputs
    ranges = {
        name: (at - 4.0, at + 4.0)
        for name, at in zip(inputs, step.point, strict=True)
        if not -4.0 < at < 4.0
    }
    settings = Settings().with_ranges(inputs, ranges).with_point(inputs, step.point)
    return Document(step.graph, settings)


def _row(title: str, number: int, step: LessonStep, record: Record) -> tuple:
    return (
        title,
        number,
        step.expression,
        " ".join(map(csvtable.number, step.point)),
        record.name,
        csvtable.number(record.expected),
        record.outcome.value,
        " | ".join(record.answers),
        f"{record.seconds:.1f}",
    )


class Lessons(QObject):
    """File ▸ Lessons: the shipped lessons, any lesson file, and the running lesson's bar."""

    def __init__(self, window, menu: QMenu):
        super().__init__(window)
        self.window = window
        self.runner: LessonRunner | None = None
        self.dock: QDockWidget | None = None
        folder = asset_dir("lessons")
        for path in sorted(folder.glob(f"*{lesson_format.SUFFIX}")) if folder else []:
            try:
                title = lesson_format.load(path).title
            except FileFormatError as err:
                log.warning("lesson %s skipped: %s", path.name, err)
                continue
            menu.addAction(title).triggered.connect(lambda _=False, p=path: self.open(p))
        menu.addSeparator()
        menu.addAction("Open lesson file…").triggered.connect(self.open_file)

    def open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open lesson", str(self.window.file_folder()), LESSON_FILTER
        )
        if path:
            self.open(Path(path))

    def open(self, path: Path) -> bool:
        """Start the lesson in ``path`` (after the usual offer to save); False if it is not
        a valid lesson (the user is told why) or the user cancelled."""
        try:
            lesson = lesson_format.load(path)
        except FileFormatError as err:
            dialogs.show_error(self.window, "Cannot open lesson", f"{path.name}: {err}.")
            return False
        # a lesson is not a document: switching lessons asks nothing; before the first, the
        # student's own work is offered to be saved
        if self.runner is None and not self.window.maybe_save():
            return False
        self.close()
        self.runner = LessonRunner(self.window, lesson)
        self.runner.bar.export_button.clicked.connect(self.export)
        self.runner.finished.connect(self.close)
        self.dock = QDockWidget("Lesson", self.window)
        self.dock.setObjectName("lessonDock")
        self.dock.setWidget(self.runner.bar)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.runner.start()
        return True

    def export(self) -> None:
        if self.runner is None:
            return
        path = dialogs.ask_save_path(
            self.window, "Export answers", Path.home() / "answers.csv", "CSV files (*.csv)"
        )
        if path is None:
            return
        try:
            self.runner.export(path)
        except OSError as err:
            dialogs.show_error(self.window, "Cannot export", f"{path.name}: {err.strerror or err}")

    def close(self) -> None:
        """Take the bar away (the answers go with it once the lesson has ended)."""
        if self.dock is not None:
            self.window.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        self.runner = None
