"""Sources are items of their own: shown in full in every detail, opened with Enter over
the reader, and copied, like any item, with ``y``."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from ui_support import WIDE, main_screen, make_app, notices, ready

from briefing.core.involves import Kind
from briefing.ui.app import BriefingApp
from briefing.ui.screens.main import MainScreen
from briefing.ui.screens.source import SourceScreen
from briefing.ui.widgets.detail import Detail
from briefing.ui.widgets.source_detail import SourceDetail


def detail_text(detail: Detail) -> str:
    width = detail.scrollable_content_region.width or 80
    return "\n".join(
        text.plain for index in range(len(detail.rows)) for text in detail._row_lines(index, width)
    )


async def to_source(app: BriefingApp, pilot: Pilot[None], event_id: str, source_id: str) -> Detail:
    """Into the event's detail, the cursor on the source, in view."""
    pane = main_screen(app).panes["timeline"]
    await pilot.press("1")
    assert pane.select(event_id)
    await pilot.press("enter", "end")
    await pilot.pause()
    detail = pane.detail
    while detail.highlighted_id != f"source:{source_id}":
        await pilot.press("k")
        await pilot.pause()
    return detail


async def test_every_source_in_a_detail_shows_all_that_is_known_of_it() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        pane = main_screen(app).panes["timeline"]
        assert pane.select("april-controls")
        await pilot.pause()
        text = detail_text(pane.detail)
        for known in [
            "Example Wire",
            "Controls tightened",
            "6 Jun 2025",
            "A. Writer",
            "https://example.com/controls",
            "Example Daily",
            "Talks resume",
            "9 Oct 2025",
        ]:
            assert known in text, known
        assert [i for i in pane.detail.item_ids if i.startswith("source:")] == [
            "source:wire",
            "source:daily",
        ]


async def test_enter_on_a_source_opens_it_and_following_a_citing_item_goes_there() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await to_source(app, pilot, "april-controls", "wire")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        source = app.screen.query_one(SourceDetail)
        text = detail_text(source)
        for known in ["Controls tightened", "Example Wire", "6 Jun 2025", "A. Writer", URL]:
            assert known in text, known
        # The items citing it, as links: two events and a quote.
        assert set(source.item_ids) == {"event:old-remark", "event:april-controls", "quote:remark"}
        await pilot.press("end")
        await pilot.pause()
        target = source.highlighted_link
        assert target is not None
        await pilot.press("enter")
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        assert main_screen(app).here_item() == target
        await pilot.press("backspace")  # back where the reader was, with history
        await ready(pilot)
        assert main_screen(app).here_item() == (Kind.EVENT, "april-controls")


URL = "https://example.com/controls"


async def test_esc_closes_the_source_where_it_was_opened() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        detail = await to_source(app, pilot, "april-controls", "daily")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SourceScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is detail and detail.highlighted_id == "source:daily"


@pytest.mark.parametrize(
    ("pane", "item_id", "expected"),
    [
        (
            "timeline",
            "april-controls",
            ["Licences required for Dy and Tb", f"<{URL}>", "A. Writer"],
        ),
        ("elements", "Dy", ["Dy Dysprosium", "[1]"]),
        ("actors", "ministry", ["**Ministry"]),
        ("quotes", "remark", ["> “The Middle East has oil; we have minerals \\[sic\\].”", URL]),
    ],
)
async def test_y_copies_the_focused_item_with_its_citation(
    pane: str, item_id: str, expected: list[str]
) -> None:
    app = make_app()
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await ready(pilot)
        main = main_screen(app)
        await pilot.press(main.panes[pane].spec.key)
        assert main.panes[pane].select(item_id)
        await pilot.press("y")
        await pilot.pause()
        for text in expected:
            assert text in app.clipboard, (text, app.clipboard)
        said = " ".join(notices(app))
        assert "set-clipboard on" in said and "GNU screen" in said


async def test_y_on_a_source_copies_the_source() -> None:
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await to_source(app, pilot, "april-controls", "wire")
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard.startswith("Example Wire, “Controls tightened”, 6 Jun 2025")
        await pilot.press("enter", "y")  # and in the source's own screen
        await pilot.pause()
        assert app.clipboard.startswith("Example Wire")
