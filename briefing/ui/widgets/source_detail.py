"""The detail of one source: everything the briefing knows of it, its note, and links to
the items that cite it."""

from __future__ import annotations

from textual.content import Content

from briefing.core.model import Source
from briefing.ui.format import HEADING, MUTED, labelled, line, paragraph, url_content
from briefing.ui.links import Link, actor_link, event_links, quote_links
from briefing.ui.widgets.detail import Detail, DetailView


class SourceDetail(Detail):
    """A source in full: publisher, title, date, author, URL (a terminal hyperlink too),
    the article it was curated from, its note; then the events, quotes and actors citing it."""

    def describe(self, item_id: str) -> DetailView | None:
        source = self.briefing.source(item_id)
        if source is None:
            return None
        parts = [
            line(source.title, HEADING),
            Content.assemble(
                line(source.publisher, "bold"), (f"  {source.published.human()}", MUTED)
            ),
        ]
        if source.author:
            parts.append(labelled("Author", line(source.author)))
        if source.url:
            parts.append(labelled("URL", url_content(source.url)))
        if source.article:
            parts.append(labelled("Article file", line(source.article)))
        if source.note:
            parts.append(labelled("Note", paragraph(source.note)))
        links = self._citing(source)
        cited = f"Cited by {len(links)}:" if links else "Cited by no item."
        parts.append(Content.assemble("\n", (cited, HEADING)))
        return DetailView(Content("\n").join(parts), links)

    def _citing(self, source: Source) -> list[Link]:
        briefing = self.briefing
        events = {event.id for event in briefing.events if source.id in event.sources}
        quotes = {quote.id for quote in briefing.quotes if quote.source == source.id}
        links = event_links(briefing, events) + quote_links(briefing, quotes)
        for actor in briefing.actors:
            if source.id in actor.sources and (link := actor_link(briefing, actor.id, actor.kind)):
                links.append(link)
        return links
