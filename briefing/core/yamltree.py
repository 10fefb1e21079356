"""Read YAML into plain dicts, lists and strings, with the position of every key and value.

This replaces PyYAML's composer and constructor: it walks parser events without
recursion, keeps every scalar as the text that was written (no YAML 1.1 guessing of
booleans, numbers or dates), and refuses what a briefing never needs and an attacker
would use: anchors, aliases, merge keys, tags, several documents and deep nesting.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from briefing.core.text import describe_character, short

try:  # libyaml is much faster; the event stream is the same.
    from yaml.cyaml import CSafeLoader as _EventSource
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventSource  # type: ignore[assignment]

MAX_DEPTH = 16
"""A briefing nests at most five levels; the margin is for people's own layouts."""

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True, order=True)
class Position:
    line: int
    """1-based."""
    column: int
    """1-based, in characters."""


@dataclass(slots=True)
class Finding:
    """Something wrong at a position; the loader adds the file name."""

    position: Position
    message: str
    hint: str | None = None


@dataclass(slots=True)
class Tree:
    """The document as plain data, with where each part was written."""

    data: Any = None
    values: dict[Path, Position] = field(default_factory=dict)
    """Where the value at a path starts."""
    keys: dict[Path, Position] = field(default_factory=dict)
    """Where the key of a mapping entry was written."""

    def value_position(self, path: Path) -> Position:
        """The position of the value at ``path``, or of its nearest ancestor."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return Position(1, 1)

    def key_position(self, path: Path) -> Position:
        return self.keys.get(path) or self.value_position(path)


class _Stop(Exception):
    """Reading cannot go on past this point."""


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _shown_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


@dataclass(slots=True)
class _Collection:
    path: Path
    items: dict[str, Any] | list[Any]
    pending_key: str | None = None
    key_lines: dict[str, int] = field(default_factory=dict)
    broken_key: bool = False
    """The last key was unusable; its value is read and dropped."""


class _Builder:
    def __init__(self) -> None:
        self.tree = Tree()
        self.findings: list[Finding] = []
        self.stack: list[_Collection] = []
        self.documents = 0
        self.root_set = False
        self.too_deep = False

    def fail(self, mark: Any, message: str, hint: str | None = None) -> None:
        self.findings.append(Finding(_position(mark), message, hint))

    def check_node(self, event: Any) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self.fail(
                event.start_mark,
                f"anchor &{anchor} is not allowed",
                "write the value out in full; briefings use no anchors, aliases or merge keys",
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            self.fail(
                event.start_mark,
                f"explicit tag {_shown_tag(tag)} is not allowed",
                "remove the tag; every value in a briefing is plain text, a list or a mapping",
            )

    def child_path(self) -> Path | None:
        """The path of the node about to be read, or None when it is a mapping key."""
        if not self.stack:
            return ()
        parent = self.stack[-1]
        if isinstance(parent.items, list):
            return (*parent.path, len(parent.items))
        if parent.pending_key is None and not parent.broken_key:
            return None
        return (*parent.path, parent.pending_key or "")

    def place(self, value: Any) -> None:
        if not self.stack:
            self.tree.data = value
            self.root_set = True
            return
        parent = self.stack[-1]
        if isinstance(parent.items, list):
            parent.items.append(value)
        else:
            if parent.pending_key is not None:
                parent.items[parent.pending_key] = value
            parent.pending_key = None
            parent.broken_key = False

    def take_key(self, event: Any) -> None:
        parent = self.stack[-1]
        assert isinstance(parent.items, dict)
        key = event.value
        position = _position(event.start_mark)
        if key == "<<" and not event.style:
            self.fail(
                event.start_mark,
                "merge key << is not allowed",
                "copy the keys you meant to merge into this mapping",
            )
            parent.broken_key = True
            return
        first_line = parent.key_lines.get(key)
        if first_line is not None:
            self.fail(
                event.start_mark,
                f"duplicate key {short(key)}: it is also set at line {first_line}",
                f"keep one of lines {first_line} and {position.line}; "
                "a repeated key would silently replace the first",
            )
            parent.broken_key = True
            return
        parent.key_lines[key] = position.line
        parent.pending_key = key
        self.tree.keys[(*parent.path, key)] = position

    def consume(self, event: Any) -> None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.fail(
                    event.start_mark,
                    "a second YAML document starts here",
                    "a briefing is one document: remove the '---' line or split the file",
                )
                raise _Stop
            return
        if isinstance(event, yaml.AliasEvent):
            self.fail(
                event.start_mark,
                f"alias *{event.anchor} is not allowed",
                "write the value out in full; briefings use no anchors, aliases or merge keys",
            )
            if self.child_path() is None:
                self.stack[-1].broken_key = True
            else:
                self.place(None)
            return
        if isinstance(event, yaml.ScalarEvent):
            self.check_node(event)
            path = self.child_path()
            if path is None:
                self.take_key(event)
                return
            self.tree.values[path] = _position(event.start_mark)
            # An empty plain value (`subtitle:`) means "not given".
            empty = not event.style and event.value == ""
            self.place(None if empty else event.value)
            return
        if isinstance(event, yaml.CollectionStartEvent):
            self.check_node(event)
            path = self.child_path()
            if path is None:
                self.fail(
                    event.start_mark,
                    "a key must be plain text, not a list or mapping",
                    "write the key as a single word followed by ':'",
                )
                self.stack[-1].broken_key = True
                path = (*self.stack[-1].path, "")
            if len(self.stack) >= MAX_DEPTH:
                self.too_deep = True
                self.fail(
                    event.start_mark,
                    f"nesting is deeper than {MAX_DEPTH} levels",
                    "a briefing needs only a few levels; check the indentation",
                )
                raise _Stop
            self.tree.values[path] = _position(event.start_mark)
            items: dict[str, Any] | list[Any] = (
                {} if isinstance(event, yaml.MappingStartEvent) else []
            )
            self.stack.append(_Collection(path, items))
            return
        if isinstance(event, yaml.CollectionEndEvent):
            finished = self.stack.pop()
            self.place(finished.items)


_CONTEXT_WORDS = {
    "while scanning a quoted scalar": "the quoted text that starts here is never closed",
    "while parsing a flow sequence": "the '[' that opens here is never closed",
    "while parsing a flow mapping": "the '{' that opens here is never closed",
    "while scanning a simple key": "a key here is missing its ':'",
    "while parsing a block mapping": "the mapping that starts here is broken",
    "while parsing a block collection": "the list that starts here is broken",
    "while scanning a block scalar": "the block text that starts here is broken",
}


_DOUBLE_QUOTE = re.compile(r'(?<!\\)"')


def _unbalanced_quote(text: str, before_line: int) -> Position | None:
    """The first line before ``before_line`` with an odd number of double quotes.

    A quote left open swallows the lines after it up to the next quote, so the parser
    fails far below the mistake; this finds the line the writer has to fix.
    """
    for number, line in enumerate(text.splitlines()[: before_line - 1], start=1):
        content = line.lstrip()
        if content.startswith("#") or "'" in line.split('"', 1)[0]:
            continue
        quotes = [match.start() for match in _DOUBLE_QUOTE.finditer(line)]
        if len(quotes) % 2:
            return Position(number, quotes[-1] + 1)
    return None


def _syntax_finding(error: yaml.MarkedYAMLError, text: str) -> Finding:
    problem = (error.problem or "invalid YAML").rstrip(".")
    problem_mark = error.problem_mark
    context_mark = error.context_mark
    where = ""
    if problem_mark is not None:
        where = f" at line {problem_mark.line + 1}, column {problem_mark.column + 1}"
        if error.context != "while scanning a quoted scalar":
            opened = _unbalanced_quote(text, problem_mark.line + 1)
            if opened is not None:
                return Finding(
                    opened,
                    "the quoted text that starts here is never closed, so the YAML parser "
                    f"read on and {problem}{where}",
                    'close the quote with " on this line',
                )
    if context_mark is not None and error.context:
        # Point at where the quote or bracket opened: that is where the fix goes.
        opening = _CONTEXT_WORDS.get(error.context, error.context)
        return Finding(
            _position(context_mark),
            f"{opening}: the YAML parser {problem}{where}",
            "close it, or check the quotes and brackets on this line",
        )
    position = _position(problem_mark) if problem_mark is not None else Position(1, 1)
    return Finding(position, f"invalid YAML: {problem}", "check the indentation and punctuation")


def _parse(text: str) -> tuple[_Builder, bool]:
    """Feed the parser's events to a builder; True when the parser gave up on the text."""
    builder = _Builder()
    source = _EventSource(text)
    failed = False
    try:
        while source.check_event():
            builder.consume(source.get_event())
    except _Stop:
        pass
    except yaml.MarkedYAMLError as error:
        failed = True
        builder.findings.append(_syntax_finding(error, text))
    except yaml.YAMLError as error:  # pragma: no cover - unmarked errors are rare
        failed = True
        builder.findings.append(Finding(Position(1, 1), f"invalid YAML: {error}"))
    finally:
        source.dispose()
    return builder, failed


