"""A seeded random user of the main window: the driver of the GUI monkey test.

``MonkeyDriver(window, rng, workdir)`` performs actions through the paths a user takes: ops
dragged from the palette onto the strip (real ``startDrag`` code, the drop delivered as Qt
events) or dropped on the chain model, cards dragged, moved with Alt+arrows and deleted with
the Delete key, parameters edited through the parameter dialog (answered with good and bad
values), expressions typed into the expression box and Enter, Ctrl+Z / Ctrl+Shift+Z and the
Edit menu's actions, x0 and the range typed into the plot toolbar, the walkthrough's keys and
slider, File actions on good, malformed and unwritable files, and build mode's canvas
(drops, wires, deletes, moves, Tidy: canvas/monkey_canvas.py).

After every action it checks the invariants: no exception reached the event loop, no
unexpected modal dialog, the strip == the expression == the document's graph, the plots and
the walkthrough show that graph at the document's x0 and range, the canvas draws the
document's sketch, and each undo or redo brings
back exactly the graph (and view settings) that stack position had. ``undo_all`` and
``redo_all`` jump to both ends of the history and check it again.

``run_monkey(window, actions, seed)`` runs it and returns a report dict (tests/ui/test_monkey.py
and bench/monkey.py). While the driver runs, every modal dialog, ``QDrag.exec`` and
``sys.excepthook`` are replaced so nothing blocks; ``stop()`` (or leaving the ``with`` block)
puts them back.
"""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from canvas.monkey_canvas import CanvasMonkey
from PySide6.QtCore import (
    QEvent,
    QMimeData,
    QModelIndex,
    QPointF,
    Qt,
    QTimer,
    QtMsgType,
    QUrl,
    qInstallMessageHandler,
)
from PySide6.QtGui import (
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMenu, QMessageBox, QWidget

from guiad.core.engine import evaluate, trace
from guiad.core.expression import ParseError, parse, to_expression
from guiad.core.fileformat import Document, FileFormatError, Settings, load
from guiad.core.graph import Graph, GraphError, Step, first_hole
from guiad.core.ops import OPS, PARAM_NAMES, UNARY_NAMES
from guiad.ui.chain.commands import LoadDocument
from guiad.ui.window import dialogs

Key = Qt.Key
Mod = Qt.KeyboardModifier
COPY, MOVE = Qt.DropAction.CopyAction, Qt.DropAction.MoveAction
CHAIN_OPS = (*UNARY_NAMES, *PARAM_NAMES)
MAX_FAILURES = 50  # keep going after a failure (to count them), but not forever
PLATFORM_NOISE = ("This plugin does not support",)  # the offscreen platform's limits

GOOD_PARAMS = (0.5, 2.0, -1.0, 3.0, 0.1, 1e-3, -2.5, 10.0, 1.5, 0.0, 7.0)
BAD_PARAMS = (math.nan, math.inf, -math.inf)
BAD_EXPRESSIONS = (
    "sin(",
    "x +",
    ")",
    "sin(x",
    "foo(x)",
    "__import__('os').system('touch PWNED')",
    "x**",
    "lambda: x",
    "[x]",
    "x.real",
    "'x'",
    "",
    "   ",
    "sin(x))",
    "2 3",
    "x/1e-320",
    "1e400*x",
    "x^1e400",
    "inf",
    "nan*x",
    "2π",
    "√x",
    "sin(x)(x)",
    "x if x else 1",
    "exp(" * 40 + "x" + ")" * 39,
    "x,x",
    "sin(x, x)",
    "power(x)",
)
GOOD_GRAPHS = (
    "x*sin(x)",
    "sin(x)^2 + cos(x)^2",
    "x*x",
    "exp(x)/x",
    "x - sin(x)",
    "sqrt(x)*log(x)",
    "tanh(x) + x",
    "x/(1 + x^2)",
    "3",
    "pi",
    "x",
    "sin(3)",
    "3^x",
    "2^sin(x)",
    "x^x",
    "sin(" * 60 + "x" + ")" * 60,
    " + ".join(f"sin({k}*x)" for k in range(1, 13)),
    # several inputs: the surface view, its point and its box
    "x*y + sin(x)",
    "(1 - x)^2 + 100*(y - x^2)^2",
    "log(x1) + x1*x2 - sin(x2)",
    "x*y*z",
    "log(1 + exp(-(w*x + b)))",
    "exp(-(x^2 + y^2))",
)
X0_TEXTS = ("2", "-1.5", "pi/2", "1e-3", "0", "2*e", "-pi", "3.25", "−0.5")
BAD_NUMBER_TEXTS = ("abc", "nan", "inf", "1e400", "", "pi/0", "x", "__import__('os')", "1/")
GOOD_N = (2, 3, 11, 101, 201, 201, 401, 501, 1001, 2001)
BAD_N = ("1", "0", "-5", "abc", "1e9", "2.5", "", "nan", "10,000,001")
GOOD_ENDS = ((-4, 4), (-1, 1), (0, 1), (-10, 10), (0.5, 3), ("-pi", "pi"), (-3, 0.25), (1, 7))
BAD_ENDS = ((4, -4), (1, 1), ("nan", 1), (0, "1e400"), ("abc", 2), (1, "1.000000000000001"))


@dataclass
class Problem:
    """One broken invariant or unexpected error, with where it happened."""

    action_index: int
    action: str
    message: str

    def __str__(self) -> str:
        return f"action #{self.action_index} ({self.action}): {self.message}"


@dataclass
class _Load:
    """The view settings around a pushed Open/New/example: what undo and redo bring back."""

    before: Settings
    after: Settings


@dataclass
class _Patches:
    """Attributes replaced while the driver runs, and their originals."""

    saved: list[tuple[Any, str, bool, Any]] = field(default_factory=list)

    def set(self, owner: Any, name: str, value: Any) -> None:
        had = name in vars(owner)
        self.saved.append((owner, name, had, vars(owner).get(name)))
        setattr(owner, name, value)

    def restore(self) -> None:
        for owner, name, had, old in reversed(self.saved):
            if had:
                setattr(owner, name, old)
            else:
                delattr(owner, name)
        self.saved.clear()


class MonkeyDriver:
    """Random user actions on ``window`` drawn from ``rng``; files go to ``workdir``.

    ``settings_actions=False`` leaves x0 and the range alone (they are view settings, outside
    the undo history), so undoing everything must restore the exact starting document.
    """

    def __init__(
        self,
        window,
        rng: random.Random,
        workdir: str | Path,
        *,
        settings_actions: bool = True,
    ):
        self.w = window
        self.rng = rng
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        window.finish_start()  # as the app does once it has painted: every menu filled
        self.example_sources = [Path(a.data()) for a in window.examples_menu.actions() if a.data()]
        self.examples = self._example_paths()
        self.problems: list[Problem] = []  # each distinct problem, first occurrence
        self.failures = 0  # every occurrence
        self._seen: dict[str, int] = {}
        self.log: list[str] = []
        self.counts: dict[str, int] = {}
        self.changed: dict[str, int] = {}  # actions that changed the graph or the settings
        self.messages_shown = 0  # expected error messages (bad files, bad parameters)
        self.prompts_shown = 0
        self.texts_not_parsing_back = 0  # checks where the shown text folds to another graph
        self.save_as_shown = 0
        self._exceptions: list[str] = []
        self._modals: list[str] = []
        self._errors: list[str] = []
        self._param_answer: float | None = None
        self._save_answer = dialogs.DISCARD
        self._open_answer = ""  # what File ▸ Open's dialog returns ("" = Cancel)
        self._save_as_answer = ""  # what Save As's dialog returns
        self._export_answer: Path | None = None  # what an export's save dialog returns
        self._drop_target: tuple[QWidget, QPointF] | None = None
        self._patches = _Patches()
        self._previous_handler = None
        self._files = 0
        self._prompts_before = 0
        self._document_before = window.document.to_document()
        self._saved_from_prompt: Path | None = None
        self._description = ""
        self._seconds_checking = 0.0
        self.canvas = CanvasMonkey(window, rng, self._say, self._fail)  # build mode's actions
        self.actions = self._action_table(settings_actions)
        self._weights = [weight for _, weight in self.actions.values()]
        self.start_document = window.document.to_document()
        self._graph_at: list[Graph | None] = []
        self._loads: list[_Load | None] = []
        self._reset_history()

    # ---- running ---------------------------------------------------------------------

    def __enter__(self) -> MonkeyDriver:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        """Replace every blocking dialog, QDrag.exec and sys.excepthook (see the docstring)."""
        p = self._patches
        p.set(dialogs, "show_error", self._on_show_error)
        p.set(dialogs, "ask_param", self._on_ask_param)
        p.set(dialogs, "ask_save_changes", self._on_ask_save)
        p.set(dialogs, "ask_save_path", lambda *a, **k: self._export_answer)
        p.set(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (self._open_answer, "")))
        p.set(QFileDialog, "getSaveFileName", staticmethod(self._on_save_as_dialog))
        for cls in (QDialog, QMessageBox):
            p.set(cls, "exec", lambda box, *a: self._unexpected(f"{type(box).__name__}.exec"))
        for name in ("information", "warning", "critical", "question", "about"):
            p.set(QMessageBox, name, staticmethod(lambda *a, n=name: self._unexpected(n)))
        p.set(QDrag, "exec", lambda drag, *a: self._deliver_drag(drag, *a))
        p.set(sys, "excepthook", self._on_exception)
        self._previous_handler = qInstallMessageHandler(self._on_qt_message)
        self._warnings = warnings.catch_warnings()
        self._warnings.__enter__()
        warnings.simplefilter("always")  # every Python warning is a problem, each time
        warnings.showwarning = self._on_warning

    def stop(self) -> None:
        """Stop playback and put every replaced function back."""
        self.w.walkthrough.pause()
        self._patches.restore()
        qInstallMessageHandler(self._previous_handler)
        self._warnings.__exit__(None, None, None)

    def run(self, actions: int) -> None:
        for _ in range(actions):
            if len(self.problems) >= MAX_FAILURES:
                break
            self.step()

    def step(self) -> str:
        """One random action, then the invariants; returns the action's name."""
        name = self.rng.choices(list(self.actions), self._weights)[0]
        method = self.actions[name][0]
        self.counts[name] = self.counts.get(name, 0) + 1
        self._description = name
        index_before = self.w.undo_stack.index()
        settings_before = self.w.document.settings
        document_before = self.w.document.to_document()
        self._prompts_before = self.prompts_shown
        try:
            method()
        except Exception:  # noqa: BLE001 (an exception here would reach the event loop)
            self._fail(f"raised:\n{traceback.format_exc()}")
        self._settle()
        self.log.append(self._description)
        if self.w.document.to_document() != document_before:
            self.changed[name] = self.changed.get(name, 0) + 1
        if name not in ("undo", "redo"):
            self._record_pushes(index_before, settings_before)
        self.check()
        return name

    def report(self) -> dict[str, Any]:
        return {
            "actions": sum(self.counts.values()),
            "failures": self.failures,
            "distinct_problems": len(self.problems),
            "repeats": {k[:300]: n for k, n in self._seen.items() if n > 1},
            "problems": [str(p) for p in self.problems],
            "counts": {k: f"{self.changed.get(k, 0)}/{n}" for k, n in sorted(self.counts.items())},
            "undo_depth": self.w.undo_stack.count(),
            "error_messages_shown": self.messages_shown,
            "save_prompts_shown": self.prompts_shown,
            "checks_with_text_not_parsing_back": self.texts_not_parsing_back,
            "save_as_dialogs_shown": self.save_as_shown,
            "seconds_checking": round(self._seconds_checking, 2),
        }

    # ---- the undo history ------------------------------------------------------------

    def _reset_history(self) -> None:
        """Graph and view settings known at each stack index (None: not seen)."""
        stack = self.w.undo_stack
        self._graph_at = [None] * stack.count() + [None]
        self._graph_at[stack.index()] = self.w.document.graph
        self._loads = [None] * stack.count()

    def _record_pushes(self, index_before: int, settings_before: Settings) -> None:
        """After an action that is not undo/redo: commands pushed past ``index_before``."""
        stack = self.w.undo_stack
        index = stack.index()
        if index < index_before:
            self._fail(f"the undo index went back from {index_before} to {index}")
            self._reset_history()
            return
        if index == index_before:
            if stack.count() != len(self._loads):
                self._fail(f"the undo stack changed size ({stack.count()}) without a push")
                self._reset_history()
            return
        del self._graph_at[index_before + 1 :]
        del self._loads[index_before:]
        for i in range(index_before, index):
            is_load = isinstance(stack.command(i), LoadDocument)
            self._loads.append(
                _Load(settings_before, self.w.document.settings) if is_load else None
            )
            self._graph_at.append(self.w.document.graph if i == index - 1 else None)

    def _expected_settings(self, index_before: int, index: int, settings: Settings) -> Settings:
        """Undo of a load brings back the settings before it; redo those after it."""
        for i in range(index_before - 1, index - 1, -1):
            if self._loads[i] is not None:
                settings = self._loads[i].before
        for i in range(index_before, index):
            if self._loads[i] is not None:
                settings = self._loads[i].after
        return settings

    def _check_stack_move(self, index_before: int, settings_before: Settings) -> None:
        index = self.w.undo_stack.index()
        expected_graph = self._graph_at[index]
        doc = self.w.document
        if expected_graph is not None and doc.graph != expected_graph:
            self._fail(
                f"undo index {index}: graph {_text(doc.graph)} but it was {_text(expected_graph)}"
            )
        expected = self._expected_settings(index_before, index, settings_before)
        if doc.settings != expected:
            self._fail(f"undo index {index}: settings {doc.settings}, expected {expected}")
        if expected_graph is None:
            self._graph_at[index] = doc.graph

    def undo_all(self) -> None:
        """Jump to the start of the history (as an undo view would) and check."""
        self.jump_to(0, "undo all")

    def redo_all(self) -> None:
        self.jump_to(self.w.undo_stack.count(), "redo all")

    def jump_to(self, index: int, what: str) -> None:
        """Undo or redo to stack ``index`` in one go, then check the graph and settings."""
        self._description = what
        index_before, settings_before = self.w.undo_stack.index(), self.w.document.settings
        try:
            self.w.undo_stack.setIndex(index)
        except Exception:  # noqa: BLE001
            self._fail(f"raised:\n{traceback.format_exc()}")
        self._settle()
        self.log.append(what)
        self._check_stack_move(index_before, settings_before)
        self.check()

    # ---- invariants ------------------------------------------------------------------

    def check(self) -> None:
        """Every invariant of the module docstring; failures go to ``problems``."""
        started = time.perf_counter()
        for text in self._exceptions:
            self._fail(f"exception reached the event loop:\n{text}")
        for text in self._modals:
            self._fail(f"unexpected dialog or warning: {text}")
        self._exceptions.clear()
        self._modals.clear()
        graph = self.w.document.graph
        self._check_strip(graph)
        self._check_expression(graph)
        self._check_plots(graph)
        self._check_walkthrough(graph)
        self.canvas.check()
        self._seconds_checking += time.perf_counter() - started

    def _check_strip(self, graph: Graph) -> None:
        model = self.w.chain_model
        rows = [model.step_at(r) for r in range(model.rowCount())]
        steps = graph.chain()
        if steps is not None and rows != list(steps):
            self._fail(f"strip shows {_steps(rows)}, the graph is {_text(graph)}")
        if steps is None:
            if rows:
                self._fail(f"strip shows {len(rows)} cards for a graph that is not a chain")
            elif not self._strip_shows_graph_note():
                self._fail("the strip does not say that the graph is not a chain")

    def _strip_shows_graph_note(self) -> bool:
        """A graph's one-line note in the strip's place (the strip hidden)."""
        note = self.w.chain_panel.note
        return self.w.strip.isHidden() and note.isVisible() and note.note().startswith("This ")

    def _check_expression(self, graph: Graph) -> None:
        box = self.w.expression_box
        text = box.text()
        try:
            shown = parse(text)
        except ParseError as err:
            if not box.error_text():
                self._fail(f"expression box shows {text!r} ({err.message}) with no error")
            return
        if box.error_text():
            self._fail(f"expression box shows an error for valid text {text!r}")
        elif shown != graph and text != _shown(graph):
            self._fail(f"expression box shows {text!r}, the graph is {_text(graph)}")
        elif shown != graph:
            # the graph's own text folds into another graph (2*3.14… of a scaled constant):
            # shown as printed, and Enter on it is no edit (tests/ui/test_expression_box.py)
            self.texts_not_parsing_back += 1

    def _check_plots(self, graph: Graph) -> None:
        if graph.n_inputs > 1:
            self._check_surface(graph)
            return
        plots, settings = self.w.plots, self.w.document.settings
        if self.w.plot_stack.currentWidget() is not plots:
            self._fail(f"the line plots are not shown for {_text(graph)}")
        if plots.busy() and not plots.wait_for_data(60_000):
            self._fail("plots: background evaluation did not finish in 60 s")
            return
        wanted = (settings.x_min, settings.x_max, settings.points)
        if plots.range() != wanted:
            self._fail(f"plots range {plots.range()}, document settings {wanted}")
        if plots.x0() != settings.x0:
            self._fail(f"plots x0 {plots.x0()}, document x0 {settings.x0}")
        data = plots.data()
        if plots.graph() != graph or data is None or data.graph != graph:
            self._fail(f"plots do not show the current graph {_text(graph)}")
            return
        if (data.x_min, data.x_max, data.points) != plots.range():
            self._fail(f"plotted range {(data.x_min, data.x_max, data.points)} != plots.range()")
        self._check_curves(graph)
        self._check_values_at_x0(graph, plots.x0())

    def _check_surface(self, graph: Graph) -> None:
        """A function of several inputs: the surface view shows it at the document's point
        and ranges, and its map is the core's evaluation."""
        surface, settings = self.w.surface, self.w.document.settings
        if surface is None or self.w.plot_stack.currentWidget() is not surface:
            self._fail(f"the surface view is not shown for {_text(graph)}")
            return
        if surface.busy() and not surface.wait_for_data(60_000):
            self._fail("surface: background evaluation did not finish in 60 s")
            return
        grid = surface.grid()
        if surface.graph() != graph or grid is None or grid.graph != graph:
            self._fail(f"the surface view does not show the current graph {_text(graph)}")
            return
        if surface.point() != settings.point(graph.inputs):
            self._fail(f"surface point {surface.point()}, document {settings.point(graph.inputs)}")
        b, ranges = grid.box, settings.ranges(graph.inputs)
        if ((b.x_min, b.x_max), (b.y_min, b.y_max)) != (ranges[b.x], ranges[b.y]):
            self._fail(f"the map's box is not the document's ranges {ranges}")
        rows, cols = np.arange(0, b.ny, max(1, b.ny // 7)), np.arange(0, b.nx, max(1, b.nx // 7))
        xs, ys = b.xs()[cols], b.ys()[rows]
        inputs = [np.full(xs.size * ys.size, v) for v in grid.point]
        mesh_x, mesh_y = np.meshgrid(xs, ys)
        inputs[b.x], inputs[b.y] = mesh_x.reshape(-1), mesh_y.reshape(-1)
        reference = evaluate(graph, tuple(inputs), order=1)
        drawn = grid.f[np.ix_(rows, cols)].reshape(-1)
        if not np.allclose(drawn, reference.f, rtol=1e-12, atol=0.0, equal_nan=True):
            self._fail("the heat map is not the current graph's f")
        values = surface.values()
        t = trace(graph, [np.array([p]) for p in surface.point()])
        exact = (float(t.f[0]), *(float(g[0]) for g in t.grad))
        shown = (values.f, *values.grad) if values is not None else None
        if shown is None or not all(_same(a, b) for a, b in zip(shown, exact, strict=True)):
            self._fail(
                f"surface shows f, ∇f = {shown} at {surface.point()}, the trace says {exact}"
            )

    def _check_curves(self, graph: Graph) -> None:
        """The drawn f and f′ are the core's evaluation of the graph over the range."""
        x_min, x_max, points = self.w.plots.range()
        x, f = self.w.plots.curve("f")
        _, df = self.w.plots.curve("df")
        if x.size != points or not np.array_equal(x, np.linspace(x_min, x_max, points)):
            self._fail(f"plotted x has {x.size} points, not {points} over [{x_min}, {x_max}]")
            return
        # order=2, as the plots ask for: which points get diagnosed depends on the results
        # asked for (tests/core/test_failure_levels.py has the case the monkey found)
        reference = evaluate(graph, x, order=2)
        for name, drawn, exact in (("f", f, reference.f), ("f′", df, reference.df)):
            if not np.allclose(drawn, exact, rtol=1e-12, atol=0.0, equal_nan=True):
                self._fail(f"the {name} curve is not the current graph's {name}")

    def _check_values_at_x0(self, graph: Graph, x0: float) -> None:
        t = trace(graph, np.array([x0]))
        shown = self.w.plots.values_at_x0()[:2]
        exact = (float(t.f[0]), float(t.df[0]))
        if not all(_same(a, b) for a, b in zip(shown, exact, strict=True)):
            self._fail(f"plots show f, f′ = {shown} at x0 = {x0}, the trace says {exact}")

    def _check_walkthrough(self, graph: Graph) -> None:
        panel = self.w.walkthrough
        if panel.graph() != graph:
            self._fail(f"walkthrough shows {_text(panel.graph())}, the graph is {_text(graph)}")
        if graph.n_inputs > 1:
            if self.w.surface is not None and panel.point() != self.w.surface.point():
                self._fail(f"walkthrough point {panel.point()} != surface {self.w.surface.point()}")
        elif panel.x0() != self.w.plots.x0():
            self._fail(f"walkthrough x0 {panel.x0()} != plots x0 {self.w.plots.x0()}")
        timeline = panel.timeline
        if timeline is None:
            self._fail(f"walkthrough has no timeline: {panel.banner_text()}")
            return
        if timeline.graph != graph or timeline.x0 != panel.x0():
            self._fail("the walkthrough's timeline is for another graph or x0")
        if not 0 <= timeline.index < len(timeline):
            self._fail(f"walkthrough step {timeline.index} outside 0..{len(timeline) - 1}")
        if panel.model.rowCount() != len(graph.nodes):
            self._fail(f"walkthrough table has {panel.model.rowCount()} rows for {_text(graph)}")
        if len(panel.scene.nodes) != len(graph.nodes):
            self._fail(f"walkthrough draws {len(panel.scene.nodes)} nodes for {_text(graph)}")

    # ---- actions: the chain ----------------------------------------------------------

    def _action_table(self, settings_actions: bool) -> dict[str, tuple[Callable[[], None], int]]:
        table = {
            "drop op on model": (self.drop_op_on_model, 5),
            "drag op from palette": (self.drag_op_from_palette, 6),
            "palette enter": (self.palette_enter, 5),
            "palette filter enter": (self.palette_filter_enter, 2),
            "move card on model": (self.move_card_on_model, 4),
            "drag card": (self.drag_card, 5),
            "drag card to palette": (self.drag_card_to_palette, 2),
            "alt arrow": (self.alt_arrow, 4),
            "delete card": (self.delete_card, 5),
            "select card": (self.select_card, 3),
            "edit param": (self.edit_param, 6),
            "type expression": (self.type_expression, 10),
            "undo": (self.undo, 10),
            "redo": (self.redo, 6),
            "walkthrough": (self.walkthrough, 8),
            "plot options": (self.plot_options, 1),
            "open example": (self.open_example, 3),
            "open recent": (self.open_recent, 1),
            "open malformed": (self.open_malformed, 3),
            "save": (self.save, 3),
            "new": (self.new, 1),
            "card menu": (self.card_menu, 2),
            "strip keys": (self.strip_keys, 2),
            "window": (self.window_layout, 1),
            "export": (self.export, 1),
        }
        table.update(self.canvas.actions())
        if settings_actions:
            table["x0"] = (self.x0, 6)
            table["range"] = (self.set_range, 5)
        return table

    def _random_op(self) -> str:
        return self.rng.choice(CHAIN_OPS)

    def _random_row(self, extra: int = 0) -> int:
        """A card row (or -1 when the chain is empty)."""
        count = self.w.chain_model.rowCount()
        return self.rng.randrange(count + extra) if count + extra else -1

    def drop_op_on_model(self) -> None:
        """The palette's drag data dropped on the chain model at a random gap or card."""
        name = self._random_op()
        palette = self.w.palette_model
        mime = palette.mimeData([palette.index(palette.row_of(name))])
        model = self.w.chain_model
        row = self.rng.randint(-1, model.rowCount() + 1)
        parent = model.index(self._random_row()) if row == -1 and self.rng.random() < 0.5 else None
        self._description = f"drop {name} on the chain model at row {row}"
        model.dropMimeData(mime, COPY, row, 0, parent or QModelIndex())

    def drag_op_from_palette(self) -> None:
        """Drag an op out of the palette list; drop it on the strip at a random point."""
        name = self._random_op()
        self.w.palette.set_filter("")
        self.w.palette.select_op(name)
        pos = self._strip_point()
        self._description = f"drag {name} from the palette to the strip at x={pos.x():.0f}"
        self._drop_target = (self.w.strip, pos)
        self.w.palette.list.startDrag(COPY)

    def _strip_point(self) -> QPointF:
        viewport = self.w.strip.viewport()
        return QPointF(
            self.rng.uniform(0, viewport.width() - 1), self.rng.uniform(0, viewport.height() - 1)
        )

    def palette_enter(self) -> None:
        """Enter on (or a double-click of) an op in the palette: insert after the selection."""
        name = self._random_op()
        palette = self.w.palette
        palette.set_filter("")
        palette.select_op(name)
        palette.list.setFocus()
        if self.rng.random() < 0.7:
            self._description = f"Enter on {name} in the palette"
            QTest.keyClick(palette.list, Key.Key_Return)
            return
        index = palette.list.currentIndex()
        palette.list.scrollTo(index)
        center = palette.list.visualRect(index).center()
        self._description = f"double-click {name} in the palette"
        QTest.mouseDClick(
            palette.list.viewport(), Qt.MouseButton.LeftButton, Mod.NoModifier, center
        )

    def palette_filter_enter(self) -> None:
        name = self._random_op()
        text = name[: self.rng.randint(1, len(name))]
        self.w.palette.filter_box.setFocus()
        self.w.palette.filter_box.selectAll()
        type_text(self.w.palette.filter_box, text)
        self._description = f"type {text!r} in the palette filter, Enter"
        QTest.keyClick(self.w.palette.filter_box, Key.Key_Return)

    def move_card_on_model(self) -> None:
        row = self._random_row()
        if row < 0:
            return
        model = self.w.chain_model
        mime = model.mimeData([model.index(row)])
        gap = self.rng.randint(-1, model.rowCount())
        self._description = f"drop card {row} on the chain model at gap {gap}"
        model.dropMimeData(mime, MOVE, gap, 0, QModelIndex())

    def drag_card(self) -> None:
        row = self._random_row()
        if row < 0:
            return
        self._click_card(row)
        pos = self._strip_point()
        self._description = f"drag card {row} to x={pos.x():.0f} on the strip"
        self._drop_target = (self.w.strip, pos)
        self.w.strip.startDrag(MOVE)

    def drag_card_to_palette(self) -> None:
        row = self._random_row()
        if row < 0:
            return
        self._click_card(row)
        viewport = self.w.palette.list.viewport()
        pos = QPointF(self.rng.uniform(0, viewport.width()), self.rng.uniform(0, viewport.height()))
        self._description = f"drag card {row} onto the palette"
        self._drop_target = (self.w.palette.list, pos)
        self.w.strip.startDrag(MOVE)

    def alt_arrow(self) -> None:
        row = self._random_row()
        if row < 0:
            return
        self._click_card(row)
        key = self.rng.choice((Key.Key_Left, Key.Key_Right))
        self._description = f"Alt+{'Left' if key == Key.Key_Left else 'Right'} on card {row}"
        QTest.keyClick(self.w.strip, key, Mod.AltModifier)

    def delete_card(self) -> None:
        row = self._random_row()
        if row < 0:
            return
        self._click_card(row)
        how = self.rng.choice(("Delete", "Backspace", "menu"))
        self._description = f"delete card {row} ({how})"
        if how == "menu":
            self.w.delete_action.trigger()
        else:
            key = Key.Key_Delete if how == "Delete" else Key.Key_Backspace
            QTest.keyClick(self.w.strip, key)

    def select_card(self) -> None:
        row = self._random_row()
        if row >= 0:
            self._description = f"click card {row}"
            self._click_card(row)

    def strip_keys(self) -> None:
        """Arrow keys, Home and End move the selection along the strip."""
        strip = self.w.strip
        strip.setFocus()
        keys = [self.rng.choice((Key.Key_Left, Key.Key_Right, Key.Key_Home, Key.Key_End))]
        keys *= self.rng.randint(1, 3)
        self._description = "strip keys " + " ".join(k.name for k in keys)
        for key in keys:
            QTest.keyClick(strip, key)

    def card_menu(self) -> None:
        """Right-click a card; the menu's pick is random (see ``_on_menu``)."""
        row = self._random_row()
        if row < 0:
            return
        strip = self.w.strip
        strip.scrollTo(strip.model().index(row))
        pos = strip.card_rect(row).center().toPoint()
        self._param_answer = self.rng.choice(GOOD_PARAMS + BAD_PARAMS)
        self._description = f"context menu of card {row} (parameter {self._param_answer})"
        event = QContextMenuEvent(
            QContextMenuEvent.Reason.Mouse, pos, strip.viewport().mapToGlobal(pos)
        )
        QTimer.singleShot(0, self._pick_from_menu)
        QApplication.sendEvent(strip.viewport(), event)
        # the offscreen platform leaves the closed menu as the active window (a real one
        # gives activation back), and shortcuts such as Ctrl+Z need the window active
        self.w.activateWindow()
        QApplication.processEvents()

    def window_layout(self) -> None:
        """Hide or show the walkthrough (View ▸ Layout), or resize the window."""
        if self.rng.random() < 0.5:
            parts = "both" if self.w.stage.parts() == "plots" else "plots"
            self._description = f"View ▸ Layout: {parts}"
            self.w.layout_menu.part_actions[parts].trigger()
        else:
            size = (self.rng.randint(800, 1280), self.rng.randint(560, 800))
            self._description = f"resize the window to {size}"
            self.w.resize(*size)

    def _click_card(self, row: int) -> None:
        """Click the middle of card ``row`` (scrolled into view first, as a user would)."""
        strip = self.w.strip
        strip.setFocus()
        strip.scrollTo(strip.model().index(row))
        center = strip.card_rect(row).center().toPoint()
        QTest.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, Mod.NoModifier, center)

    def edit_param(self) -> None:
        """A new parameter (the dialog answers for the user) by Enter, menu or double-click."""
        rows = [r for r in range(self.w.chain_model.rowCount()) if self._has_param(r)]
        if not rows:
            return
        row = self.rng.choice(rows)
        roll = self.rng.random()
        if roll < 0.6:
            self._param_answer = self.rng.choice(GOOD_PARAMS)
        elif roll < 0.85:
            self._param_answer = self.rng.choice(BAD_PARAMS)
        else:
            self._param_answer = None  # Cancel
        how = self.rng.choice(("Enter", "menu", "double-click"))
        self._description = f"set the parameter of card {row} to {self._param_answer} ({how})"
        graph = self.w.document.graph
        errors = self.messages_shown
        self._click_card(row)
        if how == "Enter":
            QTest.keyClick(self.w.strip, Key.Key_Return)
        elif how == "menu":
            self.w.param_action.trigger()
        else:
            center = self.w.strip.card_rect(row).center().toPoint()
            QTest.mouseDClick(
                self.w.strip.viewport(), Qt.MouseButton.LeftButton, Mod.NoModifier, center
            )
        bad = self._param_answer is not None and not math.isfinite(self._param_answer)
        if bad and (self.w.document.graph != graph or self.messages_shown != errors + 1):
            self._fail("a bad parameter changed the chain or was refused without a message")

    def _has_param(self, row: int) -> bool:
        step = self.w.chain_model.step_at(row)
        return step is not None and step.param is not None

    def type_expression(self) -> None:
        text = self._random_expression()
        box = self.w.expression_box
        box.edit.setFocus()
        box.edit.selectAll()
        type_text(box.edit, text)
        escape = self.rng.random() < 0.1
        self._description = f"type {text!r}, {'Escape' if escape else 'Enter'}"
        graph = self.w.document.graph
        QTest.keyClick(box.edit, Key.Key_Escape if escape else Key.Key_Return)
        if escape and (self.w.document.graph != graph or box.text() != _shown(graph)):
            self._fail("Escape did not put the expression back")
        if (self.workdir / "PWNED").exists():
            self._fail("an expression ran code: PWNED exists")

    def _random_expression(self) -> str:
        roll = self.rng.random()
        if roll < 0.35:
            steps = [self._random_step() for _ in range(self.rng.randint(0, 5))]
            return _shown(Graph.from_chain(steps))
        if roll < 0.55:
            return self.rng.choice(GOOD_GRAPHS)
        if roll < 0.75:
            return self.rng.choice(BAD_EXPRESSIONS)
        return self._mutated(self.w.expression_box.text())

    def _random_step(self) -> Step:
        name = self._random_op()
        param = self.rng.choice(GOOD_PARAMS) if OPS[name].param else None
        if name == "scale" and param == 0.0:
            param = 2.0
        return Step(name, param)

    def _mutated(self, text: str) -> str:
        """The current text with one random character removed, added or changed."""
        chars = list(text[:200])
        where = self.rng.randint(0, len(chars))
        kind = self.rng.choice(("delete", "insert", "replace"))
        if kind == "delete" and chars:
            del chars[min(where, len(chars) - 1)]
        elif kind == "insert" or not chars:
            chars.insert(where, self.rng.choice("()+-*/^,.x2e πsin "))
        else:
            chars[min(where, len(chars) - 1)] = self.rng.choice("()+-*/^x1 ")
        return "".join(chars)

    # ---- actions: undo and redo ------------------------------------------------------

    def undo(self) -> None:
        self._stack_move(undo=True)

    def redo(self) -> None:
        self._stack_move(undo=False)

    def _stack_move(self, undo: bool) -> None:
        """Undo (or redo) a few times by keys or the Edit menu; an undo is sometimes followed
        by some redos, as when a user looks back and returns."""
        times = self.rng.choice((1, 1, 1, 2, 3, 5))
        how = self.rng.choice(("keys", "menu"))
        self._description = f"{'undo' if undo else 'redo'} ×{times} ({how})"
        self._undo_or_redo(undo, times, how)
        if undo and self.rng.random() < 0.4:
            back = self.rng.randint(1, times)
            self._description += f", redo ×{back}"
            self._undo_or_redo(False, back, how)

    def _undo_or_redo(self, undo: bool, times: int, how: str) -> None:
        stack = self.w.undo_stack
        index_before, settings_before = stack.index(), self.w.document.settings
        self.w.strip.setFocus()  # Ctrl+Z in a text field undoes typing, not the chain
        for _ in range(times):
            if how == "menu":
                (self.w.undo_action if undo else self.w.redo_action).trigger()
            elif undo:
                QTest.keyClick(self.w.strip, Key.Key_Z, Mod.ControlModifier)
            else:
                QTest.keyClick(self.w.strip, Key.Key_Z, Mod.ControlModifier | Mod.ShiftModifier)
        self._settle()
        if undo:
            expected = max(index_before - times, 0)
        else:
            expected = min(index_before + times, stack.count())
        if stack.index() != expected:
            self._fail(
                f"{times} steps from undo index {index_before} went to {stack.index()}"
                f" (active window: {type(QApplication.activeWindow()).__name__})"
            )
        self._check_stack_move(index_before, settings_before)

    # ---- actions: plots --------------------------------------------------------------

    def x0(self) -> None:
        if self.w.document.graph.n_inputs > 1:
            self._move_point()
            return
        plots = self.w.plots
        roll = self.rng.random()
        if roll < 0.3:
            x_min, x_max, _ = plots.range()
            value = round(self.rng.uniform(x_min - 1, x_max + 1), 3)
            self._description = f"drag x0 to {value}"
            plots.set_x0(value)
        elif roll < 0.8:
            good = self.rng.random() < 0.7
            text = self.rng.choice(X0_TEXTS if good else BAD_NUMBER_TEXTS)
            self._description = f"type x0 {text!r}, Enter"
            before = self.w.document.settings.x0
            self._type_into(plots.controls.x0_edit, text)
            if not good and self.w.document.settings.x0 != before:
                self._fail(f"x0 text {text!r} changed x0")
        else:
            key = self.rng.choice((Key.Key_Left, Key.Key_Right))
            mod = self.rng.choice((Mod.NoModifier, Mod.ShiftModifier))
            self._description = f"{'Left' if key == Key.Key_Left else 'Right'} on the plots"
            plots.setFocus()
            QTest.keyClick(plots, key, mod)

    def _move_point(self) -> None:
        """A function of several inputs: one coordinate of the surface view's point moved, as
        a drag or a typed box does (the line plots' x0 and range are hidden)."""
        surface = self.w.surface
        if self.rng.random() < 0.3:
            self._set_box(surface)
            return
        k = self.rng.randrange(len(surface.inputs()))
        value = round(self.rng.uniform(-5.0, 5.0), 3)
        self._description = f"move {surface.inputs()[k]} of the point to {value}"
        surface.set_coordinate(k, value)

    def _set_box(self, surface) -> None:
        """The map's box set as its boxes do: good ends and N change the document's ranges,
        bad ones nothing (N at most 120 a side: the check evaluates the map again)."""
        good = self.rng.random() < 0.7
        if good:
            (x_lo, x_hi), (y_lo, y_hi) = self.rng.sample(GOOD_ENDS, 2)
            n = self.rng.choice((2, 21, 57, 120))
        elif self.rng.random() < 0.5:  # bad ends
            (x_lo, x_hi), (y_lo, y_hi) = self.rng.choice(BAD_ENDS), self.rng.choice(GOOD_ENDS)
            n = 21
        else:  # a bad N
            (x_lo, x_hi), (y_lo, y_hi) = self.rng.sample(GOOD_ENDS, 2)
            n = self.rng.choice((1, 0, -5, 2001, 10**9))
        ends = [_end(v) for v in (x_lo, x_hi, y_lo, y_hi)]
        if None in ends:
            return  # text such as "abc" is the boxes' own business, not set_box's
        self._description = f"set the map's box to {ends}, N = {n}"
        before = self.w.document.settings
        accepted = surface.set_box(*ends, n)
        if good and not accepted:
            self._fail(f"the map's box {ends}, N = {n} was refused")
        if not good and accepted:
            self._fail(f"the map's bad box {ends}, N = {n} was accepted")
        if not accepted and self.w.document.settings != before:
            self._fail("a refused box changed the document's settings")

    def set_range(self) -> None:
        """Type into some of x min, x max and N, pressing Enter in the last one."""
        if self.w.document.graph.n_inputs > 1:
            self._move_point()
            return
        plots = self.w.plots
        fields: list[tuple[Any, str]] = []
        good = self.rng.random() < 0.7
        if self.rng.random() < 0.6:
            lo, hi = self.rng.choice(GOOD_ENDS if good else BAD_ENDS)
            fields += [(plots.controls.x_min_edit, str(lo)), (plots.controls.x_max_edit, str(hi))]
        if not fields or self.rng.random() < 0.5:
            n = self.rng.choice(GOOD_N) if good or fields else self.rng.choice(BAD_N)
            if good and self.rng.random() < 0.02:
                n = 30_001  # now and then a range large enough to evaluate in the background
            fields.append((plots.controls.points_edit, str(n)))
        self._description = "type range " + ", ".join(repr(text) for _, text in fields)
        before = self.w.document.settings
        for edit, text in fields:
            self._type_into(edit, text, enter=edit is fields[-1][0])
        if not good and len(fields) == 1 and self.w.document.settings != before:
            self._fail(f"a bad N changed the settings to {self.w.document.settings}")

    def _type_into(self, edit, text: str, enter: bool = True) -> None:
        edit.setFocus()
        edit.selectAll()
        type_text(edit, text)
        if not text:
            QTest.keyClick(edit, Key.Key_Delete)
        if enter:
            QTest.keyClick(edit, Key.Key_Return)

    def plot_options(self) -> None:
        plots = self.w.plots
        box = self.rng.choice((plots.controls.second_box, plots.controls.fd_box))
        self._description = f"click {box.text()}"
        box.click()

    # ---- actions: walkthrough --------------------------------------------------------

    def walkthrough(self) -> None:
        """Keys on the panel, its slider, its mode, or playing for a moment (View ▸
        Layout first if the walkthrough is hidden)."""
        panel = self.w.walkthrough
        self.w.layout_menu.show_walkthrough()
        roll = self.rng.random()
        if roll < 0.5:
            key = self.rng.choice(
                (Key.Key_Space, Key.Key_Left, Key.Key_Right, Key.Key_Right, Key.Key_Home)
                + (Key.Key_End,)
            )
            self._description = f"walkthrough key {key.name}"
            panel.setFocus()
            QTest.keyClick(panel, key)
        elif roll < 0.75:
            value = self.rng.randint(
                panel.controls.slider.minimum(), panel.controls.slider.maximum()
            )
            self._description = f"walkthrough slider to {value}"
            panel.controls.slider.setValue(value)
        elif roll < 0.85:
            index = self.rng.randint(0, panel.controls.mode_box.count() - 1)
            self._description = f"walkthrough mode {panel.controls.mode_box.itemText(index)}"
            panel.controls.mode_box.setCurrentIndex(index)
        else:
            ms = self.rng.randint(10, 120)
            self._description = f"walkthrough play for {ms} ms"
            panel.play()
            QTest.qWait(ms)
            if self.rng.random() < 0.7:
                panel.pause()

    # ---- actions: files --------------------------------------------------------------

    def _example_paths(self) -> list[Path]:
        """Copies of the shipped examples in the work folder: a file opened by path becomes
        the window's file, and Ctrl+S must never write into the repository's assets."""
        folder = self.workdir / "examples"
        folder.mkdir(exist_ok=True)
        paths = []
        for source in self.example_sources:
            paths.append(folder / source.name)
            paths[-1].write_bytes(source.read_bytes())
        return paths

    def open_example(self) -> None:
        """A shipped example by the Examples menu, File ▸ Open, a drop from the file manager
        or open_path, after the unsaved-changes prompt (answered at random)."""
        if not self.examples:
            return
        path = self.rng.choice(self.examples)
        how = self.rng.choice(("menu", "open dialog", "file drop", "open_path"))
        self._description = f"open example {path.name} ({how}, {self._answer_prompt()})"
        if how == "menu":
            actions = self.w.examples_menu.actions()
            next(a for a in actions if a.data() and Path(a.data()).name == path.name).trigger()
        elif how == "open dialog":
            self._open_answer = str(path)
            self.w.open_action.trigger()
        elif how == "file drop":
            mime = QMimeData()
            mime.setUrls([QUrl.fromLocalFile(str(path))])
            center = QPointF(self.w.rect().center())
            deliver_drop(self.w, mime, center, viewport=False)
        elif not self.w.open_path(path):
            self._fail(f"a shipped example was refused: {self._errors[-1:]}")
        self._check_prompt_save()

    def _answer_prompt(self) -> str:
        """Choose the answer to the unsaved-changes prompt (and to Save As, if it follows)."""
        self._save_answer = self.rng.choice((dialogs.DISCARD,) * 3 + (dialogs.CANCEL, dialogs.SAVE))
        self._files += 1
        named = self.rng.random() < 0.7
        self._save_as_answer = (
            str(self.workdir / f"prompted-{self._files}.guiad.json") if named else ""
        )
        self._document_before = self.w.document.to_document()
        self._saved_from_prompt = self.w.file_path
        text = f"prompt: {self._save_answer}"
        if self._save_answer == dialogs.SAVE and self.w.file_path is None:
            text += f", save as {Path(self._save_as_answer).name or 'cancelled'}"
        return text

    def _check_prompt_save(self) -> None:
        """ "Save" at the prompt wrote the document as it was before the action."""
        if self._save_answer != dialogs.SAVE or not self._description_has_prompt():
            return
        target = self._saved_from_prompt or (
            Path(self._save_as_answer) if self._save_as_answer else None
        )
        if target is None or not target.exists():
            return
        try:
            saved = load(target)
        except FileFormatError as err:
            self._fail(f"the file saved from the prompt does not load: {err}")
            return
        if saved != _as_filed(self._document_before):
            self._fail(f"the prompt saved something else than the document into {target.name}")

    def _description_has_prompt(self) -> bool:
        return self.prompts_shown > self._prompts_before

    def open_recent(self) -> None:
        """File ▸ Open Recent (a file saved earlier; now and then deleted first)."""
        self.w.recent_menu.aboutToShow.emit()
        actions = [a for a in self.w.recent_menu.actions() if a.isEnabled() and a.statusTip()]
        if not actions:
            return
        action = self.rng.choice(actions)
        path = Path(action.statusTip())
        deletable = path.exists() and path.parent != (self.workdir / "examples").resolve()
        gone = deletable and self.rng.random() < 0.2
        if gone:
            path.unlink()
        self._description = f"open recent {path.name}{' (deleted)' if gone else ''}"
        self._description += f" ({self._answer_prompt()})"
        errors = self.messages_shown
        action.trigger()
        if gone and self.messages_shown > errors and path in self.w.storage.recent_files():
            self._fail("a recent file that is gone stayed in the list after failing to open")
        self._check_prompt_save()

    def open_malformed(self) -> None:
        """A broken file is refused with a message; chain, settings, history and name stay."""
        kind, path = self._malformed_file()
        self._description = f"open a malformed file ({kind})"
        before = self.w.document.to_document()
        count, index, source = (
            self.w.undo_stack.count(),
            self.w.undo_stack.index(),
            self.w.file_path,
        )
        errors = self.messages_shown
        if self.w.open_path(path):
            self._fail(f"malformed file ({kind}) was opened")
            return
        if self.messages_shown != errors + 1:
            self._fail(f"malformed file ({kind}): {self.messages_shown - errors} messages shown")
        after = (self.w.undo_stack.count(), self.w.undo_stack.index(), self.w.file_path)
        if self.w.document.to_document() != before or after != (count, index, source):
            self._fail(f"malformed file ({kind}) changed the document or its history")
        if (self.workdir / "PWNED").exists():
            self._fail("a malformed file ran code: PWNED exists")

    def _malformed_file(self) -> tuple[str, Path]:
        self._files += 1
        path = self.workdir / f"bad-{self._files}.guiad.json"
        # broken from a version-1 example: the kinds below break that version's layout
        sources = [json.loads(p.read_text()) for p in self.example_sources]
        good = self.rng.choice([data for data in sources if data.get("version") == 1])
        text = json.dumps(good)
        kind = self.rng.choice(MALFORMED_KINDS)
        if kind == "missing":
            return kind, path
        if kind == "folder":
            path.mkdir()
            return kind, path
        content: bytes | str
        if kind == "truncated":
            content = text[: self.rng.randint(0, max(len(text) - 2, 0))]
        elif kind == "random bytes":
            content = self.rng.randbytes(self.rng.randint(1, 300))
        elif kind == "deep nesting":
            content = "[" * 10_000 + "]" * 10_000
        else:
            content = json.dumps(_broken_document(kind, good, self.rng))
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return kind, path

    def save(self) -> None:
        """Save to a new file (and read it back), Ctrl+S when named, or into a missing folder."""
        self._files += 1
        roll = self.rng.random()
        if roll < 0.15:
            path = self.workdir / "missing folder" / f"chain-{self._files}.guiad.json"
            errors = self.messages_shown
            self._description = "save into a missing folder"
            if self.w.save_to(path) or self.messages_shown != errors + 1:
                self._fail("saving into a missing folder did not fail with a message")
            return
        if roll < 0.35 and self.w.file_path is not None:
            self._description = f"Ctrl+S into {self.w.file_path.name}"
            self.w.strip.setFocus()
            QTest.keyClick(self.w.strip, Key.Key_S, Mod.ControlModifier)
            path = self.w.file_path
        else:
            path = self.workdir / f"chain-{self._files}.guiad.json"
            self._description = f"save to {path.name}"
            if not self.w.save_to(path):
                self._fail(f"save_to failed: {self._errors[-1:]}")
                return
        try:
            saved = load(path)
        except FileFormatError as err:
            self._fail(f"the saved file does not load: {err}")
            return
        if saved != _as_filed(self.w.document.to_document()) or self.w.is_modified():
            self._fail("the saved file differs from the document, or it is still modified")
        if self.w.file_path != Path(path).resolve():
            self._fail(f"after saving, the window's file is {self.w.file_path}")

    def export(self) -> None:
        """File ▸ Export (all but the GIF and the MP4, which take seconds in the background
        behind a progress box: tests/ui/test_video_export has them): the file is written
        without a message, or for a graph not finished a Python script is refused with one;
        the Python script runs and exits cleanly."""
        actions = [
            a
            for a in self.w.export_menu.actions()
            if not a.isSeparator()
            and a.isEnabled()
            and "GIF" not in a.text()
            and "MP4" not in a.text()
        ]
        if not actions:
            return
        action = self.rng.choice(actions)
        self._files += 1
        name = action.text().replace("&", "").removesuffix("…")
        self._export_answer = self.workdir / f"export-{self._files}"
        self._description = f"export {name}"
        errors = self.messages_shown
        action.trigger()
        written = [p for p in self.workdir.glob(f"export-{self._files}.*") if p.stat().st_size]
        unfinished = first_hole(self.w.document.graph) is not None
        if unfinished and "Python" in name:
            if self.messages_shown != errors + 1 or written:
                self._fail(f"export {name} of a graph not finished: no message, or a file")
            return
        if self.messages_shown != errors or len(written) != 1:
            self._fail(f"export {name}: {len(written)} files written; {self._errors[-1:]}")
        elif written[0].suffix == ".py":
            self._run_script(written[0])

    def _run_script(self, script: Path) -> None:
        """The exported script prints the engine's f and gradient at the walkthrough's point,
        or says f is undefined there (exit 1) exactly where the engine finds f or ∇f
        undefined."""
        done = subprocess.run(
            [sys.executable, str(script)], capture_output=True, text=True, timeout=60
        )
        graph, point = self.w.document.graph, self.w.walkthrough.point()
        at = np.array(point) if len(point) == 1 else [np.array([v]) for v in point]
        t = trace(graph, at)
        failure = t.failure(0)
        undefined = failure is not None and failure.level <= 1
        said = f"exited with {done.returncode}: {(done.stdout + done.stderr)[-300:]}"
        if done.returncode not in (0, 1) or undefined != (done.returncode == 1):
            self._fail(f"script for {_text(graph)} at {point!r} {said}; engine: {failure}")
            return
        if done.returncode == 0:
            # the last lines: f = …, then f' = … (one input) or df/dname = … for each input
            count = 1 + graph.n_inputs
            lines = dict(line.split(" = ", 1) for line in done.stdout.splitlines()[-count:])
            names = ["f'"] if graph.n_inputs == 1 else [f"df/d{n}" for n in graph.inputs]
            printed = [float(lines["f"]), *(float(lines[n]) for n in names)]
            exact = [float(t.f[0]), *(float(g[0]) for g in t.grad)]
            if not np.allclose(printed, exact, rtol=1e-12, atol=1e-300):
                self._fail(f"script for {_text(graph)} printed {printed}, the engine {exact}")

    def new(self) -> None:
        self._description = f"File ▸ New ({self._answer_prompt()})"
        self.w.new_action.trigger()
        self._check_prompt_save()

    # ---- replaced dialogs and hooks --------------------------------------------------

    def _on_show_error(self, parent, title: str, text: str, details: str = "") -> None:
        self.messages_shown += 1
        self._errors.append(f"{title}: {text}")
        del self._errors[:-5]
        if not text.strip():
            self._fail(f"an empty error message was shown ({title})")

    def _on_ask_param(self, parent, op, current) -> float | None:
        return self._param_answer

    def _on_ask_save(self, parent, name: str) -> str:
        self.prompts_shown += 1
        return self._save_answer

    def _on_save_as_dialog(self, *args, **kwargs) -> tuple[str, str]:
        self.save_as_shown += 1
        return self._save_as_answer, ""

    def _pick_from_menu(self) -> None:
        """In the open context menu's event loop: close it and trigger a random enabled
        action, as a click on it does (QMenu.exec cannot be replaced from Python)."""
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            self._unexpected("no context menu opened")
            return
        actions = [a for a in menu.actions() if a.isEnabled() and not a.isSeparator()]
        menu.close()
        if actions:
            action = self.rng.choice(actions)
            self._description += f" → {action.text()}"
            action.trigger()

    def _unexpected(self, what: str) -> int:
        self._modals.append(what)
        return 0

    def _on_qt_message(self, kind: QtMsgType, context, text: str) -> None:
        """Qt warnings count as problems, except the offscreen platform's "not supported"."""
        quiet = kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg)
        if not quiet and not any(noise in text for noise in PLATFORM_NOISE):
            self._modals.append(f"Qt {kind.name}: {text}")
        if self._previous_handler is not None:
            self._previous_handler(kind, context, text)

    def _on_warning(self, message, category, filename, lineno, file=None, line=None) -> None:
        self._modals.append(f"{category.__name__} at {filename}:{lineno}: {message}")

    def _on_exception(self, kind, error, tb) -> None:
        self._exceptions.append("".join(traceback.format_exception(kind, error, tb)))

    def _deliver_drag(self, drag: QDrag, *args) -> Qt.DropAction:
        """What a user's release over ``_drop_target`` delivers: enter, move, then drop."""
        target = self._drop_target
        self._drop_target = None
        if target is None:
            self._unexpected("a drag with no target")
            return Qt.DropAction.IgnoreAction
        view, pos = target
        return deliver_drop(view, drag.mimeData(), pos)

    # ---- helpers ---------------------------------------------------------------------

    def _settle(self) -> None:
        """Let the event loop run, as it does between a user's actions."""
        QApplication.processEvents()
        plots = self.w.plots
        if plots.busy():
            plots.wait_for_data(60_000)

    def _say(self, description: str) -> None:
        self._description = description

    def _fail(self, message: str) -> None:
        """Record a problem; one that repeats (same first and last line) is counted, not
        listed again, so a run goes on to find the others."""
        lines = message.strip().splitlines() or [""]
        key = f"{lines[0]} … {lines[-1]}"
        self.failures += 1
        if key in self._seen:
            self._seen[key] += 1
            return
        self._seen[key] = 1
        if len(self.problems) < MAX_FAILURES:
            self.problems.append(Problem(len(self.log), self._description, message))


