"""The bundled briefing: it loads, its quotations are verbatim, its numbers match the articles."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest

from briefing.core.bundled import default_briefing
from briefing.core.dates import PartialDate
from briefing.core.grid import ControlStatus, statuses_on
from briefing.core.involves import Kind, Subject, involving
from briefing.core.loader import load_briefing
from briefing.core.model import Actor, Briefing
from briefing.core.periodic import BY_SYMBOL, RARE_EARTHS

# The articles the briefing was curated from sit beside the checkout, not inside it;
# BRIEFING_ARTICLES names another folder (a checkout kept elsewhere).
ARTICLES = Path(
    os.environ.get("BRIEFING_ARTICLES")
    or Path(__file__).resolve().parents[2] / "shared" / "articles"
)

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u00a0": " ",
    }
)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_TYPOGRAPHY)).strip()


@cache
def bundled() -> Briefing:
    return load_briefing(default_briefing())


def require_articles() -> None:
    if not ARTICLES.is_dir():
        pytest.skip(f"../shared/articles is absent: the source articles are not at {ARTICLES}")


@cache
def article_text(name: str) -> str:
    return normalise((ARTICLES / name).read_text(encoding="utf-8"))


def test_bundled_briefing_loads() -> None:
    briefing = bundled()
    assert briefing.id == "rare-earths-2025"
    assert briefing.as_of.isoformat() == "2025-10-15"


@pytest.mark.parametrize("quote_id", [quote.id for quote in bundled().quotes])
def test_quote_is_verbatim_in_its_article(quote_id: str) -> None:
    require_articles()
    briefing = bundled()
    quote = next(quote for quote in briefing.quotes if quote.id == quote_id)
    source = briefing.source(quote.source)
    assert source is not None and source.article is not None
    # Punctuation at the ends may be kept or dropped; the interior must match exactly.
    words = normalise(quote.text).strip(" .,;:")
    assert words in article_text(source.article), f"quote {quote_id!r} is not in {source.article}"


def test_every_source_names_an_existing_article() -> None:
    require_articles()
    for source in bundled().sources:
        assert source.article, f"source {source.id!r} names no article"
        assert (ARTICLES / source.article).is_file(), f"{source.article} does not exist"


def test_every_article_is_a_source() -> None:
    require_articles()
    cited = {source.article for source in bundled().sources}
    assert cited == {path.name for path in ARTICLES.glob("*.txt")}


def test_enough_quotes_and_everything_cites_a_source() -> None:
    briefing = bundled()
    assert len(briefing.quotes) >= 30
    assert all(event.sources for event in briefing.events)
    assert all(quote.source for quote in briefing.quotes)
    assert all(figure.source for figure in briefing.figures)
    assert all(point.sources for point in briefing.key_points)


def test_ids_of_quotes_are_unique() -> None:
    ids = [quote.id for quote in bundled().quotes]
    assert len(ids) == len(set(ids))


def test_all_seventeen_rare_earths_have_a_light_or_heavy_category() -> None:
    briefing = bundled()
    categories = {element.symbol: element.category for element in briefing.elements}
    assert len(RARE_EARTHS) == 17
    for symbol in RARE_EARTHS:
        assert categories.get(symbol) in ("light-rare-earth", "heavy-rare-earth"), symbol
    assert categories["Y"] == "heavy-rare-earth"


def rare_earths_controlled_on(day: str) -> set[str]:
    return {
        element.symbol
        for element in bundled().controlled_on(PartialDate.parse(day))
        if element.symbol in RARE_EARTHS
    }


def test_april_2025_controls_cover_seven_rare_earths() -> None:
    # Guancha (13 May 2025) names the seven put under licence on 4 April 2025.
    assert rare_earths_controlled_on("2025-04-04") == {"Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"}
    assert rare_earths_controlled_on("2025-04-03") == set()


def rare_earths_due_by(day: str) -> set[str]:
    """The rare earths with a control starting on or before ``day``, confirmed or not."""
    on = PartialDate.parse(day)
    return {
        element.symbol
        for element in bundled().elements
        if element.symbol in RARE_EARTHS and any(c.since <= on for c in element.controls)
    }


def test_twelve_rare_earths_due_under_control_from_8_november_2025() -> None:
    # NZ Herald (15 October 2025): "From November 8, 12 out of 17 rare earths will be subject
    # to export controls". None of the articles reports a later suspension.
    assert len(rare_earths_due_by("2025-11-08")) == 12
    assert len(rare_earths_due_by("2025-11-07")) == 7


def test_controls_due_after_the_briefing_are_to_come_on_every_date() -> None:
    # The newest article is from 15 October 2025: it cannot confirm that the 8 November
    # controls took effect, so they stay "to come" after that date too.
    briefing = bundled()
    added = {"Ho", "Er", "Tm", "Eu", "Yb"}
    assert rare_earths_due_by("2025-11-08") - rare_earths_due_by("2025-11-07") == added
    for day in ("2025-10-15", "2025-11-08", "2025-12-01", "2026"):
        assert len(rare_earths_controlled_on(day)) == 7, day
        statuses = statuses_on(briefing, PartialDate.parse(day))
        for symbol in (*added, "Li"):
            assert statuses[symbol] is ControlStatus.SCHEDULED, (symbol, day)
        assert statuses["Dy"] is ControlStatus.IN_FORCE


def test_controlled_counts_including_other_critical_materials() -> None:
    # Gallium, germanium and graphite (C) have been under licence since 2023 (The Sun);
    # lithium stands for the lithium batteries due to be restricted from 8 November 2025
    # (NZ Herald), which the sources cannot confirm, so it is never counted.
    briefing = bundled()
    on_april_4 = {
        element.symbol for element in briefing.controlled_on(PartialDate.parse("2025-04-04"))
    }
    assert on_april_4 - set(RARE_EARTHS) == {"Ga", "Ge", "C"}
    assert len(on_april_4) == 10
    assert len(briefing.controlled_on(PartialDate.parse("2025-11-08"))) == 10
    assert sum(bool(element.controls) for element in briefing.elements) == 16


def test_controls_after_the_briefing_are_worded_as_scheduled() -> None:
    briefing = bundled()
    for element in briefing.elements:
        for control in element.controls:
            if control.starts_after(briefing.as_of_date):
                assert "scheduled" in control.measure, element.symbol


def test_every_control_names_the_event_that_introduced_it() -> None:
    briefing = bundled()
    for element in briefing.elements:
        for control in element.controls:
            assert control.event is not None, element.symbol
            event = briefing.event(control.event)
            assert event is not None
            assert element.symbol in event.elements, (element.symbol, event.id)


def test_summary_is_short() -> None:
    assert len(bundled().summary.split()) <= 80


def test_events_span_1992_to_2025() -> None:
    events = bundled().events_in_order()
    assert events[0].date.year == 1992
    assert events[-1].date.year == 2025
    # Enough key events to tell the story's turns, few enough for the one-page brief.
    assert 5 <= sum(event.key for event in events) <= 8


# Runs of this many words shared with an article mean a summary copies the article.
COPIED_RUN = 7

# Job titles and full names are given as the articles give them; they are names, not summaries.
_AS_GIVEN = (
    "Non-resident senior fellow at the Atlantic Council",
    "Analyst at the Mercator Institute for China Studies",
    "Center for Strategic and International Studies (CSIS)",
)


def _words(text: str) -> list[str]:
    # "U.S." and "US" are one word, so a copy cannot hide behind the dots.
    text = re.sub(r"\bU\.S\.", "US", normalise(text))
    return re.findall(r"[a-z0-9%$]+(?:'[a-z]+)?", text.lower())


def _unquoted(text: str) -> str:
    # A phrase in double quotes is the article's own wording, cited as such.
    return re.sub(r'"[^"]*"', " / ", normalise(text))


def _own_words(briefing: Briefing) -> list[tuple[str, str]]:
    """Every text the curators wrote themselves, with where it is."""
    texts = [("title", briefing.title), ("summary", briefing.summary)]
    texts.append(("subtitle", briefing.subtitle or ""))
    texts += [(f"key point {n}", point.text) for n, point in enumerate(briefing.key_points)]
    texts += [(f"source {item.id} note", item.note or "") for item in briefing.sources]
    for event in briefing.events:
        texts += [
            (f"event {event.id} {name}", getattr(event, name) or "")
            for name in ("title", "summary", "note")
        ]
    for element in briefing.elements:
        texts.append((f"element {element.symbol} note", element.note or ""))
        texts += [(f"element {element.symbol} use", use) for use in element.uses]
        texts += [(f"element {element.symbol} control", c.measure) for c in element.controls]
    for actor in briefing.actors:
        texts += [
            (f"actor {actor.id} name", actor.name),
            (f"actor {actor.id} role", actor.role or ""),
        ]
    texts += [(f"quote {quote.id} context", quote.context or "") for quote in briefing.quotes]
    texts += [(f"figure {figure.id} label", figure.label) for figure in briefing.figures]
    return [(where, text) for where, text in texts if text and text not in _AS_GIVEN]


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[n : n + COPIED_RUN]) for n in range(len(words) - COPIED_RUN + 1)}


def test_no_summary_copies_seven_words_of_an_article() -> None:
    require_articles()
    article_runs: set[tuple[str, ...]] = set()
    for path in ARTICLES.glob("*.txt"):
        article_runs |= _runs(_words(article_text(path.name)))
    copied = [
        (where, " ".join(run))
        for where, text in _own_words(bundled())
        for part in _unquoted(text).split(" / ")
        for run in sorted(_runs(_words(part)) & article_runs)
    ]
    assert copied == []


def test_phrases_in_quotation_marks_are_the_articles_words() -> None:
    # The copy checks skip quoted phrases, so each must really be an article's wording.
    require_articles()
    articles = " ".join(article_text(path.name) for path in ARTICLES.glob("*.txt")).lower()
    misquoted = [
        (where, phrase)
        for where, text in _own_words(bundled())
        for phrase in re.findall(r'"([^"]*)"', normalise(text))
        if phrase.strip(" .,;:").lower() not in articles
    ]
    assert misquoted == []


def test_the_copy_check_finds_a_copied_run() -> None:
    require_articles()
    sentence = "the era when America could block China's access to semiconductors"
    assert _runs(_words(sentence)) & _runs(_words(article_text("000_a646c2e09f6542e7.txt")))
    assert not _runs(_words(_unquoted(f'He said "{sentence}".')))


# A near-copy is a run of NEAR_RUN article words that our text repeats with at most NEAR_EDITS
# word edits (a word added, dropped or changed): the article's sentence lightly edited.
NEAR_RUN = 8
NEAR_EDITS = 2
# With at most two edits, one of these three slices of an article run is left whole, so our
# text is compared only with the article runs that share one of its slices word for word.
_SLICES = ((0, 3), (3, 6), (6, 8))
# ...and at least NEAR_RUN - NEAR_EDITS of the run's words are still in our text.
_KEPT = NEAR_RUN - NEAR_EDITS


@cache
def _article_runs_by_slice() -> dict[tuple[str, ...], set[tuple[str, ...]]]:
    by_slice: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for path in ARTICLES.glob("*.txt"):
        words = _words(article_text(path.name))
        for n in range(len(words) - NEAR_RUN + 1):
            run = tuple(words[n : n + NEAR_RUN])
            for start, end in _SLICES:
                by_slice.setdefault(run[start:end], set()).add(run)
    return by_slice


def _edit_distance(ours: Sequence[str], theirs: Sequence[str]) -> int:
    """Word edits (one word added, dropped or changed each) that turn ``theirs`` into ``ours``."""
    previous = list(range(len(theirs) + 1))
    for i, word in enumerate(ours, start=1):
        current = [i]
        for j, other in enumerate(theirs, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (word != other))
            )
        previous = current
    return previous[-1]


def _stretches_close_to(run: tuple[str, ...], words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each stretch ``words[start:end]`` a near-copy of ``run``.

    The stretch must begin with the run's first word and end with its last, so the edits lie
    inside the run: six article words in a row with nothing around them are not flagged here
    (the seven-word check covers shared runs that are merely shorter).
    """
    first, last = run[0], run[-1]
    found = []
    for start, word in enumerate(words):
        if word != first:
            continue
        for end in range(start + NEAR_RUN - NEAR_EDITS, start + NEAR_RUN + NEAR_EDITS + 1):
            if (
                end <= len(words)
                and words[end - 1] == last
                and _edit_distance(words[start + 1 : end - 1], run[1:-1]) <= NEAR_EDITS
            ):
                found.append((start, end))
    return found


