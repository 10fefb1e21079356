"""The grid the panes show in together, made from the places of the pane table."""

from __future__ import annotations

from fractions import Fraction

import pytest

from briefing.ui.layout import GridPlace, TogetherGrid
from briefing.ui.panes.table import PANES

TIMELINE, ELEMENTS, ACTORS, QUOTES = (spec.place for spec in PANES)


def widths(grid: TogetherGrid, width: int) -> list[list[Fraction]]:
    """Each row's pane widths, in cells, for a container ``width`` cells wide (fractions
    unrounded), in the order the grid fills its cells."""
    fixed = sum(int(column) for column in grid.columns if not column.endswith("fr"))
    fr = Fraction(width - fixed, sum(column.endswith("fr") for column in grid.columns))
    tracks = [fr if column.endswith("fr") else Fraction(column) for column in grid.columns]
    rows: list[list[Fraction]] = []
    column = len(tracks)
    for index in grid.order:
        if column == len(tracks):
            rows.append([])
            column = 0
        span = grid.spans[index]
        rows[-1].append(sum(tracks[column : column + span], Fraction(0)))
        column += span
    assert column == len(tracks), "the last row does not fill the grid"
    return rows


def test_the_four_panes_make_the_grid_the_stylesheet_had() -> None:
    grid = TogetherGrid.of([TIMELINE, ELEMENTS, ACTORS, QUOTES])
    assert grid.columns == ("1fr", "22", "56")
    assert grid.rows == ("3fr", "2fr")
    assert grid.spans == (2, 1, 1, 2)
    assert grid.order == (0, 1, 2, 3)
    assert widths(grid, 120) == [[64, 56], [42, 78]]


def test_without_the_periodic_table_the_timeline_takes_the_top_row() -> None:
    grid = TogetherGrid.of([TIMELINE, ACTORS, QUOTES])
    assert grid.rows == ("3fr", "2fr")
    assert widths(grid, 120) == [[120], [42, 78]]


def test_a_pane_without_a_width_shares_with_the_others_of_its_row() -> None:
    # Last in the table, first among the panes of its row that keep no width.
    grid = TogetherGrid.of([TIMELINE, ELEMENTS, ACTORS, QUOTES, GridPlace(row=1)])
    assert grid.order == (0, 1, 2, 4, 3)
    assert widths(grid, 120) == [[64, 56], [21, 21, 78]]
    top = TogetherGrid.of([TIMELINE, ELEMENTS, ACTORS, QUOTES, GridPlace(row=0)])
    # The last sharing pane of a row takes the fixed columns its row leaves.
    assert widths(top, 120) == [[21, 43, 56], [42, 78]]


def test_rows_are_in_order_and_as_tall_as_their_largest_share() -> None:
    grid = TogetherGrid.of(
        [GridPlace(row=5, height=1), GridPlace(row=2, height=2), GridPlace(row=5, height=4)]
    )
    assert grid.rows == ("2fr", "4fr")
    assert grid.order == (1, 0, 2)
    assert widths(grid, 100) == [[100], [50, 50]]


def test_a_row_of_panes_that_all_keep_a_width_shares_it() -> None:
    grid = TogetherGrid.of([GridPlace(row=0, width=30), GridPlace(row=0, width=40), ACTORS])
    assert widths(grid, 120) == [[60, 60], [120]]
    # Beside a row that keeps columns, as a row of panes without a width.
    grid = TogetherGrid.of([GridPlace(row=0, width=30), GridPlace(row=0, width=40), ACTORS, QUOTES])
    assert widths(grid, 120) == [[21, 99], [42, 78]]


@pytest.mark.parametrize(
    "places",
    [
        [
            GridPlace(row=0),
            GridPlace(row=0),
            GridPlace(row=0, width=10),
            GridPlace(row=1),
            GridPlace(row=1, width=7),
        ],
        [
            GridPlace(row=0, width=5),
            GridPlace(row=0),
            GridPlace(row=0, width=9),
            GridPlace(row=1),
            GridPlace(row=1),
        ],
        [
            GridPlace(row=0),
            GridPlace(row=1),
            GridPlace(row=1),
            GridPlace(row=1),
            GridPlace(row=2, width=3),
        ],
    ],
)
def test_each_row_fills_the_width_and_each_width_is_kept(places: list[GridPlace]) -> None:
    grid = TogetherGrid.of(places)
    rows = widths(grid, 200)
    assert all(sum(row) == 200 for row in rows)
    numbers = sorted({place.row for place in places})
    for index, place in enumerate(places):
        members = [i for i in grid.order if places[i].row == place.row]
        if place.width is not None and any(places[i].width is None for i in members):
            assert rows[numbers.index(place.row)][members.index(index)] == place.width
            assert all(places[i].width is not None for i in members[members.index(index) :])


@pytest.mark.parametrize(
    "places", [[], [GridPlace(row=0, width=0)], [GridPlace(row=0, height=0)]], ids=str
)
def test_no_places_or_an_empty_one_is_refused(places: list[GridPlace]) -> None:
    with pytest.raises(ValueError):
        TogetherGrid.of(places)
