"""Rows and blocks of the brief as Markdown, with sources numbered as first cited."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Protocol

from briefing.core.export.blocks import Block, BlockKind, Line
from briefing.core.export.budget import Section
from briefing.core.export.escaping import safe_url
from briefing.core.export.ranking import ElementGroup, Row, control_status
from briefing.core.export.subject import Subject
from briefing.core.involves import Kind
from briefing.core.model import Actor, Briefing, Event, Figure, KeyPoint
from briefing.core.periodic import BY_SYMBOL
from briefing.core.source_dates import supporting


class Cite(Protocol):
    """What numbers citations: ``cite(ids)`` gives ``[1, 3]``, or "" for none."""

    def cite(self, source_ids: Iterable[str]) -> str:
        """The citation for ``source_ids`` (``[1, 3]``), or "" when none of them is a source of the
        briefing."""


class Citations:
    """Numbers sources in the order the brief first cites them."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.order: list[str] = []
        self._numbers: dict[str, int] = {}

    def cite(self, source_ids: Iterable[str]) -> str:
        """``[1, 3]`` for the sources that exist, or "" when none does."""
        numbers: set[int] = set()
        for source_id in source_ids:
            if self.briefing.source(source_id) is None:
                continue
            if source_id not in self._numbers:
                self.order.append(source_id)
                self._numbers[source_id] = len(self.order)
            numbers.add(self._numbers[source_id])
        if not numbers:
            return ""
        return "[" + ", ".join(str(n) for n in sorted(numbers)) + "]"


class WidestCitations:
    """Citations as wide as they can be in a brief citing at most ``count`` sources:
    used to measure a row once, whatever numbers it ends up with."""

    def __init__(self, briefing: Briefing, count: int) -> None:
        self.briefing = briefing
        self.digits = len(str(max(count, 1)))

    def cite(self, source_ids: Iterable[str]) -> str:
        """A citation as wide as the widest ``source_ids`` could get: ``[99, 99]`` for two known
        sources in a brief citing up to 99; "" for none."""
        found = {s for s in source_ids if self.briefing.source(s) is not None}
        if not found:
            return ""
        return "[" + ", ".join("9" * self.digits for _ in found) + "]"


def _with_citation(line: Line, citation: str) -> Line:
    return line.raw(" " + citation) if citation else line


def element_name(symbol: str) -> str:
    """``Dysprosium`` for ``Dy``; the symbol itself when unknown."""
    info = BY_SYMBOL.get(symbol)
    return info.name if info else symbol


def actor_roles(briefing: Briefing, actor: Actor) -> list[str]:
    """The actor's role; else whom it belongs to; else what kind of actor it is."""
    if actor.role:
        return [actor.role]
    if actor.affiliation:
        parent = briefing.actor(actor.affiliation)
        return [parent.name if parent else actor.affiliation]
    return [actor.kind.value.replace("-", " ")]


def row_line(
    briefing: Briefing,
    row: Row,
    cite: Cite,
    *,
    compact: bool = False,
    dated: bool = False,
    run_in: bool = False,
) -> Line:
    """The Markdown line of one row; ``compact`` lists an element group by symbol,
    ``dated`` gives a figure row a date cell, and ``run_in`` makes a figure or element
    group an entry of a run-in paragraph rather than a table row or list item."""
    item, line = row.item, Line()
    if isinstance(item, KeyPoint):
        line.text(item.text)
    elif isinstance(item, Figure):
        if run_in:
            line.text(item.label).raw(": ").text(item.value)
            if item.date is not None:
                line.raw(f" ({item.date.human()})")
            return _with_citation(line, cite.cite(row.sources))
        line.raw("| ", "").text(item.label).raw(" | ", " ").text(item.value)
        if dated:
            line.raw(" | " + (item.date.human() if item.date else "–"))
        return line.raw(" | " + cite.cite(row.sources) + " |")
    elif isinstance(item, Event):
        when = item.date.human()
        line.raw(f"**{when}** – ", f"{when} – ").text(item.title)
    elif isinstance(item, ElementGroup):
        if run_in:  # in a paragraph after a bold label: plain, and lower case
            line.raw(f"{item.heading[0].lower()}{item.heading[1:]}: ")
        else:
            line.raw(f"**{item.heading}:** ", f"{item.heading}: ")
        if compact:
            line.raw(", ".join(element.symbol for element in item.elements))
        else:
            line.raw(", ".join(element_name(element.symbol) for element in item.elements))
    elif isinstance(item, Actor):
        line.text(item.name).raw(" (")
        for index, part in enumerate(actor_roles(briefing, item)):
            line.raw(", " if index else "").text(part)
        line.raw(")")
    else:
        speaker = briefing.actor(item.speaker)
        line.raw("“").text(item.text).raw("” — ")
        line.text(speaker.name if speaker else item.speaker)
        if speaker is not None and speaker.role:
            line.raw(", ").text(speaker.role)
        if item.date is not None:
            line.raw(", " + item.date.human())
    return _with_citation(line, cite.cite(row.sources))


