"""Start-up: the first frame already shows the briefing, and start-up work is done once."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest
from ui_support import MINI, NARROW, WIDE, make_app, ready, screen_lines

from briefing.core.bundled import default_briefing
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.ui.app import BriefingApp
from briefing.ui.screens.main import MainScreen
from briefing.ui.state import filtered_events
from briefing.ui.widgets.actors import grouped_actor_rows


class FirstFrameApp(BriefingApp):
    """Keeps the text of the screen as the first refresh drew it: the first frame."""

    first_frame: str | None = None

    def on_mount(self) -> None:
        self.call_after_refresh(self._keep_first_frame)

    def _keep_first_frame(self) -> None:
        self.first_frame = "\n".join(screen_lines(self))


def current_event_title(briefing: Briefing) -> str:
    events = filtered_events(briefing, None)
    return [event for event in events if event.date <= briefing.as_of_date][-1].title


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "120x40"])
async def test_the_first_frame_shows_the_briefing_not_an_empty_shell(
    size: tuple[int, int],
) -> None:
    briefing = load_briefing(default_briefing())
    app = FirstFrameApp(briefing, theme="dark")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        first = app.first_frame
        assert first is not None
        assert briefing.title[:20] in first
        assert "Help" in first
        # The timeline is filled, scrolled to the event the reader starts on, and that
        # event's detail is shown beside it.
        current = current_event_title(briefing)
        assert first.count(current[:15]) >= 2, first
        assert "as of" in first
        if size == NARROW:
            assert "1 Timeline" in first and "2 Elements" in first  # the pane bar
        else:
            assert "Controls as of" in first  # the periodic table
            first_actor = next(row for row in grouped_actor_rows(briefing) if row.id)
            actor = briefing.actor(first_actor.id or "")
            assert actor is not None and actor.name in first


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "120x40"])
async def test_the_first_frame_is_the_final_frame(size: tuple[int, int]) -> None:
    """Scrollbars (thumbs in place, the cursor's row centred) are in the very first frame,
    not added by a layout that follows it."""
    briefing = load_briefing(default_briefing())
    app = FirstFrameApp(briefing, theme="dark")
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.pause()
        first = app.first_frame
        assert first is not None
        assert any(thumb in first for thumb in "▁▂▃▄▅▆▇█")  # a thumb is drawn
        settled = "\n".join(screen_lines(app))
        assert first.splitlines() == settled.splitlines()


async def test_the_app_turns_garbage_collection_back_on_after_the_first_frame() -> None:
    from briefing.ui import startup

    startup.pause_collection()  # as ``briefing`` does before it imports and builds the reader
    try:
        assert not gc.isenabled()
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # what start-up built is left out of later passes
    finally:
        gc.unfreeze()
        gc.enable()


async def test_a_theme_chosen_at_start_and_one_chosen_later_both_apply() -> None:
    app = BriefingApp(load_briefing(MINI), theme="light")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        light = app.screen.styles.background
        assert app.stylesheet.rules  # parsed once, with the light theme's colours
        assert light.brightness > 0.5
        app.theme = "dark"
        await pilot.pause()
        assert app.screen.styles.background.brightness < 0.5


async def test_the_default_theme_is_on_at_start_and_a_later_choice_restyles() -> None:
    app = BriefingApp(load_briefing(MINI))
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.has_class("-theme-dark", "-dark-mode")
        dark = app.screen.styles.background
        app.theme = "light"
        await pilot.pause()
        assert app.screen.styles.background != dark


async def test_search_is_made_ready_in_the_background_after_the_first_frame() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        index = app._search_index
        assert index is not None  # built without anyone pressing /
        assert index._typos is not None  # and its typo dictionary too


def test_opening_the_reader_imports_nothing_it_does_not_need_yet() -> None:
    """Did-you-mean hints (difflib) and the SSH server's rules load only when used."""
    code = (
        "import sys, os\n"
        "import briefing.core.loader\n"
        "print('difflib' in sys.modules)\n"
        "import briefing.ui.app\n"
        "print('briefing.serve.policy' in sys.modules)\n"
        "print(os.environ.get('PYDANTIC_DISABLE_PLUGINS'))\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYDANTIC_DISABLE_PLUGINS"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert result.stdout.split() == ["False", "False", "__all__"]


def test_the_reader_imports_its_screens_and_palette_entries_when_first_used() -> None:
    """What no first frame shows is imported when it is first needed, not at start."""
    later = [
        "briefing.ui.commands",
        "briefing.ui.screens.search",
        "briefing.ui.screens.help",
        "briefing.ui.screens.export",
        "calendar",
    ]
    code = (
        f"import sys, briefing.ui.app\nprint([name for name in {later!r} if name in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
