"""Characters that smuggle structure, digits or blanks are refused where they are written."""

from __future__ import annotations

import unicodedata

import pytest
from test_loader import VALID, only_problem, problems_of, replace_line

from briefing.core.loader import load_bytes
from briefing.core.problems import Problem


def located(text: str, fragment: str) -> Problem:
    """The one problem mentioning ``fragment``."""
    problems = problems_of(text)
    matching = [problem for problem in problems if fragment in str(problem)]
    assert len(matching) == 1, problems
    return matching[0]


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
@pytest.mark.parametrize(
    ("old", "new", "line", "column"),
    [
        pytest.param(
            "title: Demo briefing",
            "title: Demo briefing{}subtitle: smuggled",
            3,
            21,
            id="in-a-value",
        ),
        pytest.param("format: 1", "format: 1 # A{}small, valid briefing", 1, 14, id="in-a-comment"),
    ],
)
def test_yaml_line_breaks_editors_do_not_show_are_refused_where_they_are(
    char: str, old: str, new: str, line: int, column: int
) -> None:
    problem = only_problem(replace_line(old, new.format(char)))
    assert (problem.line, problem.column) == (line, column), problem
    assert f"U+{ord(char):04X}" in problem.message
    assert "line break" in problem.message


def test_lines_after_a_hidden_line_break_keep_their_numbers() -> None:
    # Every later problem is reported at the line an editor shows, not one further down.
    text = replace_line("format: 1", "format: 1 # A\u2028small").replace(
        "title: Controls", "title: Con\x1btrols"
    )
    lines = [(problem.line, problem.column) for problem in problems_of(text)]
    assert lines == [(1, 14), (14, 15)]


@pytest.mark.parametrize(
    ("newline", "line"),
    [("\r\n", 14), ("\r", 14)],
)
def test_positions_count_lines_as_editors_do(newline: str, line: int) -> None:
    text = replace_line("title: Controls", "title: Con\x1btrols").replace("\n", newline)
    problem = only_problem(text)
    assert (problem.line, problem.column) == (line, 15), problem


def test_a_byte_order_mark_mid_file_is_named_at_its_position() -> None:
    problem = only_problem(replace_line("\nid: demo", "\n\ufeffid: demo"))
    assert (problem.line, problem.column) == (2, 1), problem
    assert "U+FEFF" in problem.message


def test_a_byte_order_mark_at_the_start_is_fine() -> None:
    assert load_bytes(b"\xef\xbb\xbf" + VALID.encode(), "b.yaml").id == "demo"


@pytest.mark.parametrize(
    ("old", "new", "line", "column"),
    [
        pytest.param("id: demo", "id: |\n  demo", 2, 5, id="id-as-block-text"),
        pytest.param("id: demo", 'id: "demo\\n"', 2, 5, id="id-quoted-with-newline"),
        pytest.param(
            "    key: true",
            '    key: true\n    tags: ["export-controls\\n"]',
            20,
            12,
            id="tag-with-newline",
        ),
        pytest.param(
            "speaker: agency", 'speaker: "agency\\n"', 34, 14, id="reference-with-newline"
        ),
    ],
)
def test_a_slug_must_match_exactly(old: str, new: str, line: int, column: int) -> None:
    problem = located(replace_line(old, new), "line break")
    assert (problem.line, problem.column) == (line, column), problem


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "char"),
    [
        pytest.param("as_of: 2025-06-06", "as_of: ２０２５-06-06", 4, 8, "２", id="fullwidth"),
        pytest.param("published: 2025-06", "published: ٢٠٢٥-06", 10, 16, "٢", id="arabic-indic"),
        pytest.param("date: 2025-04-04", "date: 2025-0４-04", 13, 11, "４", id="one-digit"),
        pytest.param("format: 1", "format: ¹", 1, 9, "¹", id="superscript-format"),
        pytest.param("format: 1", "format: １", 1, 9, "１", id="fullwidth-format"),
        pytest.param("  - id: s1", "  - id: s１", 7, 9, "１", id="in-an-id"),
    ],
)
def test_only_ascii_digits_are_digits(
    old: str, new: str, line: int, column: int, char: str
) -> None:
    problem = located(replace_line(old, new), f"U+{ord(char):04X}")
    assert (problem.line, problem.column) == (line, column), problem
    assert "0-9" in str(problem)


@pytest.mark.parametrize("date", ['" 2025-06"', '"2025-06 "', '"2025-06\\n"'])
def test_dates_are_not_stripped(date: str) -> None:
    problem = only_problem(replace_line("published: 2025-06", f"published: {date}"))
    assert (problem.line, problem.column) == (10, 16), problem
    assert "published" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "line", "column"),
    [
        pytest.param("title: Demo briefing", 'title: " "', 3, 8, id="space-title"),
        pytest.param("summary: NO", 'summary: "\\n"', 5, 10, id="newline-summary"),
        pytest.param("title: Controls", 'title: "\\t\\u3000"', 14, 12, id="tab-event-title"),
        pytest.param("name: An agency", 'name: "\u200b\u200d\u2060"', 29, 11, id="zero-width-name"),
        pytest.param("    label: 1.10", '    label: "\\u00a0\\u00ad"', 39, 12, id="nbsp-label"),
        pytest.param('    text: "Yes [sic]"', '    text: "\\ufe0f"', 33, 11, id="selector-quote"),
        pytest.param(
            "    published: 2025-06",
            '    published: 2025-06\n    note: " "',
            11,
            11,
            id="optional-note",
        ),
    ],
)
def test_text_must_hold_something_visible(old: str, new: str, line: int, column: int) -> None:
    problem = located(replace_line(old, new), "no visible text")
    assert (problem.line, problem.column) == (line, column), problem


def test_a_key_point_of_a_tab_is_refused() -> None:
    point = 'key_points:\n  - text: "\\t"\n    sources: [s1]\n'
    text = VALID.replace("sources:\n  - id: s1", point + "sources:\n  - id: s1")
    problem = located(text, "no visible text")
    assert (problem.line, problem.column) == (7, 11), problem


def test_text_with_some_visible_character_is_kept() -> None:
    text = replace_line("title: Demo briefing", 'title: "\u200b \u00e9 "')
    assert load_bytes(text.encode(), "b.yaml").title == "\u200b \u00e9 "


def test_text_is_composed_on_loading() -> None:
    decomposed = unicodedata.normalize("NFD", "Coopérative Agricole")
    assert decomposed != "Coopérative Agricole"
    text = replace_line("name: An agency", f"name: {decomposed}")
    briefing = load_bytes(text.encode(), "b.yaml")
    assert briefing.actors[0].name == "Coopérative Agricole"