def source_line(briefing: Briefing, source_id: str) -> Line:
    """One numbered source: publisher, headline (linked when it has an address), date."""
    source = briefing.source(source_id)
    assert source is not None  # only sources that exist are cited
    line = Line().text(source.publisher).raw(", “")
    if source.url:
        # The headline carries the link: a bare address would take a line of its own.
        line.raw("[", "").text(source.title).raw(f"](<{safe_url(source.url)}>)", "")
    else:
        line.text(source.title)
    return line.raw("”, " + source.published.human())


def heading(text: str) -> Block:
    """A section heading (``## text``); ``text`` is written here, never briefing text."""
    return Block("h2", [Line().raw(text)])


def run_in(label: str, parts: Sequence[Line], separator: str) -> Line:
    """Short entries in one paragraph after a bold label: no list margins, no half-empty
    lines."""
    line = Line().raw(f"**{label}:** ", f"{label}: ")
    for index, part in enumerate(parts):
        if index:
            line.raw(separator)
        line.extend(part)
    return line


RUN_IN_SEPARATOR: Mapping[Section, str] = {
    "figures": "; ",
    "elements": "; ",
    "actors": "; ",
    "quotes": " · ",
}


def quotes_label(count: int) -> str:
    """``Quote`` or ``Quotes``, by the number shown."""
    return "Quotes" if count > 1 else "Quote"


def run_in_label(briefing: Briefing, section: Section, count: int, complete: bool) -> str:
    """The bold label of a section written as a run-in paragraph of ``count`` entries."""
    if section == "quotes":
        return quotes_label(count)
    return section_title(briefing, section, complete)


def section_title(briefing: Briefing, section: Section, complete: bool = True) -> str:
    """The heading of a section; a list of element groups with some left out says so."""
    if section == "elements":
        # The groups are by control status on the as-of date, when there are controls.
        title = "Elements"
        if briefing.has_controls:
            title += f" on {briefing.as_of_date.human()}"
        return title if complete else f"Selected e{title[1:]}"
    return {
        "key_points": "Key points",
        "figures": "Key figures",
        "events": "Timeline",
        "actors": "Key actors",
        "quotes": "Quotes",
    }[section]


SECTION_KIND: Mapping[Section, BlockKind] = {
    "key_points": "ul",
    "figures": "table",
    "events": "ul",
    "elements": "ul",
    "actors": "p",
    "quotes": "p",
}


def header(
    briefing: Briefing, subject: Subject | None, stamp: datetime | None, cite: Cite
) -> list[Block]:
    """Title, as-of line, the subject in focus, and the bottom line."""
    title = Line().text(briefing.title)
    if subject is not None:
        title.raw(": ").text(subject.label)
    meta = Line()
    if briefing.subtitle:
        meta.text(briefing.subtitle).raw(" · ")
    as_of = briefing.as_of_date.human()
    meta.raw(f"As of **{as_of}**", f"As of {as_of}")
    meta.raw(" · From open sources, numbered below")
    if stamp is not None:
        meta.raw(f" · Exported {stamp.astimezone(UTC):%Y-%m-%d %H:%M} UTC")
    blocks = [Block("h1", [title]), Block("p", [meta])]
    if subject is not None:
        blocks.append(Block("p", [focus_line(briefing, subject, cite)]))
    bottom_line = Line().raw("**Bottom line:** ", "Bottom line: ").text(briefing.summary)
    blocks.append(Block("p", [bottom_line]))
    return blocks


