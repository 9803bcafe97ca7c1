"""Regression for the PySide6 pin: void Qt calls must not drop references to None.

PySide6-Essentials 6.12.0 on CPython 3.11 loses one reference to ``None`` on every call of a
void-returning Qt method; after a few thousand repaints the process aborts with "Fatal Python
error: none_dealloc". pyproject pins below 6.12 on Python < 3.12. This test fails on 6.12.0.
"""

from __future__ import annotations

import sys
from importlib.metadata import version

from PySide6.QtGui import QPainterPath, QTransform

CALLS = 10_000
SLACK = 100  # the interpreter itself may take or drop a few references meanwhile


def none_refcount_change(call, times: int = CALLS) -> int:
    before = sys.getrefcount(None)
    for _ in range(times):
        call()
    return sys.getrefcount(None) - before


def test_void_qt_calls_keep_the_references_to_none():
    path = QPainterPath()
    assert abs(none_refcount_change(path.clear)) < SLACK


def test_void_qt_calls_with_arguments_keep_the_references_to_none():
    transform = QTransform()
    assert abs(none_refcount_change(lambda: transform.translate(1.0, 0.0).reset())) < SLACK


def test_the_installed_pyside6_respects_the_pin():
    major, minor = (int(part) for part in version("PySide6-Essentials").split(".")[:2])
    if sys.version_info < (3, 12):
        assert (major, minor) < (6, 12), "PySide6-Essentials 6.12 leaks None on CPython 3.11"
