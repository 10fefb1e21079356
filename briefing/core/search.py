"""Incremental search over everything in a briefing.

Matching ignores case and accents; every word of the query must match the same item,
either as a substring of one of its fields or, for words of four letters or more, as a
word (or the start of a word) one typo away: a letter added, dropped, changed or two
letters swapped.

The index keeps one folded string per item, the same strings end to end with only their
words, and the fields a query word can match whole; no object per item or per field. A
keystroke is a few substring tests and scans in C over those strings, and the few hits a
screen shows are worked out again from the briefing when they are read. Typos are looked
up in a sorted vocabulary of the briefing's words, by trying every one-edit variant of
the query word.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from typing import TypeAlias, TypeVar, overload

from briefing.core.involves import Kind
from briefing.core.model import Actor, Briefing, Element, Event, Quote, Source
from briefing.core.periodic import BY_SYMBOL
from briefing.core.text import sanitize_line

KINDS: tuple[Kind, ...] = (Kind.EVENT, Kind.ELEMENT, Kind.ACTOR, Kind.QUOTE, Kind.SOURCE)
"""The kinds search covers, in the order its results are grouped."""
KIND_TITLES: dict[Kind, str] = {
    Kind.EVENT: "Events",
    Kind.ELEMENT: "Elements",
    Kind.ACTOR: "Actors",
    Kind.QUOTE: "Quotes",
    Kind.SOURCE: "Sources",
}

Span = tuple[int, int]

# A typo is only tolerated in words long enough that one wrong letter still says which
# word was meant: "tb" one letter off is half the alphabet.
_FUZZY_MIN_LENGTH = 4
_SHORTEST_FUZZY_PREFIX = _FUZZY_MIN_LENGTH
# Longer words are matched exactly only: past this length a typo is as good as no match.
_FUZZY_MAX_LENGTH = 40
_WORD = re.compile(r"\w+")
_NOT_WORD = re.compile(r"\W")
_WORD_RUN = re.compile(r"\S+")
# Dropped where an excerpt is cut, before its one ``…``.
_CUT_TRIM = frozenset(" \t….")
# Between the fields of an item's folded text, and around them. Sanitised text never holds
# it (it is a control character) and a query word never does (it counts as white space).
_SEPARATOR = "\x1f"
# Typo look-ups of the words typed, kept so that the next keystroke of a later word does
# not look up the earlier ones again.
_TYPO_CACHE_SIZE = 256
# Recent searches, and the items holding recent words, kept: a backspace goes back to a
# search, and the next keystroke of a word narrows the items of the word before it.
_RECENT_QUERIES = 16
# Matches looked at a chunk at a time when looking for the best.
_CHUNK = 1024
# Items whose fields, as shown, are kept for the next keystroke: a few screens' worth.
_SHOWN_ITEMS = 256
# Items whose words are gathered at a time for the typo vocabulary.
_ITEMS_AT_A_TIME = 256
# Words this long or longer are looked for in all the texts at once (few items hold
# them), shorter ones item by item (most items hold them).
_FEW_HOLD = 3
# Every ASCII character that is not a word character (``\W``), to a line break.
_ASCII_NOT_WORD = str.maketrans(
    {chr(code): "\n" for code in range(128) if not (chr(code).isalnum() or chr(code) == "_")}
)

# Score of a match by how it matched; a match in the item's title counts double.
_EXACT_WHOLE_FIELD = 8.0
_EXACT_WORD_START = 3.0
_EXACT_INSIDE = 2.0
_TYPO = 1.0
_LABEL_WEIGHT = 2.0

_Thing: TypeAlias = Element | Actor | Event | Quote | Source
_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


@dataclass(frozen=True, slots=True)
class Hit:
    """One item that matches the query, with the field that matched best."""

    kind: Kind
    item_id: str
    label: str
    field: str
    text: str
    spans: tuple[Span, ...]
    score: float

    def excerpt(self, width: int) -> tuple[str, tuple[Span, ...]]:
        """At most ``width`` characters of ``text`` around the first match, spans shifted.

        The excerpt is whole words (runs of non-space) around the match, about a third of
        the room before it, and each cut is marked by one ``…``: dots and ``…`` at a cut are
        dropped, so that a quotation's own ellipsis is not doubled. Only a word that alone
        is longer than the room (a long address) is cut inside.
        """
        width = max(width, 0)
        text = self.text
        if len(text) <= width or width < 3:
            return text[:width], _clip(self.spans, 0, width)
        first, first_end = self.spans[0] if self.spans else (0, 0)
        window = _word_window(text, first, max(first_end, first + 1), width)
        if window is None:
            window = _character_window(text, first, first_end, width)
        start, end = window
        # Trimmed only where the text is cut: a full stop that ends the text stays.
        while 0 < start < first and text[start] in _CUT_TRIM:
            start += 1
        while first_end < end < len(text) and text[end - 1] in _CUT_TRIM:
            end -= 1
        lead = "…" if start > 0 else ""
        trail = "…" if end < len(text) else ""
        shift = start - len(lead)
        spans = _clip(self.spans, start, end)
        return (
            lead + text[start:end] + trail,
            tuple((a - shift, b - shift) for a, b in spans),
        )


def _word_window(text: str, first: int, first_end: int, width: int) -> tuple[int, int] | None:
    """Start and end of whole words of ``text`` around ``first:first_end`` that fit in
    ``width`` characters with an ``…`` at each cut; None when the words holding the match
    alone do not fit."""
    words = [(found.start(), found.end()) for found in _WORD_RUN.finditer(text)]
    if not words:
        return None
    starts = [start for start, _ in words]
    low = max(bisect_right(starts, first) - 1, 0)
    high = max(bisect_right(starts, first_end - 1) - 1, low)

    def size(a: int, b: int) -> int:
        start = 0 if a == 0 else words[a][0]
        end = len(text) if b == len(words) - 1 else words[b][1]
        return end - start + (start > 0) + (end < len(text))

    if size(low, high) > width:
        return None
    before = width // 3
    while low > 0 and first - words[low - 1][0] <= before and size(low - 1, high) <= width:
        low -= 1
    while high + 1 < len(words) and size(low, high + 1) <= width:
        high += 1
    while low > 0 and size(low - 1, high) <= width:
        low -= 1
    start = 0 if low == 0 else words[low][0]
    end = len(text) if high == len(words) - 1 else words[high][1]
    return start, end


def _character_window(text: str, first: int, first_end: int, width: int) -> tuple[int, int]:
    """``width`` characters around ``first``, less room for the ``…`` at each cut."""
    start = max(0, min(first - width // 3, len(text) - width))
    if start > 0:
        start = min(start + 1, first)
    end = min(len(text), start + width - (start > 0))
    if end < len(text):
        end -= 1
    return start, end


def _clip(spans: Iterable[Span], low: int, high: int) -> tuple[Span, ...]:
    clipped = []
    for start, end in spans:
        start, end = max(start, low), min(end, high)
        if start < end:
            clipped.append((start, end))
    return tuple(clipped)


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
            _NOT_WORD.search(word) is None,
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
                    return _TYPO
            return 0.0
        if self.whole in text:
            return _EXACT_WHOLE_FIELD
        label_end = text.find(_SEPARATOR, 1)
        if found < label_end:
            at_start = self.is_word and _starts_a_word(text, word, found, label_end)
            return _LABEL_WEIGHT * (_EXACT_WORD_START if at_start else _EXACT_INSIDE)
        at_start = self.is_word and _starts_a_word(text, word, found, len(text))
        return _EXACT_WORD_START if at_start else _EXACT_INSIDE


def _remember(
    memory: dict[_Key, _Value], key: _Key, value: _Value, size: int = _RECENT_QUERIES
) -> None:
    """Keep ``value`` under ``key``, forgetting the oldest when ``size`` are kept."""
    if len(memory) >= size:
        memory.pop(next(iter(memory)))
    memory[key] = value


def _words_only(text: str) -> str:
    """``text`` with every character that is not a word character (``\\W``) a line break."""
    if text.isascii():
        return text.translate(_ASCII_NOT_WORD)
    return _NOT_WORD.sub("\n", text)


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
        index: SearchIndex,
        positions: list[int],
        scores: list[float],
        terms: list[_Term],
        *,
        total: int,
    ) -> None:
        self._index = index
        self.total = total
        """How many items matched, ranked here or not."""
        self._positions = positions
        self._scores = scores
        self._terms = terms
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
            hit = self._index._hit(self._positions[index], self._scores[index], self._terms)
            self._made[index] = hit
        return self._made[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"SearchResults({len(self)} matches)"


def fold(text: str) -> str:
    """Lower case with accents removed: what the search compares."""
    return _fold_with_origin(text)[0]


def _fold_with_origin(text: str) -> tuple[str, list[int] | None]:
    if text.isascii():
        return text.lower(), None
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for lowered in part.casefold():
                folded.append(lowered)
                origin.append(index)
    return "".join(folded), origin


class _Vocabulary:
    """The briefing's words, sorted, for one-typo look-ups of a query word.

    A word is near when it, or the start of it (four letters or more), is one edit or one
    swap of two letters from the query word. The variants of the query word are tried
    against the sorted words, so a look-up costs about a hundred binary searches per
    letter and nothing is kept per variant of every word.
    """

    def __init__(self, words: Iterable[str]) -> None:
        """``words``: texts holding words between line breaks, and nothing else."""
        found: set[str] = set()
        for text in words:
            found.update(text.split("\n"))
        lowest, highest = _SHORTEST_FUZZY_PREFIX - 1, _FUZZY_MAX_LENGTH + 1
        self._words = sorted(word for word in found if lowest <= len(word) <= highest)
        self._letters = "".join(sorted({letter for word in self._words for letter in word}))
        self._near: dict[str, frozenset[str]] = {}

    def near(self, word: str) -> frozenset[str]:
        """The words and word starts one typo or less from ``word``."""
        cached = self._near.get(word)
        if cached is None:
            cached = frozenset(v for v in set(self._variants(word)) if self._known(v))
            if len(self._near) >= _TYPO_CACHE_SIZE:
                self._near.clear()
            self._near[word] = cached
        return cached

    def _known(self, variant: str) -> bool:
        # A whole word of the vocabulary, or a start of one at least four letters long.
        words = self._words
        at = bisect_left(words, variant)
        if at == len(words):
            return False
        if len(variant) < _SHORTEST_FUZZY_PREFIX:
            return words[at] == variant
        return words[at].startswith(variant)

    def _variants(self, word: str) -> Iterator[str]:
        yield word
        for index in range(len(word)):
            head, tail = word[:index], word[index + 1 :]
            yield head + tail  # a letter dropped
            if tail:
                yield head + tail[0] + word[index] + tail[1:]  # two letters swapped
            for letter in self._letters:
                yield head + letter + tail  # a letter changed
                yield head + letter + word[index:]  # a letter added
        for letter in self._letters:
            yield word + letter


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
        self._things: list[_Thing] = []
        self._texts: list[str] = []
        # The items with each field that a query word can be whole: one without spaces
        # (sanitised text has no other white space; a field with some is never a word).
        self._whole: dict[str, array[int]] = {}
        for kind, thing in _things_of(briefing):
            fields = _fields_of(briefing, thing)[2]
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
        self._words = "".join(map(_words_only, self._texts))
        self._starts = array("q", accumulate(map(len, self._texts), initial=0))
        self._typos: _Vocabulary | None = None
        self._recent: dict[tuple[str, int | None], SearchResults] = {}
        self._held: dict[str, array[int]] = {}  # by word, the items holding it
        self._started: dict[str, array[int]] = {}  # by word start, the items with it
        self._shown: dict[int, tuple[str, str, list[_Field]]] = {}  # by position

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
            self._typos = _Vocabulary(self._words[a:b] for a, b in pairwise(ends))

    def search(self, query: str, limit: int | None = None) -> SearchResults:
        """Items matching every word of ``query``, best first; empty for a blank query.

        Among equal scores the index's order is kept. With a ``limit``, only that many
        are ranked (``SearchResults.total`` still counts every match), which spares
        scoring most matches of a one-letter query.
        """
        key = (query, limit)
        found = self._recent.get(key)
        if found is None:
            found = self._search(query, limit)
            _remember(self._recent, key, found)
        return found

    def _search(self, query: str, limit: int | None) -> SearchResults:
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
            self,
            [positions[i] for i in order],
            [scores[i] for i in order],
            terms,
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
        """Positions of the items whose text holds the term's word. While a word is typed,
        the items of the word before the keystroke (inside this one) are all it tests."""
        word = term.word
        found = self._held.get(word)
        if found is None:
            texts = self._texts
            within = [held for key, held in self._held.items() if key in word]
            if within:
                narrowest = min(within, key=len)
                found = array("i", [p for p in narrowest if word in texts[p]])
            elif term.is_word and len(word) >= _FEW_HOLD:
                found = array("i", self._occurring(word))
            else:
                found = array("i", [p for p, text in enumerate(texts) if word in text])
            _remember(self._held, word, found)
        return found

    def _starting(self, start: str) -> Sequence[int]:
        """Positions of the items where a word starts with ``start`` (word characters)."""
        found = self._started.get(start)
        if found is None:
            needle = "\n" + start
            within = [held for key, held in self._started.items() if start.startswith(key)]
            if within:
                words, starts = self._words, self._starts
                found = array(
                    "i",
                    [
                        p
                        for p in min(within, key=len)
                        if words.find(needle, starts[p], starts[p + 1]) >= 0
                    ],
                )
            else:
                found = array("i", self._occurring(needle))
            _remember(self._started, start, found)
        return found

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
        best = _LABEL_WEIGHT * _EXACT_WORD_START * len(terms)
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
        if not _FUZZY_MIN_LENGTH <= len(word) <= _FUZZY_MAX_LENGTH or not word.isalnum():
            return frozenset()
        if self._typos is None:
            self.prepare()
        assert self._typos is not None
        return self._typos.near(word)

    def _shown_fields(self, position: int) -> tuple[str, str, list[_Field]]:
        """The item's id, label and fields as shown: kept for the items shown lately,
        since the next keystroke mostly shows the same ones."""
        shown = self._shown.get(position)
        if shown is None:
            item_id, label, named = _fields_of(self._briefing, self._things[position])
            fields = [_make_field(name, value) for name, value in named if value]
            shown = (item_id, sanitize_line(label), fields)
            _remember(self._shown, position, shown, _SHOWN_ITEMS)
        return shown

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
                    score_by_field[index] += field_score * (_LABEL_WEIGHT if index == 0 else 1)
        shown = max(score_by_field, key=lambda index: (score_by_field[index], -index), default=0)
        shown_field = fields[shown]
        return Hit(
            kind=kind,
            item_id=item_id,
            label=label,
            field=shown_field.name,
            text=shown_field.text,
            spans=_merge(spans_by_field[shown]),
            score=score,
        )


def _match_field(
    item_field: _Field, term: str, typo_words: frozenset[str]
) -> tuple[float, list[Span]]:
    folded = item_field.folded
    start = folded.find(term)
    if start >= 0:
        if folded == term:
            return _EXACT_WHOLE_FIELD, [(0, len(item_field.text))]
        spans = []
        score = _EXACT_INSIDE
        while start >= 0:
            if start == 0 or not folded[start - 1].isalnum():
                score = _EXACT_WORD_START
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
    return (_TYPO, spans) if spans else (0.0, [])


def _original_span(item_field: _Field, start: int, end: int) -> Span:
    if item_field.origin is None:
        return start, end
    return item_field.origin[start], item_field.origin[end - 1] + 1


def _merge(spans: list[Span]) -> tuple[Span, ...]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _make_field(name: str, value: str) -> _Field:
    text = sanitize_line(value)
    folded, origin = _fold_with_origin(text)
    return _Field(name, text, folded, origin)


def _things_of(briefing: Briefing) -> Iterator[tuple[Kind, _Thing]]:
    # Things before what is said of them: among equal scores, the element or actor named
    # by the query comes before the events that mention it.
    for element in briefing.elements:
        yield Kind.ELEMENT, element
    for actor in briefing.actors:
        yield Kind.ACTOR, actor
    for event in briefing.events_in_order():
        yield Kind.EVENT, event
    for quote in briefing.quotes:
        yield Kind.QUOTE, quote
    for source in briefing.sources:
        yield Kind.SOURCE, source


def _fields_of(briefing: Briefing, thing: _Thing) -> tuple[str, str, list[tuple[str, str | None]]]:
    """An item's id, its label as written, and its searchable fields by name (the first
    is the one that counts as its title)."""
    if isinstance(thing, Element):
        info = BY_SYMBOL[thing.symbol]
        return (
            thing.symbol,
            f"{info.name} ({info.symbol})",
            [
                ("name", info.name),
                ("symbol", info.symbol),
                ("category", thing.category),
                ("uses", ", ".join(thing.uses)),
                ("note", thing.note),
            ],
        )
    if isinstance(thing, Actor):
        return (
            thing.id,
            thing.name,
            [("name", thing.name), ("role", thing.role), ("country", thing.country)],
        )
    if isinstance(thing, Event):
        return (
            thing.id,
            thing.title,
            [
                ("title", thing.title),
                ("summary", thing.summary),
                ("date", str(thing.date)),
                ("tags", " ".join(thing.tags)),
                ("note", thing.note),
            ],
        )
    if isinstance(thing, Quote):
        speaker = briefing.actor(thing.speaker)
        speaker_name = speaker.name if speaker else thing.speaker
        return (
            thing.id,
            f"{speaker_name}: {thing.text}",
            [("text", thing.text), ("speaker", speaker_name), ("context", thing.context)],
        )
    return (
        thing.id,
        thing.title,
        [("title", thing.title), ("publisher", thing.publisher), ("author", thing.author)],
    )
