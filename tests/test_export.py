"""The one-page Markdown brief: what it holds, --about, escaping, and the export command."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefing.cli import main
from briefing.core import atomic
from briefing.core import export as export_module
from briefing.core.export import (
    PAGE_BUDGET,
    Budget,
    LeftOut,
    UnknownSubject,
    build_brief,
    render_brief,
    resolve_subject,
)
from briefing.core.export.ranking import element_groups
from briefing.core.loader import load_briefing, load_bytes
from briefing.core.model import Briefing
from briefing.core.text import sanitize_line

MINI = Path(__file__).parent / "data" / "mini.yaml"
ROOMY = Budget(words=100_000, lines=100_000, table_rows=100)
"""A budget nothing exceeds, to see every candidate item."""

CITATION = re.compile(r"\[(\d+(?:, \d+)*)\]$")


@pytest.fixture(scope="module")
def mini() -> Briefing:
    return load_briefing(MINI)


def parse(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(markdown)


def sections(markdown: str) -> dict[str, list[str]]:
    """Each section's label with its lines: a ``## Label`` heading and the block after
    it, or a run-in ``**Label:** text`` paragraph (its entries as separate lines)."""
    found: dict[str, list[str]] = {}
    blocks = markdown.split("\n\n")
    for index, block in enumerate(blocks):
        if label := re.fullmatch(r"## (.+)", block):
            found[label[1]] = blocks[index + 1].splitlines()
        elif run_in := re.match(r"\*\*(Bottom line|Key actors|Quotes?|In focus):\*\* ", block):
            separator = " · " if run_in[1].startswith("Quote") else "; "
            found[run_in[1]] = block[run_in.end() :].split(separator)
    return found


def inline_texts(tokens: list[Token]) -> list[str]:
    """The text each inline token shows, with markup removed."""
    texts = []
    for token in tokens:
        if token.type == "inline":
            texts.append("".join(child.content for child in token.children or [] if child.content))
    return texts


# --- what the brief holds ------------------------------------------------------------------


def test_sections_come_in_the_stated_order(mini: Briefing) -> None:
    markdown = build_brief(mini, budget=ROOMY).markdown
    assert markdown.startswith("# Mini briefing\n\nA fixture for tests · As of **10 Nov 2025**")
    assert "open sources" in markdown.split("\n\n")[1]
    assert list(sections(markdown)) == [
        "Bottom line",
        "Key points",
        "Key figures",
        "Timeline",
        "Elements on 10 Nov 2025",
        "Key actors",
        "Quote",
        "Sources",
    ]


def test_every_point_row_and_quote_cites_a_listed_source(mini: Briefing) -> None:
    markdown = build_brief(mini, budget=ROOMY).markdown
    found = sections(markdown)
    sources = found.pop("Sources")
    assert [line.split(".")[0] for line in sources] == [str(n) for n in range(1, len(sources) + 1)]
    cited: set[int] = set()
    for heading in ("Key points", "Key figures", "Timeline", "Key actors", "Quote"):
        lines = [line for line in found[heading] if not line.startswith("| ---")]
        if heading == "Key figures":
            lines = [line.removesuffix(" |").rsplit(" | ", 1)[1] for line in lines[1:]]
        assert lines, heading
        for line in lines:
            match = CITATION.search(line)
            assert match, f"{heading}: {line!r} cites no source"
            cited.update(int(number) for number in match[1].split(", "))
    # Elements that were never controlled make no claim that needs a source.
    element_lines = found["Elements on 10 Nov 2025"]
    claims = [line for line in element_lines if not line.startswith("- **Not under control:**")]
    assert len(claims) == 2 and CITATION.search(claims[0])
    # Holmium's control names no event that lifted it, and the event that brought it in
    # predates the lifting: nothing can support the row, so it cites nothing.
    assert claims[1] == "- **Control lifted or paused, 10 Nov 2025:** Holmium"
    # Every number cited is listed, and every listed source is cited.
    assert cited == set(range(1, len(sources) + 1))


def test_sources_are_numbered_in_order_of_first_citation_with_their_details(
    mini: Briefing,
) -> None:
    found = sections(build_brief(mini, budget=ROOMY).markdown)
    assert found["Key points"] == ["- Controls on two elements were added in April. [1]"]
    assert found["Key figures"][2] == "| Share of world mining | 70% | [1] |"
    assert found["Sources"] == [
        "1. Example Wire, “[Controls tightened](<https://example.com/controls>)”, 6 Jun 2025",
        "2. Example Daily, “Talks resume”, 9 Oct 2025",
    ]


def test_only_key_items_go_in(mini: Briefing) -> None:
    markdown = build_brief(mini, budget=ROOMY).markdown
    found = sections(markdown)
    assert found["Timeline"] == [
        "- **4 Apr 2025** – Licences required for Dy and Tb [1, 2]",
        "- **9 Oct 2025** – Holmium added, then paused [2]",
    ]
    assert "Talks in May" not in markdown and "An old remark" not in markdown
    assert found["Key actors"] == [
        "Ministry of Commerce (Exampleland) [1, 2]",
        "Jane Minister (Commerce minister) [2]",
    ]
    assert found["Quote"] == [
        "“The Middle East has oil; we have minerals \\[sic\\].” — Old Leader, Former leader, "
        "1992 [1]"
    ]
    assert "Elements under licence" not in markdown  # a figure that is not key


def test_elements_are_grouped_by_control_status_on_the_as_of_date(mini: Briefing) -> None:
    lines = sections(build_brief(mini, budget=ROOMY).markdown)["Elements on 10 Nov 2025"]
    assert lines == [
        "- **Under export control since 4 Apr 2025:** Dysprosium, Terbium [1, 2]",
        # Holmium's licence ran until the as-of date: lifted by then.
        "- **Control lifted or paused, 10 Nov 2025:** Holmium",
        "- **Not under control:** Neodymium, Gallium",
    ]


def test_the_page_budget_drops_the_lowest_priority_item_first(mini: Briefing) -> None:
    full = build_brief(mini, budget=ROOMY)
    assert full.dropped == ()
    one_line_short = Budget(words=1000, lines=full.usage.lines - 1, table_rows=6)
    tighter = build_brief(mini, budget=one_line_short)
    assert tighter.dropped == (LeftOut("element group", "not under control (Nd, Ga)"),)
    assert "Not under control" not in tighter.markdown
    assert tighter.fits and tighter.usage.lines <= full.usage.lines - 1


def test_the_default_brief_fits_the_page_budget(mini: Briefing) -> None:
    brief = build_brief(mini)
    assert brief.budget == PAGE_BUDGET
    assert brief.fits
    assert brief.dropped == ()
    assert re.fullmatch(r"\d+ / 480 words, \d+ / 55 lines, 1 / 6 table rows", brief.usage_line())


# --- --about -------------------------------------------------------------------------------


def test_about_an_element_keeps_only_what_involves_it(mini: Briefing) -> None:
    brief = build_brief(mini, about="Dy")
    found = sections(brief.markdown)
    assert brief.markdown.startswith("# Mini briefing: Dysprosium (Dy)\n")
    assert found["In focus"] == [
        "Dysprosium (Dy), heavy rare earth",
        "uses: magnets, motors. Under export control since 4 Apr 2025: Export licence required [1]",
    ]
    assert found["Timeline"] == ["- **4 Apr 2025** – Licences required for Dy and Tb [1, 2]"]
    assert found["Elements on 10 Nov 2025"] == [
        "- **Under export control since 4 Apr 2025:** Dysprosium [1, 2]"
    ]
    assert "Holmium" not in brief.markdown and "Terbium" not in brief.markdown
    assert "Quote" not in found and "Key figures" not in found


def test_about_an_actor_takes_what_names_it_and_nothing_further(mini: Briefing) -> None:
    minister = sections(render_brief(mini, about="minister"))
    assert minister["Timeline"] == ["- **May 2025** – Talks in May [1]"]
    assert minister["Quote"] == [
        "“Talks were constructive.” — Jane Minister, Commerce minister, 9 Oct 2025 [1]"
    ]
    # The ministry and the old leader are affiliated to the country, but no event or
    # quote names the country itself: affiliation is not followed.
    country = sections(render_brief(mini, about="country"))
    assert "Timeline" not in country and "Quotes" not in country and "Quote" not in country


def test_about_never_matches_by_text(mini: Briefing) -> None:
    # A figure whose label spells out an element, and an actor whose name starts like a
    # symbol, are not about it unless they name it.
    text = (
        MINI.read_text(encoding="utf-8")
        .replace(
            "figures:\n",
            "figures:\n"
            "  - id: dy-price\n    value: '$300'\n    label: Dysprosium oxide price\n"
            "    source: wire\n    key: true\n"
            "  - id: dy-share\n    value: '99%'\n    label: Share of world output\n"
            "    source: wire\n    elements: [Dy]\n",
        )
        .replace(
            "actors:\n",
            "actors:\n  - id: cbs\n    name: CBS News\n    kind: media\n    key: true\n",
        )
    )
    briefing = load_bytes(text.encode(), "mini.yaml")
    markdown = render_brief(briefing, about="Dy")
    assert "Share of world output" in markdown
    assert "Dysprosium oxide price" not in markdown
    assert "CBS" not in render_brief(briefing, about="Dy")


def test_about_a_tag(mini: Briefing) -> None:
    found = sections(render_brief(mini, about="talks"))
    assert found["Timeline"] == ["- **May 2025** – Talks in May [1]"]
    assert "Elements on 10 Nov 2025" not in found


def test_about_accepts_a_symbol_in_any_case_or_the_element_name(mini: Briefing) -> None:
    assert resolve_subject(mini, "dy").id == "Dy"
    assert resolve_subject(mini, "Dysprosium").id == "Dy"


def test_about_accepts_a_word_of_an_actor_name_when_it_names_one_actor(mini: Briefing) -> None:
    assert resolve_subject(mini, "jane").id == "minister"
    assert resolve_subject(mini, "Commerce").id == "ministry"
    another_jane = replace(mini.actors[0], id="jane-doe", name="Jane Doe")
    crowded = replace(mini, actors=[*mini.actors, another_jane])
    with pytest.raises(UnknownSubject, match="names several actors; give one id: minister"):
        resolve_subject(crowded, "jane")


def test_about_something_unknown_says_so_with_a_suggestion(mini: Briefing) -> None:
    with pytest.raises(UnknownSubject, match="did you mean 'ministry'"):
        build_brief(mini, about="ministr")


# --- escaping ------------------------------------------------------------------------------

HOSTILE_YAML = r"""
format: 1
id: hostile
title: "# Title | with pipe <b>bold</b> \e[31mred\e[0m ##"
subtitle: "> not a quote [x](https://evil.example)"
as_of: 2025-11-10
summary: "1. Not a list | pipe | `code` <script>alert(1)</script> **strong**
  \e]8;;https://evil.example\a link \u202e reversed \\"
