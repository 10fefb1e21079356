"""Small layout faults: the header's ellipsis after wide characters, a header that keeps
its length as the date changes, and a long link that wraps under its own text."""

from __future__ import annotations

from pathlib import Path

from ui_support import MINI, NARROW, main_screen, make_app, ready

from briefing.core.dates import PartialDate
from briefing.core.involves import Kind
from briefing.ui.hanging import hang
from briefing.ui.widgets.briefing_header import BriefingHeader
from briefing.ui.widgets.link_list import LinkList


def variant(tmp_path: Path, old: str, new: str) -> Path:
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "variant.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


async def test_the_header_cuts_wide_characters_with_the_ellipsis_right_after(
    tmp_path: Path,
) -> None:
    wide = "稀土" * 40
    app = make_app(variant(tmp_path, "title: Mini briefing", f"title: {wide}"))
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        header = app.screen.query_one(BriefingHeader)
        for width in range(60, 81):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            text = header.render().plain
            cut = text.index("…")
            assert text[cut - 1] in wide, (width, text)


async def test_the_header_keeps_its_length_as_the_date_changes(tmp_path: Path) -> None:
    long_title = "A title long enough to be cut " * 4
    app = make_app(variant(tmp_path, "title: Mini briefing", f"title: {long_title}"))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        header = app.screen.query_one(BriefingHeader)
        cuts, ends = set(), set()
        for date in (PartialDate(2025, 11, 10), PartialDate(2025, 4, 4), PartialDate(1992)):
            header.show_as_of(date)  # the briefing's own date, then others
            text = header.render().plain
            cuts.add(text.index("…"))
            ends.add(text.index(date.human()) + len(date.human()))
        assert len(cuts) == 1  # the title keeps its room
        assert len(ends) == 1  # the dates end in one column


async def test_a_long_link_wraps_under_its_text(tmp_path: Path) -> None:
    long_name = "Ministry_of_Commerce_" * 6 + " and a few more words to wrap"
    app = make_app(variant(tmp_path, "name: Ministry of Commerce", f"name: {long_name}"))
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await pilot.press("down")  # to an event that links to the ministry
        await pilot.pause()
        detail = app.screen.query_one("#timeline-detail", LinkList)
        width = detail.scrollable_content_region.width
        rows = [
            line.plain
            for index, row in enumerate(detail.rows)
            for line in hang(detail.prompt(index), width, row.indent, row.first)
        ]
        first = next(i for i, row in enumerate(rows) if row.startswith("→ Ministry"))
        assert rows[first].rstrip() != "→"  # the arrow is never alone
        assert rows[first + 1].startswith("  ") and rows[first + 1].strip()
        shown = "".join(row.strip() for row in rows[first : first + 4])
        assert "Ministry_of_Commerce_" * 2 in shown and "words" in shown


async def test_an_actor_listed_twice_is_linked_once(tmp_path: Path) -> None:
    path = variant(tmp_path, "actors: [minister, ministry]", "actors: [ministry, ministry]")
    app = make_app(path)
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        assert app.screen.panes["timeline"].select("may-talks")
        await pilot.pause()
        links = app.screen.query_one("#timeline-detail", LinkList)
        assert [link for link in links.item_ids if not link.startswith("source:")] == [
            "actor:ministry"
        ]
        links.focus()
        await pilot.press("down", "up", "enter")
        await pilot.pause()
        assert main_screen(app).selected(Kind.ACTOR) == "ministry"
