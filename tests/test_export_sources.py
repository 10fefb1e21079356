"""Rows cite what supports them: never a source published before the date a row states;
a lifted control cites what lifted it (``until_event``); validate warns about events that
cite only older sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.core.bundled import default_briefing
from briefing.core.checks import WARNING_CHECKS
from briefing.core.dates import PartialDate
from briefing.core.export import LeftOut, build_brief
from briefing.core.loader import load_briefing, load_bytes
from briefing.core.model import Briefing
from briefing.core.problems import BriefingInvalid
from briefing.core.source_dates import events_citing_only_older_sources, on_or_after
from briefing.core.validation import json_schema

MINI = Path(__file__).parent / "data" / "mini.yaml"

LIFTED = """\
format: 1
id: lifted
title: Battery metals
as_of: 2024-07-01
summary: Controls on two battery metals came and went.
key_points:
  - text: Controls on lithium and cobalt were lifted in June.
    sources: [wire-april]
sources:
  - id: wire-april
    publisher: Example Wire
    title: Licences for battery metals
    published: 2024-04-29
  - id: daily-june
    publisher: Example Daily
    title: Battery metal licences scrapped
    published: 2024-06-21
  - id: monthly-june
    publisher: Example Monthly
    title: The month in metals
    published: 2024-06
events:
  - id: licences
    date: 2024-04-29
    title: Licences for lithium and cobalt
    summary: Exporters need a licence.
    sources: [wire-april]
    elements: [Li, Co]
    key: true
  - id: lifted
    date: 2024-06-20
    title: Licences lifted
    summary: The licences are scrapped.
    sources: [wire-april, daily-june, monthly-june]
    elements: [Li, Co]
    key: true
  - id: review
    date: 2024-09
    title: Review due
    summary: A review of the decision is scheduled.
    sources: [wire-april]
    key: true
elements:
"""
# Lithium and cobalt: one control each, brought in by "licences", lifted on 20 June.
LIFTED += "".join(
    f"  - symbol: {symbol}\n    controls:\n      - since: 2024-05-01\n"
    "        measure: Export licence required\n        event: licences\n"
    "        until: 2024-06-20\nUNTIL_EVENT\n"
    for symbol in ("Li", "Co")
)


def lifted(until_event: str | None = None) -> Briefing:
    line = f"        until_event: {until_event}" if until_event else ""
    text = LIFTED.replace("UNTIL_EVENT\n", f"{line}\n" if line else "")
    return load_bytes(text.encode(), "lifted.yaml")


def element_rows(markdown: str) -> list[str]:
    block = re.search(r"## (?:Selected e|E)lements on [^\n]+\n\n((?:- [^\n]+\n)+)", markdown)
    assert block, markdown
    return block[1].splitlines()


def source_dates(markdown: str) -> dict[int, PartialDate]:
    """Each numbered source's publication date, read back from the Sources list."""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    found: dict[int, PartialDate] = {}
    for number, day, month, year in re.findall(
        r"^(\d+)\. .*”, (?:(\d+) )?(?:([A-Z][a-z]{2}) )?(\d{4})$", markdown, re.MULTILINE
    ):
        found[int(number)] = PartialDate(
            int(year), months.index(month) + 1 if month else None, int(day) if day else None
        )
    return found


def test_a_lifted_row_never_cites_the_source_that_predates_the_lifting() -> None:
    markdown = build_brief(lifted()).markdown
    rows = element_rows(markdown)
    # The only event the control names brought it in, in April: it cannot report June.
    assert rows == ["- **Control lifted or paused, 20 Jun 2024:** Lithium, Cobalt"]


def test_a_lifted_row_cites_the_sources_of_its_until_event() -> None:
    markdown = build_brief(lifted("lifted")).markdown
    (row,) = element_rows(markdown)
    match = re.fullmatch(
        r"- \*\*Control lifted or paused, 20 Jun 2024:\*\* Lithium, Cobalt \[(.+)\]", row
    )
    assert match, row
    dates = source_dates(markdown)
    cited = [dates[int(number)] for number in match[1].split(", ")]
    # The June daily, and the June monthly (same month, the coarser precision); not April's.
    assert sorted(str(date) for date in cited) == ["2024-06", "2024-06-21"]


