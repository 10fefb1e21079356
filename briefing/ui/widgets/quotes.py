"""The quotes pane's list: what was said, by whom and when."""

from __future__ import annotations

from functools import partial

from textual.content import Content

from briefing.core.model import Briefing, Quote
from briefing.ui.format import KEY, KEY_MARK, MUTED, date_label, line
from briefing.ui.widgets.item_list import ItemList, Row

QUOTE_LINES = 2
"""Lines per quote in the list: its opening words, then who said it and when. The detail
below has the whole quote."""


def quote_prompt(briefing: Briefing, quote: Quote) -> Content:
    """``“Words…”`` on one line, ``— Speaker, date`` on the next."""
    speaker = briefing.actor(quote.speaker)
    who = speaker.name if speaker is not None else quote.speaker
    return Content.assemble(
        ("“", MUTED),
        line(quote.text, "bold" if quote.key else ""),
        ("”", MUTED),
        "\n  ",
        ("— ", MUTED),
        line(who),
        (f", {date_label(quote.date)}", MUTED),
        (f"  {KEY_MARK} key quote", KEY) if quote.key else "",
    )


class QuoteList(ItemList):
    """Quotes in date order; the highlighted one is shown in the quote detail."""

    BINDING_GROUP_TITLE = "Quotes"

    def show_quotes(self, briefing: Briefing, quotes: list[Quote], keep: str | None = None) -> None:
        """List ``quotes`` in this order, the cursor kept on ``keep`` when it is there."""
        self.replace_rows(
            (
                Row(quote.id, partial(quote_prompt, briefing, quote), QUOTE_LINES, rule=True)
                for quote in quotes
            ),
            keep,
        )
