"""The quotes pane's list: what was said, by whom and when."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets.option_list import Option

from briefing.core.model import Briefing, Quote
from briefing.ui.format import KEY, KEY_MARK, MUTED, date_label, line
from briefing.ui.hanging import Hanging
from briefing.ui.widgets.item_list import ItemList


def quote_prompt(briefing: Briefing, quote: Quote) -> Content:
    speaker = briefing.actor(quote.speaker)
    who = speaker.name if speaker is not None else quote.speaker
    # Wrapped lines of the quote sit under its text, past the opening mark.
    prompt = Content.assemble(
        ("“", MUTED),
        line(quote.text, "bold" if quote.key else ""),
        ("”", MUTED),
        "\n  ",
        ("— ", MUTED),
        line(who),
        (f", {date_label(quote.date)}", MUTED),
        (f"  {KEY_MARK} key quote", KEY) if quote.key else "",
    )
    return Hanging(prompt, indent=1)


class QuoteList(ItemList):
    """Quotes in date order; the highlighted one is shown in the quote detail."""

    BINDING_GROUP_TITLE = "Quotes"
    HELP = "Quotes in date order, with speaker and date. ★ marks a key quote."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Links", id="open-quote", tooltip="Go to the quote's links"),
    ]

    def show_quotes(self, briefing: Briefing, quotes: list[Quote], keep: str | None = None) -> None:
        def options() -> Iterator[Option | None]:
            for number, quote in enumerate(quotes):
                if number:
                    yield None  # a rule between quotes, which take several lines
                yield Option(quote_prompt(briefing, quote), id=quote.id)

        self.replace_options(options(), keep)
