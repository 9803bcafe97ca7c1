"""The window's first frame leaves for later what it does not show (issue 15 item 19).

Run in a fresh interpreter, as a user's start is: which modules are loaded and which parts
are built once the window is shown. Deferred parts are tested to work when first used in
tests/ui/test_plots_lazy.py and tests/core/test_ops_lazy.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

START = """
import json, sys, tempfile
from pathlib import Path
import guiad.cli.main
from guiad.ui.plots import fd_lab
made = []
class CountedLab(fd_lab.FdLab):
    def __init__(self, *args, **kwargs):
        made.append(1)
        super().__init__(*args, **kwargs)
fd_lab.FdLab = CountedLab
from guiad.ui.window.app import make_app
app = make_app()
from guiad.ui.window.files import Storage
from guiad.ui.window.main_window import MainWindow
window = MainWindow(None, storage=Storage(Path(tempfile.mkdtemp())), restore=False,
                    autosave=False)
window.resize(1280, 800)
window.show()
for _ in range(20):
    app.processEvents()
shown = {
    "modules": sorted(sys.modules),
    "plots": window.plots.plots_shown(),
    "labs made": len(made),
    "f": window.plots.values_at_x0()[0],
}
window.plots.set_fd_lab(True)  # and made when first shown
shown["labs made later"] = len(made)
shown["plots later"] = window.plots.plots_shown()
print(json.dumps(shown))
window.set_modified(False)
window.close()
"""


def start_window() -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", START], capture_output=True, text=True, check=True, cwd=ROOT, env=env
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_the_first_frame_loads_no_export_library_or_unused_api():
    started = start_window()
    modules = set(started["modules"])
    assert started["f"] == 2.2013533791690376  # the seed is on screen
    assert "PIL" not in modules  # the GIF export imports it
    assert "numpy.ma" not in modules  # np.percentile's np.unique imported it
    assert "guiad.api" not in modules  # the Python API, for scripts and notebooks
    # the exports (plot and walkthrough files) and the FD lab are loaded when first used
    assert not modules & {"guiad.ui.plots.export", "guiad.ui.walkthrough.export"}
    assert started["plots"] == ["f", "df"]
    assert started["labs made"] == 0
    assert started["labs made later"] == 1
    assert started["plots later"] == ["f", "df", "error", "error_vs_h"]


# `guiad` as a user starts it (cli.main with no command), until the window has painted
AS_STARTED = """
import gc, json, sys, time
from PySide6.support import feature
read_source_of = []
plain_scan = feature._mod_uses_pyside
def spy(module):
    read_source_of.append(getattr(module, "__name__", "?"))
    return plain_scan(module)
feature._mod_uses_pyside = spy
import guiad.cli.main
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
seen = {}
at_first_paint = []
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not at_first_paint:
            at_first_paint.extend(sorted(sys.modules))
            seen["icon at first paint"] = not QApplication.instance().windowIcon().isNull()
        return False
first_paint = FirstPaint()
def run_until_painted(*_):
    app = QApplication.instance()
    window = next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow")
    window.installEventFilter(first_paint)  # nothing has painted before the event loop runs
    seen["gc on at exec"] = gc.isenabled()
    import guiad.ui.window.app as app_module
    deadline = time.monotonic() + 20
    while app_module._collector is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    seen["gc on after paint"] = gc.isenabled()
    seen["frozen"] = gc.get_freeze_count()
    # garbage in a reference cycle, made once the window runs: the event loop's collector
    # frees it (automatic collection stays off)
    import weakref
    class Node:
        pass
    cycles = []
    for _ in range(2000):  # past the threshold of the youngest generation (700)
        a, b = Node(), Node()
        a.other, b.other = b, a
        cycles.append(weakref.ref(a))
    del a, b
    deadline = time.monotonic() + 5
    while any(ref() is not None for ref in cycles) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    seen["cycles freed"] = all(ref() is None for ref in cycles)
    seen["modules"] = sorted(sys.modules)
    seen["read source of"] = read_source_of
    seen["modules at first paint"] = at_first_paint
    window = next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow")
    seen["view menu"] = [a.text() for a in window.view_menu.actions()]
    seen["examples"] = len(window.examples_menu.actions())
    seen["icon"] = not window.windowIcon().pixmap(32, 32).isNull()
    seen["lessons"] = len(window.lessons_menu.actions())
    seen["exports"] = [a.text() for a in window.export_menu.actions()]
    seen["f"] = window.plots.values_at_x0()[0]
    window.close()
    return 0
