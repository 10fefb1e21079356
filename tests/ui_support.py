"""Helpers shared by the reader's Pilot and snapshot tests."""

from __future__ import annotations

import asyncio
import contextlib
import html
import re
import time
from pathlib import Path

from rich.cells import cell_len
from textual.app import App
from textual.pilot import Pilot

from briefing.core.loader import load_briefing
from briefing.ui.app import BriefingApp
from briefing.ui.key_order import KeysInOrder
from briefing.ui.screens.main import MainScreen

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"
HOSTILE = DATA / "hostile.yaml"
WIDE = (120, 40)
NARROW = (80, 24)
READY_WITHIN = 30.0
"""Seconds ``ready`` waits at most: far more than a loaded machine needs."""
REFRESH_WITHIN = 2.0
"""Seconds ``ready`` waits for the screen's next refresh, which is at most a frame away."""


def make_app(path: Path = MINI, theme: str = "dark") -> BriefingApp:
    return BriefingApp(load_briefing(path), theme=theme)


async def ready(pilot: Pilot[None]) -> None:
    """Wait until every key read has been handled, every pane is mounted (on narrow
    terminals some mount after the first frame), and the screen has been laid out since.
    Keys typed in a burst are handled one after another, each once the one before it has
    gone through, so on a busy machine that can take many turns of the event loop."""
    app = pilot.app

    def settled() -> bool:
        keys_unhandled = app.keys_unhandled if isinstance(app, KeysInOrder) else 0
        panes = getattr(app.screen, "panes", ())
        return not keys_unhandled and len(app.screen.query(".pane")) == len(panes)

    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline:
        await pilot.pause()
        if settled():
            # What the last key changed is laid out, and what the layout sent (a list
            # centring its cursor) is handled. A screen that is closing never refreshes.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(app.screen.wait_for_refresh(), REFRESH_WITHIN)
            await pilot.pause()
            if settled():
                return
    raise AssertionError("keys were still unhandled, or panes unmounted, after 30 s")


def screen_text(app: BriefingApp) -> str:
    """What the screen shows, as text: the SVG export with its escaping undone."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


def main_screen(app: BriefingApp) -> MainScreen:
    """The reader's main screen, which holds the selection, the filter and the date."""
    main = MainScreen.of(app)
    assert main is not None
    return main
_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>',
    re.DOTALL,
)
SVG_CELL_WIDTH = 12.2
"""Width of one terminal cell in Textual's SVG screenshot (Rich draws 0.61 of a 20 px font)."""


def screen_lines(app: App[object]) -> list[str]:
    """What the screen shows, as one string per terminal line: the pieces of text of the
    SVG screenshot (``export_screenshot``) put back at their columns, styles dropped."""
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, line, text in _SVG_TEXT.findall(app.export_screenshot()):
        row, column = int(line), round(float(x) / SVG_CELL_WIDTH)
        for char in html.unescape(text).replace("\xa0", " ").rstrip("\n"):
            if row < height and column < width:
                rows[row][column] = char
            column += max(cell_len(char), 1)
    return ["".join(row).rstrip() for row in rows]


def notices(app: App[object]) -> list[str]:
    """The notifications on screen, as the text the user reads in them. The app must run
    with notifications shown (``run_test(notifications=True)``)."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]
