"""Helpers for the tests of ``briefing serve``.

Most drive the server as its own process with OpenSSH: ``python -m briefing serve`` on a
loopback port chosen at start, with a temporary state directory; the client is the OpenSSH
``ssh`` with its own key and known-hosts file; a private tmux server gives it a terminal
when a test needs one. ``running_server`` runs it in the test's own event loop instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path

import pytest

from briefing.serve.policy import Limits
from briefing.serve.server import BriefingServer, ServeOptions, prepare
from briefing.serve.sshlib import asyncssh

MINI = Path(__file__).parent / "data" / "mini.yaml"

needs_openssh = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("ssh", "ssh-keygen")),
    reason="the OpenSSH client is not installed (Debian package openssh-client)",
)
needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (Debian package tmux)"
)


def wait_for(check: Callable[[], bool], timeout: float = 8.0, every: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return check()


def children_of(pid: int) -> list[int]:
    """Live (non-zombie) processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            after_name = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(after_name[1]) == pid and after_name[0] != "Z":
            found.append(int(entry.name))
    return found


class Server:
    """A running ``briefing serve``; its log (standard error) is collected as it comes."""

    def __init__(self, process: subprocess.Popen[str], port: int, banner: str, state: Path):
        self.process = process
        self.port = port
        self.banner = banner
        self.state = state
        self._lines: list[str] = []
        self._reader = threading.Thread(target=self._collect, daemon=True)
        self._reader.start()

    def _collect(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._lines.append(line)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            status = self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        self._reader.join(timeout=5)
        return status

    def log(self) -> str:
        """Everything logged so far."""
        return "".join(self._lines)

    def log_lines(self) -> list[str]:
        return list(self._lines)

    def next_log_line(self, after: int, timeout: float = 15.0) -> str:
        """The first connection's log line past the first ``after`` lines, once written."""

        def found() -> list[str]:
            return [line for line in self._lines[after:] if " key=" in line]

        assert wait_for(lambda: bool(found()), timeout=timeout), self.log()
        return found()[0]


def start_server(
    tmp_path: Path, *args: str, preexec_fn: Callable[[], None] | None = None
) -> Server:
    state = tmp_path / "state"
    env = {**os.environ, "XDG_STATE_HOME": str(state)}
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=preexec_fn,
    )
    assert process.stdout is not None
    lines = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("connect with:"):
            break
    banner = "".join(lines)
    port_line = next((line for line in lines if " port " in line), None)
    if port_line is None:
        process.kill()
        raise AssertionError(f"server did not start: {banner}{process.stderr.read()}")  # type: ignore[union-attr]
    return Server(process, int(port_line.split(" port ")[1].split()[0]), banner, state)


def ssh_command(server: Server, key: Path, *args: str) -> list[str]:
    known_hosts = key.parent / "known_hosts"
    return [
        "ssh",
        "-F",
        "/dev/null",
        "-p",
        str(server.port),
        "-i",
        str(key),
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "BatchMode=yes",
        "-o",
        "StrictHostKeyChecking=accept-new",
        "-o",
        f"UserKnownHostsFile={known_hosts}",
        "-o",
        "ConnectTimeout=5",
        *args,
    ]


def run_ssh(
    server: Server, key: Path, command: str | None, *options: str
) -> subprocess.CompletedProcess[str]:
    """``ssh ... brief@127.0.0.1 COMMAND`` (no command: a shell request) with no input.

    The line ssh writes the first time it meets the server's host key is taken out of its
    standard error, which otherwise depends on which test of a server connected first.
    """
    result = subprocess.run(
        [*ssh_command(server, key, *options), "brief@127.0.0.1"] + ([command] if command else []),
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    result.stderr = "".join(
        line
        for line in result.stderr.splitlines(keepends=True)
        if not line.startswith("Warning: Permanently added ")
    )
    return result


def make_key(directory: Path, name: str = "client_key", kind: str = "ed25519") -> Path:
    key = directory / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", kind, "-N", "", "-C", "analyst", "-f", str(key)],
        check=True,
        timeout=30,
    )
    return key


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def local_export(*args: str, file: Path = MINI) -> str:
    """What ``briefing export ARGS FILE`` prints on this machine."""
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "export", *args, str(file)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


