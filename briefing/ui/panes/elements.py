"""The elements pane: the periodic table, and the detail of the element under its cursor."""

from __future__ import annotations

from typing import cast

from textual.widget import Widget

from briefing.core.dates import PartialDate
from briefing.core.involves import Kind, Subject
from briefing.ui.panes.base import Pane
from briefing.ui.widgets.element_detail import ElementDetail
from briefing.ui.widgets.element_grid import ElementGrid


class ElementsPane(Pane):
    """Every element; those the briefing discusses are marked. ``f`` filters by one."""

    FILTERS = True
    ITEMS = "elements"

    @property
    def grid(self) -> ElementGrid:
        """The periodic table, which is this pane's list."""
        return cast(ElementGrid, self.list)

    def make_list(self) -> Widget:
        return ElementGrid(self.briefing, id=f"{self.spec.name}-list")

    def fill(self) -> None:
        pass  # the table is drawn from the briefing; nothing to list

    @property
    def selected_id(self) -> str | None:
        return self.grid.cursor

    def select(self, item_id: str) -> bool:
        self.ensure_filled()
        self.grid.select_symbol(item_id)
        self.show_selected()
        return self.grid.cursor == item_id

    def filter_subject(self) -> Subject | None:
        symbol = self.grid.cursor
        if self.briefing.element(symbol) is None:
            self.notify(f"{symbol} is not discussed in this briefing.", severity="warning")
            return None
        return Subject(Kind.ELEMENT, symbol)

    def show_as_of(self, as_of: PartialDate) -> None:
        self.grid.as_of = as_of
        cast(ElementDetail, self.detail).show_as_of(as_of)

    def on_element_grid_highlighted(self, message: ElementGrid.Highlighted) -> None:
        message.stop()
        self.show_selected()

    def on_element_grid_chosen(self, message: ElementGrid.Chosen) -> None:
        message.stop()
        self.post_message(self.Entered(self))
