"""Read YAML into plain dicts, lists and strings, with the position of every key and value.

This replaces PyYAML's composer and constructor: it walks parser events without
recursion, keeps every scalar as the text that was written (no YAML 1.1 guessing of
booleans, numbers or dates), and refuses what a briefing never needs and an attacker
would use: anchors, aliases, merge keys, tags, several documents and deep nesting.

``read_tree`` is the reading that keeps positions, to report problems. Beside it:
``yamlplain.read_plain`` reads a valid file faster, without them; ``yamlflow`` finds
where flow nesting goes too deep before the parser refuses it with its own words;
``yamlchars`` finds characters a briefing must not hold; ``yamlerrors`` puts the
parser's syntax errors in plain words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from briefing.core.text import short
from briefing.core.yamlerrors import Mark, QuotedSpan, explain
from briefing.core.yamlflow import deep_flow_offset

try:
    from yaml.cyaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

EventSource = _Loader
"""What the parser's events are read from: libyaml's loader when PyYAML was built with it,
much faster, with the same events."""

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
        """Take the parser's next event into the tree. Raises ``_Stop`` when reading
        cannot go on: a second document, nesting deeper than ``MAX_DEPTH``."""
        if isinstance(event, yaml.DocumentStartEvent):
            self.start_document(event)
        elif isinstance(event, yaml.AliasEvent):
            self.take_alias(event)
        elif isinstance(event, yaml.ScalarEvent):
            self.take_scalar(event)
        elif isinstance(event, yaml.CollectionStartEvent):
            self.open_collection(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            finished = self.stack.pop()
            self.place(finished.items)

    def start_document(self, event: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            self.fail(
                event.start_mark,
                "a second YAML document starts here",
                "a briefing is one document: remove the '---' line or split the file",
            )
            raise _Stop

    def take_alias(self, event: Any) -> None:
        """Refuse an alias; what it stands in for is read as nothing."""
        self.fail(
            event.start_mark,
            f"alias *{event.anchor} is not allowed",
            "write the value out in full; briefings use no anchors, aliases or merge keys",
        )
        if self.child_path() is None:
            self.stack[-1].broken_key = True
        else:
            self.place(None)

    def take_scalar(self, event: Any) -> None:
        """A key, or a value placed at its path with its position."""
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

    def open_collection(self, event: Any) -> None:
        """Start a mapping or list at its path. A collection where a key goes is read
        and dropped."""
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
        items: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        self.stack.append(_Collection(path, items))


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
    source = EventSource(text)
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
        cut = deep_flow_offset(text, MAX_DEPTH)
        if cut is not None:
            shallow, _ = _parse(text[: cut + 1])
            if shallow.too_deep:
                builder = shallow
    return builder.tree, builder.findings
