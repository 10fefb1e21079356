"""The id that a mistyped one most likely means, for every option that takes an id.

``closest`` matches what was typed against each id whole, against the parts of the id
(split at ``-``), and against the names the id stands for (an actor's name, an element's
name, a briefing's title) whole and word by word: ``trup`` finds ``donald-trump`` through
its part ``trump``, and ``Dysprosum`` finds ``Dy`` through its name.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping

CUTOFF = 0.6
"""Least similarity (``difflib.SequenceMatcher.ratio``, 0 to 1) that is offered, as
``difflib.get_close_matches`` takes by default."""
MAX_WORDS = 12
"""Words of each name compared: a long title's first words are enough to recognise it."""


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _forms(choice: str, names: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """What ``choice`` may be typed as, each saying whether it is whole (the id or a
    name) rather than a part of one: itself, its parts, each name and its words."""
    yield choice, True
    parts = choice.split("-")
    if len(parts) > 1:
        yield from ((part, False) for part in parts)
    for name in names:
        yield name, True
        yield from ((word, False) for word in name.split()[:MAX_WORDS])


def closest(word: str, choices: Mapping[str, Iterable[str]], cutoff: float = CUTOFF) -> str | None:
    """The key of ``choices`` that ``word`` most likely means, or None below ``cutoff``.

    ``choices`` maps each id to the names it stands for (empty when it has none). Case
    and Unicode width are set aside. An id scores its best ratio over its forms
    (``_forms``); of equal scores, one won by a whole id or name goes first (``Dysprosum``
    means the element Dy before an id that has ``dysprosium`` as a part), then the greater
    id, as in ``difflib.get_close_matches``. The work is linear in the total length of the
    ids and names.
    """
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(_folded(word))
    best: tuple[float, bool, str] | None = None
    for choice, names in choices.items():
        score: tuple[float, bool] = (0.0, False)
        for form, whole in _forms(choice, names):
            matcher.set_seq1(_folded(form))
            if matcher.real_quick_ratio() < score[0] or matcher.quick_ratio() < score[0]:
                continue
            score = max(score, (matcher.ratio(), whole))
        if score[0] >= cutoff and (best is None or (*score, choice) > best):
            best = (*score, choice)
    return best[2] if best else None
