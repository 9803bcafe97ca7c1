"""A lesson in the window: its steps one after another, in tutor mode, answers for a teacher.

File ▸ Lessons opens a ``.guiad-lesson.json`` (the shipped ones, or any file). Each step loads
its expression at its point (a lesson is not a document: nothing asks to be saved), sets the
layout, the walkthrough's mode, the overwrite mistake if the step shows it, the tolerance and
the kinds of numbers tutor mode asks; the bar shows the step's prompt. The first lesson of a
session asks the student's name, once. Every answer goes into tutor mode's session log as it
is settled, so moving between steps and lessons drops nothing; at the end of the last step
the bar sums the lesson up (score, time, the steps missed, Try again). Export answers writes
the whole log as CSV.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from guiad.anim.tutor import Ask
from guiad.core import lesson as lesson_format
from guiad.core.answer_log import FREE_PLAY, Summary, summarize
from guiad.core.fileformat import Document, FileFormatError, Settings
from guiad.core.graph import same_computation
from guiad.core.lesson import Lesson, LessonStep
from guiad.ui import theme
from guiad.ui.resources import asset_dir
from guiad.ui.window import dialogs

log = logging.getLogger(__name__)
LESSON_FILTER = f"guiad lessons (*{lesson_format.SUFFIX});;All files (*)"


class LessonBar(QFrame):
    """Title, step k of n, the prompt, Back / Next / Export answers / End; the student's
    name (asked once) and the end-of-lesson summary with Try again."""

    def __init__(self):
        super().__init__()
        self.setObjectName("lessonBar")
        self.setStyleSheet(f"#lessonBar {{ border-top: 2px solid {theme.FORWARD}; }}")
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        # Alt+K, Alt+N, Alt+W, Alt+D: a lesson is run by keyboard too (the menus have F, E,
        # V, H; the walkthrough takes the arrows and the tutor's box Enter and Escape)
        self.back_button = QPushButton("Bac&k")
        self.next_button = QPushButton("&Next step")
        self.export_button = QPushButton("Export ans&wers…")
        self.end_button = QPushButton("En&d lesson")
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        for button in (self.back_button, self.next_button, self.export_button, self.end_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(buttons)
        layout.addWidget(self.prompt)
        layout.addWidget(self._name_row())
        layout.addWidget(self._summary_row())

    def _name_row(self) -> QWidget:
        self.name_row = QWidget()
        self.name = QLineEdit()
        self.name.setPlaceholderText("your name")
        self.name.setMaxLength(80)
        self.name_button = QPushButton("OK")
        row = QHBoxLayout(self.name_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Your name, written beside each answer for your teacher:"))
        row.addWidget(self.name, 1)
        row.addWidget(self.name_button)
        self.name_row.hide()
        return self.name_row

    def _summary_row(self) -> QWidget:
        self.summary_row = QWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        self.again_button = QPushButton("Try again")
        row = QHBoxLayout(self.summary_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.summary, 1)
        row.addWidget(self.again_button)
        self.summary_row.hide()
        return self.summary_row


class LessonRunner(QObject):
    """Runs a lesson's steps in the window; its answers go into tutor mode's session log."""

    finished = Signal()

    def __init__(self, window, lesson: Lesson, clock: Callable[[], float] = time.monotonic):
        super().__init__(window)
        self.window = window
        self.lesson = lesson
        self.index = 0
        self.result: Summary | None = None  # set when the lesson is done
        self.ended = False
        self._clock = clock
        self._started = clock()
        self._since = 0  # the log's first row of this attempt
        self.bar = LessonBar()
        self.bar.back_button.clicked.connect(lambda: self.go(self.index - 1))
        self.bar.next_button.clicked.connect(self._next)
        self.bar.end_button.clicked.connect(self.end)
        self.bar.again_button.clicked.connect(self.start)
        self.bar.name.returnPressed.connect(self._take_name)
        self.bar.name_button.clicked.connect(self._take_name)
        window.walkthrough.step_changed.connect(self._maybe_done)
        window.document.changed.append(self._maybe_built)
        self.building = False  # a step that starts half built, not completed yet
        self._parts = window.stage.parts()  # View ▸ Layout as found: given back at the end

    @property
    def step(self) -> LessonStep:
        return self.lesson.steps[self.index]

    @property
    def answer_log(self):
        return self.window.tutor.log

    def start(self) -> None:
        """From the first step, the clock and the score from zero (earlier answers stay in
        the log)."""
        self._since = len(self.answer_log.rows)
        self._started = self._clock()
        self.result = None
        self.bar.summary_row.hide()
        self.go(0)

    def ask_name(self) -> None:
        """Ask the student's name in the bar (the walkthrough goes on meanwhile)."""
        self.bar.name.setText(self.answer_log.student)
        self.bar.name_row.show()
        self.bar.name.setFocus()

    def go(self, index: int) -> None:
        """Load step ``index``."""
        if not 0 <= index < len(self.lesson.steps):
            return
        step = self.lesson.steps[index]
        window = self.window
        tutor = window.tutor
        self.building = False  # (until the step's graph is loaded)
        tutor.set_context(self.lesson.title, index + 1)
        window.editor.load(step_document(step), f"Lesson step {index + 1}")
        window.set_modified(False)  # a lesson is not a document: nothing to save on leaving
        self.index = index
        if step.layout is not None:
            window.layout_menu.part_actions[step.layout].trigger()
        panel = window.walkthrough
        panel.set_mode(step.mode)
        panel.set_overwrite_mistake(step.mistake)
        tutor.set_tolerance(step.tolerance)
        for ask, action in tutor.ask_actions.items():
            action.setChecked(ask.value in step.ask)
        tutor.set_enabled(True)
        panel.restart()
        self.building = step.start is not None
        window.build_mode.set_on(self.building)  # the canvas to complete the graph on
        self._show()
        if not self.building:
            panel.setFocus()

    def _maybe_built(self, _change) -> None:
        """A step that starts half built: once the graph is the step's, it runs."""
        if not self.building or self.ended:
            return
        if same_computation(self.window.document.graph, self.step.graph):  # (sin(x)*x too)
            self.building = False
            self.window.build_mode.set_on(False)
            self.window.walkthrough.restart()
            self._show()
            self.window.walkthrough.setFocus()
            # the step's graph is the lesson's, nothing to save on leaving; marked once the
            # wire's undo command is on the stack (this runs inside it)
            QTimer.singleShot(0, self, lambda: self.window.set_modified(False))

    def answers(self) -> list:
        """This attempt's rows of the session log."""
        return self.answer_log.rows[self._since :]

    def finish(self) -> Summary:
        """The lesson is done: its summary in the bar (score, time, steps missed)."""
        self.result = summarize(self.answers(), self._clock() - self._started)
        self.bar.summary.setText(f"Lesson done. {self.result.text()}")
        self.bar.summary_row.show()
        self.bar.again_button.setFocus()
        return self.result

    def end(self) -> None:
        """Leave the lesson: the mistake switched off, the layout as the lesson found it,
        tutor mode as the student left it, the answers from now on free play's."""
        self.ended = True
        self.window.layout_menu.part_actions[self._parts].trigger()
        self.window.walkthrough.step_changed.disconnect(self._maybe_done)
        self.window.document.changed.remove(self._maybe_built)
        self.window.walkthrough.set_overwrite_mistake(False)
        self.window.tutor.set_context(FREE_PLAY, None)
        self.finished.emit()

    def _next(self) -> None:
        if self.index < len(self.lesson.steps) - 1:
            self.go(self.index + 1)
        else:
            self.finish()

    def _maybe_done(self, *_args) -> None:
        """The walkthrough reached the end of the last step: sum the lesson up."""
        timeline = self.window.walkthrough.timeline
        last = self.index == len(self.lesson.steps) - 1
        if last and self.result is None and timeline is not None and timeline.at_end:
            self.finish()

    def _take_name(self) -> None:
        self.answer_log.student = " ".join(self.bar.name.text().split())
        self.bar.name_row.hide()
        self.window.walkthrough.setFocus()

    def _show(self) -> None:
        count = len(self.lesson.steps)
        kinds = ", ".join(Ask(a).value for a in self.step.ask)
        graded = self.step.tolerance.text()
        self.bar.title.setText(f"{self.lesson.title} — step {self.index + 1} of {count}")
        asks = f"Tutor mode asks for: {kinds}; graded {graded}."
        if self.building:
            text = f"{self.step.prompt}\n(Build {self.step.expression} on the canvas first. {asks})"
        elif self.step.start is not None:
            text = f"Built. {self.step.built or self.step.prompt}\n({asks})"
        else:
            text = f"{self.step.prompt}\n({asks})"
        self.bar.prompt.setText(text)
        self.bar.back_button.setEnabled(self.index > 0)
        self.bar.next_button.setText("&Next step" if self.index < count - 1 else "Fi&nish")


