"""A one-page Markdown brief of a briefing, for people who will never open a terminal.

The brief holds, in this order: title and as-of line; bottom line; key points; key
figures (a table); timeline of key events; elements grouped by control status on the
as-of date; key actors; one or two key quotes; numbered sources. Every point, row and
quote cites its sources as ``[n]``.

What goes in is what the briefing marks ``key: true`` (key points and elements always).
The brief must print on one A4 and one US Letter page, so it is held to ``PAGE_BUDGET``
(words, estimated printed lines, table rows). When the key items exceed it, whole items
are dropped, never part of a sentence, in the order of ``DROP_ORDER``: each step drops
the lowest-priority items of one section (the last in its priority order) until the
brief fits or that section is down to the number the step keeps; then dropped items
that fit again are put back, highest priority first.

The output is CommonMark with one GFM table. Briefing text is escaped so that it cannot
open headings, lists, links, images, HTML, code or extra table cells, and control
characters are removed before they reach the file. The same briefing always gives the
same bytes; a timestamp appears only when ``stamp`` is given.
"""

from __future__ import annotations

import difflib
import errno
import functools
import math
import os
import re
import secrets
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from briefing.core.dates import PartialDate
from briefing.core.model import (
    Actor,
    Briefing,
    Control,
    Element,
    Event,
    Figure,
    KeyPoint,
    Quote,
)
from briefing.core.periodic import BY_SYMBOL
from briefing.core.text import sanitize_line, short

# --- the page budget ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Budget:
    """Limits that a brief printed at 11 pt with 15 mm margins fits on one page."""

    words: int
    lines: int
    table_rows: int


PAGE_BUDGET = Budget(words=480, lines=55, table_rows=6)
"""Checked by printing to PDF with Chromium, A4 and Letter, in the default serif and
sans-serif fonts (Times and Arial metrics) and in DejaVu Serif and Sans, which are wider.

``lines`` counts estimated printed lines of 11 pt text, with the title and the space
between blocks converted to that unit. A Letter page (the shorter one) holds 57 such
lines; briefs at the budget printed at most 55 in DejaVu and 52 in the default fonts.
"""

# Characters per printed line on the 180 mm of an A4 line, measured with Chromium: 112
# (Liberation Serif, Times' metrics), 100 (Liberation Sans), 88 (DejaVu Sans) and 85
# (DejaVu Serif, the widest common default). The estimate assumes the widest; list items
# are indented.
_CHARS_PER_LINE = {"p": 84, "li": 78, "h1": 40, "table": 70}

# Height of one line of each kind, and the margins above and below each kind of block, in
# lines of 11 pt body text (browser defaults: h1 2em, 1em paragraph and list margins;
# a table row adds cell padding and spacing).
_LINE_HEIGHT = {"h1": 2.0, "p": 1.0, "ul": 1.0, "ol": 1.0, "table": 1.25}
_BLOCK_SPACING = {
    "h1": (1.2, 1.2),
    "p": (0.9, 0.9),
    "ul": (0.9, 0.9),
    "ol": (0.9, 0.9),
    "table": (0.0, 0.0),
}

Section = Literal["key_points", "figures", "events", "elements", "actors", "quotes"]

DROP_ORDER: tuple[tuple[Section, int], ...] = (
    # Rounds that shrink every section a little; actors go first, key points last.
    ("quotes", 1),
    ("actors", 4),
    ("events", 5),
    ("figures", 4),
    ("elements", 3),
    ("actors", 3),
    ("events", 4),
    ("figures", 3),
    ("key_points", 4),
    ("elements", 2),
    ("actors", 2),
    ("events", 3),
    ("figures", 2),
    ("key_points", 3),
    ("actors", 0),
    ("events", 2),
    ("figures", 1),
    ("elements", 1),
    ("key_points", 2),
    ("events", 1),
    ("quotes", 0),
    ("figures", 0),
    ("key_points", 1),
    ("events", 0),
    ("elements", 0),
    ("key_points", 0),
)
"""(section, items it keeps): the order in which items are dropped to fit the page.

Within a section the lowest priority goes first: undated, then the oldest quotes;
timeline events that neither brought in a control nor have many sources, oldest first;
figures and key points from the end of the briefing's list; actors least involved in
the chosen events; element groups in the order never controlled, lifted, older
controls, announced, the newest controls. After dropping, anything dropped that fits
again is put back, highest priority first. The title, as-of line and bottom line are never dropped.
"""

