"""Briefing text that looks like markup is shown as written on every screen, and never
reaches a markup parser: it cannot crash the reader, run an action or style itself."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
import rich.markup
import textual.markup
from ui_support import DATA, WIDE, make_app, ready, screen_text

from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.ui.app import BriefingApp

MARKUP = DATA / "markup.yaml"


def briefing_texts(briefing: Briefing) -> set[str]:
    """Every string in the briefing that looks like markup."""

    def walk(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                yield from walk(item)

    values = asdict(briefing)  # type: ignore[call-overload]
    return {text for text in walk(values) if "[" in text}


@pytest.fixture
def parser_guard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Fail when briefing text is handed to Textual's or Rich's markup parser."""
    texts = briefing_texts(load_briefing(MARKUP))
    assert len(texts) > 20  # the fixture really is markup everywhere
    leaked: list[str] = []
    original_to_content = textual.markup.to_content
    original_render = rich.markup.render

    def check(markup: str) -> None:
        leaked.extend(text for text in texts if text in markup)

    def to_content(markup: str, *args: Any, **kwargs: Any) -> Any:
        check(markup)
        return original_to_content(markup, *args, **kwargs)

    def render(markup: str, *args: Any, **kwargs: Any) -> Any:
        check(markup)
        return original_render(markup, *args, **kwargs)

    monkeypatch.setattr(textual.markup, "to_content", to_content)
    monkeypatch.setattr(rich.markup, "render", render)
    return leaked


async def settle(pilot: Any, app: BriefingApp, until: Any = None) -> None:
    for _ in range(200):
        await pilot.pause()
        if until is None or until():
            return
    raise AssertionError("the reader never got there")


async def walk_panes(pilot: Any, app: BriefingApp, shown: list[str], tmp_path: Path) -> None:
    """Every pane and its links."""
    for key in ["1", "enter", "down", "escape", "down", "2", "enter", "3", "enter"]:
        await pilot.press(key)
        await settle(pilot, app)
        shown.append(screen_text(app))
    for key in ["3", "down"] * 2 + ["4", "enter"]:
        await pilot.press(key)
        await settle(pilot, app)
        shown.append(screen_text(app))


async def click_all_over(pilot: Any, app: BriefingApp, rows: range) -> None:
    """After the panes' walk, clicks on ``rows`` of the screen: no text may have become a
    link to an action."""
    await walk_panes(pilot, app, [], Path())
    for y in rows:
        for x in range(0, WIDE[0], 8):
            await pilot.click(offset=(x, y))
    await settle(pilot, app)
    assert app.is_running


async def click_top(pilot: Any, app: BriefingApp, shown: list[str], tmp_path: Path) -> None:
    await click_all_over(pilot, app, range(0, WIDE[1] // 2, 5))
    shown.append(screen_text(app))


async def click_bottom(pilot: Any, app: BriefingApp, shown: list[str], tmp_path: Path) -> None:
    await click_all_over(pilot, app, range(WIDE[1] // 2, WIDE[1], 5))
    shown.append(screen_text(app))


async def walk_exports(pilot: Any, app: BriefingApp, shown: list[str], tmp_path: Path) -> None:
    """The filter on each actor in turn with a brief about it, then a brief written: a
    notification names the file."""
    for downs in range(2):
        await pilot.press("3", "home", *["down"] * downs, "f", "e")
        await settle(pilot, app, lambda: getattr(app.screen, "preview_shown", False))
        shown.append(screen_text(app))
        await pilot.press("escape", "escape")
    await pilot.press("e")
    await settle(pilot, app, lambda: getattr(app.screen, "preview_shown", False))
    path_input = app.screen.query_one("#export-path")
    path_input.value = str(tmp_path / "[@click=app.quit]brief[b.md")  # type: ignore[attr-defined]
    await pilot.press("ctrl+s")
    await settle(pilot, app)
    await settle(pilot, app, lambda: not app.screen.query("#export-box"))
    shown.append(screen_text(app))


async def walk_search_and_help(
    pilot: Any, app: BriefingApp, shown: list[str], tmp_path: Path
) -> None:
    """Search, stepping through the matches (each step a notification), help, the palette."""
    await pilot.press("slash", *"click")
    await settle(
        pilot,
        app,
        lambda: (
            bool(app.screen.query("#search-results"))
            and app.screen.query_one("#search-results").option_count > 0
        ),  # type: ignore[attr-defined]
    )
    shown.append(screen_text(app))
    await pilot.press("enter", "n")
    await settle(pilot, app, lambda: "Match 2 of" in screen_text(app))
    shown.append(screen_text(app))
    await pilot.press("question_mark")
    await settle(pilot, app)
    shown.append(screen_text(app))
    await pilot.press("escape", "ctrl+p")
    await settle(pilot, app)
    await pilot.press(*"pane")
    await settle(pilot, app)
    shown.append(screen_text(app))
    await pilot.press("escape")
    await settle(pilot, app)


# Each walk, with what it must show as written. Apart, so that they run side by side.
WALKS = {
    "panes": (
        walk_panes,
        [
            "Office [/x]",
            "[@click=app.quit]Ministry[/]",
            "Event [/x] [@click=app.quit]Quit[/]",
            "Licence [/x] [@click=app.quit]required[/]",
            "We said [bold]nothing[/bold] [/x] at all",
        ],
    ),
    "exports": (
        walk_exports,
        [
            "Export a brief: Office [/x]",
            "Export a brief: [@click=app.quit]Ministry[/]",
            "[@click=app.quit]brief[b.md",
        ],
    ),
    "search and help": (walk_search_and_help, ["Match 2 of 6: Office [/x]"]),
    "clicks on the top half": (click_top, ["We said [bold]nothing[/bold] [/x] at all"]),
    "clicks on the bottom half": (click_bottom, ["We said [bold]nothing[/bold] [/x] at all"]),
}


@pytest.mark.parametrize("walk", list(WALKS))
async def test_markup_in_every_field_is_shown_as_written_and_never_parsed(
    walk: str, parser_guard: list[str], tmp_path: Path
) -> None:
    visit, expected = WALKS[walk]
    app = make_app(MARKUP)
    shown: list[str] = []
    async with app.run_test(size=WIDE, notifications=True, tooltips=True) as pilot:
        await ready(pilot)
        await visit(pilot, app, shown, tmp_path)
    assert app.return_code is None or app.return_code == 0
    everything = "\n".join(shown)
    for text in expected:
        assert text in everything, text
    # No briefing text reached Textual's or Rich's markup parser on the way.
    assert parser_guard == []
