"""``briefing serve --proxy-protocol``: the PROXY header a balancer sends, good and bad."""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
import logging
import socket
import struct
import sys
from pathlib import Path

import pytest

asyncssh = pytest.importorskip("asyncssh", reason="briefing serve needs the ssh extra (asyncssh)")

from serve_support import connect, connection_lines, running_server, wait_logged  # noqa: E402

from briefing.serve.policy import Limits  # noqa: E402
from briefing.serve.proxy import (  # noqa: E402
    V2_SIGNATURE,
    ProxyHeader,
    ProxyHeaderError,
    parse_v1,
    parse_v2,
    read_header,
)
from briefing.serve.server import BriefingServer  # noqa: E402

TIMEOUT = 10.0


def v2(
    command: int = 0x1,
    family: int = 0x1,
    transport: int = 0x1,
    source: str = "203.0.113.7",
    port: int = 40000,
    extra: bytes = b"",
    version: int = 2,
    length: int | None = None,
) -> bytes:
    """A v2 header as HAProxy's send-proxy-v2 writes it."""
    if family == 0x1:
        body = ipaddress.IPv4Address(source).packed + bytes([127, 0, 0, 1])
    elif family == 0x2:
        body = ipaddress.IPv6Address(source).packed + ipaddress.IPv6Address("::1").packed
    else:
        body = b""
    if family in (0x1, 0x2):
        body += struct.pack("!HH", port, 2222)
    body += extra
    size = len(body) if length is None else length
    return (
        V2_SIGNATURE
        + bytes([version << 4 | command, family << 4 | transport])
        + struct.pack("!H", size)
        + body
    )


def parse_v2_whole(data: bytes) -> ProxyHeader:
    return parse_v2(data[:16], data[16:])


# The parser ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "source"),
    [
        (b"PROXY TCP4 203.0.113.7 127.0.0.1 40000 2222\r\n", ("203.0.113.7", 40000)),
        (b"PROXY TCP6 2001:db8::7 ::1 65535 2222\r\n", ("2001:db8::7", 65535)),
        (b"PROXY TCP4 198.51.100.1 127.0.0.1 0 2222\r\n", ("198.51.100.1", 0)),
        (b"PROXY UNKNOWN\r\n", None),
        (b"PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n", None),  # the rest is ignored
    ],
)
def test_v1_headers(line: bytes, source: tuple[str, int] | None) -> None:
    assert parse_v1(line) == ProxyHeader(source)


@pytest.mark.parametrize(
    "line",
    [
        b"PROXY TCP4 203.0.113.7 127.0.0.1 40000 2222\n",  # LF alone
        b"PROXY TCP4 203.0.113.7 127.0.0.1 40000\r\n",  # a field missing
        b"PROXY TCP4 203.0.113.7 127.0.0.1 40000 2222 9\r\n",  # one too many
        b"PROXY TCP4  203.0.113.7 127.0.0.1 40000 2222\r\n",  # two spaces
        b"PROXY TCP5 203.0.113.7 127.0.0.1 40000 2222\r\n",  # no such protocol
        b"PROXY TCP4 2001:db8::7 127.0.0.1 40000 2222\r\n",  # IPv6 in TCP4
        b"PROXY TCP6 203.0.113.7 ::1 40000 2222\r\n",  # IPv4 in TCP6
        b"PROXY TCP4 203.0.113.256 127.0.0.1 40000 2222\r\n",
        b"PROXY TCP4 203.0.113.7 127.0.0.1 65536 2222\r\n",
        b"PROXY TCP4 203.0.113.7 127.0.0.1 +4000 2222\r\n",
        b"PROXY TCP4 203.0.113.7 127.0.0.1 04000 2222\r\n",
        b"PROXY TCP4 203.0.113.7 127.0.0.1 -1 2222\r\n",
        b"PROXY TCP4 \xff\xfe 127.0.0.1 1 2222\r\n",
        b"PROXY TCP6 " + b"1" * 100 + b" ::1 1 2\r\n",  # longer than 107 bytes
        b"proxy TCP4 203.0.113.7 127.0.0.1 40000 2222\r\n",
    ],
)
def test_malformed_v1_headers_are_refused(line: bytes) -> None:
    with pytest.raises(ProxyHeaderError):
        parse_v1(line)


def test_v2_headers() -> None:
    assert parse_v2_whole(v2()) == ProxyHeader(("203.0.113.7", 40000))
    assert parse_v2_whole(v2(family=0x2, source="2001:db8::7", port=1)) == ProxyHeader(
        ("2001:db8::7", 1)
    )
    # Type-length-value extensions (here a CRC32C and a unique id) follow the addresses.
    extra = bytes([0x03, 0, 4, 1, 2, 3, 4, 0x05, 0, 2, 9, 9])
    assert parse_v2_whole(v2(extra=extra)) == ProxyHeader(("203.0.113.7", 40000))


