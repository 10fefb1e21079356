"""The brief is lint-clean Markdown: pymarkdownlnt, with the repository's configuration."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_export import HOSTILE_YAML

from briefing.core.bundled import default_briefing
from briefing.core.export import Budget, build_brief
from briefing.core.loader import load_briefing, load_bytes
from briefing.core.model import Briefing

REPOSITORY = Path(__file__).parent.parent
CONFIG = REPOSITORY / ".pymarkdown.json"
MINI = Path(__file__).parent / "data" / "mini.yaml"


def lint(markdown: str, tmp_path: Path) -> str:
    """pymarkdownlnt's findings on ``markdown``, one per line ("" when clean)."""
    path = tmp_path / "brief.md"
    path.write_text(markdown, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pymarkdown", "--config", str(CONFIG), "scan", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: findings; anything else: failed
    return result.stdout + result.stderr


def bundled() -> Briefing:
    return load_briefing(default_briefing())


@pytest.mark.parametrize(
    ("name", "about"),
    [("bundled", None), ("bundled", "Dy"), ("bundled", "trump"), ("mini", None), ("hostile", None)],
)
def test_the_brief_passes_the_linter(name: str, about: str | None, tmp_path: Path) -> None:
    if name == "bundled":
        briefing = bundled()
    elif name == "mini":
        briefing = load_briefing(MINI)
    else:
        briefing = load_bytes(HOSTILE_YAML.encode(), "hostile.yaml")
    assert lint(build_brief(briefing, about=about).markdown, tmp_path) == ""


def test_the_linter_does_find_what_the_brief_avoids(tmp_path: Path) -> None:
    # Bold labels for headings and a separator row without spaces, as the brief once had.
    findings = lint(
        "# Title\n\n**Key points**\n\n- one\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", tmp_path
    )
    assert "MD036" in findings


def test_sections_are_headings_in_the_outline() -> None:
    markdown = build_brief(bundled()).markdown
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert headings[0].startswith("# ") and headings[-1] == "## Sources"
    assert "## Key points" in headings and "## Timeline" in headings
    assert all(line.startswith("## ") for line in headings[1:])


def test_the_table_separator_has_spaces_around_its_pipes() -> None:
    # Roomy: on the page the figures may be a run-in paragraph instead.
    markdown = build_brief(load_briefing(MINI), budget=Budget(10**6, 10**6, 6)).markdown
    rules = [line for line in markdown.splitlines() if set(line) <= set("|- ") and "-" in line]
    assert rules and all(rule.startswith("| --- |") and rule.endswith(" |") for rule in rules)
