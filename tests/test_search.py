"""Search is core logic: tested here on the models, with no UI."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from briefing.core.loader import load_briefing, load_bytes
from briefing.core.search import Hit, SearchIndex, fold

MINI = Path(__file__).parent / "data" / "mini.yaml"


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(load_briefing(MINI))


def found(index: SearchIndex, query: str) -> list[tuple[str, str]]:
    return [(hit.kind, hit.item_id) for hit in index.search(query)]


def test_blank_query_finds_nothing(index: SearchIndex) -> None:
    assert index.search("") == []
    assert index.search("   ") == []


def test_every_kind_is_searchable(index: SearchIndex) -> None:
    assert ("event", "may-talks") in found(index, "talks in may")
    assert ("element", "Ho") in found(index, "holmium")
    assert ("actor", "ministry") in found(index, "ministry")
    assert ("quote", "remark") in found(index, "[sic]")
    assert ("source", "wire") in found(index, "controls tightened")


def test_symbol_exact_match_ranks_the_element_first(index: SearchIndex) -> None:
    assert index.search("Dy")[0].item_id == "Dy"


def test_case_and_accents_are_ignored(index: SearchIndex) -> None:
    assert found(index, "HOLMIUM") == found(index, "holmium")
    assert found(index, "hólmíum") == found(index, "holmium")
    assert fold("Ĉeŝ Ünïcode") == "ces unicode"


def test_every_word_must_match_the_same_item(index: SearchIndex) -> None:
    assert found(index, "talks may") == [("event", "may-talks")]
    assert found(index, "talks holmium") == []


@pytest.mark.parametrize(
    "typo",
    ["holmuim", "hollmium", "holium", "holmiun", "dysporsium", "dyspr0s"],
)
def test_one_typo_in_a_long_word_is_tolerated(index: SearchIndex, typo: str) -> None:
    kinds_ids = found(index, typo)
    assert any(kind == "element" for kind, _ in kinds_ids), kinds_ids


def test_short_words_need_an_exact_match(index: SearchIndex) -> None:
    # "hx" is one letter from "ho" but too short to guess at.
    assert found(index, "hx") == []


def test_two_typos_are_not_a_match(index: SearchIndex) -> None:
    assert found(index, "hulmiun") == []


def test_spans_point_at_the_matched_text(index: SearchIndex) -> None:
    hit = index.search("licence")[0]
    assert [hit.text[start:end] for start, end in hit.spans] == ["Licence"]


def test_spans_survive_accent_folding() -> None:
    briefing = load_bytes(
        MINI.read_bytes().replace(b"title: Talks in May", "title: Réunion à Genève".encode()),
        "mini",
    )
    hit = SearchIndex(briefing).search("geneve")[0]
    assert [hit.text[start:end] for start, end in hit.spans] == ["Genève"]


def test_matched_text_is_sanitised() -> None:
    briefing = load_bytes(
        MINI.read_bytes().replace(b"title: Talks in May", b'title: "Talks \\e[31min May"'),
        "mini",
    )
    hit = SearchIndex(briefing).search("talks")[0]
    assert "\x1b" not in hit.text and "\x1b" not in hit.label


def test_excerpt_keeps_the_match_in_view() -> None:
    hit = Hit("event", "x", "x", "summary", "a" * 50 + "needle" + "b" * 50, ((50, 56),), 1.0)
    text, spans = hit.excerpt(20)
    assert len(text) == 20
    assert [text[start:end] for start, end in spans] == ["needle"]
    assert text.startswith("…") and text.endswith("…")


def test_limit_caps_the_results(index: SearchIndex) -> None:
    assert len(index.search("e", limit=2)) == 2


def test_a_name_finds_the_actor_before_events_that_mention_it() -> None:
    briefing = load_bytes(
        MINI.read_bytes().replace(b"title: Talks in May", b"title: Old Leader talks in May"),
        "mini",
    )
    assert [hit.item_id for hit in SearchIndex(briefing).search("leader")][:2] == [
        "leader",
        "may-talks",
    ]


def test_prepare_builds_the_typo_dictionary_that_searches_then_use() -> None:
    index = SearchIndex(load_briefing(MINI))
    assert index._typos is None  # nothing is built until asked for
    index.prepare()
    prepared = index._typos
    assert prepared is not None
    assert ("element", "Ho") in found(index, "holmuim")  # a typo, answered from it
    assert index._typos is prepared
    index.prepare()  # a second call keeps what is there
    assert index._typos is prepared


def test_a_very_long_word_does_not_blow_up_the_typo_index() -> None:
    # The typo index holds every start of a word and every one-letter deletion of those:
    # for a 10,000-letter word that would be hundreds of billions of characters.
    text = MINI.read_text().replace("title: An old remark", "title: " + "x" * 10_000)
    index = SearchIndex(load_bytes(text.encode()))
    started = time.perf_counter()
    index.prepare()
    assert ("event", "old-remark") in found(index, "x" * 10_000)
    assert ("event", "may-talks") in found(index, "tlaks")
    assert time.perf_counter() - started < 2


QUERIES = ["e", "dy", "talks", "talks may", "holmuim", "licence controls", "[sic]", "2025-05"]


@pytest.fixture(scope="module")
def bigger() -> SearchIndex:
    from briefing.core.bundled import default_briefing
    from briefing.devtools.synthetic import synthetic_briefing

    index = SearchIndex(synthetic_briefing(load_briefing(default_briefing()), 3))
    index.prepare()
    return index


@pytest.mark.parametrize("query", [*QUERIES, "magnets", "export c", "terbuim", "gall"])
@pytest.mark.parametrize("limit", [1, 7, 50])
def test_a_limit_ranks_the_best_as_the_whole_search_does(
    bigger: SearchIndex, query: str, limit: int
) -> None:
    everything = bigger.search(query)
    best = bigger.search(query, limit=limit)
    assert list(best) == list(everything)[:limit]
    assert best.total == everything.total == len(everything)


def _one_edit_apart(a: str, b: str) -> bool:
    """Plainly: b is a, or a with one letter dropped, added, changed, or two neighbours swapped."""
    if a == b:
        return True
    letters = set(a + b)
    variants = set()
    for index in range(len(a) + 1):
        variants.update(a[:index] + letter + a[index:] for letter in letters)
        if index < len(a):
            variants.add(a[:index] + a[index + 1 :])
            variants.update(a[:index] + letter + a[index + 1 :] for letter in letters)
        if index + 1 < len(a):
            variants.add(a[:index] + a[index + 1] + a[index] + a[index + 2 :])
    return b in variants


@pytest.mark.parametrize("word", ["holmuim", "dysporsium", "talsk", "contrl", "gall", "xxxx"])
def test_typo_words_are_the_words_and_word_starts_one_edit_away(
    bigger: SearchIndex, word: str
) -> None:
    import re

    words = {w for text in bigger._texts for w in re.findall(r"\w+", text) if 3 <= len(w) <= 41}
    known = words | {w[:end] for w in words for end in range(4, len(w))}
    expected = {candidate for candidate in known if _one_edit_apart(word, candidate)}
    assert bigger._typo_words(word) == expected


def test_items_after_accented_and_dashed_text_are_found_by_rare_words_and_typos() -> None:
    # The rare-word scans run over all texts end to end: an item with accents, a dash and
    # a wide character before others must not shift where those others are found.
    text = MINI.read_text(encoding="utf-8").replace(
        "title: Talks in May", "title: Réunion – à Genève “talks” 会谈 in May"
    )
    index = SearchIndex(load_bytes(text.encode()))
    assert ("event", "may-talks") in found(index, "geneve")
    assert ("event", "may-talks") in found(index, "genvee")  # a typo
    assert ("event", "may-talks") in found(index, "会谈")
    for query in ["holmium", "remark", "ministry", "controls tightened"]:
        assert found(index, query) == found(SearchIndex(load_briefing(MINI)), query)


def _cut_at_words(text: str, excerpt: str, shift: int) -> None:
    """``excerpt`` of ``text``, whose character ``i`` is the text's ``i + shift``: whole
    words, and one ``…`` where it was cut, no more."""
    lead, trail = excerpt.startswith("…"), excerpt.endswith("…")
    body = excerpt[1 if lead else 0 : len(excerpt) - 1 if trail else None]
    at = shift + (1 if lead else 0)
    assert text[at : at + len(body)] == body, excerpt
    assert lead == (at > 0), excerpt
    assert trail == (at + len(body) < len(text)), excerpt
    if lead:
        assert re.search(r"\s[….]*$", text[:at]), excerpt
        assert not body[0].isspace(), excerpt
        assert not body.startswith(("…", ".")), excerpt
    if trail:
        # Only dots or an ellipsis of the text's own dropped, before a space.
        assert re.match(r"[….]*\s", text[at + len(body) :]), excerpt
        assert not body[-1].isspace(), excerpt
        assert not body.endswith(("…", ".")), excerpt


@pytest.mark.parametrize("width", [24, 40, 61, 200])
def test_excerpts_are_cut_between_words_with_one_ellipsis(width: int) -> None:
    from briefing.core.bundled import default_briefing

    briefing = load_briefing(default_briefing())
    texts = [event.summary for event in briefing.events]
    texts += [quote.text for quote in briefing.quotes]
    texts.append("Any rare permanent magnet needs to have… either dysprosium or terbium " * 3)
    texts.append("It needs to have... either dysprosium or terbium, said the maker. " * 3)
    checked = 0
    for text in texts:
        if len(text) <= width:
            continue
        for word in re.finditer(r"\w{3,}", text):
            spans = ((word.start(), word.end()),)
            excerpt, shifted = Hit("event", "x", "x", "summary", text, spans, 1.0).excerpt(width)
            assert len(excerpt) <= width
            assert [excerpt[a:b] for a, b in shifted] == [word.group()], excerpt
            _cut_at_words(text, excerpt, word.start() - shifted[0][0])
            checked += 1
    assert checked > 100
