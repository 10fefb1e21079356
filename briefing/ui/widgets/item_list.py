"""A keyboard-first list of briefing items that draws only the lines on screen.

Like Textual's ``DataTable`` and Toolong's log view, the list is a ``ScrollView`` with
``render_line``: it holds a row per item (an id and a way to build its text), not a widget
or a measured option per item, so a list of thousands of events fills at once and each
frame builds only the rows in view.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

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


class ItemList(ScrollView, can_focus=True):
    """Rows of briefing items; a cursor picks one. Rows are ``Content``, never markup.

    The same keys move in every list: ↑ ↓ j k, g / Home, G / End, PgUp / PgDn. The cursor
    stops at the ends, with the terminal's bell, rather than wrapping around.
    """

    BINDING_GROUP_TITLE = "Lists"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False, id="cursor-up", tooltip="Previous item"),
        Binding("down,j", "move(1)", "Down", show=False, id="cursor-down", tooltip="Next item"),
        Binding("home,g", "first", "Top", show=False, id="cursor-top", tooltip="First item"),
        Binding("end,G", "last", "Bottom", show=False, id="cursor-bottom", tooltip="Last item"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="page-up", tooltip="A page up"),
        Binding(
            "pagedown", "page(1)", "Page down", show=False, id="page-down", tooltip="A page down"
        ),
        Binding("enter", "select", "Open", id="select", tooltip="Open the item"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"item-list--cursor", "item-list--rule"}
    CLICK_SELECTS: ClassVar[bool] = False
    """Whether one click opens a row (links, results), or only moves the cursor to it."""

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another item (None: the list is empty)."""

        item_list: ItemList = field(repr=False)
        item_id: str | None

        @property
        def control(self) -> ItemList:
            return self.item_list

    @dataclass
    class Selected(Message):
        """Enter (or a click) on an item."""

        item_list: ItemList = field(repr=False)
        item_id: str

        @property
        def control(self) -> ItemList:
            return self.item_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.rows: list[Row] = []
        """The rows, in order."""
        self._wraps = False
        """Whether a row wraps to the list's width (its height then depends on it)."""
        self.highlighted: int | None = None
        """Index of the row under the cursor."""
        self._index: dict[str, int] | None = None
        """Each item's row, made when first looked up (most lists never are)."""
        self._starts: Sequence[int] = array("q", [0])
        """First line of each row, then the line after the last."""
        self._laid_out_width = -1
        self._prompts: dict[int, Content] = {}
        self._lines: dict[tuple[int, int], list[Content]] = {}
        self._reported: str | None = None
        self._center = False
        self.mark_of: MarkOf | None = None
        """Each item's mark (new or changed since the last visit), when any is marked."""

    # -- rows ------------------------------------------------------------------------------

    def replace_rows(
        self, rows: Iterable[Row], keep: str | None = None, *, from_top: bool = False
    ) -> None:
        """Show ``rows``, the cursor on ``keep`` when it is there, else on the first item;
        the cursor's row is centred, or with ``from_top`` the rows are shown from the top
        (wherever the cursor is)."""
        self.rows = list(rows)
        self._wraps = any(row.height == 0 for row in self.rows)
        self._index = None
        self._prompts.clear()
        self._lines.clear()
        self._laid_out_width = -1
        self._layout()
        # Found by a scan: the look-up table is made only if something looks items up.
        index = None
        if keep is not None:
            index = next((n for n, row in enumerate(self.rows) if row.id == keep), None)
        index = index if index is not None else self._first_item()
        self._move_to(index, center=True, scroll=not from_top)
        if from_top:
            self._center = False
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def replace_row(self, index: int, row: Row) -> None:
        """Show ``row`` in place of the row at ``index``; the cursor and scroll stay."""
        if row.id != self.rows[index].id:
            self._index = None
        self.rows[index] = row
        self._wraps = any(row.height == 0 for row in self.rows)
        self._prompts.pop(index, None)
        self._lines = {key: lines for key, lines in self._lines.items() if key[0] != index}
        self._laid_out_width = -1
        self._layout()
        self.refresh()

    @property
    def option_count(self) -> int:
        """The number of rows, headings included."""
        return len(self.rows)

    @property
    def item_ids(self) -> list[str]:
        """The ids of the items, in order, headings left out."""
        return [row.id for row in self.rows if row.id is not None]

    @property
    def highlighted_id(self) -> str | None:
        """Id of the item under the cursor."""
        if self.highlighted is None or self.highlighted >= len(self.rows):
            return None
        return self.rows[self.highlighted].id

    def prompt(self, index: int) -> Content:
        """The text of the row at ``index``, built now if it was not yet."""
        prompt = self._prompts.get(index)
        if prompt is None:
            if len(self._prompts) >= PROMPT_CACHE_SIZE:
                self._prompts.clear()
            row = self.rows[index]
            prompt = row.prompt()
            if self.mark_of is not None and row.id is not None:
                prompt = marked(prompt, self.mark_of(row.id))
            self._prompts[index] = prompt
        return prompt

    def show_marks(self, mark_of: MarkOf | None) -> None:
        """Mark items by ``mark_of`` (None: no marks), and draw the rows again."""
        self.mark_of = mark_of
        self._prompts.clear()
        self._lines.clear()
        self._laid_out_width = -1
        self._layout()
        self.refresh()

    def holds(self, item_id: str) -> bool:
        """Whether the list has an item ``item_id``."""
        return self._row_of(item_id) is not None

    def select_id(self, item_id: str) -> bool:
        """Put the cursor on the item ``item_id``, centred; False when the list lacks it."""
        index = self._row_of(item_id)
        if index is None:
            return False
        self._move_to(index, center=True)
        return True

    def _row_of(self, item_id: str) -> int | None:
        if self._index is None:
            self._index = {row.id: n for n, row in enumerate(self.rows) if row.id is not None}
        return self._index.get(item_id)

    # -- moving ----------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        start = self.highlighted if self.highlighted is not None else -step
        index = start + step
        while 0 <= index < len(self.rows) and self.rows[index].id is None:
            index += step
        if 0 <= index < len(self.rows):
            self._move_to(index)
        else:
            self.app.bell()  # the end of the list: stay, never wrap

    def action_first(self) -> None:
        self._move_to(self._first_item())

    def action_last(self) -> None:
        last = next(
            (i for i in range(len(self.rows) - 1, -1, -1) if self.rows[i].id is not None), None
        )
        self._move_to(last)

    def action_page(self, direction: int) -> None:
        if self.highlighted is None:
            self.action_first()
            return
        page = max(self.page_lines - 1, 1)
        target_line = self._starts[self.highlighted] + direction * page
        target_line = min(max(target_line, 0), max(self._starts[-1] - 1, 0))
        index = max(bisect_right(self._starts, target_line) - 1, 0)
        # Land on an item, looking further in the direction of travel, then back.
        for step in (direction, -direction):
            probe = index
            while 0 <= probe < len(self.rows) and self.rows[probe].id is None:
                probe += step
            if 0 <= probe < len(self.rows):
                if probe == self.highlighted:
                    self.app.bell()
                self._move_to(probe)
                return

    def action_select(self) -> None:
        item_id = self.highlighted_id
        if item_id is not None:
            self.post_message(self.Selected(self, item_id))

    def _first_item(self) -> int | None:
        return next((i for i, row in enumerate(self.rows) if row.id is not None), None)

    def _move_to(self, index: int | None, center: bool = False, scroll: bool = True) -> None:
        old = self.highlighted
        self.highlighted = index
        if old is not None and old != index:
            self._refresh_row(old)
        if index is not None:
            self._refresh_row(index)
            if scroll:
                self.scroll_to_highlight(center=center)
        item_id = self.highlighted_id
        if item_id != self._reported:
            self._reported = item_id
            # Before it is mounted, whoever fills the list shows the item itself.
            if self.is_mounted:
                self.post_message(self.Highlighted(self, item_id))

    @property
    def page_lines(self) -> int:
        """How many lines PgUp and PgDn move by: the lines the list shows."""
        return self.scrollable_content_region.height

    @property
    def highlight_region(self) -> Region | None:
        """Where the row under the cursor is, in lines from the top of the whole list
        (not of what is scrolled into view); None when no row is under the cursor."""
        if self.highlighted is None:
            return None
        start = self._starts[self.highlighted]
        height = self._starts[self.highlighted + 1] - start
        return Region(0, start, max(self.scrollable_content_region.width, 1), max(height, 1))

    def rows_region(self, first: int, last: int) -> Region:
        """Where the rows ``first`` to ``last`` (both included) are, in lines from the top
        of the whole list, as laid out at the list's width now."""
        self._layout()
        start = self._starts[first]
        return Region(
            0, start, max(self.scrollable_content_region.width, 1), self._starts[last + 1] - start
        )

    def scroll_to_highlight(self, center: bool = False) -> None:
        """Scroll the row under the cursor into view (to the middle with ``center``)."""
        region = self.highlight_region
        if region is None:
            return
        if not self.scrollable_content_region.height:
            self._center = self._center or center  # not laid out yet: done on resize
            return
        self.scroll_to_region(region, animate=False, force=True, center=center, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self._layout()
        # The cursor stays in view whatever the new size.
        center, self._center = self._center, False
        self.scroll_to_highlight(center=center)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        line = offset.y + int(self.scroll_offset.y)
        index = bisect_right(self._starts, line) - 1
        if not 0 <= index < len(self.rows) or self.rows[index].id is None:
            return
        self._move_to(index)
        if self.CLICK_SELECTS or event.chain >= 2:
            self.action_select()

    # -- drawing ---------------------------------------------------------------------------

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
            self.set_reactive(ItemList.virtual_size, Size(0, total))
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

    def validate_scroll_y(self, value: float) -> float:
        self._fit_width()
        if self._center and self.highlighted is not None:
            height = self.scrollable_content_region.height
            if height:
                # Textual checks the scroll offset once the list is laid out and before
                # its first frame is drawn: the cursor's row is centred here, so the rows
                # and the scrollbar's thumb are drawn in place in that frame.
                self._center = False
                self._layout()
                start = self._starts[self.highlighted]
                rows = self._starts[self.highlighted + 1] - start
                value = start + rows / 2 - height / 2
                value = super().validate_scroll_y(value)
                self.scroll_target_y = value
                return value
        return super().validate_scroll_y(value)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._center:
            # Laid out now, before its first frame: the cursor's row is put in the middle
            # here rather than on the resize that follows, which would draw a second frame.
            self._layout()
            self._center = False
            self.scroll_to_highlight(center=True)
        return super().render_lines(crop)

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
            return Strip([Segment("─" * width, (base + rule).rich_style)], width)
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
