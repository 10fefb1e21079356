"""A briefing cut down to what is new since an older version, for the one-page brief."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from briefing.core.dates import PartialDate
from briefing.core.diff.changes import SectionName
from briefing.core.diff.items import diff_briefings, item_key
from briefing.core.model import Briefing


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
        return [
            replace(item, key=item_key(item) in fresh[section]) for item in getattr(new, section)
        ]

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
