"""Readable in every theme: WCAG contrast measured on the rendered screens, and the three
element categories told apart in 16-colour, 256-colour and true-colour terminals.

WCAG 2.2 asks 4.5:1 for text (AA, success criterion 1.4.3), 7:1 for enhanced contrast
(AAA, 1.4.6); the high-contrast theme is held to the latter. Each theme walks the same
screens: every pane with its cursor, a detail's links, the filter chip, the narrow layout,
help, search with its matches, the export preview, the command palette, notices of each
severity and the size message, with items marked new and changed. Dialogs drawn over a
dimmed screen are measured inside the dialog only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from contrast_support import (
    DEPTHS,
    Cell,
    Pair,
    pairs,
    reduce,
    screen_cells,
    standard_color,
    worst,
)
from rich.color import ColorSystem
from textual.command import CommandList, CommandPalette
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Input
from ui_support import MINI, NARROW, WIDE, ready

from briefing.core.loader import load_briefing
from briefing.core.readstate import load_marks, save_read
from briefing.devtools.screenshots import earlier_version
from briefing.ui.app import BriefingApp
from briefing.ui.screens.export import ExportScreen
from briefing.ui.themes import THEMES
from briefing.ui.widgets.element_grid import ElementGrid

REQUIRED = {"dark": 4.5, "light": 4.5, "high-contrast": 7.0}
CATEGORY_OF = {"Dy": "heavy-rare-earth", "Nd": "light-rare-earth", "Ga": "other-critical"}


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def _walk(pilot: Pilot[None]) -> AsyncIterator[tuple[str, Region | None]]:
    """Each screen of the walk, once drawn: what it is, and the region to measure (None:
    all of it)."""
    app = pilot.app
    await ready(pilot)
    for pane, key in (("timeline", "1"), ("elements", "2"), ("actors", "3"), ("quotes", "4")):
        await pilot.press(key, "down")
        await _settle(pilot)
        yield f"{pane} focused", None
    await pilot.press("1", "enter")
    await _settle(pilot)
    yield "an event's links", None
    await pilot.press("escape", "3", "f")
    await _settle(pilot)
    yield "filter chip", None
    await pilot.press("escape", "question_mark")
    await _settle(pilot)
    yield "help", None
    await pilot.press("escape", "slash", *"rare")
    await _settle(pilot)
    yield "search", None
    await pilot.press("down")
    await _settle(pilot)
    yield "search, a result selected", None
    await pilot.press("escape", "e")
    await pilot.wait_for_animation()
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    for _ in range(1000):  # the brief is built in a thread
        if screen.preview_shown:
            break
        await pilot.pause(0.01)
    assert screen.preview_shown
    await _settle(pilot)
    yield "export", screen.query_one("#export-box").region
    await pilot.press("escape", "ctrl+p", *"theme")
    await _settle(pilot)
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    await pilot.press("down")
    await _settle(pilot)
    yield (
        "palette",
        palette.query_one("#--input").region.union(palette.query_one(CommandList).region),
    )
    await pilot.press("escape")
    # The reader's notices (a brief written, a served reader's Ctrl+Z), of each severity.
    for severity in ("information", "warning", "error"):
        app.notify(f"A {severity} notice", title="Export", severity=severity, timeout=30)
    await _settle(pilot)
    assert len(app.screen.query("Toast")) == 3
    yield "notices", None
    app.clear_notifications()
    await pilot.resize_terminal(*NARROW)
    await ready(pilot)
    for pane, key in (("timeline", "1"), ("quotes", "4")):
        await pilot.press(key)
        await _settle(pilot)
        yield f"80x24, {pane}", None
    await pilot.resize_terminal(50, 15)
    await _settle(pilot)
    yield "size message", None


@pytest.mark.parametrize("theme", list(REQUIRED))
async def test_text_contrast(theme: str, tmp_path: Path) -> None:
    """Every text cell of every screen meets the theme's ratio at both colour depths, with
    items marked new and changed since an earlier version was read."""
    briefing = load_briefing(MINI)
    save_read(earlier_version(briefing), tmp_path)
    app = BriefingApp(briefing, theme=theme, read_marks=load_marks(briefing, tmp_path))
    found: dict[str, list[Pair]] = {depth: [] for depth in DEPTHS}
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        async for where, region in _walk(pilot):
            cells = screen_cells(app)
            for depth, system in DEPTHS.items():
                found[depth].extend(pairs(cells, system, where, region))
    failures = []
    for depth, measured in found.items():
        assert measured, "no text was measured"
        low = {
            (pair.color, pair.bgcolor): pair
            for pair in reversed(worst(measured))
            if pair.ratio < REQUIRED[theme]
        }  # each pair of colours once, where it was first seen
        failures.extend(f"{depth}: {pair}" for pair in reversed(low.values()))
    assert not failures, f"{theme} below {REQUIRED[theme]}:1, worst first:\n" + "\n".join(
        failures[:40]
    )


def _symbol_cell(cells: list[Cell], symbol: str, table: Region) -> Cell:
    """The first letter of ``symbol`` in the periodic table, drawn in ``table``."""
    text = {(cell.x, cell.y): cell.char for cell in cells}
    for cell in cells:
        if not table.contains(cell.x, cell.y):
            continue
        if cell.char == symbol[0] and text.get((cell.x + 1, cell.y), " ") == symbol[1]:
            # A symbol stands alone, or after its neighbour's status mark in the narrowest
            # table: not inside a word of the title or legend.
            before, after = text.get((cell.x - 1, cell.y), " "), text.get((cell.x + 2, cell.y), " ")
            if not before.isalpha() and not after.isalpha():
                return cell
    raise AssertionError(f"{symbol} is not on the screen")


def _look(cell: Cell, depth: str) -> tuple[object, ...]:
    """How ``cell`` looks in a terminal of ``depth``: its colour there and its style."""
    if depth == "16":
        color: object = standard_color(cell.color)
    else:
        system = ColorSystem.EIGHT_BIT if depth == "256" else ColorSystem.TRUECOLOR
        color = reduce(cell.color, system)
    return (color, cell.bold, cell.italic, cell.underline)


@pytest.mark.parametrize("theme", list(REQUIRED))
async def test_categories_apart_at_every_depth(theme: str) -> None:
    """The three categories look different from each other in 16-colour, 256-colour and
    true-colour terminals. (The ANSI theme writes the terminal's own colour numbers, which
    a screenshot shows through a palette of its own: its three are the theme's ansi_cyan,
    ansi_yellow and ansi_blue.)"""
    briefing = load_briefing(MINI)
    assert {element.category for element in briefing.elements} >= set(CATEGORY_OF.values())
    app = BriefingApp(briefing, theme=theme)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("2", "g")  # the cursor on hydrogen, away from the categories
        await _settle(pilot)
        cells = screen_cells(app)
        table = app.screen.query_one(ElementGrid).region
    for depth in ("16", "256", "truecolor"):
        looks = {
            category: _look(_symbol_cell(cells, symbol, table), depth)
            for symbol, category in CATEGORY_OF.items()
        }
        assert len(set(looks.values())) == 3, f"{theme}, {depth} colours: {looks}"


def test_the_ansi_theme_gives_each_category_a_terminal_colour_of_its_own() -> None:
    (ansi,) = [theme for theme in THEMES if theme.name == "ansi"]
    colours = [ansi.variables[f"element-{category}"] for category in CATEGORY_OF.values()]
    assert len(set(colours)) == 3
    assert all(colour.startswith("ansi_") for colour in colours)
