"""The reader's screen as cells with colours, and WCAG contrast measured on them.

A screen is read from Textual's SVG screenshot (``App.export_screenshot``), which records
every cell's character, its foreground and background after reverse and transparency are
resolved, and its weight and decoration. A true-colour terminal shows those colours; a
256- or 16-colour terminal shows what Rich's ``Color.downgrade`` makes of them, which is
what Textual writes there (``Strip.render_ansi``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rich.cells import cell_len
from rich.color import Color, ColorSystem
from rich.color_triplet import ColorTriplet
from textual.app import App
from textual.geometry import Region

# Rich's SVG geometry (``Console.export_svg``): 20 px characters, 0.61 wide, lines 1.22 high.
_CHAR_WIDTH = 20 * 0.61
_LINE_HEIGHT = 20 * 1.22
_RECT = re.compile(
    r'<rect fill="(#[0-9a-f]{6})" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" '
    r'height="[\d.]+" shape-rendering="crispEdges"/>'
)
_TEXT = re.compile(
    r'<text class="[\w-]+-r(\d+)" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
    r'clip-path="url\(#[\w-]+-line-(\d+)\)">(.*?)</text>'
)
_RULE = re.compile(r"\.[\w-]+-r(\d+) \{ ([^}]*) \}")

DEPTHS = {"truecolor": ColorSystem.TRUECOLOR, "256": ColorSystem.EIGHT_BIT}
"""The colour depths contrast is measured at."""


@dataclass(frozen=True)
class Cell:
    """One character cell of the screen: ``x`` and ``y`` from the top left, in cells."""

    x: int
    y: int
    char: str
    color: ColorTriplet
    bgcolor: ColorTriplet
    bold: bool
    italic: bool
    underline: bool

    @property
    def is_text(self) -> bool:
        """A letter, digit, punctuation mark or symbol; not a space, and not a box-drawing
        or block character (borders, rules, scrollbars)."""
        if not self.char.strip() or "\u2500" <= self.char <= "\u259f":
            return False
        return unicodedata.category(self.char)[0] in "LNPS"


def screen_cells(app: App[object]) -> list[Cell]:
    """Every cell of ``app``'s screen that has a character drawn in it."""
    svg = app.export_screenshot()
    backgrounds: dict[tuple[int, int], ColorTriplet] = {}
    for fill, x, y, width in _RECT.findall(svg):
        column, row = round(float(x) / _CHAR_WIDTH), round((float(y) - 1.5) / _LINE_HEIGHT)
        for offset in range(round(float(width) / _CHAR_WIDTH)):
            backgrounds[column + offset, row] = Color.parse(fill).get_truecolor()
    rules = {int(number): css for number, css in _RULE.findall(svg)}
    default_background = ColorTriplet(0, 0, 0)
    cells = []
    for rule, x, row_text, text in _TEXT.findall(svg):
        css = rules[int(rule)]
        fill = re.search(r"fill: (#[0-9a-f]{6})", css)
        assert fill is not None, css
        color = Color.parse(fill.group(1)).get_truecolor()
        column, row = round(float(x) / _CHAR_WIDTH), int(row_text)
        for char in html.unescape(text).replace("\xa0", " "):
            cells.append(
                Cell(
                    column,
                    row,
                    char,
                    color,
                    backgrounds.get((column, row), default_background),
                    "font-weight: bold" in css,
                    "font-style: italic" in css,
                    "underline" in css,
                )
            )
            column += cell_len(char)
    return cells


def reduce(color: ColorTriplet, depth: ColorSystem) -> ColorTriplet:
    """The colour a terminal of ``depth`` shows for ``color`` (xterm's standard palette)."""
    return Color.from_triplet(color).downgrade(depth).get_truecolor()


def standard_color(color: ColorTriplet) -> int:
    """Which of the 16 standard colours a 16-colour terminal shows for ``color``."""
    number = Color.from_triplet(color).downgrade(ColorSystem.STANDARD).number
    assert number is not None
    return number


def _luminance(color: ColorTriplet) -> float:
    """WCAG 2.2 relative luminance (its definition of "relative luminance")."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = color
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(color: ColorTriplet, bgcolor: ColorTriplet) -> float:
    """WCAG 2.2 contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(color), _luminance(bgcolor)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@dataclass(frozen=True)
class Pair:
    """A text cell's colours at one depth, and where it was seen."""

    ratio: float
    color: ColorTriplet
    bgcolor: ColorTriplet
    where: str
    text: str

    def __str__(self) -> str:
        return (
            f"{self.ratio:.2f}:1, {self.color.hex} on {self.bgcolor.hex}: "
            f"{self.text!r} ({self.where})"
        )


def _word_at(cells: list[Cell], cell: Cell) -> str:
    """The run of same-coloured text around ``cell`` on its line, to say what it is."""
    line = sorted((c for c in cells if c.y == cell.y), key=lambda c: c.x)
    same = [c for c in line if (c.color, c.bgcolor) == (cell.color, cell.bgcolor)]
    runs: list[list[Cell]] = []
    for c in same:
        if runs and c.x == runs[-1][-1].x + 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    run = next(run for run in runs if cell in run)
    return "".join(c.char for c in run).strip()[:40]


def pairs(
    cells: list[Cell], depth: ColorSystem, where: str, region: Region | None = None
) -> Iterator[Pair]:
    """Each text cell's contrast at ``depth``, one per distinct pair of colours; only the
    cells within ``region`` when one is given (a dialog over a dimmed screen)."""
    seen: set[tuple[ColorTriplet, ColorTriplet]] = set()
    for cell in cells:
        if not cell.is_text or (region is not None and not region.contains(cell.x, cell.y)):
            continue
        color, bgcolor = reduce(cell.color, depth), reduce(cell.bgcolor, depth)
        if (color, bgcolor) in seen:
            continue
        seen.add((color, bgcolor))
        yield Pair(
            contrast(color, bgcolor),
            color,
            bgcolor,
            f"{where}, {cell.x},{cell.y}",
            _word_at(cells, cell),
        )


def worst(found: Iterable[Pair]) -> list[Pair]:
    """``found``, lowest contrast first."""
    return sorted(found, key=lambda pair: pair.ratio)
