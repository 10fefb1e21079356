"""``briefing serve`` driven by the asyncssh client on loopback, server in the test's loop.

Most tests run a small stand-in reader that reports its terminal, environment and signals,
so they stay fast; the tests named ``real_reader`` run ``python -m briefing`` itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

asyncssh = pytest.importorskip("asyncssh", reason="briefing serve needs the ssh extra (asyncssh)")

from serve_support import connect, connection_lines, running_server, wait_logged  # noqa: E402

from briefing.serve.policy import RESTORE_TERMINAL, Limits  # noqa: E402
from briefing.serve.server import (  # noqa: E402
    ServeError,
    ServeOptions,
    load_or_create_host_key,
    prepare,
)

MINI = Path(__file__).parent / "data" / "mini.yaml"
TIMEOUT = 8.0

# Reports its window size, pid and environment, reports SIGWINCH, and quits on "q".
# With --helper it also starts a long-lived child, as a reader's own helpers would be.
FAKE_READER = r"""
import fcntl, json, os, signal, struct, subprocess, sys, termios, tty
tty.setraw(0)
def size():
    rows, cols, _, _ = struct.unpack("HHHH", fcntl.ioctl(0, termios.TIOCGWINSZ, b"\0" * 8))
    return f"{cols}x{rows}"
signal.signal(signal.SIGWINCH, lambda *_: os.write(1, f"WINCH {size()}\n".encode()))
helper = 0
if "--helper" in sys.argv:
    helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]).pid
os.write(1, f"READY {size()} {os.getpid()} {helper}\n".encode())
os.write(1, ("FDS " + " ".join(sorted(os.listdir("/proc/self/fd"))) + "\n").encode())
os.write(1, ("ENV " + json.dumps(dict(os.environ)) + "\n").encode())
while True:
    data = os.read(0, 100)
    if not data or b"q" in data:
        break
os.write(1, b"BYE\n")
"""


def alive(pid: int) -> bool:
    """True while the process exists and is not a zombie waiting to be reaped."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return fields[0] != "Z"


async def wait_until_gone(*pids: int, timeout: float = 5.0) -> bool:
    for _ in range(int(timeout / 0.05)):
        if not any(alive(pid) for pid in pids):
            return True
        await asyncio.sleep(0.05)
    return False


@pytest.fixture
def fake_reader(tmp_path: Path) -> Path:
    script = tmp_path / "fake_reader.py"
    script.write_text(FAKE_READER)
    return script


async def open_reader(
    conn: asyncssh.SSHClientConnection, size: tuple[int, int] = (80, 24), **options: object
) -> tuple[asyncssh.SSHClientProcess[bytes], bytes]:
    """A reader session and what it printed up to and including its environment line."""
    process = await conn.create_process(
        term_type=options.pop("term_type", "xterm-256color"),
        term_size=size,
        encoding=None,
        **options,
    )
    seen = await asyncio.wait_for(process.stdout.readuntil(b"ENV "), TIMEOUT)
    seen += await asyncio.wait_for(process.stdout.readline(), TIMEOUT)
    return process, seen


def reader_env(seen: bytes) -> dict[str, str]:
    line = seen.rsplit(b"ENV ", 1)[1]
    env: dict[str, str] = json.loads(line)
    return env


def reader_pids(seen: bytes) -> tuple[int, int]:
    match = re.search(rb"READY \d+x\d+ (\d+) (\d+)", seen)
    assert match is not None, seen
    return int(match.group(1)), int(match.group(2))


# A session shows the reader ---------------------------------------------------------


async def test_a_session_runs_the_reader_on_a_terminal_of_the_clients_size(
    tmp_path: Path, fake_reader: Path
) -> None:
    async with (
        running_server(tmp_path, reader=[sys.executable, str(fake_reader)]) as server,
        connect(server) as conn,
    ):
        process, seen = await open_reader(conn, size=(100, 30))
        assert b"READY 100x30" in seen
        process.stdin.write(b"q")
        rest = await asyncio.wait_for(process.stdout.read(), TIMEOUT)
        await asyncio.wait_for(process.wait(), TIMEOUT)
    assert b"BYE" in rest
    assert process.exit_status == 0
    # The reader left by itself, so the server adds nothing to the client's terminal.
    assert RESTORE_TERMINAL not in rest


