"""The reader's export screen: preview with the page budget, write, overwrite, copy, close."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static
from ui_support import HOSTILE, MINI, NARROW, WIDE, main_screen, make_app, notices, screen_text

from briefing.core.export import build_brief, render_brief
from briefing.core.involves import Kind, Subject
from briefing.core.loader import load_briefing
from briefing.ui.app import BriefingApp
from briefing.ui.screens import export as export_screen
from briefing.ui.screens.export import ExportScreen


async def open_export(pilot: Pilot[None]) -> ExportScreen:
    """Press e and wait until the brief, built in a thread, is in the preview."""
    await pilot.press("e")
    for _ in range(500):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, ExportScreen) and screen.preview_shown:
            await pilot.pause()
            return screen
        await pilot.app.workers.wait_for_complete()
    raise AssertionError("the preview never appeared")


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
        screen = await open_export(pilot)
        budget = str(app.screen.query_one("#export-budget", Static).content)
        assert budget.startswith(build_brief(load_briefing(MINI)).usage_line())
        assert re.match(r"\d+ / 480 words, \d+ / 54 lines, 1 / 6 table rows", budget)
        assert budget.endswith("every key item fits")
        assert screen.brief is not None
        assert screen.brief.markdown == render_brief(load_briefing(MINI))
        shown = screen_text(app)
        assert "Key points" in shown and "Controls on two elements were added in April." in shown
        path = app.screen.query_one("#export-path", Input)
        assert path.value == "brief-mini.md" and app.focused is path


async def test_enter_writes_the_file_and_closes(in_tmp: Path) -> None:
    app = make_app()
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.pause()
        await open_export(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        written = (in_tmp / "brief-mini.md").read_text(encoding="utf-8")
        assert written == render_brief(load_briefing(MINI))
        assert any("brief-mini.md" in note for note in notices(app))


async def test_an_existing_file_is_replaced_only_when_asked_twice(in_tmp: Path) -> None:
    existing = in_tmp / "brief-mini.md"
    existing.write_text("keep me")
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_export(pilot)
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
        await open_export(pilot)
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
        await open_export(pilot)
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
        main_screen(app).filter = Subject(Kind.ELEMENT, "Dy")
        await pilot.pause()
        screen = await open_export(pilot)
        assert screen.brief is not None
        assert screen.brief.markdown == render_brief(load_briefing(MINI), about="Dy")
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
        await open_export(pilot)
        shown = screen_text(app)
        assert "[@click=app.quit]quit[/]" in shown
        assert "␛[31mred␛[0m" in shown
        assert "\x1b" not in shown


@dataclass
class HeldBuild:
    """The brief's build, held until ``release`` is set; ``built`` is set once it is done."""

    release: threading.Event
    built: threading.Event


@pytest.fixture
def held_build(monkeypatch: pytest.MonkeyPatch) -> HeldBuild:
    """Every brief the export screen builds waits for ``release`` before it is built."""
    held = HeldBuild(threading.Event(), threading.Event())
    real_build = export_screen.build_brief

    def slow_build(*args: Any, **kwargs: Any) -> Any:
        held.release.wait(timeout=60)
        try:
            return real_build(*args, **kwargs)
        finally:
            held.built.set()

    monkeypatch.setattr(export_screen, "build_brief", slow_build)
    return held


async def test_the_brief_is_built_off_the_event_loop_and_says_so(
    held_build: HeldBuild, in_tmp: Path
) -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ExportScreen) and not screen.preview_shown
        # While it builds, the screen says so and keys still work.
        assert str(screen.query_one("#export-budget", Static).content) == "Building the brief…"
        assert "Building the brief…" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert status(app) == "Building the brief…" and list(in_tmp.iterdir()) == []
        held_build.release.set()
        await app.workers.wait_for_complete()
        for _ in range(100):
            await pilot.pause()
            if screen.preview_shown:
                break
        assert screen.preview_shown and "Building" not in screen_text(app)


@pytest.mark.parametrize("about", [None, "no-such-subject"])
async def test_a_brief_that_arrives_after_the_screen_closed_is_dropped(
    about: str | None, held_build: HeldBuild
) -> None:
    # The brief (or the reason there is none) arrives when the screen's widgets are gone,
    # as when Esc closes it just then: nothing may crash.
    release, built = held_build.release, held_build.built
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = ExportScreen(app.briefing, about)
        app.push_screen(screen)
        await pilot.pause()
        await screen.remove_children()
        release.set()
        for _ in range(500):
            await pilot.pause()
            if built.is_set():
                break
        for _ in range(20):
            await pilot.pause()
        assert built.is_set() and app.is_running and app.return_code is None


