"""Choosing what fits one page, in time linear in the number of candidate items.

Each row is measured once, with citations as wide as they can be. Dropping or putting
back a row updates running totals per section (and a count of the rows citing each
source, so a source's line counts while anything cites it); the page is only measured
by adding up about a dozen blocks. The brief is rendered once at the end and measured
exactly; should the running estimate have been short, dropping goes on from there.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from briefing.core.export.blocks import (
    CHARS_PER_LINE,
    LINE_HEIGHT,
    BlockKind,
    estimate,
    line_height,
    stacked_height,
    to_markdown,
    words,
)
from briefing.core.export.budget import DROP_ORDER, MAX_QUOTES, SECTIONS, Budget, Section, Usage
from briefing.core.export.ranking import LeftOut, Row, Selection, describe
from briefing.core.export.render import (
    SECTION_KIND,
    WidestCitations,
    assemble,
    header,
    quotes_label,
    row_line,
    section_title,
    source_line,
)
from briefing.core.export.subject import Subject
from briefing.core.model import Briefing, Figure

Action = tuple[Literal["drop", "compact"], Section, int]


@dataclass(frozen=True, slots=True)
class _Size:
    words: int
    height: float
    chars: int


def _run_in_height(chars: int) -> float:
    # Entries run on in one paragraph: wrapping wastes part of a word per line.
    return float(math.ceil(chars / (CHARS_PER_LINE["p"] - 6)))


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
        self.chars = dict.fromkeys(SECTIONS, 0)
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

    def change(self, row: Row, size: _Size, sign: int) -> None:
        """Count ``row`` in (``sign`` 1) or out (-1), with the sources only it cites."""
        section = row.section
        self.count[section] += sign
        self.words[section] += sign * size.words
        self.height[section] += sign * size.height
        self.chars[section] += sign * size.chars
        self.least_words += sign * size.words
        if SECTION_KIND[section] != "p":  # entries run on in a paragraph share lines
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
            kind = SECTION_KIND[section]
            if kind == "p":
                label = "Key actors" if section == "actors" else quotes_label(count)
                chars = self.chars[section] + len(label) + 2 + 3 * (count - 1)
                blocks.append(("p", _run_in_height(chars)))
                total += self.words[section] + words(label) + (count - 1)
                continue
            title_words, title_height = self._title(
                section, self.elements_complete if section == "elements" else True
            )
            height = self.height[section]
            if kind == "table":
                height += LINE_HEIGHT["table"]
                total += 4 if self.dated_figures else 3
            blocks += [("h2", title_height), (kind, height)]
            total += title_words + self.words[section]
        if self.source_words:
            blocks += [("h2", line_height("h2", "Sources")), ("ol", self.source_height)]
            total += 1 + self.source_words
        return Usage(total, math.ceil(stacked_height(blocks)), self.count["figures"])


def _measure(
    briefing: Briefing, row: Row, cite: WidestCitations, tally: _Tally, compact: bool = False
) -> _Size:
    line = row_line(briefing, row, cite, compact=compact, dated=tally.dated_figures)
    plain = line.plain
    return _Size(words(plain), line_height(SECTION_KIND[row.section], plain), len(plain))


def _actions(selection: Selection) -> list[Action]:
    """Every drop (and shortening of element groups), lowest priority first, by DROP_ORDER."""
    remaining = {section: len(selection.rows[section]) for section in SECTIONS}
    sequence: list[Action] = []
    for section, keep in DROP_ORDER:
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
    sizes = {
        section: [
            _measure(briefing, row, widest, tally) if kept[section][index] else _Size(0, 0.0, 0)
            for index, row in enumerate(rows[section])
        ]
        for section in SECTIONS
    }
    small = [_measure(briefing, row, widest, tally, compact=True) for row in rows["elements"]]

    def size(section: Section, index: int) -> _Size:
        return small[index] if section == "elements" and index in compact else sizes[section][index]

    def apply(action: Action, undo: bool = False) -> None:
        verb, section, index = action
        row = rows[section][index]
        if verb == "drop":
            kept[section][index] = undo
            tally.change(row, size(section, index), 1 if undo else -1)
            tally.elements_complete = all(kept["elements"])
            return
        if kept[section][index]:
            tally.change(row, size(section, index), -1)
        if undo:
            compact.discard(index)
        else:
            compact.add(index)
        if kept[section][index]:
            tally.change(row, size(section, index), 1)

    for section in SECTIONS:
        for index, row in enumerate(rows[section]):
            if kept[section][index]:
                tally.change(row, sizes[section][index], 1)
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
    # fits, highest priority first.
    for action in reversed(taken[:-1]):
        apply(action, undo=True)
        if not tally.fits(budget):
            apply(action)

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
        )
        words_used, lines = estimate(blocks)
        return to_markdown(blocks), Usage(words_used, lines, len(chosen["figures"]))

    markdown, usage = render()
    # The running estimate errs on the long side; should it ever fall short, go on exactly.
    for action in actions[position:]:
        if usage.fits(budget):
            break
        if action[0] == "drop" and not kept[action[1]][action[2]]:
            continue
        apply(action)
        markdown, usage = render()
    return Brief(
        markdown,
        usage,
        budget,
        _left_out(actions, rows, kept),
        subject,
        tuple(describe(rows["elements"][i].item) for i in sorted(compact) if kept["elements"][i]),
        tuple(selection.unsupported),
    )


def _left_out(
    actions: Sequence[Action], rows: dict[Section, list[Row]], kept: dict[Section, list[bool]]
) -> tuple[LeftOut, ...]:
    return tuple(
        describe(rows[section][index].item)
        for verb, section, index in actions
        if verb == "drop" and not kept[section][index]
    )