def test_a_timeline_row_cites_only_sources_from_on_or_after_its_date() -> None:
    markdown = build_brief(lifted("lifted")).markdown
    row = next(line for line in markdown.splitlines() if "Licences lifted" in line)
    dates = source_dates(markdown)
    numbers = re.search(r"\[(.+)\]$", row)
    assert numbers
    assert all(on_or_after(dates[int(n)], PartialDate(2024, 6, 20)) for n in numbers[1].split(", "))
    # A scheduled event (after as_of) is announced by older sources: they still count.
    assert re.search(r"Sep 2024\*\* – Review due \[\d\]", markdown)


@pytest.mark.parametrize("about", [None, "Dy", "trump", "china-government", "Ga"])
def test_no_dated_row_of_the_bundled_brief_cites_an_older_source(about: str | None) -> None:
    briefing = load_briefing(default_briefing())
    if about == "china-government" and briefing.actor(about) is None:
        pytest.skip("the bundled briefing names its actors differently")
    markdown = build_brief(briefing, about=about).markdown
    dates = source_dates(markdown)
    as_of = briefing.as_of_date
    for line in markdown.splitlines():
        # Timeline and element rows, and the line in focus, which states an element's status.
        stated = re.match(
            r"(?:- \*\*|\*\*In focus:\*\* .*?)(?:.*?(?:since|from|paused,) )?"
            r"((?:\d+ )?(?:[A-Z][a-z]{2} )?\d{4})",
            line,
        )
        numbers = re.search(r"\[([\d, ]+)\]$", line)
        if not (stated and numbers):
            continue
        date = _parse_human(stated[1])
        if not on_or_after(as_of, date):
            continue  # scheduled
        for number in numbers[1].split(", "):
            assert on_or_after(dates[int(number)], date), line


def _parse_human(text: str) -> PartialDate:
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    parts = text.split()
    if len(parts) == 3:
        return PartialDate(int(parts[2]), months.index(parts[1]) + 1, int(parts[0]))
    if len(parts) == 2:
        return PartialDate(int(parts[1]), months.index(parts[0]) + 1)
    return PartialDate(int(parts[0]))


def test_an_event_citing_only_older_sources_is_left_off_and_noted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = LIFTED.replace("UNTIL_EVENT\n", "").replace(
        "sources: [wire-april, daily-june, monthly-june]", "sources: [wire-april]"
    )
    briefing = load_bytes(text.encode(), "lifted.yaml")
    brief = build_brief(briefing)
    assert "Licences lifted" not in brief.markdown
    assert brief.unsupported == (LeftOut("timeline event", "Licences lifted"),)
    path = tmp_path / "lifted.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["export", str(path), "-o", str(tmp_path / "brief.md")]) == 0
    assert "left out timeline event: Licences lifted: no source it cites" in capsys.readouterr().err


# --- until_event in the format ----------------------------------------------------------------


def test_until_event_must_name_an_event() -> None:
    text = LIFTED.replace("UNTIL_EVENT\n", "        until_event: lifting\n", 1).replace(
        "UNTIL_EVENT\n", ""
    )
    with pytest.raises(BriefingInvalid) as raised:
        load_bytes(text.encode(), "lifted.yaml")
    (problem,) = raised.value.problems
    line = text.splitlines().index("        until_event: lifting") + 1
    assert (problem.line, problem.column) == (line, 22)
    assert (
        "'lifting' is not defined" in problem.message and problem.hint == "did you mean 'lifted'?"
    )


