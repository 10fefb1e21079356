"""The reader's export screen: preview with the page budget, write, overwrite, copy, close."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input, Markdown, Static
from ui_support import HOSTILE, MINI, NARROW, WIDE, make_app, screen_text

from briefing.core.export import build_brief, render_brief
from briefing.core.loader import load_briefing
from briefing.ui.screens.export import ExportScreen
from briefing.ui.state import Filter


def status(app: object) -> str:
    return str(app.screen.query_one("#export-status", Static).content)  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def test_e_previews_the_brief_with_the_budget_in_use() -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        budget = str(app.screen.query_one("#export-budget", Static).content)
        assert budget.startswith(build_brief(load_briefing(MINI)).usage_line())
        assert re.match(r"\d+ / 480 words, \d+ / 55 lines, 1 / 6 table rows", budget)
        assert budget.endswith("every key item fits")
        preview = app.screen.query_one(Markdown)
        assert preview.source == render_brief(load_briefing(MINI))
        path = app.screen.query_one("#export-path", Input)
        assert path.value == "brief-mini.md" and app.focused is path


async def test_enter_writes_the_file_and_closes(in_tmp: Path) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        written = (in_tmp / "brief-mini.md").read_text(encoding="utf-8")
        assert written == render_brief(load_briefing(MINI))
        assert any("brief-mini.md" in str(note.message) for note in app._notifications)


async def test_an_existing_file_is_replaced_only_when_asked_twice(in_tmp: Path) -> None:
    existing = in_tmp / "brief-mini.md"
    existing.write_text("keep me")
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert status(app) == "brief-mini.md exists: write again to replace it."
        assert existing.read_text() == "keep me"
        # Editing the path withdraws the warning: the next write asks again.
        await pilot.press("end", "x", "backspace")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert existing.read_text() == "keep me"
        await pilot.click("#export-write")
        await pilot.pause()
        assert existing.read_text().startswith("# Mini briefing")
        assert not isinstance(app.screen, ExportScreen)


async def test_a_missing_directory_is_reported_on_the_screen(in_tmp: Path) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).value = "nowhere/brief.md"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert status(app) == "Cannot write nowhere/brief.md: no such directory nowhere"
        assert app.screen.query_one("#export-status").has_class("-error")
        assert list(in_tmp.iterdir()) == []


async def test_copy_puts_the_brief_on_the_clipboard_and_escape_closes() -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert app.clipboard == render_brief(load_briefing(MINI))
        assert status(app).startswith("Copied to the clipboard")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)


async def test_the_active_filter_scopes_the_brief() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        app.filter = Filter("element", "Dy", "Dysprosium")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one(Markdown).source == render_brief(
            load_briefing(MINI), about="Dy"
        )
        assert app.screen.query_one("#export-path", Input).value == "brief-mini-Dy.md"
        assert "Dysprosium (Dy)" in str(app.screen.query_one("#export-box").border_title)


async def test_the_palette_offers_export() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"export")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)


async def test_hostile_text_in_the_preview_stays_text() -> None:
    app = make_app(HOSTILE)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        shown = screen_text(app)
        assert "[@click=app.quit]quit[/]" in shown
        assert "␛[31mred␛[0m" in shown
        assert "\x1b" not in shown
