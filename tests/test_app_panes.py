"""Pane switching, the narrow and wide layouts, and the minimum size."""

from __future__ import annotations

import pytest
from ui_support import MINI, NARROW, WIDE, main_screen, make_app, ready, screen_text

from briefing.core.involves import Kind
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.ui.app import BriefingApp
from briefing.ui.screens.main import MainScreen
from briefing.ui.screens.too_small import TooSmallScreen
from briefing.ui.widgets.deferred import Deferred


def visible_panes(app) -> list[str]:
    return [
        pane.id.removesuffix("-pane")
        for pane in app.screen.query(".pane")
        if pane.display and pane.parent.display and pane.region.area > 0
    ]


async def test_wide_terminal_shows_four_panes_and_starts_on_the_timeline() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.has_class("-together")
        assert visible_panes(app) == ["timeline", "elements", "actors", "quotes"]
        assert app.focused is not None and app.focused.id == "timeline-list"


async def test_narrow_terminal_shows_one_pane_and_the_pane_bar() -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        assert app.screen.has_class("-tabs")
        assert visible_panes(app) == ["timeline"]
        assert app.screen.query_one("#pane-bar").display
        await pilot.press("3")
        assert visible_panes(app) == ["actors"]
        assert app.focused.id == "actors-list"


@pytest.mark.parametrize("size", [WIDE, NARROW])
async def test_number_keys_and_tab_move_between_panes(size: tuple[int, int]) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        screen = app.screen
        for key, pane, focus in [
            ("2", "elements", "elements-list"),
            ("4", "quotes", "quotes-list"),
            ("1", "timeline", "timeline-list"),
        ]:
            await pilot.press(key)
            assert screen.pane == pane
            assert app.focused.id == focus
        await pilot.press("tab")
        assert screen.pane == "elements"
        await pilot.press("tab", "tab", "tab")
        assert screen.pane == "timeline"
        await pilot.press("shift+tab")
        assert screen.pane == "quotes"


async def test_resizing_reflows_between_tabs_and_side_by_side() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("3")
        await pilot.resize_terminal(*NARROW)
        await ready(pilot)
        assert visible_panes(app) == ["actors"]
        await pilot.resize_terminal(*WIDE)
        await ready(pilot)
        assert len(visible_panes(app)) == 4
        assert app.focused.id == "actors-list"


@pytest.mark.parametrize("small", [(50, 15), (80, 15), (50, 40)])
@pytest.mark.parametrize("start", [WIDE, NARROW])
async def test_the_layout_for_the_size_comes_back_after_the_size_message(
    start: tuple[int, int], small: tuple[int, int]
) -> None:
    # The main screen hears no resize while the size message is over it.
    app = make_app()
    async with app.run_test(size=start) as pilot:
        await ready(pilot)
        await pilot.resize_terminal(*small)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        for size, panes in ((WIDE, 4), (NARROW, 1)):
            await pilot.resize_terminal(*size)
            await ready(pilot)
            assert isinstance(app.screen, MainScreen)
            assert len(visible_panes(app)) == panes, size
            assert app.screen.has_class("-together") is (panes == 4)
            assert app.screen.query_one("#pane-bar").display is (panes == 1)
            await pilot.resize_terminal(*small)
            await pilot.pause()


