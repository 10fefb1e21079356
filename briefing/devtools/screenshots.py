"""Regenerate the README screenshots from the real app.

``python -m briefing.devtools.screenshots`` writes SVGs into ``screenshots/`` (or ``--out``):
each pane focused at 120x40 in the dark, light and high-contrast themes, the narrow layout at
80x24, and the search and help screens, and the marks of what is new since an earlier version
was read, and ``--screen-reader`` at 80x24; and the sample one-page brief,
``brief-<id>.md`` (``--brief`` writes only that).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from briefing.core.bundled import default_briefing
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.core.readstate import ReadMarks, load_marks, save_read
from briefing.ui.app import BriefingApp

WIDE = (120, 40)
NARROW = (80, 24)
THEMES = ("dark", "light", "high-contrast")
PANES = {"timeline": "1", "elements": "2", "actors": "3", "quotes": "4"}


async def _shoot(
    briefing: Briefing,
    directory: Path,
    name: str,
    theme: str,
    size: tuple[int, int],
    keys: Sequence[str] = (),
    read_marks: ReadMarks | None = None,
    screen_reader: bool = False,
) -> Path:
    app = BriefingApp(briefing, theme=theme, read_marks=read_marks, screen_reader=screen_reader)
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
    written.append(await shoot_marks(briefing, directory))
    written.extend(await shoot_screen_reader(briefing, directory))
    return written


async def shoot_screen_reader(briefing: Briefing, directory: Path) -> list[Path]:
    """``--screen-reader`` at 80x24: the timeline, and the elements as a list."""
    directory.mkdir(parents=True, exist_ok=True)
    written = [
        await _shoot(
            briefing, directory, "screen-reader-timeline-dark", "dark", NARROW, ["k"], None, True
        )
    ]
    if briefing.elements:
        written.append(
            await _shoot(
                briefing,
                directory,
                "screen-reader-elements-dark",
                "dark",
                NARROW,
                ["2", "j"],
                None,
                True,
            )
        )
    return written


def earlier_version(briefing: Briefing) -> Briefing:
    """``briefing`` as it might have been a while before: without its three latest events,
    and with its first quote and first actor's role worded otherwise."""
    latest = {event.id for event in briefing.events_in_order()[-3:]}
    quotes = list(briefing.quotes)
    if quotes:
        quotes[0] = replace(quotes[0], text=quotes[0].text + " (as first reported)")
    actors = list(briefing.actors)
    if actors:
        actors[0] = replace(actors[0], role="(not yet described)")
    return replace(
        briefing,
        events=[event for event in briefing.events if event.id not in latest],
        quotes=quotes,
        actors=actors,
    )


async def shoot_marks(briefing: Briefing, directory: Path) -> Path:
    """The reader opened after ``earlier_version`` was read: the new and changed items marked."""
    with tempfile.TemporaryDirectory() as state:
        save_read(earlier_version(briefing), Path(state))
        marks = load_marks(briefing, Path(state))
    # On the latest event, the first of the new ones in view, with quotes marked below.
    return await _shoot(briefing, directory, "marks-dark", "dark", WIDE, ["G"], marks)


def write_sample_brief(briefing: Briefing, directory: Path) -> Path:
    """The one-page brief of ``briefing`` as ``briefing export`` writes it, into
    ``directory`` under its default name; returns its path."""
    from briefing.core.export import default_file_name, render_brief

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / default_file_name(briefing)
    path.write_text(render_brief(briefing), encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m briefing.devtools.screenshots",
        description="Regenerate the SVG screenshots of the reader and the sample brief.",
    )
    parser.add_argument("file", nargs="?", type=Path, help="briefing (default: the bundled one)")
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="(%(default)s)")
    parser.add_argument("--brief", action="store_true", help="write only the sample brief")
    options = parser.parse_args(argv)
    briefing = load_briefing(options.file or default_briefing())
    print(write_sample_brief(briefing, options.out))
    if not options.brief:
        for path in asyncio.run(shoot_all(briefing, options.out)):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
