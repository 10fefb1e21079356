"""``--screen-reader``: one pane at a time, nothing drawn that is read aloud as noise,
statuses in words, the periodic table as a list, and the terminal's cursor shown."""

from __future__ import annotations

import re
import sys

import pytest
from ui_support import MINI, NARROW, WIDE, ready, screen_lines

from briefing.cli import main
from briefing.core.loader import load_briefing
from briefing.ui.app import BriefingApp

BOX_DRAWING = re.compile("[\u2500-\u257f]")
STATUS_GLYPHS = re.compile("[●◌○·]")


def reader(**options: bool) -> BriefingApp:
    return BriefingApp(load_briefing(MINI), theme="dark", screen_reader=True, **options)


def visible_panes(app: BriefingApp) -> list[str]:
    return [
        pane.id.removesuffix("-pane")
        for pane in app.screen.query(".pane")
        if pane.display and pane.region.area > 0
    ]


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_no_box_drawing_on_any_pane_one_pane_at_a_time(size: tuple[int, int]) -> None:
    app = reader()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        for keys in (["1"], ["enter"], ["escape", "2"], ["3"], ["enter"], ["escape", "4"]):
            for key in keys:
                await pilot.press(key)
            await ready(pilot)
            assert len(visible_panes(app)) == 1, keys
            text = "\n".join(screen_lines(app))
            assert not BOX_DRAWING.search(text), (keys, text)
        await pilot.press("slash", "t")
        await ready(pilot)
        text = "\n".join(screen_lines(app))
        assert not BOX_DRAWING.search(text), text


async def test_the_periodic_table_is_a_list_of_the_elements_with_statuses_in_words() -> None:
    app = reader()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await pilot.press("2")
        await ready(pilot)
        lines = screen_lines(app)
        listed = [line for line in lines if re.match(r"\w+ \([A-Z][a-z]?\): ", line)]
        briefing = load_briefing(MINI)
        assert [line.split(" (")[0] for line in listed] == [
            "Dysprosium",
            "Terbium",
            "Holmium",
            "Neodymium",
            "Gallium",
        ][: len(briefing.elements)]
        assert "Dysprosium (Dy): controlled since 4 Apr 2025" in lines
        assert not any(STATUS_GLYPHS.search(line) for line in listed)
        # The cursor is on the selected element's line, which j moves down.
        assert lines[app.cursor_position.y].startswith("Dysprosium (Dy)")
        await pilot.press("j")
        await ready(pilot)
        assert screen_lines(app)[app.cursor_position.y].startswith("Terbium (Tb)")
        await pilot.press("end")
        await ready(pilot)
        assert screen_lines(app)[app.cursor_position.y].startswith("Gallium (Ga)")


async def test_element_details_give_statuses_in_words_without_glyphs() -> None:
    app = reader()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await pilot.press("2")
        await ready(pilot)
        detail = "\n".join(screen_lines(app)[8:])
        assert "since 4 Apr 2025 · in force" in detail
        assert not re.search("[●◌○]", detail), detail


async def test_the_cursor_is_shown_and_no_first_visit_note_comes_and_goes() -> None:
    from briefing.core.readstate import ReadMarks

    app = BriefingApp(
        load_briefing(MINI),
        screen_reader=True,
        read_marks=ReadMarks(first_visit=True),
    )
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await ready(pilot)
        assert app.cursor_shown
        assert app.get_driver_class().__name__.startswith("CursorShown")
        assert not app.screen.query("Toast")