async def test_a_real_reader_session_shows_the_briefing(tmp_path: Path) -> None:
    async with running_server(tmp_path) as server, connect(server) as conn:
        process = await conn.create_process(
            term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        seen = b""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(15):
                while b"Mini briefing" not in strip_escapes(seen):
                    chunk = await process.stdout.read(65536)
                    if not chunk:
                        break
                    seen += chunk
        assert b"Mini briefing" in strip_escapes(seen)
        process.stdin.write(b"q")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(process.wait(), 5)


def strip_escapes(data: bytes) -> bytes:
    return re.sub(
        rb"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-B]|.)", b"", data
    )


async def test_the_terminal_follows_the_clients_window(tmp_path: Path, fake_reader: Path) -> None:
    async with (
        running_server(tmp_path, reader=[sys.executable, str(fake_reader)]) as server,
        connect(server) as conn,
    ):
        process, _ = await open_reader(conn, size=(80, 24))
        process.change_terminal_size(132, 43)
        line = await asyncio.wait_for(process.stdout.readuntil(b"\n"), TIMEOUT)
        assert line.strip() == b"WINCH 132x43"
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait(), TIMEOUT)


async def test_the_reader_gets_only_allowed_variables(tmp_path: Path, fake_reader: Path) -> None:
    async with (
        running_server(tmp_path, reader=[sys.executable, str(fake_reader)]) as server,
        connect(server) as conn,
    ):
        process, seen = await open_reader(
            conn,
            env={
                "LANG": "C.UTF-8",
                "LC_TIME": "en_GB.UTF-8",
                "LD_PRELOAD": "/tmp/evil.so",
                "PATH": "/tmp/evil",
                "COLUMNS": "20",
                "LINES": "5",
                "COLORTERM": "truecolor",
            },
        )
        env = reader_env(seen)
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait(), TIMEOUT)
    assert env["TERM"] == "xterm-256color"
    assert env["LANG"] == "C.UTF-8" and env["LC_TIME"] == "en_GB.UTF-8"
    assert env.get("PATH") != "/tmp/evil"
    forbidden = {"LD_PRELOAD", "COLUMNS", "LINES", "COLORTERM", "SSH_AUTH_SOCK", "DISPLAY"}
    assert not forbidden & env.keys()


async def test_a_reader_inherits_no_descriptor_of_the_server(
    tmp_path: Path, fake_reader: Path
) -> None:
    """Not the listening socket, nor another client's connection or terminal."""
    async with (
        running_server(tmp_path, reader=[sys.executable, str(fake_reader)]) as server,
        connect(server) as conn,
    ):
        first, _ = await open_reader(conn)
        second, seen = await open_reader(conn)
        for process in (first, second):
            process.stdin.write(b"q")
            await asyncio.wait_for(process.wait(), TIMEOUT)
    match = re.search(rb"FDS ([0-9 ]+)", seen)
    assert match is not None
    # 0-2 are the terminal; one more is the directory listdir itself had open.
    assert len(match.group(1).split()) <= 4


def test_served_readers_run_in_low_bandwidth_mode(tmp_path: Path) -> None:
    command = ServeOptions(briefing=MINI).reader_command()
    assert command[:3] == [sys.executable, "-m", "briefing"]
    assert "--low-bandwidth" in command and command[-1] == str(MINI)


async def test_a_client_cannot_pile_up_environment_variables(
    tmp_path: Path, fake_reader: Path
) -> None:
    async with (
        running_server(tmp_path, reader=[sys.executable, str(fake_reader)]) as server,
        connect(server) as conn,
    ):
        # LANG first: sent before the flood, it is kept and reaches the reader.
        env = {"LANG": "C.UTF-8"} | {f"VAR{number}": "x" * 1000 for number in range(500)}
        process, seen = await open_reader(conn, env=env)
        (session,) = server.sessions
        assert session._chan is not None
        kept = session._chan.get_environment_bytes()
        assert sum(len(name) + len(value) for name, value in kept.items()) <= 8192
        assert reader_env(seen)["LANG"] == "C.UTF-8"
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait(), TIMEOUT)


