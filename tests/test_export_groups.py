"""Element groups on the brief are complete, or the section says it is a selection."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_export_page import SHAPES, load_shape

from briefing.core.bundled import default_briefing
from briefing.core.export import Budget, build_brief
from briefing.core.export.ranking import element_groups
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing
from briefing.core.periodic import BY_SYMBOL

MINI = Path(__file__).parent / "data" / "mini.yaml"


def check_groups(briefing: Briefing, markdown: str) -> tuple[str, int]:
    """(section title, rows) after checking that each row lists every element of its group.

    The section is a list under a heading, or a run-in paragraph after a bold label."""
    groups = {group.heading: group for group in element_groups(briefing, briefing.elements)}
    section = re.search(
        r"^## ((?:Selected e|E)lements on [^\n]+)\n\n((?:- [^\n]+\n)+)", markdown, re.M
    )
    run_in = re.search(r"^\*\*((?:Selected e|E)lements on [^*]+):\*\* ([^\n]+)$", markdown, re.M)
    if section is None and run_in is None:
        assert "lements on" not in markdown  # no section at all claims nothing
        return "", 0
    if section is not None:
        title = section[1]
        rows = [
            re.fullmatch(r"- \*\*(.+?):\*\* (.+?)(?: \[[\d, ]+\])?", row)
            for row in (section[2].splitlines())
        ]
    else:
        assert run_in is not None
        title = run_in[1]
        by_heading = {heading[0].lower() + heading[1:]: heading for heading in groups}
        rows = [
            re.fullmatch(r"(.+?): (.+?)(?: \[[\d, ]+\])?", row) for row in run_in[2].split("; ")
        ]
        groups = {lower: groups[heading] for lower, heading in by_heading.items()}
    for match in rows:
        assert match, markdown
        listed = match[2].split(", ")
        group = groups[match[1]]
        names = [BY_SYMBOL[e.symbol].name for e in group.elements]
        symbols = [e.symbol for e in group.elements]
        assert listed in (names, symbols), match[0]
    complete = len(rows) == len(groups)
    assert title.startswith("Elements on" if complete else "Selected elements on")
    return title, len(rows)


@pytest.mark.parametrize("shape", SHAPES)
def test_every_group_on_the_page_lists_all_its_elements(shape: str) -> None:
    briefing = load_shape(shape)
    check_groups(briefing, build_brief(briefing).markdown)


def test_the_bundled_brief_lists_whole_groups_and_says_when_some_are_left_out() -> None:
    briefing = load_briefing(default_briefing())
    brief = build_brief(briefing)
    title, rows = check_groups(briefing, brief.markdown)
    # Gallium, germanium and graphite are controlled on the as-of date: either they are
    # listed, or the title does not claim the list is complete.
    if title and not all(symbol in brief.markdown for symbol in ("Ga", "Ge")):
        assert title.startswith("Selected elements")
        assert any("(Ga, Ge, C)" in item.title for item in brief.dropped)


def test_groups_are_listed_by_symbol_before_any_is_left_out() -> None:
    mini = load_briefing(MINI)
    roomy = build_brief(mini, budget=Budget(10**6, 10**6, 100))
    assert roomy.shortened == () and "Dysprosium, Terbium" in roomy.markdown
    for lines in range(roomy.usage.lines - 1, roomy.usage.lines - 6, -1):
        brief = build_brief(mini, budget=Budget(10**6, lines, 100))
        if any(item.kind == "element group" for item in brief.dropped):
            break
        check_groups(mini, brief.markdown)
    # Before the first group went, every group had been shortened to symbols.
    tighter = build_brief(mini, budget=Budget(10**6, lines + 1, 100))
    assert tighter.shortened or not any(g.kind == "element group" for g in tighter.dropped)


def test_each_row_is_measured_once_and_the_brief_rendered_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from briefing.core.export import choosing, render, tally
    from briefing.devtools.bench_export import write_key_items_briefing

    briefing = load_briefing(write_key_items_briefing(200, tmp_path))
    counts = {"assemble": 0, "row_line": 0}
    real_assemble, real_row_line = choosing.assemble, render.row_line

    def assemble(*args: object, **kwargs: object) -> object:
        counts["assemble"] += 1
        return real_assemble(*args, **kwargs)  # type: ignore[arg-type]

    def row_line(*args: object, **kwargs: object) -> object:
        counts["row_line"] += 1
        return real_row_line(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(choosing, "assemble", assemble)
    monkeypatch.setattr(tally, "row_line", row_line)
    monkeypatch.setattr(render, "row_line", row_line)
    brief = build_brief(briefing)
    assert brief.fits and len(brief.dropped) > 500
    # 200 items in each of five sections: each measured once (element groups twice, by
    # name and by symbol), then the few that fit rendered once more.
    candidates = 200 * 3 + 2 + 6 + 2 * len(element_groups(briefing, briefing.elements))
    assert counts["assemble"] == 1
    assert counts["row_line"] <= candidates + 40