key_points:
  - text: "- starts like a list item | with | pipes"
    sources: [s1]
  - text: "[ref]: https://evil.example"
    sources: [s1]
  - text: "<div>html block</div>"
    sources: [s1]
  - text: "```python"
    sources: [s1]
  - text: "---"
    sources: [s1]
  - text: "+ plus item ~~~ and ~~strike~~ &amp; &#x41;"
    sources: [s1]
  - text: "=== underline *em* _em_ ![img](https://evil.example/i.png) <https://evil.example>"
    sources: [s1]
sources:
  - id: s1
    publisher: "# Publisher | Co"
    title: "Headline ](https://evil.example) [x"
    published: 2025-06-06
    url: "https://example.com/a?b=<c>|d"
  - id: s2
    publisher: "2) Publisher"
    title: "<img src=x onerror=alert(1)>"
    published: 2025-06-07
events:
  - id: e1
    date: 2025-04-04
    title: "## Fake heading | pipe"
    summary: x
    sources: [s2]
    actors: [a1]
    elements: [Dy]
    key: true
  - id: e2
    date: 2025-04-05
    title: "<!-- comment --> `inline code` \e[2J"
    summary: x
    sources: [s1]
    key: true
elements:
  - symbol: Dy
    controls:
      - since: 2025-04-04
        measure: "Licence | required <b>"
        event: e1
