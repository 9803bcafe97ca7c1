"""``guiad render``: the window, offscreen, saved as a PNG (Qt is imported only to run).

The window is built with a throwaway settings folder, so rendering never reads or changes
the user's recent files, geometry or autosave.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

from guiad.core.expression import ParseError, parse
from guiad.core.graph import Graph

MIN_SIDE, MAX_SIDE = 200, 8192
DEFAULT_SIZE = "1280x800"

EPILOG = """\
examples:
  guiad render "exp(sin(sin(x)))" --out seed.png
  guiad render "x*sin(x)" --out graph.png --size 1600x1000
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "render",
        help="render the window offscreen to a PNG",
        description="Render the guiad window with EXPR to a PNG, without a screen.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser._negative_number_matcher = re.compile(r"^-[^-]")  # "-x^2" is an expression
    parser.add_argument("expr", metavar="EXPR", help='the expression, e.g. "exp(sin(sin(x)))"')
    parser.add_argument("--out", metavar="PNG", required=True, help="the PNG file to write")
    parser.add_argument(
        "--size", metavar="WxH", default=DEFAULT_SIZE, help=f"image size (default {DEFAULT_SIZE})"
    )
    parser.add_argument("--x0", metavar="X", type=float, default=None, help="the point x0")


def parse_size(text: str) -> tuple[int, int]:
    """``"1280x800"`` → (1280, 800); ValueError with a reason otherwise."""
    match = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text)
    if not match:
        raise ValueError(f"--size must look like 1280x800, not {text!r}")
    width, height = int(match.group(1)), int(match.group(2))
    for side in (width, height):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise ValueError(f"--size sides must be between {MIN_SIDE} and {MAX_SIDE} (got {text})")
    return width, height


def _check_args(args: argparse.Namespace) -> tuple[Graph, tuple[int, int], Path]:
    from guiad.cli import UsageError

    try:
        graph = parse(args.expr)
    except ParseError as err:
        raise UsageError(f"cannot read the expression {args.expr!r}: {err}") from None
    try:
        size = parse_size(args.size)
    except ValueError as err:
        raise UsageError(str(err)) from None
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise UsageError(f"--out must be a .png file (got {args.out!r})")
    if not out.parent.is_dir():
        raise UsageError(f"--out: the folder {str(out.parent)!r} does not exist")
    if args.x0 is not None and not abs(args.x0) < float("inf"):
        raise UsageError("--x0 must be a finite number")
    return graph, size, out


def run(args: argparse.Namespace) -> int:
    from guiad.cli import UsageError

    graph, (width, height), out = _check_args(args)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen needed, none used
    with tempfile.TemporaryDirectory(prefix="guiad-render-") as folder:
        image = _render(graph, width, height, args.x0, Path(folder))
        if not image.save(str(out), "PNG"):
            raise UsageError(f"cannot write {out}")
    return 0


def _render(graph: Graph, width: int, height: int, x0: float | None, folder: Path):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    from guiad.ui.app import make_app
    from guiad.ui.files import Storage
    from guiad.ui.main_window import MainWindow

    app = make_app()
    window = MainWindow(storage=Storage(folder), restore=False, autosave=False)
    window.document.set_graph(graph)
    if x0 is not None:
        window.plots.set_x0(x0)
    window.resize(width, height)
    window.show()
    for _ in range(3):
        app.processEvents()
    wait = getattr(window.plots, "wait_for_data", None)
    if callable(wait):
        wait(30_000)
    app.processEvents()
    shot = window.grab().toImage()
    window.set_modified(False)
    window.close()
    if (shot.width(), shot.height()) == (width, height):
        return shot
    # The window cannot be that small (its panels have minimum sizes): scale it to fit.
    print(
        f"guiad render: the window needs at least {shot.width()}x{shot.height()}; "
        f"scaled to {width}x{height}",
        file=sys.stderr,
    )
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    scaled = shot.scaled(
        width,
        height,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    painter = QPainter(image)
    painter.drawImage((width - scaled.width()) // 2, (height - scaled.height()) // 2, scaled)
    painter.end()
    return image
