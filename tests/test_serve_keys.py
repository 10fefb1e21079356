"""authorized_keys options, honoured as sshd(8) does, tried with the OpenSSH client.

One server runs for the whole module; each test rewrites its authorized-keys file, which
the server reads again when it changes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("asyncssh", reason="briefing serve needs the ssh extra (asyncssh)")

from serve_support import (  # noqa: E402
    MINI,
    Server,
    Tmux,
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

pytestmark = needs_openssh


@dataclass
class Keyed:
    server: Server
    key: Path
    authorized: Path
    version: int = 0

    @property
    def public(self) -> str:
        return Path(str(self.key) + ".pub").read_text().strip()

    def allow(self, *lines: str) -> None:
        """Write these lines (``{key}`` stands for the client's public key) as the file."""
        self.authorized.write_text("".join(line.format(key=self.public) + "\n" for line in lines))
        # A new modification time each time, so the server sees every change.
        self.version += 1
        stamp = (1_700_000_000 + self.version) * 1_000_000_000
        os.utime(self.authorized, ns=(stamp, stamp))

    def with_options(self, options: str) -> None:
        self.allow(f"{options} {{key}}")

    def ssh(self, command: str | None, *options: str) -> tuple[int, str, str, str]:
        """Exit status, output, errors, and the log line of the connection."""
        before = len(self.server.log_lines())
        result = run_ssh(self.server, self.key, command, *options)
        line = self.server.next_log_line(before)
        return result.returncode, result.stdout, result.stderr, line


@pytest.fixture(scope="module")
def keyed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Keyed]:
    directory = tmp_path_factory.mktemp("keys")
    key = make_key(directory)
    authorized = directory / "authorized_keys"
    authorized.write_text(Path(str(key) + ".pub").read_text())
    server = start_server(directory, str(MINI), "--authorized-keys", str(authorized))
    yield Keyed(server, key, authorized)
    server.stop()


@pytest.fixture(scope="module")
def brief() -> str:
    return local_export()


def test_a_plain_key_gets_in(keyed: Keyed, brief: str) -> None:
    keyed.allow("{key}")
    status, output, _, line = keyed.ssh("export")
    assert status == 0 and output == brief
    assert "key=SHA256:" in line


# expiry-time= -------------------------------------------------------------------------


def test_an_expired_key_is_refused(keyed: Keyed) -> None:
    keyed.with_options('expiry-time="20000101"')
    status, output, _, line = keyed.ssh("export")
    assert status == 255 and output == ""
    assert 'ended="key refused: authorized_keys:1: the key expired at expiry-time=' in line
    assert "key=- " in line


@pytest.mark.parametrize("expiry", ["29991231", "299912312359Z", "29991231235959"])
def test_a_key_before_its_expiry_gets_in(keyed: Keyed, brief: str, expiry: str) -> None:
    keyed.with_options(f'expiry-time="{expiry}"')
    status, output, _, _ = keyed.ssh("export")
    assert status == 0 and output == brief


def test_a_later_line_for_the_same_key_still_counts(keyed: Keyed, brief: str) -> None:
    keyed.allow('expiry-time="20000101" {key}', "{key}")
    status, output, _, _ = keyed.ssh("export")
    assert status == 0 and output == brief


# from= ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patterns", "allowed"),
    [
        ("127.0.0.1", True),
        ("127.0.0.0/8", True),
        ("127.0.0.*", True),
        ("192.0.2.1,127.0.0.1", True),
        ("10.0.0.0/8", False),
        ("!127.0.0.1,*", False),
        ("127.0.0.1/8", False),  # host bits set: sshd refuses the line
        ("::1", False),
    ],
)
def test_from_limits_where_a_key_is_used(
    keyed: Keyed, brief: str, patterns: str, allowed: bool
) -> None:
    keyed.with_options(f'from="{patterns}"')
    status, output, _, line = keyed.ssh("export")
    if allowed:
        assert status == 0 and output == brief
    else:
        assert status == 255 and output == ""
        assert "key refused" in line and "from=" in line


# restrict, no-pty, pty --------------------------------------------------------------------


@pytest.mark.parametrize("options", ["restrict", "no-pty", "pty,restrict", "RESTRICT", "No-Pty"])
def test_a_key_without_a_terminal_gets_no_reader_but_export_works(
    keyed: Keyed, brief: str, options: str
) -> None:
    keyed.with_options(options)
    # ssh -t asks for the reader on a terminal; OpenSSH gives up when the terminal is
    # refused, as it does with sshd.
    status, output, _, line = keyed.ssh(None, "-tt")
    assert status == 255 and output == ""
    assert "refused terminal (no-pty)" in line
    status, output, _, _ = keyed.ssh("export")
    assert status == 0 and output == brief


