"""Each SSH key's own read state on a shared server, and the brief of what changed since
the last visit, locally and over SSH (with the real OpenSSH client, in tmux at 80x24)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

pytest.importorskip("asyncssh", reason="briefing serve needs the ssh extra (asyncssh)")

from serve_support import (  # noqa: E402
    MINI,
    Server,
    Tmux,
    make_key,
    needs_openssh,
    needs_tmux,
    run_ssh,
    ssh_command,
    start_server,
    wait_for,
)

from briefing.core.readstate import save_read, state_directory  # noqa: E402
from briefing.serve.keystate import KEYS_DIRECTORY  # noqa: E402
from briefing.serve.policy import (  # noqa: E402
    READ_STATE_VARIABLE,
    ExportCommand,
    Refused,
    child_environment,
    parse_command,
    served_read_state,
)
from briefing.serve.server import ServeOptions  # noqa: E402

NEW_EVENT = """  - id: late-talks
    date: 2025-10-01
    title: Talks in early October
    summary: Officials met once more before the rules changed.
    sources: [daily]
    actors: [minister]
"""


def curate(briefing: Path) -> None:
    """The curator's edit: one event reworded, one added."""
    text = briefing.read_text(encoding="utf-8")
    edited = text.replace("Officials met during the month.", "Officials met twice that month.")
    edited = edited.replace("elements:\n  - symbol: Dy", NEW_EVENT + "elements:\n  - symbol: Dy", 1)
    assert edited.count("late-talks") == 1 and "met twice" in edited
    briefing.write_text(edited, encoding="utf-8")


@pytest.fixture
def briefing(tmp_path: Path) -> Path:
    copy = tmp_path / "served.yaml"
    copy.write_bytes(MINI.read_bytes())
    return copy


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    return make_key(tmp_path, "key_a"), make_key(tmp_path, "key_b")


@pytest.fixture
def authorized(tmp_path: Path, keys: tuple[Path, Path]) -> Path:
    path = tmp_path / "authorized_keys"
    path.write_bytes(b"".join(Path(f"{key}.pub").read_bytes() for key in keys))
    return path


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    session = Tmux(tmp_path / "tmux.sock")
    yield session
    session("kill-server")


def key_directories(server: Server) -> list[Path]:
    root = server.state / "briefing" / KEYS_DIRECTORY
    return sorted(root.iterdir()) if root.exists() else []


