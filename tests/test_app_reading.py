"""How the reader's lists read: dates, wrapped lines and help laid out for a new reader."""

from __future__ import annotations

from ui_support import MINI, NARROW, make_app, ready

from briefing.core.loader import load_briefing
from briefing.ui.widgets.timeline import event_prompt


def test_timeline_dates_read_like_the_rest_of_the_reader_and_line_up() -> None:
    briefing = load_briefing(MINI)
    rows = {event.id: event_prompt(event).plain for event in briefing.events}
    dates = [row[:11] for row in rows.values()]
    assert sorted(dates) == sorted(["       1992", "   May 2025", " 4 Apr 2025", " 9 Oct 2025"])
    assert not any("2025-" in row for row in rows.values())


async def test_timeline_shows_the_same_date_as_the_event_detail() -> None:
    app = make_app()
    async with app.run_test(size=NARROW) as pilot:
        await ready(pilot)
        timeline = app.screen.query_one("#timeline-list")
        await pilot.press("g")
        await pilot.press("j", "j")
        event = app.briefing.event(timeline.highlighted_id)
        assert event is not None
        prompt = timeline.highlighted_option.prompt.plain
        assert prompt.lstrip().startswith(event.date.human())
