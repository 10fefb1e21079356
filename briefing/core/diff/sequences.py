"""Two sequences compared entry by entry, in time that grows about linearly with their
length: the words of two texts, the key points of two versions."""

from __future__ import annotations

import bisect
import difflib
import re
from collections import Counter
from collections.abc import Hashable, Iterator, Sequence

from briefing.core.diff.changes import WordRun

_WORD = re.compile(r"\S+")

MATCH_BUDGET = 40_000
"""Largest product of two lengths given whole to ``difflib.SequenceMatcher``, whose time
grows with that product, and more where entries repeat."""
PAIR_BUDGET = 1_000
"""Largest number of equal pairs (an entry of one side equal to one of the other) given
whole to the matcher: it looks at them again for each match it finds."""

_ANCHOR_DEPTH = 3
"""How many times the stretches between anchors are searched for anchors of their own."""

Opcode = tuple[str, int, int, int, int]
"""``(tag, i1, i2, j1, j2)``, as ``difflib.SequenceMatcher.get_opcodes`` gives them."""


def _anchors(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int]]:
    """Positions ``(i, j)`` of entries found exactly once in ``a`` and once in ``b``: the
    longest chain of them in the same order on both sides (patience diff's anchors)."""
    count_a, count_b = Counter(a), Counter(b)
    where_b = {entry: j for j, entry in enumerate(b) if count_b[entry] == 1}
    pairs = [
        (i, where_b[entry]) for i, entry in enumerate(a) if count_a[entry] == 1 and entry in where_b
    ]
    # Longest increasing chain of j by patience sorting: O(n log n).
    tail_js: list[int] = []  # the smallest last j of a chain of each length
    tails: list[int] = []  # which pair ends that chain
    before = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        length = bisect.bisect_left(tail_js, j)
        if length:
            before[index] = tails[length - 1]
        if length == len(tails):
            tail_js.append(j)
            tails.append(index)
        else:
            tail_js[length], tails[length] = j, index
    chain = []
    index = tails[-1] if tails else -1
    while index >= 0:
        chain.append(pairs[index])
        index = before[index]
    return chain[::-1]


def _equal_pairs(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """How many pairs of an entry of ``a`` and an equal entry of ``b`` there are."""
    count_b = Counter(b)
    return sum(count_b[entry] for entry in a)


def _matched(
    a: Sequence[Hashable], b: Sequence[Hashable], i: int, j: int, depth: int
) -> Iterator[Opcode]:
    """Opcodes for ``a`` against ``b``, offset by ``i`` and ``j``, not yet merged."""
    if not a or not b:
        if a or b:
            yield ("delete" if a else "insert", i, i + len(a), j, j + len(b))
        return
    pairs = _equal_pairs(a, b) if len(a) * len(b) <= MATCH_BUDGET else PAIR_BUDGET + 1
    if pairs == 0:
        yield ("replace", i, i + len(a), j, j + len(b))  # as the matcher would say it
        return
    if pairs <= PAIR_BUDGET:
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            yield tag, i + i1, i + i2, j + j1, j + j2
        return
    same = 0  # the common start and end cost nothing to keep
    while same < min(len(a), len(b)) and a[same] == b[same]:
        same += 1
    end = 0
    while end < min(len(a), len(b)) - same and a[-1 - end] == b[-1 - end]:
        end += 1
    if same or end:
        yield ("equal", i, i + same, j, j + same)
        yield from _matched(
            a[same : len(a) - end], b[same : len(b) - end], i + same, j + same, depth
        )
        yield ("equal", i + len(a) - end, i + len(a), j + len(b) - end, j + len(b))
        return
    anchors = _anchors(a, b) if depth < _ANCHOR_DEPTH else []
    if not anchors:
        # Nothing to hold on to: compare each half with its counterpart.
        half_a, half_b = len(a) // 2, len(b) // 2
        yield from _matched(a[:half_a], b[:half_b], i, j, _ANCHOR_DEPTH)
        yield from _matched(a[half_a:], b[half_b:], i + half_a, j + half_b, _ANCHOR_DEPTH)
        return
    last_a = last_b = 0
    for anchor_a, anchor_b in [*anchors, (len(a), len(b))]:
        gap_a, gap_b = a[last_a:anchor_a], b[last_b:anchor_b]
        yield from _matched(gap_a, gap_b, i + last_a, j + last_b, depth + 1)
        if anchor_a < len(a):
            yield ("equal", i + anchor_a, i + anchor_a + 1, j + anchor_b, j + anchor_b + 1)
        last_a, last_b = anchor_a + 1, anchor_b + 1


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """How to turn ``a`` into ``b``: the opcodes ``difflib.SequenceMatcher(None, a, b,
    autojunk=False).get_opcodes()`` gives, exactly those when the two are short (within
    ``MATCH_BUDGET`` and ``PAIR_BUDGET``).

    Longer sequences keep their common start and end, and are cut at their anchors:
    entries found once on each side, in the same order (as patience diff does). Each
    stretch between anchors is compared alone, and one with no anchors half against half.
    The work then grows about linearly with ``len(a) + len(b)`` (times a logarithm at
    worst), where the matcher alone can take their product or more. Consecutive changes
    are merged, so an ``equal`` and a change alternate as in the matcher's output.
    """
    merged: list[Opcode] = []
    for tag, i1, i2, j1, j2 in _matched(a, b, 0, 0, 0):
        if i1 == i2 and j1 == j2:
            continue
        if merged and (merged[-1][0] == "equal") == (tag == "equal"):
            _, start_a, _, start_b, _ = merged.pop()
            i1, j1 = start_a, start_b
            if tag != "equal":
                tag = "replace" if i1 < i2 and j1 < j2 else ("delete" if i1 < i2 else "insert")
        merged.append((tag, i1, i2, j1, j2))
    return merged


def word_runs(old: str, new: str) -> tuple[WordRun, ...]:
    """``old`` and ``new`` compared word by word (words are runs of non-space characters)."""
    a, b = _WORD.findall(old), _WORD.findall(new)
    runs = []
    for tag, i1, i2, j1, j2 in opcodes(a, b):
        before, after = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag == "equal":
            runs.append(WordRun("same", before, after))
        elif tag == "delete":
            runs.append(WordRun("removed", before, ""))
        elif tag == "insert":
            runs.append(WordRun("added", "", after))
        else:
            runs.append(WordRun("replaced", before, after))
    return tuple(runs)
