"""The fast search checked against a plain, slow one written from its rules.

The reference reads each item's fields and applies the matching and scoring rules
directly: no index, no vocabulary, no shortcuts. Both must find the same items, in the
same order, with the same scores, on the bundled briefing and on one ten times its size.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from briefing.core.bundled import default_briefing
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.core.search import SearchIndex, fold
from briefing.core.search.items import fields_of as _fields_of
from briefing.core.search.items import things_of as _things_of
from briefing.core.text import sanitize_line
from briefing.devtools.synthetic import synthetic_briefing

LIMIT = 50
_WORD = re.compile(r"\w+")


def _one_edit(word: str, letters: str) -> set[str]:
    """``word`` and every word one letter added, dropped, changed or two swapped away."""
    found = {word}
    for i in range(len(word) + 1):
        for letter in letters:
            found.add(word[:i] + letter + word[i:])
    for i in range(len(word)):
        found.add(word[:i] + word[i + 1 :])
        for letter in letters:
            found.add(word[:i] + letter + word[i + 1 :])
        if i + 1 < len(word):
            found.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
    return found


def _starts_word(field: str, word: str) -> bool:
    """Whether ``word`` occurs in ``field`` after its start or a non-word character."""
    return re.search(r"(?<!\w)" + re.escape(word), field) is not None


class Reference:
    def __init__(self, briefing: Briefing) -> None:
        self.items: list[tuple[str, str, list[str], set[str]]] = []
        for kind, thing in _things_of(briefing):
            item_id, _label, named = _fields_of(briefing, thing)
            fields = [fold(sanitize_line(value)) for _name, value in named if value]
            starts = {w[:n] for f in fields for w in _WORD.findall(f) for n in range(1, len(w) + 1)}
            self.items.append((kind, item_id, fields, starts))
        words = {w for _k, _i, fields, _s in self.items for f in fields for w in _WORD.findall(f)}
        self.vocabulary = {w for w in words if 3 <= len(w) <= 41}
        self.letters = "".join(sorted(set("".join(self.vocabulary))))
        self.starts = {w[:n] for w in self.vocabulary for n in range(4, len(w) + 1)}

    def _typos(self, word: str) -> set[str]:
        # Words of the briefing, or starts of four letters or more, one typo away.
        if not (4 <= len(word) <= 40 and word.isalnum()):
            return set()
        return {
            v
            for v in _one_edit(word, self.letters)
            if v in self.vocabulary or (len(v) >= 4 and v in self.starts)
        }

    def _score(self, fields: list[str], starts: set[str], word: str, typos: set[str]) -> float:
        if not any(word in field for field in fields):
            # A typo counts where a word of the item starts with it.
            return 1.0 if typos & starts else 0.0
        if word in fields:
            return 8.0
        is_word = _WORD.fullmatch(word) is not None
        if word in fields[0]:
            return 2.0 * (3.0 if is_word and _starts_word(fields[0], word) else 2.0)
        return 3.0 if is_word and any(_starts_word(f, word) for f in fields) else 2.0

    def search(self, query: str) -> tuple[list[tuple[str, str, float]], int]:
        words = fold(query).split()
        if not words:
            return [], 0
        typos = {word: self._typos(word) for word in words}
        found = []
        for position, (kind, item_id, fields, starts) in enumerate(self.items):
            scores = [self._score(fields, starts, word, typos[word]) for word in words]
            if all(scores):
                found.append((-sum(scores), position, kind, item_id))
        found.sort()
        return [(kind, item_id, -score) for score, _p, kind, item_id in found[:LIMIT]], len(found)


@cache
def _briefing(factor: int) -> Briefing:
    base = load_briefing(default_briefing())
    return base if factor == 1 else synthetic_briefing(base, factor)


def _queries(briefing: Briefing) -> list[str]:
    """Whole words, starts of words, typos of each kind, several words, punctuation."""
    reference = Reference(briefing)
    words = sorted(w for w in reference.vocabulary if len(w) >= 5)[::9][:30]
    queries = ["a", "ch", "u.s.", "-", "rare earth", "2025", "export controls china", "xqzv"]
    for word in words:
        queries += [
            word,
            word[:4],
            word[:2] + word[3:],  # a letter dropped
            word[:2] + "z" + word[2:],  # a letter added
            word[:1] + word[2] + word[1] + word[3:],  # two swapped
            word[:3] + "q" + word[4:],  # a letter changed
            f"{word[:4]} {words[0]}",
        ]
    return queries


@pytest.mark.parametrize("factor", [1, 10])
def test_the_fast_search_finds_what_the_plain_one_does(factor: int) -> None:
    briefing = _briefing(factor)
    index = SearchIndex(briefing)
    reference = Reference(briefing)
    for query in _queries(briefing):
        found = index.search(query, limit=LIMIT)
        expected, total = reference.search(query)
        assert [(hit.kind, hit.item_id, hit.score) for hit in found] == expected, query
        assert found.total == total, query
