"""Long chains wrap snake-style: rows alternate direction, turns step down at a row's end."""

from __future__ import annotations

import pytest

from guiad.anim.layout import is_chain, layout, snake, snake_columns, snake_extent
from guiad.core.expression import parse
from guiad.core.graph import chain_graph

CELL = (200.0, 120.0)
PAD = (150.0, 110.0)


@pytest.mark.parametrize(("count", "columns"), [(31, 6), (11, 4), (10, 5), (7, 3)])
def test_a_snake_visits_every_cell_once_and_neighbours_are_adjacent(count, columns):
    graph = chain_graph(["sin"] * (count - 1))
    result = snake(layout(graph), columns)
    cells = [result.positions[i] for i in range(count)]
    assert len(set(cells)) == count
    assert {x for x, _ in cells} <= set(map(float, range(columns)))
    for i in range(1, count):
        (x0, y0), (x1, y1) = cells[i - 1], cells[i]
        # one step along a row, or straight down at a row's end
        assert abs(x1 - x0) + abs(y1 - y0) == 1
    rows = {y for _, y in cells}
    assert len(rows) == -(-count // columns)


def test_rows_alternate_direction_and_turns_name_their_side():
    graph = chain_graph(["sin"] * 10)  # 11 nodes
    result = snake(layout(graph), 4)
    assert [result.positions[i] for i in range(4)] == [(0, 0), (1, 0), (2, 0), (3, 0)]
    assert [result.positions[i] for i in range(4, 8)] == [(3, 1), (2, 1), (1, 1), (0, 1)]
    assert [result.positions[i] for i in range(8, 11)] == [(0, 2), (1, 2), (2, 2)]
    assert result.turns == {(4, 0): "right", (8, 0): "left"}
    for (node, _), route in result.routes.items():
        assert route[0] == result.positions[node - 1]
        assert route[-1] == result.positions[node]


def test_a_snake_as_wide_as_the_chain_is_the_chain():
    result = layout(chain_graph(["sin"] * 5))
    assert snake(result, 6) == result


def test_only_chains_snake():
    assert is_chain(chain_graph(["exp", "sin"]))
    assert is_chain(parse("exp(sin(sin(x)))"))
    assert not is_chain(parse("x*sin(x)"))
    assert is_chain(parse("sin(x) + 2"))  # a parameter, not a constant node
    assert not is_chain(parse("sin(x) + cos(x)"))


def test_a_short_chain_stays_one_row():
    # 4 nodes: 3 cells + pad = 750 wide at scale 1 fits 800
    assert snake_columns(4, (800, 400), CELL, PAD, least=0.8, most=1.2) == 4


def test_a_long_chain_wraps_into_the_columns_that_show_it_largest():
    count, view = 31, (900.0, 600.0)
    columns = snake_columns(count, view, CELL, PAD, least=0.8, most=1.2)
    assert columns < count

    def scale(c):
        w, h = snake_extent(count, c, CELL, PAD)
        return min(view[0] / w, view[1] / h)

    # no other column count fits it larger (checked by brute force)
    assert scale(columns) == pytest.approx(max(scale(c) for c in range(2, count)))
    # 900×600 px, 200×120 cells: 31 nodes in about 5 columns and 7 rows
    assert 4 <= columns <= 6


def test_a_tall_narrow_view_gets_few_columns():
    wide = snake_columns(31, (1800.0, 400.0), CELL, PAD, least=0.8, most=1.2)
    tall = snake_columns(31, (500.0, 1400.0), CELL, PAD, least=0.8, most=1.2)
    assert tall < wide
