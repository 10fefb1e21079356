"""What a diff holds: the fields, items and sections that changed between two versions.

Plain frozen dataclasses, made by ``briefing.core.diff.items`` and read by
``briefing.core.diff.render``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from briefing.core.digest import Plain
from briefing.core.model import Briefing

DIFF_FORMAT = 1
"""Version of the JSON shape; raised only when a field changes meaning or goes away."""

SectionName = Literal["key_points", "sources", "events", "elements", "actors", "quotes", "figures"]

SECTIONS: tuple[SectionName, ...] = (
    "key_points",
    "sources",
    "events",
    "elements",
    "actors",
    "quotes",
    "figures",
)
"""In the order a briefing file lists them."""

TOP_FIELDS = ("format", "id", "title", "subtitle", "as_of", "summary")
"""The briefing's own fields compared, in the order a briefing file lists them."""


@dataclass(frozen=True, slots=True)
class WordRun:
    """A run of words in a word-by-word comparison of two texts.

    ``kind`` is ``same`` (``old == new``), ``removed`` (``new`` is empty), ``added``
    (``old`` is empty) or ``replaced``; words are joined by single spaces.
    """

    kind: Literal["same", "removed", "added", "replaced"]
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field whose value differs.

    ``words`` compares two texts word by word (empty unless both values are text);
    ``added`` and ``removed`` are the entries gained and lost by a list field (both
    empty when only their order changed).
    """

    field: str
    old: Plain
    new: Plain
    words: tuple[WordRun, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ItemRef:
    """An item by id (a symbol for elements, the 1-based position for key points) and name."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class ItemChange:
    """An item found in both versions whose content differs: its id (as ``ItemRef``'s),
    its name in the new version, and each field that differs, in the model's order."""

    id: str
    name: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class Rename:
    """An item whose id changed while its content stayed the same: the id in the old
    version, the id in the new one, and its name."""

    old_id: str
    new_id: str
    name: str


@dataclass(frozen=True, slots=True)
class SectionDiff:
    """What changed in one section. Added and changed items are in the new version's
    order, removed ones in the old version's; ``reordered`` says whether the items
    found in both versions come in another order."""

    section: SectionName
    added: tuple[ItemRef, ...] = ()
    removed: tuple[ItemRef, ...] = ()
    changed: tuple[ItemChange, ...] = ()
    renamed: tuple[Rename, ...] = ()
    reordered: bool = False

    @property
    def empty(self) -> bool:
        """True when nothing in the section changed, its order included."""
        return not (self.added or self.removed or self.changed or self.renamed or self.reordered)


@dataclass(frozen=True, slots=True)
class BriefingDiff:
    """Everything that changed from ``old`` to ``new``: the top-level fields that differ
    (in ``TOP_FIELDS`` order) and one ``SectionDiff`` per section."""

    old: Briefing
    new: Briefing
    top: tuple[FieldChange, ...]
    sections: tuple[SectionDiff, ...]
    """One per name in ``SECTIONS``, in that order, empty or not."""

    @property
    def identical(self) -> bool:
        """True when nothing changed at all: exactly when ``old == new``."""
        return not self.top and all(section.empty for section in self.sections)

    def section(self, name: SectionName) -> SectionDiff:
        """What changed in the section called ``name`` (one of ``SECTIONS``)."""
        return self.sections[SECTIONS.index(name)]

    def counts(self) -> dict[str, int]:
        """Items added, removed, changed and renamed over all sections (key points included)."""
        return {
            "added": sum(len(section.added) for section in self.sections),
            "removed": sum(len(section.removed) for section in self.sections),
            "changed": sum(len(section.changed) for section in self.sections),
            "renamed": sum(len(section.renamed) for section in self.sections),
        }
