"""``briefing DIR``: the library screen lists the folder's briefings, opens one, and ``0``
(or the palette's ``library``) comes back from anywhere in it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from library_support import BUNDLED, MINI_TEXT, variant, write_edit
from ui_support import WIDE, main_screen, ready, screen_lines, screen_text

from briefing.core.library import Library
from briefing.ui.app import BriefingApp
from briefing.ui.screens.help import HelpScreen
from briefing.ui.screens.library import LibraryList, LibraryScreen
from briefing.ui.screens.main import MainScreen
from briefing.ui.screens.search import SearchScreen


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "briefings"
    folder.mkdir()
    write_edit(folder / "mini.yaml", MINI_TEXT)
    write_edit(folder / "ports.yml", variant("ports", "Ports in winter", "2025-12-01"))
    write_edit(folder / "rare-earths.yaml", BUNDLED.read_text(encoding="utf-8"))
    write_edit(folder / "broken.yaml", "format: 1\nid: [\n")
    return folder


def library_app(folder: Path) -> BriefingApp:
    library = Library(folder)
    return BriefingApp(None, library=library, catalogue=library.refresh())


def _order(text: str, *needles: str) -> list[int]:
    return [text.index(needle) for needle in needles]


async def test_the_library_lists_each_briefing_newest_first_with_its_size(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, LibraryScreen)
        text = screen_text(app)
        positions = _order(
            text, "Ports in winter", "Mini briefing", "Rare earths in the 2025 trade war"
        )
        assert positions == sorted(positions)
        assert "as of 10 Nov 2025 · 4 events · 2 quotes · mini" in text
        assert "42 events · 51 quotes · rare-earths-2025" in text
        # The invalid file last, with its first error's position.
        assert "broken.yaml" in text
        assert f"cannot be opened: {folder / 'broken.yaml'}:3:1:" in text
        assert text.index("broken.yaml") > positions[-1]


async def test_enter_opens_the_highlighted_briefing_and_0_comes_back(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("j", "enter")  # the second: Mini briefing
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.briefing.id == "mini"
        assert "Mini briefing" in screen_text(app)
        await pilot.press("0")
        await ready(pilot)
        assert isinstance(app.screen, LibraryScreen)
        # The cursor stays where it was; another briefing opens with state of its own.
        await pilot.press("j", "enter")
        await ready(pilot)
        assert app.briefing.id == "rare-earths-2025"
        assert main_screen(app).briefing is app.briefing
        await pilot.press("slash")
        await ready(pilot)
        assert isinstance(app.screen, SearchScreen)
        # The search index is the open briefing's: a word only it has is found.
        assert len(app.search_index.search("Beijing")) > 0


@pytest.mark.parametrize(
    "keys",
    [
        ["3", "enter", "enter"],  # after following an actor's link
        ["4", "enter"],  # in a quote's detail
        ["2", "f"],  # with a filter set
        ["e", "escape"],  # after the export (its file name field takes digits as text)
    ],
)
async def test_0_comes_back_to_the_library_from_anywhere_in_a_briefing(
    folder: Path, keys: list[str]
) -> None:
    app = library_app(folder)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await ready(pilot)
        for key in keys:
            await pilot.press(key)
            await ready(pilot)
        await pilot.press("0")
        await ready(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert len(app.screen_stack) == 1


async def test_backspace_and_escape_never_leave_the_briefing(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("enter", "4", "enter", *["backspace"] * 12, *["escape"] * 6)
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_an_invalid_file_cannot_be_opened(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("G", "enter")
        await ready(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert not app.opened


async def test_two_files_with_one_id_are_listed_and_neither_opens(folder: Path) -> None:
    write_edit(folder / "mini-copy.yaml", MINI_TEXT)
    app = library_app(folder)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert "Library: 2 briefings · 3 cannot be opened" in screen_lines(app)[0]
        library = app.screen
        assert isinstance(library, LibraryScreen)
        rows = library.query_one(LibraryList).rows
        shown = {row.id: row.prompt().plain for row in rows}
        assert "the id 'mini' is also the id of mini-copy.yaml" in shown["mini.yaml"]
        assert "the id 'mini' is also the id of mini.yaml" in shown["mini-copy.yaml"]
        assert shown["mini.yaml"].startswith("Mini briefing\ncannot be opened: ")
        for row in ("mini.yaml", "mini-copy.yaml"):
            library.query_one(LibraryList).select_id(row)
            await pilot.press("enter")
            await ready(pilot)
            assert isinstance(app.screen, LibraryScreen)
        assert not app.opened


async def test_back_at_the_library_an_edit_shows(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await ready(pilot)
        write_edit(folder / "ports.yml", variant("ports", "Ports in spring", "2026-03-01"))
        await pilot.press("0")
        await ready(pilot)
        assert "Ports in spring" in screen_text(app)


async def test_the_palette_has_a_library_entry(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await ready(pilot)
        await pilot.press("ctrl+p")
        await ready(pilot)
        await pilot.press(*"library", "enter")
        await ready(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_q_quits_from_the_library_and_from_a_briefing(folder: Path) -> None:
    for keys in (["q"], ["enter", "q"]):
        app = library_app(folder)
        async with app.run_test(size=WIDE) as pilot:
            await ready(pilot)
            await pilot.press(*keys)
            await pilot.pause()
        assert app.return_code == 0 and not app.is_running


async def test_help_on_the_library_explains_its_keys(folder: Path) -> None:
    app = library_app(folder)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await ready(pilot)
        text = screen_text(app)
        assert "Library" in text and "Open the highlighted briefing" in text
        assert "Next item" in text and "Last item" in text
        assert isinstance(app.screen, HelpScreen)
        every = " ".join(str(app.screen.query_one("#help-text").content).split())
        assert "Back to the library" in every


async def test_a_single_file_shows_no_library(folder: Path) -> None:
    from ui_support import make_app

    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("0")
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        assert not any(isinstance(screen, LibraryScreen) for screen in app.screen_stack)


def _briefing(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_a_folder_in_a_pipe_prints_its_list_as_ssh_list_does(folder: Path) -> None:
    result = _briefing(str(folder))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        "ports             2025-12-01  Ports in winter",
        "mini              2025-11-10  Mini briefing",
        "rare-earths-2025  2025-10-15  Rare earths in the 2025 trade war",
    ]
    assert lines[3].startswith("invalid: broken.yaml:3:1: ")


def test_a_folder_without_briefings_is_refused_in_one_line(tmp_path: Path) -> None:
    result = _briefing(str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == (
        f"briefing: cannot read {tmp_path}: a folder with no briefing files (*.yaml, *.yml) in it\n"
    )


def test_the_as_of_date_reads_as_everywhere_else() -> None:
    from datetime import date

    from briefing.core.catalogue import Entry, Summary
    from briefing.ui.screens.library import entry_row

    summary = Summary("ports", "Ports in winter", date(2025, 11, 1), 3, 1)
    row = entry_row(Entry(Path("ports.yml"), summary, b""), "0")
    assert "as of 1 Nov 2025 · 3 events · 1 quote · ports" in row.prompt().plain
