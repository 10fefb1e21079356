"""Following links and coming back: the selected link in view, back to the same link,
a cleared filter said, position notices that do not pile up, the palette's own commands."""

from __future__ import annotations

from textual.widgets import OptionList
from ui_support import WIDE, main_screen, make_app, notices, ready

from briefing.core.bundled import default_briefing
from briefing.core.involves import Kind, Subject
from briefing.ui.app import BriefingApp
from briefing.ui.widgets.detail import Detail

SMALLEST = (60, 20)


def link_in_view(detail: Detail) -> bool:
    """Whether the first line of the link under the cursor, if there is one (a detail
    scrolled to its text may have none in view), shows in the detail."""
    row = detail.highlight_region
    if row is None:
        return True
    top = row.y - int(detail.scroll_offset.y)
    return 0 <= top < detail.scrollable_content_region.height


def most_linked(app: BriefingApp, pane_name: str) -> str:
    """The item of this pane whose detail has the most links."""
    pane = app.screen.panes[pane_name]
    pane.ensure_filled()
    ids = pane.item_ids
    return max(ids, key=lambda item_id: len(pane.detail.describe(item_id).links))


async def test_the_selected_link_stays_in_view_after_moves_and_resizes_in_every_detail() -> None:
    app = make_app(default_briefing())
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        for name, pane in app.screen.panes.items():
            await pilot.press(pane.spec.key)
            assert pane.select(most_linked(app, name))
            await pilot.press("enter")
            await pilot.pause()
            detail = pane.detail
            assert app.focused is detail
            assert detail.option_count > 4, name  # more than the detail shows at 60x20
            await pilot.resize_terminal(*SMALLEST)
            await ready(pilot)
            await pilot.pause()
            assert detail.scrollable_content_region.height < detail.option_count
            assert link_in_view(pane.detail), name
            for key in ["j", "j", "j", "j", "pagedown", "G", "pageup", "g"]:
                await pilot.press(key)
                await pilot.pause()
                assert link_in_view(pane.detail), (name, key)
            await pilot.press("G")
            await pilot.resize_terminal(*WIDE)
            await ready(pilot)
            await pilot.pause()
            assert link_in_view(pane.detail), name
            await pilot.press("escape")


async def test_going_back_returns_to_the_link_left_from_and_esc_then_leaves_the_links() -> None:
    app = make_app(default_briefing())
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("2", "D", "y")
        await pilot.pause()
        await pilot.press("enter", "j")
        detail = app.screen.panes["elements"].detail
        left_from = detail.highlighted_id
        assert left_from is not None and left_from.startswith("event:")
        await pilot.press("enter")
        await ready(pilot)
        assert app.screen.pane == "timeline"
        await pilot.press("backspace")
        await ready(pilot)
        await pilot.pause()
        assert app.screen.pane == "elements" and main_screen(app).selected(Kind.ELEMENT) == "Dy"
        assert app.focused is detail
        assert detail.highlighted_id == left_from
        assert link_in_view(detail)
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.screen.panes["elements"].list
        # Forward, then back to where forward was pressed: the list, so the detail shows
        # the item from its heading.
        await pilot.press("right_square_bracket")
        await ready(pilot)
        assert app.screen.pane == "timeline"
        await pilot.press("backspace")
        await ready(pilot)
        await pilot.pause()
        assert app.focused is app.screen.panes["elements"].list
        assert detail.scroll_offset.y == 0


async def test_a_jump_that_clears_the_filter_says_so() -> None:
    app = make_app()
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("3")
        assert app.screen.panes["actors"].select("minister")
        await pilot.press("f")
        await ready(pilot)
        assert main_screen(app).filter == Subject(Kind.ACTOR, "minister")
        assert not any("Filter cleared" in note for note in notices(app))
        await pilot.press("2", "D", "y")
        await pilot.pause()
        await pilot.press("enter", "enter")  # april-controls: the filter hides it
        await ready(pilot)
        assert main_screen(app).selected(Kind.EVENT) == "april-controls"
        assert main_screen(app).filter is None
        assert any("Filter cleared" in note and "Backspace" in note for note in notices(app))


async def test_match_notices_do_not_pile_up() -> None:
    app = make_app(default_briefing())
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"tariff")
        await ready(pilot)
        await pilot.press("enter")
        await ready(pilot)
        for _ in range(4):
            await pilot.press("n")
            await ready(pilot)
            shown = [note for note in notices(app) if note.startswith("Match ")]
            assert len(shown) == 1, shown


async def test_the_palette_lists_the_reader_commands_with_nothing_typed_and_one_theme_entry() -> (
    None
):
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.action_command_palette()
        titles: list[str] = []
        for _ in range(200):
            await pilot.pause()
            options = app.screen.query(OptionList)
            if options:
                found = options.first()
                titles = [
                    str(found.get_option_at_index(i).prompt).split("\n", 1)[0]
                    for i in range(found.option_count)
                ]
            if "pane: Timeline" in titles:
                break
        for title in ["pane: Timeline", "search", "export", "mark all as read", "theme: light"]:
            assert title in titles
        assert "Theme" not in titles
        assert "Quit" in titles  # Textual's own commands stay


async def test_enter_shows_as_many_links_as_fit_from_the_first() -> None:
    """Links below a long text come into view together, not one at a time on the last line."""
    app = make_app(default_briefing())
    async with app.run_test(size=(120, 24)) as pilot:
        await ready(pilot)
        pane = app.screen.panes["timeline"]
        detail = pane.detail
        for event in app.briefing.events:
            assert pane.select(event.id)
            await pilot.pause()
            links = [index for index, row in enumerate(detail.rows) if row.id is not None]
            view = detail.scrollable_content_region.height
            block = detail.rows_region(links[0], links[-1]) if links else None
            if block is None or block.y < view or block.height > view:
                continue  # the links show already, or cannot all show
            await pilot.press("enter")
            await pilot.pause()
            assert detail.scroll_y <= block.y and block.bottom <= detail.scroll_y + view
            await pilot.press("escape")
            break
        else:
            raise AssertionError("no event has links below a text taller than the detail")
