"""What may go on a brief, and in which order it is dropped: candidates by section.

Each candidate is a ``Row``: the item, and the sources its line will cite. Sources are
decided here, once, by the rule of ``briefing.core.source_dates``: a row that states a
date cites only sources published on or after it. An event, quote or figure that states
a date no cited source can support is not a candidate at all (``validate`` warns about
such events).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from briefing.core.dates import PartialDate
from briefing.core.export.budget import SECTIONS, Section
from briefing.core.export.subject import Links, Subject, involving
from briefing.core.model import Actor, Briefing, Control, Element, Event, Figure, KeyPoint, Quote
from briefing.core.source_dates import supporting
from briefing.core.text import sanitize_line


@dataclass(frozen=True, slots=True)
class ElementGroup:
    """Elements that share a control status on the as-of date."""

    heading: str
    elements: tuple[Element, ...]
    sources: tuple[str, ...]
    """What supports the heading's claim: the sources of the events that brought in (or
    lifted) the controls, and of the elements, published on or after the stated date."""


Item = KeyPoint | Figure | Event | ElementGroup | Actor | Quote


@dataclass(frozen=True, slots=True)
class Row:
    """One candidate line of the brief and the source ids it cites."""

    section: Section
    item: Item
    sources: tuple[str, ...]


ItemKind = Literal["key point", "figure", "timeline event", "element group", "actor", "quote"]
"""What a left-out item is, in the words the command's notes use."""


@dataclass(frozen=True, slots=True)
class LeftOut:
    """An item a brief leaves out, or shortens: what kind it is, and its title as one
    line of plain text (an element group's heading and symbols)."""

    kind: ItemKind
    title: str

    def __str__(self) -> str:
        """``timeline event: <title>``."""
        return f"{self.kind}: {self.title}"


@dataclass
class Selection:
    """Candidate rows by section, each list in priority order (the last drops first)."""

    rows: dict[Section, list[Row]]
    unsupported: list[LeftOut] = field(default_factory=list)
    """Items left off because no source they cite can support the date they state."""


def describe(item: Item) -> LeftOut:
    """How the brief names an item it leaves out: ``LeftOut("timeline event", title)``."""
    if isinstance(item, KeyPoint):
        return LeftOut("key point", sanitize_line(item.text))
    if isinstance(item, Figure):
        return LeftOut("figure", sanitize_line(item.label))
    if isinstance(item, Event):
        return LeftOut("timeline event", sanitize_line(item.title))
    if isinstance(item, ElementGroup):
        symbols = ", ".join(element.symbol for element in item.elements)
        return LeftOut("element group", f"{item.heading[0].lower()}{item.heading[1:]} ({symbols})")
    if isinstance(item, Actor):
        return LeftOut("actor", sanitize_line(item.name))
    return LeftOut("quote", sanitize_line(item.text))


def control_status(
    element: Element, on: PartialDate
) -> tuple[int, PartialDate | None, str, list[Control]]:
    """(rank, date, heading, controls) of an element's control status on a date.

    Ranks: 0 under control (dated by the earliest control in force), 1 announced,
    2 lifted or paused, 3 never controlled.
    """
    in_force = [control for control in element.controls if control.in_force(on)]
    if in_force:
        since = min((control.since for control in in_force), key=lambda date: date.sort_key)
        return 0, since, f"Under export control since {since.human()}", in_force
    coming = [control for control in element.controls if control.since > on]
    if coming:
        start = min((control.since for control in coming), key=lambda date: date.sort_key)
        return 1, start, f"Export control announced, from {start.human()}", coming
    ended = [control for control in element.controls if control.until is not None]
    if ended:
        until = max(
            (control.until for control in ended if control.until), key=lambda date: date.sort_key
        )
        return 2, until, f"Control lifted or paused, {until.human()}", ended
    return 3, None, "Not under control", []


def _control_sources(briefing: Briefing, rank: int, control: Control) -> list[str]:
    # A lifted control is supported by what lifted it, never by what brought it in.
    event_id = control.until_event if rank == 2 else control.event
    event = briefing.event(event_id) if event_id is not None else None
    return list(event.sources) if event is not None else []


def element_groups(briefing: Briefing, elements: Iterable[Element]) -> list[ElementGroup]:
    """Elements grouped by control status on the as-of date, in priority order.

    The most recent controls come first, then controls announced (what changes next
    matters more to a reader than how long older controls have held), then older
    controls, then lifted or paused, then never controlled.
    """
    on = briefing.as_of_date
    members: dict[str, list[Element]] = {}
    cited: dict[str, list[str]] = {}
    ranks: dict[str, tuple[int, tuple[int, int, int]]] = {}
    dates: dict[str, PartialDate | None] = {}
    for element in elements:
        rank, date, heading, controls = control_status(element, on)
        if not briefing.has_controls:
            heading = "Discussed"  # a briefing need not be about controls
        members.setdefault(heading, []).append(element)
        sources = cited.setdefault(heading, [])
        for control in controls:
            sources += _control_sources(briefing, rank, control)
        sources += element.sources
        year, month, day = date.sort_key if date else (0, 0, 0)
        ranks[heading] = (rank, (-year, -month, -day) if rank < 2 else (year, month, day))
        dates[heading] = date
    order = sorted(members, key=ranks.__getitem__)
    in_force = [heading for heading in order if ranks[heading][0] == 0]
    announced = [heading for heading in order if ranks[heading][0] == 1]
    rest = [heading for heading in order if ranks[heading][0] > 1]
    groups = []
    for heading in in_force[:1] + announced + in_force[1:] + rest:
        date = dates[heading]
        sources = supporting(briefing, cited[heading], date) if date is not None else []
        groups.append(ElementGroup(heading, tuple(members[heading]), tuple(sources)))
    return groups


