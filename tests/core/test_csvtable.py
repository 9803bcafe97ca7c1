"""The one CSV convention: exact round trip of every float, empty cells where undefined."""

from __future__ import annotations

import csv
import io
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from guiad.core import csvtable
from guiad.core.atomic import write_text_atomic


@given(st.lists(st.floats(allow_nan=True, allow_infinity=False), min_size=1, max_size=40))
def test_every_float_reads_back_exactly_and_nan_is_an_empty_cell(values):
    column = np.array(values, dtype=np.float64)
    out = io.StringIO()
    csvtable.write_table(out, [column, -column], names=("a", "b"))
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["a", "b"]
    assert len(rows) == 1 + len(values)
    for (a, b), value in zip(rows[1:], values, strict=True):
        if math.isnan(value):
            assert (a, b) == ("", "")
        else:
            assert float(a) == value
            assert math.copysign(1, float(a)) == math.copysign(1, value)
            assert float(b) == -value


def test_blocks_join_seamlessly(monkeypatch):
    monkeypatch.setattr(csvtable, "BLOCK", 3)
    out = io.StringIO()
    csvtable.write_rows(out, [np.arange(10.0)])
    assert out.getvalue() == "".join(f"{float(i)!r}\n" for i in range(10))


def test_csv_file_is_written_whole_or_not_at_all(tmp_path):
    path = tmp_path / "t.csv"
    write_text_atomic(path, "old\n")

    def failing(out):
        out.write("partial")
        raise RuntimeError("disk gone")

    from guiad.core.atomic import write_atomic

    with pytest.raises(RuntimeError):
        write_atomic(path, failing)
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]  # the temp file is gone
    csvtable.write_csv_file(path, [np.array([1.5, np.nan])], names=("x",))
    assert path.read_text() == "x\n1.5\n\n"