def test_until_event_needs_until() -> None:
    text = LIFTED.replace("UNTIL_EVENT\n", "").replace(
        "        until: 2024-06-20\n", "        until_event: lifted\n", 1
    )
    with pytest.raises(BriefingInvalid) as raised:
        load_bytes(text.encode(), "lifted.yaml")
    (problem,) = raised.value.problems
    assert "no 'until'" in problem.message and problem.hint and "add 'until:'" in problem.hint


def test_the_schema_knows_until_event() -> None:
    control = json_schema()["$defs"]["Control"]
    assert "until_event" in control["properties"] and "until_event" not in control["required"]


# --- the warning ---------------------------------------------------------------------------------


def test_validate_warns_about_an_event_citing_only_older_sources() -> None:
    text = LIFTED.replace("UNTIL_EVENT\n", "").replace(
        "sources: [wire-april, daily-june, monthly-june]", "sources: [wire-april]"
    )
    warnings = list(events_citing_only_older_sources(load_bytes(text.encode(), "x.yaml")))
    assert [(path, message) for path, message, _ in warnings] == [
        (
            ("events", 1, "sources"),
            "event 'lifted' is dated 2024-06-20 but every source it cites was published "
            "before that (the newest on 2024-04-29)",
        )
    ]
    assert events_citing_only_older_sources in WARNING_CHECKS


def test_the_warning_compares_at_the_coarser_precision_and_skips_scheduled_events() -> None:
    # Only the monthly source (2024-06) for an event of 2024-06-20: the same month, no warning.
    text = LIFTED.replace("UNTIL_EVENT\n", "").replace(
        "sources: [wire-april, daily-june, monthly-june]", "sources: [monthly-june]"
    )
    briefing = load_bytes(text.encode(), "x.yaml")
    # "review" (Sep 2024) cites April's wire, but is after as_of: announced, not reported.
    assert list(events_citing_only_older_sources(briefing)) == []


@pytest.mark.parametrize("path", [default_briefing(), MINI])
def test_the_bundled_briefing_and_the_test_data_give_no_such_warning(path: Path) -> None:
    assert list(events_citing_only_older_sources(load_briefing(path))) == []


def test_a_quote_or_figure_dated_after_its_only_source_is_left_off() -> None:
    text = LIFTED.replace("UNTIL_EVENT\n", "") + (
        "actors:\n  - id: minister\n    name: A Minister\n    kind: person\n"
        "quotes:\n  - id: said\n    text: We lifted them.\n    speaker: minister\n"
        "    source: wire-april\n    date: 2024-06-20\n    key: true\n"
        "figures:\n  - id: share\n    value: 40%\n    label: Share lifted\n"
        "    source: wire-april\n    date: 2024-06\n    key: true\n"
        "  - id: monthly\n    value: 2\n    label: Metals freed\n"
        "    source: monthly-june\n    date: 2024-06-20\n    key: true\n"
    )
    brief = build_brief(load_bytes(text.encode(), "lifted.yaml"))
    assert "We lifted them" not in brief.markdown and "Share lifted" not in brief.markdown
    assert "Metals freed" in brief.markdown  # a June source, the coarser precision
    assert set(brief.unsupported) == {
        LeftOut("quote", "We lifted them."),
        LeftOut("figure", "Share lifted"),
    }


def test_validate_places_the_warning_at_the_sources_of_the_event() -> None:
    from briefing.core.loader import check_bytes

    text = LIFTED.replace("UNTIL_EVENT\n", "").replace(
        "sources: [wire-april, daily-june, monthly-june]", "sources: [wire-april]"
    )
    _, warnings = check_bytes(text.encode(), "lifted.yaml")
    (warning,) = warnings
    assert warning.severity == "warning"
    assert str(warning).startswith("lifted.yaml:")
    assert ": warning: event 'lifted' is dated 2024-06-20" in str(warning)
    # The second event's sources: the line after its summary.
    lines = text.splitlines()
    lifted_at = lines.index("  - id: lifted")
    assert warning.line == lines.index("    sources: [wire-april]", lifted_at) + 1
