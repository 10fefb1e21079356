"""The detail of one quote: full text, speaker, context, links and source."""

from __future__ import annotations

from textual.content import Content

from briefing.core.model import Quote
from briefing.ui.cursor import screen_reader_on
from briefing.ui.format import HEADING, MUTED, date_label, key_note, labelled, line, paragraph
from briefing.ui.links import Link, actor_link, element_link, event_links
from briefing.ui.widgets.detail import Detail, DetailView


class QuoteDetail(Detail):
    """The quotes list's highlighted quote in full, with links to who and what it names."""

    def describe(self, item_id: str) -> DetailView | None:
        quote = next((q for q in self.briefing.quotes if q.id == item_id), None)
        if quote is None:
            return None
        speaker = self.briefing.actor(quote.speaker)
        who = line(speaker.name if speaker is not None else quote.speaker, "bold")
        if speaker is not None and speaker.role:
            who = Content.assemble(who, ", ", line(speaker.role, MUTED))
        when = Content.styled(date_label(quote.date), MUTED)
        if quote.key:
            when = Content.assemble(when, "  ", key_note("key quote", screen_reader_on(self)))
        parts = [
            Content.assemble(("“", HEADING), paragraph(quote.text, HEADING), ("”", HEADING)),
            Content.assemble(("— ", MUTED), who),
            when,
        ]
        if quote.context:
            parts.append(labelled("Context", paragraph(quote.context)))
        return DetailView(Content("\n").join(parts), self._links(quote), [quote.source])

    def _links(self, quote: Quote) -> list[Link]:
        links: list[Link] = []
        for actor_id, note in [(quote.speaker, "speaker"), *((a, "named") for a in quote.actors)]:
            if (link := actor_link(self.briefing, actor_id, note)) is not None:
                links.append(link)
        links += [element_link(symbol) for symbol in quote.elements]
        # The events the quote's source reports on the day it was said.
        same_day = {
            event.id
            for event in self.briefing.events
            if quote.source in event.sources and quote.date is not None and event.date == quote.date
        }
        links += event_links(self.briefing, same_day)
        return links
