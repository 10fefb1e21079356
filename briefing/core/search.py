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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from briefing.core.model import Briefing
from briefing.core.periodic import BY_SYMBOL
from briefing.core.text import sanitize_line

Kind = Literal["event", "element", "actor", "quote", "source"]
KINDS: tuple[Kind, ...] = ("event", "element", "actor", "quote", "source")
KIND_TITLES: dict[Kind, str] = {
    "event": "Events",
    "element": "Elements",
    "actor": "Actors",
    "quote": "Quotes",
    "source": "Sources",
}

Span = tuple[int, int]

# A typo is only tolerated in words long enough that one wrong letter still says which
# word was meant: "tb" one letter off is half the alphabet.
_FUZZY_MIN_LENGTH = 4
_SHORTEST_FUZZY_PREFIX = _FUZZY_MIN_LENGTH
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
    origin: list[int]  # origin[i] is the index in ``text`` of ``folded[i]``
    is_label: bool


@dataclass(slots=True)
class _Item:
    kind: Kind
    item_id: str
    label: str
    fields: list[_Field]
    everything: str = ""  # all folded fields joined: one cheap test rules most items out

    def __post_init__(self) -> None:
        self.everything = "\n".join(item_field.folded for item_field in self.fields)

    def may_match(self, terms: list[str], typo_words: dict[str, frozenset[str]]) -> bool:
        everything = self.everything
        return all(
            term in everything or any(word in everything for word in typo_words[term])
            for term in terms
        )


def fold(text: str) -> str:
    """Lower case with accents removed: what the search compares."""
    return _fold_with_origin(text)[0]


def _fold_with_origin(text: str) -> tuple[str, list[int]]:
    if text.isascii():
        return text.lower(), list(range(len(text)))
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


@dataclass(slots=True)
class _TypoIndex:
    """Words (and word starts) keyed by each one-letter deletion, for one-typo look-ups.

    Two words are at most one edit or one swap apart exactly when they are equal, one is a
    deletion of the other, or they share a deletion (a symmetric-delete dictionary).
    """

    keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(self, word: str) -> None:
        self.keys[word].add(word)
        for deletion in _one_letter_deletions(word):
            self.keys[deletion].add(word)

    def near(self, word: str) -> set[str]:
        found = set(self.keys.get(word, ()))
        for deletion in _one_letter_deletions(word):
            found |= self.keys.get(deletion, set())
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

    def search(self, query: str, limit: int | None = None) -> list[Hit]:
        """Items matching every word of ``query``, best first; empty for a blank query."""
        terms = fold(query).split()
        if not terms:
            return []
        typo_words = {term: self._typo_words(term) for term in terms}
        hits: list[tuple[float, int, Hit]] = []
        for order, item in enumerate(self._items):
            if not item.may_match(terms, typo_words):
                continue
            hit = _match_item(item, terms, typo_words)
            if hit is not None:
                hits.append((-hit.score, order, hit))
        hits.sort(key=lambda entry: (entry[0], entry[1]))
        found = [hit for _, _, hit in hits]
        return found if limit is None else found[:limit]

    def _typo_words(self, term: str) -> frozenset[str]:
        if len(term) < _FUZZY_MIN_LENGTH or not term.isalnum():
            return frozenset()
        if self._typos is None:
            self._typos = self._build_typo_index()
        return frozenset(self._typos.near(term))

    def _build_typo_index(self) -> _TypoIndex:
        # Built on the first long query word, not at start-up, so opening a briefing
        # never pays for it. Word starts are indexed too, so a typo in a half-typed word
        # still finds the word being typed.
        index = _TypoIndex()
        words = {
            word
            for item in self._items
            for item_field in item.fields
            for word in _WORD.findall(item_field.folded)
            if len(word) >= _SHORTEST_FUZZY_PREFIX - 1
        }
        for word in words:
            index.add(word)
            for end in range(_SHORTEST_FUZZY_PREFIX, len(word)):
                index.add(word[:end])
        return index


def _match_item(item: _Item, terms: list[str], typo_words: dict[str, frozenset[str]]) -> Hit | None:
    total = 0.0
    spans_by_field: dict[int, list[Span]] = defaultdict(list)
    score_by_field: dict[int, float] = defaultdict(float)
    for term in terms:
        best = 0.0
        for position, item_field in enumerate(item.fields):
            score, spans = _match_field(item_field, term, typo_words[term])
            if not spans:
                continue
            if item_field.is_label:
                score *= _LABEL_WEIGHT
            spans_by_field[position].extend(spans)
            score_by_field[position] += score
            best = max(best, score)
        if best == 0.0:
            return None
        total += best
    shown = max(score_by_field, key=lambda position: (score_by_field[position], -position))
    shown_field = item.fields[shown]
    return Hit(
        kind=item.kind,
        item_id=item.item_id,
        label=item.label,
        field=shown_field.name,
        text=shown_field.text,
        spans=_merge(spans_by_field[shown]),
        score=total,
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
    for event in briefing.events_in_order():
        yield _item(
            "event",
            event.id,
            event.title,
            ("title", event.title),
            ("summary", event.summary),
            ("date", str(event.date)),
            ("tags", " ".join(event.tags)),
            ("note", event.note),
        )
    for element in briefing.elements:
        info = BY_SYMBOL[element.symbol]
        yield _item(
            "element",
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
            "actor",
            actor.id,
            actor.name,
            ("name", actor.name),
            ("role", actor.role),
            ("country", actor.country),
        )
    for quote in briefing.quotes:
        speaker = briefing.actor(quote.speaker)
        speaker_name = speaker.name if speaker else quote.speaker
        yield _item(
            "quote",
            quote.id,
            f"{speaker_name}: {quote.text}",
            ("text", quote.text),
            ("speaker", speaker_name),
            ("context", quote.context),
        )
    for source in briefing.sources:
        yield _item(
            "source",
            source.id,
            source.title,
            ("title", source.title),
            ("publisher", source.publisher),
            ("author", source.author),
        )
