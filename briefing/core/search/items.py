"""What search covers: the items of a briefing, in order, and the fields of each."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TypeAlias

from briefing.core.involves import Kind
from briefing.core.model import Actor, Briefing, Element, Event, Quote, Source
from briefing.core.periodic import BY_SYMBOL

Thing: TypeAlias = Element | Actor | Event | Quote | Source
"""An item search covers."""


def things_of(briefing: Briefing) -> Iterator[tuple[Kind, Thing]]:
    """Every searchable item with its kind, in the index's order."""
    # Things before what is said of them: among equal scores, the element or actor named
    # by the query comes before the events that mention it.
    for element in briefing.elements:
        yield Kind.ELEMENT, element
    for actor in briefing.actors:
        yield Kind.ACTOR, actor
    for event in briefing.events_in_order():
        yield Kind.EVENT, event
    for quote in briefing.quotes:
        yield Kind.QUOTE, quote
    for source in briefing.sources:
        yield Kind.SOURCE, source


def fields_of(briefing: Briefing, thing: Thing) -> tuple[str, str, list[tuple[str, str | None]]]:
    """An item's id, its label as written, and its searchable fields by name (the first
    is the one that counts as its title)."""
    if isinstance(thing, Element):
        info = BY_SYMBOL[thing.symbol]
        return (
            thing.symbol,
            f"{info.name} ({info.symbol})",
            [
                ("name", info.name),
                ("symbol", info.symbol),
                ("category", thing.category),
                ("uses", ", ".join(thing.uses)),
                ("note", thing.note),
            ],
        )
    if isinstance(thing, Actor):
        return (
            thing.id,
            thing.name,
            [("name", thing.name), ("role", thing.role), ("country", thing.country)],
        )
    if isinstance(thing, Event):
        return (
            thing.id,
            thing.title,
            [
                ("title", thing.title),
                ("summary", thing.summary),
                ("date", str(thing.date)),
                ("tags", " ".join(thing.tags)),
                ("note", thing.note),
            ],
        )
    if isinstance(thing, Quote):
        speaker = briefing.actor(thing.speaker)
        speaker_name = speaker.name if speaker else thing.speaker
        return (
            thing.id,
            f"{speaker_name}: {thing.text}",
            [("text", thing.text), ("speaker", speaker_name), ("context", thing.context)],
        )
    return (
        thing.id,
        thing.title,
        [("title", thing.title), ("publisher", thing.publisher), ("author", thing.author)],
    )
