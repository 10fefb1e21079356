"""Marks on items new or changed since the last visit (see ``briefing.core.readstate``)."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content

from briefing.core.readstate import Mark, ReadMarks

NEW_MARK = "+"
CHANGED_MARK = "~"
"""Glyphs as well as colours, so that the marks read without colour too."""

_STYLE = {"new": "bold $success", "changed": "bold $warning"}
_PREFIX = {
    "new": Content.styled(f"{NEW_MARK} ", _STYLE["new"]),
    "changed": Content.styled(f"{CHANGED_MARK} ", _STYLE["changed"]),
}
_BLANK = Content("  ")

MarkOf = Callable[[str], Mark | None]


def mark_lookup(marks: ReadMarks | None, section: str, listed: tuple[str, ...]) -> MarkOf | None:
    """How a list of the items of briefing ``section`` (``events``) finds an item's mark,
    or None when no item of the ``listed`` sections (every pane's) is marked."""
    if marks is None or not _any_listed(marks, listed):
        return None
    return lambda item_id: marks.mark(section, item_id)


def _any_listed(marks: ReadMarks, listed: tuple[str, ...]) -> bool:
    """Whether any item the panes list is marked (stops at the first: each pane asks)."""
    prefixes = _prefixes(listed)
    return any(key.startswith(prefixes) for key in marks.new) or any(
        key.startswith(prefixes) for key in marks.changed
    )


def _prefixes(listed: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{section}/" for section in listed)


def marked(prompt: Content, mark: Mark | None, spoken: bool = False) -> Content:
    """A row's text after its mark (two cells, blank when unmarked, so rows stay aligned);
    when ``spoken`` (for screen readers, which start a row at its words), the mark in
    words after the text: ``…, new``."""
    if spoken:
        return Content.assemble(prompt, (f", {mark}", _STYLE[mark])) if mark else prompt
    return Content.assemble(_PREFIX[mark] if mark is not None else _BLANK, prompt)


def _listed_counts(marks: ReadMarks, listed: tuple[str, ...]) -> tuple[int, int]:
    """(new, changed) among the items of the ``listed`` sections."""
    prefixes = _prefixes(listed)
    new = sum(key.startswith(prefixes) for key in marks.new)
    return new, sum(key.startswith(prefixes) for key in marks.changed)


def marks_label(marks: ReadMarks | None, listed: tuple[str, ...]) -> str:
    """What the header says: ``3 new · 1 changed`` (of the items of the ``listed``
    sections, those the panes list, which ``u`` steps through), ``first visit``, or
    nothing."""
    if marks is None:
        return ""
    if marks.first_visit:
        return "first visit"
    new, changed = _listed_counts(marks, listed)
    parts = [f"{new} new"] if new else []
    parts += [f"{changed} changed"] if changed else []
    return " · ".join(parts)