async def test_below_the_minimum_size_a_message_says_what_is_needed() -> None:
    app = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        message = str(app.screen.query_one("#too-small-message").content)
        assert "at least 60x20" in message
        assert "50x15" in message
        await pilot.resize_terminal(*NARROW)
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_a_briefing_without_elements_has_no_grid_pane(tmp_path) -> None:
    from ui_support import MINI

    text = MINI.read_text(encoding="utf-8")
    # Drop the elements section and every reference to an element.
    start = text.index("\nelements:\n")
    end = text.index("\nactors:\n")
    text = text[:start] + text[end:]
    text = text.replace("    elements: [Dy, Tb]\n", "").replace("    elements: [Ho]\n", "")
    path = tmp_path / "no-elements.yaml"
    path.write_text(text, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert visible_panes(app) == ["timeline", "actors", "quotes"]
        # The timeline takes the whole top row; below, the quotes keep their 78 columns
        # and the actors take the rest, as with the periodic table.
        timeline, actors, quotes = (app.screen.panes[name] for name in visible_panes(app))
        assert timeline.region.width == app.size.width
        assert actors.region.y == quotes.region.y > timeline.region.y
        assert actors.region.width + quotes.region.width == app.size.width
        assert quotes.region.width == 78
        await pilot.press("2")
        assert app.screen.pane == "timeline"
        await pilot.press("tab")
        assert app.screen.pane == "actors"


async def test_clicking_a_tab_of_the_pane_bar_shows_that_pane() -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        bar = app.screen.query_one("#pane-bar")
        text = str(bar.content)
        await pilot.click(bar, offset=(text.index("Quotes") + 1, 0))
        await ready(pilot)
        assert app.screen.pane == "quotes"
        assert visible_panes(app) == ["quotes"]


async def test_the_key_bar_shows_the_keys_of_the_focused_pane() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        keys = str(app.screen.query_one("#key-bar").content)
        assert "Search" in keys and "Help" in keys and "Quit" in keys
        assert "Filter" not in keys  # nothing to filter by from the timeline
        await pilot.press("3")
        await ready(pilot)
        assert "Filter" in str(app.screen.query_one("#key-bar").content)


async def test_no_color_environment_variable_is_honoured(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        assert app.no_color
        # That Textual then drops colour on the way to the terminal is checked on the real
        # terminal output (test_serve_reader); control status keeps its glyphs.
        # Without colour the cursor is drawn in reverse (the monochrome terminals' styles).
        timeline = app.screen.query_one("#timeline-list")
        assert timeline.get_component_styles("item-list--cursor").text_style.reverse
        await pilot.press("2")
        await ready(pilot)
        text = screen_text(app)
        assert "●" in text and "controlled" in text


class KeysBeforeThePanes(MainScreen):
    """Acts on the panes at the first moment possible: before a narrow screen mounts them."""

    def __init__(self, briefing: Briefing, keys: tuple[str, ...]) -> None:
        super().__init__(briefing)
        self.keys = keys

    def on_mount(self) -> None:
        super().on_mount()
        assert len(self.query(Deferred)) == 3  # elements, actors and quotes are still to come
        # Queued behind what mounting has queued already, as the terminal's keys are.
        self.call_later(self.press_keys)

    def press_keys(self) -> None:
        if "3" in self.keys:
            self.action_show_pane("actors")
        if "f" in self.keys:
            self.action_filter()
        if "link" in self.keys:
            self.jump_to("quote", "minister-talks")


class EarlyKeysApp(BriefingApp):
    def __init__(self, keys: tuple[str, ...]) -> None:
        super().__init__(load_briefing(MINI), theme="dark")
        self.keys = keys

    def get_default_screen(self) -> MainScreen:
        return KeysBeforeThePanes(self.briefing, self.keys)


@pytest.mark.parametrize("keys", [("3", "f"), ("link",)], ids=["3-then-f", "follow-a-link"])
async def test_keys_that_reach_panes_not_mounted_yet_wait_for_them(keys: tuple[str, ...]) -> None:
    app = EarlyKeysApp(keys)
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        if "f" in keys:
            assert main_screen(app).filter is not None and main_screen(app).filter.kind == "actor"
        else:
            assert app.screen.pane == "quotes"
            assert main_screen(app).selected(Kind.QUOTE) == "minister-talks"


@pytest.mark.parametrize("key", ["question_mark", "e", "ctrl+p", "slash"])
async def test_under_the_size_message_dialog_keys_do_nothing(key: str) -> None:
    app = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_the_size_message_goes_when_a_dialog_over_it_closes() -> None:
    from briefing.ui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        # However a dialog came to be over the message (a key in flight as it appeared).
        app.push_screen(HelpScreen())
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.press("escape")
        for _ in range(20):
            await pilot.pause()
            if isinstance(app.screen, MainScreen):
                break
        assert isinstance(app.screen, MainScreen)


@pytest.mark.parametrize("size", [(20, 5), (10, 3), (59, 19), (40, 10)])
async def test_the_size_message_fits_without_wrapping_or_scrollbars(
    size: tuple[int, int],
) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        message = app.screen.query_one("#too-small-message")
        text = str(message.content)
        assert message.size.height == len(text.splitlines())  # no line wrapped
        assert not app.screen.scrollbars_enabled[0] and not app.screen.scrollbars_enabled[1]
        assert f"{size[0]}x{size[1]}" in text or size[0] < 11


async def test_at_the_four_pane_size_a_timeline_row_shows_45_characters_of_its_title() -> None:
    from briefing.core.bundled import default_briefing

    briefing = load_briefing(default_briefing())
    app = BriefingApp(briefing, theme="dark")
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert app.screen.has_class("-together")
        timeline = app.screen.query_one("#timeline-list")
        rows = [
            "".join(segment.text for segment in timeline.render_line(y))
            for y in range(timeline.size.height)
        ]
        shown = 0
        for event in briefing.events_in_order():
            row = next((row for row in rows if event.title[:12] in row), None)
            if row is None:
                continue
            shown += 1
            assert event.title[:45] in row, row
        assert shown >= 10


async def test_a_row_cut_to_fit_ends_in_one_ellipsis_at_every_width() -> None:
    from briefing.core.bundled import default_briefing

    app = BriefingApp(load_briefing(default_briefing()), theme="dark")
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await pilot.press("4")
        quotes = app.screen.query_one("#quotes-list")
        cut = 0
        for width in range(60, 120):
            await pilot.resize_terminal(width, 24)
            await pilot.pause()
            for y in range(quotes.size.height):
                row = "".join(segment.text for segment in quotes.render_line(y)).rstrip()
                if row.endswith("…"):
                    cut += 1
                    # No second ellipsis, nor a space before the one that marks the cut.
                    assert not row.endswith(("……", " …", "….…", ".…")), (width, row)
        assert cut > 50
