"""The page budget: what a brief may use to print on one page, and what it uses.

A brief printed at 11 pt with 15 mm margins must fit one A4 and one US Letter page. The
budget is in words, estimated printed lines and table rows; ``DROP_ORDER`` says which
items go first when the key items exceed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Budget:
    """Limits that a brief printed at 11 pt with 15 mm margins fits on one page."""

    words: int
    lines: int
    table_rows: int


PAGE_BUDGET = Budget(words=480, lines=55, table_rows=6)
"""Checked by printing to PDF with Chromium, A4 and Letter, in the default serif and
sans-serif fonts (Times and Arial metrics) and in DejaVu Serif and Sans, which are wider.

``lines`` counts estimated printed lines of 11 pt text, with the headings and the space
between blocks converted to that unit. A Letter page (the shorter one) holds 57 such
lines; briefs at the budget printed at most 55 in DejaVu and 52 in the default fonts.
"""


@dataclass(frozen=True, slots=True)
class Usage:
    """How much of a budget a brief uses: words, estimated printed lines, table rows."""

    words: int
    lines: int
    table_rows: int

    def fits(self, budget: Budget) -> bool:
        """True when every count is within ``budget``."""
        return (
            self.words <= budget.words
            and self.lines <= budget.lines
            and self.table_rows <= budget.table_rows
        )


Section = Literal["key_points", "figures", "events", "elements", "actors", "quotes"]

SECTIONS: tuple[Section, ...] = (
    "key_points",
    "figures",
    "events",
    "elements",
    "actors",
    "quotes",
)

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
controls, announced, the newest controls. Before the first element group is dropped,
every group is shortened to symbols, lowest priority first. After dropping, anything
dropped or shortened that fits again is put back, highest priority first. The title,
as-of line and bottom line are never dropped.
"""

MAX_QUOTES = 2