actors:
  - id: a1
    name: "*Star* | Person"
    kind: person
    role: "<img src=x onerror=alert(1)>"
    key: true
quotes:
  - id: q1
    text: "Quote with | pipe and [link](https://evil.example) and \e[2J clear"
    speaker: a1
    source: s2
    key: true
figures:
  - id: f1
    value: "70% | 80%"
    label: "Share | of | world"
    source: s1
    date: 2025-05
    key: true
  - id: f2
    value: "`1`"
    label: "![img](https://evil.example/i.png)"
    source: s2
    key: true
"""

HOSTILE_TEXTS = [
    "# Title | with pipe <b>bold</b> \x1b[31mred\x1b[0m ##",
    "> not a quote [x](https://evil.example)",
    "- starts like a list item | with | pipes",
    "[ref]: https://evil.example",
    "<div>html block</div>",
    "```python",
    "---",
    "+ plus item ~~~ and ~~strike~~ &amp; &#x41;",
    "=== underline *em* _em_ ![img](https://evil.example/i.png) <https://evil.example>",
    "# Publisher | Co",
    "Headline ](https://evil.example) [x",
    "2) Publisher",
    "<img src=x onerror=alert(1)>",
    "## Fake heading | pipe",
    "<!-- comment --> `inline code` \x1b[2J",
    "*Star* | Person",
    "Quote with | pipe and [link](https://evil.example) and \x1b[2J clear",
    "70% | 80%",
    "Share | of | world",
    "![img](https://evil.example/i.png)",
]


@pytest.fixture(scope="module")
def hostile() -> Briefing:
    return load_bytes(HOSTILE_YAML.encode(), "hostile.yaml")


def test_hostile_text_cannot_change_the_structure(hostile: Briefing) -> None:
    markdown = build_brief(hostile, budget=ROOMY).markdown
    tokens = parse(markdown)
    types = [token.type for token in tokens]
    for forbidden in ("html_block", "code_block", "fence", "hr", "blockquote_open", "lheading"):
        assert forbidden not in types, forbidden
    # Headings are ours alone: the title and the sections.
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[1:] == [
        "Key points",
        "Key figures",
        "Timeline",
        "Elements on 10 Nov 2025",
        "Sources",
    ]
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h1"] + ["h2"] * 5
    # Lists are ours alone: one per list section, never nested, one item per entry.
    lists = [token for token in tokens if token.type.endswith("list_open")]
    assert len(lists) == 4 and all(token.level == 0 for token in lists)
    assert types.count("list_item_open") == 7 + 2 + 1 + 2
    children = [child for token in tokens for child in token.children or []]
    child_types = {child.type for child in children}
    assert not child_types & {"html_inline", "code_inline", "image", "em_open", "s_open"}
    # Bold only where the brief puts it: labels, dates and group headings.
    bold = [
        children[index + 1].content
        for index, child in enumerate(children)
        if child.type == "strong_open"
    ]
    assert bold == [
        "10 Nov 2025",
        "Bottom line:",
        "4 Apr 2025",
        "5 Apr 2025",
        "Under export control since 4 Apr 2025:",
        "Key actors:",
        "Quote:",
    ]
    links = [child.attrs["href"] for child in children if child.type == "link_open"]
    assert links == ["https://example.com/a?b=%3Cc%3E%7Cd"]


def test_hostile_table_keeps_its_cells(hostile: Briefing) -> None:
    tokens = parse(build_brief(hostile, budget=ROOMY).markdown)
    rows: list[list[str]] = []
    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            rows[-1].append(tokens[index + 1].content)
    assert [len(row) for row in rows] == [4, 4, 4]
    texts = [
        inline_texts(tokens[i + 1 : i + 2])[0] for i, t in enumerate(tokens) if t.type == "td_open"
    ]
    assert texts[:3] == ["Share | of | world", "70% | 80%", "May 2025"]
    assert texts[4:6] == ["![img](https://evil.example/i.png)", "`1`"]


def test_hostile_text_reads_back_exactly_and_without_control_characters(
    hostile: Briefing,
) -> None:
    markdown = build_brief(hostile, budget=ROOMY).markdown
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", markdown)
    shown = "\n".join(inline_texts(parse(markdown)))
    for text in HOSTILE_TEXTS:
        assert sanitize_line(text) in shown, text
    assert "␛[31mred␛[0m" in shown  # ESC made visible, not passed on
    focus = "\n".join(inline_texts(parse(build_brief(hostile, about="Dy").markdown)))
    assert "Licence | required <b>" in focus
    assert shown.count("reversed \\") == 1  # a trailing backslash stays text


def test_escape_neutralises_every_block_start() -> None:
    for text in ("# h", "- l", "+ l", "* l", "> q", "1. o", "7) o", "=== s", "```", "~~~", "<p>"):
        tokens = parse(export_module.escape(text))
        assert [token.type for token in tokens] == ["paragraph_open", "inline", "paragraph_close"]
        assert tokens[1].content and inline_texts(tokens) == [text]


# --- stability -----------------------------------------------------------------------------


def test_the_same_briefing_gives_the_same_bytes(mini: Briefing) -> None:
    assert render_brief(mini) == render_brief(load_briefing(MINI))
    assert "Exported" not in render_brief(mini)


def run_export(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", "export", *args],
        capture_output=True,
        cwd=cwd,
        timeout=60,
    )


def test_two_runs_of_the_command_are_byte_for_byte_equal() -> None:
    first, second = run_export(str(MINI)), run_export(str(MINI))
    assert first.returncode == 0 and first.stdout
    assert first.stdout == second.stdout
    assert first.stdout.decode() == render_brief(load_briefing(MINI))


def test_stamp_adds_the_export_time(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", str(MINI), "--stamp", "-q"]) == 0
    header = capsysbinary.readouterr().out.decode().split("\n\n")[1]
    assert re.search(r" · Exported \d{4}-\d\d-\d\d \d\d:\d\d UTC$", header)


# --- the command: output, refusals, exit codes -----------------------------------------------


def test_export_never_imports_textual() -> None:
    code = (
        "import sys; from briefing.cli import main; main(['export', sys.argv[1], '-q']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'), file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(MINI)], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.startswith("# Mini briefing")
    assert result.stderr.strip() == "[]"


def test_output_file_is_written_and_not_overwritten_without_force(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    assert run_export(str(MINI), "-o", str(target)).returncode == 0
    assert target.read_text(encoding="utf-8") == render_brief(load_briefing(MINI))
    target.write_text("keep me")
    refused = run_export(str(MINI), "-o", str(target))
    assert refused.returncode == 2
    assert (
        refused.stderr.decode().strip()
        == f"briefing export: {target} exists; add --force to overwrite it"
    )
    assert target.read_text() == "keep me"
    forced = run_export(str(MINI), "-o", str(target), "--force", "-q")
    assert forced.returncode == 0 and forced.stderr == b""
    assert target.read_text(encoding="utf-8").startswith("# Mini briefing")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["brief.md"]


def test_dash_writes_to_standard_output(tmp_path: Path) -> None:
    result = run_export(str(MINI), "-o", "-", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith(b"# Mini briefing")
    assert list(tmp_path.iterdir()) == []


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "brief.md"
    result = run_export(str(MINI), "-o", str(target))
    assert result.returncode == 2
    assert result.stderr.decode() == (
        f"briefing export: cannot write {target}: no such directory {target.parent}\n"
    )


def test_a_directory_as_output_is_refused(tmp_path: Path) -> None:
    result = run_export(str(MINI), "-o", str(tmp_path), "--force")
    assert result.returncode == 2
    assert b"it is a directory" in result.stderr and b"Traceback" not in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only directories")
def test_read_only_directory_is_a_clear_error(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        result = run_export(str(MINI), "-o", str(tmp_path / "brief.md"))
    finally:
        tmp_path.chmod(0o700)
    assert result.returncode == 2
    assert result.stderr.decode().endswith("brief.md: permission denied\n")


def test_permission_denied_is_reported_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Root ignores directory permissions, so the refusal is simulated where it happens.
    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(atomic.os, "open", refuse)
    assert main(["export", str(MINI), "-o", str(tmp_path / "brief.md")]) == 2
    monkeypatch.undo()
    assert capsys.readouterr().err == (
        f"briefing export: cannot write {tmp_path / 'brief.md'}: permission denied\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_full_disk_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", full)
    assert main(["export", str(MINI), "-o", str(tmp_path / "brief.md")]) == 2
    monkeypatch.undo()
    assert capsys.readouterr().err.endswith("brief.md: no space left on device\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_standard_output_is_a_clear_error() -> None:
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "briefing", "export", str(MINI)],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
        )
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [
        "briefing export: cannot write standard output: No space left on device"
    ]


def test_invalid_briefing_exits_1_with_the_validate_messages(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text().replace("as_of: 2025-11-10", "as_of: 2025-13-10"))
    export = run_export(str(bad))
    validate = subprocess.run(
        [sys.executable, "-m", "briefing", "validate", str(bad)], capture_output=True, timeout=60
    )
    assert export.returncode == 1 and export.stdout == b""
    assert export.stderr == validate.stderr and b"bad.yaml:" in export.stderr


def test_unknown_about_and_bad_usage_exit_2(tmp_path: Path) -> None:
    unknown = run_export(str(MINI), "--about", "nobody")
    assert unknown.returncode == 2
    assert unknown.stderr.decode().startswith("briefing export: --about 'nobody' is not")
    usage = run_export(str(MINI), "--no-such-option")
    assert usage.returncode == 2 and b"usage:" in usage.stderr


def test_writing_to_a_pipe_writes_into_it_and_leaves_it_a_pipe(tmp_path: Path) -> None:
    # Renaming a temporary file over a device or pipe would replace it (as root,
    # `-o /dev/null` once turned /dev/null into a regular file).
    import stat
    import threading

    from briefing.core.export import write_brief

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    write_brief(fifo, "# brief\n")
    reader.join(timeout=10)
    assert received == ["# brief\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_announced_controls_rank_after_the_newest_and_before_older_ones() -> None:
    # On the page, what changes next matters more than how long an old control has held.
    text = MINI.read_text(encoding="utf-8")
    text = text.replace(
        "  - symbol: Nd\n    category: light-rare-earth\n    uses: [magnets]\n",
        "  - symbol: Nd\n    category: light-rare-earth\n    uses: [magnets]\n"
        "    controls:\n      - since: 2025-12-01\n        measure: Licence\n",
    ).replace(
        "  - symbol: Ga\n    category: other-critical\n",
        "  - symbol: Ga\n    category: other-critical\n"
        "    controls:\n      - since: 2023\n        measure: Licence\n",
    )
    briefing = load_bytes(text.encode(), "mini")
    headings = [group.heading for group in element_groups(briefing, briefing.elements)]
    assert headings == [
        "Under export control since 4 Apr 2025",
        "Export control announced, from 1 Dec 2025",
        "Under export control since 2023",
        "Control lifted or paused, 10 Nov 2025",
    ]


@pytest.mark.parametrize("make", [lambda base: base / "missing.yaml", lambda base: base])
def test_an_unreadable_input_path_is_a_file_system_error(tmp_path: Path, make, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["export", str(make(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert err.startswith("briefing export: cannot read ") and "Traceback" not in err
