"""The detail of one event: summary, links to its actors and elements, tags, sources."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from briefing.core.involves import Kind
from briefing.core.model import Briefing, Event
from briefing.core.periodic import BY_SYMBOL
from briefing.ui.format import (
    HEADING,
    KEY,
    KEY_MARK,
    MUTED,
    labelled,
    line,
    paragraph,
    sources_block,
)
from briefing.ui.widgets.link_list import LinkList, link_option


class EventDetail(VerticalScroll, can_focus=False):
    """What the timeline's highlighted event says, with links to follow."""

    def __init__(self, briefing: Briefing, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes="detail")
        self.briefing = briefing

    def compose(self) -> ComposeResult:
        yield Static(id="event-text", markup=False)
        yield LinkList("#timeline-list", id="event-links")
        yield Static(id="event-sources", markup=False)

    def show(self, event: Event | None, empty: str = "") -> None:
        """Show ``event``; with None, the ``empty`` message says why there is none."""
        text = self.query_one("#event-text", Static)
        links = self.query_one("#event-links", LinkList)
        sources = self.query_one("#event-sources", Static)
        if event is None:
            text.update(Content.styled(empty, MUTED))
            links.show_links([])
            sources.update("")
            return
        heading = [line(event.title, HEADING)]
        date = Content.styled(event.date.human(), MUTED)
        if event.key:
            date = Content.assemble(date, "  ", (f"{KEY_MARK} key event", KEY))
        parts = [*heading, date, paragraph(event.summary)]
        if event.note:
            parts.append(labelled("Note", paragraph(event.note)))
        if event.tags:
            parts.append(labelled("Tags", line(", ".join(event.tags))))
        controlled = [element.symbol for element in self.briefing.controlled_on(event.date)]
        parts.append(
            labelled(
                "Under control on this date",
                ", ".join(controlled) if controlled else "none",
            )
        )
        text.update(Content("\n").join(parts))
        links.show_links(self._links(event))
        sources.update(sources_block(self.briefing, event.sources))
        self.scroll_home(animate=False)

    def _links(self, event: Event) -> list[Option]:
        options: list[Option] = []
        for actor_id in event.actors:
            actor = self.briefing.actor(actor_id)
            if actor is not None:
                label = Content.assemble(line(actor.name), (f"  {actor.kind.value}", MUTED))
                options.append(link_option(Kind.ACTOR, actor.id, label))
        for symbol in event.elements:
            info = BY_SYMBOL[symbol]
            label = Content.assemble((symbol, "bold"), f" {info.name}", ("  element", MUTED))
            options.append(link_option(Kind.ELEMENT, symbol, label))
        return options
