"""Where the reader has been, as a browser keeps it: back and forward over places."""

from __future__ import annotations

from dataclasses import dataclass

from briefing.core.involves import Subject

HISTORY_LIMIT = 100
"""Places kept behind; older ones are forgotten."""


@dataclass(frozen=True, slots=True)
class Place:
    """A pane, the item selected in it, and the filter in force there; ``link`` is the
    link selected in the item's detail when the reader was in its links (else None)."""

    pane: str
    item_id: str | None
    filter: Subject | None
    link: str | None = None


class History:
    """Places behind and ahead of the current one. Knows nothing of widgets.

    ``leave(here)`` before a jump remembers ``here`` and forgets what was ahead;
    ``back(here)`` and ``forward(here)`` return the place to go to (None at an end),
    keeping ``here`` on the other side.
    """

    def __init__(self, limit: int = HISTORY_LIMIT) -> None:
        self.limit = limit
        self.behind: list[Place] = []
        self.ahead: list[Place] = []

    def leave(self, here: Place) -> None:
        """Remember ``here`` before a jump; what was ahead is forgotten."""
        if not self.behind or self.behind[-1] != here:
            self.behind.append(here)
            del self.behind[: -self.limit]
        self.ahead.clear()

    def back(self, here: Place) -> Place | None:
        """The place before ``here`` (None: none), ``here`` kept ahead for ``forward``."""
        if not self.behind:
            return None
        self.ahead.append(here)
        return self.behind.pop()

    def forward(self, here: Place) -> Place | None:
        """The place ahead of ``here`` (None: none), ``here`` kept behind for ``back``."""
        if not self.ahead:
            return None
        self.behind.append(here)
        return self.ahead.pop()
