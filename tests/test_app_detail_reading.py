"""Every line of every detail can be read by keyboard alone: its text, its control history,
its links and its sources, at the common terminal sizes."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from ui_support import make_app, ready

from briefing.core.bundled import default_briefing
from briefing.ui.app import BriefingApp
from briefing.ui.widgets.detail import Detail

SIZES = [(80, 24), (120, 24), (120, 40)]

# The item of each pane whose detail is longest, and the ones a new user got stuck in.
ITEMS = [
    ("timeline", "april-controls"),
    ("timeline", "japan-shipments-halted"),
    ("elements", "Dy"),
    ("elements", "Sc"),
    ("actors", "china"),
    ("quotes", "xi-assassins-mace"),
]


def all_lines(detail: Detail) -> list[str]:
    """Every line of the detail as laid out at its width now, blank ones left out."""
    width = detail.scrollable_content_region.width
    lines = []
    for index in range(len(detail.rows)):
        lines += [text.plain.rstrip() for text in detail._row_lines(index, width)]
    return [text for text in lines if text.strip()]


def shown_lines(detail: Detail) -> set[str]:
    return {
        "".join(segment.text for segment in detail.render_line(y)).rstrip()
        for y in range(detail.scrollable_content_region.height)
    }


async def read_with(pilot: Pilot[None], detail: Detail, key: str, limit: int = 400) -> set[str]:
    """The lines shown while ``key`` is pressed until the detail stops moving."""
    seen = shown_lines(detail)
    for _ in range(limit):
        before = (detail.scroll_y, detail.highlighted)
        await pilot.press(key)
        await pilot.pause()
        seen |= shown_lines(detail)
        if (detail.scroll_y, detail.highlighted) == before:
            break
    return seen


async def open_detail(app: BriefingApp, pilot: Pilot[None], pane_name: str, item: str) -> Detail:
    pane = app.screen.panes[pane_name]
    await pilot.press(pane.spec.key)
    assert pane.select(item)
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert app.focused is pane.detail
    return pane.detail


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize(("pane_name", "item"), ITEMS)
async def test_page_down_from_the_top_shows_every_line(
    size: tuple[int, int], pane_name: str, item: str
) -> None:
    app = make_app(default_briefing())
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        detail = await open_detail(app, pilot, pane_name, item)
        await pilot.press("home")
        await pilot.pause()
        assert detail.scroll_y == 0
        seen = await read_with(pilot, detail, "pagedown")
        missing = [text for text in all_lines(detail) if text not in seen]
        assert missing == [], (pane_name, item, size)


async def test_j_alone_reaches_the_sources_and_k_alone_the_heading() -> None:
    app = make_app(default_briefing())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        detail = await open_detail(app, pilot, "timeline", "april-controls")
        down = await read_with(pilot, detail, "j")
        for publisher in ["Guancha", "The Sun", "Asia Financial"]:
            assert any(publisher in text for text in down), publisher
        up = await read_with(pilot, detail, "k")
        assert all(text in down | up for text in all_lines(detail))
        assert detail.scroll_y == 0


@pytest.mark.parametrize("key", ["k", "pageup"])
async def test_the_control_history_above_an_elements_links_can_be_reached(key: str) -> None:
    app = make_app(default_briefing())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        detail = await open_detail(app, pilot, "elements", "Dy")
        seen = await read_with(pilot, detail, key)
        measure = "Export licence required for dysprosium-related items"
        assert any(measure in text for text in seen)
        assert any("Dysprosium" in text and "Dy" in text for text in shown_lines(detail))


@pytest.mark.parametrize("key", ["home", "g"])
async def test_home_shows_an_elements_heading_from_its_links(key: str) -> None:
    app = make_app(default_briefing())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        detail = await open_detail(app, pilot, "elements", "Dy")
        await pilot.press(key)
        await pilot.pause()
        assert detail.scroll_y == 0
        assert any("Dysprosium" in text and "Dy" in text for text in shown_lines(detail))


@pytest.mark.parametrize("key", ["end", "G"])
async def test_end_shows_a_quotes_sources(key: str) -> None:
    app = make_app(default_briefing())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        detail = await open_detail(app, pilot, "quotes", "xi-assassins-mace")
        await pilot.press(key)
        await pilot.pause()
        assert any(text.strip() == "Sources" for text in shown_lines(detail))


async def test_enter_follows_only_a_link_in_view_and_the_cursor_follows_the_view() -> None:
    app = make_app(default_briefing())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        detail = await open_detail(app, pilot, "elements", "Dy")
        await pilot.press("home")
        await pilot.pause()
        # Scrolled to its text: no link in view, so Enter stays in the detail.
        assert detail.highlighted_link is None
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is detail
        await pilot.press("end")
        await pilot.pause()
        target = detail.highlighted_link
        assert target is not None
        region = detail.highlight_region
        assert region is not None
        assert detail.scroll_y <= region.y < detail.scroll_y + detail.size.height


async def test_leaving_a_detail_shows_its_heading_again() -> None:
    app = make_app(default_briefing())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        detail = await open_detail(app, pilot, "elements", "Dy")
        assert detail.scroll_y > 0  # Enter brought the links into view
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.screen.panes["elements"].list
        assert detail.scroll_y == 0
        assert any("Dysprosium" in text for text in shown_lines(detail))


@pytest.mark.parametrize(("pane", "item_id"), [("elements", "Dy"), ("elements", "Sc")])
async def test_end_shows_an_elements_sources(pane: str, item_id: str) -> None:
    app = make_app(default_briefing())
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        detail = await open_detail(app, pilot, pane, item_id)
        await pilot.press("end")
        await pilot.pause()
        shown = shown_lines(detail)
        assert any(text.strip() == "Sources" for text in shown), shown
        assert any("Guancha" in text or "Asia Financial" in text for text in shown), shown
