"""Options that take an id suggest the one meant, by its parts and names as well as spelling."""

from __future__ import annotations

import pytest

from briefing.cli import main
from briefing.core.bundled import default_briefing
from briefing.core.export.subject import UnknownSubject, resolve_subject
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.core.suggest import closest


@pytest.fixture(scope="module")
def bundled() -> Briefing:
    return load_briefing(default_briefing())


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        pytest.param("trup", "donald-trump", id="part-of-the-id"),
        pytest.param("donald-trum", "donald-trump", id="whole-id-misspelt"),
        pytest.param("bessnt", "scott-bessent", id="word-of-the-name"),
        pytest.param("Dysprosum", "Dy", id="element-name"),
        pytest.param("galium", "Ga", id="element-name-short"),
    ],
)
def test_about_suggests_the_id_meant(bundled: Briefing, typed: str, meant: str) -> None:
    with pytest.raises(UnknownSubject) as caught:
        resolve_subject(bundled, typed)
    assert str(caught.value).endswith(f"did you mean {meant!r}?")


def test_export_about_says_the_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["export", "--about", "trup", "-o", "-", str(default_briefing())])
    assert status == 2
    error = capsys.readouterr().err
    assert error.startswith("briefing export: --about 'trup' is not")
    assert "did you mean 'donald-trump'?" in error


def test_nothing_like_any_id_gets_no_suggestion(bundled: Briefing) -> None:
    with pytest.raises(UnknownSubject) as caught:
        resolve_subject(bundled, "zzzz")
    assert "did you mean" not in str(caught.value)


def test_an_id_naming_a_briefing_is_found_by_its_title() -> None:
    briefings = {
        "rare-earths-2025": ["Rare earths in the 2025 trade war"],
        "lithium-2024": ["Lithium supply"],
    }
    assert closest("rare-earth", briefings) == "rare-earths-2025"
    assert closest("tradewar", briefings) == "rare-earths-2025"
    assert closest("Lithum", briefings) == "lithium-2024"
    assert closest("copper", briefings) is None


def test_case_and_width_are_set_aside() -> None:
    assert closest("ＴＲＵＭＰ", {"donald-trump": ["Donald Trump"], "xi": ["Xi Jinping"]}) == (
        "donald-trump"
    )


def test_a_whole_id_beats_a_part_of_another_at_the_same_score() -> None:
    choices = {"gallium-2023": [], "gallium": []}
    assert closest("galium", choices) == "gallium"
