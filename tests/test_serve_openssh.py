"""``briefing serve`` as a user runs it, reached with the real OpenSSH client (in tmux at 80x24).

The server runs as its own process (``python -m briefing serve``) on a loopback port with a
temporary state directory, so these tests also cover the command line and signals.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("asyncssh", reason="briefing serve needs the ssh extra (asyncssh)")

from serve_support import (  # noqa: E402
    MINI,
    Server,
    Tmux,
    children_of,
    local_export,
    make_key,
    needs_openssh,
    needs_tmux,
    open_in_tmux,
    reader_ready,
    run_ssh,
    ssh_command,
    ssh_finished,
    start_server,
    wait_for,
)

from briefing.serve.policy import ONLY_COMMANDS


@pytest.fixture
def client_key(tmp_path: Path) -> Path:
    return make_key(tmp_path)


@pytest.fixture
def server(tmp_path: Path, client_key: Path) -> Iterator[Server]:
    authorized = tmp_path / "authorized_keys"
    authorized.write_bytes(Path(str(client_key) + ".pub").read_bytes())
    running = start_server(tmp_path, str(MINI), "--authorized-keys", str(authorized))
    yield running
    running.stop()


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    # A socket of its own in the test's directory: nothing shared, nothing left behind.
    session = Tmux(tmp_path / "tmux.sock")
    yield session
    session("kill-server")


# The command line -------------------------------------------------------------------


def test_serve_prints_the_fingerprint_and_warns_when_public(tmp_path: Path) -> None:
    running = start_server(tmp_path, str(MINI), "--public")
    try:
        assert "host key fingerprint: SHA256:" in running.banner
        assert "warning: --public lets anyone" in running.banner
        key = running.state / "briefing" / "ssh_host_ed25519_key"
        assert key.stat().st_mode & 0o777 == 0o600
        assert "created host key" in running.banner
    finally:
        assert running.stop() == 0
    again = start_server(tmp_path, str(MINI), "--public")
    try:
        assert "created host key" not in again.banner
        fingerprint = [line for line in running.banner.splitlines() if "fingerprint" in line]
        assert fingerprint[0] in again.banner
    finally:
        assert again.stop(signal.SIGINT) == 0  # Ctrl+C in the server's terminal


def test_serve_rejects_a_bad_duration(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "serve", str(MINI), "--idle-timeout", "soon"],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2
    assert "not a duration" in result.stderr


# Through OpenSSH ----------------------------------------------------------------------


@needs_openssh
@pytest.mark.parametrize("command", ["sh", "id", "cat /etc/passwd"])
def test_openssh_commands_are_refused(server: Server, client_key: Path, command: str) -> None:
    result = run_ssh(server, client_key, command)
    assert result.returncode == 1
    assert result.stdout == ""
    only = f"briefing: {ONLY_COMMANDS}"
    assert only in result.stderr
    assert "root:" not in result.stderr


@needs_openssh
def test_openssh_sftp_and_forwarding_are_refused(server: Server, client_key: Path) -> None:
    sftp = run_ssh(server, client_key, "sftp", "-s")
    assert sftp.returncode == 255
    assert "subsystem request failed" in sftp.stderr
    remote = run_ssh(
        server, client_key, "export", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9"
    )
    assert remote.returncode == 255
    assert "remote port forwarding failed" in remote.stderr


@needs_openssh
def test_openssh_local_forwarding_is_refused(server: Server, client_key: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        local_port = probe.getsockname()[1]
    forward = subprocess.Popen(
        [
            *ssh_command(server, client_key, "-N", "-L", f"{local_port}:127.0.0.1:{server.port}"),
            "brief@127.0.0.1",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    said: list[str] = []
    collector = threading.Thread(target=lambda: said.extend(forward.stderr or ()), daemon=True)
    collector.start()
    try:
        # ssh listens on the local port only once it is logged in; a busy machine may take a while.
        assert wait_for(lambda: forward.poll() is not None or _listening(local_port), timeout=60)
        assert forward.poll() is None, "".join(said)
        with socket.create_connection(("127.0.0.1", local_port), timeout=60) as tunnel:
            tunnel.settimeout(60)
            try:
                through = tunnel.recv(100)  # the server's SSH banner, had the forward gone through
            except ConnectionResetError:
                through = b""
        assert through == b""  # ssh closed it: the server refused the channel
        # ssh reports the refusal before it closes the local socket, but reads it on its own time.
        assert wait_for(lambda: "open failed" in "".join(said), timeout=60), "".join(said)
    finally:
        forward.terminate()
        forward.wait(timeout=30)
        collector.join(timeout=10)
    # The connection's log line is written when it ends.
    assert wait_for(lambda: "refused port forward" in server.log(), timeout=60), server.log()


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@needs_openssh
def test_openssh_export_matches_the_local_command(server: Server, client_key: Path) -> None:
    local = subprocess.run(
        [sys.executable, "-m", "briefing", "export", str(MINI)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if local.returncode != 0:
        pytest.skip(f"briefing export is not available yet: {local.stderr.strip()[-200:]}")
    remote = run_ssh(server, client_key, "export")
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout


@needs_openssh
@needs_tmux
def test_openssh_in_tmux_shows_the_reader_and_quits(
    server: Server, client_key: Path, tmux: Tmux
) -> None:
    open_in_tmux(tmux, server, client_key)
    assert wait_for(lambda: reader_ready(tmux), timeout=15), tmux.screen()
    screen = tmux.screen()
    assert len(screen.splitlines()) <= 24
    assert max(len(line) for line in screen.splitlines()) <= 80
    tmux("send-keys", "-t", "reader", "?")
    assert wait_for(lambda: "Esc closes" in tmux.screen()), tmux.screen()
    tmux("send-keys", "-t", "reader", "Escape")
    assert wait_for(lambda: "Esc closes" not in tmux.screen()), tmux.screen()
    (reader,) = children_of(server.process.pid)
    tmux("send-keys", "-t", "reader", "q")
    assert wait_for(lambda: ssh_finished(tmux)), tmux.screen()
    assert wait_for(lambda: not children_of(server.process.pid))
    assert reader not in children_of(server.process.pid)
    # The reader put the terminal back itself: main screen, no mouse reporting, cursor on.
    assert wait_for(lambda: tmux.flags() == "0 0 1"), tmux.flags()


@needs_openssh
@needs_tmux
def test_openssh_killed_client_leaves_no_reader(
    server: Server, client_key: Path, tmux: Tmux
) -> None:
    open_in_tmux(tmux, server, client_key)
    assert wait_for(lambda: reader_ready(tmux), timeout=15), tmux.screen()
    assert len(children_of(server.process.pid)) == 1
    shell_pid = int(tmux("display-message", "-p", "-t", "reader", "#{pane_pid}").strip())
    (ssh_pid,) = children_of(shell_pid)
    os.kill(ssh_pid, signal.SIGKILL)
    assert wait_for(lambda: not children_of(server.process.pid)), "the reader outlived its client"
    assert "ran=reader duration=" in server.next_log_line(0)
    assert 'ended="client dropped"' in server.next_log_line(0)


@needs_openssh
@needs_tmux
def test_openssh_shutdown_restores_the_clients_terminal(
    server: Server, client_key: Path, tmux: Tmux
) -> None:
    open_in_tmux(tmux, server, client_key)
    assert wait_for(lambda: reader_ready(tmux), timeout=15), tmux.screen()
    assert tmux.flags() != "0 0 1"  # the reader is in the alternate screen with the mouse on
    assert server.stop() == 0
    assert wait_for(lambda: ssh_finished(tmux))
    assert wait_for(lambda: tmux.flags() == "0 0 1"), tmux.flags()
    assert "the server is shutting down" in tmux.screen()
    assert "SSH-EXITED 129" in tmux.screen()
    assert 'ended="server shutdown"' in server.log()


@needs_openssh
@needs_tmux
def test_openssh_keys_do_what_they_do_in_a_local_reader(
    server: Server, client_key: Path, tmux: Tmux, tmp_path: Path
) -> None:
    """The same keys, sent to a local reader and to one over SSH, leave the same screen."""
    open_in_tmux(tmux, server, client_key)
    # Both first visits, each with its own empty state, so both say the same.
    reader = f"{sys.executable} -m briefing --low-bandwidth {MINI}"
    local = f"cd {Path.cwd()} && XDG_STATE_HOME={tmp_path / 'local-state'} {reader}; sleep 60"
    tmux("new-session", "-d", "-s", "local", "-x", "80", "-y", "24", local)

    def screens() -> tuple[str, str]:
        return tmux("capture-pane", "-p", "-t", "local"), tmux.screen()

    def same_and_settled() -> bool:
        first = screens()
        time.sleep(0.1)
        return first[0] == first[1] and screens() == first

    assert wait_for(lambda: reader_ready(tmux) and "Quit" in screens()[0], timeout=15)
    assert wait_for(same_and_settled), screens()
    for key in ["Tab", "BTab", "Down", "Enter", "2", "Right", "/", "Escape", "?"]:
        for session in ("local", "reader"):
            tmux("send-keys", "-t", session, key)
        time.sleep(0.15)
        assert wait_for(same_and_settled, timeout=5), f"after {key}:\n" + "\n".join(screens())


@needs_openssh
@needs_tmux
@pytest.mark.parametrize(
    ("limit", "ended"),
    [(("--idle-timeout", "6s"), "idle timeout"), (("--max-session", "6s"), "max session length")],
)
def test_openssh_a_session_the_server_ends_exits_the_same_way_every_time(
    tmp_path: Path, client_key: Path, tmux: Tmux, limit: tuple[str, str], ended: str
) -> None:
    """Even when the server was started with SIGHUP ignored (nohup), the reader ends on it."""
    authorized = tmp_path / "authorized_keys"
    authorized.write_bytes(Path(f"{client_key}.pub").read_bytes())
    server = start_server(
        tmp_path,
        str(MINI),
        "--authorized-keys",
        str(authorized),
        *limit,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN) and None,
    )
    try:
        open_in_tmux(tmux, server, client_key)
        assert wait_for(lambda: reader_ready(tmux) or ssh_finished(tmux), timeout=30)
        assert wait_for(lambda: ssh_finished(tmux), timeout=30), tmux.screen()
        assert "SSH-EXITED 129" in tmux.screen()
        assert wait_for(lambda: tmux.flags() == "0 0 1"), tmux.flags()
        assert wait_for(lambda: not children_of(server.process.pid))
        line = server.next_log_line(0)
        assert f'ended="{ended}"' in line  # not "(reader killed ...)": it ended on SIGHUP
    finally:
        server.stop()


@needs_openssh
def test_openssh_export_on_a_terminal_ends_lines_in_crlf(server: Server, client_key: Path) -> None:
    brief = local_export()
    on_terminal = subprocess.run(
        [*ssh_command(server, client_key, "-tt"), "brief@127.0.0.1", "export"],
        capture_output=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert on_terminal.returncode == 0
    # As OpenSSH's own server gives it: every line ends in CRLF, none in a bare LF.
    assert on_terminal.stdout == brief.replace("\n", "\r\n").encode()
    plain = run_ssh(server, client_key, "export")
    assert plain.stdout == brief and "\r" not in plain.stdout


def test_servers_started_at_once_share_one_new_host_key(tmp_path: Path) -> None:
    """Backends of one pool, started together on a fresh state directory."""
    env = {**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "briefing", "serve", str(MINI), "--public", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        for _ in range(4)
    ]
    banners = []
    try:
        for process in processes:
            assert process.stdout is not None
            lines = []
            while (line := process.stdout.readline()) and not line.startswith("connect with:"):
                lines.append(line)
            banners.append("".join(lines))
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=15)
    fingerprints = {
        line for banner in banners for line in banner.splitlines() if "fingerprint" in line
    }
    assert len(fingerprints) == 1, banners
    assert sum("created host key" in banner for banner in banners) == 1
    key_dir = tmp_path / "state" / "briefing"
    assert sorted(path.name for path in key_dir.iterdir()) == [
        "ssh_host_ed25519_key",
        "ssh_host_ed25519_key.pub",
    ]