MALFORMED_KINDS = (
    "missing",
    "folder",
    "truncated",
    "random bytes",
    "deep nesting",
    "empty object",
    "wrong version",
    "unknown op",
    "python payload",
    "bad settings",
    "wrong types",
    "bad inputs",
)


def _broken_document(kind: str, good: dict, rng: random.Random) -> Any:
    """A JSON document that breaks the file format in the way ``kind`` names."""
    doc = json.loads(json.dumps(good))
    if kind == "empty object":
        return {}
    if kind == "wrong version":
        doc["version"] = rng.choice((0, 2, 99, "1", None))
    elif kind == "unknown op":
        doc["nodes"][-1]["op"] = rng.choice(("sinx", "eval", "__import__", ""))
    elif kind == "python payload":
        payload = "__import__('os').system('touch PWNED')"
        doc["expression"] = payload
        doc["nodes"][-1]["op"] = payload
    elif kind == "bad settings":
        key = rng.choice(("x_min", "x_max", "points", "x0"))
        wrong: list[Any] = ["1", None, [], True, math.inf, -(10**400)]
        if key == "x_min":
            wrong.append(doc["settings"]["x_max"] + 1)
        elif key == "x_max":
            wrong.append(doc["settings"]["x_min"])
        elif key == "points":
            wrong += [0, 1, 2.5, 10**12]
        doc["settings"][key] = rng.choice(wrong)
    elif kind == "wrong types":
        doc[rng.choice(("nodes", "settings", "format"))] = rng.choice((5, "x", None, True))
    else:  # bad inputs
        doc["nodes"][-1]["inputs"] = rng.choice(([len(doc["nodes"])], [-1], ["0"], [0, 0, 0]))
    return doc