MAX_QUOTES = 2


@dataclass(frozen=True, slots=True)
class Usage:
    words: int
    lines: int
    table_rows: int

    def fits(self, budget: Budget) -> bool:
        return (
            self.words <= budget.words
            and self.lines <= budget.lines
            and self.table_rows <= budget.table_rows
        )


@dataclass(frozen=True, slots=True)
class Subject:
    """What a scoped brief is about: an actor, an element or a tag."""

    kind: Literal["actor", "element", "tag"]
    id: str
    label: str


class UnknownSubject(ValueError):
    """``about`` names nothing in the briefing."""


@dataclass(frozen=True, slots=True)
class Brief:
    markdown: str
    usage: Usage
    budget: Budget
    dropped: tuple[str, ...]
    """What was left out to fit the page, as ``section: title`` lines."""
    subject: Subject | None = None

    @property
    def fits(self) -> bool:
        return self.usage.fits(self.budget)

    def usage_line(self) -> str:
        """``412 / 560 words, 38 / 50 lines, 2 / 6 table rows``."""
        used, limit = self.usage, self.budget
        return (
            f"{used.words} / {limit.words} words, {used.lines} / {limit.lines} lines, "
            f"{used.table_rows} / {limit.table_rows} table rows"
        )


# --- escaping ------------------------------------------------------------------------------

# Escaped everywhere: emphasis, code, links and images, HTML and autolinks, table cells,
# strikethrough and fences, ATX headings, and the backslash itself.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# GitHub turns bare addresses into links; an escape inside one keeps it text.
_BARE_LINK = re.compile(r"(?i)(?<=:)(//)|(?<=\bwww)(\.)|(@)")
_LEADING_BLOCK = re.compile(r"^([-+=>:])")
_LEADING_ORDERED = re.compile(r"^(\d{1,9})([.)])")


@functools.lru_cache(maxsize=4096)
def escape(text: str) -> str:
    """Briefing text as inline Markdown that renders as exactly that text, on one line."""
    line = sanitize_line(text)
    line = _INLINE_SPECIAL.sub(r"\\\1", line)
    line = _ENTITY.sub(r"\\&", line)
    line = _BARE_LINK.sub(lambda match: "\\" + match.group(), line)
    # Only at the start of a block can these open a list, quote or heading underline.
    line = _LEADING_BLOCK.sub(r"\\\1", line)
    return _LEADING_ORDERED.sub(r"\1\\\2", line)


_URL_SAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")


def _safe_url(url: str) -> str:
    # Percent-encode anything that could end an autolink or is not plain ASCII.
    return _URL_SAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


# The brief is rendered again after each item dropped: the same texts, escaped once.
_visible = functools.lru_cache(maxsize=4096)(sanitize_line)


# --- building blocks -----------------------------------------------------------------------


class _Line:
    """One line of Markdown together with the text it shows, for estimating its size."""

    def __init__(self) -> None:
        self.markdown: list[str] = []
        self.visible: list[str] = []

    def text(self, value: str) -> _Line:
        self.markdown.append(escape(value))
        self.visible.append(_visible(value))
        return self

    def raw(self, markdown: str, visible: str | None = None) -> _Line:
        """Markdown written here, never briefing text."""
        self.markdown.append(markdown)
        self.visible.append(markdown if visible is None else visible)
        return self

    @property
    def md(self) -> str:
        return "".join(self.markdown)

    @property
    def plain(self) -> str:
        return "".join(self.visible)


_BlockKind = Literal["h1", "p", "ul", "ol", "table"]


@dataclass
class _Block:
    kind: _BlockKind
    lines: list[_Line]
    table_head: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        if self.kind == "h1":
            return "# " + self.lines[0].md
        if self.kind == "p":
            return self.lines[0].md
        if self.kind == "ul":
            return "\n".join("- " + line.md for line in self.lines)
        if self.kind == "ol":
            return "\n".join(f"{n}. " + line.md for n, line in enumerate(self.lines, 1))
        head = "| " + " | ".join(self.table_head) + " |"
        rule = "|" + "|".join("---" for _ in self.table_head) + "|"
        return "\n".join([head, rule, *(line.md for line in self.lines)])

    def height(self) -> float:
        """Printed height, in lines of body text, without the margins."""
        per_line = _LINE_HEIGHT[self.kind]
        width = {"ul": "li", "ol": "li"}.get(self.kind, self.kind)
        chars = _CHARS_PER_LINE[width]
        rows = sum(_wrapped_lines(line.plain, chars) for line in self.lines)
        return per_line * (rows + (1 if self.kind == "table" else 0))

    def words(self) -> int:
        texts = [line.plain for line in self.lines] + self.table_head
        return sum(len(text.split()) for text in texts)


