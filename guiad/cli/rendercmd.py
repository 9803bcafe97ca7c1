"""``guiad render``: the window offscreen as a PNG, and/or the walkthrough as an animated GIF
(Qt is imported only to run).

The window is built with a throwaway settings folder, so rendering never reads or changes
the user's recent files, geometry or autosave.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import tempfile
from pathlib import Path

from guiad.anim import notation
from guiad.anim.timeline import too_large_message
from guiad.cli.evalpoints import read_at
from guiad.cli.graphfile import graph_in_file
from guiad.cli.usage import UsageError
from guiad.core.expression import ParseError, parse
from guiad.core.fileformat import Settings
from guiad.core.graph import Graph
from guiad.core.sampling import coordinate_problem

MIN_SIDE, MAX_SIDE = 200, 8192
MIN_SCALE, MAX_SCALE = 0.5, 4.0
DEFAULT_SIZE = "1280x800"  # the window PNG
DEFAULT_GIF_SIZE = "1200x450"  # the walkthrough GIF
DEFAULT_X0 = 2.0  # the seed's point, as in a new window
END = -1  # --step end: the walkthrough's last step (Done)

EPILOG = """\
At least one of --out and --walkthrough is needed; give both to write both.
--size applies to each file written (defaults: 1280x800 for the window, 1200x450 for the GIF).

examples:
  guiad render "exp(sin(sin(x)))" --out seed.png
  guiad render "x*sin(x)" --out graph.png --size 1600x1000
  guiad render "x*sin(x)" --out graph-done.png --step end
  guiad render "exp(sin(sin(x)))" --x0 2 --walkthrough seed.gif
  guiad render "log(sin(x))" --x0 4 --walkthrough undefined.gif --mode forward
  guiad render "tanh(2*x)" --out window.png --walkthrough walk.gif
  guiad render "(1 - x)^2 + 100*(y - x^2)^2" --at x=-1,y=1.5 --out rosenbrock.png
"""


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "render",
        help="render the window to a PNG and/or the walkthrough to a GIF, offscreen",
        description=(
            "Render the guiad window with EXPR to a PNG, and/or the animated walkthrough "
            "(forward pass, then backward pass) to a GIF, without a screen."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("expr", metavar="EXPR", help='the expression, e.g. "exp(sin(sin(x)))"')
    parser.add_argument("--out", metavar="PNG", help="the window, as a PNG file")
    parser.add_argument(
        "--walkthrough", metavar="GIF", help="the walkthrough at x0, as an animated GIF file"
    )
    parser.add_argument(
        "--size",
        metavar="WxH",
        default=None,
        help=f"image size (default {DEFAULT_SIZE} for --out, {DEFAULT_GIF_SIZE} for --walkthrough)",
    )
    add_point_options(parser, default=None)
    add_notation_options(parser)
    add_presenter_option(parser, "the PNG and the GIF")
    parser.add_argument(
        "--build",
        action="store_true",
        help="the PNG with the walkthrough's canvas in build mode (View ▸ Build graph)",
    )
    parser.add_argument(
        "--step",
        metavar="N|end",
        default=None,
        help="the walkthrough in the PNG at step N, counted as its step counter shows it "
        "(1 is the first), or 'end' (Done); default 1",
    )
    parser.add_argument(
        "--mode",
        choices=("reverse", "forward"),
        default="reverse",
        help="the walkthrough's mode: reverse (forward pass, then adjoints; the default) "
        "or forward (dot derivatives only)",
    )
    parser.add_argument(
        "--scale",
        metavar="S",
        type=float,
        default=None,
        help="pixels per logical pixel of the PNG, e.g. 2 for a crisp HiDPI image of twice "
        "--size (default: the screen's device pixel ratio, 1 offscreen, QT_SCALE_FACTOR honoured)",
    )


def add_notation_options(parser: argparse.ArgumentParser) -> None:
    """--numbering and --places: the notation's ``Style`` (as View ▸ Notation sets it)."""
    parser.add_argument(
        "--numbering",
        choices=notation.NUMBERINGS,
        default=notation.FROM_ZERO,
        help="how nodes are numbered: zero (the inputs are v₀, v₁, …; the default) or "
        "griewank (the inputs are …, v₋₁, v₀ and the first computed node v₁, as Griewank "
        "and Walther and Baydin et al. write them)",
    )
    parser.add_argument(
        "--places",
        type=int,
        choices=notation.PLACES,
        default=4,
        metavar="N",
        help=f"decimal places of every number shown ({notation.PLACES[0]}-{notation.PLACES[-1]}, "
        "default 4)",
    )


def add_presenter_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--presenter",
        metavar="S",
        type=float,
        choices=(1.0, 1.25, 1.5, 2.0),
        default=None,
        help=f"every text of {what} S times larger, as View ▸ Presenter: 1.25, 1.5 or 2 "
        "(2 puts the table's text at 24 px in a 1920x1080 frame)",
    )


