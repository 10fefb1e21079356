"""``validate``'s warning when the items marked key cannot all go on the one-page brief.

Key points are always key; events, figures, actors and quotes are key when marked
``key: true``. The brief is built as ``briefing export`` builds it; whatever it leaves
out of these is what does not fit, and the warning says how many of each kind fit.
"""

from __future__ import annotations

from collections.abc import Iterator

from briefing.core.export import build_brief
from briefing.core.export.budget import PAGE_BUDGET, Section
from briefing.core.model import Briefing, KeyPoint
from briefing.core.yamltree import Path as TreePath

_KINDS: tuple[tuple[Section, str, str], ...] = (
    # (section of the brief, its list in the file, what to call its items)
    ("key_points", "key_points", "key points"),
    ("events", "events", "key events"),
    ("figures", "figures", "key figures"),
    ("actors", "actors", "key actors"),
    ("quotes", "quotes", "key quotes"),
)


def key_items_that_do_not_fit(briefing: Briefing) -> Iterator[tuple[TreePath, str, str | None]]:
    """One warning when the brief leaves out an item marked key: (path of the first item
    it leaves out, its ``key`` when it has one; what fits, of each kind; what to do).

    Nothing when every key item fits ``PAGE_BUDGET``. Element groups are not marked key,
    and give way to key events and key points, so they are not counted.
    """
    brief = build_brief(briefing)
    if not brief.omitted:
        return
    lists = {name: getattr(briefing, name) for _, name, _ in _KINDS}
    first: TreePath | None = None
    counts = []
    for section, _, label in _KINDS:
        total = brief.candidates.get(section, 0)
        if total:
            counts.append(f"{brief.shown.get(section, 0)} of {total} {label}")
    for item in brief.omitted:
        for _, name, _ in _KINDS:
            index = next((i for i, entry in enumerate(lists[name]) if entry is item), None)
            if index is not None:
                first = (name, index) if isinstance(item, KeyPoint) else (name, index, "key")
                break
        if first is not None:
            break
    if first is None:  # only element groups were left out
        return
    yield (
        first,
        "the items marked key do not all fit the one-page brief; it holds " + ", ".join(counts),
        f"mark fewer items key or shorten them, to fit {PAGE_BUDGET.lines} printed lines; "
        "'briefing export' shows what is left out",
    )
