"""The search index and its ranking.

The index keeps one folded string per item, the same strings end to end with only their
words, and the fields a query word can match whole; no object per item or per field. A
keystroke is a few substring tests and scans in C over those strings, and the few hits a
screen shows are worked out again from the briefing when they are read.
"""

from __future__ import annotations

import functools
import re
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from typing import overload

from briefing.core.involves import Kind
from briefing.core.model import Briefing
from briefing.core.search.folding import NOT_WORD, fold, fold_with_origin, words_only
from briefing.core.search.hit import Hit, Span, merge_spans
from briefing.core.search.items import Thing, fields_of, things_of
from briefing.core.search.typos import Vocabulary, tolerates_typos
from briefing.core.text import sanitize_line

_WORD = re.compile(r"\w+")
# Between the fields of an item's folded text, and around them. Sanitised text never holds
# it (it is a control character) and a query word never does (it counts as white space).
_SEPARATOR = "\x1f"
# Matches looked at a chunk at a time when looking for the best.
_CHUNK = 1024
# Items whose words are gathered at a time for the typo vocabulary.
_ITEMS_AT_A_TIME = 256
# Words this long or longer are looked for in all the texts at once (few items hold
# them), shorter ones item by item (most items hold them).
_FEW_HOLD = 3

# Score of a match by how it matched; a match in the item's title counts double.
EXACT_WHOLE_FIELD = 8.0
EXACT_WORD_START = 3.0
EXACT_INSIDE = 2.0
TYPO = 1.0
LABEL_WEIGHT = 2.0


@dataclass(slots=True)
class _Field:
    name: str
    text: str  # as shown: sanitised, one line
    folded: str  # case- and accent-folded, for matching
    origin: list[int] | None  # origin[i] is the index in ``text`` of ``folded[i]``; None: i


@dataclass(frozen=True, slots=True)
class _Term:
    """One word of a query, with what matching it needs."""

    word: str
    whole: str  # the word as a whole field of an item's folded text
    is_word: bool  # only word characters: it can start a word
    typos: frozenset[str]  # the words one typo away (for the hit's highlight)
    typo_starts: tuple[str, ...]  # those an item lacking ``word`` can still match by

    @classmethod
    def of(cls, word: str, typos: frozenset[str]) -> _Term:
        # A typo word holding the word itself, or starting with another typo word, cannot
        # match an item that the word or that shorter typo word does not already match.
        shortest = sorted(typos, key=len)
        starts: list[str] = []
        for typo in shortest:
            if word not in typo and not any(typo.startswith(kept) for kept in starts):
                starts.append(typo)
        return cls(
            word,
            _SEPARATOR + word + _SEPARATOR,
            NOT_WORD.search(word) is None,
            typos,
            tuple(starts),
        )

    def score(self, text: str) -> float:
        """How well ``text`` (an item's folded fields, each between separators) matches
        the word: 0 when it does not."""
        word = self.word
        found = text.find(word)
        if found < 0:
            for typo in self.typo_starts:
                at = text.find(typo)
                if at >= 0 and _starts_a_word(text, typo, at, len(text)):
                    return TYPO
            return 0.0
        if self.whole in text:
            return EXACT_WHOLE_FIELD
        label_end = text.find(_SEPARATOR, 1)
        if found < label_end:
            at_start = self.is_word and _starts_a_word(text, word, found, label_end)
            return LABEL_WEIGHT * (EXACT_WORD_START if at_start else EXACT_INSIDE)
        at_start = self.is_word and _starts_a_word(text, word, found, len(text))
        return EXACT_WORD_START if at_start else EXACT_INSIDE


def _starts_a_word(text: str, word: str, found: int, end: int) -> bool:
    """Whether ``word``, first found in ``text`` at ``found``, starts a word somewhere
    before ``end``: after a character that is not a word character (``\\W``)."""
    while 0 <= found < end:
        before = text[found - 1]  # the text starts with a separator: found >= 1
        if not (before.isalnum() or before == "_"):
            return True
        found = text.find(word, found + 1)
    return False


