"""The loader refuses every kind of bad file with a precise, positioned message."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.core.loader import MAX_BYTES, load_briefing, load_bytes
from briefing.core.model import Briefing
from briefing.core.problems import BriefingInvalid, Problem
from briefing.devtools.bench_load import alias_bomb, many_unknown_references

VALID = """\
format: 1
id: demo
title: Demo briefing
as_of: 2025-06-06
summary: NO
sources:
  - id: s1
    publisher: Example
    title: "Headline: here"
    published: 2025-06
events:
  - id: e1
    date: 2025-04-04
    title: Controls
    summary: off
    sources: [s1]
    elements: [Dy]
    actors: [agency]
    key: true
elements:
  - symbol: Dy
    category: heavy-rare-earth
    controls:
      - since: 2025-04-04
        measure: licence
        event: e1
actors:
  - id: agency
    name: An agency
    kind: agency
quotes:
  - id: q1
    text: "Yes [sic]"
    speaker: agency
    source: s1
figures:
  - id: f1
    value: 010
    label: 1.10
    source: s1
"""


def problems_of(text: str | bytes) -> list[Problem]:
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(BriefingInvalid) as caught:
        load_bytes(raw, "b.yaml")
    return caught.value.problems


def only_problem(text: str | bytes) -> Problem:
    problems = problems_of(text)
    assert len(problems) == 1, problems
    return problems[0]


def replace_line(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


def test_the_valid_example_loads() -> None:
    briefing = load_bytes(VALID.encode(), "b.yaml")
    assert isinstance(briefing, Briefing)


def test_yaml_1_1_words_and_numbers_stay_text() -> None:
    briefing = load_bytes(VALID.encode(), "b.yaml")
    assert briefing.summary == "NO"
    assert briefing.events[0].summary == "off"
    assert briefing.figures[0].value == "010"
    assert briefing.figures[0].label == "1.10"
    assert briefing.quotes[0].text == "Yes [sic]"


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        pytest.param(
            replace_line('title: "Headline: here"', 'title: "Headline: here'),
            9,
            12,
            "quoted text that starts here is never closed",
            id="unclosed-quote",
        ),
        pytest.param(
            replace_line("sources: [s1]", "sources: [s1"),
            16,
            14,
            "'[' that opens here is never closed",
            id="unclosed-bracket",
        ),
        pytest.param(
            replace_line("    publisher: Example", "\tpublisher: Example"),
            8,
            1,
            "TAB used for indentation",
            id="tab-indent",
        ),
        pytest.param(
            replace_line("title: Controls", "title: Con\x1btrols"),
            14,
            15,
            "raw control character U+001B (ESC)",
            id="raw-control",
        ),
        pytest.param(
            replace_line("title: Controls", "title: Con\u202etrols"),
            14,
            15,
            "U+202E",
            id="raw-bidi-override",
        ),
        pytest.param(VALID + "---\nformat: 1\n", 41, 1, "second YAML document", id="two-documents"),
        pytest.param("", 1, 1, "the file is empty", id="empty"),
        pytest.param("- a\n- b\n", 1, 1, "top level must be a mapping", id="top-level-list"),
        pytest.param("just text\n", 1, 1, "top level must be a mapping", id="top-level-text"),
        pytest.param(
            replace_line("summary: NO", "summary: &s NO"),
            5,
            10,
            "anchor &s is not allowed",
            id="anchor",
        ),
        pytest.param(
            replace_line("    value: 010", "    value: !!binary 010"),
            38,
            12,
            "explicit tag !!binary is not allowed",
            id="binary-tag",
        ),
        pytest.param(
            replace_line("    value: 010", "    value: !!python/object:os.system x"),
            38,
            12,
            "explicit tag !!python/object:os.system",
            id="python-tag",
        ),
        pytest.param(
            replace_line("    value: 010", "    value: !mine 010"),
            38,
            12,
            "explicit tag !mine",
            id="custom-tag",
        ),
        pytest.param(
            replace_line("title: Demo briefing", "title: Demo briefing\nid: other"),
            4,
            1,
            "duplicate key 'id': it is also set at line 2",
            id="duplicate-key",
        ),
        pytest.param(
            replace_line("date: 2025-04-04", "date: 2024-02-30"),
            13,
            11,
            "'2024-02-30' is not a real date",
            id="impossible-date",
        ),
        pytest.param(
            replace_line("date: 2025-04-04", "date: 4 April 2025"),
            13,
            11,
            "events[0].date",
            id="bad-date-format",
        ),
        pytest.param(
            replace_line("    title: Controls\n", ""),
            12,
            5,
            "missing 'title'",
            id="missing-field",
        ),
        pytest.param(
            replace_line("title: Controls", "titel: Controls"),
            14,
            5,
            "unknown key 'titel' (did you mean 'title'?",
            id="unknown-key",
        ),
        pytest.param(
            replace_line("sources: [s1]", "sources: s1"),
            16,
            14,
            "events[0].sources",
            id="wrong-type",
        ),
        pytest.param(
            replace_line("    key: true", "    key: yes"),
            19,
            10,
            "must be true or false",
            id="yaml-1-1-boolean",
        ),
        pytest.param(
            replace_line("sources: [s1]", "sources: [s2]"),
            16,
            15,
            "source 's2' is not defined",
            id="dangling-source",
        ),
        pytest.param(
            replace_line("actors: [agency]", "actors: [agenc]"),
            18,
            14,
            "'agenc'",
            id="dangling-actor",
        ),
        pytest.param(
            replace_line("elements: [Dy]", "elements: [Tb]"),
            17,
            16,
            "'Tb'",
            id="dangling-element",
        ),
        pytest.param(
            replace_line("        event: e1", "        event: e9"),
            26,
            16,
            "'e9'",
            id="dangling-event",
        ),
        pytest.param(
            replace_line("speaker: agency", "speaker: nobody"),
            34,
            14,
            "'nobody'",
            id="dangling-speaker",
        ),
        pytest.param(
            replace_line("  - symbol: Dy", "  - symbol: Xx"),
            21,
            13,
            "'Xx' is not an element symbol",
            id="unknown-symbol",
        ),
        pytest.param(
            replace_line("  - symbol: Dy", "  - symbol: DY"),
            21,
            13,
            "did you mean 'Dy'?",
            id="symbol-case",
        ),
        pytest.param(
            VALID + "  - id: f1\n    value: x\n    label: y\n    source: s1\n",
            41,
            9,
            "'f1'",
            id="duplicate-id",
        ),
        pytest.param(
            replace_line("  - id: s1", "  - id: \u04551"),
            7,
            9,
            "U+0455 CYRILLIC SMALL LETTER DZE, which only looks like a Latin letter",
            id="lookalike-id",
        ),
        pytest.param(
            replace_line("  - id: e1", "  - id: e\u200b1"),
            12,
            9,
            "invisible character U+200B ZERO WIDTH SPACE",
            id="zero-width-id",
        ),
        pytest.param(
            replace_line("format: 1", "format: 2"),
            1,
            9,
            "format",
            id="unknown-format-version",
        ),
        pytest.param(
            replace_line(
                "    published: 2025-06", "    published: 2025-06\n    url: javascript:alert(1)"
            ),
            11,
            10,
            "is not a web address",
            id="non-http-url",
        ),
        pytest.param(
            replace_line("        event: e1", "        event: e1\n        until: 2025-01-01"),
            27,
            16,
            "until",
            id="control-ends-before-it-starts",
        ),
        pytest.param(
            replace_line("summary: NO", "summary: " + "word " * 81),
            5,
            10,
            "has 81 words",
            id="summary-too-long",
        ),
    ],
)
def test_bad_input_is_reported_at_its_position(
    text: str, line: int, column: int, fragment: str
) -> None:
    problems = problems_of(text)
    matching = [problem for problem in problems if fragment in str(problem)]
    assert matching, f"no problem mentions {fragment!r}: {problems}"
    assert (matching[0].line, matching[0].column) == (line, column), str(matching[0])
    assert str(matching[0]).startswith(f"b.yaml:{line}:{column}: ")


def test_problems_are_sorted_by_line() -> None:
    text = replace_line("title: Controls", "titel: Controls").replace(
        "sources: [s1]", "sources: [s9]"
    )
    lines = [problem.line for problem in problems_of(text)]
    assert lines == sorted(lines) and len(lines) >= 2


def test_every_problem_says_how_to_fix_it() -> None:
    text = replace_line("title: Controls", "titel: Controls").replace("date: 2025-04-04", "date: x")
    assert all(problem.hint for problem in problems_of(text))


def test_invalid_utf8_names_the_bad_byte() -> None:
    raw = VALID.encode().replace(b"title: Controls", b"title: Contr\xe9ls")
    problem = only_problem(raw)
    assert (problem.line, problem.column) == (14, 17)
    assert "0xE9 is not valid UTF-8" in problem.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_recognised(encoding: str) -> None:
    raw = VALID.encode(encoding)
    if encoding != "utf-16":
        raw = ("\ufeff".encode(encoding)) + raw
    assert "UTF-16" in only_problem(raw).message


def test_an_alias_bomb_fails_fast() -> None:
    bomb = alias_bomb()
    assert len(bomb) < 600
    # Refused at the first anchor, before anything is expanded (bench_load times it).
    problems = problems_of(bomb)
    assert "anchor &a is not allowed" in problems[0].message


def test_merge_keys_are_refused() -> None:
    text = VALID + "extra:\n  <<: {a: b}\n"
    assert any("merge key" in str(problem) for problem in problems_of(text))


NESTED_SHAPES = {
    # shape: (make the text for a depth, where level 17 opens)
    "flow-sequence": (lambda depth: "a: " + "[" * depth + "]" * depth + "\n", (1, 19)),
    "flow-sequence-spaced": (lambda depth: "a: " + "[ " * depth + "\n", (1, 34)),
    "flow-mapping": (lambda depth: "a: " + "{a: " * depth + "b" + "}" * depth + "\n", (1, 64)),
    "flow-after-decoys": (
        lambda depth: (
            '# [[[[[[[[[[[[[[[[[[[[\nb: "[[[[[[[[[[[[[[[[[[[["\nc: |\n  [[[[[[[[[[[[[[[[[[\n'
            "d: x [[[[[[[[[[[[[[[[[[[[\na: " + "[" * depth + "\n"
        ),
        (6, 19),
    ),
    "block-sequence": (lambda depth: "- " * depth + "x\n", (1, 33)),
    "block-mapping": (
        lambda depth: "".join(" " * level + "a:\n" for level in range(min(depth, 2000))),
        (17, 17),
    ),
}


@pytest.mark.parametrize("depth", [20, 2_000, 40_000])
@pytest.mark.parametrize("shape", sorted(NESTED_SHAPES))
def test_deep_nesting_is_refused_at_the_level_too_deep(shape: str, depth: int) -> None:
    # libyaml refuses about 1,000 levels with its own message; ours must come first.
    make, (line, column) = NESTED_SHAPES[shape]
    problem = only_problem(make(depth))
    assert problem.message == "nesting is deeper than 16 levels", problem
    assert (problem.line, problem.column) == (line, column), problem


def test_brackets_in_text_comments_and_block_scalars_are_not_nesting() -> None:
    # The parser gives up on the last line, so the nesting pre-scan reads the decoys.
    text = (
        "# [[[[[[[[[[[[[[[[[[[[ {{{{{{{{{{{{{{{{{{\n"
        'a: "[[[[[[[[[[[[[[[[[[[[ \\" [[[[[[[[[["\n'
        "b: 'it''s [[[[[[[[[[[[[[[[[[[['\n"
        "c: Pipes [[[[[[[[[[[[[[[[[[[[ {{{{{{{{{{{{{{{{{{{{\n"
        "d: |\n  [[[[[[[[[[[[[[[[[[[[\n"
        "e: [[[[[[[[[[[[[[[ ]]]]]]]]]]]]]]]\n"
        "f: [x, y\n"
    )
    problems = problems_of(text)
    assert not any("nesting" in problem.message for problem in problems), problems
    assert (problems[0].line, problems[0].column) == (8, 4), problems


def test_a_briefing_of_several_mebibytes_loads() -> None:
    # A hundred times the bundled briefing is about 5 MB: well within the limit.
    padded = VALID + "# " + "x" * (5 * 1024 * 1024) + "\n"
    assert load_bytes(padded.encode(), "big.yaml").id == "demo"


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"a: " + b"[" * (MAX_BYTES + 10))
    with pytest.raises(BriefingInvalid) as caught:
        load_briefing(path)
    assert "MiB" in caught.value.problems[0].message or "limit" in str(caught.value.problems[0])


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda base: base / "missing.yaml", "no such file"),
        (lambda base: base, "is a directory"),
    ],
)
def test_unreadable_paths_give_a_message(tmp_path: Path, make, fragment: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BriefingInvalid) as caught:
        load_briefing(make(tmp_path))
    assert fragment in caught.value.report()


def test_report_never_contains_the_whole_input() -> None:
    # str(ValidationError) would echo the input; the report names only what is wrong.
    secret = "x" * 5000
    text = replace_line("title: Controls", f"titel: {secret}")
    assert secret not in BriefingInvalid(problems_of(text)).report()


def test_many_unknown_references_take_linear_time() -> None:
    # Each did-you-mean hint compares a word with every id, so hints for thousands of
    # unknown references among thousands of ids would take minutes without a bound.
    count = 3000
    raw = many_unknown_references(count).encode()
    # Hints are bounded (MAX_SUGGESTIONS, MAX_CHOICES); bench_load times this file.
    with pytest.raises(BriefingInvalid) as caught:
        load_bytes(raw, "many.yaml")
    first = caught.value.problems[0]
    assert (first.line, first.message) == (count + 8, "source 'nope-0' is not defined")


def test_an_unknown_key_with_no_close_match_says_to_remove_it() -> None:
    with pytest.raises(BriefingInvalid) as caught:
        load_bytes(VALID.encode() + b"zzz: 1\n", "demo.yaml")
    assert "unknown key 'zzz' (remove it. Allowed keys: format, id," in caught.value.report()
