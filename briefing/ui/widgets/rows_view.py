"""Rows of text drawn a line at a time: the part of ``ItemList`` that lays its rows out
and draws them (the list adds the cursor, its moves and the mouse).

Like Textual's ``DataTable`` and Toolong's log view, it is a ``ScrollView`` with
``render_line``: it holds a row per item (an id and a way to build its text), not a widget
or a measured option per item, so a list of thousands of rows fills at once and each
frame builds only the rows in view.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

from briefing.ui.cursor import screen_reader_on
from briefing.ui.format import cut
from briefing.ui.hanging import hang
from briefing.ui.marks import MarkOf, marked

PROMPT_CACHE_SIZE = 512
"""Rows whose text is kept once built: a few screens' worth."""


# Compared by identity: equality and hashing, never used, cost their generation at import.
@dataclass(frozen=True, slots=True, eq=False)
class Row:
    """One item of a list: its id (None for a heading the cursor skips) and its text.

    ``prompt`` builds the text when the row is first drawn. ``height`` is the number of
    lines it takes (longer text is cut with an ellipsis), or 0 for text that wraps to the
    list's width, its continuation lines ``indent`` cells in.
    """

    id: str | None
    prompt: Callable[[], Content]
    height: int = 1
    indent: int = 2
    first: int | None = None
    """Where the first line's continuations start, if not ``indent`` past its spaces."""
    rule: bool = False
    """Draw a line under the row, to part rows of several lines."""


def text_row(
    item_id: str | None,
    text: Content,
    height: int = 1,
    *,
    indent: int = 2,
    first: int | None = None,
    rule: bool = False,
) -> Row:
    """A row whose text is already built."""
    return Row(item_id, lambda: text, height, indent, first, rule)


class RowsView(ScrollView):
    """Rows of ``Content`` (never markup), laid out at the view's width and drawn a line
    at a time; the row at ``highlighted`` in the cursor's style."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"item-list--cursor", "item-list--rule"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.rows: list[Row] = []
        """The rows, in order."""
        self._wraps = False
        """Whether a row wraps to the list's width (its height then depends on it)."""
        self.highlighted: int | None = None
        """Index of the row under the cursor."""
        self._starts: Sequence[int] = array("q", [0])
        """First line of each row, then the line after the last."""
        self._laid_out_width = -1
        self._prompts: dict[int, Content] = {}
        self._lines: dict[tuple[int, int], list[Content]] = {}
        self.mark_of: MarkOf | None = None
        """Each item's mark (new or changed since the last visit), when any is marked."""

    def prompt(self, index: int) -> Content:
        """The text of the row at ``index``, built now if it was not yet."""
        prompt = self._prompts.get(index)
        if prompt is None:
            if len(self._prompts) >= PROMPT_CACHE_SIZE:
                self._prompts.clear()
            row = self.rows[index]
            prompt = row.prompt()
            if self.mark_of is not None and row.id is not None:
                prompt = marked(prompt, self.mark_of(row.id), screen_reader_on(self))
            self._prompts[index] = prompt
        return prompt

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # A list of auto height is as tall as its rows at the width it is given: measured
        # in the layout that places it, the height is right in the first frame.
        self._layout(width, measuring=True)
        return self.virtual_size.height

    def _layout(self, width: int | None = None, *, measuring: bool = False) -> None:
        """Where each row starts, at ``width`` cells (by default the width the list has
        now); sets the scrollable height. Before the list has a width, a wrapping row is
        counted as one line: it is wrapped once the width is known. ``measuring``: called
        while Textual lays the screen out, so the new height needs no further layout."""
        if width is None:
            width = self.scrollable_content_region.width
        wraps = self._wraps
        if wraps and width != self._laid_out_width:
            self._lines.clear()
        if self._laid_out_width >= 0 and (not wraps or width == self._laid_out_width):
            return
        # Before the list has a width, a wrapping row counts as one line for now: wrapped
        # to no width, each word would take a line, and the work (most of a big briefing's
        # start-up) would be thrown away when the width comes.
        measured = width > 0 or not wraps
        self._laid_out_width = width if measured else -1
        # An array of numbers, not a list of int objects: a fifth of the memory.
        starts = array("q", [0])
        total = 0
        for index, row in enumerate(self.rows):
            height = row.height or (self._wrapped_height(index, width) if measured else 1)
            total += height + row.rule
            starts.append(total)
        self._starts = starts
        if measuring:
            self.set_reactive(RowsView.virtual_size, Size(0, total))
        else:
            self.virtual_size = Size(0, total)

    def _wrapped_height(self, index: int, width: int) -> int:
        """How many lines the wrapping row at ``index`` takes at ``width``."""
        plain = self.prompt(index).plain
        if cell_len(plain) <= width and "\n" not in plain and "\t" not in plain:
            return 1  # it fits: no need to wrap it (a detail may list hundreds of links)
        return len(self._row_lines(index, width))

    def _row_lines(self, index: int, width: int) -> list[Content]:
        key = (index, width)
        lines = self._lines.get(key)
        if lines is None:
            row = self.rows[index]
            prompt = self.prompt(index)
            if row.height == 0:
                lines = hang(prompt, max(width, 1), row.indent, row.first)
            else:
                lines = prompt.split("\n", allow_blank=True)[: row.height]
                lines += [Content("")] * (row.height - len(lines))
                lines = [cut(text, width) for text in lines]
            if len(self._lines) >= PROMPT_CACHE_SIZE:
                self._lines.clear()
            self._lines[key] = lines
        return lines

    def line_at(self, line: int) -> tuple[int, str] | None:
        """The row at ``line`` (counted from the top of the whole view, at its width now)
        and that line's plain text; None past the last row or on a rule under a row."""
        index = bisect_right(self._starts, line) - 1
        if not 0 <= index < len(self.rows) or line >= self._starts[-1]:
            return None
        lines = self._row_lines(index, self.scrollable_content_region.width)
        offset = line - self._starts[index]
        return (index, lines[offset].plain) if offset < len(lines) else None

    def _refresh_row(self, index: int) -> None:
        if index + 1 < len(self._starts):
            start = self._starts[index]
            height = self._starts[index + 1] - start
            top = int(self.scroll_offset.y)
            self.refresh(Region(0, start - top, self.size.width, height))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()  # text styled from the theme is drawn again

    def _fit_width(self) -> None:
        """Lay wrapping rows out at the width the list has now, if they were laid out at
        another: Textual checks the scroll offset (``validate_scroll_y``) once it has sized
        the list and before it draws it, so the first frame draws the rows, and the
        scrollbar's thumb, at their wrapped height (a detail's text wraps to its width)."""
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._laid_out_width or not self._wraps:
            return
        # Textual is laying the screen out: the new height needs no further layout.
        self._layout(width, measuring=True)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = self.virtual_size.height

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.visual_style
        line = y + int(self.scroll_offset.y)
        index = bisect_right(self._starts, line) - 1
        if not 0 <= index < len(self.rows) or line >= self._starts[-1]:
            return Strip.blank(width, base.rich_style)
        lines = self._row_lines(index, width)
        offset = line - self._starts[index]
        if offset >= len(lines):  # the rule under a row
            rule = self.get_visual_style("item-list--rule")
            # A screen reader would read a drawn rule aloud: there it is a blank line.
            drawn = " " if screen_reader_on(self) else "─"
            return Strip([Segment(drawn * width, (base + rule).rich_style)], width)
        style = base
        if index == self.highlighted:
            style = base + self.get_visual_style("item-list--cursor")
        segments = [
            Segment(text, part_style.rich_style)
            for text, part_style in lines[offset].render(style, "", self._parse_style)
        ]
        return Strip(segments).adjust_cell_length(width, style.rich_style)

    def _parse_style(self, style: str | VisualStyle) -> VisualStyle:
        """A style named in a row's text: a component class of this widget (``.name``,
        so that a change of theme recolours the text) or a style such as ``bold $primary``."""
        if isinstance(style, VisualStyle):
            return style
        if style.startswith("."):
            return self.get_visual_style(style[1:], partial=True)
        return VisualStyle.parse(style)