def notation_style(args: argparse.Namespace) -> notation.Style:
    return notation.Style(args.numbering, args.places)


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


def _check_file(text: str | None, option: str, suffix: str) -> Path | None:
    if text is None:
        return None
    path = Path(text)
    if path.suffix.lower() != suffix:
        raise UsageError(f"{option} must be a {suffix} file (got {text!r})")
    if not path.parent.is_dir():
        raise UsageError(f"{option}: the folder {str(path.parent)!r} does not exist")
    try:  # before any work: a file made and removed there, as the atomic write will make one
        tempfile.TemporaryFile(dir=path.parent).close()
    except OSError as err:
        why = err.strerror or err
        raise UsageError(
            f"{option}: cannot write in the folder {str(path.parent)!r}: {why}"
        ) from None
    return path


def parse_step(text: str, steps: int) -> int:
    """``"3"`` → index 2 (the counter shows 1..steps); ``"end"`` → the last (Done)."""
    if text.strip().lower() == "end":
        return steps - 1
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= steps:
        raise ValueError(
            f"--step must be a step from 1 to {steps} for this expression (as the "
            f"walkthrough's counter shows them) or 'end', not {text!r}"
        )
    return number - 1


def _check_step(args: argparse.Namespace, graph: Graph, point) -> int | None:
    """The step index for the PNG (None: the first; ``END``: the last, Done); UsageError if
    there is no such step at ``point`` (where f is undefined there are fewer)."""
    from guiad.anim.timeline import Mode, Timeline

    if args.step is None:
        return None
    if args.out is None:
        raise UsageError("--step applies to the window PNG: give --out PNG too")
    if (message := too_large_message(graph)) is not None:
        raise UsageError(f"--step: {message}")
    if args.step.strip().lower() == "end":  # always there: no timeline to count its steps
        return END
    steps = len(Timeline(graph, point, Mode(args.mode)))
    try:
        return parse_step(args.step, steps)
    except ValueError as err:
        raise UsageError(str(err)) from None


def read_expression(text: str) -> Graph:
    """The graph of EXPR (or of the .guiad.json file it names), or a UsageError saying why
    there is none."""
    saved = graph_in_file(text)
    if saved is not None:
        return saved
    try:
        return parse(text)
    except ParseError as err:
        raise UsageError(f"cannot read the expression {text!r}: {err}") from None


def add_point_options(parser: argparse.ArgumentParser, default: float | None) -> None:
    """--x0 for a function of one input, --at x=1,y=2 for one of several."""
    shown = DEFAULT_X0 if default is None else default
    parser.add_argument(
        "--x0", metavar="X", type=float, default=default, help=f"the point x0 (default {shown:g})"
    )
    parser.add_argument(
        "--at",
        metavar="NAME=V,...",
        default=None,
        help="the point of a function of several inputs, e.g. x=1,y=2 "
        "(default: 2 for the first input, 1 for the others)",
    )


def read_point(args: argparse.Namespace, graph: Graph) -> float | tuple[float, ...]:
    """The point asked for: x0 for one input, one value per input for several."""
    if args.at is not None and args.x0 is not None and args.x0 != DEFAULT_X0:
        raise UsageError("give --x0 or --at, not both")
    if args.x0 is not None and not math.isfinite(args.x0):
        raise UsageError("--x0 must be a finite number")
    if args.at is not None:
        point = read_at(args.at, graph.inputs)
        for name, value in zip(graph.inputs, point, strict=True):  # what the views can draw
            if (problem := coordinate_problem(value, f"--at {name}")) is not None:
                raise UsageError(problem)
        return point[0] if graph.n_inputs == 1 else point
    if args.x0 is not None and (problem := coordinate_problem(args.x0, "--x0")) is not None:
        raise UsageError(problem)
    if graph.n_inputs == 1:
        return DEFAULT_X0 if args.x0 is None else args.x0
    if args.x0 is not None and args.x0 != DEFAULT_X0:
        names = ", ".join(graph.inputs)
        raise UsageError(
            f"f has {graph.n_inputs} inputs ({names}): give the point as --at, not --x0"
        )
    return Settings().point(graph.inputs)


def _check_args(args: argparse.Namespace) -> tuple[Graph, Path | None, Path | None]:
    if args.out is None and args.walkthrough is None:
        raise UsageError("give --out PNG, --walkthrough GIF, or both (see guiad render --help)")
    graph = read_expression(args.expr)
    for text in (args.size, DEFAULT_SIZE, DEFAULT_GIF_SIZE):
        if text is not None:
            try:
                parse_size(text)
            except ValueError as err:
                raise UsageError(str(err)) from None
    out = _check_file(args.out, "--out", ".png")
    gif = _check_file(args.walkthrough, "--walkthrough", ".gif")
    if gif is not None and (message := too_large_message(graph)) is not None:
        raise UsageError(message)
    if args.build and (args.out is None or args.step is not None):
        raise UsageError("--build draws the canvas in the PNG: give --out, and no --step")
    if args.scale is not None and not MIN_SCALE <= args.scale <= MAX_SCALE:
        raise UsageError(f"--scale must be between {MIN_SCALE:g} and {MAX_SCALE:g}")
    return graph, out, gif