def focus_line(briefing: Briefing, subject: Subject, cite: Cite) -> Line:
    """``In focus:`` what a scoped brief is about, with its role or control status."""
    line = Line().raw("**In focus:** ", "In focus: ").text(subject.label)
    sources: list[str] = []
    if subject.kind is Kind.ACTOR:
        actor = briefing.actor(subject.id)
        if actor is not None:
            for part in actor_roles(briefing, actor):
                line.raw(", ").text(part)
            sources = list(actor.sources)
    elif subject.kind is Kind.ELEMENT:
        element = briefing.element(subject.id)
        if element is not None:
            if element.category:
                line.raw(", ").text(element.category.replace("-", " "))
            if element.uses:
                line.raw("; uses: ").text(", ".join(element.uses))
            sources = list(element.sources)
            if briefing.has_controls:
                _, date, status, controls = control_status(element, briefing.as_of_date)
                line.raw(f". {status}")
                # "status: measure; measure", so a measure's capital starts a clause.
                for index, control in enumerate(controls):
                    line.raw("; " if index else ": ").text(control.measure)
                # The line states the status's date: only sources from then on support it.
                if date is not None:
                    sources = supporting(briefing, sources, date)
    else:
        count = sum(subject.id in event.tags for event in briefing.events)
        line.raw(f" ({count} event{'s' if count != 1 else ''})")
    return _with_citation(line, cite.cite(sources))


def assemble(
    briefing: Briefing,
    kept: Mapping[Section, Sequence[Row]],
    compact: set[int],
    *,
    subject: Subject | None,
    stamp: datetime | None,
    elements_complete: bool,
    run_in_sections: Collection[Section] = (),
) -> list[Block]:
    """The brief's blocks from the rows kept; ``compact`` holds ids of element rows
    listed by symbol, and figures and element groups are a run-in paragraph when in
    ``run_in_sections``. Sources are numbered in the order first cited."""
    cite = Citations(briefing)
    blocks = header(briefing, subject, stamp, cite)

    def paragraph(section: Section, parts: Sequence[Line], complete: bool = True) -> Block:
        label = run_in_label(briefing, section, len(parts), complete)
        return Block("p", [run_in(label, parts, RUN_IN_SEPARATOR[section])])

    if points := kept["key_points"]:
        lines = [row_line(briefing, row, cite) for row in points]
        blocks += [heading(section_title(briefing, "key_points")), Block("ul", lines)]
    if (figures := kept["figures"]) and "figures" in run_in_sections:
        blocks.append(
            paragraph("figures", [row_line(briefing, row, cite, run_in=True) for row in figures])
        )
    elif figures:
        dated = any(isinstance(r.item, Figure) and r.item.date is not None for r in figures)
        lines = [row_line(briefing, row, cite, dated=dated) for row in figures]
        head = ["Figure", "Value", "Date", "Source"] if dated else ["Figure", "Value", "Source"]
        blocks += [heading(section_title(briefing, "figures")), Block("table", lines, head)]
    if events := kept["events"]:
        timeline = sorted(events, key=lambda row: _date_key(row))
        lines = [row_line(briefing, row, cite) for row in timeline]
        blocks += [heading(section_title(briefing, "events")), Block("ul", lines)]
    if groups := kept["elements"]:
        flowing = "elements" in run_in_sections
        lines = [
            row_line(briefing, r, cite, compact=id(r) in compact, run_in=flowing) for r in groups
        ]
        if flowing:
            blocks.append(paragraph("elements", lines, elements_complete))
        else:
            title = section_title(briefing, "elements", elements_complete)
            blocks += [heading(title), Block("ul", lines)]
    if actors := kept["actors"]:
        blocks.append(paragraph("actors", [row_line(briefing, row, cite) for row in actors]))
    if quotes := kept["quotes"]:
        blocks.append(paragraph("quotes", [row_line(briefing, row, cite) for row in quotes]))
    sources = [source_line(briefing, source_id) for source_id in cite.order]
    if sources:
        blocks += [heading("Sources"), Block("ol", sources)]
    return blocks


def _date_key(row: Row) -> tuple[int, int, int]:
    return row.item.date.sort_key if isinstance(row.item, Event) else (0, 0, 0)
