"""Linked selection, the actor and element filters, and the as-of date the grid follows."""

from __future__ import annotations

from ui_support import NARROW, WIDE, main_screen, make_app, ready

from briefing.core.bundled import default_briefing
from briefing.core.dates import PartialDate
from briefing.core.involves import Kind, Subject
from briefing.core.loader import load_briefing
from briefing.ui.app import BriefingApp
from briefing.ui.hanging import hang
from briefing.ui.widgets.briefing_header import BriefingHeader
from briefing.ui.widgets.detail import Detail


def option_ids(app, selector: str) -> list[str]:
    return app.screen.query_one(selector).item_ids


async def test_enter_on_an_event_then_a_link_jumps_to_the_actor() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        # The latest event is selected at start.
        assert main_screen(app).selected(Kind.EVENT) == "october-rules"
        await pilot.press("enter")
        assert app.focused.id == "timeline-detail"
        # Its links, then its source.
        assert option_ids(app, "#timeline-detail") == [
            "actor:ministry",
            "element:Ho",
            "source:daily",
        ]
        await pilot.press("enter")
        await ready(pilot)
        assert app.screen.pane == "actors"
        assert app.focused.id == "actors-list"
        assert main_screen(app).selected(Kind.ACTOR) == "ministry"


async def test_following_an_element_link_moves_the_grid_cursor() -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await pilot.press("enter", "down", "enter")
        await ready(pilot)
        assert app.screen.pane == "elements"
        assert app.screen.query_one("#elements-list").cursor == "Ho"
        assert main_screen(app).selected(Kind.ELEMENT) == "Ho"


async def test_escape_in_links_returns_to_the_list() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        assert app.focused.id == "timeline-detail"
        await pilot.press("escape")
        assert app.focused.id == "timeline-list"


async def test_filter_by_actor_narrows_timeline_and_quotes_and_escape_clears() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("3")
        actor_list = app.screen.query_one("#actors-list")
        actor_list.select_id("minister")
        await pilot.press("f")
        await ready(pilot)
        assert main_screen(app).filter == Subject(Kind.ACTOR, "minister")
        assert option_ids(app, "#timeline-list") == ["may-talks"]
        assert option_ids(app, "#quotes-list") == ["minister-talks"]
        chip = app.screen.query_one("#filter-chip")
        assert chip.display
        assert "Jane Minister" in str(chip.content)
        await pilot.press("escape")
        await ready(pilot)
        assert main_screen(app).filter is None
        assert not chip.display
        assert len(option_ids(app, "#timeline-list")) == 4
        assert len(option_ids(app, "#quotes-list")) == 2


async def test_filter_by_element_from_the_grid() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("2")
        app.screen.query_one("#elements-list").select_symbol("Dy")
        await pilot.press("f")
        await ready(pilot)
        assert main_screen(app).filter is not None and main_screen(app).filter.id == "Dy"
        assert option_ids(app, "#timeline-list") == ["april-controls"]


async def test_filter_by_an_element_the_briefing_does_not_discuss_is_refused() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("2")
        app.screen.query_one("#elements-list").select_symbol("Fe")
        await pilot.press("f")
        await ready(pilot)
        assert main_screen(app).filter is None


async def test_a_link_to_an_item_hidden_by_the_filter_clears_the_filter() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        main_screen(app).filter = Subject(Kind.ACTOR, "minister")
        await ready(pilot)
        app.screen.jump_to("event", "april-controls")
        await ready(pilot)
        assert main_screen(app).filter is None
        assert main_screen(app).selected(Kind.EVENT) == "april-controls"


async def test_grid_follows_the_timeline_while_it_has_focus() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        grid = app.screen.query_one("#elements-list")
        assert main_screen(app).as_of == PartialDate(2025, 10, 9)
        assert grid.as_of == PartialDate(2025, 10, 9)
        await pilot.press("g")
        assert main_screen(app).as_of == PartialDate(1992)
        assert grid.as_of == PartialDate(1992)
        await pilot.press("j")
        assert main_screen(app).selected(Kind.EVENT) == "april-controls"
        assert grid.as_of == PartialDate(2025, 4, 4)
        assert "4 Apr 2025" in str(app.screen.query_one(BriefingHeader).date_text)
        # Away from the timeline, the grid shows the briefing's own date again.
        await pilot.press("3")
        assert grid.as_of == PartialDate(2025, 11, 10)
        assert "10 Nov 2025" in str(app.screen.query_one(BriefingHeader).date_text)


