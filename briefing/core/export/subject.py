"""What a scoped brief is about (``--about``), and which items involve it.

Both come from ``briefing.core.involves``, the rule the reader's filter uses: items are
found by the ids and symbols they name, never by their text. Everything that links
items to one another for ranking (who took part in which event, who said which quote)
is worked out once per brief in ``Links``; nothing scans every event for every actor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.core import involves
from briefing.core.involves import Kind
from briefing.core.model import Actor, Briefing, Element, Event, Figure, KeyPoint, Quote
from briefing.core.periodic import BY_SYMBOL
from briefing.core.suggest import closest
from briefing.core.text import sanitize_line, short


@dataclass(frozen=True, slots=True)
class Subject:
    """What a scoped brief is about: an actor, an element or a tag, and what to call it."""

    kind: Kind
    id: str
    label: str


class UnknownSubject(ValueError):
    """``about`` names nothing in the briefing."""


class Links:
    """Who and what each item of a briefing is linked to, indexed once."""

    def __init__(self, briefing: Briefing) -> None:
        self.events_of_actor: dict[str, list[Event]] = {}
        self.quotes_of_speaker: dict[str, list[Quote]] = {}
        self.control_events: set[str] = set()
        for event in briefing.events:
            for actor_id in dict.fromkeys(event.actors):
                self.events_of_actor.setdefault(actor_id, []).append(event)
        for quote in briefing.quotes:
            self.quotes_of_speaker.setdefault(quote.speaker, []).append(quote)
        for element in briefing.elements:
            self.control_events.update(c.event for c in element.controls if c.event is not None)

    def appearances(self, actor_id: str) -> int:
        """Events the actor takes part in, and quotes it said."""
        return len(self.events_of_actor.get(actor_id, ())) + len(
            self.quotes_of_speaker.get(actor_id, ())
        )


def resolve_subject(briefing: Briefing, about: str) -> Subject:
    """The actor, element or tag that ``about`` names (by ``involves.resolve_subject``);
    UnknownSubject says what exists instead."""
    found = involves.resolve_subject(briefing, about)
    if found is not None:
        label = sanitize_line(involves.subject_label(briefing, found))
        return Subject(found.kind, found.id, label)
    named = involves.actors_named_by(briefing, about)
    if named:
        choices = ", ".join(named[:5])
        raise UnknownSubject(f"{short(about)} names several actors; give one id: {choices}")
    near = closest(about, subject_names(briefing))
    hint = f"; did you mean {near!r}?" if near else ""
    raise UnknownSubject(
        f"{short(about)} is not an actor id, element symbol or tag in this briefing{hint}"
    )


def subject_names(briefing: Briefing) -> dict[str, list[str]]:
    """Every actor id, element symbol and tag ``about`` may give, each with the names it
    stands for (an actor's name, an element's name; a tag has none)."""
    names: dict[str, list[str]] = {actor.id: [actor.name] for actor in briefing.actors}
    for symbol in sorted(involves.named_symbols(briefing)):
        info = BY_SYMBOL.get(symbol)
        names.setdefault(symbol, [info.name] if info else [])
    for tag in sorted(involves.tags(briefing)):
        names.setdefault(tag, [])
    return names


@dataclass
class Involved:
    """The items that involve a subject, each in the briefing's order."""

    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    key_points: list[KeyPoint] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)


def involving(briefing: Briefing, subject: Subject) -> Involved:
    """What involves ``subject`` by the one rule of ``briefing.core.involves`` (items that
    name it; for an element, the events its controls name), as the items themselves; the
    elements are the subject itself, or those the involved items name."""
    found = involves.involving(briefing, involves.Subject(subject.kind, subject.id))
    events, quotes, figures = found.event_ids, found.quote_ids, found.figure_ids
    symbols = {subject.id} if subject.kind is Kind.ELEMENT else set(found.elements)
    actors = set(found.actors)
    return Involved(
        events=[event for event in briefing.events if event.id in events],
        quotes=[quote for quote in briefing.quotes if quote.id in quotes],
        figures=[figure for figure in briefing.figures if figure.id in figures],
        key_points=[briefing.key_points[index] for index in found.key_points],
        elements=[element for element in briefing.elements if element.symbol in symbols],
        actors=[actor for actor in briefing.actors if actor.id in actors],
    )