async def test_esc_while_the_brief_is_built_closes_the_screen_for_good(
    held_build: HeldBuild,
) -> None:
    release, built = held_build.release, held_build.built
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = ExportScreen(app.briefing)
        app.push_screen(screen)
        await pilot.pause()
        await pilot.press("escape")
        release.set()
        for _ in range(500):
            await pilot.pause()
            if built.is_set():
                break
        for _ in range(20):
            await pilot.pause()
        assert built.is_set() and app.is_running and not screen.preview_shown
        assert not isinstance(app.screen, ExportScreen)


async def test_a_subject_the_briefing_does_not_name_is_reported_on_the_screen() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = ExportScreen(load_briefing(MINI), about="no-such-thing")
        app.push_screen(screen)
        await pilot.pause()
        await app.workers.wait_for_complete()
        for _ in range(100):
            await pilot.pause()
            if status(app):
                break
        assert "is not an actor id, element symbol or tag" in status(app)
        assert str(screen.query_one("#export-budget", Static).content) == "No brief for this filter"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "is not an actor id" in status(app) and not screen.preview_shown


async def _written_after(keys: list[str], folder: Path, *, burst: bool) -> list[str]:
    """The files in ``folder`` after ``keys`` on the export screen, typed one at a time or
    in one burst (as a terminal reads keys typed ahead)."""
    from textual import events

    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = await open_export(pilot)
        screen.query_one("#export-path", Input).value = ""
        for key in keys:
            if burst:
                app.post_message(events.Key(key, key if len(key) == 1 else None))
            else:
                await pilot.press(key)
        for _ in range(50):
            await pilot.pause()
        return sorted(path.name for path in folder.iterdir())


async def test_a_write_that_failed_says_so_when_the_name_was_typed_just_before(
    in_tmp: Path,
) -> None:
    from textual import events

    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await open_export(pilot)
        app.screen.query_one("#export-path", Input).value = ""
        for key in [*"no/x", "enter"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        for _ in range(20):
            await pilot.pause()
        assert status(app) == "Cannot write no/x: no such directory no"


async def test_keys_typed_after_enter_are_not_added_to_the_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = {}
    for burst in (False, True):
        folder = tmp_path / ("burst" if burst else "paced")
        folder.mkdir()
        monkeypatch.chdir(folder)
        written[burst] = await _written_after(["x", "enter", "j", "j"], folder, burst=burst)
    assert written[False] == ["x"]
    assert written[True] == written[False]


async def test_a_key_typed_just_after_e_goes_into_the_file_name() -> None:
    from textual import events

    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        for key in ["e", "x"]:
            app.post_message(events.Key(key, key))
        for _ in range(50):
            await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        # Focusing the name selects it, so the key typed replaces it, as when typed later.
        assert app.screen.query_one("#export-path", Input).value == "x"


async def wait_for_brief_ahead(pilot: Pilot[None], about: str | None) -> None:
    """Wait until the reader has built the brief for the filter ``about`` ahead."""
    app = pilot.app
    assert isinstance(app, BriefingApp)
    for _ in range(500):
        await pilot.pause()
        if app.brief_ahead is not None and app.brief_ahead.about == about:
            return
        await app.workers.wait_for_complete()
    raise AssertionError("the brief was never built ahead")


async def test_the_brief_built_ahead_shows_at_once_until_the_filter_changes() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await wait_for_brief_ahead(pilot, None)
        ahead = app.brief_ahead
        assert ahead is not None
        await pilot.press("e")
        screen = app.screen
        # Shown as the screen opens: it never says it is building.
        assert isinstance(screen, ExportScreen) and screen.preview_shown
        assert screen.brief is ahead.brief
        await pilot.pause()
        assert "Building" not in screen_text(app)
        assert "Controls on two elements were added in April." in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.brief_ahead is ahead  # kept while the filter stays
        main_screen(app).filter = Subject(Kind.ELEMENT, "Dy")
        await pilot.pause()
        assert app.brief_ahead is None or app.brief_ahead.about == "Dy"
        await wait_for_brief_ahead(pilot, "Dy")
        screen = await open_export(pilot)
        assert screen.brief is not None and screen.brief.subject is not None
        assert screen.brief.subject.label == "Dysprosium (Dy)"
