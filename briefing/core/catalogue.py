"""What a library lists: one ``Entry`` per file, each valid one with its ``Summary``.

The library screen and ``ssh HOST list`` need only this much of each briefing; the
briefing itself is had from a ``Shelf`` when one is opened. Two shelves exist:
``briefing.core.library.Library``, which validates a folder itself, and
``briefing.serve.snapshot.ServedLibrary``, the catalogue a server made for one session,
read without validating anything. Imports neither the loader nor the model, so a served
reader lists its library without either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from briefing.core.suggest import closest

if TYPE_CHECKING:
    from briefing.core.model import Briefing


class LibraryError(Exception):
    """A folder that cannot be used as a library; ``str()`` is one line saying why."""


@dataclass(frozen=True, slots=True)
class Summary:
    """What a list of briefings shows of a valid one: its id, title and as-of date, and how
    many events and quotes it holds."""

    id: str
    title: str
    as_of: date
    events: int
    quotes: int

    @classmethod
    def of(cls, briefing: Briefing) -> Summary:
        """The summary of a validated ``briefing``."""
        return cls(
            briefing.id, briefing.title, briefing.as_of, len(briefing.events), len(briefing.quotes)
        )


@dataclass(frozen=True, slots=True)
class Entry:
    """One file of a library, as a person choosing what to read needs to see it.

    ``briefing`` summarises the version served (the file's current one, or the last valid
    one when an edit broke it); ``None`` when no version of it has ever validated. An entry
    whose id another file has too is listed (``clash``) but not served. ``problem`` is the
    file's first error, or the clash of ids, as ``FILE:LINE:COL: message``; an entry may
    have both a briefing and a problem.
    """

    path: Path
    briefing: Summary | None
    raw: bytes | None
    """The bytes of the version served, exactly as the file held them (None where the
    shelf does not keep them)."""
    problem: str | None = None
    clash: bool = False
    """Another file of the library has the same id."""
    validated: bytes | None = None
    """The version served, validated and pickled (None where the shelf does not keep it):
    a server hands it to its readers, so that they open it without validating."""

    @property
    def id(self) -> str | None:
        """The briefing's id, when a version of it validated."""
        return self.briefing.id if self.briefing is not None else None

    @property
    def servable(self) -> bool:
        """Whether the entry can be opened: a version validated and its id is its own."""
        return self.briefing is not None and not self.clash


@dataclass(frozen=True, slots=True)
class Catalogue:
    """What a library holds at one moment: entries in the order they are listed."""

    entries: tuple[Entry, ...]

    def servable(self) -> list[Entry]:
        """The entries that can be opened, in listed order."""
        return [entry for entry in self.entries if entry.servable]

    def ids(self) -> list[str]:
        """The ids that can be opened, in listed order."""
        return [entry.briefing.id for entry in self.servable() if entry.briefing is not None]

    def find(self, briefing_id: str) -> Entry | None:
        """The servable entry named ``briefing_id``, or None."""
        for entry in self.servable():
            if entry.id == briefing_id:
                return entry
        return None

    def suggestion(self, briefing_id: str) -> str | None:
        """The servable id closest to a mistyped ``briefing_id``, if any is close."""
        choices = {
            entry.briefing.id: (entry.briefing.title,)
            for entry in self.servable()
            if entry.briefing is not None
        }
        return closest(briefing_id, choices)


class Shelf(Protocol):
    """Where the library screen gets its briefings: the catalogue, and the briefing of an
    entry once it is opened."""

    def refresh(self) -> Catalogue:
        """The catalogue now; raises ``LibraryError`` when the library cannot be read."""
        ...

    def briefing(self, entry: Entry) -> Briefing:
        """The briefing of the servable ``entry``, in the version its catalogue listed;
        raises ``BriefingInvalid`` or ``BriefingUnreadable`` when it cannot be had."""
        ...
