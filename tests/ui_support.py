"""Helpers shared by the reader's Pilot and snapshot tests."""

from __future__ import annotations

import html
from pathlib import Path

from textual.pilot import Pilot

from briefing.core.loader import load_briefing
from briefing.ui.app import BriefingApp
from briefing.ui.screens.main import MainScreen

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"
HOSTILE = DATA / "hostile.yaml"
WIDE = (120, 40)
NARROW = (80, 24)


def make_app(path: Path = MINI, theme: str = "dark") -> BriefingApp:
    return BriefingApp(load_briefing(path), theme=theme)


async def ready(pilot: Pilot[None]) -> None:
    """Wait until every pane is mounted (on narrow terminals some mount after the first frame)."""
    app = pilot.app
    for _ in range(100):
        await pilot.pause()
        screen = app.screen
        panes = getattr(screen, "panes", ())
        if len(screen.query(".pane")) == len(panes):
            return
    raise AssertionError("the panes were never all mounted")


def screen_text(app: BriefingApp) -> str:
    """What the screen shows, as text: the SVG export with its escaping undone."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


def main_screen(app: BriefingApp) -> MainScreen:
    """The reader's main screen, which holds the selection, the filter and the date."""
    main = MainScreen.of(app)
    assert main is not None
    return main