def _rank_events(links: Links, events: Iterable[Event]) -> list[Event]:
    """Key events first, then those that brought in a control, then the best sourced;
    the most recent first among equals."""
    recent = sorted(events, key=lambda event: event.date.sort_key, reverse=True)
    return sorted(
        recent,
        key=lambda e: (not e.key, e.id not in links.control_events, -len(e.sources)),
    )


def _quote_order(quotes: Iterable[Quote]) -> list[Quote]:
    def key(quote: Quote) -> tuple[bool, tuple[int, int, int]]:
        return (quote.key, quote.date.sort_key if quote.date else (0, 0, 0))

    return sorted(quotes, key=key, reverse=True)


def _rank_actors(links: Links, actors: Iterable[Actor], events: Sequence[Event]) -> list[Actor]:
    """Key actors first; then those in more of ``events``, then in more of the briefing's
    events and quotes."""
    chosen: dict[str, int] = {}
    for event in events:
        for actor_id in dict.fromkeys(event.actors):
            chosen[actor_id] = chosen.get(actor_id, 0) + 1
    listed = list(actors)
    order = {actor.id: index for index, actor in enumerate(listed)}
    return sorted(
        listed,
        key=lambda a: (not a.key, -chosen.get(a.id, 0), -links.appearances(a.id), order[a.id]),
    )


def _actor_sources(links: Links, actor: Actor, ids: set[str]) -> list[str]:
    """The actor's own sources, else those of the candidate events (``ids``) that show its
    role, else of its most recent events and quotes. Fixed per brief, whatever is dropped."""
    if actor.sources:
        return list(actor.sources)
    own = links.events_of_actor.get(actor.id, [])
    shown = [event.sources[0] for event in own if event.id in ids]
    if not shown:
        recent = sorted(own, key=lambda event: event.date.sort_key, reverse=True)
        shown = [event.sources[0] for event in recent]
        shown += [quote.source for quote in links.quotes_of_speaker.get(actor.id, [])]
    return list(dict.fromkeys(shown))[:2]


def _candidates(
    briefing: Briefing,
    links: Links,
    key_points: Iterable[KeyPoint],
    figures: Iterable[Figure],
    events: Iterable[Event],
    elements: Iterable[Element],
    actors: Iterable[Actor],
    quotes: Iterable[Quote],
) -> Selection:
    unsupported: list[LeftOut] = []

    def dated(
        section: Section,
        item: Event | Quote | Figure,
        date: PartialDate | None,
        sources: Sequence[str],
    ) -> Row | None:
        cited = supporting(briefing, sources, date) if date is not None else list(sources)
        if cited or not sources:
            return Row(section, item, tuple(cited))
        unsupported.append(describe(item))
        return None

    event_rows = [
        row
        for event in _rank_events(links, events)
        if (row := dated("events", event, event.date, event.sources)) is not None
    ]
    shown = [row.item for row in event_rows if isinstance(row.item, Event)]
    shown_ids = {event.id for event in shown}
    rows: dict[Section, list[Row]] = {
        "key_points": [Row("key_points", point, tuple(point.sources)) for point in key_points],
        "figures": [
            row
            for figure in figures
            if (row := dated("figures", figure, figure.date, [figure.source])) is not None
        ],
        "events": event_rows,
        "elements": [
            Row("elements", group, group.sources) for group in element_groups(briefing, elements)
        ],
        "actors": [
            Row("actors", actor, tuple(_actor_sources(links, actor, shown_ids)))
            for actor in _rank_actors(links, actors, shown)
        ],
        "quotes": [
            row
            for quote in _quote_order(quotes)
            if (row := dated("quotes", quote, quote.date, [quote.source])) is not None
        ],
    }
    assert set(rows) == set(SECTIONS)
    return Selection(rows, unsupported)


def select_all(briefing: Briefing, links: Links) -> Selection:
    """Every key item of the briefing (key points and elements always)."""
    return _candidates(
        briefing,
        links,
        briefing.key_points,
        [figure for figure in briefing.figures if figure.key],
        (event for event in briefing.events if event.key),
        briefing.elements,
        (actor for actor in briefing.actors if actor.key),
        (quote for quote in briefing.quotes if quote.key),
    )


def select_about(briefing: Briefing, links: Links, subject: Subject) -> Selection:
    """Everything that involves ``subject``, key or not; key figures first."""
    involved = involving(briefing, subject)
    return _candidates(
        briefing,
        links,
        involved.key_points,
        sorted(involved.figures, key=lambda figure: not figure.key),
        involved.events,
        involved.elements,
        involved.actors,
        involved.quotes,
    )
