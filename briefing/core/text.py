"""Making text from a briefing safe to show: no control sequences, no hidden characters."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls (but TAB and newline), DEL, and the bidi embedding, override and
# isolate controls that can reorder what a reader sees (the "Trojan Source" characters).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


_C0_NAMES = [
    "NUL",
    "SOH",
    "STX",
    "ETX",
    "EOT",
    "ENQ",
    "ACK",
    "BEL",
    "BS",
    "TAB",
    "LF",
    "VT",
    "FF",
    "CR",
    "SO",
    "SI",
    "DLE",
    "DC1",
    "DC2",
    "DC3",
    "DC4",
    "NAK",
    "SYN",
    "ETB",
    "CAN",
    "EM",
    "SUB",
    "ESC",
    "FS",
    "GS",
    "RS",
    "US",
]


def describe_character(char: str) -> str:
    """``U+200B ZERO WIDTH SPACE``, for messages about characters that are hard to see."""
    code = ord(char)
    if code < 0x20:
        return f"U+{code:04X} ({_C0_NAMES[code]})"
    if 0x7F <= code <= 0x9F:
        return f"U+{code:04X} (control character)"
    name = unicodedata.name(char, "unnamed character")
    return f"U+{ord(char):04X} {name}"


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC
    if code == 0x7F:
        return "\u2421"
    return ""


def sanitize(text: str) -> str:
    """Text with every control character made visible or removed.

    C0 controls become their Control Pictures symbol (ESC shows as ␛), so the
    reader sees that something odd was there; C1 and bidi controls are dropped.
    """
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_visible, text)


def sanitize_line(text: str) -> str:
    """``sanitize``, with line breaks folded to spaces, for one-line labels."""
    return " ".join(sanitize(text).split())


def short(text: str, limit: int = 40) -> str:
    """A value quoted for an error message: escaped so it cannot drive a terminal, cut short."""
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)