def _wrapped_lines(text: str, width: int) -> int:
    """Lines that ``text`` takes when wrapped at word boundaries to ``width`` characters."""
    lines, used = 1, 0
    for word in text.split():
        needed = len(word) if used == 0 else used + 1 + len(word)
        if needed <= width:
            used = needed
        else:
            lines += 1 if used else 0
            # A word longer than a line (a long address) takes lines of its own.
            lines += (len(word) - 1) // width
            used = len(word) % width or width
    return lines


def _estimate(blocks: Sequence[_Block]) -> tuple[int, int]:
    """(words, printed lines) of the blocks; adjacent vertical margins collapse."""
    lines = 0.0
    previous_margin = 0.0
    for block in blocks:
        top, bottom = _BLOCK_SPACING[block.kind]
        lines += max(previous_margin, top) + block.height()
        previous_margin = bottom
    lines += previous_margin
    return sum(block.words() for block in blocks), math.ceil(lines)


# --- choosing what goes in -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ElementGroup:
    heading: str
    elements: tuple[Element, ...]
    events: tuple[str, ...]
    """The events of the controls that put the elements in this group, for citations."""


@dataclass
class _Selection:
    key_points: list[KeyPoint]
    figures: list[Figure]
    events: list[Event]
    elements: list[_ElementGroup]
    actors: list[Actor]
    quotes: list[Quote]
    """Each list is in priority order: the last item is the first to drop."""


def _element_label(symbol: str) -> str:
    info = BY_SYMBOL.get(symbol)
    return f"{info.name} ({symbol})" if info else symbol


def _element_name(symbol: str) -> str:
    info = BY_SYMBOL.get(symbol)
    return info.name if info else symbol


def _control_status(
    element: Element, on: PartialDate
) -> tuple[int, PartialDate | None, str, list[Control]]:
    """(rank, date, heading, controls) of an element's control status on a date.

    Ranks: 0 under control (dated by the earliest control in force), 1 announced,
    2 lifted or paused, 3 never controlled.
    """
    in_force = [control for control in element.controls if control.in_force(on)]
    if in_force:
        since = min((control.since for control in in_force), key=lambda date: date.sort_key)
        return 0, since, f"Under export control since {since.human()}", in_force
    coming = [control for control in element.controls if control.since > on]
    if coming:
        start = min((control.since for control in coming), key=lambda date: date.sort_key)
        return 1, start, f"Export control announced, from {start.human()}", coming
    ended = [control for control in element.controls if control.until is not None]
    if ended:
        until = max(
            (control.until for control in ended if control.until), key=lambda date: date.sort_key
        )
        return 2, until, f"Control lifted or paused, {until.human()}", ended
    return 3, None, "Not under control", []


def _element_groups(briefing: Briefing, elements: Iterable[Element]) -> list[_ElementGroup]:
    """Elements grouped by control status on the as-of date, in priority order.

    The most recent controls come first, then controls announced (what changes next
    matters more to a reader than how long older controls have held), then older
    controls, then lifted or paused, then never controlled.
    """
    on = briefing.as_of_date
    grouped: dict[str, list[tuple[Element, list[Control]]]] = {}
    ranks: dict[str, tuple[int, tuple[int, int, int]]] = {}
    for element in elements:
        rank, date, heading, controls = _control_status(element, on)
        grouped.setdefault(heading, []).append((element, controls))
        year, month, day = date.sort_key if date else (0, 0, 0)
        ranks[heading] = (rank, (-year, -month, -day) if rank < 2 else (year, month, day))
    return [
        _ElementGroup(
            heading,
            tuple(element for element, _ in grouped[heading]),
            tuple(
                control.event
                for _, controls in grouped[heading]
                for control in controls
                if control.event is not None
            ),
        )
        for heading in _announced_after_newest(sorted(grouped, key=ranks.__getitem__), ranks)
    ]


