"""The quotes pane's list: what was said, by whom and when."""

from __future__ import annotations

from functools import partial

from textual.content import Content

from briefing.core.model import Briefing, Quote
from briefing.ui.cursor import screen_reader_on
from briefing.ui.format import KEY, MUTED, date_label, key_note, line
from briefing.ui.widgets.item_list import ItemList, Row

QUOTE_LINES = 2
"""Lines per quote in the list: its opening words, then who said it and when. The detail
below has the whole quote."""


def quote_prompt(briefing: Briefing, quote: Quote, spoken: bool = False) -> Content:
    """``“Words…”`` on one line, ``— Speaker, date`` on the next; the key mark left out
    when ``spoken`` (for screen readers)."""
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
        Content.styled("  ", KEY) + key_note("key quote", spoken) if quote.key else "",
    )


class QuoteList(ItemList):
    """Quotes in date order; the highlighted one is shown in the quote detail."""

    BINDING_GROUP_TITLE = "Quotes"

    def show_quotes(self, briefing: Briefing, quotes: list[Quote], keep: str | None = None) -> None:
        """List ``quotes`` in this order, the cursor kept on ``keep`` when it is there."""
        spoken = screen_reader_on(self)
        self.replace_rows(
            (
                Row(
                    quote.id, partial(quote_prompt, briefing, quote, spoken), QUOTE_LINES, rule=True
                )
                for quote in quotes
            ),
            keep,
        )