class SearchResults(Sequence[Hit]):
    """Matches, best first. Counting and ranking are cheap; each Hit (which field to show,
    where to highlight) is worked out only when it is read, since a screen shows few."""

    def __init__(
        self,
        positions: list[int],
        scores: list[float],
        make_hit: Callable[[int, float], Hit],
        *,
        total: int,
    ) -> None:
        """``positions`` of the matches in the index, best first, with their ``scores``;
        ``make_hit(position, score)`` works out the Hit of one; ``total``: how many
        items matched in all."""
        self.total = total
        """How many items matched, ranked here or not."""
        self._positions = positions
        self._scores = scores
        self._make_hit = make_hit
        self._made: dict[int, Hit] = {}

    def __len__(self) -> int:
        return len(self._positions)

    @overload
    def __getitem__(self, index: int) -> Hit: ...
    @overload
    def __getitem__(self, index: slice) -> list[Hit]: ...
    def __getitem__(self, index: int | slice) -> Hit | list[Hit]:
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        if index not in self._made:
            hit = self._make_hit(self._positions[index], self._scores[index])
            self._made[index] = hit
        return self._made[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"SearchResults({len(self)} matches)"


class SearchIndex:
    """Everything searchable in one briefing, prepared for fast repeated queries.

    Holds the briefing's items (elements, actors, events in date order, quotes, sources),
    one folded text per item (its fields between separators, the title first) and the
    same texts end to end with only their words; ``search`` returns the items ranked for
    a query. It may be made in one thread and searched in another, one search at a time.
    """

    def __init__(self, briefing: Briefing) -> None:
        self._briefing = briefing
        self._kinds: list[Kind] = []
        self._things: list[Thing] = []
        self._texts: list[str] = []
        # The items with each field that a query word can be whole: one without spaces
        # (sanitised text has no other white space; a field with some is never a word).
        self._whole: dict[str, array[int]] = {}
        for kind, thing in things_of(briefing):
            fields = fields_of(briefing, thing)[2]
            folded = [fold(sanitize_line(value)) for _name, value in fields if value]
            for one in folded:
                if one and " " not in one:
                    self._whole.setdefault(one, array("i")).append(len(self._texts))
            self._kinds.append(kind)
            self._things.append(thing)
            self._texts.append(_SEPARATOR + _SEPARATOR.join(folded) + _SEPARATOR)
        # All texts end to end with every character but letters, digits and "_" as a line
        # break: one scan in C finds the items where a word, or the start of one, occurs,
        # where a test per item would scan every text.
        self._words = "".join(map(words_only, self._texts))
        self._starts = array("q", accumulate(map(len, self._texts), initial=0))
        self._typos: Vocabulary | None = None

    def __len__(self) -> int:
        return len(self._texts)

    def prepare(self) -> None:
        """Gather the vocabulary for typos now rather than on the first long query word.

        That word would otherwise wait for it (tens of milliseconds on a briefing 100 times
        the bundled one); the reader calls this in a background thread after its first frame.
        """
        if self._typos is None:
            # Some items at a time: all the words at once would be a big list.
            ends = self._starts[::_ITEMS_AT_A_TIME] + array("q", [self._starts[-1]])
            self._typos = Vocabulary(self._words[a:b] for a, b in pairwise(ends))

    def search(self, query: str, limit: int | None = None) -> SearchResults:
        """Items matching every word of ``query``, best first; empty for a blank query.

        Among equal scores the index's order is kept. With a ``limit``, only that many
        are ranked (``SearchResults.total`` still counts every match), which spares
        scoring most matches of a one-letter query.
        """
        terms = [_Term.of(word, self._typo_words(word)) for word in fold(query).split()]
        matches = self._matches(terms) if terms else []
        # Only ints and floats per match: they are invisible to the garbage collector, so
        # thousands of matches per keystroke never trigger its slow full passes.
        texts = self._texts
        positions = matches
        if limit is not None and len(matches) > limit:
            positions = self._contenders(matches, terms, limit) or matches
        scores = [sum(term.score(texts[position]) for term in terms) for position in positions]
        # Stable, so the index's order is kept among equal scores.
        order = sorted(range(len(positions)), key=scores.__getitem__, reverse=True)
        if limit is not None:
            order = order[:limit]
        return SearchResults(
            [positions[i] for i in order],
            [scores[i] for i in order],
            functools.partial(self._hit, terms=terms),
            total=len(matches),
        )

    def _matches(self, terms: list[_Term]) -> list[int]:
        """Positions, in order, of the items that every term matches: those holding the
        word, and those where one of its typo starts starts a word."""
        texts = self._texts
        pool: Sequence[int] | None = None  # None: every item
        # The longest word first: it usually leaves the fewest items for the others.
        for term in sorted(terms, key=lambda term: len(term.word), reverse=True):
            word = term.word
            if pool is None:
                exact: Sequence[int] = self._holding(term)
            else:
                exact = [position for position in pool if word in texts[position]]
            if term.typo_starts:
                held = set(exact)
                if pool is None:
                    typos = {p for typo in term.typo_starts for p in self._starting(typo)}
                    typos.difference_update(held)
                else:  # few left: each is tested
                    typos = {p for p in pool if p not in held and term.score(texts[p])}
                if typos:
                    exact = sorted(typos.union(exact))
            pool = exact
        return list(pool or ())

    def _holding(self, term: _Term) -> Sequence[int]:
        """Positions of the items whose text holds the term's word."""
        word = term.word
        if term.is_word and len(word) >= _FEW_HOLD:
            return self._occurring(word)
        return [p for p, text in enumerate(self._texts) if word in text]

    def _starting(self, start: str) -> Sequence[int]:
        """Positions of the items where a word starts with ``start`` (word characters)."""
        return self._occurring("\n" + start)

    def _contenders(self, matches: list[int], terms: list[_Term], limit: int) -> list[int] | None:
        """The matches that can be among the best ``limit``, or None to score them all.

        Without a whole field, a match scores at most when every word starts a word of its
        title. Once ``limit`` matches, in order, score that, no later match can pass them
        (ties keep the index's order): the best are among those and the matches that hold
        some word as a whole field.
        """
        texts = self._texts
        whole: set[int] = set()
        for term in terms:
            whole.update(self._whole.get(term.word, ()))
        best = LABEL_WEIGHT * EXACT_WORD_START * len(terms)
        at_best: list[int] = []
        # A chunk at a time: the best often come first (elements, actors), and the rest
        # need not be looked at then.
        for chunk_start in range(0, len(matches), _CHUNK):
            # Matches with every word in the title (the first field), in C; then scored.
            titled = [p for p in matches[chunk_start : chunk_start + _CHUNK] if p not in whole]
            for term in terms:
                word = term.word
                titled = [
                    p for p in titled if 0 <= texts[p].find(word) < texts[p].find(_SEPARATOR, 1)
                ]
            for position in titled:
                text = texts[position]
                if sum(term.score(text) for term in terms) == best:
                    at_best.append(position)
                    if len(at_best) == limit:
                        return sorted(whole.intersection(matches).union(at_best))
        return None

    def _occurring(self, needle: str) -> list[int]:
        """Positions of the items in whose words-only text ``needle`` occurs."""
        words, starts = self._words, self._starts
        found: list[int] = []
        at = words.find(needle)
        while at >= 0:
            position = bisect_right(starts, at) - 1
            found.append(position)
            at = words.find(needle, starts[position + 1])
        return found

    def _typo_words(self, word: str) -> frozenset[str]:
        if not tolerates_typos(word):
            return frozenset()
        if self._typos is None:
            self.prepare()
        assert self._typos is not None
        return self._typos.near(word)

    def _shown_fields(self, position: int) -> tuple[str, str, list[_Field]]:
        """The item's id, label and fields as shown."""
        item_id, label, named = fields_of(self._briefing, self._things[position])
        fields = [_make_field(name, value) for name, value in named if value]
        return item_id, sanitize_line(label), fields

    def _hit(self, position: int, score: float, terms: list[_Term]) -> Hit:
        kind = self._kinds[position]
        item_id, label, fields = self._shown_fields(position)
        spans_by_field: dict[int, list[Span]] = defaultdict(list)
        score_by_field: dict[int, float] = defaultdict(float)
        for term in terms:
            for index, item_field in enumerate(fields):
                field_score, spans = _match_field(item_field, term.word, term.typos)
                if spans:
                    spans_by_field[index].extend(spans)
                    score_by_field[index] += field_score * (LABEL_WEIGHT if index == 0 else 1)
        shown = max(score_by_field, key=lambda index: (score_by_field[index], -index), default=0)
        shown_field = fields[shown]
        return Hit(
            kind=kind,
            item_id=item_id,
            label=label,
            field=shown_field.name,
            text=shown_field.text,
            spans=merge_spans(spans_by_field[shown]),
            score=score,
        )


def _match_field(
    item_field: _Field, term: str, typo_words: frozenset[str]
) -> tuple[float, list[Span]]:
    folded = item_field.folded
    start = folded.find(term)
    if start >= 0:
        if folded == term:
            return EXACT_WHOLE_FIELD, [(0, len(item_field.text))]
        spans = []
        score = EXACT_INSIDE
        while start >= 0:
            if start == 0 or not folded[start - 1].isalnum():
                score = EXACT_WORD_START
            spans.append(_original_span(item_field, start, start + len(term)))
            start = folded.find(term, start + 1)
        return score, spans
    # No word can start with a typo word the field does not even hold.
    if not any(candidate in folded for candidate in typo_words):
        return 0.0, []
    spans = []
    for word in _WORD.finditer(folded):
        text = word.group()
        if any(text.startswith(candidate) for candidate in typo_words):
            spans.append(_original_span(item_field, word.start(), word.end()))
    return (TYPO, spans) if spans else (0.0, [])


def _original_span(item_field: _Field, start: int, end: int) -> Span:
    if item_field.origin is None:
        return start, end
    return item_field.origin[start], item_field.origin[end - 1] + 1


def _make_field(name: str, value: str) -> _Field:
    text = sanitize_line(value)
    folded, origin = fold_with_origin(text)
    return _Field(name, text, folded, origin)
