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
import guiad.cli
from guiad.ui import fd_lab
made = []
class CountedLab(fd_lab.FdLab):
    def __init__(self, *args, **kwargs):
        made.append(1)
        super().__init__(*args, **kwargs)
fd_lab.FdLab = CountedLab
from guiad.ui.app import make_app
app = make_app()
from guiad.ui.files import Storage
from guiad.ui.main_window import MainWindow
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
    assert started["plots"] == ["f", "df"]
    assert started["labs made"] == 0
    assert started["labs made later"] == 1
    assert started["plots later"] == ["f", "df", "error", "error_vs_h"]
