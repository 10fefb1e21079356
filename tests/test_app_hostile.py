"""Nothing in a briefing reaches the terminal as a control sequence or is read as markup."""

from __future__ import annotations

import pytest
from ui_support import HOSTILE, NARROW, WIDE, make_app, ready, screen_text

CONTROL_CHARACTERS = ["\x1b", "\x9b", "\x07", "\u202e", "\u202c"]


def assert_inert(app) -> str:
    text = screen_text(app)
    for char in CONTROL_CHARACTERS:
        assert char not in text, repr(char)
    return text


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_every_pane_shows_hostile_text_inertly(size: tuple[int, int]) -> None:
    app = make_app(HOSTILE)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        shown = []
        for key in ["1", "enter", "2", "3", "4"]:
            await pilot.press(key)
            await pilot.pause()
            shown.append(assert_inert(app))
        everything = "\n".join(shown)
        # The escape sequences are visible as symbols, not acted upon.
        assert "␛]52;c;aGFja2Vk␇" in everything
        # Markup is shown literally, brackets and all.
        assert "[@click=app.quit]" in everything
        assert "[bold]" in everything
        assert "[/]" in everything
        assert app.is_running  # the [@click=app.quit] text did not become a link that quit


async def test_search_and_help_screens_stay_inert() -> None:
    app = make_app(HOSTILE)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"mallory")
        await ready(pilot)
        text = assert_inert(app)
        assert "[@click=app.quit]Quit[/]" in text
        await pilot.press("escape", "question_mark")
        await ready(pilot)
        assert_inert(app)


async def test_clicking_literal_click_markup_does_nothing() -> None:
    app = make_app(HOSTILE)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        # The header's subtitle carries "[@click=app.quit]quit[/]"; click all along row 0.
        for x in range(0, 120, 3):
            await pilot.click(offset=(x, 0))
        await ready(pilot)
        assert app.is_running
