"""Characters a briefing file must not hold, found before the YAML is parsed: raw control
characters, bidi overrides, line breaks editors do not show, a stray byte-order mark, and
TAB indentation. Each is reported where it is written."""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefing.core.text import describe_character
from briefing.core.yamltree import Finding, Position

# Raw control characters (but TAB, LF and CR), DEL, C1 controls (U+0085 among them), bidi
# embeddings, overrides and isolates; U+2028 and U+2029, which YAML reads as line
# breaks though editors show none; and U+FEFF, a byte-order mark after the start.
_BAD_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]"
)
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def position_at(text: str, offset: int) -> Position:
    """The line and column of ``text[offset]``, counting lines as YAML and editors do.

    CR LF, LF and a lone CR each end a line; the other breaks YAML knows (U+0085,
    U+2028, U+2029) are refused before any position is given.
    """
    line_start = max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1
    lone_returns = text.count("\r", 0, offset) - text.count("\r\n", 0, offset)
    line = text.count("\n", 0, offset) + lone_returns + 1
    return Position(line, offset - line_start + 1)


def _character_finding(char: str, position: Position) -> Finding:
    if char == "\ufeff":
        return Finding(
            position,
            "byte-order mark U+FEFF in the middle of the file",
            "delete it: it is invisible in most editors, and only the very start of a file "
            "may hold one",
        )
    if char in "\x85\u2028\u2029":  # YAML line breaks
        return Finding(
            position,
            f"{describe_character(char)} in the file: YAML reads it as a line break, "
            "though editors show none",
            "delete it, or end the line with a plain line break",
        )
    return Finding(
        position,
        f"raw control character {describe_character(char)} in the file",
        "delete it; to keep it in a text value, write it as an escape in "
        f'double quotes: "\\u{ord(char):04X}"',
    )


def find_bad_characters(text: str, limit: int = 20) -> Iterator[Finding]:
    """Raw control characters, bidi overrides, line separators, a byte-order mark after
    the start, and TAB indentation, each with its position; at most ``limit``."""
    found = 0
    # Plain ASCII text is checked with one bytes.translate, far quicker than a regex.
    clean = text.isascii() and not text.encode("ascii").translate(None, _PRINTABLE_ASCII)
    if not clean:
        for match in _BAD_CHARACTER.finditer(text):
            yield _character_finding(match.group(), position_at(text, match.start()))
            found += 1
            if found >= limit:
                return
    if "\t" not in text:
        return
    for match in _TAB_INDENT.finditer(text):
        yield Finding(
            position_at(text, match.end() - 1),
            "TAB used for indentation",
            "YAML indents with spaces only; replace the TAB with spaces",
        )
        found += 1
        if found >= limit:
            return
