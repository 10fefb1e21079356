"""The detail of one actor: role, affiliation, and links to its quotes and events."""

from __future__ import annotations

from textual.content import Content

from briefing.core.involves import Kind, Subject, involving
from briefing.core.model import Actor
from briefing.ui.cursor import screen_reader_on
from briefing.ui.format import HEADING, MUTED, key_note, labelled, line
from briefing.ui.links import Link, actor_link, event_links, quote_links
from briefing.ui.widgets.detail import Detail, DetailView


class ActorDetail(Detail):
    """Who the actors list's highlighted actor is, and links to where it appears."""

    def describe(self, item_id: str) -> DetailView | None:
        actor = self.briefing.actor(item_id)
        if actor is None:
            return None
        kind = Content.styled(actor.kind.value, MUTED)
        if actor.key:
            kind = Content.assemble(kind, "  ", key_note("key actor", screen_reader_on(self)))
        parts = [line(actor.name, HEADING), kind]
        if actor.role:
            parts.append(labelled("Role", line(actor.role)))
        if actor.affiliation:
            parent = self.briefing.actor(actor.affiliation)
            name = parent.name if parent is not None else actor.affiliation
            parts.append(labelled("Affiliation", line(name)))
        if actor.country:
            parts.append(labelled("Country", line(actor.country)))
        return DetailView(Content("\n").join(parts), self._links(actor), list(actor.sources))

    def _links(self, actor: Actor) -> list[Link]:
        links: list[Link] = []
        if actor.affiliation and (
            parent := actor_link(self.briefing, actor.affiliation, "affiliation")
        ):
            links.append(parent)
        for member in self.briefing.actors:
            if member.affiliation == actor.id and (
                link := actor_link(self.briefing, member.id, "member")
            ):
                links.append(link)
        involved = involving(self.briefing, Subject(Kind.ACTOR, actor.id))
        links += quote_links(self.briefing, involved.quote_ids)
        links += event_links(self.briefing, involved.event_ids)
        return links