def test_v2_local_and_unspecified_use_the_connections_own_address() -> None:
    """LOCAL is what HAProxy's health checks send with check-send-proxy."""
    assert parse_v2_whole(v2(command=0x0, family=0x0, transport=0x0)) == ProxyHeader(
        None, local=True
    )
    assert parse_v2_whole(v2(command=0x0)) == ProxyHeader(None, local=True)
    assert parse_v2_whole(v2(family=0x0, transport=0x0)) == ProxyHeader(None)


@pytest.mark.parametrize(
    "data",
    [
        v2(version=1),
        v2(command=0x2),
        v2(family=0x3),  # a Unix socket: no address to check from= against
        v2(transport=0x2),  # datagrams
        v2(length=8),  # shorter than two IPv4 addresses and ports
        v2(family=0x2, source="::1", length=20),
        b"\r\n\r\n\x00\r\nQUIT\x0b" + v2()[12:],  # wrong signature
    ],
)
def test_malformed_v2_headers_are_refused(data: bytes) -> None:
    with pytest.raises(ProxyHeaderError):
        parse_v2_whole(data)


def test_a_v2_header_shorter_than_announced_is_refused() -> None:
    data = v2()
    with pytest.raises(ProxyHeaderError):
        parse_v2(data[:16], data[16:-1])


# Reading from a socket: exactly the header ----------------------------------------------


async def read_from(data: bytes, close: bool = True) -> tuple[ProxyHeader, bytes]:
    """The header read from a socket that received ``data``, and what is left after it."""
    ours, theirs = socket.socketpair()
    ours.setblocking(False)
    with ours, theirs:
        theirs.sendall(data)
        if close:
            theirs.shutdown(socket.SHUT_WR)
        header = await asyncio.wait_for(read_header(ours), TIMEOUT)
        ours.setblocking(True)
        ours.settimeout(TIMEOUT)
        rest = b""
        while chunk := ours.recv(4096):
            rest += chunk
    return header, rest


@pytest.mark.parametrize(
    "header",
    [
        b"PROXY TCP4 203.0.113.7 127.0.0.1 40000 2222\r\n",
        b"PROXY UNKNOWN\r\n",
        v2(),
        v2(command=0x0, family=0x0, transport=0x0),
    ],
)
async def test_reading_a_header_leaves_the_ssh_stream_untouched(header: bytes) -> None:
    _, rest = await read_from(header + b"SSH-2.0-OpenSSH_9.2\r\nmore")
    assert rest == b"SSH-2.0-OpenSSH_9.2\r\nmore"


@pytest.mark.parametrize(
    ("data", "empty"),
    [
        (b"", True),  # a connect-only health check
        (b"PROXY TCP4 203.0.113.7 127.0.0.1 40000", False),  # truncated v1
        (v2()[:10], False),  # truncated inside the signature
        (v2()[:20], False),  # truncated inside the addresses
        (b"SSH-2.0-OpenSSH_9.2\r\n", False),  # a client without a balancer
        (b"GET / HTTP/1.1\r\n\r\n", False),
        (b"PROXY " + b"9" * 200 + b"\r\n", False),  # no end of line in 107 bytes
    ],
)
async def test_no_valid_header_on_the_socket_is_an_error(data: bytes, empty: bool) -> None:
    with pytest.raises(ProxyHeaderError) as raised:
        await read_from(data)
    assert raised.value.empty == empty


# A server behind a balancer --------------------------------------------------------------


async def through_balancer(
    server: BriefingServer, header: bytes, **options: object
) -> asyncssh.SSHClientConnection:
    """An SSH connection whose first bytes are ``header``, as a balancer would send."""
    sock = socket.create_connection(("127.0.0.1", server.port))
    sock.sendall(header)
    return await asyncio.wait_for(connect(server, sock=sock, **options), TIMEOUT)


def v1(address: str, port: int = 40000) -> bytes:
    family = "TCP6" if ":" in address else "TCP4"
    here = "::1" if ":" in address else "127.0.0.1"
    return f"PROXY {family} {address} {here} {port} 2222\r\n".encode()


@pytest.mark.parametrize("header", [v1("203.0.113.7"), v2()], ids=["v1", "v2"])
async def test_the_log_shows_the_real_client(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, header: bytes
) -> None:
    caplog.set_level(logging.INFO, logger="briefing.serve")
    async with running_server(tmp_path, proxy_protocol=True) as server:
        async with await through_balancer(server, header) as conn:
            result = await asyncio.wait_for(conn.run("export"), 30)
            assert result.exit_status == 0
        await wait_logged(server)
    (line,) = connection_lines(caplog)
    assert " 203.0.113.7:40000 key=public ran=export " in line


