"""A briefing on another subject, without export controls, shows nothing of them, nor
anything of the rare-earth topic the bundled briefing is about."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ui_support import NARROW, WIDE, ready, screen_text

from briefing.core.export import render_brief
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.core.summary import text_summary
from briefing.ui.app import BriefingApp
from briefing.ui.screens.main import MainScreen

PORT_STRIKE = Path(__file__).parent / "data" / "port-strike.yaml"

NEVER_SHOWN = re.compile(
    r"control|licen[cs]e|export ban|under export|to come|lifted|no control"
    r"|rare.earth|heavy|light rare|critical|magnet|dysprosium|china|beijing|[●◌○]",
    re.IGNORECASE,
)
"""Words of export controls and of the rare-earth topic; ● ◌ ○ are the status glyphs."""


@pytest.fixture(scope="module")
def strike() -> Briefing:
    return load_briefing(PORT_STRIKE)


def not_shown(text: str) -> list[str]:
    return sorted({match.group().lower() for match in NEVER_SHOWN.finditer(text)})


def test_the_fixture_itself_is_free_of_those_words(strike: Briefing) -> None:
    assert not_shown(PORT_STRIKE.read_text(encoding="utf-8")) == []
    assert not any(element.controls for element in strike.elements)


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_the_reader_speaks_of_no_controls(strike: Briefing, size: tuple[int, int]) -> None:
    app = BriefingApp(strike, theme="dark")
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        seen: list[str] = []
        # Every event (the timeline moves the grid's date), the element, actors and quote.
        for event in strike.events_in_order():
            screen.panes["timeline"].select(event.id)
            await pilot.pause()
            seen.append(screen_text(app))
        await pilot.press("2", "C", "u")
        await pilot.pause()
        seen.append(screen_text(app))
        assert "Copper" in seen[-1]  # the element's detail is on screen
        grid = screen.query_one("#elements-list")
        rows = ["".join(s.text for s in grid.render_line(y)) for y in range(grid.size.height)]
        assert "Cu" in "".join(rows)
        # No status glyph in the grid's cells (nor a legend for one).
        assert not [row for row in rows if re.search(r"[A-Z][a-z]?·|·[A-Z]", row)]
        for key in ("3", "4", "question_mark"):
            await pilot.press(key)
            await pilot.pause()
            seen.append(screen_text(app))
        assert not_shown("\n".join(seen)) == []


def test_the_brief_and_summary_speak_of_no_controls(strike: Briefing) -> None:
    brief = render_brief(strike)
    assert "Copper" in brief
    assert not_shown(brief) == []
    about = render_brief(strike, about="Cu")
    assert "Copper" in about
    assert not_shown(about) == []
    assert not_shown(text_summary(strike)) == []