def _near_copies(text: str) -> list[tuple[str, str]]:
    """(our stretch, the article's run) for each article run ``text`` repeats with few edits.

    Phrases in double quotes are left out: they are the article's words, cited as such.
    """
    by_slice = _article_runs_by_slice()
    found = []
    for part in _unquoted(text).split(" / "):
        words = _words(part)
        present = set(words)
        candidates: set[tuple[str, ...]] = set()
        for size in {end - start for start, end in _SLICES}:
            for n in range(len(words) - size + 1):
                candidates |= by_slice.get(tuple(words[n : n + size]), set())
        for run in sorted(candidates):
            if sum(word in present for word in run) < _KEPT:
                continue
            found += [
                (" ".join(words[start:end]), " ".join(run))
                for start, end in _stretches_close_to(run, words)
            ]
    return found


def test_no_summary_is_a_lightly_edited_article_sentence() -> None:
    require_articles()
    near = [
        (where, ours, theirs)
        for where, text in _own_words(bundled())
        for ours, theirs in _near_copies(text)
    ]
    assert near == []


# Near-copies that were once in the briefing, each with the article words it followed.
_OLD_NEAR_COPIES = {
    # NZ Herald: "it has downplayed the impact of its policies and defended them as ...".
    "words swapped": "Beijing plays down the impact of its rules and presents them as lawful.",
    # The Sun: "put sweeping curbs on sales of advanced semiconductor chips and tools to China".
    "us-chip-curbs-2022 title": (
        "US restricts sales of advanced chips and chipmaking tools to China"
    ),
    # Zaobao: "China has 39 universities offering rare earth chemistry programmes, while the US
    # has no similar programmes".
    "rare-earth-programmes label": (
        "Chinese universities with rare earth chemistry programmes (the US has none)"
    ),
    # Zaobao: "11 Chinese national ministries and officials from seven provinces held a meeting".
    "anti-smuggling-ministries label": (
        "Chinese national ministries that, with officials from seven provinces, pledged to"
        " police mineral exports"
    ),
    "chinese-ministries-meeting name": (
        "Eleven Chinese ministries and officials from seven provinces"
    ),
    # NZ Herald: "lashed out at Pakistan, a close partner of Beijing, for processing rare earths
    # on behalf of Missouri-based US Strategic Metals".
    "pakistan role": (
        "Close partner of Beijing criticised for processing rare earths for a US company"
    ),
    # Guancha: "the Chinese do not want to cut ties with the U.S., but they want to use this to
    # pressure the U.S.".
    "joerg-wuttke role": (
        "Partner at DGA-Albright Stonebridge Group and China trade expert; says China wants to"
        " pressure the US without cutting ties"
    ),
    # The Sun: "Fears that China could weaponise its global supply chain strength first emerged".
    "japan-shipments-halted summary": (
        "The episode first raised fears that China could use its supply chain as a weapon."
    ),
    # NZ Herald: "relaxation of US chip controls", one of its top demands in trade negotiations".
    "khawaja-chip-controls context": (
        "Of China's October controls; easing US chip controls is one of Beijing's top demands."
    ),
}


