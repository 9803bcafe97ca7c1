"""``guiad export``: the walkthrough's evaluation trace as LaTeX or Markdown, or the animation
as a GIF, for lecture notes and slides (Qt is imported only for the GIF)."""

from __future__ import annotations

import argparse

from guiad.anim import notation
from guiad.anim.timeline import Mode, Timeline, TooLargeError
from guiad.cli.rendercmd import (
    _check_file,
    add_notation_options,
    add_point_options,
    add_presenter_option,
    notation_style,
    parse_size,
    parse_step,
    read_expression,
    read_point,
)
from guiad.cli.usage import UsageError
from guiad.core.atomic import write_text_atomic

# format → (what it writes, the file suffix it expects)
FORMATS = {
    "latex": (
        "a standalone LaTeX document (pdflatex): the trace tables, the graph, the derivation",
        ".tex",
    ),
    "latex-fragment": ("the same tables, TikZ picture and derivation, to \\input", ".tex"),
    "markdown": ("the trace as Markdown tables, and the derivation", ".md"),
    "gif": ("the animated walkthrough", ".gif"),
    "mp4": ("the walkthrough as it plays, 30 fps (needs: pip install 'guiad[video]')", ".mp4"),
}
DEFAULT_SIZES = {"gif": "1200x450", "mp4": "1920x1080"}
SLIDE_SIZES = {"gif": "1280x720", "mp4": "1920x1080"}

EPILOG = (
    """\
formats:
"""
    + "\n".join(f"  {name:15} {text}" for name, (text, _) in FORMATS.items())
    + """

The trace is one statement per elementary step: the forward primal trace, then the adjoint
trace (reverse mode, read bottom-up, one += line where a value feeds several steps) or the
tangent trace (--mode forward). The TikZ graph shows the walkthrough at --step (default: end).

examples:
  guiad export "exp(sin(sin(x)))" --x0 2 --format latex --out seed.tex
  guiad export "x*sin(x)" --x0 2 --format markdown --out trace.md
  guiad export "x*sin(x)" --x0 2 --format latex-fragment --step 5 --out graph.tex
  guiad export "log(sin(x))" --x0 4 --format gif --mode forward --out walk.gif
  guiad export "exp(sin(sin(x)))" --format mp4 --out seed.mp4 --size 1280x720
  guiad export "log(x1) + x1*x2 - sin(x2)" --at x1=2,x2=5 --format mp4 --slide --out slide.mp4
  guiad export "x*y + sin(x)" --at x=1,y=2 --format markdown --out gradient.md
  guiad export "log(x1) + x1*x2 - sin(x2)" --at x1=2,x2=5 --numbering griewank --places 3 \\
      --format latex --out baydin.tex
"""
)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="the evaluation trace as LaTeX or Markdown, or the walkthrough as a GIF",
        description="Export the walkthrough of EXPR at x0 for notes and slides.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("expr", metavar="EXPR", help='the expression, e.g. "x*sin(x)"')
    parser.add_argument("--out", metavar="FILE", required=True, help="the file to write")
    parser.add_argument("--format", choices=tuple(FORMATS), required=True, help="what to write")
    add_point_options(parser, default=2.0)
    add_notation_options(parser)
    add_presenter_option(parser, "the gif or mp4")
    parser.add_argument(
        "--slide",
        action="store_true",
        help="the gif's or mp4's frames laid out for a slide: the function as the title, the "
        "graph large, the current step's table row in large type under it (36 px at 1080p; "
        "default size 1280x720 for gif)",
    )
    parser.add_argument(
        "--step",
        metavar="N|end",
        default=None,
        help="the walkthrough's step for the TikZ graph (latex, latex-fragment), as its "
        "counter shows it (default end)",
    )
    parser.add_argument(
        "--size",
        metavar="WxH",
        default=None,
        help="the gif's or mp4's size (default 1200x450 for gif, 1920x1080 for mp4)",
    )
    parser.add_argument(
        "--mode",
        choices=("reverse", "forward"),
        default="reverse",
        help="reverse (adjoint trace; the default) or forward (tangent trace)",
    )


def run(args: argparse.Namespace) -> int:
    with notation.styled(notation_style(args)):
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    timeline = _timeline(args)
    path = _check_file(args.out, "--out", FORMATS[args.format][1])
    size = _size(args)
    try:
        if args.format in DEFAULT_SIZES:  # the animations (Qt imported only for them)
            from guiad.ui.walkthrough import export_part

            export = export_part.export_gif if args.format == "gif" else export_part.export_mp4
            graph, point = timeline.graph, timeline.point
            export(graph, point, path, size, args.mode, args.presenter, args.slide)
        else:
            write_text_atomic(path, _text(args.format, timeline))
    except OSError as err:
        raise UsageError(f"cannot write {path}: {err.strerror or err}") from None
    except ValueError as err:  # the video extra missing
        raise UsageError(str(err)) from None
    return 0


def _size(args: argparse.Namespace) -> tuple[int, int] | None:
    if args.format not in DEFAULT_SIZES:
        if args.size is not None:
            raise UsageError("--size applies to --format gif and mp4")
        if args.presenter is not None:
            raise UsageError("--presenter applies to --format gif and mp4")
        if args.slide:
            raise UsageError("--slide applies to --format gif and mp4")
        return None
    defaults = SLIDE_SIZES if args.slide else DEFAULT_SIZES
    try:
        return parse_size(args.size or defaults[args.format])
    except ValueError as err:
        raise UsageError(str(err)) from None


def _timeline(args: argparse.Namespace) -> Timeline:
    if args.step is not None and args.format not in ("latex", "latex-fragment"):
        # the Markdown trace is the whole trace, and the gif and mp4 play every step
        raise UsageError("--step applies to --format latex and latex-fragment (the TikZ graph)")
    graph = read_expression(args.expr)
    point = read_point(args, graph)
    try:
        timeline = Timeline(graph, point, Mode(args.mode))
    except TooLargeError as err:
        raise UsageError(str(err)) from None
    try:
        timeline.seek(parse_step(args.step or "end", len(timeline)))
    except ValueError as err:
        raise UsageError(str(err)) from None
    return timeline


def _text(format_: str, timeline: Timeline) -> str:
    from guiad.anim import trace_export
    from guiad.ui import theme  # plain colour constants; no Qt is loaded

    return trace_export.text(format_, timeline, theme.latex_colors())
