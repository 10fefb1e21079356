"""The reader's marks: what is new or changed since the last visit, in the lists and header."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import cast

import pytest
from diff_support import MINI, changed, next_version
from ui_support import WIDE, ready

from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.core.readstate import ReadMarks, load_marks, save_read, state_directory
from briefing.ui.app import BriefingApp
from briefing.ui.marks import CHANGED_MARK, NEW_MARK
from briefing.ui.screens.main import MainScreen
from briefing.ui.widgets.briefing_header import BriefingHeader
from briefing.ui.widgets.item_list import ItemList


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    return state_directory()


def later_visit(state: Path) -> tuple[Briefing, ReadMarks]:
    """The next version of the mini briefing, opened after the first was read."""
    save_read(load_briefing(MINI), state)
    later = changed(load_briefing(MINI), next_version)
    return later, load_marks(later, state)


def notes(app: BriefingApp) -> list[tuple[str, str]]:
    """What the app has notified so far, as (message, severity)."""
    return cast("list[tuple[str, str]]", app.notes_seen)  # type: ignore[attr-defined]


def recording(app: BriefingApp) -> BriefingApp:
    """``app``, its notifications recorded in ``notes_seen``."""
    seen: list[tuple[str, str]] = []
    notify = app.notify

    def record(message: str, **options: object) -> None:
        seen.append((message, str(options.get("severity", "information"))))
        notify(message, **options)  # type: ignore[arg-type]

    app.notify = record  # type: ignore[method-assign]
    app.notes_seen = seen  # type: ignore[attr-defined]
    return app


def unmarked(app: BriefingApp, name: str) -> bool:
    items = cast(ItemList, app.screen.query_one(f"#{name}-list"))
    texts = row_texts(app, name).values()
    return items.mark_of is None and not any(t.startswith((NEW_MARK, CHANGED_MARK)) for t in texts)


def header(app: BriefingApp) -> str:
    return str(app.screen.query_one(BriefingHeader).marks_text)


def row_texts(app: BriefingApp, name: str) -> dict[str, str]:
    """Each item's row text in a pane's list, by id."""
    items = cast(ItemList, app.screen.query_one(f"#{name}-list"))
    return {
        row.id: str(items.prompt(index)).split("\n")[0]
        for index, row in enumerate(items.rows)
        if row.id is not None
    }


async def test_new_and_changed_items_are_marked_with_a_glyph_and_counted(state: Path) -> None:
    later, marks = later_visit(state)
    app = BriefingApp(later, theme="dark", read_marks=marks)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        # A new event and element, a changed quote; a new key point is not in a pane.
        assert header(app) == "2 new · 1 changed"
        events = row_texts(app, "timeline")
        assert events["december-talks"].startswith(f"{NEW_MARK} ")
        assert all(text.startswith("  ") for key, text in events.items() if key != "december-talks")
        quotes = row_texts(app, "quotes")
        assert quotes["minister-talks"].startswith(f"{CHANGED_MARK} ")
        assert quotes["remark"].startswith("  ")


async def test_u_and_shift_u_step_through_the_marked_items(state: Path) -> None:
    later, marks = later_visit(state)
    app = BriefingApp(later, theme="dark", read_marks=marks)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        screen = cast(MainScreen, app.screen)
        assert screen.marked_items() == [
            ("event", "december-talks"),
            ("element", "Sm"),
            ("quote", "minister-talks"),
        ]
        seen = []
        for _ in range(4):
            await pilot.press("u")
            await pilot.pause()
            seen.append((screen.pane, screen.current.selected_id))
        # From an unmarked item, u goes to the first marked one; then round and round.
        assert seen == [
            ("timeline", "december-talks"),
            ("elements", "Sm"),
            ("quotes", "minister-talks"),
            ("timeline", "december-talks"),
        ]
        await pilot.press("U")
        await pilot.pause()
        assert (screen.pane, screen.current.selected_id) == ("quotes", "minister-talks")


async def test_the_palette_marks_all_as_read(state: Path) -> None:
    from briefing.ui.commands import BriefingCommands

    later, marks = later_visit(state)
    app = BriefingApp(later, theme="dark", read_marks=marks)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        commands = {title: call for title, call, _ in BriefingCommands(app.screen)._commands()}
        done = commands["mark all as read"]()
        if inspect.isawaitable(done):
            await done
        await pilot.pause()
        assert header(app) == ""
        assert unmarked(app, "timeline") and unmarked(app, "quotes")
    # What the briefing holds now was saved as read.
    assert load_marks(later, state).summary() == "nothing new"


async def test_the_first_visit_marks_nothing_and_says_so(state: Path) -> None:
    briefing = load_briefing(MINI)
    app = recording(BriefingApp(briefing, theme="dark", read_marks=load_marks(briefing, state)))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert header(app) == "first visit"
        assert any(message.startswith("First visit") for message, _ in notes(app))
        assert unmarked(app, "timeline")
        before = app.screen.current.selected_id  # type: ignore[attr-defined]
        for key in ("u", "U"):
            await pilot.press(key)
            await pilot.pause()
            said = notes(app)[-1][0]
            assert said.startswith("First visit") and "last visit" not in said, said
            assert app.screen.current.selected_id == before  # type: ignore[attr-defined]


async def test_u_after_a_visit_with_nothing_new_says_so(state: Path) -> None:
    briefing = load_briefing(MINI)
    save_read(briefing, state)
    app = recording(BriefingApp(briefing, theme="dark", read_marks=load_marks(briefing, state)))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("u")
        await pilot.pause()
        assert notes(app)[-1][0] == "Nothing is new since your last visit."


async def test_u_without_read_state_says_that_nothing_is_kept(state: Path) -> None:
    app = recording(BriefingApp(load_briefing(MINI), theme="dark"))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("u")
        await pilot.pause()
        said = notes(app)[-1][0]
        assert "no read state" in said and "last visit" not in said, said


async def test_an_ignored_state_file_is_a_note_not_a_crash(state: Path) -> None:
    briefing = load_briefing(MINI)
    state.mkdir(parents=True)
    (state / "mini.json").write_bytes(b'{"format": 1, "briefing": "mini", "ite')
    app = recording(BriefingApp(briefing, theme="dark", read_marks=load_marks(briefing, state)))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert [severity for message, severity in notes(app) if "ignored" in message] == ["warning"]
        assert header(app) == "first visit" and unmarked(app, "timeline")


async def test_without_read_state_there_are_no_marks(state: Path) -> None:
    app = BriefingApp(load_briefing(MINI), theme="dark")
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert header(app) == "" and unmarked(app, "timeline")
        app.action_mark_read()
        await pilot.pause()
    assert not state.exists()


async def test_mark_all_as_read_saves_where_the_reader_keeps_its_state(
    state: Path, tmp_path: Path
) -> None:
    """A served reader keeps its key's state in its own directory, not the default one."""
    key_directory = tmp_path / "read-by-key" / "SHA256_key"
    save_read(load_briefing(MINI), key_directory)
    later = changed(load_briefing(MINI), next_version)
    marks = load_marks(later, key_directory)
    assert marks.new or marks.changed
    app = BriefingApp(later, theme="dark", read_marks=marks, state_directory=key_directory)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        app.action_mark_read()
        await pilot.pause()
        assert header(app) == ""
    assert load_marks(later, key_directory).summary() == "nothing new"
    assert not state.exists()
