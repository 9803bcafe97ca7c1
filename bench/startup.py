"""Start-up under a real X server: guiad's first fully painted frame vs a bare window.

Each run starts a program, then grabs the X screen as fast as it can until the picture has
not changed for ``--settle`` seconds. The time of the *last* grab that still changed (more
than a few pixels: a fading clear button is not a frame) is the first fully painted frame;
the first grab that differs from the empty screen is the first non-blank frame. Runs of
guiad and of a bare PySide6 + pyqtgraph window with one curve alternate, so both see the
same machine; the table gives medians and guiad ÷ bare (goal ≤ 1.15×). Asserts nothing.

Both run warm: one unmeasured start each first (disk caches), byte code cached (in a temp
folder, even where PYTHONDONTWRITEBYTECODE is set). guiad runs as a user's first start: a
throwaway settings folder (no saved geometry, no autosave), so it opens maximized; the bare
window is shown maximized too. Under Xvfb there is no window manager to maximize a window:
guiad sizes itself to the screen's available area first, the bare window stays 640×480. So
the bare window runs twice, as it is and sized to the screen as guiad is ("bare, full
screen", what a desktop's window manager gives both): the like-for-like comparison.

  .venv/bin/python bench/startup.py --display :92 [--runs 7] [--screen 1280x800]
      [--also /tmp/guiad-old]    (a tree from `git archive OLD | tar -x -C /tmp/guiad-old`)

If nothing answers on ``--display``, an Xvfb is started there (with ``--screen``) and
stopped at the end. Needs Xvfb and Pillow built with XCB (ImageGrab).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageChops, ImageGrab

ROOT = Path(__file__).resolve().parent.parent
# a grab that differs from the last one in no more pixels than this is the same frame
SAME_FRAME_PIXELS = 400

BARE = """
import sys
import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
widget = pg.PlotWidget()
x = np.linspace(-4, 4, 2001)
item = widget.getPlotItem()
item.setDownsampling(auto=True, mode="peak")
item.setClipToView(True)
item.plot(x, np.exp(np.sin(np.sin(x))), pen=pg.mkPen("#2563eb", width=2))
window.setCentralWidget(widget)
if "--full-screen" in sys.argv:  # as guiad's first start: the screen's available area
    window.setGeometry(window.screen().availableGeometry())
