"""Markdown blocks of a brief, and how much of a printed page each takes.

Sizes are estimated as printed at 11 pt on the 180 mm of an A4 line, in the widest
common default font, calibrated against Chromium's layout (see ``test_export_page``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from briefing.core.export.escaping import escape, visible

# Advance widths, in thousandths of an em, of the printable ASCII characters (from the
# space to ``~``) and a few others, the larger of DejaVu Serif's and DejaVu Sans's: the
# widest common default fonts (Liberation, with Times' and Arial's metrics, is narrower).
# Measured with Chromium's canvas; any other character counts as an em.
_ASCII = (
    "318 402 460 838 636 950 890 275 390 390 500 838 318 361 318 337 636 636 636 636 636 "
    "636 636 636 636 636 337 337 838 838 838 536 1000 722 735 765 802 730 694 799 872 395 "
    "401 747 664 1024 875 820 673 820 753 685 667 843 722 1028 712 660 695 390 337 390 838 "
    "500 500 613 640 560 640 615 370 640 644 320 310 606 320 974 644 612 640 640 478 521 "
    "402 644 592 856 592 592 527 636 337 636 838"
)
_ASCII_BOLD = (
    "348 456 521 838 696 1002 903 306 473 473 523 838 380 415 380 365 696 696 696 696 696 "
    "696 696 696 696 696 400 400 838 838 838 586 1000 776 845 796 867 762 710 854 945 468 "
    "473 869 703 1107 914 871 752 871 831 722 744 872 776 1123 776 724 730 473 365 473 838 "
    "500 500 675 716 609 716 678 435 716 727 380 362 693 380 1058 727 687 716 716 527 595 "
    "478 727 652 924 645 652 582 712 365 712 838"
)
_OTHERS = {"–": (500, 500), "“": (518, 657), "”": (518, 657), "‘": (318, 380), "’": (318, 380)}
_OTHERS |= {"·": (318, 380), "é": (615, 678), "€": (636, 696), "£": (636, 696)}
_EM: dict[str, tuple[float, float]] = {
    chr(32 + index): (int(normal) / 1000, int(bold) / 1000)
    for index, (normal, bold) in enumerate(zip(_ASCII.split(), _ASCII_BOLD.split(), strict=True))
} | {char: (normal / 1000, bold / 1000) for char, (normal, bold) in _OTHERS.items()}

# The width of a line of each kind, in ems of its own text: the 180 mm of an A4 line at
# 11 pt, less a list's 40 px indent, and headings at 2em and 1.5em (bold). Table cells
# share a line in ways the estimate does not follow: a row counts as much text as
# TABLE_WIDTH ems.
LINE_EMS = {"p": 46.38, "li": 43.65, "h1": 23.19, "h2": 30.92, "table": 38.0}
_BOLD_KINDS = frozenset({"h1", "h2"})

# Height of one line of each kind, and the margins above and below each kind of block, in
# lines of 11 pt body text, as Chromium lays them out with its defaults (h1 2em and h2
# 1.5em, margins of 0.67em and 0.83em of their own size, 1em paragraph and list margins,
# a table row's cell padding and spacing), rounded up over the fonts above.
LINE_HEIGHT = {"h1": 2.07, "h2": 1.54, "p": 1.0, "ul": 1.0, "ol": 1.0, "table": 1.25}
BLOCK_SPACING = {
    "h1": (1.17, 1.17),
    "h2": (1.08, 1.08),
    "p": (0.87, 0.87),
    "ul": (0.87, 0.87),
    "ol": (0.87, 0.87),
    "table": (0.0, 0.0),
}
_WIDTH_KIND = {"ul": "li", "ol": "li"}

BlockKind = Literal["h1", "h2", "p", "ul", "ol", "table"]


class Line:
    """One line of Markdown together with the text it shows, for estimating its size."""

    __slots__ = ("bold", "markdown", "visible")

    def __init__(self) -> None:
        self.markdown: list[str] = []
        self.visible: list[str] = []
        self.bold: list[str] = []
        """The parts of ``visible`` shown in bold."""

    def text(self, value: str) -> Line:
        """Append briefing text, escaped."""
        self.markdown.append(escape(value))
        self.visible.append(visible(value))
        return self

    def raw(self, markdown: str, shown: str | None = None) -> Line:
        """Append Markdown written here, never briefing text; ``shown`` is what it shows."""
        self.markdown.append(markdown)
        self.visible.append(markdown if shown is None else shown)
        if "**" in markdown and shown is not None:
            self.bold.append(shown)
        return self

    def extend(self, other: Line) -> Line:
        """Append another line's parts."""
        self.markdown += other.markdown
        self.visible += other.visible
        self.bold += other.bold
        return self

    @property
    def md(self) -> str:
        """The line as Markdown, escaped."""
        return "".join(self.markdown)

    @property
    def plain(self) -> str:
        """The line as the reader sees it printed, for counting words and width."""
        return "".join(self.visible)

    @property
    def lead(self) -> float:
        """How much wider, in ems, the bold parts print than the same text would."""
        return sum(text_width(part, bold=True) - text_width(part) for part in self.bold)


def text_width(text: str, bold: bool = False) -> float:
    """Printed width of ``text`` in ems, in the widest common default font."""
    column = 1 if bold else 0
    return sum(_EM[char][column] if char in _EM else 1.0 for char in text)


def line_height(kind: BlockKind, plain: str, lead: float = 0.0) -> float:
    """Printed height of one line of a block of ``kind``, in lines of body text; ``lead``
    is extra width in ems at its start (bold text is wider)."""
    width = LINE_EMS[_WIDTH_KIND.get(kind, kind)]
    return LINE_HEIGHT[kind] * wrapped_lines(plain, width, kind in _BOLD_KINDS, lead)


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
        rows = sum(line_height(self.kind, line.plain, line.lead) for line in self.lines)
        return rows + (LINE_HEIGHT["table"] if self.kind == "table" else 0.0)

    def words(self) -> int:
        """Words the block shows, table head included."""
        texts = [line.plain for line in self.lines] + self.table_head
        return sum(words(text) for text in texts)


def wrapped_lines(text: str, width: float, bold: bool = False, lead: float = 0.0) -> int:
    """Lines that ``text`` takes when wrapped at spaces to ``width`` ems, the first line
    starting ``lead`` ems in."""
    space = text_width(" ", bold)
    lines, used = 1, lead
    for word in text.split():
        size = text_width(word, bold)
        needed = size if used == 0 else used + space + size
        if needed <= width:
            used = needed
            continue
        lines += 1 if used else 0
        # A word longer than a line (a long address) takes lines of its own.
        whole = int(size // width)
        lines += whole - (1 if whole and size % width == 0 else 0)
        used = size - whole * width if size % width else width
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
