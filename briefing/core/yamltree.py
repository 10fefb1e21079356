"""Read YAML into plain dicts, lists and strings, with the position of every key and value.

This replaces PyYAML's composer and constructor: it walks parser events without
recursion, keeps every scalar as the text that was written (no YAML 1.1 guessing of
booleans, numbers or dates), and refuses what a briefing never needs and an attacker
would use: anchors, aliases, merge keys, tags, several documents and deep nesting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from briefing.core.text import describe_character, short
from briefing.core.yamlerrors import Mark, QuotedSpan, explain

try:  # libyaml is much faster; the event stream is the same.
    from yaml.cyaml import CSafeLoader as _EventSource
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventSource  # type: ignore[assignment]

MAX_DEPTH = 16
"""A briefing nests at most five levels; the margin is for people's own layouts."""

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True, order=True)
class Position:
    """Where something was written in the file: 1-based line and column."""

    line: int
    """1-based."""
    column: int
    """1-based, in characters."""


_START = Position(1, 1)


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
    cut_by_comment: dict[Path, Position] = field(default_factory=dict)
    """Plain values followed by a comment on their line: where its '#' is."""

    def value_position(self, path: Path) -> Position:
        """The position of the value at ``path``, or of its nearest ancestor."""
        if not self.values:  # a tree read without positions (``read_plain``)
            return _START
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return _START

    def key_position(self, path: Path) -> Position:
        """Where the key of the entry at ``path`` was written; the value's position when there is
        no key (a list item), or its nearest ancestor's."""
        return self.keys.get(path) or self.value_position(path)


class _Stop(Exception):
    """Reading cannot go on past this point."""


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _composed(text: str) -> str:
    """``text`` in Unicode normal form C.

    Some editors and file systems write "é" as "e" and a combining accent (form D);
    composed, the same words compare equal however they were typed.
    """
    return text if text.isascii() else unicodedata.normalize("NFC", text)


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
    def __init__(self, text: str) -> None:
        self.tree = Tree()
        self.text = text
        self.findings: list[Finding] = []
        self.stack: list[_Collection] = []
        self.documents = 0
        self.root_set = False
        self.too_deep = False
        self.quoted_spans: list[QuotedSpan] = []
        """Quoted values read over several lines: where a quote left open shows."""

    def fail(self, mark: Any, message: str, hint: str | None = None) -> None:
        self.findings.append(Finding(_position(mark), message, hint))

    def note_comment(self, path: Path, event: Any) -> None:
        """Note a comment right after a plain value: it may have cut the value short."""
        end = event.end_mark.index  # in characters, as the parser read the text
        comment = _COMMENT_AFTER.match(self.text, end)
        # The value must end just there: a parser counting otherwise gives no warning.
        if comment is not None and self.text[end - len(event.value) : end] == event.value:
            column = event.end_mark.column + comment.end() - end
            self.tree.cut_by_comment[path] = Position(event.end_mark.line + 1, column)

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
        key = _composed(event.value)
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
            start: Any = event.start_mark
            end: Any = event.end_mark
            if event.style in ('"', "'") and end.line > start.line:
                self.quoted_spans.append(
                    QuotedSpan(Mark(start.line + 1, start.column + 1), end.line + 1)
                )
            path = self.child_path()
            if path is None:
                self.take_key(event)
                return
            self.tree.values[path] = _position(event.start_mark)
            if not event.style:
                self.note_comment(path, event)
            # An empty plain value (`subtitle:`) means "not given".
            empty = not event.style and event.value == ""
            self.place(None if empty else _composed(event.value))
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


def _mark(mark: Any) -> Mark | None:
    return None if mark is None else Mark(mark.line + 1, mark.column + 1)


def _syntax_finding(error: yaml.MarkedYAMLError, text: str, spans: list[QuotedSpan]) -> Finding:
    # The parser's words stay a detail: the explanation leads with ours.
    detail = " ".join(part for part in (error.context, error.problem) if part).rstrip(".")
    said = explain(
        text, _mark(error.problem_mark), _mark(error.context_mark), spans, detail or "invalid"
    )
    return Finding(Position(said.line, said.column), said.message, said.hint)


_COMMENT_AFTER = re.compile(r"[ \t]+#")


def _parse(text: str) -> tuple[_Builder, bool]:
    """Feed the parser's events to a builder; True when the parser gave up on the text."""
    builder = _Builder(text)
    source = _EventSource(text)
    failed = False
    try:
        while source.check_event():
            builder.consume(source.get_event())
    except _Stop:
        pass
    except yaml.MarkedYAMLError as error:
        failed = True
        stopped = _syntax_finding(error, text, builder.quoted_spans)
        # What was found from that line on is most likely the same mistake seen again
        # (a key moved left reads as a duplicate): one message per mistake.
        builder.findings = [
            finding for finding in builder.findings if finding.position.line < stopped.position.line
        ]
        builder.findings.append(stopped)
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


def read_plain(text: str) -> Any:
    """The document as plain data when ``read_tree`` would find nothing wrong in it; else
    None, and ``read_tree`` says what is wrong.

    The same data as ``read_tree``, about three times as fast: no positions are kept, and
    anything ``read_tree`` would report (a syntax error, an anchor, alias, tag or merge
    key, a duplicate key, a list or mapping as a key, a second document, nesting deeper
    than ``MAX_DEPTH``) stops the reading at once. Positions are needed only to report a
    problem, and a valid file has none.
    """
    source = _EventSource(text)
    try:
        return _plain_data(source)
    except (_Stop, yaml.YAMLError):
        return None
    finally:
        source.dispose()


_NOT_YET = object()


def _plain_data(source: Any) -> Any:
    """``read_plain``'s loop: raises ``_Stop`` where ``_Builder`` would note a finding."""
    scalar_event = yaml.ScalarEvent
    mapping_start = yaml.MappingStartEvent
    sequence_start = yaml.SequenceStartEvent
    collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    # The open collections, and for each the key waiting for its value (None: the next
    # scalar in a mapping is a key).
    open_items: list[Any] = []
    keys: list[str | None] = []
    root: Any = _NOT_YET
    documents = 0
    texts: dict[str, str] = {}
    same_text = texts.setdefault
    check_event, get_event = source.check_event, source.get_event
    while check_event():
        event = get_event()
        kind = event.__class__
        if kind is scalar_event or kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag not in (None, "!"):
                raise _Stop
            if kind is scalar_event:
                text = event.value
                if not text.isascii():
                    text = unicodedata.normalize("NFC", text)
                parent = open_items[-1] if open_items else None
                if parent.__class__ is dict and keys[-1] is None:
                    if (text == "<<" and not event.style) or text in parent:
                        raise _Stop
                    keys[-1] = text
                    continue
                # One object for each text: ids repeat in every reference to them, and the
                # reader receives the briefing with each text once.
                value: Any = None if not event.style and text == "" else same_text(text, text)
            else:
                if open_items and open_items[-1].__class__ is dict and keys[-1] is None:
                    raise _Stop  # a list or mapping as a key
                if len(open_items) >= MAX_DEPTH:
                    raise _Stop
                open_items.append({} if kind is mapping_start else [])
                keys.append(None)
                continue
        elif kind in collection_end:
            keys.pop()
            value = open_items.pop()
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Stop
            continue
        elif kind is yaml.AliasEvent:
            raise _Stop
        else:
            continue
        if not open_items:
            root = value
            continue
        parent = open_items[-1]
        if parent.__class__ is list:
            parent.append(value)
        else:
            parent[keys[-1]] = value
            keys[-1] = None
    return None if root is _NOT_YET else root


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
