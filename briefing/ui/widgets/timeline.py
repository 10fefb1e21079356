"""The timeline pane's list: events in date order, key events marked."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets.option_list import Option

from briefing.core.model import Event
from briefing.ui.format import KEY, KEY_MARK, MUTED, line
from briefing.ui.widgets.item_list import ItemList

DATE_WIDTH = 11
"""``14 Oct 2025``: dates are right-aligned so that months and years line up."""


def event_prompt(event: Event) -> Content:
    # The same date format as the detail, the header and the links, not ISO.
    date = Content.styled(event.date.human().rjust(DATE_WIDTH), MUTED)
    if event.key:
        return Content.assemble(date, (f" {KEY_MARK} ", KEY), line(event.title, "bold"))
    return Content.assemble(date, "   ", line(event.title))


class Timeline(ItemList):
    """Events in date order; the highlighted one is shown in the event detail."""

    BINDING_GROUP_TITLE = "Timeline"
    HELP = "Events in date order. ★ marks a key event. Enter opens the event's links."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Links", id="open-event", tooltip="Go to the event's links"),
    ]

    def show_events(self, events: list[Event], keep: str | None = None) -> None:
        self.replace_options((Option(event_prompt(event), id=event.id) for event in events), keep)
