"""When the panes show together, and how: one grid made from the places of the pane table.

Each row of the pane table has a ``GridPlace``: its row of the layout, the columns it keeps
(if any) and its row's share of the height. ``TogetherGrid.of`` makes the grid those
places need and ``TogetherGrid.style`` sets it on the panes' container, so a new pane needs
no rule in the stylesheet, which only says the container is a grid when they are together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from math import lcm
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from textual.widget import Widget

W = TypeVar("W", bound="Widget")
"""The class of the panes' container."""

TOGETHER_WIDTH = 120
"""From this width, and ``TOGETHER_HEIGHT``, the panes show together."""
TOGETHER_HEIGHT = 36
"""Below this height the top panes would leave the element detail a line or two, and the
bottom ones a few lines each: the panes then show one at a time."""


def panes_fit_together(width: int, height: int) -> bool:
    """Whether a terminal of ``width`` x ``height`` cells shows the panes together."""
    return width >= TOGETHER_WIDTH and height >= TOGETHER_HEIGHT


@dataclass(frozen=True)
class GridPlace:
    """Where a pane stands when the panes show together.

    ``row``: its row of the layout, 0 at the top; a row none of a briefing's panes takes
    is left out. ``width``: the columns of cells it keeps, borders included. None: it
    shares the rest of its row with the row's other panes without a width, equally, but
    for the columns another row keeps beyond what this one does, which the last of them
    takes. In its row, the panes without a width stand first, left to right in the order
    of the pane table, then those with one, at the right end; a row whose panes all have
    a width lays them out as if none had. ``height``: its row's share of the layout's
    height, in fractions (``3``: ``3fr``); a row takes the largest share its panes ask.
    """

    row: int
    width: int | None = None
    height: int = 1


@dataclass(frozen=True)
class TogetherGrid:
    """The grid the panes show in when together, in the terms of Textual's grid styles.

    ``columns`` and ``rows`` are its tracks (``("1fr", "22", "56")``, ``("3fr", "2fr")``);
    ``spans[i]`` is the number of columns the ``i``-th place takes; ``order`` the indices of
    the places in the order the grid fills its cells (left to right, top to bottom), the
    order the panes take in their container.
    """

    columns: tuple[str, ...]
    rows: tuple[str, ...]
    spans: tuple[int, ...]
    order: tuple[int, ...]

    @classmethod
    def of(cls, places: Sequence[GridPlace]) -> TogetherGrid:
        """The grid for ``places``: those of the panes a briefing has, in table order.

        Raises ValueError when there are no places, or a width or height is under 1.

        The columns every row needs: ``1fr`` columns, as many as every row's count of
        sharing panes divides (so each row shares them equally), then fixed columns, cut
        wherever a pane with a width starts in some row (counted from the right edge).
        The last sharing pane of a row also takes the fixed columns its row leaves.
        """
        if not places:
            raise ValueError("no panes to lay out")
        if any(p.height < 1 or (p.width is not None and p.width < 1) for p in places):
            raise ValueError("a pane's width and height are at least 1")
        rows: list[tuple[list[int], list[int]]] = []  # (sharing, keeping) indices, per row
        for number in sorted({place.row for place in places}):
            members = [i for i, place in enumerate(places) if place.row == number]
            sharing = [i for i in members if places[i].width is None] or members
            rows.append((sharing, [i for i in members if i not in sharing]))
        shares = lcm(*(len(sharing) for sharing, _ in rows))
        # Per row: where its panes with a width start, as distances from the right edge.
        row_edges = [
            list(accumulate((places[i].width or 0 for i in reversed(keeping)), initial=0))
            for _, keeping in rows
        ]
        edges = sorted({edge for edges_of_row in row_edges for edge in edges_of_row})
        column_of = {edge: position for position, edge in enumerate(edges)}
        spans = [0] * len(places)
        for (sharing, keeping), edges_of_row in zip(rows, row_edges, strict=True):
            for index in sharing:
                spans[index] = shares // len(sharing)
            spans[sharing[-1]] += len(edges) - 1 - column_of[edges_of_row[-1]]
            pairs = pairwise(edges_of_row)  # each kept pane's (right, left), from the right
            for index, (right, left) in zip(reversed(keeping), pairs, strict=True):
                spans[index] = column_of[left] - column_of[right]
        return cls(
            columns=(
                *(["1fr"] * shares),
                *(str(edges[i] - edges[i - 1]) for i in range(len(edges) - 1, 0, -1)),
            ),
            rows=tuple(
                f"{max(places[i].height for i in sharing + keeping)}fr" for sharing, keeping in rows
            ),
            spans=tuple(spans),
            order=tuple(index for sharing, keeping in rows for index in sharing + keeping),
        )

    def style(self, container: W, panes: Sequence[Widget]) -> W:
        """Set this grid on ``container``'s styles, and on each of ``panes`` (in the order
        of the places) its column span; returns ``container``. They apply while the
        stylesheet gives the container ``layout: grid``; other layouts ignore them."""
        container.styles.grid_size_columns = len(self.columns)
        container.styles.grid_size_rows = len(self.rows)
        container.styles.grid_columns = self.columns
        container.styles.grid_rows = self.rows
        for pane, span in zip(panes, self.spans, strict=True):
            pane.styles.column_span = span
        return container