@needs_tmux
def test_pty_after_restrict_opens_the_reader(keyed: Keyed, tmp_path: Path) -> None:
    keyed.with_options("restrict,pty")
    tmux = Tmux(tmp_path / "tmux.sock")
    try:
        open_in_tmux(tmux, keyed.server, keyed.key)
        assert wait_for(lambda: reader_ready(tmux), timeout=30), tmux.screen()
        tmux("send-keys", "-t", "reader", "q")
        assert wait_for(lambda: ssh_finished(tmux), timeout=15), tmux.screen()
        assert "SSH-EXITED 0" in tmux.screen()
    finally:
        tmux("kill-server")


# command= ---------------------------------------------------------------------------------


@pytest.mark.parametrize("asked", [None, "export", "export --about Tb", "cat /etc/passwd"])
def test_a_forced_command_confines_a_key_to_one_scoped_brief(
    keyed: Keyed, asked: str | None
) -> None:
    keyed.with_options('command="export --about Dy"')
    status, output, _, line = keyed.ssh(asked)
    assert status == 0
    assert output == local_export("--about", "Dy")
    assert 'ran="export --about Dy (forced)"' in line


def test_a_forced_export_gives_the_brief_for_any_request(keyed: Keyed, brief: str) -> None:
    keyed.with_options('restrict,command="export"')
    for asked in (None, "sh"):
        status, output, _, _ = keyed.ssh(asked)
        assert status == 0 and output == brief


@pytest.mark.parametrize("command", ["/usr/bin/true", "sh", "export; id", "export --about"])
def test_a_forced_command_the_server_does_not_know_refuses_the_key(
    keyed: Keyed, command: str
) -> None:
    keyed.with_options(f'command="{command}"')
    status, output, _, line = keyed.ssh("export")
    assert status == 255 and output == ""
    assert "key refused" in line and "is not a command this server runs" in line


# What changes nothing here, and what refuses the key -----------------------------------


def test_options_about_forwarding_and_environment_change_nothing(keyed: Keyed, brief: str) -> None:
    keyed.with_options(
        'no-port-forwarding,permitopen="127.0.0.1:80",permitlisten="8080",'
        'no-agent-forwarding,no-X11-forwarding,no-user-rc,environment="LANG=C",tunnel="0",'
        "port-forwarding,agent-forwarding,X11-forwarding,user-rc,no-touch-required"
    )
    status, output, _, _ = keyed.ssh("export")
    assert status == 0 and output == brief


@pytest.mark.parametrize(
    ("options", "reason"),
    [
        ("cert-authority", "cert-authority is not supported"),
        ('principals="analyst"', "principals= is not supported"),
        ("verify-required", "verify-required cannot be checked"),
        ("frobnicate", "unknown option 'frobnicate'"),
        ('no-pty="yes"', "no-pty takes no value"),
        ("from=127.0.0.1", "cannot read"),  # sshd wants the value in double quotes
        ('command="export",command="export"', "given more than once"),
        ('expiry-time="2000"', "is not YYYYMMDD"),
    ],
)
def test_options_the_server_cannot_honour_refuse_the_key_and_say_why(
    keyed: Keyed, options: str, reason: str
) -> None:
    before = len(keyed.server.log_lines())
    keyed.with_options(options)
    status, output, _, line = keyed.ssh("export")
    assert status == 255 and output == ""
    # Said when the file is read, with the line, and again for the refused connection.
    read = "".join(keyed.server.log_lines()[before:]).replace(line, "")
    assert "authorized_keys:1: " in read and reason in read
    if reason == "cannot read":
        assert 'ended="not authenticated"' in line  # no usable line for the key
    else:
        assert 'ended="key refused: authorized_keys:1: ' in line and reason in line


@needs_tmux
def test_a_terminal_without_the_reader_is_told_why(keyed: Keyed, tmp_path: Path) -> None:
    """Plain ``ssh host`` from a terminal: the terminal is refused but the session goes on."""
    keyed.with_options("no-pty")
    tmux = Tmux(tmp_path / "tmux.sock")
    ssh = " ".join(ssh_command(keyed.server, keyed.key)) + " brief@127.0.0.1"
    try:
        tmux(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "reader",
            "-x",
            "80",
            "-y",
            "24",
            f"{ssh}; echo SSH-EXITED $?; sleep 60",
        )
        assert wait_for(lambda: ssh_finished(tmux), timeout=30), tmux.screen()
        screen = tmux.screen()
        assert "this key may not open the reader (no-pty); export and read work" in screen
        assert "SSH-EXITED 1" in screen
    finally:
        tmux("kill-server")
