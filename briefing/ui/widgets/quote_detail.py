"""The detail of one quote: full text, speaker, context and source."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from briefing.core.involves import Kind
from briefing.core.model import Briefing, Quote
from briefing.ui.format import (
    HEADING,
    KEY,
    KEY_MARK,
    MUTED,
    date_label,
    labelled,
    line,
    paragraph,
    sources_block,
)
from briefing.ui.widgets.link_list import LinkList, link_option


class QuoteDetail(VerticalScroll, can_focus=False):
    """The quotes list's highlighted quote in full, with its context and source."""

    def __init__(self, briefing: Briefing, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes="detail")
        self.briefing = briefing

    def compose(self) -> ComposeResult:
        yield Static(id="quote-text", markup=False)
        yield LinkList("#quote-list", id="quote-links")
        yield Static(id="quote-sources", markup=False)

    def show(self, quote: Quote | None, empty: str = "") -> None:
        """Show ``quote``; with None, the ``empty`` message says why there is none."""
        text = self.query_one("#quote-text", Static)
        links = self.query_one("#quote-links", LinkList)
        sources = self.query_one("#quote-sources", Static)
        if quote is None:
            text.update(Content.styled(empty, MUTED))
            links.show_links([])
            sources.update("")
            return
        speaker = self.briefing.actor(quote.speaker)
        who = line(speaker.name if speaker is not None else quote.speaker, "bold")
        if speaker is not None and speaker.role:
            who = Content.assemble(who, ", ", line(speaker.role, MUTED))
        when = Content.styled(date_label(quote.date), MUTED)
        if quote.key:
            when = Content.assemble(when, "  ", (f"{KEY_MARK} key quote", KEY))
        parts = [
            Content.assemble(("“", HEADING), paragraph(quote.text, HEADING), ("”", HEADING)),
            Content.assemble(("— ", MUTED), who),
            when,
        ]
        if quote.context:
            parts.append(labelled("Context", paragraph(quote.context)))
        text.update(Content("\n").join(parts))
        links.show_links(self._links(quote))
        sources.update(sources_block(self.briefing, [quote.source]))
        self.scroll_home(animate=False)

    def _links(self, quote: Quote) -> list[Option]:
        options: list[Option] = []
        speaker = self.briefing.actor(quote.speaker)
        if speaker is not None:
            label = Content.assemble(line(speaker.name), ("  speaker", MUTED))
            options.append(link_option(Kind.ACTOR, speaker.id, label))
        for event in self.briefing.events_in_order():
            if (
                quote.source in event.sources
                and quote.date is not None
                and event.date == quote.date
            ):
                label = Content.assemble((f"{event.date.human()}  ", MUTED), line(event.title))
                options.append(link_option(Kind.EVENT, event.id, label))
        return options