@pytest.mark.parametrize("where", sorted(_OLD_NEAR_COPIES))
def test_the_near_copy_check_finds_old_near_copies(where: str) -> None:
    require_articles()
    assert _near_copies(_OLD_NEAR_COPIES[where]), where


def test_the_near_copy_check_counts_added_dropped_and_changed_words() -> None:
    require_articles()
    # The Sun: "Several European auto suppliers shut down production lines this week after
    # running out of supplies."
    base = "Several European auto suppliers shut down production lines this week after running"
    assert _near_copies(base)
    added = "Several big European auto suppliers shut down their production lines this week"
    dropped = "Several auto suppliers shut down production this week after running out"
    changed = "Several European car suppliers shut down factory lines this week after running"
    for text in (added, dropped, changed):
        assert _near_copies(text), text
    three_edits = "Several European parts makers shut down factory lines this week after"
    assert not _near_copies(three_edits)
    assert not _near_copies(f'It said "{base}"')


def _texts_naming_things(briefing: Briefing) -> list[tuple[str, str, tuple[str, ...]]]:
    """(where, text, elements listed) for every quote, figure and key point."""
    items = [
        (f"quote {quote.id}", f"{quote.text} {quote.context or ''}", tuple(quote.elements))
        for quote in briefing.quotes
    ]
    items += [
        (f"figure {figure.id}", figure.label, tuple(figure.elements)) for figure in briefing.figures
    ]
    items += [
        (f"key point {n}", point.text, tuple(point.elements))
        for n, point in enumerate(briefing.key_points)
    ]
    return items


