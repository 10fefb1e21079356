"""Say in plain words, at the line to fix, why the YAML parser gave up on a file.

The parser stops where it notices a problem, which is often below the mistake: a quote
left open swallows the lines after it, and a line indented wrongly is noticed at the
next one. These rules look at the text around the parser's marks to find the line the
writer has to change. The parser's own words are kept only as a detail of last resort.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.core.text import short

MAX_KEY_LENGTH = 1024
"""YAML's limit on an implicit key ("key: value" without '?'), in characters."""


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based position the parser gave."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Explanation:
    """A syntax error put in plain words: where to fix it (1-based line and column), what is wrong,
    and how to fix it."""

    line: int
    column: int
    message: str
    hint: str


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """A quoted value that the parser read over several lines."""

    start: Mark
    end_line: int


_KEY_LINE = re.compile(r"( *)(?:(- +)|)([^\s#\-\[\]{}\"'][^:#]*?|\"[^\"]*\"|'[^']*'):(?:[ \t]|$)")
_DASH_LINE = re.compile(r"( *)-(?:[ \t]|$)")
_SWALLOWED_LINE = re.compile(r"\s*(?:- +)?[A-Za-z_][\w-]*:(?:\s|$)|\s*- ")


LOOK_BACK_LINES = 2000
"""How far above the problem the lines' indentation is looked at: enough for any block,
and bounded, so a huge file's error is explained as fast as a small one's."""


def _lines(text: str) -> list[str]:
    # CR LF, LF and a lone CR, as the parser counts them: the other breaks splitlines
    # knows are control characters and line separators, refused before parsing.
    return text.splitlines()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _key_column(line: str) -> int | None:
    """The column (0-based) of the key on a 'key: value' or '- key: value' line."""
    # A key longer than YAML allows is no key: looking further only costs time.
    match = _KEY_LINE.match(line[: MAX_KEY_LENGTH + 80])
    return None if match is None else match.start(3)


def _block_columns(lines: list[str], before: int) -> list[tuple[int, int, bool]]:
    """(column, 0-based line, is a '- ' item) of each key and item above line ``before``."""
    columns = []
    for number in range(max(0, before - LOOK_BACK_LINES), before):
        line = lines[number]
        if not _is_content(line):
            continue
        dash = _DASH_LINE.match(line)
        if dash:
            columns.append((len(dash.group(1)), number, True))
        key = _key_column(line)
        if key is not None:
            columns.append((key, number, False))
    return columns


def _previous_content(lines: list[str], number: int) -> int | None:
    for earlier in range(number - 1, -1, -1):
        if _is_content(lines[earlier]):
            return earlier
    return None


def _spaces(count: int) -> str:
    return f"{count} space" + ("" if count == 1 else "s")


def _indentation(lines: list[str], number: int) -> Explanation | None:
    """A line whose indentation does not fit the lines above it (0-based ``number``)."""
    return (
        _moved_left(lines, number)
        or _between_dash_and_key(lines, number)
        or _unaligned(lines, number)
    )


def _moved_left(lines: list[str], number: int) -> Explanation | None:
    """The content line above ``number`` was moved left, out of the block that the lines
    around it share."""
    above = _previous_content(lines, number)
    if above is None or _indent(lines[above]) >= _indent(lines[number]):
        return None
    before = _previous_content(lines, above)
    if (
        before is None
        or _indent(lines[before]) <= _indent(lines[above])
        or _key_column(lines[above]) is None
        or _DASH_LINE.match(lines[above])  # a new item rightly starts further left
    ):
        return None
    expected = _key_column(lines[before]) or _indent(lines[before])
    return Explanation(
        above + 1,
        _indent(lines[above]) + 1,
        f"indentation: this line is indented {_spaces(_indent(lines[above]))}, "
        f"less than the lines around it, so it ends the block they share",
        f"indent it by {_spaces(expected)}, like line {before + 1}",
    )


def _between_dash_and_key(lines: list[str], number: int) -> Explanation | None:
    """A key on line ``number`` indented between the '-' of the list item above and that
    item's first key."""
    line = lines[number]
    indent = _indent(line)
    above = _previous_content(lines, number)
    if above is None or _DASH_LINE.match(line) is not None:
        return None
    dash = _DASH_LINE.match(lines[above])
    key = _key_column(lines[above])
    if not (dash and key is not None and len(dash.group(1)) < indent < key):
        return None
    return Explanation(
        number + 1,
        indent + 1,
        f"indentation: this key is indented {_spaces(indent)}, but the keys of the "
        f"list item on line {above + 1} are indented {key}",
        f"indent it by {_spaces(key)}, like the first key on line {above + 1}",
    )


