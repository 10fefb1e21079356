"""What changed between two versions of a briefing, by section and item id.

``diff_briefings(old, new)`` compares the top-level fields (id, title, subtitle, as-of
date, summary), the key points, and every section whose items have an id (sources,
events, actors, quotes, figures) or a symbol (elements). Within a section an item is
*added*, *removed*, *changed* (which fields, old and new, word by word for text) or
*renamed*: an id that disappeared while an item with another id but the very same
content appeared. The work is linear in the size of the briefings: items are matched
through dicts by id, and content digests (see ``item_digest``) are made only for the
items added or removed, to find renames.

Two renderings: ``diff_markdown`` (CommonMark with GFM strikethrough, briefing text
escaped as in the one-page brief) and ``diff_data`` (JSON-ready, the shape described in
``diff_data``'s docstring, stable for tools).

Modules: ``changes`` (what a diff holds), ``sequences`` (two sequences compared entry by
entry: the words of a text, the key points), ``items`` (items matched by id and content),
``since`` (a briefing cut down to what is new), ``render`` (Markdown and JSON).
"""

from __future__ import annotations

from briefing.core.diff.changes import (
    DIFF_FORMAT,
    SECTIONS,
    TOP_FIELDS,
    BriefingDiff,
    FieldChange,
    ItemChange,
    ItemRef,
    Rename,
    SectionDiff,
    SectionName,
    WordRun,
)
from briefing.core.diff.items import diff_briefings, item_name
from briefing.core.diff.render import diff_data, diff_markdown
from briefing.core.diff.sequences import opcodes, word_runs
from briefing.core.diff.since import whats_new

__all__ = [
    "DIFF_FORMAT",
    "SECTIONS",
    "TOP_FIELDS",
    "BriefingDiff",
    "FieldChange",
    "ItemChange",
    "ItemRef",
    "Rename",
    "SectionDiff",
    "SectionName",
    "WordRun",
    "diff_briefings",
    "diff_data",
    "diff_markdown",
    "item_name",
    "opcodes",
    "whats_new",
    "word_runs",
]