async def test_an_unsafe_terminal_type_is_replaced(tmp_path: Path, fake_reader: Path) -> None:
    async with (
        running_server(tmp_path, reader=[sys.executable, str(fake_reader)]) as server,
        connect(server) as conn,
    ):
        process, seen = await open_reader(conn, term_type="../../tmp/x")
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait(), TIMEOUT)
    assert reader_env(seen)["TERM"] == "xterm"


async def test_a_shell_without_a_terminal_is_refused(tmp_path: Path) -> None:
    async with running_server(tmp_path) as server, connect(server) as conn:
        process = await conn.create_process()  # no term_type: no pty request
        result = await asyncio.wait_for(process.wait(), TIMEOUT)
    assert result.exit_status == 1
    assert "needs a terminal" in str(result.stderr)


# Read-only by construction -----------------------------------------------------------


@pytest.mark.parametrize("command", ["sh", "id", "cat /etc/passwd", "scp -t /tmp", "export; id"])
async def test_commands_other_than_export_are_refused(
    tmp_path: Path, command: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="briefing.serve")
    async with running_server(tmp_path) as server:
        async with connect(server) as conn:
            result = await asyncio.wait_for(conn.run(command), TIMEOUT)
        assert not server.sessions
    assert result.exit_status == 1
    assert result.stdout == ""
    assert result.stderr == "briefing: only 'list' and 'export [ID] [--about ID]' can run here\n"
    assert "root:" not in str(result.stdout) + str(result.stderr)
    assert "ended=refused" in caplog.text


async def test_export_writes_the_same_brief_as_the_command(tmp_path: Path) -> None:
    local = subprocess.run(
        [sys.executable, "-m", "briefing", "export", str(MINI)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if local.returncode != 0:
        pytest.skip(f"briefing export is not available yet: {local.stderr.strip()[-200:]}")
    async with running_server(tmp_path) as server, connect(server) as conn:
        result = await asyncio.wait_for(conn.run("export"), 30)
    assert result.exit_status == 0
    assert result.stdout == local.stdout
    assert result.stdout.strip()


async def test_export_about_an_unknown_id_fails_cleanly(tmp_path: Path) -> None:
    async with running_server(tmp_path) as server, connect(server) as conn:
        result = await asyncio.wait_for(conn.run("export --about no-such-thing"), 30)
    assert result.exit_status != 0
    assert result.stderr


async def test_sftp_is_refused(tmp_path: Path) -> None:
    async with running_server(tmp_path) as server, connect(server) as conn:
        with pytest.raises((asyncssh.SFTPError, asyncssh.ChannelOpenError, OSError)):
            await asyncio.wait_for(conn.start_sftp_client(), TIMEOUT)


async def test_local_port_forwarding_is_refused(tmp_path: Path) -> None:
    async with running_server(tmp_path) as server, connect(server) as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await asyncio.wait_for(conn.open_connection("127.0.0.1", server.port), TIMEOUT)


async def test_remote_port_forwarding_is_refused(tmp_path: Path) -> None:
    async with running_server(tmp_path) as server, connect(server) as conn:
        with pytest.raises(asyncssh.ChannelListenError):
            await asyncio.wait_for(
                conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 22), TIMEOUT
            )


async def test_x11_forwarding_is_refused(tmp_path: Path) -> None:
    async with running_server(tmp_path) as server, connect(server) as conn:
        with pytest.raises(asyncssh.ChannelOpenError, match="X11 forwarding request failed"):
            await conn.create_process(
                term_type="xterm",
                x11_forwarding=True,
                x11_display="127.0.0.1:99",
                x11_auth_path=str(tmp_path / "Xauthority"),
            )


async def test_agent_forwarding_is_refused(tmp_path: Path, fake_reader: Path) -> None:
    agent_socket = tmp_path / "agent.sock"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(agent_socket))
    listener.listen()
    try:
        async with (
            running_server(tmp_path, reader=[sys.executable, str(fake_reader)]) as server,
            connect(server, agent_forwarding=True, agent_path=str(agent_socket)) as conn,
        ):
            process, seen = await open_reader(conn)
            (session,) = server.sessions
            assert session._chan is not None
            # The request is answered after the session starts; give it time to arrive.
            await asyncio.sleep(0.2)
            assert session._chan.get_agent_path() is None
            process.stdin.write(b"q")
            await asyncio.wait_for(process.wait(), TIMEOUT)
    finally:
        listener.close()
    assert "SSH_AUTH_SOCK" not in reader_env(seen)