def _announced_after_newest(
    headings: list[str], ranks: dict[str, tuple[int, tuple[int, int, int]]]
) -> list[str]:
    in_force = [heading for heading in headings if ranks[heading][0] == 0]
    announced = [heading for heading in headings if ranks[heading][0] == 1]
    rest = [heading for heading in headings if ranks[heading][0] > 1]
    return in_force[:1] + announced + in_force[1:] + rest


def _recent_first(items: Iterable[Event]) -> list[Event]:
    return sorted(items, key=lambda event: event.date.sort_key, reverse=True)


def _rank_events(briefing: Briefing, events: Iterable[Event]) -> list[Event]:
    """Key events first, then those that brought in a control, then the best sourced;
    the most recent first among equals."""
    control_events = {
        control.event for element in briefing.elements for control in element.controls
    }
    return sorted(
        _recent_first(events),
        key=lambda event: (not event.key, event.id not in control_events, -len(event.sources)),
    )


def _quote_order(quotes: Iterable[Quote]) -> list[Quote]:
    def key(quote: Quote) -> tuple[bool, tuple[int, int, int]]:
        return (quote.key, quote.date.sort_key if quote.date else (0, 0, 0))

    return sorted(quotes, key=key, reverse=True)


def _rank_actors(
    briefing: Briefing, actors: Iterable[Actor], events: Sequence[Event]
) -> list[Actor]:
    """Key actors first; then those in more of ``events``, then in more of the briefing's
    events and quotes."""
    listed = list(actors)

    def involvement(actor: Actor) -> tuple[bool, int, int, int]:
        chosen = sum(actor.id in event.actors for event in events)
        overall = sum(actor.id in event.actors for event in briefing.events)
        overall += sum(quote.speaker == actor.id for quote in briefing.quotes)
        return (not actor.key, -chosen, -overall, listed.index(actor))

    return sorted(listed, key=involvement)


def _select_all(briefing: Briefing) -> _Selection:
    events = _rank_events(briefing, (event for event in briefing.events if event.key))
    return _Selection(
        key_points=list(briefing.key_points),
        figures=[figure for figure in briefing.figures if figure.key],
        events=events,
        elements=_element_groups(briefing, briefing.elements),
        actors=_rank_actors(briefing, (actor for actor in briefing.actors if actor.key), events),
        quotes=_quote_order(quote for quote in briefing.quotes if quote.key),
    )


def resolve_subject(briefing: Briefing, about: str) -> Subject:
    """The actor, element or tag that ``about`` names; UnknownSubject says what exists.

    Exact ids, symbols and tags win; then, ignoring case, an element's symbol or name, and
    an actor whose id or name has ``about`` as a whole word (``trump``: Donald Trump).
    """
    actor = briefing.actor(about)
    if actor is not None:
        return Subject("actor", actor.id, sanitize_line(actor.name))
    symbols = {element.symbol for element in briefing.elements}
    symbols.update(symbol for event in briefing.events for symbol in event.elements)
    tags = {tag for event in briefing.events for tag in event.tags}
    if about in symbols:
        return Subject("element", about, _element_label(about))
    if about in tags:
        return Subject("tag", about, about.replace("-", " "))
    folded = about.casefold()
    for symbol in sorted(symbols):
        info = BY_SYMBOL.get(symbol)
        if folded in (symbol.casefold(), info.name.casefold() if info else ""):
            return Subject("element", symbol, _element_label(symbol))
    named = [candidate for candidate in briefing.actors if _names(candidate, folded)]
    if len(named) == 1:
        return Subject("actor", named[0].id, sanitize_line(named[0].name))
    if named:
        choices = ", ".join(candidate.id for candidate in named[:5])
        raise UnknownSubject(f"{short(about)} names several actors; give one id: {choices}")
    known = [actor.id for actor in briefing.actors] + sorted(symbols) + sorted(tags)
    near = difflib.get_close_matches(about, known, n=1)
    hint = f"; did you mean {near[0]!r}?" if near else ""
    raise UnknownSubject(
        f"{short(about)} is not an actor id, element symbol or tag in this briefing{hint}"
    )


def _names(actor: Actor, folded: str) -> bool:
    """Whether ``folded`` is a whole word, or run of words, of the actor's id or name."""
    words = " ".join(re.findall(r"\w+", actor.name.casefold()))
    return f" {folded.replace('-', ' ')} " in f" {words} " or (f"-{folded}-" in f"-{actor.id}-")


