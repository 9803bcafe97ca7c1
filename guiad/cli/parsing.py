"""The one argparse adjustment every subcommand's parser gets (guiad.cli.main applies it)."""

from __future__ import annotations

import argparse
import re

# argparse takes an argument that starts with "-" for a value only if it matches this pattern
# (meant for negative numbers) and is none of the parser's options. EXPR may start with "-":
# "-x^2", and "--x", which is how guiad writes -(-x). There is no public switch for this.
_VALUE_PATTERN = re.compile(r"^-")


def accept_dashed_values(parser: argparse.ArgumentParser) -> None:
    """Let ``parser`` take "-x^2", "--x" and "-1" as values (EXPR, --x0, --at).

    Call it once every option exists: argparse checks each new option against the pattern.
    Options must then be written in full, or "--x" would be taken for render's --x0.
    """
    parser._negative_number_matcher = _VALUE_PATTERN
    parser.allow_abbrev = False
