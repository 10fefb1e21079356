"""``briefing diff``: what changed between two versions (Markdown, JSON) and its exit status."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from diff_support import MINI, Data, changed, item
from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefing.cli import main
from briefing.core import validation
from briefing.core.diff import (
    SECTIONS,
    BriefingDiff,
    diff_briefings,
    diff_data,
    diff_markdown,
)
from briefing.core.digest import item_digest
from briefing.core.loader import load_briefing
from briefing.core.model import Briefing


@pytest.fixture(scope="module")
def mini() -> Briefing:
    return load_briefing(MINI)


def write(path: Path, briefing: Briefing) -> Path:
    path.write_text(yaml.safe_dump(validation.to_data(briefing), sort_keys=False))
    return path


def parse(markdown: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("strikethrough").parse(markdown)


def shown(inline: Token) -> str:
    """The text an inline token shows, with markup removed."""
    return "".join(child.content for child in inline.children or [] if child.content)


def one_change(diff: BriefingDiff) -> tuple[str, str]:
    """(section, kind) of the only section that changed, for edits that touch one item."""
    found = []
    for section in diff.sections:
        for kind in ("added", "removed", "changed", "renamed"):
            if getattr(section, kind):
                found.append((section.section, kind))
    assert len(found) == 1, found
    return found[0]


# --- what is found -------------------------------------------------------------------------


def test_a_briefing_against_itself_is_identical(mini: Briefing) -> None:
    diff = diff_briefings(mini, load_briefing(MINI))
    assert diff.identical
    assert diff.counts() == {"added": 0, "removed": 0, "changed": 0, "renamed": 0}
    assert "identical" in diff_markdown(diff, "a.yaml", "b.yaml")


EDITS: dict[str, tuple[Callable[[Data], None], tuple[str, str]]] = {
    "event added": (
        lambda d: d["events"].append(
            {
                "id": "new-event",
                "date": "2025-11-01",
                "title": "A new event",
                "summary": "Something happened.",
                "sources": ["wire"],
            }
        ),
        ("events", "added"),
    ),
    "quote removed": (
        lambda d: d["quotes"].pop(),
        ("quotes", "removed"),
    ),
    "figure changed": (
        lambda d: item(d, "figures", "mining-share").update(value="71%"),
        ("figures", "changed"),
    ),
    "actor renamed": (
        lambda d: item(d, "actors", "country").update(id="land"),
        # Every reference to the id changes with it, so the referring actors change too.
        ("actors", "renamed"),
    ),
    "source changed": (
        lambda d: item(d, "sources", "daily").update(title="Talks resumed in October"),
        ("sources", "changed"),
    ),
    "element added": (
        lambda d: d["elements"].append({"symbol": "Sm", "category": "light-rare-earth"}),
        ("elements", "added"),
    ),
    "control changed": (
        lambda d: item(d, "elements", "Ho")["controls"][0].update(until="2025-11-20"),
        ("elements", "changed"),
    ),
    "key point added": (
        lambda d: d["key_points"].append({"text": "Talks resumed.", "sources": ["daily"]}),
        ("key_points", "added"),
    ),
    "key point now names an element": (
        lambda d: d["key_points"][0].update(elements=["Dy"]),
        ("key_points", "changed"),
    ),
    "key point reworded": (
        lambda d: d["key_points"][0].update(text="Controls on two elements began in April."),
        ("key_points", "changed"),
    ),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_each_kind_of_edit_is_found_in_its_section(mini: Briefing, name: str) -> None:
    edit, (section, kind) = EDITS[name]
    new = changed(mini, edit)
    diff = diff_briefings(mini, new)
    assert not diff.identical
    found = getattr(diff.section(section), kind)  # type: ignore[arg-type]
    assert len(found) == 1
    if name != "actor renamed":
        assert one_change(diff) == (section, kind)
    # Going back finds the opposite.
    back = diff_briefings(new, mini)
    opposite = {"added": "removed", "removed": "added"}.get(kind, kind)
    assert len(getattr(back.section(section), opposite)) == 1  # type: ignore[arg-type]


def test_identical_exactly_when_the_briefings_are_equal(mini: Briefing) -> None:
    for edit, _ in EDITS.values():
        new = changed(mini, edit)
        assert diff_briefings(mini, new).identical == (new == mini)
    reordered = changed(mini, lambda d: d["events"].reverse())
    diff = diff_briefings(mini, reordered)
    assert not diff.identical and diff.section("events").reordered
    assert "another order" in diff_markdown(diff, "a", "b")


def test_items_are_named_by_title_name_label_or_text(mini: Briefing) -> None:
    def edit(d: Data) -> None:
        for section in ("events", "actors", "quotes", "figures", "sources"):
            d[section].pop(0)
        d["elements"].pop(0)

    diff = diff_briefings(mini, changed(mini, edit))
    names = {section.section: section.removed[0].name for section in diff.sections[1:]}
    assert names == {
        "sources": "Controls tightened",
        "events": "An old remark",
        "elements": "Dysprosium (Dy)",
        "actors": "Old Leader",
        "quotes": "The Middle East has oil; we have minerals [sic].",
        "figures": "Share of world mining",
    }


def test_a_change_lists_each_field_old_and_new_word_by_word(mini: Briefing) -> None:
    def edit(d: Data) -> None:
        event = item(d, "events", "april-controls")
        event["title"] = "Licences now required for Dy and Tb exports"
        event["date"] = "2025-04-05"
        event["tags"] = ["export-controls", "licences"]
        event["note"] = "Added later."

    change = diff_briefings(mini, changed(mini, edit)).section("events").changed[0]
    assert change.id == "april-controls"
    by_field = {field.field: field for field in change.fields}
    assert list(by_field) == ["date", "title", "tags", "note"]
    assert (by_field["date"].old, by_field["date"].new) == ("2025-04-04", "2025-04-05")
    title = by_field["title"]
    assert [(run.kind, run.old, run.new) for run in title.words] == [
        ("same", "Licences", "Licences"),
        ("added", "", "now"),
        ("same", "required for Dy and Tb", "required for Dy and Tb"),
        ("added", "", "exports"),
    ]
    assert by_field["tags"].added == ("licences",) and by_field["tags"].removed == ()
    assert (by_field["note"].old, by_field["note"].new) == (None, "Added later.")
    markdown = diff_markdown(diff_briefings(mini, changed(mini, edit)), "a", "b")
    assert "  - title: Licences **now** required for Dy and Tb **exports**" in markdown
    assert "  - date: ~~2025-04-04~~ → **2025-04-05**" in markdown
    assert "  - tags: added licences" in markdown
    assert "  - note (added): **Added later.**" in markdown


def test_long_unchanged_text_is_cut_around_the_change(mini: Briefing) -> None:
    words = " ".join(f"w{n}" for n in range(30))
    old = changed(mini, lambda d: d.update(summary=words))
    new = changed(mini, lambda d: d.update(summary=words.replace("w15", "changed")))
    line = diff_markdown(diff_briefings(old, new), "a", "b").split("- summary: ")[1]
    assert line.startswith("… w11 w12 w13 w14 ~~w15~~ → **changed** w16 w17 w18 w19 …\n")


def test_top_level_changes_are_listed(mini: Briefing) -> None:
    def edit(d: Data) -> None:
        d["as_of"] = "2025-12-01"
        d["title"] = "Mini briefing, revised"
        d["subtitle"] = None
        d["summary"] = d["summary"] + " Updated in December."
        del d["subtitle"]

    diff = diff_briefings(mini, changed(mini, edit))
    assert [field.field for field in diff.top] == ["title", "subtitle", "as_of", "summary"]
    assert diff.top[1].new is None
    markdown = diff_markdown(diff, "a", "b")
    assert "## Top level" in markdown
    assert "- subtitle (removed): ~~A fixture for tests~~" in markdown


def test_a_new_id_with_the_same_content_is_a_rename(mini: Briefing) -> None:
    renamed = changed(mini, lambda d: item(d, "figures", "mining-share").update(id="mine-share"))
    section = diff_briefings(mini, renamed).section("figures")
    assert [(r.old_id, r.new_id, r.name) for r in section.renamed] == [
        ("mining-share", "mine-share", "Share of world mining")
    ]
    assert not section.added and not section.removed
    assert "`mining-share` → `mine-share`: Share of world mining" in diff_markdown(
        diff_briefings(mini, renamed), "a", "b"
    )

    def edit(d: Data) -> None:
        item(d, "figures", "mining-share").update(id="mine-share", value="72%")

    # A new id and new content: nothing says they are the same item.
    section = diff_briefings(mini, changed(mini, edit)).section("figures")
    assert not section.renamed and len(section.added) == len(section.removed) == 1


def test_digests_ignore_the_id_only_when_asked(mini: Briefing) -> None:
    renamed = changed(mini, lambda d: item(d, "quotes", "remark").update(id="said"))
    before, after = mini.quotes[0], renamed.quotes[0]
    assert item_digest(before) != item_digest(after)
    assert item_digest(before, without_id=True) == item_digest(after, without_id=True)
    assert item_digest(before) == item_digest(load_briefing(MINI).quotes[0])


def test_a_big_briefing_is_compared_item_by_item(mini: Briefing) -> None:
    from briefing.devtools.synthetic import synthetic_briefing

    big = synthetic_briefing(mini, 20)

    def edit(d: Data) -> None:
        d["events"] = [e for e in d["events"] if not e["id"].endswith("-7")]
        item(d, "quotes", "remark-3")["text"] = "Changed."
        item(d, "figures", "mining-share-5")["id"] = "moved-5"

    diff = diff_briefings(big, changed(big, edit))
    assert len(diff.section("events").removed) == len(mini.events)
    assert [c.id for c in diff.section("quotes").changed] == ["remark-3"]
    assert [r.new_id for r in diff.section("figures").renamed] == ["moved-5"]


# --- Markdown ------------------------------------------------------------------------------

HOSTILE_NAME = "# Heading *bold* [link](https://x.example) <b>html</b> | cell `code` ~~gone~~"


def test_markdown_has_real_headings_and_lists_and_escapes_briefing_text(
    mini: Briefing,
) -> None:
    def edit(d: Data) -> None:
        d["events"].append(
            {
                "id": "hostile",
                "date": "2025-11-01",
                "title": HOSTILE_NAME,
                "summary": "1. Not a list",
                "sources": ["wire"],
            }
        )
        item(d, "actors", "leader")["name"] = "- Not a list item"
        item(d, "quotes", "remark")["text"] = "Oil [sic] and *minerals*."
        d["quotes"].pop()
        d["title"] = "<script>Mini</script>"

    new = changed(mini, edit)
    markdown = diff_markdown(diff_briefings(mini, new), "old.yaml", "new.yaml")
    tokens = parse(markdown)
    headings = [
        (token.tag, shown(tokens[index + 1]))
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]
    assert headings == [
        ("h1", "Changes to <script>Mini</script>"),
        ("h2", "Top level"),
        ("h2", "Events"),
        ("h3", "Events added"),
        ("h2", "Actors"),
        ("h3", "Actors changed"),
        ("h2", "Quotes"),
        ("h3", "Quotes removed"),
        ("h3", "Quotes changed"),
    ]
    # Heading levels go down one at a time, and no two headings say the same thing.
    levels = [int(tag[1]) for tag, _ in headings]
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    assert len({text for _, text in headings}) == len(headings)
    kinds = {token.type for token in tokens}
    assert "bullet_list_open" in kinds
    # Briefing text never opens a link, HTML, code, emphasis of its own, or an ordered list.
    assert not kinds & {"link_open", "html_block", "html_inline", "ordered_list_open"}
    inline = [token for token in tokens if token.type == "inline"]
    added = next(token for token in inline if "Heading" in token.content)
    assert shown(added) == f"{HOSTILE_NAME} (hostile)"
    children = [child.type for token in inline for child in token.children or []]
    assert "code_inline" in children  # the ids, written by diff itself
    # Briefing text never makes emphasis: diff writes only ** (added) and ~~ (removed).
    assert "em_open" not in children
    assert any(child == "strong_open" for child in children)
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")
    assert "\n\n\n" not in markdown


def test_markdown_lists_every_section_with_changes_and_nothing_else(mini: Briefing) -> None:
    new = changed(mini, lambda d: d["figures"].pop())
    markdown = diff_markdown(diff_briefings(mini, new), "a", "b")
    assert "## Figures" in markdown and "### Figures removed" in markdown
    assert "## Events" not in markdown and "## Top level" not in markdown
    assert "- Elements under licence in April (`controlled-count`)" in markdown


# --- JSON ----------------------------------------------------------------------------------


def test_json_has_a_stable_shape(mini: Briefing) -> None:
    def edit(d: Data) -> None:
        item(d, "figures", "mining-share")["value"] = "71%"
        item(d, "quotes", "remark")["id"] = "said"
        d["as_of"] = "2025-11-11"

    data = diff_data(diff_briefings(mini, changed(mini, edit)), "old.yaml", "new.yaml")
    data = json.loads(json.dumps(data))
    assert set(data) == {"diff_format", "identical", "old", "new", "counts", "top", "sections"}
    assert data["diff_format"] == 1 and data["identical"] is False
    assert data["old"] == {
        "file": "old.yaml",
        "id": "mini",
        "title": "Mini briefing",
        "as_of": "2025-11-10",
    }
    assert list(data["sections"]) == list(SECTIONS)
    for section in data["sections"].values():
        assert set(section) == {"added", "removed", "changed", "renamed", "reordered"}
    assert data["counts"] == {"added": 0, "removed": 0, "changed": 1, "renamed": 1}
    figure = data["sections"]["figures"]["changed"][0]
    assert figure["id"] == "mining-share" and figure["name"] == "Share of world mining"
    assert figure["fields"] == [
        {
            "field": "value",
            "old": "70%",
            "new": "71%",
            "words": [{"kind": "replaced", "old": "70%", "new": "71%"}],
            "added": [],
            "removed": [],
        }
    ]
    assert data["sections"]["quotes"]["renamed"] == [
        {"old_id": "remark", "new_id": "said", "name": mini.quotes[0].text}
    ]
    assert data["top"][0]["field"] == "as_of"


# --- the command ---------------------------------------------------------------------------


@pytest.fixture
def versions(tmp_path: Path, mini: Briefing) -> tuple[Path, Path]:
    old = write(tmp_path / "old.yaml", mini)
    new = write(
        tmp_path / "new.yaml",
        changed(mini, lambda d: item(d, "events", "may-talks").update(title="Talks in June")),
    )
    return old, new


def test_command_exit_0_when_identical(
    versions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = versions
    assert main(["diff", str(old), str(MINI)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Changes to Mini briefing\n") and "identical" in out
    assert main(["diff", "--format", "json", str(old), str(MINI)]) == 0
    assert json.loads(capsys.readouterr().out)["identical"] is True


def test_command_exit_1_when_different_in_markdown_and_json(
    versions: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = versions
    assert main(["diff", str(old), str(new)]) == 1
    captured = capsys.readouterr()
    assert "  - title: Talks in ~~May~~ → **June**" in captured.out
    assert captured.err == ""
    assert main(["diff", str(old), str(new), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["sections"]["events"]["changed"][0]["id"] == "may-talks"


def test_command_reads_one_version_from_standard_input(
    versions: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old, new = versions
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(new.read_bytes())))
    assert main(["diff", str(old), "-"]) == 1
    assert "to standard input" in capsys.readouterr().out
    assert main(["diff", "-", "-"]) == 2
    assert "only one" in capsys.readouterr().err


def test_command_exit_2_for_an_invalid_briefing_with_validates_messages(
    versions: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = versions
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINI.read_text().replace("title: Mini briefing", "titel: Mini briefing"))
    assert main(["validate", str(broken)]) == 1
    expected = capsys.readouterr().err
    assert expected.startswith(f"{broken}:")
    assert main(["diff", str(old), str(broken)]) == 2
    captured = capsys.readouterr()
    assert captured.err == expected and captured.out == ""
    # Both versions are checked, and every problem is printed.
    assert main(["diff", str(broken), str(broken), "--format", "json"]) == 2
    assert capsys.readouterr().err == expected * 2


def test_command_exit_2_for_a_missing_file_or_bad_usage(
    versions: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, _ = versions
    missing = tmp_path / "missing.yaml"
    assert main(["diff", str(old), str(missing)]) == 2
    assert capsys.readouterr().err.startswith(f"briefing diff: cannot read {missing}: ")
    assert main(["diff", str(old), str(tmp_path)]) == 2
    capsys.readouterr()
    usages = (
        ["diff", str(old)],
        ["diff", str(old), str(old), "--format", "html"],
        ["diff", str(old), ""],
        ["export", "--since", "", str(old)],
    )
    for usage in usages:
        with pytest.raises(SystemExit) as exited:
            main(usage)
        assert exited.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith(f"usage: briefing {usage[0]}")
        assert len([line for line in err.splitlines() if ": error: " in line]) == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_command_exit_2_when_the_output_cannot_be_written(versions: tuple[Path, Path]) -> None:
    old, new = versions
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "briefing", "diff", str(old), str(new)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.startswith("briefing diff: cannot write standard output: ")
    assert done.stderr.count("\n") == 1


@pytest.mark.parametrize("other", ["hostile", "next"])
def test_the_markdown_passes_the_linter(other: str, mini: Briefing, tmp_path: Path) -> None:
    from test_export_lint import lint

    from briefing.devtools.synthetic import synthetic_briefing

    if other == "hostile":
        new = load_briefing(Path(__file__).parent / "data" / "hostile.yaml")
    else:
        new = changed(synthetic_briefing(mini, 2), lambda d: d["quotes"].pop())
    markdown = diff_markdown(diff_briefings(mini, new), "old.yaml", "-new.yaml")
    assert lint(markdown, tmp_path) == ""