def run(args: argparse.Namespace) -> int:
    with notation.styled(notation_style(args)):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    graph, out, gif = _check_args(args)
    x0 = read_point(args, graph)
    step = _check_step(args, graph, x0)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen needed, none used
    quiet_offscreen()
    if args.scale is not None:  # read when the QApplication starts, just below
        os.environ["QT_SCALE_FACTOR"] = repr(args.scale)
    if out is not None:
        width, height = parse_size(args.size or DEFAULT_SIZE)
        with tempfile.TemporaryDirectory(prefix="guiad-render-") as folder:
            image = _render(
                graph,
                (width, height),
                x0,
                args.mode,
                step,
                Path(folder),
                args.presenter,
                build=args.build,
            )
        from guiad.ui.images import save_png

        try:
            save_png(image, out)
        except OSError as err:
            raise UsageError(f"cannot write {out}: {err.strerror or err}") from None
    if gif is not None:
        from guiad.ui.walkthrough.export_part import export_gif

        size = parse_size(args.size or DEFAULT_GIF_SIZE)
        try:
            export_gif(graph, x0, gif, size=size, mode=args.mode, text_scale=args.presenter)
        except OSError as err:
            raise UsageError(f"cannot write {gif}: {err.strerror or err}") from None
    return 0


# The offscreen platform plugin does not implement propagateSizeHints, and says so on
# stderr each time a top-level window is shown (every render): a known no-op there, not a
# problem of the render. Every other Qt message still reaches stderr.
_OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints()"


def quiet_offscreen() -> None:
    """Drop the offscreen plugin's one known no-op warning from what Qt prints."""
    from PySide6.QtCore import qFormatLogMessage, qInstallMessageHandler

    def handler(mode, context, message: str) -> None:
        if message != _OFFSCREEN_NOISE:
            print(qFormatLogMessage(mode, context, message), file=sys.stderr)

    qInstallMessageHandler(handler)


def _render(
    graph: Graph,
    size,
    x0,
    mode: str,
    step: int | None,
    folder: Path,
    presenter: float | None = None,
    build: bool = False,
):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter

    from guiad.ui.walkthrough.view import settle_layout
    from guiad.ui.window.app import make_app
    from guiad.ui.window.files import Storage
    from guiad.ui.window.main_window import MainWindow

    width, height = size
    app = make_app()
    storage = Storage(folder)
    if presenter is not None:  # the window reads View ▸ Presenter's scale as it starts
        from guiad.ui.window.presenter import KEY

        storage.settings.setValue(KEY, presenter)
    window = MainWindow(storage=storage, restore=False, autosave=False)
    if graph.n_inputs > 1:  # the point first: the views read it when the graph arrives
        settings = window.document.settings
        window.document.set_settings(settings.with_point(graph.inputs, x0))
    window.document.set_graph(graph)
    if graph.n_inputs == 1:
        window.plots.set_x0(x0)
    window.walkthrough.set_mode(mode)
    window.resize(width, height)
    window.show()
    for _ in range(3):
        app.processEvents()
    window.plots.wait_for_data(30_000)
    if step == END and (timeline := window.walkthrough.timeline) is not None:
        step = len(timeline) - 1
    if step is not None:
        window.walkthrough.seek(step)
    if build:
        window.build_mode.set_on(True)
    settle_layout(window)  # the walkthrough's delayed rewrap before the grab, not after
    shot = window.grab().toImage()
    window.set_modified(False)
    window.close()
    # the grab has the device pixel ratio's pixels: 2560x1600 for 1280x800 at ratio 2
    ratio = shot.devicePixelRatio()
    if (round(shot.width() / ratio), round(shot.height() / ratio)) == (width, height):
        return shot
    # The window cannot be that small (its panels have minimum sizes): scale it to fit.
    print(
        f"guiad render: the window needs at least {round(shot.width() / ratio)}x"
        f"{round(shot.height() / ratio)}; scaled to {width}x{height}",
        file=sys.stderr,
    )
    image = QImage(round(width * ratio), round(height * ratio), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    scaled = shot.scaled(
        image.width(),
        image.height(),
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )
    painter = QPainter(image)
    left, top = (image.width() - scaled.width()) // 2, (image.height() - scaled.height()) // 2
    painter.drawImage(left, top, scaled)
    painter.end()
    return image
