"""One search result: the item, the field that matched best, and where to highlight."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from briefing.core.involves import Kind

Span = tuple[int, int]
"""Start and end (exclusive) of a match, in characters of the text as shown."""

_WORD_RUN = re.compile(r"\S+")
# Dropped where an excerpt is cut, before its one ``…``.
_CUT_TRIM = frozenset(" \t….")


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


def merge_spans(spans: list[Span]) -> tuple[Span, ...]:
    """``spans`` in order, those that overlap or touch made one."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)
