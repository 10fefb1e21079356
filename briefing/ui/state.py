"""What the reader's filter selects; plain functions over the model, no widgets.

The filter is a ``Subject`` (an element or an actor); what it keeps is decided by
``briefing.core.involves``, the same rule as the details and the brief.
"""

from __future__ import annotations

from briefing.core.involves import Subject, involving
from briefing.core.model import Briefing, Event, Quote


def filtered_events(briefing: Briefing, active: Subject | None) -> list[Event]:
    """The events in date order, only those involving ``active`` when it is set."""
    events = briefing.events_in_order()
    if active is None:
        return events
    wanted = involving(briefing, active).event_ids
    return [event for event in events if event.id in wanted]


def filtered_quotes(briefing: Briefing, active: Subject | None) -> list[Quote]:
    """The quotes in date order, only those involving ``active`` when it is set."""
    quotes = quotes_in_order(briefing)
    if active is None:
        return quotes
    wanted = involving(briefing, active).quote_ids
    return [quote for quote in quotes if quote.id in wanted]


def quotes_in_order(briefing: Briefing) -> list[Quote]:
    """Dated quotes by date, then undated ones in file order."""
    dated = [quote for quote in briefing.quotes if quote.date is not None]
    undated = [quote for quote in briefing.quotes if quote.date is None]
    return sorted(dated, key=lambda quote: quote.date.sort_key if quote.date else (0, 0, 0)) + (
        undated
    )
