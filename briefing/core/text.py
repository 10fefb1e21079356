"""Making text from a briefing safe to show: no control sequences, no hidden characters."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls (but TAB and newline), DEL, and the bidi embedding, override and
# isolate controls that can reorder what a reader sees (the "Trojan Source" characters);
# then the characters that make emoji sequences whose width terminals disagree on: the
# variation selectors, the skin-tone modifiers and the zero-width joiner.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\u200d]"
)
_ZWJ = "\u200d"
_DROPPED_IN_EMOJI = frozenset("\ufe0e\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")


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


def _is_symbol(char: str) -> bool:
    """Arrows, dingbats and the other symbols, emoji among them (U+2190 on)."""
    return ord(char) >= 0x2190 and unicodedata.category(char) == "So"


def _joins_symbols(text: str, at: int) -> bool:
    """Whether the joiner at ``at`` joins a symbol (as in an emoji ZWJ sequence) rather
    than letters of a script that needs it for shaping."""
    before = at - 1
    while before >= 0 and text[before] in _DROPPED_IN_EMOJI:
        before -= 1
    after = at + 1
    return (before >= 0 and _is_symbol(text[before])) or (
        after < len(text) and _is_symbol(text[after])
    )


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC
    if code == 0x7F:
        return "\u2421"
    if char == _ZWJ and not _joins_symbols(match.string, match.start()):
        return char
    return ""


def sanitize(text: str) -> str:
    """Text with every control character made visible or removed, and nothing whose
    display width terminals disagree on.

    C0 controls become their Control Pictures symbol (ESC shows as ␛), so the
    reader sees that something odd was there; C1 and bidi controls are dropped.
    Emoji keep to the widths every terminal gives them, whether or not it knows the
    sequence (Rich, and so Textual, counts a sequence it knows as one emoji): variation
    selectors (U+FE0E, U+FE0F) and skin-tone modifiers are dropped, and a ZWJ sequence
    is broken into its emoji. Regional-indicator flags stay: two cells either way.
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