# Access ---------------------------------------------------------------------------------


async def test_only_authorized_keys_get_in(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="briefing.serve")
    allowed = asyncssh.generate_private_key("ssh-ed25519")
    stranger = asyncssh.generate_private_key("ssh-ed25519")
    keys_file = tmp_path / "authorized_keys"
    keys_file.write_bytes(allowed.export_public_key())
    async with running_server(tmp_path, public=False, authorized_keys=keys_file) as server:
        with pytest.raises(asyncssh.PermissionDenied):
            async with connect(server, client_keys=[stranger]):
                pass
        with pytest.raises(asyncssh.PermissionDenied):
            async with connect(server, password="brief"):
                pass
        async with connect(server, client_keys=[allowed]) as conn:
            result = await asyncio.wait_for(conn.run("id"), TIMEOUT)
        assert result.exit_status == 1
    assert allowed.get_fingerprint() in caplog.text
    assert "not authenticated" in caplog.text


def test_serving_without_keys_or_public_is_refused(tmp_path: Path) -> None:
    options = ServeOptions(briefing=MINI, host_key=tmp_path / "hk", authorized_keys=tmp_path / "x")
    with pytest.raises(ServeError, match="--public"):
        prepare(options, say=lambda line: None)


def test_the_host_key_is_created_once_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "state" / "briefing" / "ssh_host_ed25519_key"
    key, created = load_or_create_host_key(path)
    assert created
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert key.algorithm == b"ssh-ed25519"
    again, created_again = load_or_create_host_key(path)
    assert not created_again
    assert again.get_fingerprint() == key.get_fingerprint()


def test_a_host_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "key"
    load_or_create_host_key(path)
    path.chmod(0o644)
    with pytest.raises(ServeError, match="chmod 600"):
        load_or_create_host_key(path)


async def test_the_host_key_survives_a_restart(tmp_path: Path) -> None:
    fingerprints = []
    for _ in range(2):
        async with running_server(tmp_path) as server, connect(server) as conn:
            host_key = conn.get_server_host_key()
            assert host_key is not None
            fingerprints.append(host_key.get_fingerprint())
    assert fingerprints[0] == fingerprints[1]


# Limits ---------------------------------------------------------------------------------


async def test_twenty_sessions_work_and_the_21st_is_refused(
    tmp_path: Path, fake_reader: Path
) -> None:
    limits = Limits(max_sessions=20, max_per_address=20)
    async with (
        running_server(
            tmp_path, reader=[sys.executable, str(fake_reader)], limits=limits
        ) as server,
        connect(server) as first,
        connect(server) as second,
        connect(server) as third,
    ):
        # Ten on each connection: the most one connection may have open.
        opened = await asyncio.gather(
            *(open_reader(conn) for conn in (first, second) for _ in range(10))
        )
        assert len(server.sessions) == 20
        extra = await third.create_process(term_type="xterm", term_size=(80, 24))
        refused = await asyncio.wait_for(extra.wait(), TIMEOUT)
        assert refused.exit_status == 1
        assert (
            str(refused.stdout).strip()
            == "briefing: the server is full (20 sessions are open); try again later"
        )
        for process, _ in opened:
            process.stdin.write(b"q")
        await asyncio.wait_for(asyncio.gather(*(p.wait() for p, _ in opened)), TIMEOUT)
        assert all(process.exit_status == 0 for process, _ in opened)
        assert not server.sessions


