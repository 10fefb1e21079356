"""The detail of one event: summary, links to its actors and elements, tags, sources."""

from __future__ import annotations

from textual.content import Content

from briefing.core.model import Event
from briefing.ui.cursor import screen_reader_on
from briefing.ui.format import HEADING, MUTED, key_note, labelled, line, paragraph
from briefing.ui.links import Link, actor_link, element_link
from briefing.ui.widgets.detail import Detail, DetailView


class EventDetail(Detail):
    """What the timeline's highlighted event says, with links to its actors and elements."""

    def describe(self, item_id: str) -> DetailView | None:
        event = self.briefing.event(item_id)
        if event is None:
            return None
        date = Content.styled(event.date.human(), MUTED)
        if event.key:
            date = Content.assemble(date, "  ", key_note("key event", screen_reader_on(self)))
        parts = [line(event.title, HEADING), date, paragraph(event.summary)]
        if event.note:
            parts.append(labelled("Note", paragraph(event.note)))
        if event.tags:
            parts.append(labelled("Tags", line(", ".join(event.tags))))
        if self.briefing.has_controls:
            controlled = [element.symbol for element in self.briefing.controlled_on(event.date)]
            parts.append(
                labelled(
                    "Under control on this date", ", ".join(controlled) if controlled else "none"
                )
            )
        return DetailView(Content("\n").join(parts), self._links(event), list(event.sources))

    def _links(self, event: Event) -> list[Link]:
        links: list[Link] = []
        for actor_id in event.actors:
            actor = self.briefing.actor(actor_id)
            if actor is not None and (link := actor_link(self.briefing, actor_id, actor.kind)):
                links.append(link)
        links += [element_link(symbol) for symbol in event.elements]
        return links
