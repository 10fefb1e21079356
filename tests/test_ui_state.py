"""What the reader's filters select, without a screen."""

from __future__ import annotations

from dataclasses import replace

from ui_support import MINI

from briefing.core.loader import load_briefing
from briefing.ui.state import Filter, filtered_events, filtered_quotes, quote_mentions_element

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
    ministry = Filter("actor", "ministry", "Ministry of Commerce")
    assert ids(filtered_events(BRIEFING, ministry)) == [
        "april-controls",
        "may-talks",
        "october-rules",
    ]
    assert ids(filtered_quotes(BRIEFING, ministry)) == []
    leader = Filter("actor", "leader", "Old Leader")
    assert ids(filtered_quotes(BRIEFING, leader)) == ["remark"]


def test_element_filter_keeps_events_listing_it() -> None:
    holmium = Filter("element", "Ho", "Ho")
    assert ids(filtered_events(BRIEFING, holmium)) == ["october-rules"]


def test_a_quote_mentions_an_element_by_name_or_by_symbol_as_a_word() -> None:
    quote = replace(BRIEFING.quotes[0], text="Dysprosium and Tb matter", context=None)
    assert quote_mentions_element(quote, "Dy")
    assert quote_mentions_element(quote, "Tb")
    tbilisi = replace(quote, text="Talks in Tbilisi")
    assert not quote_mentions_element(tbilisi, "Tb")