async def test_event_detail_shows_the_controls_in_force_on_its_date() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("g", "j")
        text = app.screen.query_one("#timeline-detail", Detail).text.plain
        assert "Licences required for Dy and Tb" in text
        assert "Under control on this date: Dy, Tb" in text


async def test_enter_on_the_grid_moves_into_the_element_links_and_escape_returns() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("2", "enter")
        assert app.focused.id == "elements-detail"
        await pilot.press("escape")
        assert app.focused.id == "elements-list"
        assert main_screen(app).filter is None


async def test_a_filter_that_leaves_nothing_says_so_and_how_to_clear_it() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        main_screen(app).filter = Subject(Kind.ELEMENT, "Nd")
        await ready(pilot)
        assert option_ids(app, "#timeline-list") == []
        text = app.screen.query_one("#timeline-detail", Detail).text.plain
        assert text == "No events involve Neodymium (Nd). Esc clears the filter."


async def test_a_long_list_is_whole_at_once_and_jumps_work(tmp_path) -> None:
    from ui_support import MINI

    from briefing.core.loader import load_briefing
    from briefing.devtools.synthetic import synthetic_briefing
    from briefing.ui.app import BriefingApp

    big = synthetic_briefing(load_briefing(MINI), 150)  # 600 events, 300 quotes
    app = BriefingApp(big, theme="dark")
    async with app.run_test(size=WIDE) as pilot:
        quotes = app.screen.query_one("#quotes-list")
        await ready(pilot)
        last = big.quotes[-1].id
        app.screen.jump_to("quote", last)
        await ready(pilot)
        assert main_screen(app).selected(Kind.QUOTE) == last
        assert len(quotes.item_ids) == len(big.quotes)


def wrapped_lines(detail: Detail) -> list[int]:
    """How many lines each of the detail's rows takes, wrapped at its width."""
    width = detail.scrollable_content_region.width
    return [
        len(hang(detail.prompt(index), width, row.indent, row.first)) if row.height == 0 else 1
        for index, row in enumerate(detail.rows)
    ]


async def test_a_detail_is_as_tall_as_its_text_links_and_sources() -> None:
    """The detail scrolls no further than what it shows: no blank run of lines under the
    links (there was one of 200 lines), and no wrapped line cut short."""
    app = BriefingApp(load_briefing(default_briefing()), theme="dark")
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        for detail in app.screen.query(Detail):
            assert detail.virtual_size.height == sum(wrapped_lines(detail)), detail.id
            assert detail.has_links, detail.id


async def test_a_details_links_are_as_tall_as_their_rows_wrapped() -> None:
    """Measured at the detail's width: no blank lines to scroll into below the links, and
    no wrapped link cut short, as the selection moves."""
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        wrapped = False
        for keys in ([], ["3", "down", "down"], ["4", "down"], ["1", "k"]):
            await pilot.press(*keys)
            await pilot.pause()
            for detail in app.screen.query(Detail):
                lines = wrapped_lines(detail)
                assert detail.virtual_size.height == sum(lines), (keys, detail.id)
                links = [n for n, row in enumerate(detail.rows) if row.id is not None]
                wrapped = wrapped or any(lines[n] > 1 for n in links)
        assert wrapped, "at this size a link should wrap"


async def test_the_element_detail_follows_the_date_and_keeps_its_links_and_scroll() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        detail = app.screen.query_one("#elements-detail", Detail)
        assert "Controls as of 9 Oct 2025" in detail.text.plain
        links, height = detail.item_ids, detail.virtual_size.height
        detail.scroll_to(y=2, animate=False, immediate=True)
        await pilot.press("g")  # the timeline's first event: controls as of 1992
        await pilot.pause()
        assert "Controls as of 1992" in detail.text.plain
        assert "Controls as of 1992" in "\n".join(
            "".join(segment.text for segment in detail.render_line(y))
            for y in range(detail.size.height)
        )
        assert detail.item_ids == links and detail.virtual_size.height == height
        assert detail.scroll_y == 2


async def test_a_detail_left_without_links_gives_the_focus_back_to_its_list() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        detail = app.screen.query_one("#timeline-detail", Detail)
        assert app.focused is detail
        main_screen(app).filter = Subject(Kind.ELEMENT, "Nd")  # no event involves neodymium
        await ready(pilot)
        assert not detail.has_links and not detail.can_focus
        assert app.focused is app.screen.query_one("#timeline-list")
        await pilot.press("j")  # the keys reach the list, not a detail with nothing to move
        assert app.focused is app.screen.query_one("#timeline-list")
