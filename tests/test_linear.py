"""The whole briefing as linear plain text (``briefing read``), for screen readers and pagers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.core.dates import PartialDate
from briefing.core.involves import Kind, Subject
from briefing.core.linear import describe_control, linear_text
from briefing.core.loader import load_briefing
from briefing.core.model import Control

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "content" / "rare-earths-2025.yaml"
DATA = Path(__file__).parent / "data"
# Box drawing, block elements and the reader's status glyphs: read aloud as noise.
NOISE = re.compile("[\u2500-\u259f\u25cb\u25cc\u25cf\u2502]")


@pytest.fixture(scope="module")
def bundled_text() -> str:
    return linear_text(load_briefing(BUNDLED))


def test_every_item_of_the_briefing_is_in_the_text(bundled_text: str) -> None:
    briefing = load_briefing(BUNDLED)
    missing = [
        text
        for text in (
            *(event.title for event in briefing.events),
            *(event.summary for event in briefing.events),
            *(quote.text for quote in briefing.quotes),
            *(point.text for point in briefing.key_points),
            *(figure.label for figure in briefing.figures),
            *(actor.name for actor in briefing.actors),
            *(source.url for source in briefing.sources if source.url),
        )
        if " ".join(text.split()) not in bundled_text
    ]
    assert missing == []


def test_sections_come_in_reading_order_as_plain_lines(bundled_text: str) -> None:
    headings = [line for line in bundled_text.splitlines() if line.isupper() and line]
    names = [re.sub(r" \(\d+\)$", "", heading) for heading in headings]
    assert names == [
        "BOTTOM LINE",
        "KEY POINTS",
        "EVENTS",
        "ELEMENTS DISCUSSED",
        "ACTORS",
        "QUOTES",
        "FIGURES",
        "SOURCES",
    ]
    assert not NOISE.search(bundled_text)
    assert "\x1b" not in bundled_text


def test_events_are_dated_in_order_and_cite_numbered_sources(bundled_text: str) -> None:
    briefing = load_briefing(BUNDLED)
    events = briefing.events_in_order()
    lines = bundled_text.splitlines()
    first = lines.index(f"{events[0].date.human()}: {events[0].title}.")
    # The summary line follows its title line and ends with the numbers of its sources.
    assert re.search(r"Sources? \d+(, \d+)*\.$", lines[first + 1])
    numbered = [line for line in lines if re.match(r"\d+\. ", line)]
    assert any(line.startswith("1. Guancha") for line in numbered)


def test_element_controls_are_in_words(bundled_text: str) -> None:
    assert "Dysprosium (Dy), heavy rare earth." in bundled_text
    assert (
        "Control: Export licence required for dysprosium-related items: "
        "controlled since 4 Apr 2025." in bundled_text
    )


def test_control_statuses_each_have_their_words() -> None:
    as_of = PartialDate.parse("2025-10-15")
    lifted = Control(since=PartialDate.parse("2025-01-01"), measure="Ban", until=as_of)
    coming = Control(since=PartialDate.parse("2025-12-01"), measure="Licence")
    assert describe_control(lifted, as_of, as_of=as_of) == (
        "Ban: control lifted, in force from 1 Jan 2025 until 15 Oct 2025"
    )
    assert describe_control(coming, as_of, as_of=as_of).startswith(
        "Licence: control to come, from 1 Dec 2025"
    )


def test_about_keeps_only_what_involves_the_subject() -> None:
    briefing = load_briefing(BUNDLED)
    text = linear_text(briefing, Subject(Kind.ELEMENT, "Ga"))
    assert "Only what involves Gallium (Ga)." in text
    assert "Gallium (Ga)" in text
    assert "Dysprosium (Dy), heavy rare earth." not in text
    whole = linear_text(briefing)
    assert len(text) < len(whole) / 2
    # Sources are numbered afresh, only those the kept items cite.
    cited = re.findall(r"^(\d+)\. ", text.split("\nSOURCES")[1], flags=re.MULTILINE)
    assert cited == [str(number) for number in range(1, len(cited) + 1)]


def test_hostile_text_stays_inert() -> None:
    text = linear_text(load_briefing(DATA / "hostile.yaml"))
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    assert "\u202e" not in text
    assert "␛" in text  # shown, not obeyed
