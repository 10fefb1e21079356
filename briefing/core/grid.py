"""Headless logic behind the periodic-table view: moving between cells, control status, typing.

Kept apart from the widget so it can be tested without a terminal.
"""

from __future__ import annotations

from enum import Enum

from briefing.core.dates import PartialDate
from briefing.core.model import Briefing, Control, Element
from briefing.core.periodic import BY_POSITION, BY_SYMBOL, ELEMENTS, ElementInfo

FIRST_SYMBOL = ELEMENTS[0].symbol
LAST_SYMBOL = ELEMENTS[-1].symbol


class ControlStatus(Enum):
    """How an element stands on a given date; each status has its own glyph."""

    IN_FORCE = "●"
    """A control applies on the date."""
    SCHEDULED = "◌"
    """No control applies yet, but one starts later, or after the briefing's date."""
    LIFTED = "○"
    """A control applied earlier and has ended."""
    DISCUSSED = "·"
    """The briefing discusses the element, but never under a control."""
    NOT_DISCUSSED = " "
    """The briefing does not mention the element."""

    @property
    def glyph(self) -> str:
        """The status's mark in the periodic table (``●``, ``◌``, ``○``, ``·``, or a space)."""
        return self.value

    @property
    def label(self) -> str:
        """The status in words, as the legend and the element detail say it."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ControlStatus.IN_FORCE: "controlled",
    ControlStatus.SCHEDULED: "control to come",
    ControlStatus.LIFTED: "control lifted",
    ControlStatus.DISCUSSED: "discussed",
    ControlStatus.NOT_DISCUSSED: "not discussed",
}


def control_status(
    element: Element | None, on: PartialDate, *, as_of: PartialDate | None = None
) -> ControlStatus:
    """The status of ``element`` on the date ``on``; ``None`` means not in the briefing.

    ``as_of`` is the briefing's date, as in ``control_state``. A control to come outranks
    one that was lifted: what happens next matters more to a reader than what is over.
    """
    if element is None:
        return ControlStatus.NOT_DISCUSSED
    if not element.controls:
        return ControlStatus.DISCUSSED
    states = {control_state(control, on, as_of=as_of) for control in element.controls}
    for status in (ControlStatus.IN_FORCE, ControlStatus.SCHEDULED):
        if status in states:
            return status
    return ControlStatus.LIFTED


def statuses_on(briefing: Briefing, on: PartialDate) -> dict[str, ControlStatus]:
    """The status of every element the briefing discusses on ``on``, by symbol."""
    as_of = briefing.as_of_date
    return {
        element.symbol: control_status(element, on, as_of=as_of) for element in briefing.elements
    }


def control_state(
    control: Control, on: PartialDate, *, as_of: PartialDate | None = None
) -> ControlStatus:
    """Whether one control is in force on ``on``, still to come, or over.

    ``as_of`` is the briefing's date. A control due to start after it is to come on every
    date, even past its start: the sources predate it and cannot confirm it took effect.
    """
    if control.in_force(on, as_of=as_of):
        return ControlStatus.IN_FORCE
    if on < control.since or control.starts_after(as_of):
        return ControlStatus.SCHEDULED
    return ControlStatus.LIFTED


def first_discussed(briefing: Briefing) -> str:
    """Where the cursor starts: the first element the briefing lists, else hydrogen."""
    return briefing.elements[0].symbol if briefing.elements else FIRST_SYMBOL


def step(symbol: str, rows: int, columns: int) -> str:
    """The nearest element from ``symbol`` in a direction; the same symbol at an edge.

    Sideways moves stay in the row and jump over gaps (H right is He). Up and down
    moves take the element whose column is closest, then the closest row, so that
    La and Y line up across the gap between the main table and the f-block rows.
    Only the sign of ``rows`` and ``columns`` counts.
    """
    here = BY_SYMBOL[symbol]
    if columns and not rows:
        return _step_sideways(here, 1 if columns > 0 else -1).symbol
    if rows:
        return _step_vertically(here, 1 if rows > 0 else -1).symbol
    return symbol


def _step_sideways(here: ElementInfo, direction: int) -> ElementInfo:
    column = here.column + direction
    while 1 <= column <= 18:
        found = BY_POSITION.get((here.row, column))
        if found is not None:
            return found
        column += direction
    return here


def _step_vertically(here: ElementInfo, direction: int) -> ElementInfo:
    candidates = [element for element in ELEMENTS if (element.row - here.row) * direction > 0]
    if not candidates:
        return here
    return min(
        candidates,
        key=lambda element: (
            abs(element.column - here.column),
            abs(element.row - here.row),
            element.column,
        ),
    )


class SymbolTyping:
    """Turns typed letters into a symbol: a capital starts one, a small letter may finish it.

    ``type_key`` returns the symbol to jump to now, if any. When a capital could still be
    followed by a second letter (H could become He), it is kept in ``pending``; the caller
    calls ``finish`` after a short pause, and any key that does not extend it finishes it.
    """

    def __init__(self) -> None:
        self.pending = ""
        """The capital typed so far, waiting for a possible second letter."""

    def type_key(self, character: str | None) -> tuple[str | None, bool]:
        """Feed one key's character; returns (symbol to jump to, whether the key was used).

        A key that is not used should be handled as an ordinary key (a binding).
        """
        if character is None or len(character) != 1 or not character.isascii():
            return self.finish(), False
        if character.isupper():
            finished = self.finish()
            started = self._start(character)
            return started or finished, True
        symbol = self.pending + character
        if self.pending and symbol in BY_SYMBOL:
            self.pending = ""
            return symbol, True
        return self.finish(), False

    def finish(self) -> str | None:
        """End the pending symbol: the one-letter symbol, if it is one."""
        pending, self.pending = self.pending, ""
        return pending if pending in BY_SYMBOL else None

    def _start(self, capital: str) -> str | None:
        if capital in BY_SYMBOL and not _has_longer_symbol(capital):
            return capital
        if any(symbol.startswith(capital) for symbol in BY_SYMBOL):
            self.pending = capital
        return None


def _has_longer_symbol(prefix: str) -> bool:
    return any(len(symbol) > len(prefix) and symbol.startswith(prefix) for symbol in BY_SYMBOL)