def _mentions(text: str | None, words: Sequence[str]) -> bool:
    if not text:
        return False
    return any(
        re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text, re.IGNORECASE) for word in words
    )


def _select_about(briefing: Briefing, subject: Subject) -> _Selection:
    if subject.kind == "actor":
        related = {subject.id} | {
            actor.id for actor in briefing.actors if actor.affiliation == subject.id
        }
        actor = briefing.actor(subject.id)
        words = [actor.name] if actor else []

        def involved(event: Event) -> bool:
            return bool(related & set(event.actors))

    elif subject.kind == "element":
        related = set()
        info = BY_SYMBOL.get(subject.id)
        words = [info.name] if info else []

        def involved(event: Event) -> bool:
            return subject.id in event.elements

    else:
        related = set()
        words = [subject.id, subject.label]

        def involved(event: Event) -> bool:
            return subject.id in event.tags

    chosen = [event for event in briefing.events if involved(event)]
    events = _rank_events(briefing, chosen)

    def quote_involved(quote: Quote) -> bool:
        if quote.speaker in related or _mentions(quote.text, words):
            return True
        return any(
            quote.speaker in event.actors and quote.source in event.sources for event in chosen
        )

    figures = [figure for figure in briefing.figures if _mentions(figure.label, words)]
    figures.sort(key=lambda figure: not figure.key)
    if subject.kind == "element":
        elements = [element for element in briefing.elements if element.symbol == subject.id]
    else:
        symbols = {symbol for event in chosen for symbol in event.elements}
        elements = [element for element in briefing.elements if element.symbol in symbols]
    actor_ids = {actor_id for event in chosen for actor_id in event.actors}
    actors = [
        actor
        for actor in briefing.actors
        if actor.id in actor_ids and actor.id != subject.id or actor.id in related - {subject.id}
    ]
    return _Selection(
        key_points=[point for point in briefing.key_points if _mentions(point.text, words)],
        figures=figures,
        events=events,
        elements=_element_groups(briefing, elements),
        actors=_rank_actors(briefing, actors, chosen),
        quotes=_quote_order(quote for quote in briefing.quotes if quote_involved(quote)),
    )


# --- rendering -----------------------------------------------------------------------------


class _Citations:
    """Numbers sources in the order the brief first cites them."""

    def __init__(self, briefing: Briefing) -> None:
        self.briefing = briefing
        self.order: list[str] = []

    def cite(self, source_ids: Iterable[str]) -> str:
        numbers: list[int] = []
        for source_id in source_ids:
            if self.briefing.source(source_id) is None:
                continue
            if source_id not in self.order:
                self.order.append(source_id)
            number = self.order.index(source_id) + 1
            if number not in numbers:
                numbers.append(number)
        if not numbers:
            return ""
        return "[" + ", ".join(str(n) for n in sorted(numbers)) + "]"


def _with_citation(line: _Line, citation: str) -> _Line:
    if citation:
        line.raw(" " + citation)
    return line


def _actor_sources(briefing: Briefing, actor: Actor, events: Sequence[Event]) -> list[str]:
    """The actor's own sources, else those of the events and quotes that show its role."""
    if actor.sources:
        return list(actor.sources)
    shown = [event.sources[0] for event in events if actor.id in event.actors]
    if not shown:
        others = _recent_first(event for event in briefing.events if actor.id in event.actors)
        shown = [event.sources[0] for event in others]
        shown += [quote.source for quote in briefing.quotes if quote.speaker == actor.id]
    return shown[:2]


def _group_sources(briefing: Briefing, group: _ElementGroup) -> list[str]:
    sources: list[str] = []
    for event_id in group.events:
        event = briefing.event(event_id)
        if event is not None:
            sources += event.sources
    for element in group.elements:
        sources += element.sources
    return sources