async def test_sessions_per_address_are_capped(tmp_path: Path, fake_reader: Path) -> None:
    limits = Limits(max_sessions=20, max_per_address=2)
    async with (
        running_server(
            tmp_path, reader=[sys.executable, str(fake_reader)], limits=limits
        ) as server,
        connect(server) as first,
        connect(server) as second,
    ):
        opened = [await open_reader(first), await open_reader(second)]
        refused = await second.run("export", term_type=None)
        assert refused.exit_status == 1
        assert "too many sessions from your address" in str(refused.stderr)
        for process, _ in opened:
            process.stdin.write(b"q")
            await asyncio.wait_for(process.wait(), TIMEOUT)


async def test_an_idle_session_is_ended_and_the_terminal_restored(
    tmp_path: Path, fake_reader: Path
) -> None:
    limits = Limits(idle_timeout=0.6)
    async with (
        running_server(
            tmp_path, reader=[sys.executable, str(fake_reader), "--helper"], limits=limits
        ) as server,
        connect(server) as conn,
    ):
        process, seen = await open_reader(conn)
        pids = reader_pids(seen)
        rest = await asyncio.wait_for(process.stdout.read(), TIMEOUT)
        await asyncio.wait_for(process.wait(), TIMEOUT)
    assert RESTORE_TERMINAL in rest
    assert b"without input" in rest
    assert await wait_until_gone(*pids)


async def test_input_keeps_a_session_alive(tmp_path: Path, fake_reader: Path) -> None:
    limits = Limits(idle_timeout=0.8)
    async with (
        running_server(
            tmp_path, reader=[sys.executable, str(fake_reader)], limits=limits
        ) as server,
        connect(server) as conn,
    ):
        process, _ = await open_reader(conn)
        for _ in range(4):
            await asyncio.sleep(0.4)
            process.stdin.write(b"x")
        assert process.exit_status is None
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait(), TIMEOUT)
        assert process.exit_status == 0


async def test_a_session_ends_at_its_maximum_length(tmp_path: Path, fake_reader: Path) -> None:
    limits = Limits(max_session=1.0)
    async with (
        running_server(
            tmp_path, reader=[sys.executable, str(fake_reader)], limits=limits
        ) as server,
        connect(server) as conn,
    ):
        process, _ = await open_reader(conn)
        for _ in range(4):  # input does not extend it
            process.stdin.write(b"x")
            await asyncio.sleep(0.1)
        rest = await asyncio.wait_for(process.stdout.read(), TIMEOUT)
        await asyncio.wait_for(process.wait(), TIMEOUT)
    assert b"maximum length" in rest
    assert RESTORE_TERMINAL in rest


async def test_a_connection_left_without_a_session_is_closed(
    tmp_path: Path, fake_reader: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="briefing.serve")
    limits = Limits(idle_timeout=0.5)
    async with (
        running_server(
            tmp_path, reader=[sys.executable, str(fake_reader)], limits=limits
        ) as server,
        connect(server) as conn,
    ):
        process, _ = await open_reader(conn)
        await asyncio.sleep(0.3)
        process.stdin.write(b"q")  # input keeps the session, then it ends
        await asyncio.wait_for(process.wait(), TIMEOUT)
        await asyncio.wait_for(conn.wait_closed(), TIMEOUT)
    assert 'ended="idle timeout"' in caplog.text


async def test_a_client_that_never_logs_in_is_dropped(tmp_path: Path) -> None:
    async with running_server(tmp_path, limits=Limits(login_grace=0.5)) as server:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        banner = await asyncio.wait_for(reader.readline(), TIMEOUT)
        assert banner.startswith(b"SSH-2.0-")
        rest = await asyncio.wait_for(reader.read(), TIMEOUT)  # EOF: the server hung up
        writer.close()
    assert len(rest) < 4096


# Clean endings ------------------------------------------------------------------------


async def test_a_dropped_client_leaves_no_process(tmp_path: Path, fake_reader: Path) -> None:
    async with running_server(
        tmp_path, reader=[sys.executable, str(fake_reader), "--helper"]
    ) as server:
        conn = await connect(server)
        process, seen = await open_reader(conn)
        pids = reader_pids(seen)
        assert all(alive(pid) for pid in pids)
        conn.abort()  # the connection vanishes without any goodbye
        assert await wait_until_gone(*pids)
        for _ in range(100):
            if not server.sessions:
                break
            await asyncio.sleep(0.05)
        assert not server.sessions


