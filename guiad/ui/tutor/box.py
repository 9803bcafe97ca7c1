"""Tutor mode in the window: the walkthrough stops before a number, the student predicts it.

A thin view over the pure ``guiad.anim.tutor.Tutor``. With tutor mode on, the walkthrough
panel's gate holds it before each step whose number is asked; an answer box opens beside that
step's node in the graph. Enter checks (``cos(2)`` works; 3 significant digits or a lesson's
tolerance), Esc skips (the answer is shown); a right answer or a shown one lets the
walkthrough go on, playing again if it was playing. Which kinds of numbers are asked is a
setting, kept in QSettings.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from guiad.anim import glossary
from guiad.anim.tutor import ALL_KINDS, DEFAULT_TOLERANCE, Ask, Outcome, Question, Record, Tutor
from guiad.core.answer_log import FREE_PLAY, AnswerLog, Row
from guiad.core.expression import to_expression
from guiad.core.graph import Graph, GraphError
from guiad.core.lesson import Tolerance
from guiad.ui import theme
from guiad.ui.guard import guarded
from guiad.ui.tutor import placement
from guiad.ui.tutor.glossary import BackwardNote, GlossaryTips
from guiad.ui.walkthrough.panel import WalkthroughPanel
from guiad.ui.widgets import text_scale

ASK_KEY = "tutor/ask"
BOX_WIDTH = 300


class AnswerBox(QFrame):
    """The prompt, the answer line, Check and Skip, and what the tutor said."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("tutorBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"#tutorBox {{ background: {theme.PAPER}; border: 2px solid {theme.FORWARD};"
            " border-radius: 6px; }"
        )
        self.setFixedWidth(BOX_WIDTH)
        self.prompt = QLabel()
        self.prompt.setStyleSheet("font-weight: bold;")
        self.answer = QLineEdit()
        self.answer.setPlaceholderText("a number, or e.g. cos(2)")
        self.set_tolerance(DEFAULT_TOLERANCE)
        self.check_button = QPushButton("Check")
        self.check_button.setDefault(True)
        self.skip_button = QPushButton("Skip")
        self.skip_button.setToolTip("Show the answer with its working (Esc)")
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.score = QLabel()
        self.score.setStyleSheet(f"color: {theme.MUTED};")
        self.score.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.answer, 1)
        row.addWidget(self.check_button)
        row.addWidget(self.skip_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.prompt)
        layout.addLayout(row)
        layout.addWidget(self.feedback)
        layout.addWidget(self.score)
        self.hide()

    @guarded
    def changeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # (View ▸ Presenter)
            # the line and the buttons kept the size their box's style sheet gave them when
            # first polished: at 2× they stayed 9 pt beside an 18 pt question
            for widget in (self.answer, self.check_button, self.skip_button, self.feedback):
                widget.setFont(self.font())

    def fit_height(self) -> None:
        """As tall as its wrapped words need (adjustSize left a wrapped answer over the
        score line)."""
        width = text_scale.scaled(BOX_WIDTH)  # (View ▸ Presenter: wider with its words)
        self.setFixedWidth(width)
        placement.fit_height(self, width)

    def set_tolerance(self, tolerance: Tolerance) -> None:
        self.answer.setToolTip(
            f"Graded {tolerance.text()}, against the exact number or the one worked from the "
            "numbers as displayed. Enter checks; Esc shows the answer (Skip)."
        )


