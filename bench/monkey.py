"""GUI monkey, long run: the seeded random user of the monkey test for many actions.

The driver is tests/ui/monkey_driver.py (the CI test runs 1,000 actions). Here a real
MainWindow (offscreen, its own settings and autosave folder) takes ``--actions`` actions,
checking every invariant after each; every ``--every`` actions a line shows the pace, the
resident memory, the undo depth and the problems so far. At the end: undo everything, redo
back to the end state, redo all, the counts per action (changed the document / done) and
each problem with the action's number, which replays with the same seed.

Nothing is asserted on time. The exit code is 1 if any invariant broke.

From the repository root, with the README's .venv:

  .venv/bin/python bench/monkey.py --actions 10000 --seed 1
  .venv/bin/python bench/monkey.py --actions 500  # quick
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "ui"))

from monkey_driver import MonkeyDriver, run_monkey  # noqa: E402
from PySide6.QtCore import QStandardPaths  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from guiad.ui.window.app import make_app  # noqa: E402
from guiad.ui.window.files import Storage  # noqa: E402
from guiad.ui.window.main_window import MainWindow  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * PAGE / 2**20


def print_progress(driver: MonkeyDriver, seconds: float) -> None:
    done = sum(driver.counts.values())
    print(
        f"{done:>8,} {seconds:>9.1f} {done / seconds:>8.1f} {rss_mb():>8.1f}"
        f" {driver.w.undo_stack.count():>6} {len(driver.problems):>8}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=10_000, help="how many (default 10,000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--every", type=int, default=1000, help="progress line period")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args()

    app = make_app()
    QStandardPaths.setTestModeEnabled(True)  # never the user's settings
    with tempfile.TemporaryDirectory(prefix="guiad-monkey-") as tmp:
        window = MainWindow(storage=Storage(Path(tmp) / "appdata"), restore=False)
        window.resize(1280, 800)
        window.show()
        QTest.qWaitForWindowExposed(window)
        print(f"GUI monkey: {args.actions:,} actions, seed {args.seed}, RSS {rss_mb():.1f} MB")
        print(
            f"{'actions':>8} {'seconds':>9} {'per s':>8} {'RSS MB':>8} {'undo':>6} {'problems':>8}"
        )
        report = run_monkey(
            window,
            args.actions,
            args.seed,
            Path(tmp) / "files",
            progress=print_progress,
            every=args.every,
        )
        window.set_modified(False)
        window.close()
    app.processEvents()
    print_report(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False))
    return 1 if report["failures"] else 0


def print_report(report: dict) -> None:
    print()
    print(
        f"{report['actions']:,} actions in {report['seconds']:.1f} s"
        f" ({report['actions_per_second']} per second, of which checking"
        f" {report['seconds_checking']:.1f} s); undo depth {report['undo_depth']}"
    )
    print(
        f"undo all restores the starting graph: {report['undo_all_restores_graph']};"
        f" redo to the end restores the end graph: {report['redo_to_end_restores_graph']}"
    )
    print(
        f"expected messages: {report['error_messages_shown']} errors,"
        f" {report['save_prompts_shown']} save prompts,"
        f" {report['save_as_dialogs_shown']} Save As dialogs"
    )
    print(f"{'action':<24} {'changed/done':>14}")
    for name, ratio in report["counts"].items():
        print(f"{name:<24} {ratio:>14}")
    print(f"problems: {report['failures']} ({report['distinct_problems']} distinct)")
    for problem in report["problems"]:
        print(" -", problem.replace("\n", "\n   "))
    for key, times in report["repeats"].items():
        print(f" - {times}× {key}")


if __name__ == "__main__":
    sys.exit(main())
