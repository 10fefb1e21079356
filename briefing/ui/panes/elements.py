"""The elements pane: the periodic table, and the detail of the element under its cursor."""

from __future__ import annotations

from briefing.core.dates import PartialDate
from briefing.core.involves import Kind, Subject
from briefing.core.model import Briefing
from briefing.ui.panes.base import Pane
from briefing.ui.widgets.element_grid import ElementGrid


class ElementsPane(Pane[ElementGrid]):
    """Every element; those the briefing discusses are marked. ``f`` filters by one."""

    FILTERS = True
    ITEMS = "elements"

    @classmethod
    def shown_for(cls, briefing: Briefing) -> bool:
        """A briefing without elements has no periodic table."""
        return bool(briefing.elements)

    def filter_subject(self) -> Subject | None:
        symbol = self.list.cursor
        if self.briefing.element(symbol) is None:
            self.notify(f"{symbol} is not discussed in this briefing.", severity="warning")
            return None
        return Subject(Kind.ELEMENT, symbol)

    def show_as_of(self, as_of: PartialDate) -> None:
        self.list.as_of = as_of
        super().show_as_of(as_of)
