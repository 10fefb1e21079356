"""``briefing export --since OLD``: a one-page brief of what is new, refused over SSH."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from diff_support import MINI, Data, changed, next_version

from briefing.cli import main
from briefing.core import validation
from briefing.core.diff import whats_new
from briefing.core.export import PAGE_BUDGET, build_brief
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.serve.policy import Refused, parse_command


@pytest.fixture(scope="module")
def mini() -> Briefing:
    return load_briefing(MINI)


def test_only_what_is_new_or_changed_is_key(mini: Briefing) -> None:
    cut = whats_new(mini, changed(mini, next_version))
    assert [event.id for event in cut.events if event.key] == ["december-talks"]
    assert len(cut.events) == len(mini.events) + 1  # references still resolve
    assert [quote.id for quote in cut.quotes if quote.key] == ["minister-talks"]
    assert not any(actor.key for actor in cut.actors)
    assert not any(figure.key for figure in cut.figures)
    assert [point.text for point in cut.key_points] == ["Talks resumed in December."]
    assert [element.symbol for element in cut.elements] == ["Sm"]
    assert cut.subtitle == "What's new since 10 Nov 2025: 3 new, 1 changed, 1 removed"


def test_the_brief_of_what_is_new_shows_it_within_the_page_budget(mini: Briefing) -> None:
    brief = build_brief(whats_new(mini, changed(mini, next_version)))
    markdown = brief.markdown
    assert brief.fits and brief.budget == PAGE_BUDGET
    assert "What's new since 10 Nov 2025" in markdown
    assert "Talks in December" in markdown and "Talks were very constructive." in markdown
    assert "Talks resumed in December." in markdown
    # Key items of the briefing that did not change stay out.
    for unchanged in ("Licences required for Dy and Tb", "The Middle East has oil", "Share of"):
        assert unchanged not in markdown
    assert "Dysprosium" not in markdown and "Samarium" in markdown


def test_nothing_new_gives_a_brief_that_says_so(mini: Briefing) -> None:
    markdown = build_brief(whats_new(mini, load_briefing(MINI))).markdown
    assert "What's new since 10 Nov 2025: 0 new, 0 changed, 0 removed" in markdown
    assert "**Timeline**" not in markdown and "**Key points**" not in markdown


def test_a_big_change_is_cut_to_one_page(mini: Briefing) -> None:
    from briefing.devtools.synthetic import synthetic_briefing

    old = synthetic_briefing(mini, 10)

    def everything_new(data: Data) -> None:
        for event in data["events"]:
            event["title"] += " (revised)"

    brief = build_brief(whats_new(old, changed(old, everything_new)))
    assert brief.fits and brief.dropped


# --- the command ---------------------------------------------------------------------------


@pytest.fixture
def versions(tmp_path: Path, mini: Briefing) -> tuple[Path, Path]:
    old = tmp_path / "old.yaml"
    old.write_text(MINI.read_text())
    new = tmp_path / "new.yaml"
    data = validation.to_data(changed(mini, next_version))
    new.write_text(yaml.safe_dump(data, sort_keys=False))
    return old, new


def test_export_since_writes_the_brief_of_what_is_new(
    versions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = versions
    assert main(["export", "--since", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Mini briefing\n\nWhat's new since 10 Nov 2025: 3 new, 1 changed")
    assert "Talks in December" in out


def test_export_since_an_invalid_or_missing_old_version(
    versions: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = versions
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINI.read_text().replace("as_of: 2025-11-10", "as_of: 2025-13-10"))
    assert main(["validate", str(broken)]) == 1
    expected = capsys.readouterr().err
    # An invalid briefing: 1, with validate's messages, as for the briefing itself.
    assert main(["export", "--since", str(broken), str(new)]) == 1
    captured = capsys.readouterr()
    assert captured.err == expected and captured.out == ""
    # A path that cannot be read: 2.
    assert main(["export", "--since", str(tmp_path / "gone.yaml"), str(new)]) == 2
    assert "gone.yaml: no such file" in capsys.readouterr().err
    assert main(["export", "--since", str(tmp_path), str(new)]) == 2
    assert main(["export", "--since", str(old), "--about", "Dy", str(new)]) == 2
    assert "cannot be used together" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command", ["export --since old.yaml", "export --since=old.yaml", "export --about Dy --since x"]
)
def test_since_is_refused_over_ssh_with_a_one_line_reason(command: str) -> None:
    with pytest.raises(Refused) as refused:
        parse_command(command)
    reason = str(refused.value)
    assert reason.startswith("--since ") and "\n" not in reason and "file" in reason
