"""Wrapping with a hanging indent: continuation lines sit under the text, not the margin."""

from __future__ import annotations

from textual.content import Content


def hang(content: Content, width: int, indent: int, first: int | None = None) -> list[Content]:
    """``content`` wrapped to ``width``, each line's continuations ``indent`` cells further in.

    A line that starts with spaces keeps them and its continuations go ``indent`` past them,
    so a second line such as ``  field: text`` wraps under its own text. ``first``, when
    given, is the column the first line's continuations start at instead.
    """
    lines: list[Content] = []
    for number, paragraph in enumerate(content.split("\n", allow_blank=True)):
        plain = paragraph.plain
        lead = len(plain) - len(plain.lstrip(" "))
        step = first if number == 0 and first is not None else lead + indent
        # Never indent so far that the continuation has no room left.
        step = min(step, max(width // 2, 0))
        opening, *more = paragraph.wrap(width) or [paragraph]
        if more and len(opening.plain.strip()) <= step:
            # Only a mark (a link's arrow) before a word too long for any line: the word
            # starts beside the mark and is cut, rather than leaving the mark alone.
            opening = paragraph.divide([width])[0]
        lines.append(opening)
        if not more:
            continue
        rest = paragraph.divide([len(opening.plain)])[1]
        rest = rest.divide([len(rest.plain) - len(rest.plain.lstrip(" "))])[-1]
        lines.extend(Content(" " * step) + part for part in rest.wrap(max(width - step, 1)))
    return lines