def _render(
    briefing: Briefing, chosen: _Selection, subject: Subject | None, stamp: datetime | None
) -> tuple[list[_Block], int]:
    """The brief's blocks, and the number of table rows; sources numbered as first cited."""
    cite = _Citations(briefing)
    blocks = _header(briefing, subject, stamp, cite)
    bottom_line = _Line().raw("**Bottom line:** ", "Bottom line: ").text(briefing.summary)
    blocks.append(_Block("p", [bottom_line]))
    blocks += _section("Key points", "ul", [_key_point(point, cite) for point in chosen.key_points])
    blocks += _figure_table(chosen.figures, cite)
    timeline = sorted(chosen.events, key=lambda event: event.date.sort_key)
    blocks += _section("Timeline", "ul", [_timeline_entry(event, cite) for event in timeline])
    blocks += _section(
        f"Elements on {briefing.as_of_date.human()}",
        "ul",
        [_element_line(briefing, group, cite) for group in chosen.elements],
    )
    actors = [_actor_line(briefing, actor, chosen.events, cite) for actor in chosen.actors]
    blocks += _run_in("Key actors", actors, "; ")
    quotes = [_quote_line(briefing, quote, cite) for quote in chosen.quotes]
    blocks += _run_in("Quotes" if len(quotes) > 1 else "Quote", quotes, " · ")
    blocks += _section("Sources", "ol", _source_lines(briefing, cite))
    return blocks, len(chosen.figures)


def _section(heading: str, kind: _BlockKind, lines: list[_Line]) -> list[_Block]:
    # A bold label rather than a heading: a heading's size and margins cost a page
    # about seven lines of content.
    if not lines:
        return []
    return [_Block("p", [_Line().raw(f"**{heading}**", heading)]), _Block(kind, lines)]


def _run_in(label: str, parts: list[_Line], separator: str) -> list[_Block]:
    """Short entries in one paragraph after a bold label: no list margins, no half-empty lines."""
    if not parts:
        return []
    line = _Line().raw(f"**{label}:** ", f"{label}: ")
    for index, part in enumerate(parts):
        if index:
            line.raw(separator)
        line.markdown += part.markdown
        line.visible += part.visible
    return [_Block("p", [line])]


def _header(
    briefing: Briefing, subject: Subject | None, stamp: datetime | None, cite: _Citations
) -> list[_Block]:
    title = _Line().text(briefing.title)
    if subject is not None:
        title.raw(": ").text(subject.label)
    meta = _Line()
    if briefing.subtitle:
        meta.text(briefing.subtitle).raw(" · ")
    as_of = briefing.as_of_date.human()
    meta.raw(f"As of **{as_of}**", f"As of {as_of}")
    meta.raw(" · From open sources, numbered below")
    if stamp is not None:
        meta.raw(f" · Exported {stamp.astimezone(UTC):%Y-%m-%d %H:%M} UTC")
    blocks = [_Block("h1", [title]), _Block("p", [meta])]
    if subject is not None:
        blocks.append(_Block("p", [_focus_line(briefing, subject, cite)]))
    return blocks


def _key_point(point: KeyPoint, cite: _Citations) -> _Line:
    return _with_citation(_Line().text(point.text), cite.cite(point.sources))


def _figure_table(figures: Sequence[Figure], cite: _Citations) -> list[_Block]:
    if not figures:
        return []
    dated = any(figure.date is not None for figure in figures)
    rows = []
    for figure in figures:
        row = _Line().raw("| ", "").text(figure.label).raw(" | ", " ").text(figure.value)
        if dated:
            row.raw(" | " + (figure.date.human() if figure.date else "–"))
        rows.append(row.raw(" | " + cite.cite([figure.source]) + " |"))
    head = ["Figure", "Value", "Date", "Source"] if dated else ["Figure", "Value", "Source"]
    table = _Block("table", rows, table_head=head)
    return [_Block("p", [_Line().raw("**Key figures**", "Key figures")]), table]


def _timeline_entry(event: Event, cite: _Citations) -> _Line:
    when = event.date.human()
    line = _Line().raw(f"**{when}** – ", f"{when} – ").text(event.title)
    return _with_citation(line, cite.cite(event.sources))


def _element_line(briefing: Briefing, group: _ElementGroup, cite: _Citations) -> _Line:
    line = _Line().raw(f"**{group.heading}:** ", f"{group.heading}: ")
    line.raw(", ".join(_element_name(element.symbol) for element in group.elements))
    return _with_citation(line, cite.cite(_group_sources(briefing, group)))


def _actor_line(
    briefing: Briefing, actor: Actor, events: Sequence[Event], cite: _Citations
) -> _Line:
    line = _Line().text(actor.name).raw(" (")
    for index, part in enumerate(_actor_roles(briefing, actor)):
        line.raw(", " if index else "").text(part)
    line.raw(")")
    return _with_citation(line, cite.cite(_actor_sources(briefing, actor, events)))