window.showMaximized()
sys.exit(app.exec())
"""


def grab(display: str) -> Image.Image:
    return ImageGrab.grab(xdisplay=display).convert("L")


def changed_pixels(a: Image.Image, b: Image.Image) -> int:
    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 8 else 0)
    return diff.histogram()[255]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), 0 if unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(command: list[str], env: dict, display: str, settle: float, limit: float, cwd: str):
    """(first non-blank, first fully painted, CPU seconds used by then) from the start of
    the process. CPU time is steadier than wall time on a shared machine.

    ``cwd`` is a neutral folder: `python -m guiad` puts the working folder first on
    sys.path, so started from a checkout every program ran that checkout's guiad, whatever
    PYTHONPATH said (``--also`` compared a tree with itself)."""
    empty = grab(display)
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        first_shown = last_change = None
        cpu = 0.0
        previous = empty
        while time.perf_counter() - start < limit:
            used = cpu_seconds(process.pid)  # before the grab: an upper bound at its time
            frame = grab(display)
            now = time.perf_counter() - start
            if first_shown is None and changed_pixels(frame, empty) > SAME_FRAME_PIXELS:
                first_shown = now
            if changed_pixels(frame, previous) > SAME_FRAME_PIXELS:
                last_change, cpu = now, used
                previous = frame
            elif last_change is not None and now - last_change >= settle:
                return first_shown, last_change, cpu
            if process.poll() is not None:
                raise RuntimeError(f"{command[-1]} exited: {process.stderr.read().decode()}")
        raise RuntimeError(f"no settled frame within {limit} s")
    finally:
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
        process.wait()
        _wait_blank(display, empty)


def _wait_blank(display: str, empty: Image.Image) -> None:
    """Until the window is gone from the screen (the next run starts from nothing)."""
    deadline = time.perf_counter() + 5
    while time.perf_counter() < deadline:
        if changed_pixels(grab(display), empty) <= SAME_FRAME_PIXELS:
            return
        time.sleep(0.05)


def _x_answers(display: str) -> bool:
    try:
        ImageGrab.grab(xdisplay=display)
    except OSError:
        return False
    return True


def start_xvfb(display: str, screen: str) -> subprocess.Popen | None:
    if _x_answers(display):
        return None
    if shutil.which("Xvfb") is None:
        sys.exit(f"nothing answers on {display} and Xvfb is not installed")
    xvfb = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", f"{screen}x24", "-nolisten", "tcp", "-noreset"]
    )
    for _ in range(100):
        if _x_answers(display):
            return xvfb
        time.sleep(0.05)
    xvfb.terminate()
    sys.exit(f"Xvfb did not start on {display}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--display", default=os.environ.get("DISPLAY", ":92"))
    parser.add_argument("--screen", default="1280x800", help="for an Xvfb started here")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--settle", type=float, default=1.5, help="seconds without change")
    parser.add_argument(
        "--also",
        metavar="TREE",
        help="also time guiad from another checkout (e.g. `git archive` of an older commit)",
    )
    args = parser.parse_args()

    xvfb = start_xvfb(args.display, args.screen)
    size = ImageGrab.grab(xdisplay=args.display).size
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="guiad-startup-") as folder:
        bare = Path(folder) / "bare.py"
        bare.write_text(BARE)
        env = dict(os.environ, DISPLAY=args.display, QT_QPA_PLATFORM="xcb")
        env["PYTHONPATH"] = str(ROOT)
        # warm, as an installed app is: byte code cached (in the temp folder, not the tree)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(folder) / "pycache")
        programs = {
            "bare PySide6 + pyqtgraph": ([python, str(bare)], env),
            "bare, full screen": ([python, str(bare), "--full-screen"], env),
            "guiad": ([python, "-m", "guiad"], env),
        }
        if args.also:
            also = dict(env, PYTHONPATH=str(Path(args.also).resolve()))
            programs[f"guiad ({Path(args.also).name})"] = ([python, "-m", "guiad"], also)
        results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in programs}
        try:
            for command, base in programs.values():  # one warm-up each: disk caches
                measure(command, _fresh(base, folder), args.display, args.settle, 30, folder)
            for _ in range(args.runs):
                for name, (command, base) in programs.items():
                    results[name].append(
                        measure(
                            command, _fresh(base, folder), args.display, args.settle, 30, folder
                        )
                    )
        finally:
            if xvfb is not None:
                xvfb.terminate()
                xvfb.wait()
    _print_table(results, size, args.runs)


def _fresh(env: dict, folder: str) -> dict:
    """A first start: settings and app data in a new empty folder."""
    home = tempfile.mkdtemp(dir=folder)
    return dict(env, XDG_CONFIG_HOME=f"{home}/config", XDG_DATA_HOME=f"{home}/data")


def _print_table(results: dict, size: tuple[int, int], runs: int) -> None:
    bares = [name for name in results if name.startswith("bare")]
    medians = {
        name: [statistics.median(r[k] for r in rows) for k in range(3)]
        for name, rows in results.items()
    }
    print(f"\nStart-up under X ({size[0]}×{size[1]}), median of {runs} runs, seconds")
    print(f"{'program':<34}{'non-blank':>10}{'painted':>9}{'CPU':>7}   painted, every run")
    for name, rows in results.items():
        shown, painted, cpu = medians[name]
        every = " ".join(f"{r[1]:.2f}" for r in rows)
        print(f"{name:<34}{shown:>10.3f}{painted:>9.3f}{cpu:>7.2f}   {every}")
    for name in [n for n in results if n not in bares]:
        for bare in bares:
            ratios = [medians[name][k] / medians[bare][k] for k in range(3)]
            label = f"{name} ÷ {'bare' if bare == bares[0] else bare}"
            print(
                f"{label:<34}{ratios[0]:>9.2f}×{ratios[1]:>8.2f}×{ratios[2]:>6.2f}×"
                "   (goal ≤ 1.15×)"
            )


if __name__ == "__main__":
    main()
