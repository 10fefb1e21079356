"""A folder of briefings: listing, ids, edits seen on the next refresh, and limits."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from briefing.core import library
from briefing.core.library import Library, LibraryError, LibraryTooLarge, list_briefing_files

DATA = Path(__file__).parent / "data"
MINI = (DATA / "mini.yaml").read_text(encoding="utf-8")
BUNDLED = (Path(__file__).resolve().parents[1] / "content" / "rare-earths-2025.yaml").read_text(
    encoding="utf-8"
)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    # Each write a new modification time, as an editor's save would be on a slow clock.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def _renamed(text: str, new_id: str, as_of: str | None = None) -> str:
    text = text.replace("\nid: mini\n", f"\nid: {new_id}\n", 1)
    if as_of is not None:
        text = text.replace("as_of: 2025-11-10", f"as_of: {as_of}", 1)
    return text


def test_lists_newest_first_then_files_that_never_validated(tmp_path: Path) -> None:
    _write(tmp_path / "a.yaml", _renamed(MINI, "older", "2024-01-01"))
    _write(tmp_path / "b.yml", _renamed(MINI, "newer", "2025-12-01"))
    _write(tmp_path / "broken.yaml", "format: 1\nid: [\n")
    _write(tmp_path / "notes.txt", "not a briefing")
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub" / "deep.yaml", MINI)
    catalogue = Library(tmp_path).refresh()
    assert [entry.path.name for entry in catalogue.entries] == ["b.yml", "a.yaml", "broken.yaml"]
    assert catalogue.ids() == ["newer", "older"]
    broken = catalogue.entries[-1]
    assert not broken.servable
    assert broken.problem is not None
    assert re.match(rf"{re.escape(str(tmp_path))}/broken\.yaml:\d+:\d+: ", broken.problem)


def test_duplicate_ids_are_listed_with_an_error_and_not_served(tmp_path: Path) -> None:
    _write(tmp_path / "one.yaml", MINI)
    _write(tmp_path / "two.yaml", MINI)
    _write(tmp_path / "three.yaml", _renamed(MINI, "three"))
    catalogue = Library(tmp_path).refresh()
    assert catalogue.ids() == ["three"]
    assert catalogue.find("mini") is None
    clashing = [entry for entry in catalogue.entries if entry.clash]
    assert [entry.path.name for entry in clashing] == ["one.yaml", "two.yaml"]
    assert "the id 'mini' is also the id of two.yaml" in (clashing[0].problem or "")


def test_an_edit_is_seen_and_a_broken_edit_keeps_the_last_valid_version(tmp_path: Path) -> None:
    reported: list[str] = []
    folder = Library(tmp_path, on_problem=reported.append)
    path = tmp_path / "mini.yaml"
    _write(path, MINI)
    first = folder.refresh().find("mini")
    assert first is not None and first.briefing is not None
    assert first.briefing.title == "Mini briefing"

    _write(path, MINI.replace("title: Mini briefing", "title: Mini briefing, edited"))
    edited = folder.refresh().find("mini")
    assert edited is not None and edited.briefing is not None
    assert edited.briefing.title == "Mini briefing, edited"
    kept_bytes = path.read_bytes()

    _write(path, MINI.replace("title: Mini briefing", "title: [unclosed"))
    for _ in range(3):
        broken = folder.refresh().find("mini")
        assert broken is not None and broken.briefing is not None
        assert broken.briefing.title == "Mini briefing, edited"
        assert broken.raw == kept_bytes
        assert broken.problem is not None and ":4:" in broken.problem
    assert len(reported) == 1  # the error is reported once, not per refresh
    assert reported[0].startswith(f"{path}:4:")

    path.unlink()
    assert folder.refresh().entries == ()


def test_unchanged_files_are_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(5):
        _write(tmp_path / f"b{number}.yaml", _renamed(MINI, f"b{number}"))
    loads: list[str] = []
    real = library.load_bytes
    monkeypatch.setattr(
        library, "load_bytes", lambda raw, name: (loads.append(name), real(raw, name))[1]
    )
    folder = Library(tmp_path)
    folder.refresh()
    assert len(loads) == 5
    folder.refresh()
    assert len(loads) == 5
    _write(tmp_path / "b2.yaml", _renamed(MINI, "b2").replace("Mini briefing", "Changed"))
    folder.refresh()
    assert loads[5:] == [str(tmp_path / "b2.yaml")]


def test_links_out_of_the_folder_are_not_followed(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    folder.mkdir()
    outside = tmp_path / "secret.yaml"
    _write(outside, _renamed(MINI, "secret"))
    (folder / "secret.yaml").symlink_to(outside)
    _write(folder / "real.yaml", MINI)
    (folder / "alias.yaml").symlink_to(folder / "real.yaml")
    names = [path.name for path in list_briefing_files(folder)]
    assert names == ["alias.yaml", "real.yaml"]


def test_a_folder_beyond_the_limit_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(library, "MAX_FILES", 3)
    for number in range(4):
        (tmp_path / f"{number}.yaml").write_text("x", encoding="utf-8")
    with pytest.raises(LibraryTooLarge) as refused:
        Library(tmp_path).refresh()
    assert "more than 3 briefing files" in str(refused.value)
    assert "\n" not in str(refused.value)


def test_an_unreadable_folder_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(LibraryError) as refused:
        Library(tmp_path / "missing").refresh()
    missing = tmp_path / "missing"
    assert str(refused.value) == f"cannot read the folder {missing}: no such file or directory"


def test_a_mistyped_id_gets_a_suggestion(tmp_path: Path) -> None:
    _write(tmp_path / "rare.yaml", BUNDLED)
    catalogue = Library(tmp_path).refresh()
    assert catalogue.suggestion("rare-earth-2025") == "rare-earths-2025"
    assert catalogue.suggestion("zzz") is None