def test_quotes_figures_and_key_points_list_the_elements_they_name() -> None:
    # The reader's element filter and `export --about` follow these lists, never the text,
    # so an item that names an element must list it.
    briefing = bundled()
    missing = [
        (where, element.symbol)
        for where, text, listed in _texts_naming_things(briefing)
        for element in briefing.elements
        if re.search(rf"(?i)\b{BY_SYMBOL[element.symbol].name}\b", text)
        and element.symbol not in listed
    ]
    assert missing == []


def test_what_involves_dysprosium_in_the_bundled_briefing() -> None:
    briefing = bundled()
    dysprosium = involving(briefing, Subject(Kind.ELEMENT, "Dy"))
    assert {"smith-dysprosium-terbium", "smith-one-producer", "industry-breakthrough"} <= set(
        dysprosium.quotes
    )
    assert {"dysprosium-purity", "april-controlled"} <= set(dysprosium.figures)
    assert "april-controls" in dysprosium.events
    # Holmium comes under control only from 8 November: nothing of April involves it. Its name
    # is background, given in the notes of the events that add it; the NZ Herald figure of
    # "12 out of 17" names no rare earth, so it lists none.
    holmium = involving(briefing, Subject(Kind.ELEMENT, "Ho"))
    assert "april-controlled" not in holmium.figures
    assert {"october-rules", "november-controls-start"} <= set(holmium.events)
    assert holmium.figures == ()


