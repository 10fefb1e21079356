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
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from briefing.core.dates import PartialDate
from briefing.core.digest import Plain, item_digest, plain
from briefing.core.export.escaping import escape
from briefing.core.model import Briefing, Element, KeyPoint, Strict
from briefing.core.periodic import BY_SYMBOL
from briefing.core.text import sanitize_line

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

_SECTION_TITLES = {
    "key_points": "Key points",
    "sources": "Sources",
    "events": "Events",
    "elements": "Elements",
    "actors": "Actors",
    "quotes": "Quotes",
    "figures": "Figures",
}


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
    id: str
    name: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class Rename:
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
        return not (self.added or self.removed or self.changed or self.renamed or self.reordered)


@dataclass(frozen=True, slots=True)
class BriefingDiff:
    old: Briefing
    new: Briefing
    top: tuple[FieldChange, ...]
    sections: tuple[SectionDiff, ...]
    """One per name in ``SECTIONS``, in that order, empty or not."""

    @property
    def identical(self) -> bool:
        return not self.top and all(section.empty for section in self.sections)

    def section(self, name: SectionName) -> SectionDiff:
        return self.sections[SECTIONS.index(name)]

    def counts(self) -> dict[str, int]:
        """Items added, removed, changed and renamed over all sections (key points included)."""
        return {
            "added": sum(len(section.added) for section in self.sections),
            "removed": sum(len(section.removed) for section in self.sections),
            "changed": sum(len(section.changed) for section in self.sections),
            "renamed": sum(len(section.renamed) for section in self.sections),
        }


# --- values --------------------------------------------------------------------------------


def item_name(item: Strict) -> str:
    """What an item is called: its title, name, label or text; an element's name and symbol."""
    if isinstance(item, Element):
        info = BY_SYMBOL.get(item.symbol)
        return f"{info.name} ({item.symbol})" if info else item.symbol
    for attribute in ("title", "name", "label", "text"):
        value = getattr(item, attribute, None)
        if isinstance(value, str):
            return sanitize_line(value)
    return ""


def _key(item: Strict) -> str:
    return item.symbol if isinstance(item, Element) else str(getattr(item, "id"))  # noqa: B009


# --- comparing -----------------------------------------------------------------------------

_WORD = re.compile(r"\S+")

MATCH_BUDGET = 40_000
"""Largest product of two lengths given whole to ``difflib.SequenceMatcher``, whose time
grows with that product, and more where entries repeat."""
PAIR_BUDGET = 1_000
"""Largest number of equal pairs (an entry of one side equal to one of the other) given
whole to the matcher: it looks at them again for each match it finds."""

_ANCHOR_DEPTH = 3
"""How many times the stretches between anchors are searched for anchors of their own."""

Opcode = tuple[str, int, int, int, int]
"""``(tag, i1, i2, j1, j2)``, as ``difflib.SequenceMatcher.get_opcodes`` gives them."""


def _anchors(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int]]:
    """Positions ``(i, j)`` of entries found exactly once in ``a`` and once in ``b``: the
    longest chain of them in the same order on both sides (patience diff's anchors)."""
    count_a, count_b = Counter(a), Counter(b)
    where_b = {entry: j for j, entry in enumerate(b) if count_b[entry] == 1}
    pairs = [
        (i, where_b[entry]) for i, entry in enumerate(a) if count_a[entry] == 1 and entry in where_b
    ]
    # Longest increasing chain of j by patience sorting: O(n log n).
    tail_js: list[int] = []  # the smallest last j of a chain of each length
    tails: list[int] = []  # which pair ends that chain
    before = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        length = bisect.bisect_left(tail_js, j)
        if length:
            before[index] = tails[length - 1]
        if length == len(tails):
            tail_js.append(j)
            tails.append(index)
        else:
            tail_js[length], tails[length] = j, index
    chain = []
    index = tails[-1] if tails else -1
    while index >= 0:
        chain.append(pairs[index])
        index = before[index]
    return chain[::-1]


