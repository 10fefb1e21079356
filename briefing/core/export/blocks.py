"""Markdown blocks of a brief, and how much of a printed page each takes.

Sizes are estimated as printed at 11 pt on the 180 mm of an A4 line, in the widest
common default font, so that the estimate errs towards a brief that fits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from briefing.core.export.escaping import escape, visible

# Characters per printed line on the 180 mm of an A4 line, measured with Chromium: 112
# (Liberation Serif, Times' metrics), 100 (Liberation Sans), 88 (DejaVu Sans) and 85
# (DejaVu Serif, the widest common default). The estimate assumes the widest; list items
# are indented, and headings are larger and bold.
CHARS_PER_LINE = {"p": 84, "li": 78, "h1": 40, "h2": 52, "table": 70}

# Height of one line of each kind, and the margins above and below each kind of block, in
# lines of 11 pt body text (browser defaults: h1 2em and h2 1.5em with margins of 0.67em
# and 0.83em of their own size, 1em paragraph and list margins; a table row adds cell
# padding and spacing).
LINE_HEIGHT = {"h1": 2.0, "h2": 1.5, "p": 1.0, "ul": 1.0, "ol": 1.0, "table": 1.25}
BLOCK_SPACING = {
    "h1": (1.2, 1.2),
    "h2": (1.1, 1.1),
    "p": (0.9, 0.9),
    "ul": (0.9, 0.9),
    "ol": (0.9, 0.9),
    "table": (0.0, 0.0),
}
_WIDTH_KIND = {"ul": "li", "ol": "li"}

BlockKind = Literal["h1", "h2", "p", "ul", "ol", "table"]


class Line:
    """One line of Markdown together with the text it shows, for estimating its size."""

    __slots__ = ("markdown", "visible")

    def __init__(self) -> None:
        self.markdown: list[str] = []
        self.visible: list[str] = []

    def text(self, value: str) -> Line:
        """Append briefing text, escaped."""
        self.markdown.append(escape(value))
        self.visible.append(visible(value))
        return self

    def raw(self, markdown: str, shown: str | None = None) -> Line:
        """Append Markdown written here, never briefing text; ``shown`` is what it shows."""
        self.markdown.append(markdown)
        self.visible.append(markdown if shown is None else shown)
        return self

    def extend(self, other: Line) -> Line:
        """Append another line's parts."""
        self.markdown += other.markdown
        self.visible += other.visible
        return self

    @property
    def md(self) -> str:
        """The line as Markdown, escaped."""
        return "".join(self.markdown)

    @property
    def plain(self) -> str:
        """The line as the reader sees it printed, for counting words and width."""
        return "".join(self.visible)


def line_height(kind: BlockKind, plain: str) -> float:
    """Printed height of one line of a block of ``kind``, in lines of body text."""
    chars = CHARS_PER_LINE[_WIDTH_KIND.get(kind, kind)]
    return LINE_HEIGHT[kind] * wrapped_lines(plain, chars)


def words(plain: str) -> int:
    """Words in ``plain``, as the budget counts them (runs of non-space)."""
    return len(plain.split())


@dataclass
class Block:
    """A heading, paragraph, list or table of the brief."""

    kind: BlockKind
    lines: list[Line]
    table_head: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        """The block as Markdown, without surrounding blank lines."""
        if self.kind == "h1":
            return "# " + self.lines[0].md
        if self.kind == "h2":
            return "## " + self.lines[0].md
        if self.kind == "p":
            return self.lines[0].md
        if self.kind == "ul":
            return "\n".join("- " + line.md for line in self.lines)
        if self.kind == "ol":
            return "\n".join(f"{n}. " + line.md for n, line in enumerate(self.lines, 1))
        head = "| " + " | ".join(self.table_head) + " |"
        rule = "| " + " | ".join("---" for _ in self.table_head) + " |"
        return "\n".join([head, rule, *(line.md for line in self.lines)])

    def height(self) -> float:
        """Printed height, in lines of body text, without the margins."""
        rows = sum(line_height(self.kind, line.plain) for line in self.lines)
        return rows + (LINE_HEIGHT["table"] if self.kind == "table" else 0.0)

    def words(self) -> int:
        """Words the block shows, table head included."""
        texts = [line.plain for line in self.lines] + self.table_head
        return sum(words(text) for text in texts)


def wrapped_lines(text: str, width: int) -> int:
    """Lines that ``text`` takes when wrapped at word boundaries to ``width`` characters."""
    lines, used = 1, 0
    for word in text.split():
        needed = len(word) if used == 0 else used + 1 + len(word)
        if needed <= width:
            used = needed
        else:
            lines += 1 if used else 0
            # A word longer than a line (a long address) takes lines of its own.
            lines += (len(word) - 1) // width
            used = len(word) % width or width
    return lines


def stacked_height(blocks: Sequence[tuple[BlockKind, float]]) -> float:
    """Height of blocks given as (kind, height) one under another; margins collapse."""
    lines = 0.0
    previous_margin = 0.0
    for kind, height in blocks:
        top, bottom = BLOCK_SPACING[kind]
        lines += max(previous_margin, top) + height
        previous_margin = bottom
    # Rounded so that sums of tenths that make a whole number stay that number.
    return round(lines + previous_margin, 6)


def estimate(blocks: Sequence[Block]) -> tuple[int, int]:
    """(words, printed lines) of the blocks."""
    height = stacked_height([(block.kind, block.height()) for block in blocks])
    return sum(block.words() for block in blocks), math.ceil(height)


def to_markdown(blocks: Sequence[Block]) -> str:
    """The blocks as one Markdown document: a blank line between blocks, a final newline."""
    return "\n\n".join(block.markdown() for block in blocks) + "\n"
