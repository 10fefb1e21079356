"""The pane table: every pane of the reader, in order, in one place.

The layout, the pane bar, the number keys, the palette's ``pane:`` commands, the help and
the read marks are all made from ``PANES``. A new pane is a ``Pane`` subclass and one row
here; its ``place`` puts it in the layout of the panes together.
"""

from __future__ import annotations

from typing import Any

from briefing.core.involves import Kind
from briefing.core.model import Briefing
from briefing.ui.layout import GridPlace
from briefing.ui.panes.actors import ActorsPane
from briefing.ui.panes.base import PaneSpec
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

PANES: tuple[PaneSpec[Any], ...] = (
    PaneSpec(
        key="1",
        name="timeline",
        title="Timeline",
        kind=Kind.EVENT,
        pane=TimelinePane,
        list=Timeline,
        detail=EventDetail,
        section="events",
        help="Events in date order.",
        place=GridPlace(row=0, height=3),
    ),
    PaneSpec(
        key="2",
        name="elements",
        title="Elements",
        kind=Kind.ELEMENT,
        pane=ElementsPane,
        list=ElementGrid,
        detail=ElementDetail,
        section="elements",
        help="The periodic table: the briefing's elements by category and control status.",
        # The periodic table in its narrowest form (18 cells of 3, and the pane's borders),
        # so that the timeline beside it has room for its titles.
        place=GridPlace(row=0, width=56, height=3),
        about="the periodic table",
    ),
    PaneSpec(
        key="3",
        name="actors",
        title="Actors",
        kind=Kind.ACTOR,
        pane=ActorsPane,
        list=ActorList,
        detail=ActorDetail,
        section="actors",
        help="People and organisations, grouped by kind. f filters the timeline and quotes.",
        place=GridPlace(row=1, height=2),
    ),
    PaneSpec(
        key="4",
        name="quotes",
        title="Quotes",
        kind=Kind.QUOTE,
        pane=QuotesPane,
        list=QuoteList,
        detail=QuoteDetail,
        section="quotes",
        help="Quotes in date order, with speaker and date.",
        place=GridPlace(row=1, width=78, height=2),  # the actors beside take the rest
    ),
)
"""The panes, in the order of their keys, of the pane bar and of the layout (left to right,
top to bottom, where their places allow: ``GridPlace``)."""


def panes_for(briefing: Briefing) -> tuple[PaneSpec[Any], ...]:
    """The panes this briefing has (``Pane.shown_for``)."""
    return tuple(spec for spec in PANES if spec.pane.shown_for(briefing))


def pane_for_kind(kind: Kind) -> PaneSpec[Any] | None:
    """The pane that lists items of ``kind``."""
    return next((spec for spec in PANES if spec.kind is kind), None)


def listed_sections(specs: tuple[PaneSpec[Any], ...] = PANES) -> tuple[str, ...]:
    """The briefing sections the panes of ``specs`` list, whose items may be marked."""
    return tuple(spec.section for spec in specs)


def filter_words(specs: tuple[PaneSpec[Any], ...] = PANES) -> tuple[str, str, str]:
    """What ``f`` does, in words, from the ``NARROWS`` and ``FILTERS`` of the panes of
    ``specs``: the titles of the panes it narrows (``timeline and quotes``), what they
    list (``events and quotes``), and what it filters by, alphabetically (``actor or
    element``)."""
    narrowed = [spec for spec in specs if spec.pane.NARROWS]
    by = sorted(str(spec.kind) for spec in specs if spec.pane.FILTERS)
    return (
        _series([spec.title.lower() for spec in narrowed], "and"),
        _series([spec.pane.ITEMS for spec in narrowed], "and"),
        _series(by, "or"),
    )


def _series(words: list[str], conjunction: str) -> str:
    """``a, b and c``: ``words`` joined by commas, the last by ``conjunction``."""
    return f" {conjunction} ".join(filter(None, [", ".join(words[:-1]), *words[-1:]]))
