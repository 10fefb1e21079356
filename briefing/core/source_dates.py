"""Which sources can support a claim dated D: those published on or after D.

A source published before an event cannot report it, so it cannot support a row of the
brief that states the event's date. Dates are compared at the coarser of the two
precisions (a source of ``2025-06`` can support an event of ``2025-06-20``). A date after
the briefing's ``as_of`` is scheduled: older sources announce it, so every source counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from briefing.core.dates import PartialDate
from briefing.core.model import Briefing

if TYPE_CHECKING:
    # The reader uses this module without PyYAML, which yamltree imports.
    from briefing.core.yamltree import Path as TreePath


def _precision(date: PartialDate) -> int:
    return 1 if date.month is None else 2 if date.day is None else 3


def _cut(date: PartialDate, precision: int) -> tuple[int, ...]:
    return date.sort_key[:precision]


def on_or_after(first: PartialDate, second: PartialDate) -> bool:
    """``first >= second`` at the coarser precision of the two."""
    precision = min(_precision(first), _precision(second))
    return _cut(first, precision) >= _cut(second, precision)


def scheduled(briefing: Briefing, date: PartialDate) -> bool:
    """Whether ``date`` is after the briefing's as-of date, at the coarser precision."""
    return not on_or_after(briefing.as_of_date, date)


def supporting(briefing: Briefing, source_ids: Iterable[str], date: PartialDate) -> list[str]:
    """The ids among ``source_ids`` that exist and can support a claim dated ``date``,
    in the order given, without repeats."""
    found = []
    every = scheduled(briefing, date)
    for source_id in dict.fromkeys(source_ids):
        source = briefing.source(source_id)
        if source is not None and (every or on_or_after(source.published, date)):
            found.append(source_id)
    return found


def events_citing_only_older_sources(
    briefing: Briefing,
) -> Iterator[tuple[TreePath, str, str | None]]:
    """A warning for each event, up to the as-of date, whose every source was published
    before the event's date: (path of its ``sources``, what is wrong, how to fix it)."""
    for index, event in enumerate(briefing.events):
        if scheduled(briefing, event.date) or supporting(briefing, event.sources, event.date):
            continue
        newest = max(
            (s.published for i in event.sources if (s := briefing.source(i)) is not None),
            key=lambda date: date.sort_key,
            default=None,
        )
        if newest is None:
            continue  # an undefined source is an error reported elsewhere
        yield (
            ("events", index, "sources"),
            f"event {event.id!r} is dated {event.date} but every source it cites was "
            f"published before that (the newest on {newest})",
            "cite a source published on or after the event, or correct its date",
        )