async def test_an_ipv6_client_is_logged_in_brackets(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="briefing.serve")
    async with running_server(tmp_path, proxy_protocol=True) as server:
        async with await through_balancer(server, v1("2001:db8::7", 5)) as conn:
            await asyncio.wait_for(conn.run("export"), 30)
        await wait_logged(server)
    assert " [2001:db8::7]:5 key=public " in connection_lines(caplog)[0]


async def test_from_is_checked_against_the_real_client(tmp_path: Path) -> None:
    key = asyncssh.generate_private_key("ssh-ed25519")
    keys_file = tmp_path / "authorized_keys"
    keys_file.write_bytes(b'from="203.0.113.0/24" ' + key.export_public_key())
    async with running_server(
        tmp_path, proxy_protocol=True, public=False, authorized_keys=keys_file
    ) as server:
        async with await through_balancer(server, v1("203.0.113.9"), client_keys=[key]) as conn:
            assert (await asyncio.wait_for(conn.run("export"), 30)).exit_status == 0
        with pytest.raises(asyncssh.PermissionDenied):
            await through_balancer(server, v1("198.51.100.9"), client_keys=[key])


async def test_max_per_address_counts_real_clients(tmp_path: Path, fake_reader: Path) -> None:
    limits = Limits(max_sessions=10, max_per_address=1)
    async with running_server(tmp_path, proxy_protocol=True, limits=limits) as server:
        server.settings = dataclasses.replace(
            server.settings, reader_command=[sys.executable, str(fake_reader)]
        )
        first = await through_balancer(server, v1("203.0.113.1"))
        other = await through_balancer(server, v1("203.0.113.2"))
        same = await through_balancer(server, v1("203.0.113.1", 40001))
        async with first, other, same:
            opened = []
            for conn in (first, other):
                process = await conn.create_process(term_type="xterm", encoding=None)
                await asyncio.wait_for(process.stdout.readuntil(b"ENV "), TIMEOUT)
                opened.append(process)
            refused = await asyncio.wait_for(same.run("export"), TIMEOUT)
            assert refused.exit_status == 1
            assert "too many sessions from your address" in str(refused.stderr)
            for process in opened:
                process.stdin.write(b"q")
                await asyncio.wait_for(process.wait(), TIMEOUT)


@pytest.fixture
def fake_reader(tmp_path: Path) -> Path:
    script = tmp_path / "fake_reader.py"
    script.write_text(
        "import os, tty\ntty.setraw(0)\nos.write(1, b'ENV {}\\n')\n"
        "while b'q' not in os.read(0, 100): pass\n"
    )
    return script


async def test_a_connection_without_a_header_is_dropped_and_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="briefing.serve")
    async with running_server(tmp_path, proxy_protocol=True) as server:
        with pytest.raises((asyncssh.Error, OSError)):
            await asyncio.wait_for(
                asyncssh.connect(
                    "127.0.0.1", server.port, known_hosts=None, config=None, agent_path=None
                ),
                TIMEOUT,
            )
        await wait_logged(server)
        assert not server.sessions
    (line,) = connection_lines(caplog)
    assert "key=- ran=nothing" in line
    assert 'ended="bad client: an SSH client connected without a PROXY header"' in line


async def test_health_checks_are_not_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """HAProxy's checks: connect and close; or with check-send-proxy a LOCAL header first;
    with tcp-check, read the server's banner first."""
    caplog.set_level(logging.INFO, logger="briefing.serve")
    local = v2(command=0x0, family=0x0, transport=0x0)
    async with running_server(tmp_path, proxy_protocol=True) as server:
        for header, read_banner in [(b"", False), (local, False), (local, True)]:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            writer.write(header)
            if read_banner:
                banner = await asyncio.wait_for(reader.readline(), TIMEOUT)
                assert banner.startswith(b"SSH-2.0-")
            writer.close()
            await writer.wait_closed()
        # After a LOCAL header the balancer itself may speak SSH: its own address is used.
        async with await through_balancer(server, local) as conn:
            assert (await asyncio.wait_for(conn.run("export"), 30)).exit_status == 0
        await wait_logged(server)
        await asyncio.sleep(0.2)  # nothing else is on its way to the log
    (line,) = connection_lines(caplog)
    assert " 127.0.0.1:" in line and "ran=export" in line


async def test_without_the_flag_a_proxy_header_is_a_bad_client(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="briefing.serve")
    async with running_server(tmp_path) as server:
        for header in (v1("203.0.113.7"), v2()):
            with pytest.raises((asyncssh.Error, OSError)):
                await through_balancer(server, header)
        await wait_logged(server)
        assert not server.sessions
    lines = connection_lines(caplog)
    assert len(lines) == 2
    assert all("127.0.0.1:" in line and 'ended="bad client: not SSH 2"' in line for line in lines)
