"""The page budget: what a brief may use to print on one page, and what it uses.

A brief printed at 11 pt with 15 mm margins must fit one A4 and one US Letter page. The
budget is in words, estimated printed lines and table rows; ``DROP_ORDER`` says which
items go first when the key items exceed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal


@dataclass(frozen=True, slots=True)
class Budget:
    """Limits that a brief printed at 11 pt with 15 mm margins fits on one page."""

    words: int
    lines: int
    table_rows: int


PAGE_BUDGET = Budget(words=480, lines=54, table_rows=6)
"""Checked by printing to PDF with Chromium, A4 and Letter, in the default serif and
sans-serif fonts and in DejaVu Serif and Sans, the widest common defaults.

``lines`` counts estimated printed lines of 11 pt text, with the headings and the space
between blocks converted to that unit (see ``blocks``, calibrated against Chromium's
layout in DejaVu). A Letter page (the shorter one) holds 56 such units, the last
block's bottom margin included; the two left over are the margin for the estimate's
error and for fonts it was not measured in.
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

RUN_IN: Final = "run-in"
"""A round that puts a section in a run-in paragraph instead of under a heading."""

Round = tuple[Section, int | Literal["run-in"]]

DROP_ORDER: tuple[Round, ...] = (
    # First the cheaper form: a heading and a table's head cost lines that a run-in
    # paragraph of the same entries does not.
    ("figures", RUN_IN),
    ("elements", RUN_IN),
    ("quotes", 1),
    ("actors", 3),
    ("figures", 3),
    ("quotes", 0),
    ("actors", 0),
    ("figures", 0),
    ("elements", 0),
    # The timeline's key events next to last, and the key points, the brief's core, last.
    ("events", 3),
    ("events", 0),
    ("key_points", 5),
    ("key_points", 0),
)
"""(section, items it keeps, or ``RUN_IN``): the order in which items are dropped, and
sections made run-in paragraphs, to fit the page.

Quotes, actors and figures go first, then element groups, then timeline events, and key
points last. Within a section the lowest priority goes first: undated, then the oldest
quotes; timeline events that are not key, then those that neither brought in a control
nor have many sources, oldest first; figures and key points from the end of the
briefing's list; actors least involved in the chosen events; element groups in the
order never controlled, lifted, older controls, announced, the newest controls. Before
the first element group is dropped, every group is shortened to symbols, lowest
priority first. After dropping, anything dropped or shortened that fits again is put
back, highest priority first, and a section made run-in gets its heading back if that
fits too. The title, as-of line and bottom line are never dropped.
"""

MAX_QUOTES = 2
