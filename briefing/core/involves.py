"""What involves an element, an actor or a tag: one rule for the filter, details and brief.

The rule, by reference only (a symbol inside some text never counts, so "C" does not
match "CBS News"):

- an event, quote, figure or key point involves X when it names X itself: in its
  ``elements:`` or ``actors:`` list, or, for a quote, as its ``speaker``; an event
  involves a tag when it lists the tag;
- for an element, the event that one of its controls names (``controls[].event``) is
  involved too.

Nothing further is followed: an actor's affiliation, the speaker of an involved event's
source, or the other elements of an involved event do not make anything else involved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from briefing.core.model import Briefing, Strict
from briefing.core.periodic import BY_SYMBOL
from briefing.core.references import named_in


class Kind(StrEnum):
    """The kinds of thing a briefing holds, as the search, the reader and the brief name
    them. The values are the words used in messages and the ``kind`` of a ``Subject``."""

    EVENT = "event"
    ELEMENT = "element"
    ACTOR = "actor"
    QUOTE = "quote"
    FIGURE = "figure"
    TAG = "tag"
    SOURCE = "source"


SUBJECT_KINDS: frozenset[Kind] = frozenset({Kind.ELEMENT, Kind.ACTOR, Kind.TAG})
"""The kinds ``involving`` answers for: others are never named by an item's lists."""


@dataclass(frozen=True, slots=True)
class Subject:
    """One thing a briefing talks about: an element symbol, an actor id, a tag, ...

    ``id`` is the symbol (``Dy``), the actor or item id, or the tag, exactly as written
    in the briefing.
    """

    kind: Kind
    id: str


@dataclass(frozen=True)
class Involvement:
    """What involves one subject, each part in the briefing's own (file) order.

    ``events``, ``quotes`` and ``figures`` hold ids, ``key_points`` indexes into
    ``briefing.key_points``. ``actors`` and ``elements`` are the actors and element
    symbols that those involved items name (a quote's speaker included), other than the
    subject itself: who and what appears alongside it, for links and for the brief.
    """

    subject: Subject
    events: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    figures: tuple[str, ...] = ()
    key_points: tuple[int, ...] = ()
    actors: tuple[str, ...] = ()
    elements: tuple[str, ...] = ()

    @cached_property
    def event_ids(self) -> frozenset[str]:
        """``events`` as a set, for look-ups."""
        return frozenset(self.events)

    @cached_property
    def quote_ids(self) -> frozenset[str]:
        """``quotes`` as a set, for look-ups."""
        return frozenset(self.quotes)

    @cached_property
    def figure_ids(self) -> frozenset[str]:
        """``figures`` as a set, for look-ups."""
        return frozenset(self.figures)

    def __bool__(self) -> bool:
        return bool(self.events or self.quotes or self.figures or self.key_points)


def involving(briefing: Briefing, subject: Subject) -> Involvement:
    """Every event, quote, figure and key point that involves ``subject`` (see the module
    docstring for the rule), and the actors and elements they name.

    A subject the briefing never names gives an empty ``Involvement``; a subject of a kind
    outside ``SUBJECT_KINDS`` too. Time is linear in the size of the briefing.
    """
    kind, wanted = subject.kind, subject.id
    if kind not in SUBJECT_KINDS:
        return Involvement(subject)

    # The section whose references name the subject: an item involves it when one of its
    # reference fields to that section names it (the model declares them).
    section = {Kind.ELEMENT: "elements", Kind.ACTOR: "actors"}.get(kind)

    def names(item: Strict) -> bool:
        return section is not None and wanted in named_in(item, section)

    control_events: set[str] = set()
    if kind is Kind.ELEMENT:
        element = briefing.element(wanted)
        if element is not None:
            control_events = {c.event for c in element.controls if c.event is not None}
    events = [
        event
        for event in briefing.events
        if names(event) or event.id in control_events or (kind is Kind.TAG and wanted in event.tags)
    ]
    quotes = [quote for quote in briefing.quotes if names(quote)]
    figures = [figure for figure in briefing.figures if names(figure)]
    key_points = [index for index, point in enumerate(briefing.key_points) if names(point)]
    named_actors: set[str] = set()
    named_elements: set[str] = set()
    points = [briefing.key_points[index] for index in key_points]
    for involved in (events, quotes, figures, points):
        for item in involved:
            named_actors.update(named_in(item, "actors"))
            named_elements.update(named_in(item, "elements"))
    if kind is Kind.ACTOR:
        named_actors.discard(wanted)
    if kind is Kind.ELEMENT:
        named_elements.discard(wanted)
    return Involvement(
        subject,
        events=tuple(event.id for event in events),
        quotes=tuple(quote.id for quote in quotes),
        figures=tuple(figure.id for figure in figures),
        key_points=tuple(key_points),
        actors=tuple(actor.id for actor in briefing.actors if actor.id in named_actors),
        elements=tuple(e.symbol for e in briefing.elements if e.symbol in named_elements),
    )


