"""Incremental search over everything in a briefing.

Matching ignores case and accents; every word of the query must match the same item,
either as a substring of one of its fields or, for words of four letters or more, as a
word (or the start of a word) one typo away: a letter added, dropped, changed or two
letters swapped. The index is built once per briefing so that each keystroke only does
substring scans over prepared text and dictionary look-ups for typos.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from briefing.core.involves import Kind
from briefing.core.model import Briefing
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
# Longer words are matched exactly only: the typo index holds every start of every word
# and every one-letter deletion of those, which grows with the cube of a word's length.
_FUZZY_MAX_LENGTH = 40
_WORD = re.compile(r"\w+")

# Score of a match by how it matched; a match in the item's title counts double.
_EXACT_WHOLE_FIELD = 8.0
_EXACT_WORD_START = 3.0
_EXACT_INSIDE = 2.0
_TYPO = 1.0
_LABEL_WEIGHT = 2.0


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
        """At most ``width`` characters of ``text`` around the first match, spans shifted."""
        width = max(width, 0)
        if len(self.text) <= width or width < 3:
            return self.text[:width], _clip(self.spans, 0, width)
        first = self.spans[0][0] if self.spans else 0
        start = max(0, min(first - width // 3, len(self.text) - width))
        end = start + width
        lead = "…" if start > 0 else ""
        trail = "…" if end < len(self.text) else ""
        body_start, body_end = start + len(lead), end - len(trail)
        shift = body_start - len(lead)
        spans = _clip(self.spans, body_start, body_end)
        return (
            lead + self.text[body_start:body_end] + trail,
            tuple((a - shift, b - shift) for a, b in spans),
        )


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
    is_label: bool


_NOT_WORD = re.compile(r"\W")


@dataclass(slots=True)
class _Item:
    kind: Kind
    item_id: str
    label: str
    fields: list[_Field]
    # Prepared once so that ranking a keystroke is a handful of C-level ``in`` tests per
    # item: all fields joined, the same with every word start marked by a newline, the
    # label alone, and each whole field.
    everything: str = ""
    word_starts: str = ""
    label_folded: str = ""
    label_starts: str = ""
    whole_fields: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.everything = "\n".join(item_field.folded for item_field in self.fields)
        self.word_starts = "\n" + _NOT_WORD.sub("\n", self.everything)
        self.label_folded = self.fields[0].folded if self.fields else ""
        self.label_starts = "\n" + _NOT_WORD.sub("\n", self.label_folded)
        self.whole_fields = frozenset(item_field.folded for item_field in self.fields)

    def rank(self, terms: list[str], typo_words: dict[str, frozenset[str]]) -> float:
        """How well the item matches every term; 0 when some term does not match."""
        total = 0.0
        for term in terms:
            if term in self.whole_fields:
                total += _EXACT_WHOLE_FIELD
            elif term in self.label_folded:
                at_start = "\n" + term in self.label_starts
                total += _LABEL_WEIGHT * (_EXACT_WORD_START if at_start else _EXACT_INSIDE)
            elif term in self.everything:
                at_start = "\n" + term in self.word_starts
                total += _EXACT_WORD_START if at_start else _EXACT_INSIDE
            elif any("\n" + word in self.word_starts for word in typo_words[term]):
                total += _TYPO
            else:
                return 0.0
        return total


class SearchResults(Sequence[Hit]):
    """Matches, best first. Counting and ranking are cheap; each Hit (which field to show,
    where to highlight) is worked out only when it is read, since a screen shows few."""

    def __init__(
        self,
        items: list[_Item],
        positions: list[int],
        scores: list[float],
        terms: list[str],
        typo_words: dict[str, frozenset[str]],
    ) -> None:
        self._items = items
        self._positions = positions
        self._scores = scores
        self._terms = terms
        self._typo_words = typo_words
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
            item = self._items[self._positions[index]]
            score = self._scores[index]
            self._made[index] = _make_hit(item, score, self._terms, self._typo_words)
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


def _one_letter_deletions(word: str) -> Iterator[str]:
    for index in range(len(word)):
        yield word[:index] + word[index + 1 :]


class _TypoIndex:
    """Words (and word starts) keyed by each one-letter deletion, for one-typo look-ups.

    Two words are at most one edit or one swap apart exactly when they are equal, one is a
    deletion of the other, or they share a deletion (a symmetric-delete dictionary).
    """

    def __init__(self, words: Iterable[str]) -> None:
        keys: dict[str, set[str]] = defaultdict(set)
        for word in words:
            keys[word].add(word)
            for deletion in _one_letter_deletions(word):
                keys[deletion].add(word)
        # Kept as strings, not sets: a dictionary of strings is invisible to the garbage
        # collector, whose full passes would otherwise stall a keystroke on big briefings.
        self._keys = {key: "\n".join(found) for key, found in keys.items()}

    def near(self, word: str) -> set[str]:
        found = set(self._keys.get(word, "").split("\n"))
        for deletion in _one_letter_deletions(word):
            found.update(self._keys.get(deletion, "").split("\n"))
        found.discard("")
        return {candidate for candidate in found if _within_one_edit(word, candidate)}


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differing = [i for i in range(len(a)) if a[i] != b[i]]
        if len(differing) == 1:
            return True
        first, second = differing[0], differing[-1]
        return (
            len(differing) == 2
            and second == first + 1
            and a[first] == b[second]
            and a[second] == b[first]
        )
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return any(longer[:index] + longer[index + 1 :] == shorter for index in range(len(longer)))


class SearchIndex:
    """Everything searchable in one briefing, prepared for fast repeated queries."""

    def __init__(self, briefing: Briefing) -> None:
        self._items = list(_items_of(briefing))
        self._typos: _TypoIndex | None = None

    def __len__(self) -> int:
        return len(self._items)

    def prepare(self) -> None:
        """Build the typo dictionary now rather than on the first long query word.

        That word would otherwise wait for it (~100 ms on a briefing 100 times the
        bundled one); the reader calls this in a background thread after its first frame.
        """
        if self._typos is None:
            self._typos = self._build_typo_index()

    def search(self, query: str, limit: int | None = None) -> SearchResults:
        """Items matching every word of ``query``, best first; empty for a blank query."""
        terms = fold(query).split()
        typo_words = {term: self._typo_words(term) for term in terms}
        # Only ints and floats per match: they are invisible to the garbage collector, so
        # thousands of matches per keystroke never trigger its slow full passes.
        positions: list[int] = []
        scores: list[float] = []
        if terms:
            for position, item in enumerate(self._items):
                score = item.rank(terms, typo_words)
                if score:
                    positions.append(position)
                    scores.append(score)
        # Stable, so the briefing's order is kept among equal scores.
        order = sorted(range(len(positions)), key=scores.__getitem__, reverse=True)
        if limit is not None:
            order = order[:limit]
        return SearchResults(
            self._items,
            [positions[i] for i in order],
            [scores[i] for i in order],
            terms,
            typo_words,
        )

    def _typo_words(self, term: str) -> frozenset[str]:
        if not _FUZZY_MIN_LENGTH <= len(term) <= _FUZZY_MAX_LENGTH or not term.isalnum():
            return frozenset()
        if self._typos is None:
            self._typos = self._build_typo_index()
        return frozenset(self._typos.near(term))

    def _build_typo_index(self) -> _TypoIndex:
        # Built by ``prepare`` or on the first long query word, never while a briefing
        # opens. Word starts are indexed too, so a typo in a half-typed word still finds
        # the word being typed.
        words = {
            word
            for item in self._items
            for item_field in item.fields
            for word in _WORD.findall(item_field.folded)
            if _SHORTEST_FUZZY_PREFIX - 1 <= len(word) <= _FUZZY_MAX_LENGTH + 1
        }
        starts = {word[:end] for word in words for end in range(_SHORTEST_FUZZY_PREFIX, len(word))}
        return _TypoIndex(words | starts)


def _make_hit(
    item: _Item, score: float, terms: list[str], typo_words: dict[str, frozenset[str]]
) -> Hit:
    spans_by_field: dict[int, list[Span]] = defaultdict(list)
    score_by_field: dict[int, float] = defaultdict(float)
    for term in terms:
        for position, item_field in enumerate(item.fields):
            field_score, spans = _match_field(item_field, term, typo_words[term])
            if spans:
                spans_by_field[position].extend(spans)
                score_by_field[position] += field_score * (_LABEL_WEIGHT if position == 0 else 1)
    shown = max(
        score_by_field, key=lambda position: (score_by_field[position], -position), default=0
    )
    shown_field = item.fields[shown]
    return Hit(
        kind=item.kind,
        item_id=item.item_id,
        label=item.label,
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
    if not typo_words:
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


def _make_field(name: str, value: str | None, is_label: bool = False) -> _Field | None:
    if not value:
        return None
    text = sanitize_line(value)
    folded, origin = _fold_with_origin(text)
    return _Field(name, text, folded, origin, is_label)


def _item(kind: Kind, item_id: str, label: str, *fields: tuple[str, str | None]) -> _Item:
    made = [
        _make_field(name, value, is_label=index == 0) for index, (name, value) in enumerate(fields)
    ]
    return _Item(kind, item_id, sanitize_line(label), [f for f in made if f is not None])


def _items_of(briefing: Briefing) -> Iterator[_Item]:
    # Things before what is said of them: among equal scores, the element or actor named
    # by the query comes before the events that mention it.
    for element in briefing.elements:
        info = BY_SYMBOL[element.symbol]
        yield _item(
            Kind.ELEMENT,
            element.symbol,
            f"{info.name} ({info.symbol})",
            ("name", info.name),
            ("symbol", info.symbol),
            ("category", element.category),
            ("uses", ", ".join(element.uses)),
            ("note", element.note),
        )
    for actor in briefing.actors:
        yield _item(
            Kind.ACTOR,
            actor.id,
            actor.name,
            ("name", actor.name),
            ("role", actor.role),
            ("country", actor.country),
        )
    for event in briefing.events_in_order():
        yield _item(
            Kind.EVENT,
            event.id,
            event.title,
            ("title", event.title),
            ("summary", event.summary),
            ("date", str(event.date)),
            ("tags", " ".join(event.tags)),
            ("note", event.note),
        )
    for quote in briefing.quotes:
        speaker = briefing.actor(quote.speaker)
        speaker_name = speaker.name if speaker else quote.speaker
        yield _item(
            Kind.QUOTE,
            quote.id,
            f"{speaker_name}: {quote.text}",
            ("text", quote.text),
            ("speaker", speaker_name),
            ("context", quote.context),
        )
    for source in briefing.sources:
        yield _item(
            Kind.SOURCE,
            source.id,
            source.title,
            ("title", source.title),
            ("publisher", source.publisher),
            ("author", source.author),
        )
