"""Turning a connection away before SSH starts, in words the client prints.

A client refused by a connection limit must still be told why. An SSH client reads the
server's version line first, then binary packets (RFC 4253, sections 4.2 and 6); OpenSSH's
``ssh`` prints the reason of a disconnect message it reads there. So a refusal is the
version line followed by one unencrypted ``SSH_MSG_DISCONNECT`` packet.

asyncssh cannot be used for this: its ``disconnect()`` called when a connection is made
goes out before its version line (the client then reports a bad banner), and it aborts
the socket, which resets the connection if the client's first bytes are still unread, so
the client may fail on its next write before it reads the reason. Measured with OpenSSH
9.2 on loopback, 30 tries each: asyncssh's disconnect at once, 0 reasons printed; put
off until its version was sent, 7 (the others "Broken pipe"); this module, 30. Here the
server closes only its sending side, then reads until the client has gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import struct

MSG_DISCONNECT = 1
_BLOCK = 8  # before key exchange: no cipher, so the minimum block size
_MIN_PADDING = 4


def _string(value: bytes) -> bytes:
    return struct.pack("!I", len(value)) + value


def disconnect_packet(code: int, reason: str) -> bytes:
    """One unencrypted ``SSH_MSG_DISCONNECT`` binary packet (RFC 4253 section 11.1)."""
    payload = bytes([MSG_DISCONNECT]) + struct.pack("!I", code) + _string(reason.encode())
    payload += _string(b"en")
    padding = -(4 + 1 + len(payload)) % _BLOCK
    if padding < _MIN_PADDING:
        padding += _BLOCK
    body = bytes([padding]) + payload + os.urandom(padding)
    return struct.pack("!I", len(body)) + body


def refusal_bytes(software_version: str, code: int, reason: str) -> bytes:
    """The version line ``SSH-2.0-software_version`` then a disconnect with ``reason``."""
    return f"SSH-2.0-{software_version}\r\n".encode("ascii") + disconnect_packet(code, reason)


async def turn_away(sock: socket.socket, refusal: bytes, linger: float) -> None:
    """Send ``refusal`` on a connected socket, wait up to ``linger`` seconds for the
    client to close, then close it. A ``linger`` of 0 closes at once (under a flood)."""
    loop = asyncio.get_running_loop()
    sock.setblocking(False)
    try:
        if not linger:
            with contextlib.suppress(OSError):
                sock.send(refusal)  # a fresh socket's buffer takes these few bytes
            return
        async with asyncio.timeout(linger):
            await loop.sock_sendall(sock, refusal)
            sock.shutdown(socket.SHUT_WR)
            # The client's own bytes are read and dropped until it closes: closing with
            # them unread would reset the connection before the client read the reason.
            while await loop.sock_recv(sock, 4096):
                pass
    except (OSError, TimeoutError):
        pass
    finally:
        sock.close()