def test_the_figure_on_japanese_suppliers_names_who_reported_it() -> None:
    lobbyist = involving(bundled(), Subject(Kind.ACTOR, "japanese-suppliers-lobbyist"))
    assert lobbyist.figures == ("japanese-suppliers",)


# Other names the articles and the briefing use for an actor, beside the actor's own name.
# A Western person is also named by surname alone; Chinese names put the surname first.
_ALIASES: dict[str, tuple[str, ...]] = {
    "china": ("China", "Chinese"),
    "united-states": ("United States", "US", "America", "American"),
    "us-treasury": ("Treasury",),
    "european-union": ("EU",),
    "mofcom": ("Commerce Ministry",),
    "china-mfa": ("Foreign Ministry", "Foreign Affairs Ministry"),
    "ford": ("Ford",),
    "suzuki": ("Suzuki",),
    "xi-jinping": ("Xi",),
    "deng-xiaoping": ("Deng",),
    "zhu-junwei": ("Zhu",),
    "han-yong-hong": ("Han",),
    # A publication named as the one making a claim ("Zaobao says") is an actor of that item.
    "lianhe-zaobao": ("Zaobao",),
    "guancha": ("Guancha",),
}
# "Beijing" and "Washington" name the country, as the articles use them; listing only its
# government would hide the item from a reader filtering on the country.
_STATES = {
    "Beijing": "china",
    "Washington": "united-states",
}


def _names_of(actor: Actor) -> list[str]:
    names = [actor.name, *_ALIASES.get(actor.id, ())]
    words = actor.name.split()
    proper = len(words) > 1 and all(word[0].isupper() for word in words)
    if actor.kind == "person" and proper and actor.id not in _ALIASES:
        names.append(words[-1])
    return names


def _find(text: str, name: str) -> list[tuple[int, int]]:
    # A name counts as a whole word: "US" is not found in "USA" or "US-based".
    pattern = rf"(?<![\w.-]){re.escape(name)}(?![\w-]|\.\w)"
    return [match.span() for match in re.finditer(pattern, text)]


def _actors_named(briefing: Briefing, text: str) -> set[str]:
    """The ids of the actors ``text`` names, longest names first.

    A name inside a longer one ("US" in "US Geological Survey") names only the longer one.
    """
    text = normalise(text).replace("U.S.", "US")
    # "the Trump-Xi call" names both men; "US-based" or "DGA-Albright" is one word.
    text = re.sub(r"(?<=[a-z])-(?=[A-Z])", " and ", text)
    names = sorted(
        ((name, actor.id) for actor in briefing.actors for name in _names_of(actor)),
        key=lambda pair: -len(pair[0]),
    )
    names += list(_STATES.items())
    named = set()
    for name, actor_id in names:
        spans = _find(text, name)
        if spans:
            named.add(actor_id)
            for start, end in spans:
                text = text[:start] + "#" * (end - start) + text[end:]
    return named


