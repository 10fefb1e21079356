"""The periodic table, with the briefing's elements marked by category and control status:
its keys, the mouse and the cursor (``GridDrawing`` draws it)."""

from __future__ import annotations

from typing import ClassVar, Self

from textual import events
from textual.binding import Binding, BindingType
from textual.timer import Timer

from briefing.core.grid import (
    FIRST_SYMBOL,
    LAST_SYMBOL,
    SymbolTyping,
    first_discussed,
    step,
)
from briefing.core.model import Briefing
from briefing.core.periodic import (
    BY_POSITION,
    BY_SYMBOL,
    GRID_ROWS,
    lookup,
)
from briefing.ui.marks import MarkOf
from briefing.ui.widgets.grid_drawing import GridDrawing, cell_width_for

TYPING_PAUSE = 1.0
"""Seconds to wait for the second letter of a symbol after a capital."""


class ElementGrid(GridDrawing, can_focus=True):
    """All 118 elements laid out as the periodic table, navigable from cell to cell.

    The table is drawn as lines of text rather than a widget per element, so it costs next
    to nothing to build and redraw. The legend sits in the empty top of the table.
    """

    BINDING_GROUP_TITLE = "Periodic table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "up,k",
            "navigate(-1,0)",
            "Up",
            id="grid-up",
            show=False,
            tooltip="Nearest element above",
        ),
        Binding(
            "down,j",
            "navigate(1,0)",
            "Down",
            id="grid-down",
            show=False,
            tooltip="Nearest element below",
        ),
        Binding(
            "left,h",
            "navigate(0,-1)",
            "Left",
            id="grid-left",
            show=False,
            tooltip="Previous element in the row",
        ),
        Binding(
            "right,l",
            "navigate(0,1)",
            "Right",
            id="grid-right",
            show=False,
            tooltip="Next element in the row",
        ),
        Binding(
            "home,g", "first", "First element", id="grid-first", show=False, tooltip="Hydrogen"
        ),
        Binding("end", "last", "Last element", id="grid-last", show=False, tooltip="Oganesson"),
        Binding(
            "pageup", "page(-1)", "Top", id="grid-page-up", show=False, tooltip="Up the column"
        ),
        Binding(
            "pagedown",
            "page(1)",
            "Bottom",
            id="grid-page-down",
            show=False,
            tooltip="Down the column",
        ),
    ]
    TYPED_KEYS: ClassVar[list[tuple[str, str]]] = [
        ("a symbol", "Type an element's symbol to jump to it: D then y for Dy"),
        (
            "N U",
            "While a search is on, N is the previous match: Esc ends the search, then N, Nb, "
            "Ne… type as symbols. U is always the previous new item: reach uranium with the "
            "arrows, or with / and its name",
        ),
    ]

    def __init__(self, briefing: Briefing, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(briefing, id=id)
        self._typing = SymbolTyping()
        self._typing_timer: Timer | None = None
        self._passed_on: frozenset[str] = frozenset()
        """Capitals left to the screen's keys rather than read as a symbol's first letter."""
        self.set_reactive(ElementGrid.as_of, briefing.as_of_date)
        self.set_reactive(ElementGrid.cursor, first_discussed(briefing))
        self.mark_of: MarkOf | None = None
        """Each element's mark (new or changed since the last visit), when any is marked."""

    @classmethod
    def for_pane(cls, briefing: Briefing, list_id: str) -> Self:
        return cls(briefing, id=list_id)

    # -- the pane's list -------------------------------------------------------------------

    @property
    def highlighted_id(self) -> str:
        return self.cursor

    @property
    def item_ids(self) -> list[str]:
        """The symbols of the elements the briefing discusses, in its order."""
        return [element.symbol for element in self.briefing.elements]

    def select_id(self, item_id: str) -> bool:
        self.select_symbol(item_id)
        return self.cursor == item_id

    def pass_on(self, keys: frozenset[str]) -> None:
        self._passed_on = keys

    def show_marks(self, mark_of: MarkOf | None) -> None:
        """Kept, not drawn: a cell has no room for a mark (``u`` still steps to marked
        elements, and the header counts them)."""
        self.mark_of = mark_of

    # -- behaviour -------------------------------------------------------------------------

    def select_symbol(self, symbol: str) -> None:
        """Move the cursor to ``symbol`` (any case); unknown symbols are ignored."""
        found = lookup(symbol)
        if found is not None:
            self.cursor = found.symbol

    def validate_cursor(self, symbol: str) -> str:
        return symbol if symbol in BY_SYMBOL else self.cursor

    def watch_cursor(self, symbol: str) -> None:
        self._redraw()
        self.post_message(self.Highlighted(self, symbol))

    def action_navigate(self, rows: int, columns: int) -> None:
        if self.listing:
            self._step_listed(rows + columns)
            return
        self.cursor = step(self.cursor, rows, columns)

    def _step_listed(self, step_by: int, *, clamp: bool = False) -> None:
        """In the list: to the element ``step_by`` lines down (up when negative); past an
        end, to that end with ``clamp``, else nowhere. The bell when it cannot move."""
        symbols = self.item_ids
        row = self.listed_row
        index = (row - 1 if row is not None else -1) + step_by
        if clamp or row is None:
            index = min(max(index, 0), len(symbols) - 1)
        if not 0 <= index < len(symbols) or symbols[index] == self.cursor:
            self.app.bell()
            return
        self.cursor = symbols[index]

    def action_page(self, rows: int) -> None:
        if self.listing:
            self._step_listed(rows * max(self.size.height - 1, 1), clamp=True)
            return
        symbol = self.cursor
        column = BY_SYMBOL[symbol].column
        for _ in range(GRID_ROWS):  # to the end of the column, not across a gap
            following = step(symbol, rows, 0)
            if following == symbol or BY_SYMBOL[following].column != column:
                break
            symbol = following
        if symbol == self.cursor:
            self.app.bell()
        self.cursor = symbol

    def action_first(self) -> None:
        self.cursor = self.item_ids[0] if self.listing else FIRST_SYMBOL

    def action_last(self) -> None:
        self.cursor = self.item_ids[-1] if self.listing else LAST_SYMBOL

    def action_choose(self) -> None:
        self.post_message(self.Chosen(self, self.cursor))

    def on_key(self, event: events.Key) -> None:
        # Runs before the bindings, so that the small letter of "Hg" is read as part of a
        # symbol and not as "go to the first element". A key sent here before the focus
        # moved away is not the grid's: the app sends it on to the focus.
        if not self.has_focus:
            return
        if event.character in self._passed_on:
            self._finish_typing()  # the key is the screen's: a pending capital ends here
            return
        symbol, used = self._typing.type_key(event.character)
        self._stop_typing_timer()
        if symbol is not None:
            self.cursor = symbol
        if self._typing.pending:
            self._typing_timer = self.set_timer(TYPING_PAUSE, self._finish_typing)
        if used:
            event.stop()
            event.prevent_default()

    def on_blur(self) -> None:
        self._finish_typing()
        self._redraw()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if self.listing:
            index = self.list_top() + offset.y - 1
            if offset.y >= 1 and index < len(self.item_ids):
                self.cursor = self.item_ids[index]
                if event.chain >= 2:
                    self.action_choose()
            return
        width = cell_width_for(self.size.width)
        left = self._left_margin(width, self.size.width)
        row = offset.y + 1
        column = (offset.x - left) // width + 1 if offset.x >= left else 0
        found = BY_POSITION.get((row, column))
        if found is None:
            return
        self.cursor = found.symbol
        if event.chain >= 2:
            self.action_choose()

    def _finish_typing(self) -> None:
        self._stop_typing_timer()
        symbol = self._typing.finish()
        if symbol is not None:
            self.cursor = symbol

    def _stop_typing_timer(self) -> None:
        if self._typing_timer is not None:
            self._typing_timer.stop()
            self._typing_timer = None
