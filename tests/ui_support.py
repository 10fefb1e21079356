"""Helpers shared by the reader's Pilot and snapshot tests."""

from __future__ import annotations

import html
import re
from pathlib import Path

from rich.cells import cell_len
from textual.app import App
from textual.pilot import Pilot

from briefing.core.loader import load_briefing
from briefing.ui.app import BriefingApp

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