def open_reader(tmux: Tmux, name: str, server: Server, key: Path) -> None:
    ssh = " ".join(ssh_command(server, key, "-t")) + " brief@127.0.0.1"
    command = f"{ssh}; echo SSH-EXITED $?; sleep 60"
    tmux("-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command)
    assert wait_for(lambda: ready(tmux, name), timeout=30), screen(tmux, name)


def screen(tmux: Tmux, name: str) -> str:
    return tmux("capture-pane", "-p", "-t", name)


def ready(tmux: Tmux, name: str) -> bool:
    shown = screen(tmux, name)
    return "Mini briefing" in shown and "Quit" in shown


def quit_reader(tmux: Tmux, *names: str) -> None:
    for name in names:
        tmux("send-keys", "-t", name, "q")
    for name in names:
        assert wait_for(partial(exited, tmux, name), timeout=30), screen(tmux, name)


def exited(tmux: Tmux, name: str) -> bool:
    return "SSH-EXITED 0" in screen(tmux, name)


# Through OpenSSH ----------------------------------------------------------------------


@needs_openssh
@needs_tmux
def test_after_a_curators_edit_one_key_sees_what_changed_and_another_its_first_visit(
    tmp_path: Path, briefing: Path, keys: tuple[Path, Path], authorized: Path, tmux: Tmux
) -> None:
    key_a, key_b = keys
    server = start_server(tmp_path, str(briefing), "--authorized-keys", str(authorized))
    try:
        assert run_ssh(server, key_a, "export").returncode == 0
        assert key_directories(server) == []  # a plain export keeps nothing
        open_reader(tmux, "a1", server, key_a)
        assert "first visit" in screen(tmux, "a1")
        quit_reader(tmux, "a1")
        [directory] = key_directories(server)
        assert directory.name.startswith("SHA256_")
        assert json.loads((directory / "mini.json").read_text())["briefing"] == "mini"
        for private in (server.state / "briefing", directory.parent, directory):
            assert private.stat().st_mode & 0o077 == 0, private

        curate(briefing)

        brief = run_ssh(server, key_a, "export --since-last-visit")
        assert brief.returncode == 0, brief.stderr
        assert "What's new since your last visit: 1 new, 1 changed" in brief.stdout
        assert "Talks in early October" in brief.stdout
        open_reader(tmux, "a2", server, key_a)
        assert "1 new · 1 changed" in screen(tmux, "a2")
        quit_reader(tmux, "a2")

        first = run_ssh(server, key_b, "export --since-last-visit")
        assert first.returncode == 2 and first.stdout == ""
        assert first.stderr.count("\n") == 1 and "no earlier visit of 'mini'" in first.stderr
        open_reader(tmux, "b1", server, key_b)
        assert "first visit" in screen(tmux, "b1")
        assert "new ·" not in screen(tmux, "b1")
        quit_reader(tmux, "b1")
        assert len(key_directories(server)) == 2
        log = server.log()
        assert 'ran="export --since-last-visit"' in log
    finally:
        server.stop()


@needs_openssh
@needs_tmux
def test_two_sessions_of_one_key_quitting_together_keep_both_sets_of_marks(
    tmp_path: Path, briefing: Path, keys: tuple[Path, Path], authorized: Path, tmux: Tmux
) -> None:
    key_a = keys[0]
    server = start_server(tmp_path, str(briefing), "--authorized-keys", str(authorized))
    try:
        open_reader(tmux, "before", server, key_a)  # reads the briefing as it was
        curate(briefing)
        open_reader(tmux, "after", server, key_a)  # reads it as edited
        quit_reader(tmux, "before", "after")
        [directory] = key_directories(server)
        items = json.loads((directory / "mini.json").read_text())["items"]
        # Only the later session saw the new event; each saw its own version of the other.
        assert "events/late-talks" in items
        assert isinstance(items["events/may-talks"], list)
        assert len(items["events/may-talks"]) == 2
        assert not list(directory.glob("*.tmp*")) and not list(directory.glob(".*json*"))
    finally:
        server.stop()


@needs_openssh
@needs_tmux
@pytest.mark.parametrize("option", ["--public", "--no-state"])
def test_public_and_no_state_servers_keep_nothing(
    tmp_path: Path,
    keys: tuple[Path, Path],
    authorized: Path,
    tmux: Tmux,
    option: str,
) -> None:
    server = start_server(tmp_path, str(MINI), "--authorized-keys", str(authorized), option)
    try:
        open_reader(tmux, "reader", server, keys[0])
        assert "first visit" not in screen(tmux, "reader")
        quit_reader(tmux, "reader")
        refused = run_ssh(server, keys[0], "export --since-last-visit")
        assert refused.returncode == 1 and refused.stdout == ""
        assert refused.stderr.count("\n") == 1
        assert "keeps no read state" in refused.stderr
        assert not (server.state / "briefing" / KEYS_DIRECTORY).exists()
        assert not (server.state / "briefing" / "read").exists()
    finally:
        server.stop()


def test_state_of_briefings_no_longer_served_is_dropped_at_start(
    tmp_path: Path, authorized: Path
) -> None:
    directory = tmp_path / "state" / "briefing" / KEYS_DIRECTORY / "SHA256_abc"
    directory.mkdir(parents=True)
    long_ago = time.time() - 91 * 86400
    for name in ("retired.json", "mini.json"):
        (directory / name).write_text("{}")
        os.utime(directory / name, (long_ago, long_ago))
    server = start_server(tmp_path, str(MINI), "--authorized-keys", str(authorized))
    try:
        assert not (directory / "retired.json").exists()
        assert (directory / "mini.json").exists()  # still served: kept however old
        assert "dropped 1 read state file of briefings no longer served" in server.banner
    finally:
        server.stop()


# Without a network --------------------------------------------------------------------


def export(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", "export", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )


def test_export_since_last_visit_uses_the_local_read_state(
    tmp_path: Path, briefing: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("BRIEFING_SERVED",)}
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    first = export(env, "--since-last-visit", str(briefing))
    assert first.returncode == 2 and first.stdout == ""
    assert first.stderr.count("\n") == 1 and "no earlier visit of 'mini'" in first.stderr

    from briefing.cli.loading import check

    assert save_read(check(briefing, warn=False)[0], state_directory(env)) is None
    curate(briefing)
    brief = export(env, "--since-last-visit", str(briefing))
    assert brief.returncode == 0, brief.stderr
    assert "What's new since your last visit: 1 new, 1 changed" in brief.stdout
    assert "Talks in early October" in brief.stdout
    # --since keeps its meaning: against an older file, not the read state.
    since = export(env, "--since", str(MINI), str(briefing))
    assert since.returncode == 0 and "What's new since your last visit" not in since.stdout
    for other in (["--since", str(MINI)], ["--about", "Dy"]):
        both = export(env, "--since-last-visit", *other, str(briefing))
        assert both.returncode == 2 and both.stderr.count("\n") == 1
        assert "cannot be used together" in both.stderr


def test_a_served_export_without_a_key_directory_keeps_to_its_own_state(
    tmp_path: Path,
) -> None:
    env = dict(os.environ, BRIEFING_SERVED="ssh", XDG_STATE_HOME=str(tmp_path / "state"))
    env.pop(READ_STATE_VARIABLE, None)
    refused = export(env, "--since-last-visit", str(MINI))
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert not (tmp_path / "state").exists()


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("export --since-last-visit", ExportCommand(since_last_visit=True)),
        ("export  --since-last-visit ", ExportCommand(since_last_visit=True)),
        ("export", ExportCommand()),
    ],
)
def test_since_last_visit_is_a_flag_of_export(command: str, expected: ExportCommand) -> None:
    assert parse_command(command) == expected
    assert expected.describe() == command.split()[0] + "".join(
        f" {word}" for word in command.split()[1:]
    )


@pytest.mark.parametrize(
    "command", ["export --since-last-visit --about Dy", "export --since=old.yaml"]
)
def test_since_last_visit_with_anything_else_is_refused(command: str) -> None:
    with pytest.raises(Refused):
        parse_command(command)


def test_only_the_server_names_a_readers_state_directory(tmp_path: Path) -> None:
    client = {READ_STATE_VARIABLE: "/tmp/elsewhere", "LANG": "C.UTF-8"}
    env = child_environment(client, "xterm", {})
    assert READ_STATE_VARIABLE not in env
    env = child_environment(client, "xterm", {}, read_state=tmp_path)
    assert served_read_state(env) == tmp_path
    assert served_read_state({READ_STATE_VARIABLE: str(tmp_path)}) is None  # not served
    assert served_read_state({"BRIEFING_SERVED": "ssh", READ_STATE_VARIABLE: "rel"}) is None


def test_readers_keep_no_state_only_where_no_session_may() -> None:
    assert "--no-state" not in ServeOptions(briefing=MINI).reader_command()
    assert "--no-state" in ServeOptions(briefing=MINI, public=True).reader_command()
    assert "--no-state" in ServeOptions(briefing=MINI, keep_state=False).reader_command()
