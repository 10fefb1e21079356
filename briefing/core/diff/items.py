"""Items matched between two versions: by id (a symbol for elements), by content for key
points and for renamed items, and compared field by field."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import fields

from briefing.core.diff.changes import (
    SECTIONS,
    TOP_FIELDS,
    BriefingDiff,
    FieldChange,
    ItemChange,
    ItemRef,
    Rename,
    SectionDiff,
    SectionName,
)
from briefing.core.diff.sequences import opcodes, word_runs
from briefing.core.digest import item_digest, plain
from briefing.core.model import Briefing, Element, KeyPoint, Strict
from briefing.core.periodic import BY_SYMBOL
from briefing.core.text import sanitize_line


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


def item_key(item: Strict) -> str:
    """How a section names ``item``: its id, or its symbol for an element."""
    return item.symbol if isinstance(item, Element) else str(getattr(item, "id"))  # noqa: B009


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
    old_by_key = {item_key(item): item for item in old}
    new_by_key = {item_key(item): item for item in new}
    changed = []
    for item in new:
        before = old_by_key.get(item_key(item))
        if before is not None and before != item:
            names = [spec.name for spec in fields(item)]  # type: ignore[arg-type]
            changes = _field_changes(before, item, names)
            changed.append(ItemChange(item_key(item), item_name(item), changes))
    added = [item for item in new if item_key(item) not in old_by_key]
    removed = [item for item in old if item_key(item) not in new_by_key]
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
                renamed.append(Rename(item_key(before), item_key(item), item_name(item)))
            else:
                still_added.append(item)
        renamed_from = {rename.old_id for rename in renamed}
        added = still_added
        removed = [item for item in removed if item_key(item) not in renamed_from]
    common_old = [key for key in old_by_key if key in new_by_key]
    common_new = [key for key in new_by_key if key in old_by_key]
    return SectionDiff(
        name,
        added=tuple(ItemRef(item_key(item), item_name(item)) for item in added),
        removed=tuple(ItemRef(item_key(item), item_name(item)) for item in removed),
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
