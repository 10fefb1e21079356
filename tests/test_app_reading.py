"""How the reader's lists read: dates, wrapped lines and help laid out for a new reader."""

from __future__ import annotations

import re

import pytest
from textual.color import Color
from textual.content import Content
from textual.geometry import Region
from ui_support import MINI, NARROW, WIDE, main_screen, make_app, notices, ready

from briefing.core.involves import Kind, Subject, involving
from briefing.core.loader import load_briefing
from briefing.devtools.synthetic import synthetic_briefing
from briefing.ui.app import BriefingApp
from briefing.ui.format import source_entry
from briefing.ui.hanging import hang
from briefing.ui.widgets.link_list import LinkList
from briefing.ui.widgets.quotes import QUOTE_LINES, quote_prompt
from briefing.ui.widgets.timeline import event_prompt


def test_timeline_dates_read_like_the_rest_of_the_reader_and_line_up() -> None:
    briefing = load_briefing(MINI)
    rows = {event.id: event_prompt(event).plain for event in briefing.events}
    dates = [row[:11] for row in rows.values()]
    assert sorted(dates) == sorted(["       1992", "   May 2025", " 4 Apr 2025", " 9 Oct 2025"])
    assert not any("2025-" in row for row in rows.values())


async def test_timeline_shows_the_same_date_as_the_event_detail() -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        timeline = app.screen.query_one("#timeline-list")
        await pilot.press("g")
        await pilot.press("j", "j")
        event = app.briefing.event(timeline.highlighted_id)
        assert event is not None
        prompt = timeline.prompt(timeline.highlighted).plain
        assert prompt.lstrip().startswith(event.date.human())


def lines_of(prompt: Content, width: int, indent: int = 2, first: int | None = None) -> list[str]:
    """The text as it is drawn at ``width`` cells with this hanging indent."""
    return [line.plain for line in hang(prompt, width, indent, first)]


async def test_search_results_sit_under_their_heading_and_wrap_under_their_text() -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"talks")
        await ready(pilot)
        results = app.screen.query_one("#search-results")
        headings = [i for i, row in enumerate(results.rows) if row.id is None]
        hits = [i for i, row in enumerate(results.rows) if row.id is not None]
        assert headings and hits
        assert all(not str(results.prompt(i)).startswith(" ") for i in headings)
        wrapped_any = False
        for index in hits:
            row = results.rows[index]
            wrapped = lines_of(results.prompt(index), 30, row.indent, row.first)
            wrapped_any = wrapped_any or len(wrapped) > 1
            assert wrapped[0].startswith("  ")
            # Only a result's first line starts at the results' margin; the rest is further in.
            assert all(line.startswith("    ") for line in wrapped[1:])
        assert wrapped_any
        # Events are dated, like the timeline.
        events = [hit for hit in app.screen.hits if hit.kind == "event"]
        assert events
        first_event = app.briefing.event(events[0].item_id)
        prompts = [str(results.prompt(i)) for i in hits]
        event_prompts = [prompt for prompt in prompts if first_event.title in prompt]
        assert event_prompts[0].strip().startswith(first_event.date.human())


def test_hanging_indent_keeps_every_word_and_indents_continuations() -> None:
    text = "one two three four five six seven eight nine ten\n  field: alpha beta gamma delta"
    wrapped = hang(Content(text), 16, 2)
    assert wrapped[0] == Content("one two three").plain or wrapped[0].plain == "one two three"
    assert [line.plain for line in wrapped[1:3]] == ["  four five six", "  seven eight"]
    field_lines = [line.plain for line in wrapped if "field" in line.plain or "    " in line.plain]
    assert field_lines[0] == "  field: alpha"
    assert all(line.startswith("    ") for line in field_lines[1:])
    words = " ".join(line.plain for line in wrapped).split()
    assert words == text.split()


ISO_DATE = re.compile(r"\b\d{4}-\d{2}\b")


def shown_text(app, pane: str) -> str:
    """The text of a pane's detail: its text, links and sources, scrolled into view or not."""
    detail = app.screen.query_one(f"#{pane}-detail", LinkList)
    return "\n".join(str(detail.prompt(index)) for index in range(detail.option_count))


