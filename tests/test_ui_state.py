"""What the reader's filters select, without a screen."""

from __future__ import annotations

from ui_support import MINI

from briefing.core.involves import Kind, Subject
from briefing.core.loader import load_briefing
from briefing.ui.state import filtered_events, filtered_quotes

BRIEFING = load_briefing(MINI)


def ids(items) -> list[str]:
    return [item.id for item in items]


def test_no_filter_keeps_everything_in_date_order() -> None:
    assert ids(filtered_events(BRIEFING, None)) == [
        "old-remark",
        "april-controls",
        "may-talks",
        "october-rules",
    ]
    assert ids(filtered_quotes(BRIEFING, None)) == ["remark", "minister-talks"]


def test_actor_filter_keeps_their_events_and_what_they_said() -> None:
    ministry = Subject(Kind.ACTOR, "ministry")
    assert ids(filtered_events(BRIEFING, ministry)) == [
        "april-controls",
        "may-talks",
        "october-rules",
    ]
    assert ids(filtered_quotes(BRIEFING, ministry)) == []
    leader = Subject(Kind.ACTOR, "leader")
    assert ids(filtered_quotes(BRIEFING, leader)) == ["remark"]


def test_element_filter_keeps_events_listing_it_or_named_by_its_controls() -> None:
    holmium = Subject(Kind.ELEMENT, "Ho")
    assert ids(filtered_events(BRIEFING, holmium)) == ["october-rules"]
