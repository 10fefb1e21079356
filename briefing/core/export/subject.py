"""What a scoped brief is about (``--about``), and which items involve it.

Everything that links items to one another (who took part in which event, who said
which quote) is worked out once per brief in ``Links``; nothing here scans every event
for every actor.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from briefing.core.model import Actor, Briefing, Element, Event, Figure, KeyPoint, Quote
from briefing.core.periodic import BY_SYMBOL
from briefing.core.text import sanitize_line, short


@dataclass(frozen=True, slots=True)
class Subject:
    """What a scoped brief is about: an actor, an element or a tag."""

    kind: Literal["actor", "element", "tag"]
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


def element_label(symbol: str) -> str:
    """``Dysprosium (Dy)``."""
    info = BY_SYMBOL.get(symbol)
    return f"{info.name} ({symbol})" if info else symbol


def resolve_subject(briefing: Briefing, about: str) -> Subject:
    """The actor, element or tag that ``about`` names; UnknownSubject says what exists.

    Exact ids, symbols and tags win; then, ignoring case, an element's symbol or name, and
    an actor whose id or name has ``about`` as a whole word (``trump``: Donald Trump).
    """
    actor = briefing.actor(about)
    if actor is not None:
        return Subject("actor", actor.id, sanitize_line(actor.name))
    symbols = {element.symbol for element in briefing.elements}
    symbols.update(symbol for event in briefing.events for symbol in event.elements)
    tags = {tag for event in briefing.events for tag in event.tags}
    if about in symbols:
        return Subject("element", about, element_label(about))
    if about in tags:
        return Subject("tag", about, about.replace("-", " "))
    folded = about.casefold()
    for symbol in sorted(symbols):
        info = BY_SYMBOL.get(symbol)
        if folded in (symbol.casefold(), info.name.casefold() if info else ""):
            return Subject("element", symbol, element_label(symbol))
    named = [candidate for candidate in briefing.actors if _names(candidate, folded)]
    if len(named) == 1:
        return Subject("actor", named[0].id, sanitize_line(named[0].name))
    if named:
        choices = ", ".join(candidate.id for candidate in named[:5])
        raise UnknownSubject(f"{short(about)} names several actors; give one id: {choices}")
    known = [actor.id for actor in briefing.actors] + sorted(symbols) + sorted(tags)
    near = difflib.get_close_matches(about, known, n=1)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    raise UnknownSubject(
        f"{short(about)} is not an actor id, element symbol or tag in this briefing{hint}"
    )


def _names(actor: Actor, folded: str) -> bool:
    """Whether ``folded`` is a whole word, or run of words, of the actor's id or name."""
    words = " ".join(re.findall(r"\w+", actor.name.casefold()))
    return f" {folded.replace('-', ' ')} " in f" {words} " or (f"-{folded}-" in f"-{actor.id}-")


@dataclass
class Involved:
    """The items that involve a subject, each in the briefing's order."""

    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    key_points: list[KeyPoint] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)


def _mentions(text: str | None, words: Sequence[str]) -> bool:
    if not text:
        return False
    return any(
        re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text, re.IGNORECASE) for word in words
    )


def involving(briefing: Briefing, subject: Subject) -> Involved:
    """Events that name the subject; the quotes, actors and elements of those events; and
    key points and figures whose text names it."""
    related: set[str] = set()
    if subject.kind == "actor":
        related = {subject.id} | {a.id for a in briefing.actors if a.affiliation == subject.id}
        actor = briefing.actor(subject.id)
        words = [actor.name] if actor else []
        events = [event for event in briefing.events if related.intersection(event.actors)]
    elif subject.kind == "element":
        info = BY_SYMBOL.get(subject.id)
        words = [info.name] if info else []
        events = [event for event in briefing.events if subject.id in event.elements]
    else:
        words = [subject.id, subject.label]
        events = [event for event in briefing.events if subject.id in event.tags]
    # A quote belongs when its speaker took part in an involved event it shares a source with.
    shown = {
        (actor_id, source)
        for event in events
        for actor_id in event.actors
        for source in event.sources
    }
    quotes = [
        quote
        for quote in briefing.quotes
        if quote.speaker in related
        or _mentions(quote.text, words)
        or (quote.speaker, quote.source) in shown
    ]
    figures = [figure for figure in briefing.figures if _mentions(figure.label, words)]
    if subject.kind == "element":
        elements = [element for element in briefing.elements if element.symbol == subject.id]
    else:
        symbols = {symbol for event in events for symbol in event.elements}
        elements = [element for element in briefing.elements if element.symbol in symbols]
    actor_ids = {actor_id for event in events for actor_id in event.actors}
    actors = [
        actor
        for actor in briefing.actors
        if actor.id in actor_ids and actor.id != subject.id or actor.id in related - {subject.id}
    ]
    return Involved(
        events=events,
        quotes=quotes,
        figures=figures,
        key_points=[point for point in briefing.key_points if _mentions(point.text, words)],
        elements=elements,
        actors=actors,
    )
