"""Regenerate the README screenshots from the real app.

``python -m briefing.devtools.screenshots`` writes SVGs into ``screenshots/`` (or ``--out``):
each pane focused at 120x40 in the dark and light themes, the narrow layout at 80x24, and the
search and help screens.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
from pathlib import Path

from briefing.core.bundled import default_briefing
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.ui.app import BriefingApp

WIDE = (120, 40)
NARROW = (80, 24)
THEMES = ("dark", "light")
PANES = {"timeline": "1", "elements": "2", "actors": "3", "quotes": "4"}


async def _shoot(
    briefing: Briefing,
    directory: Path,
    name: str,
    theme: str,
    size: tuple[int, int],
    keys: Sequence[str] = (),
) -> Path:
    app = BriefingApp(briefing, theme=theme)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        for field in app.screen.query("Input"):
            field.cursor_blink = False  # type: ignore[attr-defined]
        await pilot.pause()
        filename = f"{name}.svg"
        app.save_screenshot(filename=filename, path=str(directory))
    return directory / filename


async def shoot_all(briefing: Briefing, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for theme in THEMES:
        for pane, key in PANES.items():
            if pane == "elements" and not briefing.elements:
                continue
            written.append(await _shoot(briefing, directory, f"{pane}-{theme}", theme, WIDE, [key]))
    written.append(await _shoot(briefing, directory, "narrow-timeline-dark", "dark", NARROW))
    written.append(await _shoot(briefing, directory, "narrow-elements-dark", "dark", NARROW, ["2"]))
    search = ["slash", *"dysprosium"]
    written.append(await _shoot(briefing, directory, "search-dark", "dark", WIDE, search))
    written.append(await _shoot(briefing, directory, "help-dark", "dark", WIDE, ["question_mark"]))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m briefing.devtools.screenshots",
        description="Regenerate the SVG screenshots of the reader.",
    )
    parser.add_argument("file", nargs="?", type=Path, help="briefing (default: the bundled one)")
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="(%(default)s)")
    options = parser.parse_args(argv)
    briefing = load_briefing(options.file or default_briefing())
    for path in asyncio.run(shoot_all(briefing, options.out)):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
