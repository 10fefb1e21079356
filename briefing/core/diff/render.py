"""A diff written out: as JSON-ready data for tools, and as a Markdown document for people."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from briefing.core.diff.changes import (
    DIFF_FORMAT,
    BriefingDiff,
    FieldChange,
    SectionDiff,
    SectionName,
    WordRun,
)
from briefing.core.export.escaping import escape
from briefing.core.model import Briefing

_SECTION_TITLES: dict[SectionName, str] = {
    "key_points": "Key points",
    "sources": "Sources",
    "events": "Events",
    "elements": "Elements",
    "actors": "Actors",
    "quotes": "Quotes",
    "figures": "Figures",
}

# --- JSON ----------------------------------------------------------------------------------


def _field_data(change: FieldChange) -> dict[str, Any]:
    return {
        "field": change.field,
        "old": change.old,
        "new": change.new,
        "words": [{"kind": run.kind, "old": run.old, "new": run.new} for run in change.words],
        "added": list(change.added),
        "removed": list(change.removed),
    }


def diff_data(diff: BriefingDiff, old_file: str, new_file: str) -> dict[str, Any]:
    """The diff as JSON-ready data, in this shape (every key always present)::

        {"diff_format": 1, "identical": bool,
         "old": {"file", "id", "title", "as_of"}, "new": {same},
         "counts": {"added", "removed", "changed", "renamed"},
         "top": [FIELD...],
         "sections": {NAME: {"added": [ITEM...], "removed": [ITEM...],
                             "changed": [{"id", "name", "fields": [FIELD...]}...],
                             "renamed": [{"old_id", "new_id", "name"}...],
                             "reordered": bool}}}

    NAME is each of ``SECTIONS``; ITEM is ``{"id", "name"}`` (a key point's id is its
    1-based position); FIELD is ``{"field", "old", "new", "words", "added", "removed"}``,
    where ``old`` and ``new`` are text, a list of texts or null, ``words`` is a list of
    ``{"kind": "same"|"removed"|"added"|"replaced", "old", "new"}`` for text, and
    ``added``/``removed`` list the entries a list field gained and lost.
    """

    def side(briefing: Briefing, file: str) -> dict[str, str]:
        return {
            "file": file,
            "id": briefing.id,
            "title": briefing.title,
            "as_of": briefing.as_of.isoformat(),
        }

    return {
        "diff_format": DIFF_FORMAT,
        "identical": diff.identical,
        "old": side(diff.old, old_file),
        "new": side(diff.new, new_file),
        "counts": diff.counts(),
        "top": [_field_data(change) for change in diff.top],
        "sections": {
            section.section: {
                "added": [{"id": ref.id, "name": ref.name} for ref in section.added],
                "removed": [{"id": ref.id, "name": ref.name} for ref in section.removed],
                "changed": [
                    {
                        "id": item.id,
                        "name": item.name,
                        "fields": [_field_data(change) for change in item.fields],
                    }
                    for item in section.changed
                ],
                "renamed": [
                    {"old_id": rename.old_id, "new_id": rename.new_id, "name": rename.name}
                    for rename in section.renamed
                ],
                "reordered": section.reordered,
            }
            for section in diff.sections
        },
    }


# --- Markdown ------------------------------------------------------------------------------

_CONTEXT_WORDS = 4
"""Unchanged words shown on each side of a change in a long text."""


def _trimmed(words: str, *, first: bool, last: bool) -> str:
    """Unchanged words, cut to a few on each side of the changes around them."""
    parts = words.split(" ")
    keep = _CONTEXT_WORDS
    if first and last:
        return escape(words)
    if first:
        return ("… " if len(parts) > keep else "") + escape(" ".join(parts[-keep:]))
    if last:
        return escape(" ".join(parts[:keep])) + (" …" if len(parts) > keep else "")
    if len(parts) > 2 * keep + 1:
        return f"{escape(' '.join(parts[:keep]))} … {escape(' '.join(parts[-keep:]))}"
    return escape(words)


def _inline_words(runs: Sequence[WordRun]) -> str:
    """Runs as one line: removed words struck through, added words in bold."""
    shown = []
    for index, run in enumerate(runs):
        if run.kind == "same":
            shown.append(_trimmed(run.old, first=index == 0, last=index == len(runs) - 1))
        elif run.kind == "removed":
            shown.append(f"~~{escape(run.old)}~~")
        elif run.kind == "added":
            shown.append(f"**{escape(run.new)}**")
        else:
            shown.append(f"~~{escape(run.old)}~~ → **{escape(run.new)}**")
    return " ".join(shown)


def _joined(values: Iterable[str]) -> str:
    return ", ".join(escape(value) or "(empty)" for value in values)


def _field_line(change: FieldChange) -> str:
    label = change.field.replace("_", " ")
    if isinstance(change.old, list) or isinstance(change.new, list):
        parts = []
        if change.added:
            parts.append(f"added {_joined(change.added)}")
        if change.removed:
            parts.append(f"removed {_joined(change.removed)}")
        return f"{label}: {'; '.join(parts) if parts else 'order changed'}"
    if change.old is None:
        return f"{label} (added): **{escape(change.new or '')}**"
    if change.new is None:
        return f"{label} (removed): ~~{escape(change.old)}~~"
    if not change.words or all(run.kind == "same" for run in change.words):
        # Only spacing changed: the words are equal.
        return f"{label}: spacing changed"
    return f"{label}: {_inline_words(change.words)}"


def _item_label(section: SectionName, ref_id: str, name: str) -> str:
    shown = escape(name) if name else "(untitled)"
    if section == "key_points":
        return f"{shown} (point {ref_id})"
    if section == "elements":
        return shown  # the name ends with the symbol, which is the element's id
    return f"{shown} (`{ref_id}`)"


def _section_lines(section: SectionDiff) -> Iterator[str]:
    title = _SECTION_TITLES[section.section]
    yield f"## {title}"
    if section.reordered:
        yield "The items found in both versions come in another order."
    groups: list[tuple[str, list[str]]] = [
        ("added", [_item_label(section.section, r.id, r.name) for r in section.added]),
        ("removed", [_item_label(section.section, r.id, r.name) for r in section.removed]),
        (
            "renamed",
            [
                f"`{r.old_id}` → `{r.new_id}`: {escape(r.name) or '(untitled)'}"
                for r in section.renamed
            ],
        ),
    ]
    for verb, lines in groups:
        if lines:
            yield f"### {title} {verb}"
            yield "\n".join(f"- {line}" for line in lines)
    if section.changed:
        yield f"### {title} changed"
        entries = []
        for item in section.changed:
            entry = [f"- {_item_label(section.section, item.id, item.name)}"]
            entry += [f"  - {_field_line(change)}" for change in item.fields]
            entries.append("\n".join(entry))
        yield "\n".join(entries)


def _summary_line(diff: BriefingDiff) -> str:
    counts = diff.counts()
    parts = [f"{count} {what}" for what, count in counts.items() if count]
    if diff.top:
        parts.append(f"{len(diff.top)} top-level field{'s' if len(diff.top) != 1 else ''} changed")
    return " · ".join(parts) if parts else "Only the order of items changed."


def diff_markdown(diff: BriefingDiff, old_file: str, new_file: str) -> str:
    """The diff as a Markdown document: a heading per section with changes, lists of the
    items added, removed, renamed and changed; ends with one newline."""
    blocks = [f"# Changes to {escape(diff.new.title)}"]
    blocks.append(
        f"From {escape(old_file)} (as of {diff.old.as_of.isoformat()}) "
        f"to {escape(new_file)} (as of {diff.new.as_of.isoformat()})."
    )
    if diff.identical:
        blocks.append("The two versions are identical.")
        return "\n\n".join(blocks) + "\n"
    blocks.append(_summary_line(diff))
    if diff.top:
        blocks.append("## Top level")
        blocks.append("\n".join(f"- {_field_line(change)}" for change in diff.top))
    for section in diff.sections:
        if not section.empty:
            blocks.extend(_section_lines(section))
    return "\n\n".join(blocks) + "\n"
