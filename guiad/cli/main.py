"""The command line: ``guiad [FILE]`` opens the window; subcommands for scripted use.

Each subcommand lives in its own module with ``add_parser(subparsers)`` and ``run(args)``;
only the window and ``render`` import Qt, and only when they run. A subcommand's module is
imported when that subcommand runs: the window starts without them.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from guiad import __version__
from guiad.cli.parsing import accept_dashed_values
from guiad.cli.usage import UsageError

# each command's module (imported when the command runs)
SUBCOMMANDS = {
    "eval": "guiad.cli.evalcmd",
    "render": "guiad.cli.rendercmd",
    "export": "guiad.cli.exportcmd",
}


def subcommand(name: str) -> ModuleType:
    """The module of subcommand ``name`` ("eval", "render" or "export")."""
    return importlib.import_module(SUBCOMMANDS[name])


DESCRIPTION = """\
guiad makes reverse-mode automatic differentiation visible.

With no command, opens the window (optionally with FILE, a .guiad.json file).
"""

EPILOG = """\
commands:
  eval      f, f′ and f″ (or the gradient and Hessian of several inputs) at points, over
            a range or a grid (table, JSON, CSV)
  render    the window or the walkthrough, offscreen, to a PNG or an animated GIF
  export    the evaluation trace as LaTeX (tables and a TikZ graph) or Markdown

examples:
  guiad                                  open the window
  guiad chain.guiad.json                 open a saved chain
  guiad eval "exp(sin(sin(x)))" --at 2   f, f′ and f″ at x = 2
  guiad eval "x*y + sin(x)" --at x=1,y=2 f and its gradient at (1, 2)
  guiad render "x*sin(x)" --out shot.png render the window to a PNG

run "guiad COMMAND --help" for the options of each command.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="guiad",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"guiad {__version__}")
    parser.add_argument("file", nargs="?", help="a .guiad.json file to open in the window")
    return parser


class _SubcommandParser(argparse.ArgumentParser):
    """Reports bad arguments as a UsageError (one line), not usage text plus a line."""

    def error(self, message: str):  # type: ignore[override]
        raise UsageError(message)


def build_subcommand_parser() -> argparse.ArgumentParser:
    # subparsers are made with the same class, so their errors are UsageErrors too
    parser = _SubcommandParser(prog="guiad")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in SUBCOMMANDS:
        subcommand(name).add_parser(subparsers)
    for subparser in subparsers.choices.values():
        accept_dashed_values(subparser)  # "-x^2" is an expression, "-1" a number
    return parser


def _expression_last(args: list[str]) -> list[str]:
    """``eval -- EXPR --at 1`` → ``eval --at 1 -- EXPR``: "--" marks the next argument as
    EXPR (each command's only positional), and the options may follow it."""
    if "--" not in args:
        return args
    cut = args.index("--")
    return args[:cut] + args[cut + 2 :] + args[cut : cut + 2]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in SUBCOMMANDS:
            try:
                args = build_subcommand_parser().parse_args(_expression_last(args_list))
            except UsageError as err:
                raise UsageError(f"{err} (see: guiad {args_list[0]} --help)") from None
            return subcommand(args.command).run(args)
        args = build_parser().parse_args(args_list)
        return _open_window(args.file)
    except UsageError as err:
        print(f"guiad: error: {err}", file=sys.stderr)
        return 2


def main_gui() -> int:
    """Entry point of the desktop launcher: the window, never a subcommand."""
    return _open_window(sys.argv[1] if len(sys.argv) > 1 else None)


def _open_window(path: str | None) -> int:
    # The cyclic garbage collector is off until the window has painted: its passes over
    # what start-up makes cost the first frame ~30 ms (see ui.app.keep_start_up_objects).
    gc.disable()
    try:
        from guiad.ui.window.app import run_app

        return run_app(path)
    finally:
        gc.enable()
