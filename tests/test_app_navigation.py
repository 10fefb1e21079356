"""The same moves in every pane: links from every detail, history, no wrap, layout by height."""

from __future__ import annotations

from ui_support import WIDE, main_screen, make_app, ready, screen_text

from briefing.core.involves import Kind, Subject, involving


async def test_the_element_detail_has_links_that_enter_follows_and_backspace_returns() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("2", "D", "y")
        await pilot.pause()
        await pilot.press("enter")
        links = app.screen.query_one("#elements-detail")
        assert app.focused is links
        involved = involving(app.briefing, Subject(Kind.ELEMENT, "Dy"))
        assert links.item_ids[0] == "event:april-controls"
        assert len(links.item_ids) >= len(involved.events)
        await pilot.press("j", "k")  # the list keys work in links too
        assert links.highlighted_id == "event:april-controls"
        await pilot.press("enter")
        await ready(pilot)
        assert app.screen.pane == "timeline"
        assert main_screen(app).selected(Kind.EVENT) == "april-controls"
        await pilot.press("backspace")
        await ready(pilot)
        assert app.screen.pane == "elements"
        assert main_screen(app).selected(Kind.ELEMENT) == "Dy"
        await pilot.press("right_square_bracket")
        await ready(pilot)
        assert app.screen.pane == "timeline"


async def test_esc_after_following_a_link_returns_to_where_it_was_followed_from() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("3")
        assert app.screen.panes["actors"].select("minister")
        await pilot.press("enter")  # into the links
        assert app.focused.id == "actors-detail"
        assert app.screen.query_one("#actors-detail").highlighted_id == "actor:ministry"
        await pilot.press("enter")  # the affiliation
        await ready(pilot)
        assert main_screen(app).selected(Kind.ACTOR) == "ministry"
        await pilot.press("escape")
        await ready(pilot)
        assert main_screen(app).selected(Kind.ACTOR) == "minister"
        # Back in the links, on the link it was followed from; Esc again leaves them.
        assert app.focused.id == "actors-detail"
        assert app.focused.highlighted_id == "actor:ministry"
        await pilot.press("escape")
        assert app.focused.id == "actors-list"


async def test_going_back_restores_a_filter_the_link_had_to_clear() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        main_screen(app).filter = Subject(Kind.ACTOR, "minister")
        await ready(pilot)
        app.screen.jump_to(Kind.EVENT, "april-controls")  # hidden by the filter
        await ready(pilot)
        assert main_screen(app).filter is None
        await pilot.press("backspace")
        await ready(pilot)
        assert main_screen(app).filter == Subject(Kind.ACTOR, "minister")


async def test_lists_stop_at_their_ends() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        timeline = app.screen.query_one("#timeline-list")
        last = timeline.item_ids[-1]
        await pilot.press("G", "j")
        assert timeline.highlighted_id == last
        assert main_screen(app).as_of == app.briefing.event(last).date
        await pilot.press("g", "k")
        assert timeline.highlighted_id == timeline.item_ids[0]
        await pilot.press("end", "pagedown")
        assert timeline.highlighted_id == last


async def test_capital_letters_type_symbols_in_the_table_g_and_n_too() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("2", "G", "a")
        await pilot.pause()
        assert main_screen(app).selected(Kind.ELEMENT) == "Ga"
        await pilot.press("N", "a")
        await pilot.pause()
        assert main_screen(app).selected(Kind.ELEMENT) == "Na"
        await pilot.press("end")
        assert main_screen(app).selected(Kind.ELEMENT) == "Og"
        await pilot.press("home")
        assert main_screen(app).selected(Kind.ELEMENT) == "H"


async def test_at_120x24_and_120x30_the_selected_elements_detail_is_on_screen() -> None:
    for size in ((120, 24), (120, 30)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            await pilot.press("2", "D", "y")
            await pilot.pause()
            detail = app.screen.query_one("#elements-detail")
            assert detail.region.height >= 5, size
            assert "Dysprosium" in screen_text(app), size


async def test_the_selection_stays_in_view_through_resizes() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("3", "G")
        for size in ((119, 40), (120, 24), (80, 20), (120, 40)):
            await pilot.resize_terminal(*size)
            await ready(pilot)
            actors = app.screen.query_one("#actors-list")
            row = actors.highlighted - int(actors.scroll_offset.y)
            assert 0 <= row < actors.scrollable_content_region.height, size
            assert app.screen.query_one("#actors-detail").item_id == actors.highlighted_id


async def test_the_filter_and_the_element_detail_agree_on_what_involves_an_element() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("2", "D", "y")
        await pilot.pause()
        links = app.screen.query_one("#elements-detail").item_ids
        await pilot.press("f")
        await ready(pilot)
        events = app.screen.query_one("#timeline-list").item_ids
        quotes = app.screen.query_one("#quotes-list").item_ids
        assert [f"event:{event}" for event in events] == [x for x in links if x[:6] == "event:"]
        assert [f"quote:{quote}" for quote in quotes] == [x for x in links if x[:6] == "quote:"]


async def test_help_lists_the_focused_panes_keys_first_from_the_pane_table() -> None:
    from briefing.ui.panes.table import PANES

    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        for spec in PANES:
            await pilot.press(spec.key, "question_mark")
            await pilot.pause()
            text = str(app.screen.query_one("#help-text").content)
            assert text.split("\n", 1)[0] == spec.title
            # Every pane's key is listed, as the pane table gives it.
            assert all(f"Go to {other.title}" in text for other in PANES)
            await pilot.press("escape")


async def test_page_keys_move_in_the_table_too() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("2", "F", "e")
        await pilot.pause()
        await pilot.press("pagedown")
        # As ↓ goes: Ru, Os, Hs, then Sm and Pu below.
        assert main_screen(app).selected(Kind.ELEMENT) == "Pu"
        await pilot.press("pageup")
        assert main_screen(app).selected(Kind.ELEMENT) == "Fe"
        await pilot.press("pageup")  # iron heads its column: it stays
        assert main_screen(app).selected(Kind.ELEMENT) == "Fe"
