"""The user guide's table of functions, written from the op table.

    .venv/bin/python -m guiad.core.op_docs     # rewrites the table in docs/user-guide.md

A test checks that the guide holds exactly what this writes, so the guide cannot drift.
"""

from __future__ import annotations

import sys
from pathlib import Path

from guiad.core.atomic import write_text_atomic
from guiad.core.ops import GROUPS, Op, ops_in_group

BEGIN = "<!-- functions table: written by `python -m guiad.core.op_docs`; do not edit -->"
END = "<!-- end of the functions table -->"
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "user-guide.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _written(op: Op) -> str:
    if op.written:
        return f"`{op.written}`"
    if op.param is not None:
        return f"`{op.name}(u, {op.param})`"
    return f"`{op.name}`"


def _undefined(op: Op) -> str:
    parts = [op.reason] if op.reason else []
    if op.d_reason:
        parts.append(op.d_reason)
    return "; ".join(parts)


def functions_table() -> str:
    """The markdown table: group, how to write it, value, derivative, where undefined."""
    rows = [
        "| Group | Function | Value | Derivative (local partial) | Undefined where |",
        "|---|---|---|---|---|",
    ]
    for group in GROUPS:
        for k, op in enumerate(ops_in_group(group)):
            cells = [group if k == 0 else "", _written(op), op.formula, op.d_formula]
            cells.append(_undefined(op))
            rows.append(("| " + " | ".join(_cell(c) for c in cells) + " |").replace("|  |", "| |"))
    return "\n".join(rows)


def with_table(guide: str) -> str:
    """``guide`` with the text between the markers replaced by the current table."""
    head, found, rest = guide.partition(BEGIN)
    _, found_end, tail = rest.partition(END)
    if not (found and found_end):
        raise ValueError("the guide lacks the functions-table markers")
    return f"{head}{BEGIN}\n{functions_table()}\n{END}{tail}"


def main() -> int:
    write_text_atomic(GUIDE, with_table(GUIDE.read_text(encoding="utf-8")))
    print(f"wrote the functions table into {GUIDE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
