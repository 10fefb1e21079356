"""The help screen lists every key, read from the real bindings, grouped by pane."""

from __future__ import annotations

from textual.binding import Binding
from ui_support import NARROW, WIDE, make_app, ready, screen_lines

from briefing.ui.app import BriefingApp
from briefing.ui.panes.table import PANES
from briefing.ui.screens.help import HelpScreen
from briefing.ui.screens.main import MainScreen
from briefing.ui.screens.search import SearchScreen
from briefing.ui.screens.source import SourceScreen
from briefing.ui.widgets.actors import ActorList
from briefing.ui.widgets.detail import Detail
from briefing.ui.widgets.element_grid import ElementGrid
from briefing.ui.widgets.item_list import ItemList
from briefing.ui.widgets.quotes import QuoteList
from briefing.ui.widgets.timeline import Timeline

APP_CLASSES = [
    BriefingApp,
    MainScreen,
    ItemList,
    Timeline,
    ElementGrid,
    ActorList,
    QuoteList,
    Detail,
    SearchScreen,
    HelpScreen,
    SourceScreen,
]


def test_every_binding_has_an_id_and_a_description() -> None:
    for cls in APP_CLASSES:
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
            assert binding.id, f"{cls.__name__} {binding.key} has no id"
            assert binding.description, f"{cls.__name__} {binding.key} has no description"


async def test_question_mark_opens_help_listing_every_pane_key() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").content)
        for heading in [
            "Reader",
            "Panes",
            "Lists (every pane)",
            "In a detail (after Enter)",
            "Timeline",
            "Elements",
            "Actors",
            "Quotes",
            "Search",
            "Export",
        ]:
            assert heading in text.splitlines(), heading
        flowing = " ".join(text.split())  # long descriptions wrap
        for cls in [MainScreen, Detail, SearchScreen, SourceScreen, BriefingApp, ElementGrid]:
            for binding in Binding.make_bindings(cls.__dict__["BINDINGS"]):
                if binding.action == "library":
                    continue  # only with a library (test_app_library)
                assert (binding.tooltip or binding.description) in flowing
        assert "Command palette" in text
        # Each pane's own words, from the pane table.
        assert all(" ".join(spec.help.split()) in flowing for spec in PANES)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_f1_opens_help_too_and_q_closes_it_without_quitting() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        assert isinstance(app.screen, MainScreen)
        assert app.is_running


async def test_q_quits() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await ready(pilot)
        assert not app.is_running


async def test_palette_offers_the_reader_commands() -> None:
    from briefing.ui.commands import BriefingCommands

    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        provider = BriefingCommands(app.screen)
        titles = [title for title, _, _ in provider._commands()]
        assert "pane: Timeline" in titles
        assert "theme: high-contrast" in titles
        assert "search" in titles and "export" in titles
        callback = dict((t, c) for t, c, _ in provider._commands())["theme: light"]
        callback()
        assert app.theme == "light"
        dict((t, c) for t, c, _ in provider._commands())["pane: Quotes"]()
        await ready(pilot)
        assert app.screen.pane == "quotes"


async def test_a_panes_description_wraps_under_itself() -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        await pilot.press("3", "question_mark")
        await ready(pilot)
        lines = screen_lines(app)
        first = next(i for i, line in enumerate(lines) if "People and organisations" in line)
        start = lines[first].index("People")
        wrapped = lines[first + 1]
        assert wrapped[start - 1] == " " and wrapped[start] not in " │", (lines[first], wrapped)