class TutorMode(QObject):
    """Connects a Tutor to the walkthrough panel: the gate, the answer box, the actions."""

    answered = Signal(object)  # the Outcome once a question is settled (and logged)

    def __init__(self, panel: WalkthroughPanel, settings: QSettings | None = None):
        super().__init__(panel)
        self.panel = panel
        self.settings = settings
        self.tutor: Tutor | None = None
        self._asked_on = None  # the timeline the tutor's questions are about
        self.tolerance = DEFAULT_TOLERANCE
        self.log = AnswerLog()  # the session's answers: lessons and free play, never dropped
        self.context: tuple[str, int | None] = (FREE_PLAY, None)  # (lesson, its step)
        self._side: str | None = None  # the half of the view the box keeps to, once chosen
        self.asking: Question | None = None
        self._resume = False  # play again once the question is settled
        self._settled_step = -1  # the step whose answer the box still shows
        self.box = AnswerBox(panel.view.viewport())
        # words for a beginner, once a session, clear of the box
        self.note = BackwardNote(
            panel, lambda: [self.box.geometry()] if self.box.isVisible() else []
        )
        self.tips = GlossaryTips(panel)
        self.box.check_button.clicked.connect(self.check)
        self.box.answer.returnPressed.connect(self.check)
        self.box.skip_button.clicked.connect(self.skip)
        skip = QAction(self.box)
        skip.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        skip.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        skip.triggered.connect(self.skip)
        self.box.addAction(skip)

        self.action = QAction("Tutor mode: predict each number", panel)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.action.setToolTip(
            "The walkthrough stops before each number; type your prediction (Ctrl+Shift+T)"
        )
        self.action.toggled.connect(self.set_enabled)
        self.ask_menu = QMenu("Tutor asks for")
        self.ask_actions: dict[Ask, QAction] = {}
        kinds = self._saved_kinds()
        for ask in Ask:
            action = self.ask_menu.addAction(ask.value.capitalize())
            action.setCheckable(True)
            action.setChecked(ask in kinds)
            action.toggled.connect(self._kinds_changed)
            self.ask_actions[ask] = action
        panel.timeline_changed.connect(self._rebuild)
        panel.step_changed.connect(self._place)

    # ---- public -----------------------------------------------------------------------------

    def is_enabled(self) -> bool:
        return self.action.isChecked()

    def set_enabled(self, enabled: bool) -> None:
        if self.action.isChecked() != enabled:
            self.action.setChecked(enabled)  # comes back here through toggled
            return
        self.panel.set_gate(self._gate if enabled else None)
        self._rebuild()

    def set_tolerance(self, tolerance: Tolerance) -> None:
        """How close answers must be (a lesson's; the default otherwise): new questions."""
        if tolerance != self.tolerance:
            self.tolerance = tolerance
            self.box.set_tolerance(tolerance)
            self._rebuild()

    def set_context(self, lesson: str = FREE_PLAY, step: int | None = None) -> None:
        """Which lesson and step the answers from now on belong to (none: free play). A
        new lesson lets the box choose its side afresh."""
        if lesson != self.context[0]:
            self._side = None
        self.context = (lesson, step)

    def kinds(self) -> frozenset[Ask]:
        return frozenset(ask for ask, action in self.ask_actions.items() if action.isChecked())

    def check(self) -> None:
        """Grade what is typed in the answer box."""
        if self.tutor is None or self.asking is None:
            return
        feedback = self.tutor.answer(self.asking.step, self.box.answer.text())
        self._settle(feedback)

    def skip(self) -> None:
        """Show the answer with its working and go on."""
        if self.tutor is None or self.asking is None:
            return
        self._settle(self.tutor.skip(self.asking.step))

    # ---- internals --------------------------------------------------------------------------

    def _gate(self, target: int) -> int:
        """How far the walkthrough may go: up to the first unanswered question, not onto it."""
        timeline = self.panel.timeline
        if self.tutor is None or timeline is None:
            return target
        for index in range(timeline.index + 1, target + 1):
            question = self.tutor.question(index)
            if question is not None:
                self._ask(question)
                return index - 1
        return target

    def _ask(self, question: Question) -> None:
        if self.asking is None or self.asking.step != question.step:
            self._resume = self.panel.is_playing()
            self.asking = question
            self.box.prompt.setText(question.prompt)
            self.box.prompt.setToolTip(glossary.tooltip(question.prompt))
            self.box.answer.clear()
            self.box.answer.setEnabled(True)
            self.box.feedback.setText("")
        self._show_score()
        self.box.show()
        self.box.raise_()
        self._place()
        self.box.answer.setFocus()

    def _settle(self, feedback) -> None:
        self.box.feedback.setText(feedback.message)
        color = {Outcome.RIGHT: theme.FINITE_DIFFERENCE, Outcome.HINTED: theme.FINITE_DIFFERENCE}
        self.box.feedback.setStyleSheet(f"color: {color.get(feedback.outcome, theme.TEXT)};")
        self._show_score()
        self._place()  # the box grows with the message: keep it inside the view
        if not feedback.reveal:
            if feedback.tried:
                self.box.answer.selectAll()  # a wrong number: typing replaces it
            else:
                self.box.answer.end(False)  # unreadable text: the student fixes it in place
            self.box.answer.setFocus()
            return
        question, self.asking = self.asking, None
        self.log.add([self._row(self.tutor.records[question.step])])
        self.answered.emit(feedback.outcome)
        self._settled_step = question.step
        self.box.answer.setEnabled(False)
        timeline = self.panel.timeline
        if timeline is not None and timeline.index == question.step - 1:
            self.panel.step_forward()  # the number lands
        if self._resume:
            self.panel.play()
        self.panel.setFocus()

    def _show_score(self) -> None:
        self.box.score.setText(self.tutor.score_text() if self.tutor is not None else "")
        self.box.feedback.setVisible(bool(self.box.feedback.text()))  # no empty gap

    def _rebuild(self) -> None:
        """A new timeline (or the mode switched): new questions, nothing asked yet."""
        timeline = self.panel.timeline
        enabled = self.is_enabled() and timeline is not None
        self.tutor = Tutor(timeline, self.kinds(), tolerance=self.tolerance) if enabled else None
        self._asked_on = timeline
        self.asking = None
        self.box.hide()

    @guarded
    def _place(self, *_args) -> None:
        """The box clear of what the question needs, on the side it keeps; after an answer
        it stays while that step is shown, with what the tutor said, and goes when the
        walkthrough moves on."""
        timeline = self.panel.timeline
        if timeline is not self._asked_on:
            # a new timeline moves its step before it says it is new: the old question's
            # step may not exist on it
            self._rebuild()
            return
        if self.asking is None:
            if timeline is None or timeline.index != self._settled_step:
                self.box.hide()
            return
        self.box.fit_height()
        if timeline is not None and self.panel.scene.nodes:
            step = timeline.steps[self.asking.step]
            note = []
            if self.note.isVisible():  # first the note, clear of what the question needs
                self.note.show_over(step)
                note = [self.note.geometry()]
            if self._side is None:  # the lesson's side, for all its questions
                asked = [timeline.steps[k] for k in sorted(self.tutor.questions)]
                self._side = placement.side_for(self.panel, self.box, asked)
            placement.place(self.panel, self.box, step, self._side, note)

    def _row(self, record: Record) -> Row:
        timeline = self.panel.timeline
        lesson, step = self.context
        return Row(
            lesson,
            step,
            _expression(timeline.graph),
            timeline.point,
            record.name,
            record.ask.value if record.ask is not None else "",
            record.expected,
            tuple(record.answers),
            record.outcome.value,
            record.hints,
            record.seconds,
        )

    def _saved_kinds(self) -> frozenset[Ask]:
        if self.settings is None:
            return ALL_KINDS
        saved = self.settings.value(ASK_KEY, None)
        if not isinstance(saved, list | str):
            return ALL_KINDS
        names = [saved] if isinstance(saved, str) else saved
        kinds = frozenset(ask for ask in Ask if ask.name in names)
        return kinds or ALL_KINDS

    def _kinds_changed(self) -> None:
        if self.settings is not None:
            self.settings.setValue(ASK_KEY, [ask.name for ask in self.kinds()])
        self._rebuild()


def _expression(graph: Graph) -> str:
    """The function's text for the log (a graph that reuses nodes may print too long)."""
    try:
        return to_expression(graph, max_length=2_000)
    except GraphError:
        return "(a graph too large to write as an expression)"
