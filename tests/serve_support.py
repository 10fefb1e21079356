"""Helpers for the tests that drive ``briefing serve`` as its own process with OpenSSH.

The server runs as ``python -m briefing serve`` on a loopback port chosen at start, with a
temporary state directory; the client is the OpenSSH ``ssh`` with its own key and
known-hosts file; a private tmux server gives it a terminal when a test needs one.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

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
    """``ssh ... brief@127.0.0.1 COMMAND`` (no command: a shell request) with no input."""
    return subprocess.run(
        [*ssh_command(server, key, *options), "brief@127.0.0.1"] + ([command] if command else []),
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )


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


def local_export(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "export", *args, str(MINI)],
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