def _equal_pairs(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """How many pairs of an entry of ``a`` and an equal entry of ``b`` there are."""
    count_b = Counter(b)
    return sum(count_b[entry] for entry in a)


def _matched(
    a: Sequence[Hashable], b: Sequence[Hashable], i: int, j: int, depth: int
) -> Iterator[Opcode]:
    """Opcodes for ``a`` against ``b``, offset by ``i`` and ``j``, not yet merged."""
    if not a or not b:
        if a or b:
            yield ("delete" if a else "insert", i, i + len(a), j, j + len(b))
        return
    pairs = _equal_pairs(a, b) if len(a) * len(b) <= MATCH_BUDGET else PAIR_BUDGET + 1
    if pairs == 0:
        yield ("replace", i, i + len(a), j, j + len(b))  # as the matcher would say it
        return
    if pairs <= PAIR_BUDGET:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            yield tag, i + i1, i + i2, j + j1, j + j2
        return
    same = 0  # the common start and end cost nothing to keep
    while same < min(len(a), len(b)) and a[same] == b[same]:
        same += 1
    end = 0
    while end < min(len(a), len(b)) - same and a[-1 - end] == b[-1 - end]:
        end += 1
    if same or end:
        yield ("equal", i, i + same, j, j + same)
        yield from _matched(
            a[same : len(a) - end], b[same : len(b) - end], i + same, j + same, depth
        )
        yield ("equal", i + len(a) - end, i + len(a), j + len(b) - end, j + len(b))
        return
    anchors = _anchors(a, b) if depth < _ANCHOR_DEPTH else []
    if not anchors:
        # Nothing to hold on to: compare each half with its counterpart.
        half_a, half_b = len(a) // 2, len(b) // 2
        yield from _matched(a[:half_a], b[:half_b], i, j, _ANCHOR_DEPTH)
        yield from _matched(a[half_a:], b[half_b:], i + half_a, j + half_b, _ANCHOR_DEPTH)
        return
    last_a = last_b = 0
    for anchor_a, anchor_b in [*anchors, (len(a), len(b))]:
        gap_a, gap_b = a[last_a:anchor_a], b[last_b:anchor_b]
        yield from _matched(gap_a, gap_b, i + last_a, j + last_b, depth + 1)
        if anchor_a < len(a):
            yield ("equal", i + anchor_a, i + anchor_a + 1, j + anchor_b, j + anchor_b + 1)
        last_a, last_b = anchor_a + 1, anchor_b + 1


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """How to turn ``a`` into ``b``: the opcodes ``difflib.SequenceMatcher(None, a, b,
    autojunk=False).get_opcodes()`` gives, exactly those when the two are short (within
    ``MATCH_BUDGET`` and ``PAIR_BUDGET``).

    Longer sequences keep their common start and end, and are cut at their anchors:
    entries found once on each side, in the same order (as patience diff does). Each
    stretch between anchors is compared alone, and one with no anchors half against half.
    The work then grows about linearly with ``len(a) + len(b)`` (times a logarithm at
    worst), where the matcher alone can take their product or more. Consecutive changes
    are merged, so an ``equal`` and a change alternate as in the matcher's output.
    """
    merged: list[Opcode] = []
    for tag, i1, i2, j1, j2 in _matched(a, b, 0, 0, 0):
        if i1 == i2 and j1 == j2:
            continue
        if merged and (merged[-1][0] == "equal") == (tag == "equal"):
            _, start_a, _, start_b, _ = merged.pop()
            i1, j1 = start_a, start_b
            if tag != "equal":
                tag = "replace" if i1 < i2 and j1 < j2 else ("delete" if i1 < i2 else "insert")
        merged.append((tag, i1, i2, j1, j2))
    return merged


def word_runs(old: str, new: str) -> tuple[WordRun, ...]:
    """``old`` and ``new`` compared word by word (words are runs of non-space characters)."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    runs = []
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        before, after = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag == "equal":
            runs.append(WordRun("same", before, after))
        elif tag == "delete":
            runs.append(WordRun("removed", before, ""))
        elif tag == "insert":
            runs.append(WordRun("added", "", after))
        else:
            runs.append(WordRun("replaced", before, after))
    return tuple(runs)


def _field_change(name: str, old_value: object, new_value: object) -> FieldChange:
    old, new = plain(old_value), plain(new_value)
    if isinstance(old, list) or isinstance(new, list):
        before, after = Counter(old or []), Counter(new or [])
        return FieldChange(
            name,
            old,
            new,
            added=tuple((after - before).elements()),
            removed=tuple((before - after).elements()),
        )
    return FieldChange(name, old, new, words=word_runs(old or "", new or ""))


def _field_changes(old: Strict, new: Strict, names: Iterable[str]) -> tuple[FieldChange, ...]:
    changes = []
    for name in names:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(_field_change(name, before, after))
    return tuple(changes)


def _compare_items(name: SectionName, old: Sequence[Strict], new: Sequence[Strict]) -> SectionDiff:
    old_by_key = {_key(item): item for item in old}
    new_by_key = {_key(item): item for item in new}
    changed = []
    for item in new:
        before = old_by_key.get(_key(item))
        if before is not None and before != item:
            names = [spec.name for spec in fields(item)]  # type: ignore[arg-type]
            changes = _field_changes(before, item, names)
            changed.append(ItemChange(_key(item), item_name(item), changes))
    added = [item for item in new if _key(item) not in old_by_key]
    removed = [item for item in old if _key(item) not in new_by_key]
    renamed = []
    if added and removed and name != "elements":
        # Content digests only for the unmatched items: a rename is an id gone and the
        # same content back under another id.
        gone: dict[str, list[Strict]] = {}
        for item in removed:
            gone.setdefault(item_digest(item, without_id=True), []).append(item)
        still_added = []
        for item in added:
            candidates = gone.get(item_digest(item, without_id=True))
            if candidates:
                before = candidates.pop(0)
                renamed.append(Rename(_key(before), _key(item), item_name(item)))
            else:
                still_added.append(item)
        renamed_from = {rename.old_id for rename in renamed}
        added = still_added
        removed = [item for item in removed if _key(item) not in renamed_from]
    common_old = [key for key in old_by_key if key in new_by_key]
    common_new = [key for key in new_by_key if key in old_by_key]
    return SectionDiff(
        name,
        added=tuple(ItemRef(_key(item), item_name(item)) for item in added),
        removed=tuple(ItemRef(_key(item), item_name(item)) for item in removed),
        changed=tuple(changed),
        renamed=tuple(renamed),
        reordered=common_old != common_new,
    )


def _compare_key_points(old: Sequence[KeyPoint], new: Sequence[KeyPoint]) -> SectionDiff:
    """Key points have no id: they are matched by content, in order (as ``diff`` matches
    lines); a point replaced in place is a change, with its position as its id."""
    steps = opcodes([item_digest(p) for p in old], [item_digest(p) for p in new])
    added: list[ItemRef] = []
    removed: list[ItemRef] = []
    changed: list[ItemChange] = []
    for tag, i1, i2, j1, j2 in steps:
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for offset in range(paired):
            before, after = old[i1 + offset], new[j1 + offset]
            names = [spec.name for spec in fields(after)]
            changes = _field_changes(before, after, names)
            changed.append(ItemChange(str(j1 + offset + 1), item_name(after), changes))
        removed += [ItemRef(str(i + 1), item_name(old[i])) for i in range(i1 + paired, i2)]
        added += [ItemRef(str(j + 1), item_name(new[j])) for j in range(j1 + paired, j2)]
    return SectionDiff("key_points", tuple(added), tuple(removed), tuple(changed))


def diff_briefings(old: Briefing, new: Briefing) -> BriefingDiff:
    """What changed from ``old`` to ``new``; ``identical`` exactly when ``old == new``."""
    top = _field_changes(old, new, TOP_FIELDS)
    sections = [_compare_key_points(old.key_points, new.key_points)]
    for name in SECTIONS[1:]:
        sections.append(_compare_items(name, getattr(old, name), getattr(new, name)))
    return BriefingDiff(old, new, top, tuple(sections))


# --- what is new -------------------------------------------------------------------------


def whats_new(old: Briefing, new: Briefing) -> Briefing:
    """``new`` cut down for a "what's new since ``old``" brief.

    The items added or changed since ``old`` are marked ``key`` and every other item is
    not, so the one-page brief (``briefing.core.export.build_brief``), which takes what
    is key, shows exactly them within its usual budget. Key points and elements (which
    the brief always shows) are only the new or changed ones. Renamed items are not new.
    Every event, actor and source stays, so references still resolve. The subtitle says
    since when, and how many items were added, changed and removed.
    """
    diff = diff_briefings(old, new)
    fresh = {
        section.section: {ref.id for ref in section.added} | {item.id for item in section.changed}
        for section in diff.sections
    }

    def marked(section: SectionName) -> list[Any]:
        return [replace(item, key=_key(item) in fresh[section]) for item in getattr(new, section)]

    counts = diff.counts()
    since = PartialDate.from_date(old.as_of).human()
    tally = f"{counts['added']} new, {counts['changed']} changed, {counts['removed']} removed"
    return replace(
        new,
        subtitle=f"What's new since {since}: {tally}",
        key_points=[
            point
            for index, point in enumerate(new.key_points, 1)
            if str(index) in fresh["key_points"]
        ],
        events=marked("events"),
        elements=[element for element in new.elements if element.symbol in fresh["elements"]],
        actors=marked("actors"),
        quotes=marked("quotes"),
        figures=marked("figures"),
    )


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