async def test_what_the_reader_started_ends_with_it(tmp_path: Path, fake_reader: Path) -> None:
    async with (
        running_server(tmp_path, reader=[sys.executable, str(fake_reader), "--helper"]) as server,
        connect(server) as conn,
    ):
        process, seen = await open_reader(conn)
        reader, helper = reader_pids(seen)
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait(), TIMEOUT)
        assert process.exit_status == 0
    assert await wait_until_gone(reader, helper)


async def test_input_to_a_reader_that_stops_reading_is_bounded(tmp_path: Path) -> None:
    stuck = "import os, time, tty; tty.setraw(0); os.write(1, b'ENV {}\\n'); time.sleep(30)"
    async with (
        running_server(tmp_path, reader=[sys.executable, "-c", stuck]) as server,
        connect(server) as conn,
    ):
        process, _ = await open_reader(conn)
        process.stdin.write(b"x" * 1_000_000)
        await asyncio.sleep(0.5)
        (session,) = server.sessions
        assert len(session._pending_input) < 200_000
        conn.abort()


async def test_a_dropped_client_leaves_no_real_reader(tmp_path: Path) -> None:
    async with running_server(tmp_path) as server:
        conn = await connect(server)
        process = await conn.create_process(term_type="xterm", term_size=(80, 24), encoding=None)
        await asyncio.wait_for(process.stdout.read(1), 15)
        (session,) = server.sessions
        pid = session.reader_pid
        assert pid is not None
        conn.abort()
        assert await wait_until_gone(pid)


async def test_shutdown_ends_sessions_and_restores_each_terminal(
    tmp_path: Path, fake_reader: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="briefing.serve")
    async with running_server(
        tmp_path, reader=[sys.executable, str(fake_reader), "--helper"]
    ) as server:
        conn = await connect(server)
        first, first_seen = await open_reader(conn)
        second, second_seen = await open_reader(conn)
        pids = reader_pids(first_seen) + reader_pids(second_seen)
        await asyncio.wait_for(server.close(), TIMEOUT)
        outputs = [await asyncio.wait_for(p.stdout.read(), TIMEOUT) for p in (first, second)]
        conn.close()
    for output in outputs:
        assert RESTORE_TERMINAL in output
        assert b"shutting down" in output
    assert await wait_until_gone(*pids)
    assert 'ended="server shutdown"' in caplog.text


async def test_one_log_line_per_connection(
    tmp_path: Path, fake_reader: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="briefing.serve")
    async with (
        running_server(tmp_path, reader=[sys.executable, str(fake_reader)]) as server,
    ):
        async with connect(server) as conn:
            process, _ = await open_reader(conn)
            process.stdin.write(b"q")
            await asyncio.wait_for(process.wait(), TIMEOUT)
            await conn.run("cat /etc/passwd")
        for _ in range(100):
            if server.connections == set():
                break
            await asyncio.sleep(0.02)
    lines = [r.getMessage() for r in caplog.records if r.name == "briefing.serve"]
    assert len(lines) == 1
    line = lines[0]
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ 127\.0\.0\.1:\d+ key=public ", line), line
    assert 'ran="reader, refused exec cat /etc/passwd"' in line
    assert "duration=" in line and "ended=refused" in line


async def test_connections_beyond_the_cap_are_turned_away_before_login(tmp_path: Path) -> None:
    limits = Limits(max_sessions=1, max_per_address=5)  # room for 12 open connections
    async with running_server(tmp_path, limits=limits) as server:
        held = [await asyncio.open_connection("127.0.0.1", server.port) for _ in range(12)]
        for _ in range(100):
            if len(server.connections) == 12:
                break
            await asyncio.sleep(0.02)
        assert len(server.connections) == 12
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        received = await asyncio.wait_for(reader.read(), TIMEOUT)  # closed by the server
        writer.close()
        assert b"too many connections" in received
        assert len(server.connections) == 12
        for _, held_writer in held:
            held_writer.close()


