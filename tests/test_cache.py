"""Validated briefings are kept, and read back only when the same bytes, the same code,
and a cache file that only this user could have written."""

from __future__ import annotations

import os
import pickle
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from ui_support import MINI

from briefing.cli import main
from briefing.core import cache, loader, preload
from briefing.core.bundled import default_briefing
from briefing.core.loader import load_briefing
from briefing.core.preload import load_in_background
from briefing.core.problems import BriefingInvalid


def wait_until(condition: Callable[[], bool], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.01)


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.pickle")) if directory.is_dir() else []


@pytest.fixture
def children(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The ids of the loading children forked during the test."""
    forked: list[int] = []
    fork = os.fork

    def recording_fork() -> int:
        child = fork()
        if child:
            forked.append(child)
        return child

    monkeypatch.setattr(os, "fork", recording_fork)
    yield forked


def ended(child: int) -> bool:
    try:
        os.kill(child, 0)  # a zombie still answers; a reaped child is gone
    except ProcessLookupError:
        return True
    return False


def refuse_to_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the briefing was validated, not read from the cache")

    monkeypatch.setattr(loader, "load_briefing", refuse)
    monkeypatch.setattr(loader, "load_bytes", refuse)


def test_a_stored_briefing_is_read_back_for_the_same_bytes(tmp_path: Path) -> None:
    raw = MINI.read_bytes()
    briefing = load_briefing(MINI)
    assert cache.store(raw, briefing, tmp_path)
    assert cache.read_cached(raw, tmp_path) == briefing
    assert cache.read_cached(raw + b"\n# edited\n", tmp_path) is None


def test_other_code_does_not_read_what_this_code_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = MINI.read_bytes()
    assert cache.store(raw, load_briefing(MINI), tmp_path)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: b"another version of the loader")
    assert cache.read_cached(raw, tmp_path) is None


def test_the_fingerprint_follows_the_core_modules(tmp_path: Path) -> None:
    """A change to a module of the core (here, a copy of it) changes every key."""
    copy = tmp_path / "briefing"
    shutil.copytree(Path(cache.__file__).parents[1], copy)
    code = (
        "from briefing.core import cache\n"
        "import sys; sys.stdout.write(cache.code_fingerprint().hex())\n"
    )
    import subprocess
    import sys

    def fingerprint() -> str:
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return done.stdout

    before = fingerprint()
    assert before == fingerprint()
    validation = copy / "core" / "validation.py"
    validation.write_text(validation.read_text() + "\n# a rule changed\n")
    assert fingerprint() != before


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda path: path.write_bytes(b"not a pickle"), id="corrupt"),
        pytest.param(lambda path: path.write_bytes(path.read_bytes()[:100]), id="cut-short"),
        pytest.param(lambda path: path.write_bytes(pickle.dumps({"id": "x"})), id="not-a-briefing"),
        pytest.param(lambda path: path.chmod(0o620), id="group-writable"),
        pytest.param(lambda path: path.parent.chmod(0o777), id="directory-writable-by-all"),
    ],
)
def test_a_cache_file_that_cannot_be_trusted_or_read_is_ignored(
    tmp_path: Path, spoil: Callable[[Path], object]
) -> None:
    raw = MINI.read_bytes()
    assert cache.store(raw, load_briefing(MINI), tmp_path)
    [kept] = entries(tmp_path)
    spoil(kept)
    assert cache.read_cached(raw, tmp_path) is None


def test_a_link_in_place_of_a_cache_file_is_not_followed(tmp_path: Path) -> None:
    raw = MINI.read_bytes()
    elsewhere = tmp_path / "elsewhere"
    assert cache.store(raw, load_briefing(MINI), elsewhere)
    [kept] = entries(elsewhere)
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    (directory / kept.name).symlink_to(kept)
    assert cache.read_cached(raw, directory) is None


def test_a_cache_that_cannot_be_written_is_done_without(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the directory would go")
    assert not cache.store(MINI.read_bytes(), load_briefing(MINI), blocked / "validated")
    assert cache.read_cached(MINI.read_bytes(), blocked / "validated") is None


def test_the_least_recently_used_go_first(tmp_path: Path) -> None:
    briefing = load_briefing(MINI)
    raws = [MINI.read_bytes() + f"\n# copy {n}\n".encode() for n in range(cache.MAX_ENTRIES + 1)]
    for age, raw in enumerate(raws):
        assert cache.store(raw, briefing, tmp_path)
        # Older files first, a second apart: file times need not be finer than that.
        stamp = 1_000_000 + age
        os.utime(tmp_path / (cache.cache_key(raw) + ".pickle"), (stamp, stamp))
    assert cache.read_cached(raws[0], tmp_path) is None  # removed when the 17th came
    assert len(entries(tmp_path)) == cache.MAX_ENTRIES
    assert cache.read_cached(raws[1], tmp_path) == briefing  # now the most recently used
    assert cache.store(raws[0], briefing, tmp_path)
    assert cache.read_cached(raws[1], tmp_path) == briefing
    assert cache.read_cached(raws[2], tmp_path) is None


def test_the_cache_lives_where_xdg_says() -> None:
    assert cache.cache_directory({"XDG_CACHE_HOME": "/c"}) == Path("/c/briefing/validated")
    home = Path.home() / ".cache" / "briefing" / "validated"
    assert cache.cache_directory({"XDG_CACHE_HOME": "relative"}) == home
    assert cache.cache_directory({}) == home


@pytest.mark.parametrize("path", [MINI, default_briefing()], ids=["mini", "bundled"])
def test_the_second_open_reads_what_the_first_kept(
    path: Path, monkeypatch: pytest.MonkeyPatch, children: list[int]
) -> None:
    expected = load_briefing(path)
    first = load_in_background(path)
    assert first.in_background
    assert first.result() == expected
    wait_until(lambda: all(ended(child) for child in children))
    assert len(entries(cache.cache_directory())) == 1
    refuse_to_validate(monkeypatch)
    second = load_in_background(path)
    assert not second.in_background
    briefing = second.result()
    assert briefing == expected
    # Texts the file repeats stay one object each, as when the child sends them.
    speakers = {id(quote.speaker) for quote in briefing.quotes}
    assert len(speakers) == len({quote.speaker for quote in briefing.quotes})


def test_an_edited_file_is_validated_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, children: list[int]
) -> None:
    path = tmp_path / "mini.yaml"
    path.write_bytes(MINI.read_bytes())
    load_in_background(path).result()
    wait_until(lambda: all(ended(child) for child in children))
    path.write_text(path.read_text().replace("title: ", "title: Edited ", 1))
    pending = load_in_background(path)
    assert pending.in_background
    assert pending.result().title.startswith("Edited ")


def test_an_invalid_file_is_never_kept(tmp_path: Path, children: list[int]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: Broken\ntitle: x\n")
    with pytest.raises(BriefingInvalid):
        load_in_background(broken).result()
    wait_until(lambda: len(children) == 1 and ended(children[0]))
    assert entries(cache.cache_directory()) == []


def test_the_bytes_validated_are_the_bytes_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, children: list[int]
) -> None:
    """The file changes between the look-up and the child's reading: the child validates
    the bytes looked up, so what is kept is what those bytes say."""
    path = tmp_path / "mini.yaml"
    original = MINI.read_bytes()
    path.write_bytes(original)
    file_bytes = preload._file_bytes

    def read_then_edit(where: Path) -> bytes | None:
        raw = file_bytes(where)
        where.write_text(where.read_text().replace("title: ", "title: Edited ", 1))
        return raw

    monkeypatch.setattr(preload, "_file_bytes", read_then_edit)
    assert load_in_background(path).result() == load_briefing(MINI)
    wait_until(lambda: all(ended(child) for child in children))
    assert cache.read_cached(original) == load_briefing(MINI)


def test_validate_never_reads_the_cache(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("validate read the cache")

    monkeypatch.setattr(cache, "read_cached", refuse)
    assert main(["validate", str(MINI)]) == 0


def test_a_linked_cache_directory_is_not_used_and_nothing_where_it_points_is_removed(
    tmp_path: Path,
) -> None:
    """Another user could make ``briefing/validated`` a link to the reader's home: the
    cache then neither writes there nor prunes what it finds there."""
    home = tmp_path / "home"
    home.mkdir()
    dotfile = home / ".bashrc"
    dotfile.write_text("kept")
    os.utime(dotfile, (1_000_000, 1_000_000))  # older than any temporary file kept
    stray = home / f"{'0' * 64}.pickle"
    stray.write_bytes(b"not ours to prune")
    (tmp_path / "briefing").mkdir(mode=0o700)
    (tmp_path / "briefing" / "validated").symlink_to(home)
    directory = cache.cache_directory({"XDG_CACHE_HOME": str(tmp_path)})
    briefing = load_briefing(MINI)
    for copy in range(cache.MAX_ENTRIES + 2):
        assert not cache.store(MINI.read_bytes() + f"#{copy}\n".encode(), briefing, directory)
    assert dotfile.read_text() == "kept" and stray.exists()
    assert sorted(path.name for path in home.iterdir()) == [".bashrc", stray.name]


def test_pruning_removes_only_its_own_files(tmp_path: Path) -> None:
    directory = tmp_path / "validated"
    directory.mkdir(mode=0o700)
    left = {
        ".profile": b"a dotfile",
        "notes.pickle": b"a pickle of another name",
        f".{'a' * 64}.pickle.123": b"a temporary file left by a killed writer",
    }
    for name, content in left.items():
        (directory / name).write_bytes(content)
        os.utime(directory / name, (1_000_000, 1_000_000))
    assert cache.store(MINI.read_bytes(), load_briefing(MINI), directory)
    names = sorted(path.name for path in directory.iterdir())
    assert names == sorted(
        [".profile", "notes.pickle", cache.cache_key(MINI.read_bytes()) + ".pickle"]
    )


def test_a_parent_directory_others_may_write_to_is_not_trusted(tmp_path: Path) -> None:
    raw = MINI.read_bytes()
    directory = tmp_path / "briefing" / "validated"
    assert cache.store(raw, load_briefing(MINI), directory)
    directory.parent.chmod(0o777)  # anyone could swap "validated" for their own
    assert cache.read_cached(raw, directory) is None
    assert not cache.store(raw, load_briefing(MINI), directory)


def test_without_a_home_directory_the_reader_loads_without_a_cache(
    monkeypatch: pytest.MonkeyPatch, children: list[int]
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    raw = MINI.read_bytes()
    assert cache.read_cached(raw) is None
    assert not cache.store(raw, load_briefing(MINI))
    assert load_in_background(MINI).result() == load_briefing(MINI)


def test_a_reader_that_may_not_keep_files_keeps_none(children: list[int]) -> None:
    assert load_in_background(MINI, lambda: False).result() == load_briefing(MINI)
    wait_until(lambda: all(ended(child) for child in children))
    assert entries(cache.cache_directory()) == []


def test_a_served_reader_may_not_keep_files(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.cli.boot import may_keep
    from briefing.serve.policy import SERVED_MARKER

    assert may_keep()
    monkeypatch.setenv(SERVED_MARKER, "1")
    assert not may_keep()


def test_a_child_the_system_reaps_itself_is_no_error(
    monkeypatch: pytest.MonkeyPatch, children: list[int]
) -> None:
    """Where SIGCHLD is ignored (inherited from some launchers) the system reaps the child,
    and waiting for it finds nothing: that is no error, in the reader or its threads."""
    import signal
    import threading

    failures: list[BaseException | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    store = cache.store

    def slow_store(*args: object, **kwargs: object) -> bool:
        time.sleep(0.3)  # the child still runs when the reader has the briefing
        return store(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "store", slow_store)
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        assert load_in_background(MINI).result() == load_briefing(MINI)
        wait_until(lambda: all(ended(child) for child in children))
        wait_until(lambda: threading.active_count() == 1 or bool(failures), timeout=10)
    finally:
        signal.signal(signal.SIGCHLD, previous)
    assert failures == []


def test_files_the_loader_would_refuse_for_their_size_are_not_looked_up() -> None:
    assert preload.CACHED_UP_TO == loader.MAX_BYTES
