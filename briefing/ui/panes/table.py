"""The pane table: every pane of the reader, in order, in one place.

The layout, the pane bar, the keys 1–4, the palette's ``pane:`` commands and the help are
all made from ``PANES``. A new pane is a ``Pane`` subclass and one row here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.core.involves import Kind
from briefing.core.model import Briefing
from briefing.ui.panes.actors import ActorsPane
from briefing.ui.panes.elements import ElementsPane
from briefing.ui.panes.quotes import QuotesPane
from briefing.ui.panes.timeline import TimelinePane
from briefing.ui.widgets.actor_detail import ActorDetail
from briefing.ui.widgets.actors import ActorList
from briefing.ui.widgets.element_detail import ElementDetail
from briefing.ui.widgets.element_grid import ElementGrid
from briefing.ui.widgets.event_detail import EventDetail
from briefing.ui.widgets.quote_detail import QuoteDetail
from briefing.ui.widgets.quotes import QuoteList
from briefing.ui.widgets.timeline import Timeline

if TYPE_CHECKING:
    from textual.widget import Widget

    from briefing.ui.panes.base import Pane
    from briefing.ui.widgets.detail import Detail


# Compared by identity (each row of the table is one object): equality and hashing,
# never used, cost their generation at import.
@dataclass(frozen=True, eq=False)
class PaneSpec:
    """One pane: its key, name (``timeline``: ids ``timeline-pane``, ``timeline-list``...),
    title, the kind of item it lists, and its classes (pane, list, detail; the detail
    holds the links)."""

    key: str
    name: str
    title: str
    kind: Kind
    pane: type[Pane]
    list: type[Widget]
    detail: type[Detail]

    def make(self, briefing: Briefing) -> Pane:
        """A new pane of this kind for ``briefing``."""
        return self.pane(self, briefing)


PANES: tuple[PaneSpec, ...] = (
    PaneSpec("1", "timeline", "Timeline", Kind.EVENT, TimelinePane, Timeline, EventDetail),
    PaneSpec("2", "elements", "Elements", Kind.ELEMENT, ElementsPane, ElementGrid, ElementDetail),
    PaneSpec("3", "actors", "Actors", Kind.ACTOR, ActorsPane, ActorList, ActorDetail),
    PaneSpec("4", "quotes", "Quotes", Kind.QUOTE, QuotesPane, QuoteList, QuoteDetail),
)
"""The panes, in the order of their keys and of the layout (left to right, top to bottom)."""


def panes_for(briefing: Briefing) -> tuple[PaneSpec, ...]:
    """The panes this briefing has: a briefing without elements has no periodic table."""
    return tuple(spec for spec in PANES if spec.kind is not Kind.ELEMENT or briefing.elements)


def pane_for_kind(kind: Kind) -> PaneSpec | None:
    """The pane that lists items of ``kind``."""
    return next((spec for spec in PANES if spec.kind is kind), None)