async def test_one_address_cannot_take_every_connection(tmp_path: Path) -> None:
    limits = Limits(max_sessions=20, max_per_address=1)  # 4 connections per address
    async with running_server(tmp_path, limits=limits) as server:
        held = [await asyncio.open_connection("127.0.0.1", server.port) for _ in range(4)]
        for _ in range(100):
            if len(server.connections) == 4:
                break
            await asyncio.sleep(0.02)
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        received = await asyncio.wait_for(reader.read(), TIMEOUT)
        writer.close()
        assert b"too many connections from your address" in received
        for _, held_writer in held:
            held_writer.close()


# Deterministic ends --------------------------------------------------------------------

# Like the reader, but ignores SIGHUP: a reader stuck somewhere the signal cannot end it.
STUBBORN_READER = r"""
import os, signal, time, tty
tty.setraw(0)
signal.signal(signal.SIGHUP, signal.SIG_IGN)
os.write(1, f"READY 80x24 {os.getpid()} 0\nENV {{}}\n".encode())
while True:
    time.sleep(1)
"""


@pytest.mark.parametrize(
    ("close", "ended"), [("close", "client closed"), ("abort", "client dropped")]
)
async def test_the_log_says_how_the_client_left(
    tmp_path: Path, fake_reader: Path, caplog: pytest.LogCaptureFixture, close: str, ended: str
) -> None:
    caplog.set_level(logging.INFO, logger="briefing.serve")
    async with running_server(
        tmp_path, reader=[sys.executable, str(fake_reader), "--helper"]
    ) as server:
        conn = await connect(server)
        _, seen = await open_reader(conn)
        getattr(conn, close)()
        assert await wait_until_gone(*reader_pids(seen))
        await wait_logged(server)
    (line,) = connection_lines(caplog)
    assert f'ended="{ended}"' in line and "ran=reader" in line


@pytest.mark.parametrize("stubborn", [False, True])
async def test_a_session_the_server_ends_always_exits_129(
    tmp_path: Path, fake_reader: Path, caplog: pytest.LogCaptureFixture, stubborn: bool
) -> None:
    caplog.set_level(logging.INFO, logger="briefing.serve")
    script = tmp_path / "stubborn.py"
    script.write_text(STUBBORN_READER)
    reader = [sys.executable, str(script if stubborn else fake_reader)]
    async with running_server(tmp_path, reader=reader, limits=Limits(idle_timeout=0.5)) as server:
        async with connect(server) as conn:
            process, seen = await open_reader(conn)
            rest = await asyncio.wait_for(process.stdout.read(), TIMEOUT)
            await asyncio.wait_for(process.wait(), TIMEOUT)
        await wait_logged(server)
    assert process.exit_status == 129
    assert RESTORE_TERMINAL in rest
    assert await wait_until_gone(reader_pids(seen)[0])
    (line,) = connection_lines(caplog)
    assert 'ended="idle timeout' in line
    # Only a reader that ignores the hang-up has to be killed, and the log says so.
    assert ("reader killed after 2s" in line) == stubborn


async def test_readers_end_on_sighup_even_when_the_server_ignores_it(
    tmp_path: Path, fake_reader: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """As under nohup: the reader must not inherit the ignored SIGHUP."""
    caplog.set_level(logging.INFO, logger="briefing.serve")
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        async with running_server(
            tmp_path, reader=[sys.executable, str(fake_reader)], limits=Limits(max_session=0.5)
        ) as server:
            async with connect(server) as conn:
                process, _ = await open_reader(conn)
                await asyncio.wait_for(process.wait(), TIMEOUT)
            await wait_logged(server)
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert process.exit_status == 129
    (line,) = connection_lines(caplog)
    assert 'ended="max session length"' in line


async def test_shutdown_logs_each_connection_once_its_session_has_ended(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="briefing.serve")
    script = tmp_path / "stubborn.py"
    script.write_text(STUBBORN_READER)
    async with running_server(tmp_path, reader=[sys.executable, str(script)]) as server:
        conn = await connect(server)
        process, _ = await open_reader(conn)
        await asyncio.wait_for(server.close(), TIMEOUT)
        await asyncio.wait_for(process.wait(), TIMEOUT)
        conn.close()
    assert process.exit_status == 129
    (line,) = connection_lines(caplog)
    assert 'ended="server shutdown (reader killed after 2s)"' in line
