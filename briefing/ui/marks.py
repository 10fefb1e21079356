"""Marks on items new or changed since the last visit (see ``briefing.core.readstate``)."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content

from briefing.core.involves import Kind
from briefing.core.readstate import Mark, ReadMarks

NEW_MARK = "+"
CHANGED_MARK = "~"
"""Glyphs as well as colours, so that the marks read without colour too."""

_PREFIX = {
    "new": Content.styled(f"{NEW_MARK} ", "bold $success"),
    "changed": Content.styled(f"{CHANGED_MARK} ", "bold $warning"),
}
_BLANK = Content("  ")

SECTIONS = {
    Kind.EVENT: "events",
    Kind.ELEMENT: "elements",
    Kind.ACTOR: "actors",
    Kind.QUOTE: "quotes",
}
"""The briefing section each pane's kind of item comes from."""

MarkOf = Callable[[str], Mark | None]


def mark_lookup(marks: ReadMarks | None, kind: Kind) -> MarkOf | None:
    """How a list finds an item's mark, or None when nothing in the briefing is marked."""
    section = SECTIONS.get(kind)
    if marks is None or section is None or not _any_listed(marks):
        return None
    return lambda item_id: marks.mark(section, item_id)


def _any_listed(marks: ReadMarks) -> bool:
    """Whether any item the panes list is marked (stops at the first: each pane asks)."""
    listed = _listed_sections()
    return any(key.startswith(listed) for key in marks.new) or any(
        key.startswith(listed) for key in marks.changed
    )


def _listed_sections() -> tuple[str, ...]:
    return tuple(f"{section}/" for section in SECTIONS.values())


def marked(prompt: Content, mark: Mark | None) -> Content:
    """A row's text after its mark (two cells, blank when unmarked, so rows stay aligned)."""
    return Content.assemble(_PREFIX[mark] if mark is not None else _BLANK, prompt)


def _listed_counts(marks: ReadMarks) -> tuple[int, int]:
    """(new, changed) among the items the panes list."""
    listed = _listed_sections()
    new = sum(key.startswith(listed) for key in marks.new)
    return new, sum(key.startswith(listed) for key in marks.changed)


def marks_label(marks: ReadMarks | None) -> str:
    """What the header says: ``3 new · 1 changed`` (of the items the panes list, which
    ``u`` steps through), ``first visit``, or nothing."""
    if marks is None:
        return ""
    if marks.first_visit:
        return "first visit"
    new, changed = _listed_counts(marks)
    parts = [f"{new} new"] if new else []
    parts += [f"{changed} changed"] if changed else []
    return " · ".join(parts)
