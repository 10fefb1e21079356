"""The PROXY protocol header a load balancer puts before a client's bytes (versions 1 and 2).

Follows HAProxy's specification (``doc/proxy-protocol.txt``): HAProxy sends version 1 with
``send-proxy`` and version 2 with ``send-proxy-v2``. Only what this server needs is kept:
whether the connection was proxied and, if so, the client's address and port. The header is
read byte-exactly from the socket, so the SSH stream that follows is left untouched.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import struct
from dataclasses import dataclass

V1_PREFIX = b"PROXY "
V2_SIGNATURE = b"\r\n\r\n\x00\r\nQUIT\n"
V1_MAX_LENGTH = 107  # "PROXY TCP6 " + two full IPv6 addresses + two ports + CRLF
_PREFIX_LENGTH = 6  # enough to tell v1, v2 and anything else apart
_V2_HEADER_LENGTH = 16
_V2_ADDRESS_LENGTHS = {0x1: 12, 0x2: 36}  # AF_INET, AF_INET6: two addresses, two ports


class ProxyHeaderError(ValueError):
    """No valid PROXY header; ``empty`` when the peer closed before sending a byte."""

    def __init__(self, message: str, *, empty: bool = False) -> None:
        super().__init__(message)
        self.empty = empty


@dataclass(frozen=True)
class ProxyHeader:
    """What a header says: ``source`` is the client's (address, port), or None when the
    connection is the balancer's own (a v2 LOCAL health check, v1 UNKNOWN, or an
    unspecified family), in which case the socket's own peer address applies."""

    source: tuple[str, int] | None
    local: bool = False


def _port(field: bytes) -> int:
    if not field.isdigit() or (len(field) > 1 and field.startswith(b"0")) or len(field) > 5:
        raise ProxyHeaderError(f"bad port {field[:8]!r} in a v1 header")
    port = int(field)
    if port > 65535:
        raise ProxyHeaderError(f"port {port} is out of range in a v1 header")
    return port


def parse_v1(line: bytes) -> ProxyHeader:
    """A complete v1 line, CRLF included: ``PROXY TCP4 SRC DST SPORT DPORT\\r\\n``."""
    if not line.startswith(V1_PREFIX) or not line.endswith(b"\r\n"):
        raise ProxyHeaderError("a v1 header must start with 'PROXY ' and end with CRLF")
    if len(line) > V1_MAX_LENGTH:
        raise ProxyHeaderError(f"a v1 header is longer than {V1_MAX_LENGTH} bytes")
    fields = line[len(V1_PREFIX) : -2].split(b" ")
    if fields[0] == b"UNKNOWN":
        return ProxyHeader(None)  # the rest of the line is to be ignored
    if fields[0] not in (b"TCP4", b"TCP6"):
        raise ProxyHeaderError(f"unknown protocol {fields[0][:8]!r} in a v1 header")
    if len(fields) != 5:
        raise ProxyHeaderError("a v1 header needs 5 fields separated by single spaces")
    version = 4 if fields[0] == b"TCP4" else 6
    addresses = []
    for field in fields[1:3]:
        try:
            address = ipaddress.ip_address(field.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            raise ProxyHeaderError(f"bad address {field[:40]!r} in a v1 header") from None
        if address.version != version:
            raise ProxyHeaderError(f"{address} is not an IPv{version} address")
        addresses.append(address)
    source_port = _port(fields[3])
    _port(fields[4])
    return ProxyHeader((str(addresses[0]), source_port))


def v2_body_length(header: bytes) -> int:
    """The number of bytes after a v2 header's first 16; checks signature and version."""
    if len(header) != _V2_HEADER_LENGTH or not header.startswith(V2_SIGNATURE):
        raise ProxyHeaderError("not a v2 header signature")
    if header[12] >> 4 != 2:
        raise ProxyHeaderError(f"unknown v2 protocol version {header[12] >> 4}")
    if header[12] & 0x0F not in (0x0, 0x1):
        raise ProxyHeaderError(f"unknown v2 command {header[12] & 0x0F}")
    length: int = struct.unpack("!H", header[14:16])[0]
    return length


def parse_v2(header: bytes, body: bytes) -> ProxyHeader:
    """A v2 header: its first 16 bytes and the ``v2_body_length`` bytes after them."""
    length = v2_body_length(header)
    if len(body) != length:
        raise ProxyHeaderError(f"a v2 header announced {length} bytes but has {len(body)}")
    if header[12] & 0x0F == 0x0:
        return ProxyHeader(None, local=True)  # LOCAL: the balancer itself, e.g. a check
    family, transport = header[13] >> 4, header[13] & 0x0F
    if family == 0x0:
        return ProxyHeader(None)  # UNSPEC: the receiver uses the connection's own addresses
    if family not in _V2_ADDRESS_LENGTHS:
        raise ProxyHeaderError("only TCP over IPv4 or IPv6 can be proxied to this server")
    if transport != 0x1:
        raise ProxyHeaderError("only stream (TCP) connections can be proxied to this server")
    size = _V2_ADDRESS_LENGTHS[family]
    if length < size:
        raise ProxyHeaderError(f"a v2 address block needs {size} bytes but has {length}")
    half = (size - 4) // 2
    source = ipaddress.ip_address(body[:half])
    (source_port,) = struct.unpack("!H", body[2 * half : 2 * half + 2])
    return ProxyHeader((str(source), source_port))


async def _recv_exactly(sock: socket.socket, count: int, received: int) -> bytes:
    loop = asyncio.get_running_loop()
    data = bytearray()
    while len(data) < count:
        chunk = await loop.sock_recv(sock, count - len(data))
        if not chunk:
            raise ProxyHeaderError(
                "the connection closed inside a PROXY header"
                if received or data
                else "the connection closed before a PROXY header",
                empty=not received and not data,
            )
        data += chunk
    return bytes(data)


async def read_header(sock: socket.socket) -> ProxyHeader:
    """Read one PROXY header (v1 or v2) from a non-blocking socket, and not a byte more.

    Raises ``ProxyHeaderError`` when what arrives is not a valid header.
    """
    prefix = await _recv_exactly(sock, _PREFIX_LENGTH, 0)
    if prefix == V1_PREFIX:
        line = bytearray(prefix)
        # Byte by byte: the line's end is not known in advance, and what follows is SSH.
        while not line.endswith(b"\n") and len(line) < V1_MAX_LENGTH:
            line += await _recv_exactly(sock, 1, len(line))
        if not line.endswith(b"\n"):
            raise ProxyHeaderError(f"no end of line within {V1_MAX_LENGTH} bytes of a v1 header")
        return parse_v1(bytes(line))
    if V2_SIGNATURE.startswith(prefix):
        header = prefix + await _recv_exactly(sock, _V2_HEADER_LENGTH - _PREFIX_LENGTH, len(prefix))
        length = v2_body_length(header)
        body = await _recv_exactly(sock, length, len(header)) if length else b""
        return parse_v2(header, body)
    if prefix.startswith(b"SSH-"):
        raise ProxyHeaderError("an SSH client connected without a PROXY header")
    raise ProxyHeaderError("no PROXY header")
