"""``guiad eval``: f, f′ and f″ at points or over a range (no Qt on this path)."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    subparsers.add_parser("eval", help="evaluate f, f′ and f″ of an expression")


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError("guiad eval: being written (foundation issue)")