def _quote_line(briefing: Briefing, quote: Quote, cite: _Citations) -> _Line:
    speaker = briefing.actor(quote.speaker)
    line = _Line().raw("“").text(quote.text).raw("” — ")
    line.text(speaker.name if speaker else quote.speaker)
    if speaker is not None and speaker.role:
        line.raw(", ").text(speaker.role)
    if quote.date is not None:
        line.raw(", " + quote.date.human())
    return _with_citation(line, cite.cite([quote.source]))


def _source_lines(briefing: Briefing, cite: _Citations) -> list[_Line]:
    lines = []
    for source_id in cite.order:
        source = briefing.source(source_id)
        assert source is not None  # cite() numbers only sources that exist
        line = _Line().text(source.publisher).raw(", “")
        if source.url:
            # The headline carries the link: a bare address would take a line of its own.
            line.raw("[", "").text(source.title).raw(f"](<{_safe_url(source.url)}>)", "")
        else:
            line.text(source.title)
        lines.append(line.raw("”, " + source.published.human()))
    return lines


def _actor_roles(briefing: Briefing, actor: Actor) -> list[str]:
    """The actor's role; else whom it belongs to; else what kind of actor it is."""
    if actor.role:
        return [actor.role]
    if actor.affiliation:
        parent = briefing.actor(actor.affiliation)
        return [parent.name if parent else actor.affiliation]
    return [actor.kind.value.replace("-", " ")]


def _focus_line(briefing: Briefing, subject: Subject, cite: _Citations) -> _Line:
    line = _Line().raw("**In focus:** ", "In focus: ").text(subject.label)
    sources: list[str] = []
    if subject.kind == "actor":
        actor = briefing.actor(subject.id)
        if actor is not None:
            for part in _actor_roles(briefing, actor):
                line.raw(", ").text(part)
            sources = list(actor.sources)
    elif subject.kind == "element":
        element = briefing.element(subject.id)
        if element is not None:
            if element.category:
                line.raw(", ").text(element.category.replace("-", " "))
            if element.uses:
                line.raw("; uses: ").text(", ".join(element.uses))
            _, _, status, controls = _control_status(element, briefing.as_of_date)
            line.raw(f". {status}")
            for control in controls:
                line.raw("; ").text(control.measure)
            sources = list(element.sources)
    else:
        count = sum(subject.id in event.tags for event in briefing.events)
        line.raw(f" ({count} event{'s' if count != 1 else ''})")
    return _with_citation(line, cite.cite(sources))


def _describe(item: object) -> str:
    if isinstance(item, KeyPoint):
        return f"key point: {sanitize_line(item.text)}"
    if isinstance(item, Figure):
        return f"figure: {sanitize_line(item.label)}"
    if isinstance(item, Event):
        return f"timeline event: {sanitize_line(item.title)}"
    if isinstance(item, _ElementGroup):
        return f"element group: {item.heading[0].lower()}{item.heading[1:]}"
    if isinstance(item, Actor):
        return f"actor: {sanitize_line(item.name)}"
    if isinstance(item, Quote):
        return f"quote: {sanitize_line(item.text)}"
    raise TypeError(item)


def build_brief(
    briefing: Briefing,
    *,
    about: str | None = None,
    stamp: datetime | None = None,
    budget: Budget = PAGE_BUDGET,
) -> Brief:
    """The one-page brief and how much of the page budget it uses.

    ``about`` scopes it to one actor id, element symbol (or name) or tag; an unknown one
    raises UnknownSubject.
    """
    subject = resolve_subject(briefing, about) if about is not None else None
    candidates = _select_about(briefing, subject) if subject else _select_all(briefing)
    removed: set[tuple[Section, int]] = {
        ("quotes", index) for index in range(MAX_QUOTES, len(candidates.quotes))
    }
    removed |= {("figures", index) for index in range(budget.table_rows, len(candidates.figures))}

    def measure() -> tuple[list[_Block], Usage]:
        blocks, rows = _render(briefing, _without(candidates, removed), subject, stamp)
        words, lines = _estimate(blocks)
        return blocks, Usage(words, lines, rows)

    blocks, usage = measure()
    dropped: list[tuple[Section, int]] = []
    for item in _drop_sequence(candidates):
        if usage.fits(budget):
            break
        if item not in removed:
            removed.add(item)
            dropped.append(item)
            blocks, usage = measure()
    # Dropping whole sections at the end can free more room than needed: put back what
    # fits, highest priority first.
    for item in reversed(dropped[:-1]):
        removed.discard(item)
        trial = measure()
        if trial[1].fits(budget):
            blocks, usage = trial
        else:
            removed.add(item)
    left_out = tuple(
        _describe(getattr(candidates, section)[index])
        for section, index in _drop_sequence(candidates)
        if (section, index) in removed
    )
    markdown = "\n\n".join(block.markdown() for block in blocks) + "\n"
    return Brief(markdown, usage, budget, left_out, subject)


