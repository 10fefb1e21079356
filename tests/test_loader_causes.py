"""One message per mistake, at its cause: an id missing or refused where it is written is
reported there alone, not again at every reference to it; and the messages worked out are
only those shown, however many problems a file holds."""

from __future__ import annotations

import pytest
from test_loader import VALID, only_problem, problems_of, replace_line

from briefing.core import loader, yamltree
from briefing.core.loader import MAX_PROBLEMS, load_bytes
from briefing.core.problems import BriefingInvalid


@pytest.mark.parametrize(
    ("old", "new", "line", "owner", "cited"),
    [
        pytest.param(
            "  - id: s1\n    publisher:", "  - publisher:", 7, "source", "'s1'", id="source"
        ),
        pytest.param("  - id: e1\n    date:", "  - date:", 12, "event", "'e1'", id="event"),
        pytest.param("  - id: agency\n    name:", "  - name:", 28, "actor", "'agency'", id="actor"),
        pytest.param(
            "  - symbol: Dy\n    category:", "  - category:", 21, "element", "'Dy'", id="element"
        ),
    ],
)
def test_a_deleted_id_is_one_message_at_the_item(
    old: str, new: str, line: int, owner: str, cited: str | None
) -> None:
    problem = only_problem(replace_line(old, new))
    assert problem.line == line, problem
    assert problem.message.startswith(f"this {owner} is missing"), problem
    if cited is not None:
        # Which references named nothing: what the id most likely was.
        assert problem.hint is not None and cited in problem.hint, problem


def test_an_empty_id_is_one_message_naming_what_is_cited() -> None:
    problem = only_problem(replace_line("  - id: s1\n", "  - id:\n"))
    assert (problem.line, problem.message) == (7, "sources[0].id is empty"), problem
    assert problem.hint is not None and "'s1'" in problem.hint


def test_a_deleted_id_is_reported_at_the_item_when_the_citations_come_first() -> None:
    # As in the README's example: events before sources.
    head, sources_on = VALID.split("sources:\n", 1)
    sources, rest = sources_on.split("events:\n", 1)
    text = head + "events:\n" + rest + "sources:\n" + sources.replace("  - id: s1\n    ", "  - ")
    problem = only_problem(text)
    assert problem.message == "this source is missing 'id'"
    assert problem.line == text.splitlines().index("  - publisher: Example") + 1


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("  - symbol: Dy", "  - symbol: DY", "'DY' is not an element", id="symbol-GA"),
        pytest.param("  - symbol: Dy", "  - symbol: dy", "'dy' is not an element", id="symbol-ga"),
        pytest.param("  - id: s1\n", "  - id: S1\n", "capital 'S'", id="capital-in-id"),
        pytest.param("  - id: agency", "  - id: Agency", "capital 'A'", id="capital-actor"),
        pytest.param("  - id: e1\n", '  - id: "e 1"\n', "U+0020", id="space-in-id"),
    ],
)
def test_an_id_refused_where_it_is_written_is_one_message(
    old: str, new: str, expected: str
) -> None:
    problem = only_problem(replace_line(old, new))
    assert expected in problem.message, problem
    assert "not defined" not in problem.message


def test_a_wrong_case_symbol_suggests_the_symbol_once() -> None:
    problem = only_problem(replace_line("  - symbol: Dy", "  - symbol: DY"))
    assert "did you mean 'Dy'?" in str(problem)


def test_other_mistakes_are_still_reported_beside_a_refused_id() -> None:
    text = replace_line("  - symbol: Dy", "  - symbol: DY").replace(
        "    speaker: agency", "    speaker: agenci"
    )
    messages = [problem.message for problem in problems_of(text)]
    assert messages == [
        "elements[0].symbol 'DY' is not an element symbol",
        "speaker 'agenci' is not defined",
    ]


def test_a_reference_to_no_item_is_still_undefined_when_every_item_has_its_id() -> None:
    problem = only_problem(replace_line("    source: s1\nfigures", "    source: s9\nfigures"))
    assert problem.message == "source 's9' is not defined"


def unknown_keys(count: int) -> bytes:
    keys = "".join(f"    extra-{number}: v\n" for number in range(count))
    return replace_line("    title: Controls\n", "    title: Controls\n" + keys).encode()


def undefined_sources(count: int) -> bytes:
    sources = ", ".join(f"nope-{number}" for number in range(count))
    return replace_line("    sources: [s1]", f"    sources: [{sources}]").encode()


@pytest.mark.parametrize("make", [unknown_keys, undefined_sources])
def test_only_the_messages_shown_are_worked_out(
    make: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = 0  # messages worked out: each becomes a Finding
    plain_finding = yamltree.Finding

    def counted_finding(*args: object) -> object:
        nonlocal built
        built += 1
        return plain_finding(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "Finding", counted_finding)
    counts = []
    for count in (1_000, 10_000):
        built = 0
        with pytest.raises(BriefingInvalid) as caught:
            load_bytes(make(count), "b.yaml")  # type: ignore[operator]
        problems = caught.value.problems
        assert len(problems) == MAX_PROBLEMS + 1
        assert problems[-1].message == f"{count - MAX_PROBLEMS} more problems not shown"
        counts.append(built)
    # As many messages built for ten times the problems: only those shown.
    assert counts[0] <= MAX_PROBLEMS + 10
    assert counts[1] <= counts[0]


def test_the_problems_shown_are_the_first_in_the_file() -> None:
    with pytest.raises(BriefingInvalid) as caught:
        load_bytes(unknown_keys(1_000), "b.yaml")
    problems = caught.value.problems[:MAX_PROBLEMS]
    assert [problem.line for problem in problems] == list(range(15, 15 + MAX_PROBLEMS))
    assert problems[0].message == "unknown key 'extra-0'"
