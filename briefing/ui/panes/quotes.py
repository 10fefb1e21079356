"""The quotes pane: quotes in date order, narrowed by the filter."""

from __future__ import annotations

from typing import cast

from briefing.ui.panes.base import Pane
from briefing.ui.state import filtered_quotes
from briefing.ui.widgets.quotes import QuoteList


class QuotesPane(Pane):
    """What was said, in date order."""

    NARROWS = True
    ITEMS = "quotes"

    def fill(self) -> None:
        quote_list = cast(QuoteList, self.list)
        quotes = filtered_quotes(self.briefing, self.subject)
        quote_list.show_quotes(self.briefing, quotes, quote_list.highlighted_id)
        total = len(self.briefing.quotes)
        self.border_subtitle = f"{len(quotes)} of {total}" if self.subject else ""