_SECTIONS: tuple[Section, ...] = (
    "key_points",
    "figures",
    "events",
    "elements",
    "actors",
    "quotes",
)


def _drop_sequence(candidates: _Selection) -> list[tuple[Section, int]]:
    """Every candidate item as (section, index), lowest priority first, by DROP_ORDER."""
    remaining = {section: len(getattr(candidates, section)) for section in _SECTIONS}
    sequence: list[tuple[Section, int]] = []
    for section, keep in DROP_ORDER:
        while remaining[section] > keep:
            remaining[section] -= 1
            sequence.append((section, remaining[section]))
    return sequence


def _without(candidates: _Selection, removed: set[tuple[Section, int]]) -> _Selection:
    def kept(section: Section) -> list[Any]:
        items: list[Any] = getattr(candidates, section)
        return [item for index, item in enumerate(items) if (section, index) not in removed]

    return _Selection(
        key_points=kept("key_points"),
        figures=kept("figures"),
        events=kept("events"),
        elements=kept("elements"),
        actors=kept("actors"),
        quotes=kept("quotes"),
    )


def render_brief(
    briefing: Briefing, *, about: str | None = None, stamp: datetime | None = None
) -> str:
    """The one-page Markdown brief; see ``build_brief``."""
    return build_brief(briefing, about=about, stamp=stamp).markdown


def default_file_name(briefing: Briefing, about: str | None = None) -> str:
    """``brief-<id>.md``, or ``brief-<id>-<about>.md`` for a scoped brief."""
    suffix = f"-{re.sub(r'[^A-Za-z0-9-]', '', about)}" if about else ""
    return f"brief-{briefing.id}{suffix}.md"


# --- writing -------------------------------------------------------------------------------


class BriefNotWritten(Exception):
    """The file system refused the brief; ``reason`` says why in a few words."""

    def __init__(self, path: Path, reason: str, *, exists: bool = False) -> None:
        super().__init__(f"cannot write {path}: {reason}")
        self.path = path
        self.reason = reason
        self.exists = exists
        """True when the only problem is that the file is already there."""


_WRITE_ERRORS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.ENAMETOOLONG: "the name is too long",
}


def write_brief(path: Path, text: str, *, overwrite: bool = False) -> None:
    """``write_atomically``, with every refusal turned into BriefNotWritten."""
    if path.is_dir():
        raise BriefNotWritten(path, "it is a directory; give a file name")
    if not path.parent.is_dir():
        raise BriefNotWritten(path, f"no such directory {path.parent}")
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None
    try:
        if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
            # /dev/null, /dev/stdout or a pipe: write into it. Renaming a file over it
            # would replace the device itself.
            with open(path, "w", encoding="utf-8") as stream:
                stream.write(text)
            return
        if mode is not None and not stat.S_ISREG(mode):
            raise BriefNotWritten(path, "it is not a regular file")
        write_atomically(path, text, overwrite=overwrite)
    except FileExistsError:
        raise BriefNotWritten(path, "it already exists", exists=True) from None
    except OSError as error:
        reason = _WRITE_ERRORS.get(error.errno or 0, error.strerror or str(error))
        raise BriefNotWritten(path, reason) from None


def write_atomically(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the whole new one.

    Raises FileExistsError when ``path`` exists and ``overwrite`` is false, and OSError
    for anything the file system refuses (the temporary file is removed).
    """
    data = text.encode("utf-8")
    directory = path.parent
    temporary = directory / f".{path.name}.{secrets.token_hex(4)}.tmp"
    # O_EXCL: never follow or reuse someone else's file; the umask sets the permissions.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        if overwrite:
            os.replace(temporary, path)
        else:
            _link_without_overwrite(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _link_without_overwrite(temporary: Path, path: Path) -> None:
    # A hard link fails if the target exists, with no window for a race; file systems
    # without hard links fall back to a check and rename.
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists():
            raise FileExistsError(path) from None
        os.replace(temporary, path)
    else:
        temporary.unlink()
