"""Option values read and checked by argparse: each refusal is one line under the
command's usage, with exit status 2, before any work starts."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing.serve.policy import parse_duration

MAX_DURATION_SECONDS = 366 * 24 * 3600
"""A year: longer limits are mistakes, and the event loop refuses far longer timers."""


def input_path(text: str) -> Path:
    """A file to read, ``-`` for standard input.

    Raises ``ArgumentTypeError`` for an empty name.
    """
    if not text:
        raise argparse.ArgumentTypeError(
            "the file name is empty; give a path, or - for standard input"
        )
    return Path(text)


def output_path(text: str) -> str:
    """A file to write, ``-`` for standard output, kept as written.

    Raises ``ArgumentTypeError`` for an empty name.
    """
    if not text:
        raise argparse.ArgumentTypeError(
            "the file name is empty; give a path, or - for standard output"
        )
    return text


def whole_number(text: str, low: int, high: int, what: str) -> int:
    """``text`` as an integer from ``low`` to ``high``; ``what`` names it in the refusal.

    Raises ``ArgumentTypeError`` unless it is written with the ASCII digits 0-9 only
    (``int()`` would also take ``２２`` or ``٢٢``) and is in range.
    """
    if not (text.isascii() and text.isdigit()):
        raise argparse.ArgumentTypeError(f"{text!r} is not {what} (write it with the digits 0-9)")
    value = int(text)
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(
            f"{value} is out of range: {what} runs from {low} to {high}"
        )
    return value


def port(text: str) -> int:
    """A TCP port, 0 to 65535 (0: any free port). Raises ``ArgumentTypeError``."""
    return whole_number(text, 0, 65535, "a port number")


def count(text: str) -> int:
    """A count from 1 to 100,000. Raises ``ArgumentTypeError``."""
    return whole_number(text, 1, 100_000, "a count")


def split_address(text: str) -> tuple[str, str | None]:
    """``HOST[:PORT]`` as its host and port (None when not given); ``[::1]:22`` too."""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        return host, rest[1:] if rest.startswith(":") else None
    host, colon, port_text = text.rpartition(":")
    if not colon or ":" in host:  # no port, or a bare IPv6 address
        return text, None
    return host, port_text


def public_address(text: str) -> str:
    """``HOST`` or ``HOST:PORT`` (an IPv6 address in brackets), kept as written.

    Raises ``ArgumentTypeError`` for an empty host, white space, or a bad port.
    """
    host, port_text = split_address(text)
    if not host or any(char.isspace() for char in text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not HOST or HOST:PORT (an IPv6 address goes in brackets: [::1]:2222)"
        )
    if port_text is not None:
        port(port_text)
    return text


def duration(text: str) -> str:
    """A duration as written (``30s``, ``15m``, ``4h``; ``0`` for no limit), kept as written.

    Raises ``ArgumentTypeError`` for anything ``parse_duration`` refuses, for digits
    other than ASCII ones, and for more than a year (``MAX_DURATION_SECONDS``).
    """
    if not text.isascii():
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a duration (write it with the digits 0-9, like 30s, 15m or 4h)"
        )
    try:
        seconds = parse_duration(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a duration (write it like 30s, 15m or 4h; 0 for no limit)"
        ) from None
    if seconds > MAX_DURATION_SECONDS:
        raise argparse.ArgumentTypeError(f"{text!r} is longer than a year")
    return text
