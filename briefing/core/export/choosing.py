"""Choosing what fits one page, in time linear in the number of candidate items.

Each row is measured once, with citations as wide as they can be. Dropping or putting
back a row updates running totals per section (and a count of the rows citing each
source, so a source's line counts while anything cites it); the page is only measured
by adding up about a dozen blocks. The brief is rendered once at the end and measured
exactly; should the running estimate have been short, dropping goes on from there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from briefing.core.export.blocks import (
    LINE_EMS,
    LINE_HEIGHT,
    BlockKind,
    estimate,
    line_height,
    stacked_height,
    text_width,
    to_markdown,
    words,
)
from briefing.core.export.budget import (
    DROP_ORDER,
    MAX_QUOTES,
    RUN_IN,
    SECTIONS,
    Budget,
    Section,
    Usage,
)
from briefing.core.export.ranking import Item, LeftOut, Row, Selection, describe
from briefing.core.export.render import (
    RUN_IN_SEPARATOR,
    SECTION_KIND,
    WidestCitations,
    assemble,
    header,
    row_line,
    run_in_label,
    section_title,
    source_line,
)
from briefing.core.export.subject import Subject
from briefing.core.model import Briefing, Figure

Action = tuple[Literal["drop", "compact", "run_in"], Section, int]
"""Drop a row, list an element group by symbol, or make a section run-in (index 0)."""


@dataclass(frozen=True, slots=True)
class _Size:
    words: int
    height: float
    width: float
    """Printed width in ems, as one line."""


def _run_in_height(width: float) -> float:
    # Entries run on in one paragraph: wrapping wastes part of a word per line.
    return float(math.ceil(width / (LINE_EMS["p"] - 3)))


class _Tally:
    """Running totals of the page a set of rows takes."""

    def __init__(
        self,
        briefing: Briefing,
        selection: Selection,
        fixed: list[tuple[BlockKind, float]],
        fixed_words: int,
    ) -> None:
        self.briefing = briefing
        self.fixed, self.fixed_words = fixed, fixed_words
        self.count = dict.fromkeys(SECTIONS, 0)
        self.words = dict.fromkeys(SECTIONS, 0)
        self.height = dict.fromkeys(SECTIONS, 0.0)
        self.width = dict.fromkeys(SECTIONS, 0.0)
        self.least_words = fixed_words
        self.least_lines = sum(height for _, height in fixed)
        """Lower bounds of the words and lines in use, kept up to date for a quick test."""
        self.refs: dict[str, int] = {}
        self.source_words = 0
        self.source_height = 0.0
        self._source_sizes: dict[str, tuple[int, float]] = {}
        self.elements_complete = True
        self._titles: dict[tuple[Section, bool], tuple[int, float]] = {}
        self.dated_figures = any(
            isinstance(row.item, Figure) and row.item.date is not None
            for row in selection.rows["figures"]
        )
        self.run_in: set[Section] = set()
        """Figures or elements written as a run-in paragraph rather than under a heading."""

    def kind(self, section: Section) -> BlockKind:
        """The kind of block the section is written as now."""
        return "p" if section in self.run_in else SECTION_KIND[section]

    def change(self, row: Row, size: _Size, sign: int) -> None:
        """Count ``row`` in (``sign`` 1) or out (-1), with the sources only it cites."""
        section = row.section
        self.count[section] += sign
        self.words[section] += sign * size.words
        self.height[section] += sign * size.height
        self.width[section] += sign * size.width
        self.least_words += sign * size.words
        if self.kind(section) != "p":  # entries run on in a paragraph share lines
            self.least_lines += sign * size.height
        for source_id in dict.fromkeys(row.sources):
            if self.briefing.source(source_id) is None:
                continue
            before = self.refs.get(source_id, 0)
            self.refs[source_id] = before + sign
            if (before == 0) != (before + sign == 0):  # first citing row came or last went
                source_words, source_height = self._source_size(source_id)
                self.source_words += sign * source_words
                self.source_height += sign * source_height
                self.least_words += sign * source_words
                self.least_lines += sign * source_height

    def _source_size(self, source_id: str) -> tuple[int, float]:
        if source_id not in self._source_sizes:
            plain = source_line(self.briefing, source_id).plain
            self._source_sizes[source_id] = (words(plain), line_height("ol", plain))
        return self._source_sizes[source_id]

    def _title(self, section: Section, complete: bool = True) -> tuple[int, float]:
        if (section, complete) not in self._titles:
            title = section_title(self.briefing, section, complete)
            self._titles[section, complete] = (words(title), line_height("h2", title))
        return self._titles[section, complete]

    def fits(self, budget: Budget) -> bool:
        """Whether the rows in use fit ``budget``; answered at once when far over it."""
        if self.least_words > budget.words or self.least_lines > budget.lines + 0.5:
            return False
        return self.usage().fits(budget)

    def usage(self) -> Usage:
        """The estimated usage of the rows counted in: a dozen blocks added up."""
        blocks = list(self.fixed)
        total = self.fixed_words
        for section in SECTIONS:
            count = self.count[section]
            if not count:
                continue
            kind = self.kind(section)
            complete = self.elements_complete if section == "elements" else True
            if kind == "p":
                label = run_in_label(self.briefing, section, count, complete)
                separator = RUN_IN_SEPARATOR[section]
                width = self.width[section] + text_width(label + ": ", bold=True)
                width += text_width(separator) * (count - 1)
                blocks.append(("p", _run_in_height(width)))
                total += self.words[section] + words(label) + words(separator) * (count - 1)
                continue
            title_words, title_height = self._title(section, complete)
            height = self.height[section]
            if kind == "table":
                height += LINE_HEIGHT["table"]
                total += 4 if self.dated_figures else 3
            blocks += [("h2", title_height), (kind, height)]
            total += title_words + self.words[section]
        if self.source_words:
            blocks += [("h2", line_height("h2", "Sources")), ("ol", self.source_height)]
            total += 1 + self.source_words
        table_rows = 0 if "figures" in self.run_in else self.count["figures"]
        return Usage(total, math.ceil(stacked_height(blocks)), table_rows)


def _measure(
    briefing: Briefing,
    row: Row,
    cite: WidestCitations,
    tally: _Tally,
    compact: bool = False,
    run_in: bool = False,
) -> _Size:
    line = row_line(briefing, row, cite, compact=compact, dated=tally.dated_figures, run_in=run_in)
    plain, lead = line.plain, line.lead
    kind = "p" if run_in else SECTION_KIND[row.section]
    return _Size(words(plain), line_height(kind, plain, lead), text_width(plain) + lead)


def _actions(selection: Selection) -> list[Action]:
    """Every drop (and shortening of element groups), lowest priority first, by DROP_ORDER."""
    remaining = {section: len(selection.rows[section]) for section in SECTIONS}
    sequence: list[Action] = []
    for section, keep in DROP_ORDER:
        if keep == RUN_IN:
            if remaining[section]:
                sequence.append(("run_in", section, 0))
            continue
        if (
            section == "elements"
            and remaining[section] > keep
            and not any(action[0] == "compact" for action in sequence)
        ):
            # List every group by symbol before leaving any group out.
            count = len(selection.rows["elements"])
            sequence += [("compact", "elements", index) for index in reversed(range(count))]
        while remaining[section] > keep:
            remaining[section] -= 1
            sequence.append(("drop", section, remaining[section]))
    return sequence


@dataclass(frozen=True, slots=True)
class Brief:
    """A rendered brief and how much of the page budget it uses."""

    markdown: str
    usage: Usage
    budget: Budget
    dropped: tuple[LeftOut, ...]
    """What was left out to fit the page, in the order it was dropped."""
    subject: Subject | None = None
    shortened: tuple[LeftOut, ...] = ()
    """Element groups listed by symbol rather than by name, to fit the page."""
    unsupported: tuple[LeftOut, ...] = ()
    """Items left off because no source they cite is from on or after their date."""
    shown: Mapping[Section, int] = field(default_factory=dict)
    """How many rows of each section the brief shows."""
    candidates: Mapping[Section, int] = field(default_factory=dict)
    """How many rows of each section could have gone in."""
    omitted: tuple[Item, ...] = ()
    """The items of ``dropped``, in the same order (the first dropped first)."""

    @property
    def fits(self) -> bool:
        """True when the brief is within its page budget (it may not be, when even the items never
        dropped take more)."""
        return self.usage.fits(self.budget)

    def usage_line(self) -> str:
        """``412 / 480 words, 38 / 55 lines, 2 / 6 table rows``."""
        used, limit = self.usage, self.budget
        return (
            f"{used.words} / {limit.words} words, {used.lines} / {limit.lines} lines, "
            f"{used.table_rows} / {limit.table_rows} table rows"
        )


def fit(
    briefing: Briefing,
    selection: Selection,
    *,
    subject: Subject | None,
    stamp: datetime | None,
    budget: Budget,
) -> Brief:
    """Drop the lowest-priority rows of ``selection`` until the brief fits ``budget``, put
    back what fits again, and render it."""
    rows = selection.rows
    cited = {s for section in SECTIONS for row in rows[section] for s in row.sources}
    widest = WidestCitations(briefing, len(cited) + 1)
    head = header(briefing, subject, stamp, widest)
    fixed = [(block.kind, block.height()) for block in head]
    tally = _Tally(briefing, selection, fixed, sum(block.words() for block in head))
    kept = {section: [True] * len(rows[section]) for section in SECTIONS}
    compact: set[int] = set()
    # More quotes or figures than the brief ever shows are not a choice: never measured,
    # never put back.
    limits: dict[Section, int] = {"quotes": MAX_QUOTES, "figures": budget.table_rows}
    for section, limit in limits.items():
        kept[section][limit:] = [False] * max(0, len(rows[section]) - limit)
    measured: dict[tuple[Section, int, bool, bool], _Size] = {}

    def size(section: Section, index: int) -> _Size:
        """The row's size in the form it has now; each form is measured once."""
        shape = (section, index, index in compact and section == "elements", section in flowing)
        if shape not in measured:
            measured[shape] = _measure(briefing, rows[section][index], widest, tally, *shape[2:])
        return measured[shape]

    flowing = tally.run_in

    def apply(action: Action, undo: bool = False) -> None:
        verb, section, index = action
        row = rows[section][index]
        if verb == "drop":
            kept[section][index] = undo
            tally.change(row, size(section, index), 1 if undo else -1)
            tally.elements_complete = all(kept["elements"])
            return
        # A change of form: every row it touches is counted out, then in at its new size.
        touched = range(len(rows[section])) if verb == "run_in" else (index,)
        shown = [i for i in touched if kept[section][i]]
        for i in shown:
            tally.change(rows[section][i], size(section, i), -1)
        if verb == "run_in":
            (flowing.discard if undo else flowing.add)(section)
        else:
            (compact.discard if undo else compact.add)(index)
        for i in shown:
            tally.change(rows[section][i], size(section, i), 1)

    for section in SECTIONS:
        for index, row in enumerate(rows[section]):
            if kept[section][index]:
                tally.change(row, size(section, index), 1)
    actions = _actions(selection)
    taken: list[Action] = []
    position = len(actions)
    for index, action in enumerate(actions):
        if tally.fits(budget):
            position = index
            break
        if action[0] == "drop" and not kept[action[1]][action[2]]:
            continue
        apply(action)
        taken.append(action)
    # Dropping whole sections at the end can free more room than needed: put back what
    # fits, highest priority first. A section keeps its most important rows: once one of
    # its rows stays out, none of lower priority comes back in its place.
    closed = {taken[-1][1]} if taken and taken[-1][0] == "drop" else set()
    for action in reversed(taken[:-1]):
        verb, section, _ = action
        if verb == "drop" and section in closed:
            continue
        apply(action, undo=True)
        if not tally.fits(budget):
            apply(action)
            if verb == "drop":
                closed.add(section)

    def render() -> tuple[str, Usage]:
        chosen = {s: [r for i, r in enumerate(rows[s]) if kept[s][i]] for s in SECTIONS}
        ids = {id(rows["elements"][index]) for index in compact}
        blocks = assemble(
            briefing,
            chosen,
            ids,
            subject=subject,
            stamp=stamp,
            elements_complete=all(kept["elements"]),
            run_in_sections=flowing,
        )
        words_used, lines = estimate(blocks)
        rows_used = 0 if "figures" in flowing else len(chosen["figures"])
        return to_markdown(blocks), Usage(words_used, lines, rows_used)

    markdown, usage = render()
    # The running estimate errs on the long side; should it ever fall short, go on exactly.
    for action in actions[position:]:
        if usage.fits(budget):
            break
        if action[0] == "drop" and not kept[action[1]][action[2]]:
            continue
        apply(action)
        markdown, usage = render()
    omitted = _left_out(actions, rows, kept)
    return Brief(
        markdown,
        usage,
        budget,
        tuple(describe(item) for item in omitted),
        subject,
        tuple(describe(rows["elements"][i].item) for i in sorted(compact) if kept["elements"][i]),
        tuple(selection.unsupported),
        {section: sum(kept[section]) for section in SECTIONS},
        {section: len(rows[section]) for section in SECTIONS},
        omitted,
    )


def _left_out(
    actions: Sequence[Action], rows: dict[Section, list[Row]], kept: dict[Section, list[bool]]
) -> tuple[Item, ...]:
    return tuple(
        rows[section][index].item
        for verb, section, index in actions
        if verb == "drop" and not kept[section][index]
    )
