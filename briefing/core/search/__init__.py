"""Incremental search over everything in a briefing.

Matching ignores case and accents; every word of the query must match the same item,
either as a substring of one of its fields or, for words of four letters or more, as a
word (or the start of a word) one typo away: a letter added, dropped, changed or two
letters swapped.

In parts: ``folding`` (what is compared), ``typos`` (the vocabulary of the briefing's
words that typos are looked up in), ``index`` (the items, matching and ranking) and
``hit`` (one result and its excerpt).
"""

from __future__ import annotations

from briefing.core.involves import Kind
from briefing.core.search.folding import fold
from briefing.core.search.hit import Hit, Span
from briefing.core.search.index import SearchIndex, SearchResults

__all__ = ["KINDS", "KIND_TITLES", "Hit", "SearchIndex", "SearchResults", "Span", "fold"]

KINDS: tuple[Kind, ...] = (Kind.EVENT, Kind.ELEMENT, Kind.ACTOR, Kind.QUOTE, Kind.SOURCE)
"""The kinds search covers, in the order its results are grouped."""
KIND_TITLES: dict[Kind, str] = {
    Kind.EVENT: "Events",
    Kind.ELEMENT: "Elements",
    Kind.ACTOR: "Actors",
    Kind.QUOTE: "Quotes",
    Kind.SOURCE: "Sources",
}