def _unaligned(lines: list[str], number: int) -> Explanation | None:
    """A key or list item on line ``number`` that lines up with no key or item of its kind
    above it, or that takes the place of the other kind."""
    line = lines[number]
    indent = _indent(line)
    is_item = _DASH_LINE.match(line) is not None
    candidates = [
        (column, row) for column, row, item in _block_columns(lines, number) if item == is_item
    ]
    if not candidates and not is_item:
        return None
    if not candidates or indent in {column for column, _ in candidates}:
        if is_item:
            return Explanation(
                number + 1,
                indent + 1,
                "indentation: a '- ' list item where the lines above are 'key: value' lines",
                "indent it under the key whose list it belongs to, or write it as 'key: value'",
            )
        return Explanation(
            number + 1,
            indent + 1,
            "indentation: a 'key: value' line where a '- ' list item is expected",
            "indent it under the list item it belongs to, or start a new item with '- '",
        )
    # The closest indentation used above; on a tie, the one used most recently.
    expected, row = min(candidates, key=lambda found: (abs(found[0] - indent), -found[1]))
    what = "list item" if is_item else "key"
    return Explanation(
        number + 1,
        indent + 1,
        f"indentation: this {what} is indented {_spaces(indent)}, "
        "which lines up with none of the lines above it",
        f"indent it by {_spaces(expected)}, like line {row + 1}",
    )


def _value_runs_on(lines: list[str], number: int, colon: int) -> Explanation:
    """A ': ' the parser met inside a value: in the value itself, or on a line indented
    so deep that it reads as more of the value above."""
    line = lines[number]
    start = len(line) - len(line.lstrip(" -"))
    if colon - start > MAX_KEY_LENGTH and ": " not in line[start:colon]:
        return _long_key(number, start, colon - start)
    first = _key_column(line)
    if first is not None and line.find(":", first) < colon:
        return Explanation(
            number + 1,
            colon + 1,
            "this value holds ': ', which YAML reads as the start of another key",
            "put the whole value in quotes",
        )
    above = _previous_content(lines, number)
    indent = _indent(line)
    if above is None:
        return Explanation(
            number + 1,
            indent + 1,
            "a key where the file's first value goes on",
            "start the file with 'key: value' lines",
        )
    key = _key_column(lines[above])
    if key is None:
        return Explanation(
            above + 1,
            _indent(lines[above]) + 1,
            "this line has no ':' after its key, so the lines indented under it cannot "
            "belong to it",
            "write it as 'key: value'",
        )
    return Explanation(
        number + 1,
        indent + 1,
        f"indentation: this line is indented {_spaces(indent)}, deeper than the key on line "
        f"{above + 1}, so YAML reads it as more of that key's value",
        f"indent it by {_spaces(key)}, like line {above + 1}",
    )


def _long_key(number: int, column: int, length: int) -> Explanation:
    return Explanation(
        number + 1,
        column + 1,
        f"this key is {length:,} characters long; YAML keys are limited to {MAX_KEY_LENGTH:,}",
        "shorten the key",
    )


def _swallowing_quote(
    lines: list[str], spans: list[QuotedSpan], problem: Mark
) -> Explanation | None:
    """A quoted value that ran over lines holding keys or items: the quote was left open."""
    for span in reversed(spans):
        if span.end_line > problem.line:
            continue
        # The lines it took in, up to the one where a later quote closed it.
        inside = lines[span.start.line : span.end_line]
        if any(_SWALLOWED_LINE.match(line) for line in inside):
            quote = lines[span.start.line - 1][span.start.column - 1]
            return Explanation(
                span.start.line,
                span.start.column,
                "the quoted text that starts here is never closed: it runs on to line "
                f"{span.end_line}, taking in the lines between",
                f"close the quote with {quote} on this line",
            )
        return None
    return None


