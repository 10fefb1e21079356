"""Running totals of the page a set of rows takes, kept up to date as rows go out and
come back, so that whether the brief fits is known without rendering it."""

from __future__ import annotations

import math
from dataclasses import dataclass

from briefing.core.export.blocks import (
    LINE_EMS,
    LINE_HEIGHT,
    BlockKind,
    line_height,
    stacked_height,
    text_width,
    words,
)
from briefing.core.export.budget import SECTIONS, Budget, Section, Usage
from briefing.core.export.ranking import Row, Selection
from briefing.core.export.render import (
    RUN_IN_SEPARATOR,
    SECTION_KIND,
    WidestCitations,
    row_line,
    run_in_label,
    section_title,
    source_line,
)
from briefing.core.model import Briefing, Figure


@dataclass(frozen=True, slots=True)
class Size:
    """What one row takes: its words, its height in printed lines, and its width."""

    words: int
    height: float
    width: float
    """Printed width in ems, as one line."""


def _run_in_height(width: float) -> float:
    # Entries run on in one paragraph: wrapping wastes part of a word per line.
    return float(math.ceil(width / (LINE_EMS["p"] - 3)))


class Tally:
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

    def change(self, row: Row, size: Size, sign: int) -> None:
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


def measure(
    briefing: Briefing,
    row: Row,
    cite: WidestCitations,
    tally: Tally,
    compact: bool = False,
    run_in: bool = False,
) -> Size:
    """The size of ``row`` with its citations as wide as they can be, listed by symbol
    (``compact``, an element group) or as an entry of a run-in paragraph (``run_in``)."""
    line = row_line(briefing, row, cite, compact=compact, dated=tally.dated_figures, run_in=run_in)
    plain, lead = line.plain, line.lead
    kind = "p" if run_in else SECTION_KIND[row.section]
    return Size(words(plain), line_height(kind, plain, lead), text_width(plain) + lead)