def step_document(step: LessonStep) -> Document:
    """The step's expression (or the half-built graph it starts from) at its point; each
    input's range holds its coordinate (the default −4 … 4, or 8 wide around a coordinate
    outside it)."""
    inputs = step.graph.inputs
    ranges = {
        name: (at - 4.0, at + 4.0)
        for name, at in zip(inputs, step.point, strict=True)
        if not -4.0 < at < 4.0
    }
    settings = Settings().with_ranges(inputs, ranges).with_point(inputs, step.point)
    return Document(step.graph if step.start is None else step.start, settings)


class Lessons(QObject):
    """File ▸ Lessons: the shipped lessons, any lesson file, the running lesson's bar, and
    the session's answers to CSV."""

    def __init__(self, window, menu: QMenu):
        super().__init__(window)
        self.window = window
        self.runner: LessonRunner | None = None
        self.dock: QDockWidget | None = None
        self._name_asked = False  # the student's name is asked once a session
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
        self.export_action = menu.addAction("Export answers…")
        self.export_action.setToolTip("Every answer of this session, lessons and free play, as CSV")
        self.export_action.triggered.connect(self.export)

    def open_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open lesson", str(self.window.file_folder()), LESSON_FILTER
        )
        if path:
            self.open(Path(path))

    def open(self, path: Path) -> bool:
        """Start the lesson in ``path``; False if it is not a valid lesson (the user is told
        why) or the user cancelled saving their own work."""
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
        if not self._name_asked:
            self._name_asked = True
            self.runner.ask_name()
        return True

    def export(self) -> None:
        """Every answer of the session to a CSV file the user picks."""
        path = dialogs.ask_save_path(
            self.window, "Export answers", Path.home() / "answers.csv", "CSV files (*.csv)"
        )
        if path is None:
            return
        try:
            self.window.tutor.log.write_csv(path)
        except OSError as err:
            dialogs.show_error(self.window, "Cannot export", f"{path.name}: {err.strerror or err}")

    def close(self) -> None:
        """Take the bar away (the answers stay in the session's log)."""
        runner, self.runner = self.runner, None
        if runner is not None and not runner.ended:
            runner.end()  # (its finished signal comes back here, with no runner)
        if self.dock is not None:
            self.window.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