class Tmux:
    """A private tmux server with one 80x24 window running ssh."""

    def __init__(self, socket_path: Path) -> None:
        self.socket = socket_path

    def __call__(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-S", str(self.socket), *args], capture_output=True, text=True, timeout=10
        )
        return result.stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "reader")

    def flags(self) -> str:
        return self(
            "display-message",
            "-p",
            "-t",
            "reader",
            "#{alternate_on} #{mouse_any_flag} #{cursor_flag}",
        ).strip()


def open_in_tmux(tmux: Tmux, server: Server, key: Path, *options: str) -> None:
    # The shell stays after ssh so the pane keeps ssh's last terminal state to inspect
    # (tmux's remain-on-exit redraws a dead pane and changes its cursor flag).
    ssh = " ".join(ssh_command(server, key, "-t", *options)) + " brief@127.0.0.1"
    command = f"{ssh}; echo SSH-EXITED $?; sleep 60"
    tmux("-f", "/dev/null", "new-session", "-d", "-s", "reader", "-x", "80", "-y", "24", command)


def reader_ready(tmux: Tmux) -> bool:
    """The reader's first frame is complete: its title and its footer are on screen."""
    screen = tmux.screen()
    return "Mini briefing" in screen and "Quit" in screen


def ssh_finished(tmux: Tmux) -> bool:
    return "SSH-EXITED" in tmux.screen()


# The server in the test's own event loop ----------------------------------------------

SERVE_TIMEOUT = 8.0


@contextlib.asynccontextmanager
async def running_server(
    tmp_path: Path,
    *,
    reader: Sequence[str] | None = None,
    limits: Limits | None = None,
    public: bool = True,
    authorized_keys: Path | None = None,
    proxy_protocol: bool = False,
    briefing: Path = MINI,
) -> AsyncIterator[BriefingServer]:
    """A server in this test's event loop on a free port, serving ``briefing`` (a file or a
    folder); ``reader`` replaces the reader."""
    options = ServeOptions(
        briefing=briefing,
        port=0,
        host_key=tmp_path / "host_key",
        public=public,
        authorized_keys=authorized_keys,
        limits=limits or Limits(),
        proxy_protocol=proxy_protocol,
    )
    server = BriefingServer(options, prepare(options, say=lambda line: None))
    if reader is not None:
        server.settings = dataclasses.replace(server.settings, reader_command=list(reader))
    await server.start()
    try:
        yield server
    finally:
        await asyncio.wait_for(server.close(), SERVE_TIMEOUT)


def connection_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "briefing.serve" and " key=" in r.getMessage()
    ]


async def wait_logged(server: BriefingServer) -> None:
    for _ in range(200):
        if not server.unlogged and not server.connections:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("a connection was never logged")


def connect(server: BriefingServer, **options: object) -> asyncssh.SSHClientConnection:
    """The asyncssh client on the server's port, trusting any host key; options override."""
    defaults: dict[str, object] = {
        "known_hosts": None,
        "username": "brief",
        "client_keys": None,
        "agent_path": None,
        "config": None,
    }
    defaults.update(options)
    return asyncssh.connect("127.0.0.1", server.port, **defaults)


# A hostile client -------------------------------------------------------------------------


async def open_idle_channel(conn: asyncssh.SSHClientConnection) -> object:
    """A session channel that a client opens and never starts anything in.

    asyncssh's documented client always starts a shell, a command or a subsystem in a
    session it opens, and a well-behaved client does; a hostile one need not. So this
    uses asyncssh's channel class directly, as only a test should.
    """
    from asyncssh.channel import SSHClientChannel

    chan = SSHClientChannel(
        conn, asyncio.get_running_loop(), "strict", None, "strict", 2 * 1024 * 1024, 32768
    )
    await chan._open(b"session")
    return chan


async def send_environment(chan: object, env: dict[bytes, bytes]) -> list[bool]:
    """Send ``env`` requests on an idle channel; whether the server accepted each."""
    from asyncssh.packet import String

    make_request = chan._make_request  # type: ignore[attr-defined]
    replies = await asyncio.gather(
        *(make_request(b"env", String(name), String(value)) for name, value in env.items())
    )
    return [bool(reply) for reply in replies]


def resident_kib(pid: int) -> dict[str, int]:
    """A process's resident memory now (``VmRSS``) and at its peak (``VmHWM``), in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields
