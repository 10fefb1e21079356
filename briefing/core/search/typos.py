"""The typo vocabulary: a briefing's words, sorted, for one-typo look-ups of a query word.

A typo is a letter added, dropped or changed, or two letters swapped. It is only
tolerated in words of four letters or more, where one wrong letter still says which word
was meant ("tb" one letter off is half the alphabet), and up to forty letters, past which
a typo is as good as no match.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator

FUZZY_MIN_LENGTH = 4
"""Shortest query word a typo is tolerated in, and shortest word start that counts."""
FUZZY_MAX_LENGTH = 40
"""Longest query word a typo is tolerated in."""


def tolerates_typos(word: str) -> bool:
    """Whether a folded query ``word`` may match with one typo: letters and digits only,
    ``FUZZY_MIN_LENGTH`` to ``FUZZY_MAX_LENGTH`` long."""
    return FUZZY_MIN_LENGTH <= len(word) <= FUZZY_MAX_LENGTH and word.isalnum()


class Vocabulary:
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
        lowest, highest = FUZZY_MIN_LENGTH - 1, FUZZY_MAX_LENGTH + 1
        self._words = sorted(word for word in found if lowest <= len(word) <= highest)
        self._letters = "".join(sorted({letter for word in self._words for letter in word}))

    def near(self, word: str) -> frozenset[str]:
        """The words and word starts one typo or less from ``word``."""
        return frozenset(v for v in set(self._variants(word)) if self._known(v))

    def _known(self, variant: str) -> bool:
        # A whole word of the vocabulary, or a start of one at least four letters long.
        words = self._words
        at = bisect_left(words, variant)
        if at == len(words):
            return False
        if len(variant) < FUZZY_MIN_LENGTH:
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
