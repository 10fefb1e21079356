"""The limits of one connection (channels, environment, key tries), and refusals a client
can read, through real clients: asyncssh's, and OpenSSH's ``ssh``."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import subprocess
from pathlib import Path

import pytest

asyncssh = pytest.importorskip("asyncssh", reason="briefing serve needs the ssh extra (asyncssh)")

from serve_support import (  # noqa: E402
    MINI,
    connect,
    connection_lines,
    make_key,
    needs_openssh,
    open_idle_channel,
    resident_kib,
    running_server,
    send_environment,
    ssh_command,
    start_server,
    wait_for,
    wait_logged,
)

from briefing.serve.policy import (  # noqa: E402
    MAX_CHANNELS,
    MAX_ENVIRONMENT_BYTES,
    TOO_MANY_AUTH_FAILURES,
    TOO_MANY_CONNECTIONS,
    TOO_MANY_FROM_ADDRESS,
    Limits,
    channel_refusal,
)

TIMEOUT = 20.0  # generous: these tests must hold on a busy machine
CHANNEL_REFUSAL = channel_refusal(MAX_CHANNELS, Limits())
assert CHANNEL_REFUSAL is not None


async def until(check: object, timeout: float = TIMEOUT) -> None:
    """Wait for ``check()`` to be true, polling; fail the test if it never is."""
    assert callable(check)
    for _ in range(int(timeout / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    assert check()


def ssh_base(port: int, tmp_path: Path, *options: str) -> list[str]:
    return [
        *("ssh", "-F", "/dev/null", "-p", str(port)),
        *("-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=accept-new"),
        *("-o", f"UserKnownHostsFile={tmp_path / 'known_hosts'}", "-o", "ConnectTimeout=15"),
        *options,
    ]


# Channels per connection ---------------------------------------------------------------


async def test_the_eleventh_channel_is_refused_with_a_reason_counting_idle_ones(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="briefing.serve")
    limits = Limits(max_sessions=30, max_per_address=30)
    async with running_server(tmp_path, reader=["sleep", "60"], limits=limits) as server:
        async with connect(server) as conn:
            # Five readers started and five channels in which nothing ever starts.
            readers = [
                await conn.create_process(term_type="xterm", term_size=(80, 24)) for _ in range(5)
            ]
            idle = [await open_idle_channel(conn) for _ in range(5)]
            await until(lambda: len(server.sessions) == 5)
            with pytest.raises(asyncssh.ChannelOpenError) as refused:
                await conn.create_process(term_type="xterm", term_size=(80, 24))
            assert refused.value.reason == CHANNEL_REFUSAL
            with pytest.raises(asyncssh.ChannelOpenError):
                await open_idle_channel(conn)
            # A closed channel makes room for another.
            readers[0].close()
            await until(lambda: len(server.sessions) == 4)
            replacement = await asyncio.wait_for(open_idle_channel(conn), TIMEOUT)
            assert replacement is not None
            assert len(idle) == 5
        await wait_logged(server)
    (line,) = connection_lines(caplog)
    assert "refused 2 channels past 10 open" in line


@needs_openssh
async def test_control_master_shares_ten_sessions_and_ssh_prints_why_not_eleven(
    tmp_path: Path,
) -> None:
    limits = Limits(max_sessions=30, max_per_address=30)
    control = tmp_path / "control"
    async with running_server(tmp_path, reader=["sleep", "60"], limits=limits) as server:
        base = ssh_base(server.port, tmp_path, "-S", str(control))
        errors = tmp_path / "master.err"
        with errors.open("w") as master_errors:
            master = await asyncio.create_subprocess_exec(
                *base, "-M", "-N", "brief@127.0.0.1",
                stdin=subprocess.DEVNULL, stderr=master_errors,
            )  # fmt: skip
        clients: list[asyncio.subprocess.Process] = []
        try:
            await until(control.exists)

            async def session() -> asyncio.subprocess.Process:
                return await asyncio.create_subprocess_exec(
                    *base, "-tt", "brief@127.0.0.1",
                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )  # fmt: skip

            clients = [await session() for _ in range(10)]
            await until(lambda: len(server.sessions) == 10)
            eleventh = await session()
            # OpenSSH's master prints why the server refused the channel.
            await until(lambda: CHANNEL_REFUSAL in errors.read_text())
            assert len(server.sessions) == 10
            eleventh.kill()
            # One session ends: the master opens the next one as before.
            clients.pop().kill()
            await until(lambda: len(server.sessions) == 9)
            clients.append(await session())
            await until(lambda: len(server.sessions) == 10)
        finally:
            for client in clients:
                with contextlib.suppress(ProcessLookupError):
                    client.kill()
            master.terminate()
            await master.wait()


# Environment per channel ---------------------------------------------------------------


async def test_a_channel_keeps_no_more_environment_than_its_bound(tmp_path: Path) -> None:
    async with running_server(tmp_path) as server, connect(server) as conn:
        chan = await open_idle_channel(conn)
        accepted = await send_environment(chan, {b"LANG": b"C.UTF-8"})
        assert accepted == [True]
        flood = {f"VAR{number}".encode(): b"x" * 30_000 for number in range(64)}
        assert not any(await send_environment(chan, flood))
        small = {f"LC_{number}".encode(): b"C" for number in range(200)}
        kept = sum(await send_environment(chan, small))
        assert 0 < kept < 200
        # A name sent again counts again: nothing refills a channel's allowance.
        assert await send_environment(chan, {b"LANG": b"C"}) == [False]


def _flood(port: int, channels: int = MAX_CHANNELS) -> None:
    """One connection that opens the most channels it may and sends each 64 variables of
    30 KB (far past the bound), then leaves; a refused 11th channel is tried too."""

    async def run() -> None:
        async with asyncssh.connect(
            "127.0.0.1", port, known_hosts=None, username="brief",
            client_keys=None, agent_path=None, config=None,
        ) as conn:  # fmt: skip
            opened = [await open_idle_channel(conn) for _ in range(channels)]
            env = {f"VAR{number}".encode(): b"x" * 30_000 for number in range(64)}
            await asyncio.gather(*(send_environment(chan, env) for chan in opened))
            if channels == MAX_CHANNELS:
                with pytest.raises(asyncssh.ChannelOpenError):
                    await open_idle_channel(conn)

    asyncio.run(asyncio.wait_for(run(), 120))


def test_floods_of_environment_leave_the_servers_memory_within_a_bound(tmp_path: Path) -> None:
    server = start_server(tmp_path, str(MINI), "--public")
    try:
        pid = server.process.pid
        _flood(server.port, channels=1)  # the first use of each code path
        assert wait_for(lambda: "key=public" in server.log(), timeout=TIMEOUT)
        before = resident_kib(pid)
        after_each = []
        for round_number in range(5):
            _flood(server.port)
            logged = round_number + 2
            assert wait_for(lambda n=logged: server.log().count("key=public") >= n, TIMEOUT)
            after_each.append(resident_kib(pid)["VmRSS"])
        peak_growth = resident_kib(pid)["VmHWM"] - before["VmHWM"]
        growth = after_each[-1] - after_each[0]
    finally:
        server.stop()
    # Each connection may hold 10 x 8 KiB of environment; without the bound one of these
    # held 10 x 64 x 30 KB = 19 MB, and more with more channels.
    assert peak_growth < 8 * 1024, (before, after_each)
    # Connection after connection, the server does not grow.
    assert growth < 2 * 1024, after_each
    assert wait_for(lambda: "refused 1 channel past 10 open" in server.log()), server.log()
    assert MAX_ENVIRONMENT_BYTES == 8192


# Key tries ------------------------------------------------------------------------------


@pytest.fixture
def keys(tmp_path: Path) -> tuple[list[asyncssh.SSHKey], asyncssh.SSHKey, Path]:
    """Seven keys that are not authorized, one that is, and the authorized-keys file."""
    wrong = [asyncssh.generate_private_key("ssh-ed25519") for _ in range(7)]
    right = asyncssh.generate_private_key("ssh-ed25519")
    authorized = tmp_path / "authorized_keys"
    authorized.write_bytes(right.export_public_key())
    return wrong, right, authorized


async def test_the_sixth_refused_key_disconnects_and_a_right_key_after_it_is_not_tried(
    tmp_path: Path,
    keys: tuple[list[asyncssh.SSHKey], asyncssh.SSHKey, Path],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="briefing.serve")
    wrong, right, authorized = keys
    async with running_server(tmp_path, public=False, authorized_keys=authorized) as server:
        for offered in (wrong[:6] + [right], wrong + [right]):
            with pytest.raises(asyncssh.DisconnectError) as ended:
                async with connect(server, client_keys=offered):
                    pass
            assert ended.value.reason == TOO_MANY_AUTH_FAILURES
        # Five refused keys leave room for a sixth try, which gets in.
        async with connect(server, client_keys=wrong[:5] + [right]) as conn:
            result = await conn.run("export --about nothing", term_type=None)
            assert result.exit_status != 0
        await wait_logged(server)
    lines = connection_lines(caplog)
    assert len(lines) == 3
    assert all('ended="too many authentication failures (6 keys refused)"' in x for x in lines[:2])
    assert 'ran="refused 6 keys"' in lines[0]
    assert "refused 5 keys" in lines[2] and "key=SHA256:" in lines[2]


async def test_one_key_offered_again_and_again_counts_once(
    tmp_path: Path, keys: tuple[list[asyncssh.SSHKey], asyncssh.SSHKey, Path]
) -> None:
    wrong, right, authorized = keys
    async with (
        running_server(tmp_path, public=False, authorized_keys=authorized) as server,
        connect(server, client_keys=[wrong[0]] * 10 + [right]) as conn,
    ):
        assert conn.get_extra_info("username") == "brief"


async def test_max_auth_tries_is_the_servers_to_set(
    tmp_path: Path, keys: tuple[list[asyncssh.SSHKey], asyncssh.SSHKey, Path]
) -> None:
    wrong, right, authorized = keys
    limits = Limits(max_auth_tries=2)
    async with running_server(
        tmp_path, public=False, authorized_keys=authorized, limits=limits
    ) as server:
        with pytest.raises(asyncssh.DisconnectError):
            async with connect(server, client_keys=wrong[:2] + [right]):
                pass
        async with connect(server, client_keys=wrong[:1] + [right]):
            pass


@needs_openssh
def test_ssh_prints_too_many_authentication_failures(tmp_path: Path) -> None:
    right = make_key(tmp_path, "right")
    wrong = [make_key(tmp_path, f"wrong{number}") for number in range(7)]
    authorized = tmp_path / "authorized_keys"
    authorized.write_bytes(Path(str(right) + ".pub").read_bytes())
    server = start_server(tmp_path, str(MINI), "--authorized-keys", str(authorized))
    try:
        # Seven keys not authorized, offered before the one that is, as an agent might.
        identities = [option for key in [*wrong, right] for option in ("-i", str(key))]
        result = subprocess.run(
            [*ssh_base(server.port, tmp_path, *identities, "-o", "IdentitiesOnly=yes"),
             "brief@127.0.0.1", "export"],
            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        line = server.next_log_line(0)
    finally:
        server.stop()
    assert result.returncode == 255, result
    assert TOO_MANY_AUTH_FAILURES in result.stderr
    assert 'ended="too many authentication failures (6 keys refused)"' in line


# Refusals before SSH starts -------------------------------------------------------------


def _hold(port: int, count: int) -> list[socket.socket]:
    return [socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) for _ in range(count)]


@needs_openssh
@pytest.mark.parametrize(
    ("options", "held", "reason"),
    [
        # --max-sessions 1 allows 12 connections, --max-per-address 5 allows 12 per address.
        (("--max-sessions", "1", "--max-per-address", "5"), 12, TOO_MANY_CONNECTIONS),
        # --max-per-address 1 allows 4 connections from one address.
        (("--max-per-address", "1"), 4, TOO_MANY_FROM_ADDRESS),
        # Under --proxy-protocol, 12 connections that send no header yet fill the server.
        (("--max-sessions", "1", "--proxy-protocol"), 12, TOO_MANY_CONNECTIONS),
    ],
    ids=["connections", "per-address", "handshakes-behind-a-balancer"],
)
def test_ssh_prints_why_a_connection_was_turned_away(
    tmp_path: Path, options: tuple[str, ...], held: int, reason: str
) -> None:
    key = make_key(tmp_path)
    server = start_server(tmp_path, str(MINI), "--public", *options)
    sockets = _hold(server.port, held)
    try:
        # The held connections are counted once the server has accepted them all; until
        # then the next one may get in, so each try is a fresh connection.
        def refused() -> bool:
            result = subprocess.run(
                ssh_command(server, key, "-o", "ConnectTimeout=15") + ["brief@127.0.0.1"],
                capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
            )  # fmt: skip
            return reason in result.stderr

        assert wait_for(refused, timeout=60, every=0.2), server.log()
        # The client hears the refusal before the server's log line is read back.
        logged = f'ended="refused: {reason.split(";")[0]}'
        assert wait_for(lambda: logged in server.log(), timeout=15), server.log()
    finally:
        for sock in sockets:
            sock.close()
        server.stop()


async def test_asyncssh_reads_the_reason_of_a_refused_connection(tmp_path: Path) -> None:
    limits = Limits(max_sessions=20, max_per_address=1)
    async with running_server(tmp_path, limits=limits) as server:
        held = [await asyncio.open_connection("127.0.0.1", server.port) for _ in range(4)]
        await until(lambda: len(server.connections) == 4)
        with pytest.raises(asyncssh.DisconnectError) as refused:
            async with connect(server):
                pass
        assert TOO_MANY_FROM_ADDRESS in refused.value.reason
        for _, writer in held:
            writer.close()


# The server's own ends, in its own words -------------------------------------------------


@needs_openssh
def test_ssh_prints_why_an_unused_connection_was_closed(tmp_path: Path) -> None:
    key = make_key(tmp_path)
    server = start_server(tmp_path, str(MINI), "--public", "--idle-timeout", "2s")
    try:
        # -N: logged in, and never a session.
        result = subprocess.run(
            [*ssh_command(server, key, "-N"), "brief@127.0.0.1"],
            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        )  # fmt: skip
        line = server.next_log_line(0)
    finally:
        server.stop()
    assert "closed after 2.0s without a session" in result.stderr
    assert "Disconnected by application" not in result.stderr
    assert 'ended="idle timeout"' in line


async def test_a_client_that_never_logs_in_is_told_the_login_grace_expired(
    tmp_path: Path,
) -> None:
    async with running_server(tmp_path, limits=Limits(login_grace=1.0)) as server:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b"SSH-2.0-silent\r\n")  # then nothing: no key exchange, no login
        received = await asyncio.wait_for(reader.read(), TIMEOUT)  # until the server closes
        writer.close()
    # Before key exchange the disconnect message travels in the clear.
    assert b"no login within 1.0s" in received
