"""The briefing format, version 1: what a briefing holds, as frozen dataclasses.

The field types (``Slug``, ``Text``, ``DateText`` ...) carry the format's rules as pydantic
annotations, defined in ``briefing.core.rules``. This module does not import pydantic: the
reader receives briefings that were validated in another process and starts without it.
The annotations name those types for type checkers only; ``typing.get_type_hints`` on
these classes needs ``localns=rules.FIELD_TYPES`` (``briefing.core.validation`` gives
pydantic the same names).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, ClassVar

from briefing.core.dates import PartialDate
from briefing.core.references import refers_to

if TYPE_CHECKING:
    from briefing.core.rules import (
        BottomLine,
        DateText,
        Flag,
        FormatVersion,
        FullDate,
        NonEmpty,
        Slug,
        Symbol,
        Text,
        Url,
    )

FORMAT_VERSION = 1


class ActorKind(StrEnum):
    """What an actor is: the values an actor's kind may take."""

    PERSON = "person"
    GOVERNMENT = "government"
    AGENCY = "agency"
    COMPANY = "company"
    ORGANISATION = "organisation"
    THINK_TANK = "think-tank"
    MEDIA = "media"
    COUNTRY = "country"
    GROUP = "group"


class Strict:
    """Base for every part of a briefing: unknown keys are errors (read by pydantic).

    The parts have slots, not a dict each: a big briefing takes a third less memory in
    the reader.
    """

    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}


@cache
def _names(kind: type) -> tuple[str, ...]:
    return tuple(item.name for item in fields(kind))


def field_values(item: Strict) -> tuple[Any, ...]:
    """Every field's value of ``item``, in the order the class declares its fields."""
    kind: type = item.__class__
    return tuple(getattr(item, name) for name in _names(kind))


@dataclass(frozen=True, kw_only=True, slots=True)
class KeyPoint(Strict):
    """One point of the bottom line, with the sources that support it, and the elements
    and actors it is about (see ``briefing.core.involves``)."""

    text: Text
    sources: NonEmpty[Slug] = field(metadata=refers_to("sources"))
    elements: tuple[Symbol, ...] = field(default=(), metadata=refers_to("elements"))
    actors: tuple[Slug, ...] = field(default=(), metadata=refers_to("actors"))


@dataclass(frozen=True, kw_only=True, slots=True)
class Source(Strict):
    """An article the briefing was curated from."""

    id: Slug
    publisher: Text
    title: Text
    published: DateText
    author: Text | None = None
    url: Url | None = None
    article: Text | None = None
    """File name of the original article the source was curated from."""
    note: Text | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Event(Strict):
    """Something that happened on a date (or in a month or year), with its sources."""

    id: Slug
    date: DateText
    title: Text
    summary: Text
    sources: NonEmpty[Slug] = field(metadata=refers_to("sources"))
    actors: list[Slug] = field(default_factory=list, metadata=refers_to("actors"))
    elements: list[Symbol] = field(default_factory=list, metadata=refers_to("elements"))
    tags: list[Slug] = field(default_factory=list)
    key: Flag = False
    note: Text | None = None


@dataclass(frozen=True, kw_only=True, slots=True)
class Control(Strict):
    """One export control on an element: from when, what it requires, until when."""

    since: DateText
    measure: Text
    event: Slug | None = field(default=None, metadata=refers_to("events"))
    """The event that brought the control in (or announced it)."""
    until: DateText | None = None
    until_event: Slug | None = field(default=None, metadata=refers_to("events"))
    """The event that lifted or paused the control on ``until``: the brief cites its
    sources for a lifted control."""

    def in_force(self, on: PartialDate, *, as_of: PartialDate | None = None) -> bool:
        """Whether the control applies on the date ``on``.

        ``as_of`` is the briefing's own date. A control that starts after it is never in
        force, on any date: the briefing's sources predate it and cannot confirm that it took
        effect, so it stays a control to come (see ``starts_after``). ``None`` sets no such
        limit. ``until`` is the first day the control no longer applies.
        """
        return (
            self.since <= on
            and not self.starts_after(as_of)
            and (self.until is None or not self.until <= on)
        )

    def starts_after(self, as_of: PartialDate | None) -> bool:
        """Whether the control is due to start after ``as_of``, the briefing's date.

        Such a control is only announced: the reader shows it as to come on every date.
        A partial ``since`` (``2025-11``) counts as the start of its month or year.
        """
        return as_of is not None and as_of < self.since


