"""The detail of one actor: role, affiliation, and links to its quotes and events."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from briefing.core.involves import Kind
from briefing.core.model import Actor, Briefing
from briefing.ui.format import HEADING, KEY, KEY_MARK, MUTED, labelled, line, sources_block
from briefing.ui.state import quotes_in_order
from briefing.ui.widgets.link_list import LinkList, link_option


class ActorDetail(VerticalScroll, can_focus=False):
    """Who the actors list's highlighted actor is, and where it appears."""

    def __init__(self, briefing: Briefing, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes="detail")
        self.briefing = briefing

    def compose(self) -> ComposeResult:
        yield Static(id="actor-text", markup=False)
        yield LinkList("#actor-list", id="actor-links")
        yield Static(id="actor-sources", markup=False)

    def show(self, actor: Actor | None, empty: str = "") -> None:
        """Show ``actor``; with None, the ``empty`` message says why there is none."""
        text = self.query_one("#actor-text", Static)
        links = self.query_one("#actor-links", LinkList)
        sources = self.query_one("#actor-sources", Static)
        if actor is None:
            text.update(Content.styled(empty, MUTED))
            links.show_links([])
            sources.update("")
            return
        kind = Content.styled(actor.kind.value, MUTED)
        if actor.key:
            kind = Content.assemble(kind, "  ", (f"{KEY_MARK} key actor", KEY))
        parts = [line(actor.name, HEADING), kind]
        if actor.role:
            parts.append(labelled("Role", line(actor.role)))
        if actor.affiliation:
            parent = self.briefing.actor(actor.affiliation)
            name = parent.name if parent is not None else actor.affiliation
            parts.append(labelled("Affiliation", line(name)))
        if actor.country:
            parts.append(labelled("Country", line(actor.country)))
        text.update(Content("\n").join(parts))
        links.show_links(self._links(actor))
        sources.update(sources_block(self.briefing, actor.sources) if actor.sources else "")
        self.scroll_home(animate=False)

    def _links(self, actor: Actor) -> list[Option]:
        options: list[Option] = []
        if actor.affiliation and (parent := self.briefing.actor(actor.affiliation)):
            label = Content.assemble(line(parent.name), ("  affiliation", MUTED))
            options.append(link_option(Kind.ACTOR, parent.id, label))
        for member in self.briefing.actors:
            if member.affiliation == actor.id:
                label = Content.assemble(line(member.name), ("  member", MUTED))
                options.append(link_option(Kind.ACTOR, member.id, label))
        for quote in quotes_in_order(self.briefing):
            if quote.speaker == actor.id:
                label = Content.assemble(("“", MUTED), line(quote.text), ("”  quote", MUTED))
                options.append(link_option(Kind.QUOTE, quote.id, label))
        for event in self.briefing.events_in_order():
            if actor.id in event.actors:
                label = Content.assemble((f"{event.date.human()}  ", MUTED), line(event.title))
                options.append(link_option(Kind.EVENT, event.id, label))
        return options
