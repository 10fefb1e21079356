"""Choosing what fits one page, in time linear in the number of candidate items.

Each row is measured once, with citations as wide as they can be. Dropping or putting
back a row updates running totals per section (and a count of the rows citing each
source, so a source's line counts while anything cites it); the page is only measured
by adding up about a dozen blocks. The brief is rendered once at the end and measured
exactly; should the running estimate have been short, dropping goes on from there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from briefing.core.export.blocks import (
    estimate,
    to_markdown,
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
    WidestCitations,
    assemble,
    header,
)
from briefing.core.export.subject import Subject
from briefing.core.export.tally import Size, Tally, measure
from briefing.core.model import Briefing

Action = tuple[Literal["drop", "compact", "run_in"], Section, int]
"""Drop a row, list an element group by symbol, or make a section run-in (index 0)."""


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


class _Choice:
    """Which rows are in the brief and in which form, with the running tally of the page
    they take; each form of a row is measured once."""

    def __init__(
        self,
        briefing: Briefing,
        selection: Selection,
        *,
        subject: Subject | None,
        stamp: datetime | None,
        table_rows: int,
    ) -> None:
        self.briefing, self.subject, self.stamp = briefing, subject, stamp
        self.rows = rows = selection.rows
        cited = {s for section in SECTIONS for row in rows[section] for s in row.sources}
        self.widest = WidestCitations(briefing, len(cited) + 1)
        head = header(briefing, subject, stamp, self.widest)
        fixed = [(block.kind, block.height()) for block in head]
        self.tally = Tally(briefing, selection, fixed, sum(block.words() for block in head))
        self.kept = {section: [True] * len(rows[section]) for section in SECTIONS}
        self.compact: set[int] = set()
        """The element groups listed by symbol."""
        # More quotes or figures than the brief ever shows are not a choice: never
        # measured, never put back.
        limits: dict[Section, int] = {"quotes": MAX_QUOTES, "figures": table_rows}
        for section, limit in limits.items():
            self.kept[section][limit:] = [False] * max(0, len(rows[section]) - limit)
        self._measured: dict[tuple[Section, int, bool, bool], Size] = {}
        for section in SECTIONS:
            for index, row in enumerate(rows[section]):
                if self.kept[section][index]:
                    self.tally.change(row, self.size(section, index), 1)

    def size(self, section: Section, index: int) -> Size:
        """The row's size in the form it has now."""
        compact = index in self.compact and section == "elements"
        shape = (section, index, compact, section in self.tally.run_in)
        if shape not in self._measured:
            row = self.rows[section][index]
            self._measured[shape] = measure(self.briefing, row, self.widest, self.tally, *shape[2:])
        return self._measured[shape]

    def done(self, action: Action) -> bool:
        """True when ``action`` drops a row that is already out."""
        verb, section, index = action
        return verb == "drop" and not self.kept[section][index]

    def apply(self, action: Action, undo: bool = False) -> None:
        """Take ``action``, or with ``undo`` take it back, and count the rows it touches."""
        verb, section, index = action
        row = self.rows[section][index]
        if verb == "drop":
            self.kept[section][index] = undo
            self.tally.change(row, self.size(section, index), 1 if undo else -1)
            self.tally.elements_complete = all(self.kept["elements"])
            return
        # A change of form: every row it touches is counted out, then in at its new size.
        touched = range(len(self.rows[section])) if verb == "run_in" else (index,)
        shown = [i for i in touched if self.kept[section][i]]
        for i in shown:
            self.tally.change(self.rows[section][i], self.size(section, i), -1)
        if verb == "run_in":
            flowing = self.tally.run_in
            (flowing.discard if undo else flowing.add)(section)
        else:
            (self.compact.discard if undo else self.compact.add)(index)
        for i in shown:
            self.tally.change(self.rows[section][i], self.size(section, i), 1)

    def render(self) -> tuple[str, Usage]:
        """The brief of the rows in, as Markdown, and what it uses of the page, exactly."""
        rows, kept = self.rows, self.kept
        chosen = {s: [r for i, r in enumerate(rows[s]) if kept[s][i]] for s in SECTIONS}
        blocks = assemble(
            self.briefing,
            chosen,
            {id(rows["elements"][index]) for index in self.compact},
            subject=self.subject,
            stamp=self.stamp,
            elements_complete=all(kept["elements"]),
            run_in_sections=self.tally.run_in,
        )
        words_used, lines = estimate(blocks)
        rows_used = 0 if "figures" in self.tally.run_in else len(chosen["figures"])
        return to_markdown(blocks), Usage(words_used, lines, rows_used)


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
    choice = _Choice(
        briefing, selection, subject=subject, stamp=stamp, table_rows=budget.table_rows
    )
    actions = _actions(selection)
    taken: list[Action] = []
    position = len(actions)
    for index, action in enumerate(actions):
        if choice.tally.fits(budget):
            position = index
            break
        if not choice.done(action):
            choice.apply(action)
            taken.append(action)
    _put_back(choice, taken, budget)
    markdown, usage = choice.render()
    # The running estimate errs on the long side; should it ever fall short, go on exactly.
    for action in actions[position:]:
        if usage.fits(budget):
            break
        if not choice.done(action):
            choice.apply(action)
            markdown, usage = choice.render()
    rows, kept = selection.rows, choice.kept
    omitted = _left_out(actions, rows, kept)
    shortened = [rows["elements"][i].item for i in sorted(choice.compact) if kept["elements"][i]]
    return Brief(
        markdown,
        usage,
        budget,
        tuple(describe(item) for item in omitted),
        subject,
        tuple(describe(item) for item in shortened),
        tuple(selection.unsupported),
        {section: sum(kept[section]) for section in SECTIONS},
        {section: len(rows[section]) for section in SECTIONS},
        omitted,
    )


def _put_back(choice: _Choice, taken: list[Action], budget: Budget) -> None:
    """Undo what was ``taken`` (the last action aside) where the brief still fits.

    Dropping whole sections at the end can free more room than needed: what fits is put
    back, highest priority first. A section keeps its most important rows: once one of
    its rows stays out, none of lower priority comes back in its place.
    """
    closed = {taken[-1][1]} if taken and taken[-1][0] == "drop" else set()
    for action in reversed(taken[:-1]):
        verb, section, _ = action
        if verb == "drop" and section in closed:
            continue
        choice.apply(action, undo=True)
        if not choice.tally.fits(budget):
            choice.apply(action)
            if verb == "drop":
                closed.add(section)


def _left_out(
    actions: Sequence[Action], rows: dict[Section, list[Row]], kept: dict[Section, list[bool]]
) -> tuple[Item, ...]:
    return tuple(
        rows[section][index].item
        for verb, section, index in actions
        if verb == "drop" and not kept[section][index]
    )
