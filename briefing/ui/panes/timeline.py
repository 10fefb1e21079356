"""The timeline pane: events in date order, narrowed by the filter."""

from __future__ import annotations

from briefing.ui.panes.base import Pane
from briefing.ui.state import filtered_events
from briefing.ui.widgets.timeline import Timeline


class TimelinePane(Pane[Timeline]):
    """Events in date order; starts on the latest event up to the briefing's date."""

    NARROWS = True
    ITEMS = "events"

    def fill(self) -> None:
        events = filtered_events(self.briefing, self.subject)
        keep = self.list.highlighted_id
        if keep is None and self.subject is None:
            # Where the story stands: the latest event up to the briefing's date.
            as_of = self.briefing.as_of_date  # made once, not once per event
            current = [event for event in events if event.date <= as_of]
            keep = current[-1].id if current else None
        self.list.show_events(events, keep)
        total = len(self.briefing.events)
        self.border_subtitle = f"{len(events)} of {total}" if self.subject else ""