def explain(
    text: str,
    problem: Mark | None,
    context: Mark | None,
    spans: list[QuotedSpan],
    detail: str,
) -> Explanation:
    """Why the parser stopped, at the line to fix.

    ``problem`` is where the parser stopped, ``context`` where the construct it was
    reading began, ``spans`` the quoted values read over several lines before it, and
    ``detail`` the parser's own words, used only when no rule here applies.
    """
    lines = _lines(text)
    explained = _left_open(lines, problem, context, spans)
    if explained is not None:
        return explained
    if problem is None:
        return Explanation(1, 1, f"the file cannot be read as YAML ({detail})", "check it")
    return _unfinished_key(lines, problem, context) or _at_problem(lines, problem, detail)


def _char_at(lines: list[str], mark: Mark | None) -> str:
    """The character at ``mark``; empty when there is none (no mark, or past the end)."""
    if mark is None or mark.line > len(lines):
        return ""
    line = lines[mark.line - 1]
    return line[mark.column - 1] if mark.column <= len(line) else ""


def _left_open(
    lines: list[str], problem: Mark | None, context: Mark | None, spans: list[QuotedSpan]
) -> Explanation | None:
    """A quote or bracket opened and never closed (or a quote holding an escape YAML
    does not know), at the line where it opens."""
    opened = _char_at(lines, context)
    if context is not None and opened in "\"'" and opened:
        if _char_at(lines, problem) == "\\" and problem is not None:
            escape = lines[problem.line - 1][problem.column - 1 : problem.column + 1]
            return Explanation(
                problem.line,
                problem.column,
                f"{short(escape)} is not an escape YAML knows in double quotes",
                "write \\\\ for a backslash, or put the text in single quotes",
            )
        return Explanation(
            context.line,
            context.column,
            "the quoted text that starts here is never closed",
            f"close it with {opened} on this line",
        )
    if problem is not None:
        swallowed = _swallowing_quote(lines, spans, problem)
        if swallowed is not None:
            return swallowed
    if context is not None and opened in "[{" and opened:
        closer = "]" if opened == "[" else "}"
        return Explanation(
            context.line,
            context.column,
            f"the '{opened}' that opens here is never closed",
            f"close it with '{closer}' on this line, and separate its items with ', '",
        )
    return None


def _unfinished_key(lines: list[str], problem: Mark, context: Mark | None) -> Explanation | None:
    """A key the parser began reading at ``context``: longer than YAML allows, or never
    followed by its ':'."""
    if context is None:
        return None
    if context.line == problem.line and context.line <= len(lines):
        key_line = lines[context.line - 1]
        colon = re.search(r":(?:[ \t]|$)", key_line[context.column - 1 :])
        if colon is not None and colon.start() > MAX_KEY_LENGTH:
            return _long_key(context.line - 1, context.column - 1, colon.start())
    if context.line < problem.line and _char_at(lines, context).strip():
        # A simple key the parser started reading and never saw the ':' of.
        key_line = lines[context.line - 1]
        if _key_column(key_line) is None and not _DASH_LINE.match(key_line.lstrip()):
            return Explanation(
                context.line,
                context.column,
                f"this line has no ':' after its key {short(key_line.strip())}",
                "write it as 'key: value'",
            )
    return None


def _at_problem(lines: list[str], problem: Mark, detail: str) -> Explanation:
    """What the character where the parser stopped says: a ':' inside a value, a list
    started on its key's line, a line indented wrongly, a reserved character; else the
    parser's own words."""
    line = lines[problem.line - 1] if problem.line <= len(lines) else ""
    found = _char_at(lines, problem)
    if found == ":":
        return _value_runs_on(lines, problem.line - 1, problem.column - 1)
    if found == "-" and _key_column(line) is not None and problem.column - 1 > _indent(line):
        return Explanation(
            problem.line,
            problem.column,
            "a '- ' list cannot start on the same line as its key",
            "put each '- ' item on its own line below the key, indented, or quote the value",
        )
    if problem.column - 1 == _indent(line) and line.strip():
        explained = _indentation(lines, problem.line - 1)
        if explained is not None:
            return explained
    if found and found in "@`|>%":  # reserved, or block text where it cannot start
        return Explanation(
            problem.line,
            problem.column,
            f"a value cannot start with {short(found)} here",
            "put the value in quotes",
        )
    return Explanation(
        problem.line,
        problem.column,
        f"the YAML here cannot be read ({detail})",
        "check the indentation, quotes and brackets on this line and the one above",
    )