@dataclass(frozen=True, kw_only=True, slots=True)
class Element(Strict):
    """A chemical element the briefing discusses, and the controls placed on it."""

    symbol: Symbol
    category: Slug | None = None
    uses: list[Text] = field(default_factory=list)
    note: Text | None = None
    sources: list[Slug] = field(default_factory=list, metadata=refers_to("sources"))
    controls: list[Control] = field(default_factory=list)

    def controlled_on(self, on: PartialDate, *, as_of: PartialDate | None = None) -> bool:
        """Whether any control is in force on ``on``; ``as_of`` as in ``Control.in_force``."""
        return any(control.in_force(on, as_of=as_of) for control in self.controls)

    def ever_controlled(self) -> bool:
        """True when the briefing lists any control on the element, in force or not."""
        return bool(self.controls)


@dataclass(frozen=True, kw_only=True, slots=True)
class Actor(Strict):
    """A person, government, company or other body that acts or speaks in the briefing."""

    id: Slug
    name: Text
    kind: ActorKind
    role: Text | None = None
    affiliation: Slug | None = field(default=None, metadata=refers_to("actors"))
    country: Text | None = None
    sources: list[Slug] = field(default_factory=list, metadata=refers_to("sources"))
    key: Flag = False


@dataclass(frozen=True, kw_only=True, slots=True)
class Quote(Strict):
    """Words an actor said, verbatim, with the source that reports them, and the elements
    and other actors the words are about (the speaker counts without being listed)."""

    id: Slug
    text: Text
    speaker: Slug = field(metadata=refers_to("actors", "speaker"))
    source: Slug = field(metadata=refers_to("sources"))
    date: DateText | None = None
    context: Text | None = None
    elements: tuple[Symbol, ...] = field(default=(), metadata=refers_to("elements"))
    actors: tuple[Slug, ...] = field(default=(), metadata=refers_to("actors"))
    key: Flag = False


@dataclass(frozen=True, kw_only=True, slots=True)
class Figure(Strict):
    """A number the briefing reports, in the source's words, with its source, and the
    elements and actors it measures."""

    id: Slug
    value: Text
    label: Text
    source: Slug = field(metadata=refers_to("sources"))
    date: DateText | None = None
    elements: tuple[Symbol, ...] = field(default=(), metadata=refers_to("elements"))
    actors: tuple[Slug, ...] = field(default=(), metadata=refers_to("actors"))
    key: Flag = False


@dataclass(frozen=True, kw_only=True)
class Briefing(Strict):
    """One briefing file."""

    format: FormatVersion
    id: Slug
    title: Text
    subtitle: Text | None = None
    as_of: FullDate
    summary: BottomLine
    key_points: list[KeyPoint] = field(default_factory=list)
    sources: NonEmpty[Source]
    events: list[Event] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    @property
    def as_of_date(self) -> PartialDate:
        """``as_of`` as a full ``PartialDate``, to compare with item dates."""
        return PartialDate.from_date(self.as_of)

    # Look-ups by id, built on first use: the reader and the search follow references
    # thousands of times, and a scan per look-up made big briefings slow.
    @cached_property
    def _sources_by_id(self) -> dict[str, Source]:
        return {item.id: item for item in self.sources}

    @cached_property
    def _actors_by_id(self) -> dict[str, Actor]:
        return {item.id: item for item in self.actors}

    @cached_property
    def _elements_by_symbol(self) -> dict[str, Element]:
        return {item.symbol: item for item in self.elements}

    @cached_property
    def _events_by_id(self) -> dict[str, Event]:
        return {item.id: item for item in self.events}

    def source(self, source_id: str) -> Source | None:
        """The source with id ``source_id``, or None when there is none."""
        return self._sources_by_id.get(source_id)

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with id ``actor_id``, or None when there is none."""
        return self._actors_by_id.get(actor_id)

    def element(self, symbol: str) -> Element | None:
        """The element with ``symbol`` (as written, ``Dy``), or None when the briefing does not
        list it."""
        return self._elements_by_symbol.get(symbol)

    def event(self, event_id: str) -> Event | None:
        """The event with id ``event_id``, or None when there is none."""
        return self._events_by_id.get(event_id)

    @cached_property
    def has_controls(self) -> bool:
        """Whether any element has a control: without one, the reader and the brief say
        nothing of controls (a briefing need not be about them)."""
        return any(element.controls for element in self.elements)

    def events_in_order(self) -> list[Event]:
        """The events by date, oldest first; a partial date before the full dates of its period,
        and events of one date in file order."""
        return sorted(self.events, key=lambda event: event.date.sort_key)

    def controlled_on(self, on: PartialDate) -> list[Element]:
        """The elements under a control on ``on``, in briefing order.

        Controls due to start after the briefing's ``as_of`` are left out on every date,
        since its sources cannot confirm that they took effect.
        """
        as_of = self.as_of_date
        return [element for element in self.elements if element.controlled_on(on, as_of=as_of)]
