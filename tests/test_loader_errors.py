"""Each mistake is reported once, in our words, at the line the writer has to change."""

from __future__ import annotations

import pytest
from test_loader import VALID, only_problem, problems_of, replace_line

from briefing.core import checks
from briefing.core.loader import check_bytes, load_bytes
from briefing.core.model import Briefing
from briefing.core.problems import Problem

NO_COLON = ("    kind: agency", "    kind agency")
"""A mistake far below the summary: the parser notices it on the line after (31)."""


@pytest.mark.parametrize(
    "summary",
    [
        pytest.param('summary: Pipes of 12" bore were laid', id="quote-in-plain-text"),
        pytest.param('summary: NO # the 12" pipes', id="quote-in-a-comment"),
        pytest.param('summary: "a \\" quote, escaped"', id="escaped-quote"),
        pytest.param("summary: 'it''s \" here'", id="quote-in-single-quotes"),
    ],
)
def test_a_double_quote_that_opens_nothing_is_not_blamed(summary: str) -> None:
    text = replace_line("summary: NO", summary).replace(*NO_COLON)
    problem = only_problem(text)
    assert (problem.line, problem.column) == (30, 5), problem
    assert "':'" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "line", "column"),
    [
        pytest.param("summary: NO", 'summary: "NO', 5, 10, id="runs-on-for-lines"),
        pytest.param("  - id: q1", '  - id: "q1', 32, 9, id="closed-by-the-next-line"),
    ],
)
def test_a_quote_left_open_is_blamed_where_it_opens(
    old: str, new: str, line: int, column: int
) -> None:
    problem = only_problem(replace_line(old, new))
    assert (problem.line, problem.column) == (line, column), problem
    assert problem.hint is not None and '"' in problem.hint


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "expected"),
    [
        pytest.param(
            "    title: Controls", "   title: Controls", 14, 4, "4 spaces", id="key-3-spaces"
        ),
        pytest.param(
            "    title: Controls", "     title: Controls", 14, 6, "4 spaces", id="key-5-spaces"
        ),
        pytest.param(
            "    sources: [s1]", "  sources: [s1]", 16, 3, "4 spaces", id="sources-moved-left"
        ),
        pytest.param(
            "    sources: [s1]",
            "sources: [s1]",
            16,
            1,
            "4 spaces",
            id="sources-moved-to-column-1",
        ),
        pytest.param(
            "      - since: 2025-04-04",
            "- since: 2025-04-04",
            24,
            1,
            "2 spaces",
            id="nested-item-moved-to-column-1",
        ),
        pytest.param(
            "    kind: agency",
            "    kind: agency\n- id: other\n  name: B\n  kind: agency",
            31,
            1,
            "2 spaces",
            id="item-moved-to-column-1",
        ),
        pytest.param(
            "    kind: agency",
            "    kind: agency\n  - id: other\n   name: B\n    kind: agency",
            32,
            4,
            "4 spaces",
            id="first-key-of-second-item-3-spaces",
        ),
        pytest.param(
            "  - id: agency\n    name",
            "   - id: agency\n    name",
            29,
            5,
            "5 spaces",
            id="item-indented-3",
        ),
    ],
)
def test_indentation_mistakes_are_reported_at_their_line(
    old: str, new: str, line: int, column: int, expected: str
) -> None:
    problem = only_problem(replace_line(old, new))
    assert (problem.line, problem.column) == (line, column), problem
    assert problem.message.startswith("indentation:"), problem
    assert problem.hint is not None and expected in problem.hint, problem


