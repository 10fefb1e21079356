"""n and N step through the search's results in every pane while a search is on, the
periodic table included; U steps back through new items there too."""

from __future__ import annotations

from pathlib import Path

from ui_support import WIDE, main_screen, make_app, ready

from briefing.core.bundled import default_briefing
from briefing.core.involves import Kind
from briefing.core.loader import load_briefing
from briefing.core.readstate import ReadMarks
from briefing.ui.app import BriefingApp
from briefing.ui.screens.main import MainScreen


async def search(pilot, words: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("slash", *words, "enter")
    await ready(pilot)


def where(app: BriefingApp) -> tuple[Kind, str | None]:
    return main_screen(app).here_item()


async def test_n_and_N_step_both_ways_from_the_periodic_table() -> None:
    app = make_app(default_briefing())
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await search(pilot, "magnet")
        main = main_screen(app)
        seen = [where(app)]
        while where(app)[0] is not Kind.ELEMENT:
            await pilot.press("n")
            await pilot.pause()
            seen.append(where(app))
            assert len(seen) <= len(main.matches) + 1
        in_grid = where(app)
        assert app.focused is main.panes["elements"].list
        await pilot.press("N")
        await pilot.pause()
        assert where(app) == seen[-2]  # the previous match, not nitrogen
        await pilot.press("n")
        await pilot.pause()
        assert where(app) == in_grid


async def test_N_types_nitrogen_again_once_esc_ends_the_search() -> None:
    app = make_app(default_briefing())
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await search(pilot, "magnet")
        await pilot.press("2", "escape")
        await pilot.pause()
        assert not main_screen(app).searching
        await pilot.press("N", "b")
        await pilot.pause()
        assert main_screen(app).selected(Kind.ELEMENT) == "Nb"
        await pilot.press("n")  # no search on: n says so and goes nowhere
        await pilot.pause()
        assert main_screen(app).selected(Kind.ELEMENT) == "Nb"


async def test_a_new_search_ends_the_one_on_until_its_enter() -> None:
    app = make_app(default_briefing())
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await search(pilot, "magnet")
        await pilot.press("slash")
        await pilot.pause()
        main = next(s for s in app.screen_stack if isinstance(s, MainScreen))
        assert not main.searching
        await pilot.press("escape")
        await pilot.pause()
        assert not main.searching


async def test_U_steps_back_through_new_items_from_the_periodic_table(tmp_path: Path) -> None:
    briefing = load_briefing(default_briefing())
    new = {f"elements/{e.symbol}" for e in briefing.elements[:3]}
    new |= {f"events/{e.id}" for e in briefing.events[:2]}
    app = BriefingApp(briefing, read_marks=ReadMarks(new=frozenset(new), first_visit=False))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        main = main_screen(app)
        marked = main.marked_items()
        element = next(item for item in marked if item[0] is Kind.ELEMENT)
        main.jump_to(*element)
        await pilot.pause()
        assert app.focused is main.panes["elements"].list
        await pilot.press("U")
        await pilot.pause()
        assert where(app) == marked[marked.index(element) - 1]  # not uranium
        assert main.selected(Kind.ELEMENT) != "U"
