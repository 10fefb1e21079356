"""The copy of a library a server makes for each reader session: the reader lists it as it
would by validating the copy, opens only the briefing chosen, and never imports the loader."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from library_support import BUNDLED, MINI_BROKEN, MINI_TEXT, variant, write_edit
from ui_support import MINI, WIDE, notices, ready, screen_lines

from briefing.cli.boot import library_shelf
from briefing.core.catalogue import Entry
from briefing.core.library import Library
from briefing.core.loader import load_briefing
from briefing.serve.policy import SERVED_MARKER
from briefing.serve.published import Published
from briefing.serve.snapshot import CATALOGUE, SERVED, ServedLibrary, remove_snapshot
from briefing.ui.app import BriefingApp
from briefing.ui.screens.library import LibraryScreen
from briefing.ui.screens.main import MainScreen

ROOT = Path(__file__).resolve().parents[1]




@pytest.fixture
def snapshot(tmp_path: Path) -> Iterator[Path]:
    """A session's copy of a library with a valid briefing of each kind, a file that never
    validated, two files with one id, and a broken edit of a file served before."""
    folder = tmp_path / "briefings"
    folder.mkdir()
    write_edit(folder / "mini.yaml", MINI_TEXT)
    write_edit(folder / "ports.yml", variant("ports", "Ports in winter", "2025-12-01"))
    write_edit(folder / "rare-earths.yaml", BUNDLED.read_text(encoding="utf-8"))
    write_edit(folder / "broken.yaml", "format: 1\nid: [\n")
    write_edit(folder / "twin-a.yaml", variant("twin", "Twin", "2025-01-01"))
    write_edit(folder / "twin-b.yaml", variant("twin", "Twin", "2025-01-01"))
    published = Published(folder)
    published.catalogue()  # the server has seen the valid version of ports.yml
    write_edit(folder / "ports.yml", MINI_BROKEN)
    made = published.snapshot()
    yield made
    remove_snapshot(made)


def _listed(entries: Iterable[Entry]) -> list[tuple[object, ...]]:
    return [(entry.path, entry.briefing, entry.problem, entry.clash) for entry in entries]


def test_the_reader_lists_the_copy_as_it_would_by_validating_it(
    snapshot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(snapshot)  # as the server runs the reader: in the copy, on "."
    served = ServedLibrary.read(Path("."))
    assert served is not None
    validated = Library(Path("."))
    listed, found = served.refresh(), validated.refresh()
    assert _listed(listed.entries) == _listed(found.entries)
    assert [entry.path.name for entry in listed.entries] == [
        "ports.yml",
        "mini.yaml",
        "rare-earths.yaml",
        "twin-a.yaml",
        "twin-b.yaml",
        "broken.yaml",
    ]
    assert (listed.entries[-1].problem or "").startswith("broken.yaml:3:1: ")
    for entry, same in zip(listed.entries, found.entries, strict=True):
        if entry.servable:
            assert served.briefing(entry) == validated.briefing(same)
    assert served.briefing(listed.entries[0]).title == "Ports in winter"  # the last valid


def test_the_briefing_the_server_validated_is_opened_only_from_a_private_file(
    snapshot: Path,
) -> None:
    served = ServedLibrary.read(snapshot)
    assert served is not None
    entry = served.refresh().find("mini")
    assert entry is not None
    kept = snapshot / SERVED / "mini.yaml.pickle"
    doctored = replace(load_briefing(MINI), title="Doctored")
    kept.write_bytes(pickle.dumps(doctored))
    assert served.briefing(entry).title == "Doctored"  # the server's pickle, not the file
    kept.chmod(0o664)  # another may have written it: the copy is validated instead
    assert served.briefing(entry).title == "Mini briefing"


def test_a_catalogue_made_by_other_code_is_not_used(
    snapshot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SERVED_MARKER, "ssh")
    assert isinstance(library_shelf(snapshot), ServedLibrary)
    listed = snapshot / SERVED / CATALOGUE
    made = json.loads(listed.read_text(encoding="utf-8"))
    listed.write_text(json.dumps({**made, "code": "00" * 32}), encoding="utf-8")
    assert ServedLibrary.read(snapshot) is None
    assert isinstance(library_shelf(snapshot), Library)


@pytest.mark.parametrize("opened", ["copy", "served"])
def test_a_copy_anyone_else_may_enter_is_not_taken_for_the_servers(
    snapshot: Path, opened: str
) -> None:
    # As a folder unpacked from an archive would be (0755): it is validated instead.
    assert ServedLibrary.read(snapshot) is not None
    (snapshot if opened == "copy" else snapshot / SERVED).chmod(0o755)
    assert ServedLibrary.read(snapshot) is None


def test_the_server_names_the_code_it_runs_when_it_starts(tmp_path: Path) -> None:
    # Not at its first session: code installed meanwhile would be named for what the
    # old code validated and pickled.
    from briefing.core.cache import code_fingerprint

    code_fingerprint.cache_clear()
    Published(tmp_path)
    assert code_fingerprint.cache_info().currsize == 1


def test_a_reader_that_is_not_served_validates_the_folder_itself(
    snapshot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SERVED_MARKER, raising=False)
    assert isinstance(library_shelf(snapshot), Library)


def test_the_served_reader_lists_and_opens_without_the_loader(snapshot: Path) -> None:
    # What the reader runs before the library's first frame, then Enter on a briefing.
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefing.cli.boot import library_shelf\n"
        "shelf = library_shelf(Path('.'))\n"
        "import briefing.ui.app, briefing.ui.screens.library\n"
        "entry = shelf.refresh().find('rare-earths-2025')\n"
        "briefing = shelf.briefing(entry)\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'yaml'})\n"
        "print(type(shelf).__name__, briefing.id, len(briefing.events), loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=snapshot,
        env={**os.environ, SERVED_MARKER: "ssh", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "ServedLibrary rare-earths-2025 42 []", done.stderr


async def test_enter_opens_the_briefing_the_server_validated(snapshot: Path) -> None:
    served = ServedLibrary.read(snapshot)
    assert served is not None
    app = BriefingApp(None, library=served, catalogue=served.refresh())
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        assert "Library: 3 briefings · 3 cannot be opened" in screen_lines(app)[0]
        await pilot.press("j", "enter")  # the second: Mini briefing
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.briefing.id == "mini"
        await pilot.press("0")
        await ready(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_a_briefing_that_cannot_be_had_is_not_opened(snapshot: Path) -> None:
    served = ServedLibrary.read(snapshot)
    assert served is not None
    (snapshot / SERVED / "mini.yaml.pickle").unlink()
    (snapshot / "mini.yaml").unlink()
    app = BriefingApp(None, library=served, catalogue=served.refresh())
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("j", "enter")
        await ready(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert not app.opened
        assert any(notice.startswith("Cannot be opened: ") for notice in notices(app))


def test_copies_share_one_file_per_version_and_keep_theirs_after_an_edit(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "briefings"
    folder.mkdir()
    write_edit(folder / "mini.yaml", MINI_TEXT)
    published = Published(folder)
    first, second = published.snapshot(), published.snapshot()
    try:
        # Linked, not written again: one file for both sessions' copies.
        for name in ("mini.yaml", f"{SERVED}/mini.yaml.pickle"):
            assert (first / name).stat().st_ino == (second / name).stat().st_ino
            assert (first / name).stat().st_mode & 0o777 == 0o600
        write_edit(folder / "mini.yaml", variant("mini", "Mini, edited", "2025-11-11"))
        third = published.snapshot()
        assert "Mini, edited" in (third / "mini.yaml").read_text(encoding="utf-8")
        # An open session keeps the version it was given.
        assert (first / "mini.yaml").read_text(encoding="utf-8") == MINI_TEXT
        served = ServedLibrary.read(first)
        assert served is not None
        entry = served.refresh().find("mini")
        assert entry is not None and served.briefing(entry).title == "Mini briefing"
        remove_snapshot(third)
    finally:
        remove_snapshot(first)
        remove_snapshot(second)
        store = published.store.folder
        published.close()
    assert store is not None and not store.exists()
