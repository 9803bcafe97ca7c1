"""The user guide's table of functions is the op table's, and is current."""

from __future__ import annotations

from guiad.core.op_docs import GUIDE, functions_table, with_table
from guiad.core.ops import OPS


def test_the_user_guide_holds_the_current_functions_table():
    guide = GUIDE.read_text(encoding="utf-8")
    assert with_table(guide) == guide, "run: python -m guiad.core.op_docs"


def test_the_table_has_one_row_per_op_with_its_formulas():
    rows = functions_table().splitlines()[2:]
    assert len(rows) == len(OPS)
    for op in OPS.values():
        assert any(op.formula.replace("|", "\\|") in r and op.d_formula in r for r in rows), op.name


def test_a_stale_table_is_replaced():
    guide = GUIDE.read_text(encoding="utf-8")
    stale = guide.replace("| `erf` |", "| `erf_old` |")
    assert stale != guide
    assert with_table(stale) == guide