def read_tree(text: str) -> tuple[Tree, list[Finding]]:
    """Parse one YAML document into a Tree; every problem found is returned, none raised.

    Nesting deeper than ``MAX_DEPTH`` is reported at the collection that goes one level
    too deep, whatever limit the YAML library has of its own.
    """
    builder, failed = _parse(text)
    if failed and not builder.too_deep:
        # The parser may have refused deep flow nesting before handing us level 17:
        # read again only up to the bracket that goes too deep, so our check meets it.
        cut = deep_flow_offset(text)
        if cut is not None:
            shallow, _ = _parse(text[: cut + 1])
            if shallow.too_deep:
                builder = shallow
    return builder.tree, builder.findings


_FLOW_TOKEN = re.compile(r"""[\[\]{}"'#]""")
_PLAIN_END = re.compile(r":(?=[ \t\r]|$)|[ \t]#")
_PROPERTY_END = re.compile(r"[ \t\r,\[\]{}]|$")
# 'key: plain text', '- plain text' or a bare 'key:': in block context nothing after
# the first character of a plain value can open a flow collection or a quote.
_SIMPLE_LINE = re.compile(
    r"""( *(?:- +)*)(?:([A-Za-z_][\w-]*):(?:[ \t]+|(?=\r?$)))?"""
    r"""(?:([^\s\[\]{}"'|>&!#%@`*?:,-][^:]*(?::(?![ \t\r]|$)[^:]*)*)|\r?)"""
)
_QUOTE_OPENS_AFTER = frozenset(" \t,[]{}:")


