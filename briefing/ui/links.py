"""Links from one item to others, as the details list them: ``→ label``."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from textual.content import Content

from briefing.core.involves import Kind
from briefing.core.model import Briefing
from briefing.core.periodic import BY_SYMBOL
from briefing.ui.format import MUTED, line
from briefing.ui.state import quotes_in_order


# Compared by identity: equality and hashing, never used, cost their generation at import.
@dataclass(frozen=True, slots=True, eq=False)
class Link:
    """A link to one item: its kind and id, and the label shown after the arrow."""

    kind: Kind
    item_id: str
    label: Content


def event_links(briefing: Briefing, event_ids: Collection[str]) -> list[Link]:
    """``→ 4 Apr 2025  Title`` for each of these events, in date order."""
    return [
        Link(
            Kind.EVENT,
            event.id,
            Content.assemble((f"{event.date.human()}  ", MUTED), line(event.title)),
        )
        for event in briefing.events_in_order()
        if event.id in event_ids
    ]


def quote_links(briefing: Briefing, quote_ids: Collection[str]) -> list[Link]:
    """``→ “Words…”  Speaker`` for each of these quotes, in date order."""
    links = []
    for quote in quotes_in_order(briefing):
        if quote.id in quote_ids:
            speaker = briefing.actor(quote.speaker)
            who = speaker.name if speaker is not None else quote.speaker
            label = Content.assemble(
                ("“", MUTED), line(quote.text), ("”  ", MUTED), line(who, MUTED)
            )
            links.append(Link(Kind.QUOTE, quote.id, label))
    return links


def actor_link(briefing: Briefing, actor_id: str, note: str) -> Link | None:
    """``→ Name  note``, or None when the briefing has no such actor."""
    actor = briefing.actor(actor_id)
    if actor is None:
        return None
    return Link(Kind.ACTOR, actor.id, Content.assemble(line(actor.name), (f"  {note}", MUTED)))


def element_link(symbol: str) -> Link:
    """``→ Dy Dysprosium  element``."""
    info = BY_SYMBOL[symbol]
    label = Content.assemble((symbol, "bold"), f" {info.name}", ("  element", MUTED))
    return Link(Kind.ELEMENT, symbol, label)
