"""An exception in a view that follows the document reaches sys.excepthook; the app lives.

PySide6 6.11 on Python 3.11 segfaults when an exception raised inside C code (here 1/0)
escapes a Python override that Qt calls, such as QUndoCommand.redo. Every edit runs the
views inside redo/undo, so the commands catch it and hand it to sys.excepthook (the app's
error dialog). Run in a subprocess: without the guard the interpreter dies.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import sys
from PySide6.QtGui import QGuiApplication, QUndoStack
from guiad.core.document import ChainDocument
from guiad.core.expression import parse, to_expression
from guiad.ui.chain.commands import Editor

app = QGuiApplication([])
seen = []
sys.excepthook = lambda kind, error, tb: seen.append(kind.__name__)
doc = ChainDocument(parse("sin(x)"))
doc.changed.append(lambda change: 1 / 0)  # a broken view
stack = QUndoStack()
editor = Editor(doc, stack)
editor.insert(1, "exp")
after_insert = to_expression(doc.graph)
stack.undo()
after_undo = to_expression(doc.graph)
stack.redo()
print(after_insert, after_undo, to_expression(doc.graph), ",".join(seen))
"""


def test_a_broken_view_reaches_the_hook_and_the_edit_stands():
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    last = done.stdout.strip().splitlines()[-1]
    assert last == "exp(sin(x)) sin(x) exp(sin(x)) " + ",".join(["ZeroDivisionError"] * 3)
