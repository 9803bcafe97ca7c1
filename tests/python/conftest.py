"""Every test here runs with the op table as it was: ops a test adds (guiad.primitive, the
steps of a derivative graph) are gone afterwards, so no other test sees them."""

import pytest

from guiad.core.session_ops import isolated


@pytest.fixture(autouse=True)
def _op_table_restored():
    with isolated():
        yield