@pytest.mark.parametrize(
    ("args", "environ", "wanted"),
    [
        (["--screen-reader"], {}, True),
        ([], {"BRIEFING_SCREEN_READER": "1"}, True),
        ([], {"BRIEFING_SCREEN_READER": "0"}, False),
        ([], {}, False),
    ],
)
def test_screen_reader_from_the_option_or_the_environment(
    args: list[str], environ: dict[str, str], wanted: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[tuple[bool, bool]] = []

    def fake_run(app: BriefingApp) -> None:
        ran.append((app.screen_reader, app.cursor_shown))

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_CTYPE", raising=False)
    monkeypatch.delenv("BRIEFING_SCREEN_READER", raising=False)
    monkeypatch.delenv("TEXTUAL_ANIMATIONS", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(BriefingApp, "run", fake_run)
    assert main([str(MINI), "--no-state", *args]) == 0
    assert ran == [(wanted, wanted)]
    import os

    assert (os.environ.get("TEXTUAL_ANIMATIONS") == "none") is wanted


async def test_a_list_of_elements_longer_than_the_pane_keeps_the_cursor_in_view() -> None:
    from briefing.core.bundled import default_briefing

    briefing = load_briefing(default_briefing())
    app = BriefingApp(briefing, theme="dark", screen_reader=True)
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await pilot.press("2", "end")
        await ready(pilot)
        grid = app.focused
        assert grid is not None and grid.region.contains_point(app.cursor_position)
        last = briefing.elements[-1].symbol
        assert f"({last}): " in screen_lines(app)[app.cursor_position.y]
        await pilot.press("home")
        await ready(pilot)
        first = briefing.elements[0].symbol
        assert f"({first}): " in screen_lines(app)[app.cursor_position.y]


async def test_every_row_starts_with_its_words_and_no_mark_is_read_aloud() -> None:
    briefing = load_briefing(MINI)
    key_event = next(event for event in briefing.events if event.key)
    key_actor = next(actor for actor in briefing.actors if actor.key)
    app = reader()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        lines = screen_lines(app)
        # The title first, then the date, then "key event" in words.
        wanted = f"{key_event.title}, {key_event.date.human()}, key event"
        assert any(line.strip().startswith(wanted) for line in lines), lines
        seen = list(lines)
        for keys in (["3"], ["4"], ["/", "a"], ["escape", "question_mark"]):
            await pilot.press(*keys)
            await ready(pilot)
            seen += screen_lines(app)
        assert any(line.strip().startswith(f"{key_actor.name}, ") for line in seen)
        assert any(line.rstrip().endswith("key quote") for line in seen)
        text = "\n".join(seen)
        # ★ would be read as "black star", → as "right arrow", ⏎ as "return symbol".
        assert not re.search("[★→⏎]", text), text
        words = " ".join(text.replace("│", " ").split())  # the help's lines wrap
        assert "Enter" in text and "row ends with the words key event, key actor" in words


async def test_a_detail_names_its_links_in_words() -> None:
    app = reader()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await ready(pilot)
        lines = [line.strip() for line in screen_lines(app)]
        assert "Links" in lines and "Sources" in lines
        assert not any("→" in line for line in lines)


async def test_new_and_changed_items_say_so_after_their_words() -> None:
    from briefing.core.readstate import ReadMarks, item_key

    briefing = load_briefing(MINI)
    new, changed = briefing.events[0], briefing.events[1]
    marks = ReadMarks(
        first_visit=False,
        new=frozenset({item_key("events", new.id)}),
        changed=frozenset({item_key("events", changed.id)}),
    )
    app = BriefingApp(briefing, theme="dark", screen_reader=True, read_marks=marks)
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        rows = [line.strip() for line in screen_lines(app)]
        new_row = next(row for row in rows if row.startswith(new.title))
        changed_row = next(row for row in rows if row.startswith(changed.title))
        assert new_row.endswith(", new") and changed_row.endswith(", changed")
        assert not any(row.startswith(("+ ", "~ ")) for row in rows)


async def test_a_notice_takes_whole_lines() -> None:
    app = reader()
    async with app.run_test(size=NARROW, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("f")  # on the timeline: says where f filters
        for _ in range(50):
            await pilot.pause()
            if app.screen.query("Toast"):
                break
        toast = app.screen.query_one("Toast")
        assert toast.region.x == 0 and toast.region.width == NARROW[0]


async def test_the_palette_draws_no_edges_or_emoji() -> None:
    app = reader()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await ready(pilot)
        await pilot.press(*"pane")
        for _ in range(100):
            await pilot.pause()
            if "pane:" in "\n".join(screen_lines(app)):
                break
        text = "\n".join(screen_lines(app))
        assert "pane:" in text
        # Block elements (▔ ▁ …), box drawing and the search emoji are read aloud as noise.
        assert not re.search("[\u2500-\u259f\U0001f50e]", text), text
