"""PathSampler gives Qt's own QPainterPath.pointAtPercent, bit for bit, measuring the path
once (the walkthrough's label placement asks ~30 points of every edge), one at a time or
many at once in numpy."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath

from guiad.core.expression import parse
from guiad.ui.walkthrough.labels import PathSampler, stacked_xy
from guiad.ui.walkthrough.scene import GraphScene

TS = [m / 24 for m in range(25)] + [0.5, 0.6, 0.4, 0.7, 0.3, 0.8, 0.2, 1e-9, 0.999999]


def _same(path: QPainterPath) -> None:
    sampler = PathSampler(path)
    many = sampler.xy(TS)
    for t, (x, y) in zip(TS, many, strict=True):
        exact, fast = path.pointAtPercent(t), sampler.point(t)
        assert (fast.x(), fast.y()) == (exact.x(), exact.y()), t
        assert (float(x), float(y)) == (exact.x(), exact.y()), t  # numpy's, to the bit too


def test_lines_and_curves_of_any_length():
    path = QPainterPath(QPointF(0, 0))
    path.lineTo(30, 0)
    path.cubicTo(60, 0, 60, 80, 90, 80)
    path.lineTo(90.5, 80)  # a short piece among long ones
    path.cubicTo(200, 80, 10, -40, 300, 7)
    _same(path)


def test_a_path_of_one_piece_and_one_after_a_move():
    """(a path of one piece is measured as it is, without a copy of the piece)"""
    line = QPainterPath(QPointF(1.5, -2))
    line.lineTo(40.25, 7)
    curve = QPainterPath(QPointF(0, 0))
    curve.cubicTo(60, 0, 60 / 7, 80, 90, 80.5)
    moved = QPainterPath(QPointF(0, 0))
    moved.moveTo(10, 10)
    moved.cubicTo(60, 0, 60 / 7, 80, 90, 80.5)
    for path in (line, curve, moved):
        _same(path)
        assert PathSampler(path).length() == path.length()


@pytest.mark.parametrize(
    "text",
    [
        "log(x1) + x1*x2 - sin(x2)",
        "(1 - x)^2 + 100*(y - x^2)^2",
        "x*x",
        "x*sin(x)",
        "(((((x*x + x)*x + x)*x + x)*x + x)*x + x)*x",  # x's edges along a trunk
    ],
)
def test_every_edge_of_the_walkthrough(qapp, text):
    scene = GraphScene()
    scene.set_graph(parse(text))
    for edge in scene.edges.values():
        _same(edge.path)


@pytest.mark.parametrize(
    "text", ["(((((x*x + x)*x + x)*x + x)*x + x)*x + x)*x", "log(x1) + x1*x2 - sin(x2)"]
)
def test_stacked_samples_are_each_edges_own_to_the_bit(qapp, text):
    """All edges sampled at once give each edge's samples, in the edges' order."""
    scene = GraphScene()
    scene.set_graph(parse(text))
    samplers = [PathSampler(edge.path) for edge in scene.edges.values()]
    one_by_one = np.vstack([sampler.xy(TS) for sampler in samplers])
    assert np.array_equal(stacked_xy(samplers, TS), one_by_one)
    assert stacked_xy([], TS).shape == (0, 2)