@pytest.mark.parametrize(
    ("kind", "item"),
    [("actor", "ministry"), ("actor", "minister"), ("quote", "minister-talks"), ("element", "Dy")],
)
async def test_event_links_in_every_detail_show_dates_as_the_timeline_does(
    kind: str, item: str
) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.screen.jump_to(kind, item)
        await pilot.pause()
        text = shown_text(app, f"{kind}s")
        briefing = app.briefing
        if kind == "quote":
            quote = next(q for q in briefing.quotes if q.id == item)
            linked = [
                e for e in briefing.events if quote.source in e.sources and e.date == quote.date
            ]
        else:
            subject = Subject(Kind(kind), item)
            linked = [e for e in briefing.events if e.id in involving(briefing, subject).events]
        assert linked
        for event in linked:
            assert f"{event.date.human()}  {event.title}" in text
        assert not ISO_DATE.search(text)


def test_a_quote_takes_two_lines_in_the_list_its_words_then_who_said_it() -> None:
    briefing = load_briefing(MINI)
    quote = next(q for q in briefing.quotes if q.key)
    lines = quote_prompt(briefing, quote).plain.split("\n")
    assert len(lines) == QUOTE_LINES
    assert lines[0].startswith("“") and lines[0].endswith("”")
    assert lines[1].startswith("  — ")


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "120x40"])
async def test_help_uses_the_width_it_has_and_wraps_descriptions_under_themselves(
    size: tuple[int, int],
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = app.screen.query_one("#help-text")
        width, height = help_text.size
        lines = [strip.text for strip in help_text.render_lines(Region(0, 0, width, height))]
        row = next(n for n, line in enumerate(lines) if "Show only the events" in line)
        column = lines[row].index("Show only the events")
        if size == WIDE:
            assert "the selected actor or element" in lines[row]
        else:
            continued = lines[row + 1]
            assert "element" in continued[column:]
            assert continued[column] != " "
            assert continued[:column].strip() == ""


async def test_list_keys_in_help_read_top_to_bottom() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        text = str(app.screen.query_one("#help-text").content)
        block = text.split("Lists (every pane)\n", 1)[1].split("\n\n", 1)[0]
        descriptions = [row.split(None, 1)[0] for row in block.splitlines()]
        assert descriptions[:4] == ["↑", "↓", "home", "end"]


def test_a_long_source_wraps_past_its_number() -> None:
    briefing = load_briefing(MINI)
    event = next(e for e in briefing.events if e.sources)
    source = briefing.source(event.sources[0])
    assert source is not None
    wrapped = [text.plain for text in hang(source_entry(1, source), 30, 0, len("[1] "))]
    assert wrapped[0].startswith("[1] ")
    assert len(wrapped) > 3  # the title wrapped, then the date and URL
    for text in wrapped[1:]:
        assert text.startswith("    ") and text[4] != " "


async def test_links_show_a_cursor_only_once_enter_moves_into_them() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("3")
        links = app.screen.query_one("#actors-detail", LinkList)
        assert links.option_count and not links.has_focus
        blurred = links.get_visual_style("item-list--cursor")
        assert blurred.background == links.visual_style.background
        await pilot.press("enter")
        assert links.has_focus
        links.notify_style_update()
        focused = links.get_visual_style("item-list--cursor")
        assert focused.background != links.visual_style.background


async def test_help_lists_typing_a_symbol_in_the_table_and_it_works() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        text = str(app.screen.query_one("#help-text").content)
        elements = text.split("\nElements\n", 1)[1].split("\n\n", 1)[0]
        assert "symbol to jump to it" in elements
        await pilot.press("escape", "2", "D", "y")
        await pilot.pause()
        assert main_screen(app).selected(Kind.ELEMENT) == "Dy"


async def test_the_bottom_line_shows_the_keys_of_the_screen_on_top() -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        bar = app.screen.query_one("#key-bar")
        assert "Quit" in str(bar.content)
        await pilot.press("slash")
        await pilot.pause()
        # In the search, q and ? are typed into the query: they must not be offered as keys.
        shown = str(bar.content)
        assert "Close" in shown and "Open" in shown
        assert "Quit" not in shown and "Help" not in shown
        await pilot.press("escape", "e")
        await pilot.pause()
        assert "Write" in str(bar.content) and "Copy" in str(bar.content)
        await pilot.press("escape")
        await pilot.pause()
        assert "Quit" in str(bar.content) and "Close" not in str(bar.content)


async def test_a_jump_into_a_long_list_lands_mid_list_with_context_around_it() -> None:
    app = BriefingApp(synthetic_briefing(load_briefing(MINI), 10), theme="dark")
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        timeline = app.screen.query_one("#timeline-list")
        events = app.briefing.events_in_order()
        target = events[len(events) // 2]
        app.screen.jump_to("event", target.id)
        await pilot.pause()
        await pilot.pause()
        assert timeline.highlighted_id == target.id
        row = timeline.highlighted - timeline.scroll_offset.y
        height = timeline.scrollable_content_region.height
        assert height > 4
        # Rows in view both above and below it, not pinned to an edge.
        assert 2 <= row <= height - 3


async def test_the_filter_chip_names_the_element_as_well_as_its_symbol() -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await pilot.press("2", "D", "y")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        chip = str(app.screen.query_one("#filter-chip").content)
        assert "element Dysprosium (Dy)" in chip


@pytest.mark.parametrize("theme", ["dark", "light"])
async def test_secondary_text_recedes_behind_the_body_text(theme: str) -> None:
    app = make_app(theme=theme)
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        timeline = app.screen.query_one("#timeline-list")
        first_row = timeline.render_lines(timeline.region.reset_offset)[0]
        date, title = list(first_row)[:2]
        assert date.text.strip() == "1992" and "An old remark" in title.text
        background = Color.parse(app.current_theme.background or "")

        def contrast(segment) -> float:
            red, green, blue = segment.style.color.triplet
            return abs(Color(red, green, blue).brightness - background.brightness)

        # The date is muted: nearer the background than the title, yet far from invisible.
        assert 0.25 < contrast(date) < contrast(title)
        # On the cursor's row it fades toward the cursor's colour and stays readable there.
        row = timeline.highlighted - timeline.scroll_offset.y
        cursor_date = list(timeline.render_lines(timeline.region.reset_offset)[row])[0]
        red, green, blue = cursor_date.style.bgcolor.triplet
        cursor = Color(red, green, blue)
        red, green, blue = cursor_date.style.color.triplet
        assert abs(Color(red, green, blue).brightness - cursor.brightness) > 0.25


async def test_the_bottom_line_names_what_esc_does_where_the_focus_is() -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        bar = app.screen.query_one("#key-bar")
        await pilot.press("2", "enter")
        await pilot.pause()
        assert "esc Back" in str(bar.content) and "Clear filter" not in str(bar.content)
        await pilot.press("f")  # filter by the element, from its details
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#elements-list")
        assert main_screen(app).filter is not None
        assert "esc Clear filter" in str(bar.content)
        await pilot.press("escape")
        await pilot.pause()
        assert main_screen(app).filter is None
        assert "esc" not in str(bar.content)


async def test_the_date_of_the_table_is_said_once_in_its_pane() -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await pilot.press("2")
        await pilot.pause()
        pane = app.screen.query_one("#elements-pane")
        assert str(pane.border_title) == "2 Elements"
        grid = app.screen.query_one("#elements-list")
        assert f"Controls as of {main_screen(app).as_of.human()}" in str(grid.render())


async def test_f_outside_actors_and_elements_says_where_it_works() -> None:
    app = make_app()
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert main_screen(app).filter is None
        assert any("3 Actors" in note and "2 Elements" in note for note in notices(app))
        await pilot.press("question_mark")
        text = str(app.screen.query_one("#help-text").content)
        panes = text.split("Panes\n", 1)[1].split("\n\n", 1)[0]
        assert sum(1 for row in panes.splitlines() if row.split()[0] == "f") == 1
