"""The timeline pane's list: events in date order, key events marked."""

from __future__ import annotations

from functools import partial

from textual.content import Content

from briefing.core.model import Event
from briefing.ui.cursor import screen_reader_on
from briefing.ui.format import DATE_WIDTH, KEY, KEY_MARK, MUTED, column_date, key_note, line
from briefing.ui.widgets.item_list import ItemList, Row

__all__ = ["DATE_WIDTH", "Timeline", "event_prompt"]


def event_prompt(event: Event, spoken: bool = False) -> Content:
    """`` 4 Apr 2025 ★ Title``: the event's row in the timeline; ``spoken`` (for screen
    readers, which start a row at its words) ``Title, 4 Apr 2025, key event``."""
    if spoken:
        return Content.assemble(
            line(event.title, "bold" if event.key else ""),
            (f", {event.date.human()}", MUTED),
            Content.assemble(", ", key_note("key event", spoken=True)) if event.key else "",
        )
    # The same date format as the detail, the header and the links, not ISO.
    date = Content.styled(column_date(event.date), MUTED)
    if event.key:
        return Content.assemble(date, (f" {KEY_MARK} ", KEY), line(event.title, "bold"))
    return Content.assemble(date, "   ", line(event.title))


class Timeline(ItemList):
    """Events in date order; the highlighted one is shown in the event detail."""

    BINDING_GROUP_TITLE = "Timeline"

    def show_events(self, events: list[Event], keep: str | None = None) -> None:
        """List ``events`` in this order, the cursor kept on ``keep`` when it is there."""
        spoken = screen_reader_on(self)
        self.replace_rows(
            (Row(event.id, partial(event_prompt, event, spoken)) for event in events), keep
        )
