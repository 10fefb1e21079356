"""``diff`` of long texts and long lists: work that grows linearly, counted, not timed."""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Iterator, Sequence

import pytest
from diff_support import MINI, Data, changed

from briefing.core.diff import diff_briefings, opcodes, sequences, word_runs
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing


class _Work:
    entries = 0
    """Entries looked at: the sum of both lengths for each count of equal entries and each
    search for anchors, and their product for each sequence given to the matcher."""


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_Work]]:
    """Counts the entries the diff's comparison looks at."""
    equal_pairs = sequences._equal_pairs
    anchors = sequences._anchors

    class Counting(difflib.SequenceMatcher):  # type: ignore[type-arg]
        def set_seqs(self, a: Sequence[Hashable], b: Sequence[Hashable]) -> None:
            _Work.entries += len(a) * len(b)
            super().set_seqs(a, b)

    def counted_pairs(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
        _Work.entries += len(a) + len(b)
        return equal_pairs(a, b)

    def counted_anchors(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[tuple[int, int]]:
        _Work.entries += len(a) + len(b)
        return anchors(a, b)

    _Work.entries = 0
    monkeypatch.setattr(difflib, "SequenceMatcher", Counting)
    monkeypatch.setattr(sequences, "_equal_pairs", counted_pairs)
    monkeypatch.setattr(sequences, "_anchors", counted_anchors)
    yield _Work


def every_other_word(words: int, mark: str) -> str:
    return " ".join(f"w{k}" if k % 2 == 0 else f"{mark}{k}" for k in range(words))


def entries_for(work: type[_Work], old: str, new: str) -> int:
    work.entries = 0
    runs = word_runs(old, new)
    assert " ".join(run.old for run in runs if run.old) == " ".join(old.split())
    assert " ".join(run.new for run in runs if run.new) == " ".join(new.split())
    return work.entries


def test_every_other_word_changed_costs_linear_work(work: type[_Work]) -> None:
    small = entries_for(work, every_other_word(1_000, "old"), every_other_word(1_000, "new"))
    big = entries_for(work, every_other_word(10_000, "old"), every_other_word(10_000, "new"))
    assert small > 0
    # Ten times the words, about ten times the work (the whole matcher: a hundred times).
    assert big <= 12 * small


def test_a_text_of_one_repeated_word_pair_costs_near_linear_work(work: type[_Work]) -> None:
    # No word occurs once: nothing to anchor on.
    small = entries_for(work, "the cat " * 1_000, "the dog " * 1_000)
    big = entries_for(work, "the cat " * 10_000, "the dog " * 10_000)
    assert big <= 15 * small


def test_key_points_every_other_one_edited_cost_linear_work(
    work: type[_Work], mini: Briefing
) -> None:
    def versions(count: int) -> tuple[Briefing, Briefing]:
        def points(mark: str) -> list[Data]:
            return [
                {"text": f"point {k}" if k % 2 == 0 else f"{mark} {k}", "sources": ["wire"]}
                for k in range(count)
            ]

        def with_points(mark: str) -> Briefing:
            return changed(mini, lambda data: data.update(key_points=points(mark)))

        return with_points("old"), with_points("new")

    work.entries = 0
    small_diff = diff_briefings(*versions(300))
    small = work.entries
    work.entries = 0
    big_diff = diff_briefings(*versions(3_000))
    big = work.entries
    assert len(small_diff.section("key_points").changed) == 150
    assert len(big_diff.section("key_points").changed) == 1_500
    # Each changed point's words are compared too: both grow with the count.
    assert big <= 12 * small


@pytest.fixture(scope="module")
def mini() -> Briefing:
    return load_briefing(MINI)


def test_one_word_changed_in_a_long_text_reads_as_one_replacement() -> None:
    words = [f"w{k % 40}" for k in range(5_000)]  # every word repeats: no anchors
    edited = [*words[:2_500], "CHANGED", *words[2_501:]]
    runs = word_runs(" ".join(words), " ".join(edited))
    assert [run.kind for run in runs] == ["same", "replaced", "same"]
    assert (runs[1].old, runs[1].new) == ("w20", "CHANGED")


def test_long_texts_with_unique_words_are_anchored_on_them() -> None:
    old = [f"w{k}" for k in range(3_000)]
    new = [*old[:1_000], "inserted", "words", *old[1_000:2_000], *old[2_001:]]
    assert opcodes(old, new) == [
        ("equal", 0, 1_000, 0, 1_000),
        ("insert", 1_000, 1_000, 1_000, 1_002),
        ("equal", 1_000, 2_000, 1_002, 2_002),
        ("delete", 2_000, 2_001, 2_002, 2_002),
        ("equal", 2_001, 3_000, 2_002, 3_001),
    ]


@pytest.mark.parametrize("seed", range(40))
def test_opcodes_turn_one_side_into_the_other(seed: int) -> None:
    import random

    rng = random.Random(seed)
    size = rng.choice([5, 50, 400, 2_000])
    a = [rng.choice("abcdefgh") + str(rng.randrange(size)) for _ in range(size)]
    b = [entry if rng.random() < 0.7 else rng.choice("xyz") for entry in a]
    steps = opcodes(a, b)
    built: list[str] = []
    at_a = at_b = 0
    for tag, i1, i2, j1, j2 in steps:
        assert (i1, j1) == (at_a, at_b)
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        built += b[j1:j2]
        at_a, at_b = i2, j2
    assert (at_a, at_b) == (len(a), len(b))
    assert built == b
    # Never two changes in a row, as the matcher gives them.
    tags = [step[0] == "equal" for step in steps]
    assert all(x != y for x, y in zip(tags, tags[1:], strict=False))


def test_short_texts_are_compared_exactly_as_the_matcher_does() -> None:
    a = ["the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog"]
    b = ["a", "quick", "red", "fox", "jumped", "over", "the", "lazy", "dogs"]
    expected = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    assert opcodes(a, b) == expected
