"""Where flow nesting ('[' and '{') goes too deep in YAML text, found without parsing it.

libyaml scans a flow collection far ahead of the events it gives, and refuses about 1,000
levels with its own message before ``yamltree`` sees one level too many. ``deep_flow_offset``
finds where to stop the parser's reading so that the tree's limit is the one a writer meets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass(slots=True)
class _FlowScan:
    """What reading the text line by line has to remember. Each step takes a line and an
    index in it, and returns the index to go on from: ``len(line)`` ends the line."""

    limit: int
    depth: int = 0
    quote: str = ""
    """The quote of a quoted scalar that goes on to the next line."""
    block_owner: int = -1
    """A block scalar's lines are indented more than this."""
    plain_owner: int = -1
    """A plain scalar goes on over lines indented more than this."""
    owner: int = 0
    """The column of the indicator or key that owns what follows on this line."""
    after_node: bool = False
    """A quoted or flow key just ended: only its ':' can follow."""
    too_deep_at: int | None = None
    """The index in the line of the bracket that goes deeper than ``limit``."""

    def begin_line(self, line: str) -> int:
        """Where to start reading ``line`` for flow indicators; -1 to skip it: the line
        goes on a block scalar, a plain scalar or a quote without closing it, or holds
        only plain text."""
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if self.block_owner >= 0:
            if indent > self.block_owner or not stripped.strip():
                return -1
            self.block_owner = -1
        self.owner = indent
        self.after_node = False
        if self.quote:
            index = _quote_end(line, 0, self.quote)
            if index >= 0:
                self.quote = ""
                self.after_node = not self.depth
            return index
        if self.depth:
            return 0
        if self.plain_owner >= 0:
            content = stripped.strip()
            if not content:
                return -1
            if indent > self.plain_owner and content[0] != "#":
                return -1  # more of the same plain text
            self.plain_owner = -1
        simple = _SIMPLE_LINE.fullmatch(line)
        if not simple:
            return 0
        if simple.group(3) is None:
            self.plain_owner = -1
        elif simple.group(2) is not None:
            self.plain_owner = simple.start(2)
        else:
            self.plain_owner = len(simple.group(1).rstrip(" ")) - 1 if simple.group(1) else 0
        return -1

    def in_flow(self, line: str, index: int) -> int:
        """One step inside a flow collection: to its next bracket, quote or comment."""
        token = _FLOW_TOKEN.search(line, index)
        if token is None:
            return len(line)
        char, at, index = token.group(), token.start(), token.end()
        if char in "[{":
            self.depth += 1
            if self.depth > self.limit:
                self.too_deep_at = at
                return len(line)
        elif char in "]}":
            self.depth -= 1
            self.after_node = not self.depth
        elif char == "#":
            if at == 0 or line[at - 1] in " \t":
                return len(line)
        elif at == 0 or line[at - 1] in _QUOTE_OPENS_AFTER:
            index = _quote_end(line, index, char)
            if index < 0:
                self.quote = char
                return len(line)
        return index

    def in_block(self, line: str, index: int) -> int:
        """One step outside flow collections: past an indicator, a property, a quoted
        scalar or plain text, into a flow collection, or to the end of the line."""
        while index < len(line) and line[index] in " \t\r":
            index += 1
        if index >= len(line) or line[index] == "#":
            return len(line)
        char = line[index]
        if self.after_node:
            self.after_node = False
            return index + 1 if char == ":" and _ends_here(line, index) else len(line)
        if char in "-?:" and _ends_here(line, index):
            self.owner = index
            return index + 1
        if index == 0 and line.startswith(("---", "...")) and _ends_here(line, 2):
            return 3
        if char == "%" and index == 0:
            return len(line)
        if char in "&!":
            found = _PROPERTY_END.search(line, index)
            return found.start() if found else len(line)
        if char in "[{":
            self.depth = 1
            return index + 1
        if char in "\"'":
            index = _quote_end(line, index + 1, char)
            if index < 0:
                self.quote = char
                return len(line)
            self.after_node = True
            return index
        if char in "|>":
            self.block_owner = self.owner
            return len(line)
        return self.in_plain(line, index)

    def in_plain(self, line: str, index: int) -> int:
        """Past plain text: to the ':' that makes it a key, or to the end of the line."""
        found = _PLAIN_END.search(line, index)
        if found is None:
            self.plain_owner = self.owner
            return len(line)
        if found.group() != ":":
            return len(line)  # a comment ends the plain text
        self.owner = index
        return found.end()


def deep_flow_offset(text: str, limit: int) -> int | None:
    """The offset of the first '[' or '{' that opens flow nesting deeper than ``limit``.

    A quick reading of the flow indicators, line by line, that skips quoted scalars,
    comments, block scalars and plain text. Returns None when no flow collection is that
    deep. It only says where to stop: a misjudged line cannot refuse a valid file.
    """
    scan = _FlowScan(limit)
    line_start = 0
    for line in text.split("\n"):
        start = line_start
        line_start += len(line) + 1
        index = scan.begin_line(line)
        if index < 0:
            continue
        while index < len(line):
            index = scan.in_flow(line, index) if scan.depth else scan.in_block(line, index)
        if scan.too_deep_at is not None:
            return start + scan.too_deep_at
    return None