def test_a_key_over_the_length_limit_says_so() -> None:
    problem = only_problem(replace_line("    title: Controls", "    " + "t" * 1100 + ": Controls"))
    assert (problem.line, problem.column) == (14, 5), problem
    assert "1,024" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "fragment"),
    [
        pytest.param("title: Controls", "title: Controls: now", 14, 20, "quotes", id="colon"),
        pytest.param("title: Controls", 'title: "Con\\qtrols"', 14, 16, "escape", id="escape"),
        pytest.param("title: Controls", "title: @Controls", 14, 12, "with '@'", id="at-sign"),
        pytest.param("elements: [Dy]", "elements: [>Dy]", 17, 16, "with '>'", id="block-in-flow"),
        pytest.param("title: Controls", "title: - Controls", 14, 12, "line", id="dash"),
        pytest.param("sources: [s1]", "sources: [s1", 16, 14, "']'", id="bracket"),
        pytest.param("title: Controls", "title Controls", 14, 5, "':'", id="no-colon"),
    ],
)
def test_other_syntax_mistakes_are_explained(
    old: str, new: str, line: int, column: int, fragment: str
) -> None:
    problem = only_problem(replace_line(old, new))
    assert (problem.line, problem.column) == (line, column), problem
    assert fragment in str(problem)


def test_a_space_in_a_web_address_is_named() -> None:
    text = replace_line(
        "    published: 2025-06", "    published: 2025-06\n    url: https://example.com/a b"
    )
    problem = only_problem(text)
    assert (problem.line, problem.column) == (11, 10), problem
    assert "space" in problem.message and "%20" in str(problem)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("elements: [Dy]", "elements: [li]"),
        ("sources: [s1]", "sources: [S1]"),
        ("speaker: agency", "speaker: Agency"),
        ("        event: e1", "        event: E1"),
    ],
)
def test_a_value_refused_by_its_type_is_not_also_looked_up(old: str, new: str) -> None:
    problem = only_problem(replace_line(old, new))
    assert "not defined" not in problem.message


def test_a_hash_that_cuts_plain_text_is_a_warning() -> None:
    text = replace_line("title: Controls", "title: Licence round #2 announced")
    briefing, warnings = check_bytes(text.encode(), "b.yaml")
    assert briefing.events[0].title == "Licence round"
    assert [(w.line, w.column, w.severity) for w in warnings] == [(14, 26, "warning")]
    assert str(warnings[0]).startswith("b.yaml:14:26: warning: ")
    assert warnings[0].hint is not None and "quotes" in warnings[0].hint


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: Controls", "title: 'Licence round #2' # a comment"),
        ("date: 2025-04-04", "date: 2025-04-04  # not text"),
        ("elements: [Dy]", "elements: [Dy]  # a list"),
        ("    key: true", "    key: true # a flag"),
        ("title: Controls", "title: Licence round#2"),
    ],
)
def test_comments_after_other_values_give_no_warning(old: str, new: str) -> None:
    assert check_bytes(replace_line(old, new).encode(), "b.yaml")[1] == []


def test_warning_checks_are_placed_at_their_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def every_event(briefing: Briefing) -> list[tuple[tuple[str | int, ...], str, str | None]]:
        return [(("events", 0, "sources"), "an odd source", "look again")]

    monkeypatch.setattr(checks, "WARNING_CHECKS", (every_event,))
    briefing, warnings = check_bytes(VALID.encode(), "b.yaml")
    assert warnings == [Problem("b.yaml", 16, 14, "an odd source", "look again", "warning")]
    # Loading for the reader or export works the warnings out not at all.
    assert load_bytes(VALID.encode(), "b.yaml") == briefing


def test_errors_leave_warnings_unreported() -> None:
    text = replace_line("title: Controls", "title: Licence round #2").replace(
        "format: 1", "format: 2"
    )
    assert all(problem.severity == "error" for problem in problems_of(text))


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [
        pytest.param("    actors: [agency]", "    actors: [agency, agency]", 22, id="actors"),
        pytest.param("    elements: [Dy]", "    elements: [Dy, Dy]", 20, id="elements"),
        pytest.param("    sources: [s1]", "    sources: [s1, s1]", 19, id="sources"),
    ],
)
def test_a_reference_listed_twice_is_blamed_at_the_second(old: str, new: str, column: int) -> None:
    briefing, warnings = check_bytes(replace_line(old, new).encode(), "b.yaml")
    assert isinstance(briefing, Briefing)  # the reader still opens it
    assert len(warnings) == 1, warnings
    problem = warnings[0]
    assert (problem.line, problem.column) == (VALID.splitlines().index(old) + 1, column)
    assert "twice" in problem.message
