"""Two ``briefing serve --proxy-protocol`` behind a real HAProxy, configured as the docs say.

The ``haproxy.cfg`` is the one in docs/serving.md, with its ports swapped for free loopback
ones. The client connects from 127.0.0.2, so the backends can only know that address from the PROXY
header (HAProxy itself connects from 127.0.0.1).
"""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("asyncssh", reason="briefing serve needs the ssh extra (asyncssh)")

from serve_support import (  # noqa: E402
    MINI,
    Server,
    free_port,
    local_export,
    make_key,
    needs_openssh,
    ssh_command,
    start_server,
    wait_for,
)

SERVING = Path(__file__).parent.parent / "docs" / "serving.md"
CLIENT_ADDRESS = "127.0.0.2"

pytestmark = [
    needs_openssh,
    pytest.mark.skipif(
        shutil.which("haproxy") is None, reason="HAProxy is not installed (Debian package haproxy)"
    ),
]


def documented_haproxy_cfg() -> str:
    text = SERVING.read_text(encoding="utf-8")
    match = re.search(r"```haproxy\n(.*?)```", text, re.DOTALL)
    assert match is not None, "docs/serving.md has no haproxy.cfg"
    return match.group(1)


def accepts(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Pool:
    balancer: subprocess.Popen[str]
    port: int
    backends: list[Server]
    key: Path

    def export(self) -> subprocess.CompletedProcess[str]:
        command = ssh_command(self.backends[0], self.key, "-b", CLIENT_ADDRESS)
        command[command.index("-p") + 1] = str(self.port)
        return subprocess.run(
            [*command, "brief@127.0.0.1", "export"],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[Pool]:
    key = make_key(tmp_path)
    authorized = tmp_path / "authorized_keys"
    # Only from the client's own address: through the balancer, that is the PROXY header's.
    authorized.write_text(f'from="{CLIENT_ADDRESS}" ' + Path(f"{key}.pub").read_text())
    # One state directory, so one host key, for both backends.
    backends = [
        start_server(tmp_path, str(MINI), "--authorized-keys", str(authorized), "--proxy-protocol")
        for _ in range(2)
    ]
    port = free_port()
    config = (
        documented_haproxy_cfg()
        .replace("127.0.0.1:2222", f"127.0.0.1:{port}")
        .replace("127.0.0.1:2201", f"127.0.0.1:{backends[0].port}")
        .replace("127.0.0.1:2202", f"127.0.0.1:{backends[1].port}")
    )
    config_file = tmp_path / "haproxy.cfg"
    config_file.write_text(config)
    check = subprocess.run(
        ["haproxy", "-c", "-q", "-f", str(config_file)], capture_output=True, text=True, timeout=30
    )
    assert check.returncode == 0, check.stderr
    balancer = subprocess.Popen(
        ["haproxy", "-db", "-f", str(config_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for(lambda: balancer.poll() is not None or accepts(port), timeout=30)
        assert balancer.poll() is None, balancer.stderr.read() if balancer.stderr else ""
        yield Pool(balancer, port, backends, key)
    finally:
        balancer.send_signal(signal.SIGTERM)
        try:
            balancer.wait(timeout=15)
        except subprocess.TimeoutExpired:
            balancer.kill()
            balancer.wait()
        for backend in backends:
            if backend.process.poll() is None:
                backend.stop()


def session_lines(server: Server) -> list[str]:
    return [line for line in server.log_lines() if " key=" in line]


def test_a_pool_behind_haproxy_serves_every_client_and_survives_a_lost_backend(
    pool: Pool,
) -> None:
    brief = local_export()
    for _ in range(4):
        result = pool.export()
        assert result.returncode == 0, result.stderr
        assert result.stdout == brief
    # Each session is logged once it is over, by the backend that served it.
    assert wait_for(lambda: sum(len(session_lines(b)) for b in pool.backends) >= 4, timeout=15)
    # Both backends served sessions, and each logged the client's own address.
    for backend in pool.backends:
        assert session_lines(backend)
        for line in session_lines(backend):
            assert f" {CLIENT_ADDRESS}:" in line, line
            assert "key=SHA256:" in line and "ran=export" in line
    # Health checks ran all along (every 2 s) and none was logged as a session.
    assert sum(len(session_lines(backend)) for backend in pool.backends) == 4

    lost = pool.backends[0]
    lost.process.kill()
    lost.process.wait(timeout=15)
    served_before = len(session_lines(pool.backends[1]))
    for _ in range(4):
        result = pool.export()
        assert result.returncode == 0, result.stderr
        assert result.stdout == brief
    assert wait_for(lambda: len(session_lines(pool.backends[1])) == served_before + 4, timeout=15)