def _items_with_actors(briefing: Briefing) -> list[tuple[str, str, set[str]]]:
    """(where, text, actors listed) for every event, quote, figure and key point."""
    items = [(f"event {e.id}", f"{e.title} {e.summary}", set(e.actors)) for e in briefing.events]
    items += [
        (f"quote {q.id}", f"{q.text} {q.context or ''}", {*q.actors, q.speaker})
        for q in briefing.quotes
    ]
    items += [(f"figure {f.id}", f.label, set(f.actors)) for f in briefing.figures]
    items += [(f"key point {n}", p.text, set(p.actors)) for n, p in enumerate(briefing.key_points)]
    return items


def _unlisted_actors(briefing: Briefing) -> list[tuple[str, str]]:
    missing = []
    for where, text, listed in _items_with_actors(briefing):
        missing += [(where, named) for named in sorted(_actors_named(briefing, text) - listed)]
    return missing


def test_items_list_the_actors_their_words_name() -> None:
    # The reader's actor filter and `export --about` follow the lists, never the text, so an
    # item whose words name a country, a person or a body lists it (a quote's speaker counts).
    assert _unlisted_actors(bundled()) == []


def test_the_actor_check_reads_capitals_and_publications_as_actors() -> None:
    briefing = bundled()
    assert _actors_named(briefing, "Washington accused Beijing of stalling") == {
        "united-states",
        "china",
    }
    assert _actors_named(briefing, "Zaobao says; Guancha reports") == {"lianhe-zaobao", "guancha"}
    # The full name is one actor, not the paper and the short name twice.
    assert _actors_named(briefing, "Lianhe Zaobao ran it first") == {"lianhe-zaobao"}
    assert _actors_named(briefing, "after the Trump-Xi call") == {"donald-trump", "xi-jinping"}
    assert _actors_named(briefing, "Chinese goods") == {"china"}
    assert _actors_named(briefing, "a US-based firm") == set()


# The names by which items cite the five articles, for each source id.
_PUBLICATIONS: dict[str, tuple[str, ...]] = {
    "zaobao": ("Zaobao",),
    "guancha": ("Guancha",),
    "asia-financial": ("Asia Financial",),
    "the-sun": ("The Sun",),
    "nzherald": ("NZ Herald", "Herald"),
}


def _items_with_sources(briefing: Briefing) -> list[tuple[str, str, set[str]]]:
    """(where, all its words, sources listed) for every event, quote, figure and key point."""
    items = [
        (f"event {e.id}", f"{e.title} {e.summary} {e.note or ''}", set(e.sources))
        for e in briefing.events
    ]
    items += [(f"quote {q.id}", q.context or "", {q.source}) for q in briefing.quotes]
    items += [(f"figure {f.id}", f.label, {f.source}) for f in briefing.figures]
    items += [(f"key point {n}", p.text, set(p.sources)) for n, p in enumerate(briefing.key_points)]
    return items


def _unlisted_publications(briefing: Briefing) -> list[tuple[str, str]]:
    missing = []
    for where, text, listed in _items_with_sources(briefing):
        for source, names in _PUBLICATIONS.items():
            if source not in listed and any(_find(normalise(text), name) for name in names):
                missing.append((where, source))
    return missing


def test_items_cite_the_articles_they_name() -> None:
    # "Guancha had reported the same in May" is a claim from Guancha: an item whose words (its
    # note included) lean on an article must list it among its sources.
    briefing = bundled()
    assert set(_PUBLICATIONS) == {source.id for source in briefing.sources}
    assert _unlisted_publications(briefing) == []


# The articles call only the seven rare earths put under licence in April 2025 heavy ("seven
# categories of heavy rare earth-related items", Guancha; "the seven heavy rare earths", Asia
# Financial). Every other light or heavy category is the usual convention, not the articles'.
_HEAVY_IN_THE_ARTICLES = {"Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y"}
BACKGROUND = "Background, not from the articles"


def test_categories_the_articles_do_not_give_are_marked_as_background() -> None:
    unmarked = [
        element.symbol
        for element in bundled().elements
        if element.symbol in RARE_EARTHS
        and not (
            element.symbol in _HEAVY_IN_THE_ARTICLES and element.category == "heavy-rare-earth"
        )
        and not re.search(rf"{BACKGROUND}:[^.]*\b(light|heavy) rare earth", element.note or "")
    ]
    assert unmarked == []