def _quote_end(line: str, start: int, quote: str) -> int:
    """The index after the quote that closes a quoted scalar, or -1 if the line ends first."""
    index = start
    while True:
        index = line.find(quote, index)
        if index < 0:
            return -1
        if quote == "'":
            if line.startswith("''", index):  # an escaped single quote
                index += 2
                continue
            return index + 1
        backslashes = index - len(line[:index].rstrip("\\"))
        if backslashes % 2 == 0:
            return index + 1
        index += 1


def _ends_here(line: str, index: int) -> bool:
    return index + 1 >= len(line) or line[index + 1] in " \t\r"


def deep_flow_offset(text: str, limit: int = MAX_DEPTH) -> int | None:
    """The offset of the first '[' or '{' that opens flow nesting deeper than ``limit``.

    A quick reading of the flow indicators, line by line, that skips quoted scalars,
    comments, block scalars and plain text. libyaml scans a flow collection far ahead
    of the events it gives, and refuses about 1,000 levels with its own message before
    ``_Builder`` sees level 17; this finds where to stop the parser's reading so that
    our limit is the one a writer meets. Returns None when no flow collection is that
    deep. It only says where to stop: a misjudged line cannot refuse a valid file.
    """
    depth = 0
    quote = ""  # the quote of a quoted scalar that goes on to the next line
    block_owner = -1  # a block scalar's lines are indented more than this
    plain_owner = -1  # a plain scalar goes on over lines indented more than this
    line_start = 0
    for line in text.split("\n"):
        start = line_start
        line_start += len(line) + 1
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_owner >= 0:
            if indent > block_owner or not stripped.strip():
                continue
            block_owner = -1
        index = 0
        owner = indent
        after_node = False
        if quote:
            index = _quote_end(line, 0, quote)
            if index < 0:
                continue
            quote = ""
            after_node = not depth
        elif not depth:
            if plain_owner >= 0:
                content = stripped.strip()
                if not content:
                    continue
                if indent > plain_owner and content[0] != "#":
                    continue  # more of the same plain text
                plain_owner = -1
            simple = _SIMPLE_LINE.fullmatch(line)
            if simple:
                if simple.group(3) is None:
                    plain_owner = -1
                elif simple.group(2) is not None:
                    plain_owner = simple.start(2)
                else:
                    plain_owner = len(simple.group(1).rstrip(" ")) - 1 if simple.group(1) else 0
                continue
        while index < len(line):
            if depth:
                token = _FLOW_TOKEN.search(line, index)
                if token is None:
                    break
                char, at, index = token.group(), token.start(), token.end()
                if char in "[{":
                    depth += 1
                    if depth > limit:
                        return start + at
                elif char in "]}":
                    depth -= 1
                    after_node = not depth
                elif char == "#":
                    if at == 0 or line[at - 1] in " \t":
                        break
                elif at == 0 or line[at - 1] in _QUOTE_OPENS_AFTER:
                    index = _quote_end(line, index, char)
                    if index < 0:
                        quote = char
                        break
                continue
            while index < len(line) and line[index] in " \t\r":
                index += 1
            if index >= len(line) or line[index] == "#":
                break
            char = line[index]
            if after_node:
                # After a quoted or flow key only its ':' can follow.
                after_node = False
                if char == ":" and _ends_here(line, index):
                    index += 1
                    continue
                break
            if char in "-?:" and _ends_here(line, index):
                owner = index
                index += 1
            elif index == 0 and line.startswith(("---", "...")) and _ends_here(line, 2):
                index = 3
            elif char == "%" and index == 0:
                break
            elif char in "&!":
                found = _PROPERTY_END.search(line, index)
                index = found.start() if found else len(line)
            elif char in "[{":
                depth = 1
                index += 1
            elif char in "\"'":
                index = _quote_end(line, index + 1, char)
                if index < 0:
                    quote = char
                    break
                after_node = True
            elif char in "|>":
                block_owner = owner
                break
            else:
                found = _PLAIN_END.search(line, index)
                if found is None:
                    plain_owner = owner
                    break
                if found.group() != ":":
                    break  # a comment ends the plain text
                owner = index
                index = found.end()
    return None


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_TAB_INDENT = re.compile(r"^ *\t", re.MULTILINE)


def find_bad_characters(text: str, limit: int = 20) -> Iterator[Finding]:
    """Raw control characters, bidi overrides and TAB indentation, with positions."""
    found = 0
    for pattern in (_CONTROL, _TAB_INDENT):
        for match in pattern.finditer(text):
            line_start = text.rfind("\n", 0, match.start()) + 1
            line = text.count("\n", 0, match.start()) + 1
            if pattern is _TAB_INDENT:
                column = match.end() - line_start
                yield Finding(
                    Position(line, column),
                    "TAB used for indentation",
                    "YAML indents with spaces only; replace the TAB with spaces",
                )
            else:
                char = match.group()
                yield Finding(
                    Position(line, match.start() - line_start + 1),
                    f"raw control character {describe_character(char)} in the file",
                    "delete it; to keep it in a text value, write it as an escape in "
                    f'double quotes: "\\u{ord(char):04X}"',
                )
            found += 1
            if found >= limit:
                return
