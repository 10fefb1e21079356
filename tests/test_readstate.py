"""The read state: what is new since the last visit, and state files that cannot be used."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from diff_support import MINI, changed, next_version

from briefing.cli import main
from briefing.core.dates import PartialDate
from briefing.core.digest import item_digest
from briefing.core.loader import load_briefing
from briefing.core.model import Actor, ActorKind, Briefing, Control, Element, Event, Quote
from briefing.core.readstate import (
    MAX_STATE_BYTES,
    ReadMarks,
    item_digests,
    load_marks,
    save_read,
    state_directory,
    state_file,
)


@pytest.fixture(scope="module")
def mini() -> Briefing:
    return load_briefing(MINI)


def test_the_state_directory_follows_xdg_state_home(tmp_path: Path) -> None:
    assert state_directory({"XDG_STATE_HOME": str(tmp_path)}) == tmp_path / "briefing" / "read"
    home = Path.home() / ".local" / "state" / "briefing" / "read"
    assert state_directory({}) == home
    # The XDG rule: a relative path is ignored.
    assert state_directory({"XDG_STATE_HOME": "relative/dir"}) == home


def test_the_first_visit_marks_nothing_and_says_so(mini: Briefing, tmp_path: Path) -> None:
    marks = load_marks(mini, tmp_path)
    assert marks == ReadMarks(first_visit=True)
    assert marks.summary() == "first visit"
    assert marks.mark("events", "april-controls") is None


def test_the_next_visit_marks_what_is_new_or_changed(mini: Briefing, tmp_path: Path) -> None:
    assert save_read(mini, tmp_path) is None
    same = load_marks(load_briefing(MINI), tmp_path)
    assert not same.first_visit and same.summary() == "nothing new" and same.note is None

    later = changed(mini, next_version)
    marks = load_marks(later, tmp_path)
    point_keys = {key for key in item_digests(later) if key.startswith("key_points/")}
    old_point_keys = {key for key in item_digests(mini) if key.startswith("key_points/")}
    assert marks.new == {"events/december-talks", "elements/Sm"} | (point_keys - old_point_keys)
    assert marks.changed == {"quotes/minister-talks"}
    assert marks.summary() == "3 new · 1 changed"
    assert marks.mark("events", "december-talks") == "new"
    assert marks.mark("quotes", "minister-talks") == "changed"
    assert marks.mark("quotes", "remark") is None
    # What was read is what the briefing held at the last save.
    assert save_read(later, tmp_path) is None
    assert load_marks(later, tmp_path).summary() == "nothing new"


def test_the_file_is_small_versioned_json_written_atomically(
    mini: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_read(mini, tmp_path)
    path = state_file("mini", tmp_path)
    data = json.loads(path.read_text())
    assert data["format"] == 1 and data["briefing"] == "mini"
    assert data["items"] == item_digests(mini)
    sections = ("sources", "events", "elements", "actors", "quotes", "figures", "key_points")
    assert len(data["items"]) == sum(len(getattr(mini, section)) for section in sections)
    before = path.read_bytes()

    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    note = save_read(changed(mini, next_version), tmp_path)
    assert note is not None and "No space left on device" in note
    # The old file is whole, and no temporary file is left behind.
    assert path.read_bytes() == before
    assert [entry.name for entry in tmp_path.iterdir()] == ["mini.json"]


# --- awkward state files: ignored with a note, never a crash ---------------------------------


def ignored(mini: Briefing, directory: Path) -> str:
    marks = load_marks(mini, directory)
    assert marks.first_visit and not marks.new and not marks.changed
    assert marks.note is not None and str(state_file("mini", directory)) in marks.note
    return marks.note


def test_a_state_file_from_another_briefing_is_ignored(mini: Briefing, tmp_path: Path) -> None:
    other = changed(mini, lambda d: d.update(id="other"))
    save_read(other, tmp_path)
    os.replace(state_file("other", tmp_path), state_file("mini", tmp_path))
    assert "another briefing ('other')" in ignored(mini, tmp_path)


def test_a_truncated_state_file_is_ignored(mini: Briefing, tmp_path: Path) -> None:
    save_read(mini, tmp_path)
    path = state_file("mini", tmp_path)
    whole = path.read_bytes()
    for cut in (len(whole) // 2, 1, 0):
        path.write_bytes(whole[:cut])
        assert "truncated or corrupt" in ignored(mini, tmp_path)


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe not utf-8",
        b"[" * 100_000 + b"]" * 100_000,
        b'"just a string"',
        b'{"format": 1, "briefing": "mini", "items": {"events/x": 3}}',
        b'{"format": 1, "briefing": "mini", "items": []}',
        b'{"format": 99, "briefing": "mini", "items": {}}',
    ],
)
def test_a_corrupt_state_file_is_ignored(mini: Briefing, tmp_path: Path, content: bytes) -> None:
    state_file("mini", tmp_path).write_bytes(content)
    ignored(mini, tmp_path)


def test_a_huge_state_file_is_refused_unread(
    mini: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = state_file("mini", tmp_path)
    with open(path, "wb") as handle:
        handle.truncate(MAX_STATE_BYTES + 1)  # sparse: costs no disk
    opened: list[object] = []
    real_open = open
    monkeypatch.setattr(
        "builtins.open", lambda *args, **kwargs: opened.append(args) or real_open(*args, **kwargs)
    )
    assert "larger than 4 MiB" in ignored(mini, tmp_path)
    assert opened == []


def test_something_other_than_a_file_is_ignored(mini: Briefing, tmp_path: Path) -> None:
    path = state_file("mini", tmp_path)
    path.mkdir()
    assert "not a regular file" in ignored(mini, tmp_path)
    path.rmdir()
    os.mkfifo(path)  # would block a plain open() for ever
    assert "not a regular file" in ignored(mini, tmp_path)


def test_a_state_directory_that_cannot_be_written_gives_a_note(
    mini: Briefing, tmp_path: Path
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the directory should be")
    note = save_read(mini, blocked / "read")
    assert note is not None and note.startswith(f"read state not saved to {blocked}")
    assert load_marks(mini, blocked / "read").first_visit


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_state_directory_gives_a_note(mini: Briefing, tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        note = save_read(mini, tmp_path)
    finally:
        tmp_path.chmod(0o700)
    assert note is not None and note.startswith(f"read state not saved to {tmp_path}")


def test_an_unreadable_state_file_is_ignored(
    mini: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_read(mini, tmp_path)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", refuse)
    assert "Permission denied" in ignored(mini, tmp_path)


# --- the reader ------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


Reader = Callable[..., tuple[int, str]]


@pytest.fixture
def reader(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Reader:
    """Runs ``briefing ARGS`` as if in a terminal, the reader quitting at once; returns the
    exit status and standard error. The state directory is ``tmp_path/briefing/read``."""
    from briefing.ui.app import BriefingApp

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.delenv("BRIEFING_SERVED", raising=False)
    # Quits as soon as it has the briefing: before its first frame.
    monkeypatch.setattr(BriefingApp, "run", lambda app: app.on_load())

    def run(*args: str) -> tuple[int, str]:
        # Set when called: pytest puts its own capture back between setup and the test.
        err = io.StringIO()
        with monkeypatch.context() as patch:
            patch.setattr(sys, "stdin", Terminal())
            patch.setattr(sys, "stdout", Terminal())
            patch.setattr(sys, "stderr", err)
            status = main(list(args))
        return status, err.getvalue()

    return run


def test_quitting_the_reader_records_what_was_read(reader: Reader, tmp_path: Path) -> None:
    assert reader(str(MINI)) == (0, "")
    saved = tmp_path / "briefing" / "read" / "mini.json"
    assert json.loads(saved.read_text())["briefing"] == "mini"


def test_no_state_and_served_readers_write_nothing(
    reader: Reader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert reader(str(MINI), "--no-state") == (0, "")
    assert not (tmp_path / "briefing").exists()
    monkeypatch.setenv("BRIEFING_SERVED", "ssh")
    assert reader(str(MINI)) == (0, "")
    assert not (tmp_path / "briefing").exists()


def test_a_state_directory_that_cannot_be_written_is_a_note_after_quitting(
    reader: Reader, tmp_path: Path
) -> None:
    (tmp_path / "briefing").mkdir()
    (tmp_path / "briefing" / "read").write_text("not a directory")
    status, err = reader(str(MINI))
    assert status == 0
    assert err.startswith("briefing: read state not saved to ") and err.count("\n") == 1
    assert err.endswith("read is not a directory\n")


def test_a_public_server_starts_readers_without_state(tmp_path: Path) -> None:
    pytest.importorskip("asyncssh", reason="needs the ssh extra (asyncssh)")
    from briefing.serve.server import ServeOptions

    assert "--no-state" in ServeOptions(briefing=MINI, public=True).reader_command()


def test_digests_stay_those_that_state_files_already_hold() -> None:
    """A state file saved by an earlier version must still match the items it recorded:
    these digests were written by the reader before its digests were made faster."""
    event = Event(
        id="e1",
        date=PartialDate.parse("2025-04"),
        title="Café controls",
        summary="Seven “rare” earths",
        sources=["s1"],
        actors=["a"],
        elements=["Dy"],
        key=True,
    )
    control = Control(
        since=PartialDate.parse("2025-04-04"),
        measure="licence",
        event="e1",
        until=PartialDate.parse("2025-11"),
    )
    element = Element(symbol="Dy", category="heavy", uses=["magnets"], controls=[control])
    actor = Actor(id="a", name="An agency", kind=ActorKind.AGENCY, sources=["s1"])
    quote = Quote(id="q", text="Yes", speaker="a", source="s1", elements=("Dy",))
    assert item_digest(event) == "2901b412907a6195e71ae220"
    assert item_digest(event, without_id=True) == "f7425a28a62015c13741e55c"
    assert item_digest(element) == "806f60868e68d51807ee9f6b"
    assert item_digest(actor) == "15fa81c8b421516ad39636e9"
    assert item_digest(quote) == "467ce14c9781a2988303f165"
    assert item_digest(quote, without_id=True) == "9076642856b4427bfec3df37"
