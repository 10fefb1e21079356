"""One item of a briefing, with its citation, as a short Markdown block: what an analyst
pastes into mail or chat (the reader's ``y``)."""

from __future__ import annotations

from collections.abc import Callable

from briefing.core.export.blocks import Line
from briefing.core.export.escaping import safe_url
from briefing.core.involves import Kind
from briefing.core.model import Briefing, Source
from briefing.core.periodic import BY_SYMBOL


def source_citation(source: Source) -> Line:
    """``Publisher, “Title”, 6 Jun 2025, Author, <https://…>``: everything that finds it."""
    line = Line().text(source.publisher).raw(", “").text(source.title)
    line.raw("”, " + source.published.human())
    if source.author:
        line.raw(", ").text(source.author)
    if source.url:
        line.raw(f", <{safe_url(source.url)}>", f", {source.url}")
    return line


Parts = tuple[list[Line], list[str]]
"""An item's lines, and the ids of the sources to cite under them."""


def item_markdown(briefing: Briefing, kind: Kind, item_id: str) -> str | None:
    """The item ``item_id`` of ``kind`` (an event, quote, actor, element or source) as a
    Markdown block: what it is, its date, and its sources numbered under it. None when
    the briefing has no such item."""
    describe = _DESCRIBE.get(kind)
    parts = describe(briefing, item_id) if describe is not None else None
    if parts is None:
        return None
    lines, sources = parts
    cited = [s for s in dict.fromkeys(sources) if briefing.source(s) is not None]
    paragraphs = [line.md for line in lines]
    if cited:
        paragraphs.append(
            "\n".join(
                f"- [{number}] {source_citation(source).md}"
                for number, source_id in enumerate(cited, start=1)
                if (source := briefing.source(source_id)) is not None
            )
        )
    return "\n\n".join(paragraphs) + "\n"


def _event(briefing: Briefing, item_id: str) -> Parts | None:
    event = briefing.event(item_id)
    if event is None:
        return None
    title = Line().raw("**").text(event.title).raw("**, " + event.date.human())
    return [title, Line().text(event.summary)], list(event.sources)


def _quote(briefing: Briefing, item_id: str) -> Parts | None:
    quote = next((q for q in briefing.quotes if q.id == item_id), None)
    if quote is None:
        return None
    speaker = briefing.actor(quote.speaker)
    who = Line().raw("— ").text(speaker.name if speaker else quote.speaker)
    if speaker is not None and speaker.role:
        who.raw(", ").text(speaker.role)
    if quote.date is not None:
        who.raw(", " + quote.date.human())
    return [Line().raw("> “").text(quote.text).raw("”"), who], [quote.source]


def _actor(briefing: Briefing, item_id: str) -> Parts | None:
    actor = briefing.actor(item_id)
    if actor is None:
        return None
    name = Line().raw("**").text(actor.name).raw(f"**, {actor.kind.value}")
    if actor.role:
        name.raw(": ").text(actor.role)
    return [name], list(actor.sources)


def _element(briefing: Briefing, item_id: str) -> Parts | None:
    """The element, its note and its controls; the sources are those of the events that
    start or end a control."""
    element = briefing.element(item_id)
    info = BY_SYMBOL.get(item_id)
    if element is None or info is None:
        return None
    heading = Line().raw(f"**{info.symbol} {info.name}**")
    if element.category:
        heading.raw(", ").text(element.category.replace("-", " "))
    lines = [heading]
    if element.note:
        lines.append(Line().text(element.note))
    sources: list[str] = []
    for control in element.controls:
        lines.append(Line().raw("- ").text(control.measure).raw(f", since {control.since.human()}"))
        for event_id in (control.event, control.until_event):
            event = briefing.event(event_id) if event_id else None
            sources += event.sources if event is not None else []
    return lines, sources


def _source(briefing: Briefing, item_id: str) -> Parts | None:
    source = briefing.source(item_id)
    if source is None:
        return None
    lines = [source_citation(source)]
    if source.note:
        lines.append(Line().text(source.note))
    return lines, []


_DESCRIBE: dict[Kind, Callable[[Briefing, str], Parts | None]] = {
    Kind.EVENT: _event,
    Kind.QUOTE: _quote,
    Kind.ACTOR: _actor,
    Kind.ELEMENT: _element,
    Kind.SOURCE: _source,
}
