"""The quotes pane: quotes in date order, narrowed by the filter."""

from __future__ import annotations

from briefing.ui.panes.base import Pane
from briefing.ui.state import filtered_quotes
from briefing.ui.widgets.quotes import QuoteList


class QuotesPane(Pane[QuoteList]):
    """What was said, in date order."""

    NARROWS = True
    ITEMS = "quotes"

    def fill(self) -> None:
        quotes = filtered_quotes(self.briefing, self.subject)
        self.list.show_quotes(self.briefing, quotes, self.list.highlighted_id)
        total = len(self.briefing.quotes)
        self.border_subtitle = f"{len(quotes)} of {total}" if self.subject else ""
