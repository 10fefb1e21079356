"""What the loader's checks find before it becomes a problem: findings whose message is
worked out only if shown, did-you-mean hints with a bounded cost, and what each list of a
briefing calls one of its items."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from briefing.core.yamltree import Finding, Position

MAX_PROBLEMS = 200
"""Problems reported per file at most; one more line says how many are not shown."""
MAX_SUGGESTIONS = MAX_PROBLEMS
"""Did-you-mean hints worked out per file. Each compares a word with every choice, so
unbounded, a file with thousands of unknown references would take quadratic time."""
MAX_CHOICES = 1000
"""No hint is looked for among more choices than this: far more than a briefing holds."""


@dataclass(frozen=True, slots=True)
class Later:
    """A finding whose message is only worked out if it is shown."""

    position: Position
    build: Callable[[], Finding]


class Suggester:
    """Did-you-mean hints, with a bounded amount of work per file."""

    def __init__(self) -> None:
        self.left = MAX_SUGGESTIONS

    def __call__(self, word: str, choices: Iterable[str]) -> str | None:
        import difflib  # only for did-you-mean hints, so not at start-up

        candidates = list(choices)
        if self.left <= 0 or len(candidates) > MAX_CHOICES:
            return None
        self.left -= 1
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
        return close[0] if close else None


KIND_OF_LIST = {
    "key_points": "key point",
    "sources": "source",
    "events": "event",
    "elements": "element",
    "controls": "control",
    "actors": "actor",
    "quotes": "quote",
    "figures": "figure",
}