def named_symbols(briefing: Briefing) -> set[str]:
    """Every element symbol the briefing lists or names anywhere."""
    symbols = {element.symbol for element in briefing.elements}
    for items in (briefing.events, briefing.quotes, briefing.figures, briefing.key_points):
        for item in items:
            symbols.update(named_in(item, "elements"))
    return symbols


def tags(briefing: Briefing) -> set[str]:
    """Every tag the briefing's events carry."""
    return {tag for event in briefing.events for tag in event.tags}


def resolve_subject(briefing: Briefing, text: str) -> Subject | None:
    """The element, actor or tag that ``text`` names in ``briefing``, or None.

    In this order: an exact actor id, element symbol or tag; then, ignoring case, an
    element symbol or name (``dy``, ``Dysprosium``); then the one actor whose name or id
    has ``text`` as a whole word or run of words (``trump``: Donald Trump). Several actors
    matching that last way give None: the caller says which ids exist. Only elements the
    briefing names are found.
    """
    if briefing.actor(text) is not None:
        return Subject(Kind.ACTOR, text)
    symbols = named_symbols(briefing)
    if text in symbols:
        return Subject(Kind.ELEMENT, text)
    if text in tags(briefing):
        return Subject(Kind.TAG, text)
    folded = text.casefold()
    for symbol in sorted(symbols):
        info = BY_SYMBOL.get(symbol)
        if folded in (symbol.casefold(), info.name.casefold() if info else ""):
            return Subject(Kind.ELEMENT, symbol)
    named = actors_named_by(briefing, text)
    if len(named) == 1:
        return Subject(Kind.ACTOR, named[0])
    return None


def subject_label(briefing: Briefing, subject: Subject) -> str:
    """What to call ``subject`` in a heading: the actor's name, ``Dysprosium (Dy)``, the
    tag with spaces (``export controls``), else the id. Not sanitised: the caller shows
    it as text."""
    if subject.kind is Kind.ACTOR:
        actor = briefing.actor(subject.id)
        return actor.name if actor is not None else subject.id
    if subject.kind is Kind.ELEMENT:
        info = BY_SYMBOL.get(subject.id)
        return f"{info.name} ({subject.id})" if info is not None else subject.id
    if subject.kind is Kind.TAG:
        return subject.id.replace("-", " ")
    return subject.id


def actors_named_by(briefing: Briefing, text: str) -> list[str]:
    """Ids of the actors whose name or id has ``text`` as a whole word or run of words."""
    folded = text.casefold()
    return [actor.id for actor in briefing.actors if _names(actor.id, actor.name, folded)]


def _names(actor_id: str, name: str, folded: str) -> bool:
    words = " ".join(re.findall(r"\w+", name.casefold()))
    return f" {folded.replace('-', ' ')} " in f" {words} " or f"-{folded}-" in f"-{actor_id}-"
