"""What the reader's filter selects; plain functions over the model, no widgets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from briefing.core.model import Briefing, Event, Quote
from briefing.core.periodic import BY_SYMBOL

FilterKind = Literal["actor", "element"]


@dataclass(frozen=True, slots=True)
class Filter:
    """Timeline and quotes restricted to what involves one actor or element."""

    kind: FilterKind
    item_id: str
    """Actor id or element symbol."""
    label: str
    """What the filter chip shows, already sanitised."""


def event_matches(event: Event, active: Filter | None) -> bool:
    if active is None:
        return True
    if active.kind == "actor":
        return active.item_id in event.actors
    return active.item_id in event.elements


def _mentions_element(text: str, symbol: str) -> bool:
    info = BY_SYMBOL.get(symbol)
    if info is not None and info.name.lower() in text.lower():
        return True
    # The bare symbol counts only as a word of its own: "Tb" yes, "Tbilisi" no.
    return re.search(rf"(?<![A-Za-z]){re.escape(symbol)}(?![a-z])", text) is not None


def quote_mentions_element(quote: Quote, symbol: str) -> bool:
    return _mentions_element(quote.text, symbol) or (
        quote.context is not None and _mentions_element(quote.context, symbol)
    )


def quote_matches(quote: Quote, active: Filter | None) -> bool:
    if active is None:
        return True
    if active.kind == "actor":
        return quote.speaker == active.item_id
    return quote_mentions_element(quote, active.item_id)


def filtered_events(briefing: Briefing, active: Filter | None) -> list[Event]:
    return [event for event in briefing.events_in_order() if event_matches(event, active)]


def filtered_quotes(briefing: Briefing, active: Filter | None) -> list[Quote]:
    return [quote for quote in quotes_in_order(briefing) if quote_matches(quote, active)]


def quotes_in_order(briefing: Briefing) -> list[Quote]:
    # Undated quotes go last, in file order.
    dated = [quote for quote in briefing.quotes if quote.date is not None]
    undated = [quote for quote in briefing.quotes if quote.date is None]
    return sorted(dated, key=lambda quote: quote.date.sort_key if quote.date else (0, 0, 0)) + (
        undated
    )