def type_text(widget: QWidget, text: str) -> None:
    """Key presses for ``text``: QTest's for ASCII, plain key events for other characters
    (QTest asserts on characters it has no key code for, such as π or −)."""
    for char in text:
        if char.isascii():
            QTest.keyClick(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Mod.NoModifier, char))


def deliver_drop(view, mime: QMimeData, pos: QPointF, viewport: bool = True) -> Qt.DropAction:
    """Drag-enter, drag-move and (if accepted) drop ``mime`` at ``pos`` on ``view``'s viewport
    (or on ``view`` itself), as Qt delivers a drag released there."""
    viewport = view.viewport() if viewport else view
    buttons, mods = Qt.MouseButton.LeftButton, Mod.NoModifier
    actions = COPY | MOVE
    enter = QDragEnterEvent(pos.toPoint(), actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    move = QDragMoveEvent(pos.toPoint(), actions, mime, buttons, mods)
    if enter.isAccepted():
        QApplication.sendEvent(viewport, move)
    if not (enter.isAccepted() and move.isAccepted()):
        QApplication.sendEvent(viewport, QDragLeaveEvent())
        return Qt.DropAction.IgnoreAction
    drop = QDropEvent(pos, move.dropAction(), mime, buttons, mods)
    QApplication.sendEvent(viewport, drop)
    return drop.dropAction() if drop.isAccepted() else Qt.DropAction.IgnoreAction


def run_monkey(
    window,
    actions: int,
    seed: int,
    workdir: str | Path | None = None,
    *,
    settings_actions: bool = True,
    progress: Callable[[MonkeyDriver, float], None] | None = None,
    every: int = 1000,
) -> dict[str, Any]:
    """``actions`` random actions on ``window`` (seeded), then undo all, redo back to the
    end and redo all. ``progress(driver, seconds)`` is called every ``every`` actions.

    Returns a report: the counts (changed the document / done), every problem found (with
    the action's number and description), timings, and what undo-all and redo restored.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="guiad-monkey-") as tmp:
        folder = Path(workdir) if workdir is not None else Path(tmp)
        started = time.perf_counter()
        with MonkeyDriver(
            window, random.Random(seed), folder, settings_actions=settings_actions
        ) as d:
            done = 0
            while done < actions and len(d.problems) < MAX_FAILURES:
                chunk = min(every, actions - done)
                d.run(chunk)
                done += chunk
                if progress is not None:
                    progress(d, time.perf_counter() - started)
            seconds = time.perf_counter() - started
            performed = len(d.log)
            end, end_index = window.document.to_document(), window.undo_stack.index()
            d.undo_all()
            restored = window.document.to_document()
            d.jump_to(end_index, "redo to the end")
            redone = window.document.graph
            d.redo_all()
        report = d.report()
    report.update(
        seed=seed,
        seconds=round(seconds, 2),
        actions_per_second=round(performed / seconds, 1) if seconds else 0.0,
        start_graph=_text(d.start_document.graph),
        end_graph=_text(end.graph),
        undo_all_restores_graph=restored.graph == d.start_document.graph,
        undo_all_restores_document=restored == d.start_document,
        redo_to_end_restores_graph=redone == end.graph,
        log_tail=d.log[-15:],
    )
    return report


def _same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))


def _shown(graph: Graph) -> str:
    """What the expression box shows for ``graph``."""
    return to_expression(graph) if len(graph.nodes) > 1 else "x"


def _text(graph: Graph | None) -> str:
    if graph is None:
        return "None"
    try:
        text = to_expression(graph, max_length=10_000) if len(graph.nodes) > 1 else "x"
    except GraphError:
        return f"<a graph of {len(graph.nodes)} nodes>"
    return text if len(text) < 120 else text[:117] + "…"


def _steps(steps: list[Step | None]) -> str:
    return "[" + ", ".join(s.op if s is not None else "None" for s in steps) + "]"


def _as_filed(doc: Document) -> Document:
    """``doc`` as its file holds it: the ranges and point of its function's inputs only (the
    window also keeps those of inputs an earlier expression had, for when they come back).
    The first input's are x_min, x_max and x0, so a view kept from when it was not first
    (x*y retyped as y + x2) is not filed either."""
    names = set(doc.graph.inputs[1:])
    others = tuple(view for view in doc.settings.others if view.name in names)
    return replace(doc, settings=replace(doc.settings, others=others))


def _end(text: float | int | str) -> float | None:
    """A box end as typed: a number, ±pi, or None for text that is not one."""
    named = {"pi": math.pi, "-pi": -math.pi}
    try:
        return named[text] if text in named else float(text)
    except ValueError:
        return None
