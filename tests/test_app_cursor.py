"""The terminal's cursor is on the selection, in every pane, for screen readers and
braille displays; it is shown with ``--show-cursor`` and ``--screen-reader``."""

from __future__ import annotations

import re

import pytest
from textual.driver import Driver
from ui_support import MINI, NARROW, WIDE, make_app, ready, screen_lines

from briefing.core.loader import load_briefing
from briefing.ui.app import BriefingApp
from briefing.ui.cursor import SHOW_CURSOR, showing_cursor
from briefing.ui.widgets.element_grid import ElementGrid
from briefing.ui.widgets.item_list import ItemList

WORD = re.compile(r"[^\W_]")


def under_cursor(app: BriefingApp) -> str:
    """The screen's text from the terminal's cursor to the end of its line."""
    position = app.cursor_position
    return screen_lines(app)[position.y][position.x :]


def selected_words(app: BriefingApp) -> str:
    """The selected row's first line from its first letter or digit, or the selected
    element's symbol: what the cursor should be on."""
    focused = app.focused
    if isinstance(focused, ElementGrid):
        return focused.cursor
    assert isinstance(focused, ItemList) and focused.highlighted is not None
    text = focused.prompt(focused.highlighted).plain.split("\n")[0]
    match = WORD.search(text)
    assert match is not None
    return text[match.start() :].strip()[:12]


async def assert_on_selection(app: BriefingApp, pilot, *keys: str) -> None:
    before = app.cursor_position
    for key in keys:
        await pilot.press(key)
    await ready(pilot)
    words = selected_words(app)
    assert under_cursor(app).startswith(words), (keys, app.cursor_position, words)
    if keys:
        assert app.cursor_position != before, keys


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_the_cursor_follows_the_selection_in_every_pane(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await assert_on_selection(app, pilot)  # the timeline, from the start
        await assert_on_selection(app, pilot, "k")
        await assert_on_selection(app, pilot, "g")
        await assert_on_selection(app, pilot, "2")  # the periodic table
        await assert_on_selection(app, pilot, "l")
        await assert_on_selection(app, pilot, "j")
        await assert_on_selection(app, pilot, "3")  # the actors
        await assert_on_selection(app, pilot, "j")
        await assert_on_selection(app, pilot, "4")  # the quotes
        await assert_on_selection(app, pilot, "j")


async def test_the_cursor_is_on_a_details_link_then_on_the_line_a_scroll_brings() -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await assert_on_selection(app, pilot, "enter")  # into the event's detail: a link
        detail = app.focused
        assert isinstance(detail, ItemList) and detail.id == "timeline-detail"
        await assert_on_selection(app, pilot, "j")
        # Past the links, ↓ scrolls: the cursor is on the top line in view.
        top = detail.content_region.y
        for _ in range(12):
            await pilot.press("j")
        await ready(pilot)
        if not detail.highlighted_link:
            assert app.cursor_position.y == top
            assert WORD.match(under_cursor(app)), under_cursor(app)
        await pilot.press("escape")
        await ready(pilot)
        await assert_on_selection(app, pilot)  # back on the timeline's row


async def test_the_cursor_is_in_the_search_box_after_what_is_typed() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        for key in ("slash", "l", "i", "c"):
            await pilot.press(key)
        await ready(pilot)
        position = app.cursor_position
        line = screen_lines(app)[position.y]
        # Textual's Input places it (a cell past the text's end, as it draws its own cursor).
        assert line[: position.x].rstrip().endswith("lic"), (position, line)
        assert position.x - line.index("lic") in (3, 4), (position, line)


class _Recorder(Driver):
    """A driver that records what it writes, and does nothing else."""

    def __init__(self) -> None:  # no app, no terminal
        self.written: list[str] = []

    def write(self, data: str) -> None:
        self.written.append(data)

    def start_application_mode(self) -> None:
        self.written.append("\x1b[?25l")  # as Textual's drivers do

    def disable_input(self) -> None:
        pass

    def stop_application_mode(self) -> None:
        pass


def test_the_cursor_is_shown_after_textual_hides_it() -> None:
    driver = showing_cursor(_Recorder)()
    assert isinstance(driver, _Recorder)
    driver.start_application_mode()
    assert driver.written == ["\x1b[?25l", SHOW_CURSOR]


@pytest.mark.parametrize(
    ("options", "shown"),
    [({}, False), ({"show_cursor": True}, True), ({"screen_reader": True}, True)],
)
def test_only_show_cursor_and_screen_reader_show_the_cursor(
    options: dict[str, bool], shown: bool
) -> None:
    app = BriefingApp(load_briefing(MINI), **options)
    driver_class = app.get_driver_class()
    assert driver_class.__name__.startswith("CursorShown") is shown
    assert app.cursor_shown is shown
