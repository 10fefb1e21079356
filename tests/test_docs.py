"""The README and the reference in docs/ stay true: their example briefings are valid, and
every link between them leads to a file, and a heading, that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from briefing.core.loader import load_bytes

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _fences(page: Path, language: str) -> list[str]:
    tokens = MarkdownIt().parse(page.read_text(encoding="utf-8"))
    return [t.content for t in tokens if t.type == "fence" and t.info.strip() == language]


def _anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _headings(page: Path) -> set[str]:
    tokens = MarkdownIt().parse(page.read_text(encoding="utf-8"))
    return {
        _anchor(tokens[index + 1].content)
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    }


def _links(page: Path) -> list[str]:
    found: list[str] = []

    def walk(tokens: list) -> None:  # type: ignore[type-arg]
        for token in tokens:
            if token.type == "link_open":
                found.append(str(token.attrs.get("href", "")))
            if token.children:
                walk(token.children)

    walk(MarkdownIt().parse(page.read_text(encoding="utf-8")))
    return found


def test_the_reference_pages_exist() -> None:
    names = {page.name for page in PAGES}
    assert {"README.md", "format.md", "serving.md", "performance.md", "development.md"} <= names


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_example_briefing_is_valid(page: Path) -> None:
    for text in _fences(page, "yaml"):
        if text.lstrip().startswith(("# yaml-language-server", "format:")):
            load_bytes(text.encode("utf-8"), page.name)  # raises when invalid


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_local_link_leads_somewhere(page: Path) -> None:
    broken = []
    for href in _links(page):
        if re.match(r"[a-z]+:", href):
            continue  # a web address
        path_part, _, anchor = href.partition("#")
        target = (page.parent / path_part).resolve() if path_part else page
        names_a_heading = target.suffix == ".md" and bool(anchor)
        if not target.exists() or (names_a_heading and anchor not in _headings(target)):
            broken.append(href)
    assert broken == []
