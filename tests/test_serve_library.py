"""A folder served: ``list``, ``export ID``, edits seen by the next session, and a broken
edit that keeps the last valid version in service."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("asyncssh", reason="briefing serve needs the ssh extra (asyncssh)")

from library_support import BUNDLED, MINI_BROKEN, MINI_TEXT, variant, write_edit
from serve_support import (  # noqa: E402
    Server,
    Tmux,
    connect,
    local_export,
    make_key,
    needs_openssh,
    needs_tmux,
    open_in_tmux,
    run_ssh,
    running_server,
    ssh_finished,
    start_server,
    wait_for,
)


def make_library(folder: Path) -> Path:
    """Three briefings (mini, ports, the bundled one) and a file that does not validate."""
    folder.mkdir()
    write_edit(folder / "mini.yaml", MINI_TEXT)
    write_edit(folder / "ports.yml", variant("ports", "Ports in winter", "2025-12-01"))
    write_edit(folder / "rare-earths.yaml", BUNDLED.read_text(encoding="utf-8"))
    write_edit(folder / "broken.yaml", "format: 1\nid: [\n")
    return folder


EXPECTED_LIST = (
    "ports             2025-12-01  Ports in winter\n"
    "mini              2025-11-10  Mini briefing\n"
    "rare-earths-2025  2025-10-15  Rare earths in the 2025 trade war\n"
    "invalid: broken.yaml:3:1: "
)


# Over OpenSSH, with keys ----------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path, Path]]:
    directory = tmp_path_factory.mktemp("library")
    folder = make_library(directory / "briefings")
    key = make_key(directory)
    authorized = directory / "authorized_keys"
    authorized.write_text(Path(str(key) + ".pub").read_text())
    server = start_server(directory, str(folder), "--authorized-keys", str(authorized))
    yield server, key, folder
    server.stop()


@needs_openssh
def test_list_names_each_briefing_and_each_invalid_file(
    served: tuple[Server, Path, Path],
) -> None:
    server, key, _ = served
    result = run_ssh(server, key, "list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(EXPECTED_LIST)
    assert result.stdout.count("\n") == 4
    assert "3 briefings in briefings/" in server.banner


@needs_openssh
@pytest.mark.parametrize(
    ("command", "file", "args"),
    [
        ("export mini", "mini.yaml", ()),
        ("export ports", "ports.yml", ()),
        ("export rare-earths-2025 --about Dy", "rare-earths.yaml", ("--about", "Dy")),
        ("export --about=Dy rare-earths-2025", "rare-earths.yaml", ("--about", "Dy")),
    ],
)
def test_export_by_id_is_the_local_export_of_that_file(
    served: tuple[Server, Path, Path], command: str, file: str, args: tuple[str, ...]
) -> None:
    server, key, folder = served
    result = run_ssh(server, key, command)
    assert result.returncode == 0, result.stderr
    assert result.stdout == local_export(*args, file=folder / file)


@needs_openssh
def test_export_without_an_id_among_several_names_them_in_one_line(
    served: tuple[Server, Path, Path],
) -> None:
    server, key, _ = served
    result = run_ssh(server, key, "export")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        "briefing: name the briefing to export: export ID (one of ports, mini, rare-earths-2025)\n"
    )


@needs_openssh
@pytest.mark.parametrize(
    ("typed", "meant"), [("mnii", "mini"), ("rare-earth", "rare-earths-2025"), ("port", "ports")]
)
def test_a_mistyped_id_gets_the_closest(
    served: tuple[Server, Path, Path], typed: str, meant: str
) -> None:
    server, key, _ = served
    result = run_ssh(server, key, f"export {typed}")
    assert result.returncode == 1 and result.stdout == ""
    assert f"no briefing has the id '{typed}' (did you mean '{meant}'?)" in result.stderr


@needs_openssh
def test_a_forced_command_names_the_briefing(
    served: tuple[Server, Path, Path], tmp_path: Path
) -> None:
    server, key, folder = served
    authorized = folder.parent / "authorized_keys"
    public = Path(str(key) + ".pub").read_text().strip()
    authorized.write_text(f'command="export rare-earths-2025 --about Dy" {public}\n')
    stamp = authorized.stat().st_mtime_ns + 1_000_000_000
    os.utime(authorized, ns=(stamp, stamp))
    try:
        for asked in (None, "export mini", "list"):
            result = run_ssh(server, key, asked)
            assert result.returncode == 0, result.stderr
            assert result.stdout == local_export("--about", "Dy", file=folder / "rare-earths.yaml")
        forced = 'ran="export rare-earths-2025 --about Dy (forced)"'
        assert wait_for(lambda: forced in server.log()), server.log()
    finally:
        authorized.write_text(public + "\n")
        os.utime(authorized, ns=(stamp + 1_000_000_000, stamp + 1_000_000_000))


@needs_openssh
@needs_tmux
def test_the_served_reader_opens_on_the_library_and_keeps_a_broken_edits_last_version(
    tmp_path: Path,
) -> None:
    folder = make_library(tmp_path / "briefings")
    key = make_key(tmp_path)
    authorized = tmp_path / "authorized_keys"
    authorized.write_text(Path(str(key) + ".pub").read_text())
    server = start_server(tmp_path, str(folder), "--authorized-keys", str(authorized))
    tmux = Tmux(tmp_path / "tmux.sock")
    try:
        # A curator's broken edit after the server has read the valid version.
        write_edit(folder / "mini.yaml", MINI_BROKEN)
        open_in_tmux(tmux, server, key)
        assert wait_for(lambda: "Library: 3 briefings" in tmux.screen(), timeout=30), tmux.screen()
        screen = tmux.screen()
        assert "Mini briefing" in screen  # the last valid version
        assert "cannot be opened: broken.yaml:3:1:" in screen  # named within the folder
        assert str(folder) not in screen
        tmux("send-keys", "-t", "reader", "j", "Enter")
        assert wait_for(lambda: "A fixture for tests" in tmux.screen(), timeout=30), tmux.screen()
        tmux("send-keys", "-t", "reader", "e")
        assert wait_for(lambda: "export mini > brief.md" in tmux.screen(), timeout=30), (
            tmux.screen()
        )
        tmux("send-keys", "-t", "reader", "Escape")
        assert wait_for(lambda: "export mini >" not in tmux.screen(), timeout=15)
        tmux("send-keys", "-t", "reader", "0")
        assert wait_for(lambda: "Library: 3 briefings" in tmux.screen(), timeout=15), tmux.screen()
        tmux("send-keys", "-t", "reader", "q")
        assert wait_for(lambda: ssh_finished(tmux), timeout=15), tmux.screen()
        assert "SSH-EXITED 0" in tmux.screen()
        assert server.log().count("mini.yaml:4:") == 1
    finally:
        tmux("kill-server")
        server.stop()


# In this test's event loop, with a folder of its own ------------------------------------


async def _run(server: object, command: str) -> tuple[int, str, str]:
    async with connect(server) as conn:  # type: ignore[arg-type]
        result = await asyncio.wait_for(conn.run(command), 30)
    return int(result.exit_status or 0), str(result.stdout), str(result.stderr)


async def test_an_edit_is_seen_by_the_next_session(tmp_path: Path) -> None:
    folder = make_library(tmp_path / "briefings")
    async with running_server(tmp_path, briefing=folder) as server:
        _, before, _ = await _run(server, "list")
        assert "Ports in winter" in before
        write_edit(folder / "ports.yml", variant("ports", "Ports in spring", "2026-03-01"))
        (folder / "broken.yaml").unlink()
        _, after, _ = await _run(server, "list")
        assert after.splitlines()[0] == "ports             2026-03-01  Ports in spring"
        assert "invalid" not in after
        status, output, _ = await _run(server, "export ports")
        assert status == 0
        assert output == local_export(file=folder / "ports.yml")
        assert "Ports in spring" in output


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


async def test_a_broken_edit_keeps_the_last_valid_version_and_is_logged_once(
    tmp_path: Path,
) -> None:
    # On the server's own logger: another test may have stopped it propagating.
    lines = _Lines()
    logging.getLogger("briefing.serve").addHandler(lines)
    try:
        await _broken_edit(tmp_path)
    finally:
        logging.getLogger("briefing.serve").removeHandler(lines)
    logged = [line for line in lines.lines if "invalid briefing" in line and "mini.yaml:4:" in line]
    assert len(logged) == 1, lines.lines


async def _broken_edit(tmp_path: Path) -> None:
    folder = make_library(tmp_path / "briefings")
    kept = tmp_path / "kept.yaml"
    kept.write_text(MINI_TEXT, encoding="utf-8")
    async with running_server(tmp_path, briefing=folder) as server:
        await _run(server, "list")  # the server has seen the valid version
        write_edit(folder / "mini.yaml", MINI_BROKEN)
        for _ in range(2):
            status, output, errors = await _run(server, "export mini")
            assert status == 0, errors
            assert output == local_export(file=kept)
        _, listing, _ = await _run(server, "list")
        assert "mini              2025-11-10  Mini briefing" in listing


async def test_two_files_with_one_id_are_listed_and_neither_is_served(tmp_path: Path) -> None:
    folder = make_library(tmp_path / "briefings")
    write_edit(folder / "mini-copy.yaml", MINI_TEXT)
    async with running_server(tmp_path, briefing=folder) as server:
        _, listing, _ = await _run(server, "list")
        clashes = [line for line in listing.splitlines() if "the id 'mini' is also" in line]
        assert len(clashes) == 2 and all(line.startswith("invalid: mini") for line in clashes)
        status, output, errors = await _run(server, "export mini")
        assert status == 1 and output == ""
        assert errors.startswith("briefing: 'mini' cannot be served: mini")


async def test_a_single_file_still_exports_without_an_id_and_knows_its_own(
    tmp_path: Path,
) -> None:
    async with running_server(tmp_path) as server:
        status, output, _ = await _run(server, "export")
        assert status == 0 and output == local_export()
        status, named, _ = await _run(server, "export mini")
        assert status == 0 and named == output
        status, _, errors = await _run(server, "export mnii")
        assert status == 1
        assert "no briefing has the id 'mnii' (did you mean 'mini'?)" in errors
        status, listing, _ = await _run(server, "list")
        assert status == 0 and listing == "mini  2025-11-10  Mini briefing\n"


def test_a_folder_past_the_limit_is_refused_in_one_line_before_anything_is_written(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    from briefing.core.library import MAX_FILES

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(MAX_FILES + 1):
        (folder / f"b{number:03d}.yaml").write_text("format: 1\n", encoding="utf-8")
    state = tmp_path / "state"
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "serve", "--public", "--port", "0", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "XDG_STATE_HOME": str(state)},
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"briefing serve: {folder} holds more than {MAX_FILES} briefing files; "
        "split it into folders of at most that many\n"
    )
    assert not state.exists()  # no host key made for a server that cannot start