QApplication.exec = run_until_painted
seen["imported before"] = sorted(sys.modules)  # (after PySide: the spy needs it)
code = guiad.cli.main.main([])
seen["gc on after exit"] = gc.isenabled()
print(json.dumps(seen))
sys.exit(code)
"""


def start_as_a_user(tmp_path: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    out = subprocess.run(
        [sys.executable, "-c", AS_STARTED],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_the_window_starts_without_the_subcommands_and_collects_once_painted(tmp_path):
    started = start_as_a_user(tmp_path)
    assert started["f"] == 2.2013533791690376
    modules = set(started["modules"])
    # eval, render and export are imported when they run (tests/cli runs each)
    assert not modules & {"guiad.cli.evalcmd", "guiad.cli.rendercmd", "guiad.cli.exportcmd"}
    # the cyclic collector is off while the window is made; once it has painted it collects
    # between events (never inside a call into Qt), and never scans what start-up made
    assert started["gc on at exec"] is False
    assert started["gc on after paint"] is False  # automatic collection stays off
    assert started["cycles freed"]  # the event loop's collector frees cyclic garbage
    assert started["frozen"] > 10_000
    assert started["gc on after exit"] is True


def test_the_first_frame_leaves_tutor_mode_lessons_and_examples_for_after(tmp_path):
    started = start_as_a_user(tmp_path)
    first = set(started["modules at first paint"])
    assert "guiad.ui.walkthrough.panel" in first  # the spy saw the first frame's modules
    deferred = {"guiad.ui.tutor.box", "guiad.anim.tutor", "guiad.ui.tutor.lesson_bar"}
    deferred |= {"guiad.core.lesson", "guiad.ui.window.exports"}
    assert not first & deferred
    # the evaluation trace (a hidden tab) and the cost of a gradient (several inputs)
    assert not first & {"guiad.anim.evaltrace", "guiad.core.cost"}
    assert not first & {"html", "csv"}  # (the legend escapes its own text; CSV is for files)
    # made once the window has painted: tutor mode's entries in View, before the mistake
    assert deferred <= set(started["modules"])
    view = started["view menu"]
    tutor = view.index("Tutor mode: predict each number")
    assert view[tutor + 1] == "Tutor asks for"
    assert view[tutor + 2] == "Overwrite instead of accumulate (the fan-out mistake)"
    assert started["examples"] == 10
    assert not started["icon at first paint"]  # the window icon is set after the first frame
    assert started["icon"]
    assert started["lessons"] == 10  # the 7 shipped lessons, a separator, Open lesson file…,
    # Export answers…
    exports = started["exports"]  # the plots', a separator, the walkthrough's
    assert exports[:3] == ["Plot as &PNG…", "Plot as &SVG…", "Plot &data as CSV…"]
    assert exports[3] == ""
    assert len(exports) == 13  # the walkthrough's 9 include the trace as LaTeX (2) and Markdown


def test_pyside_reads_the_source_of_no_guiad_or_pyqtgraph_module(tmp_path):
    started = start_as_a_user(tmp_path)
    before = set(started["imported before"])
    window_modules = {n for n in started["modules"] if n.startswith("guiad") and n not in before}
    assert len(window_modules) > 40
    assert window_modules.isdisjoint(started["read source of"])
    # nor pyqtgraph's, imported with the plots
    assert "pyqtgraph.graphicsItems.PlotItem.PlotItem" in started["modules"]
    assert not [name for name in started["read source of"] if name.startswith("pyqtgraph")]
    # the spy works: PySide read the source of the modules imported before the window's
    assert "guiad" in started["read source of"]


def test_a_subcommand_is_imported_when_it_runs(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-m", "guiad", "eval", "exp(sin(sin(x)))", "--at", "2"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    ).stdout
    assert "2.2013533791690376" in out
    assert "-0.562752038662712" in out


def test_after_first_paint_calls_once_when_painted(qtbot):
    from PySide6.QtWidgets import QApplication, QWidget

    from guiad.ui.window.app import AfterFirstPaint

    widget = QWidget()
    qtbot.addWidget(widget)
    calls = []
    AfterFirstPaint(widget, lambda: calls.append(1), latest_ms=200)
    QApplication.processEvents()  # (not qtbot.wait: on a loaded machine 20 ms became 200)
    assert calls == []  # not shown, not painted, not yet late
    widget.show()
    qtbot.waitUntil(lambda: calls == [1])
    widget.update()
    qtbot.wait(300)  # another paint, and the latest time passes: still once
    assert calls == [1]


def test_after_first_paint_calls_at_the_latest_time_if_never_painted(qtbot):
    from PySide6.QtWidgets import QWidget

    from guiad.ui.window.app import AfterFirstPaint

    widget = QWidget()  # never shown
    qtbot.addWidget(widget)
    calls = []
    AfterFirstPaint(widget, lambda: calls.append(1), latest_ms=50)
    qtbot.waitUntil(lambda: calls == [1])
