"""``guiad render``: the window, offscreen, saved as a PNG (Qt is imported only to run)."""

from __future__ import annotations

import argparse


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    subparsers.add_parser("render", help="render the window offscreen to a PNG")


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError("guiad render: being written (window issue)")
