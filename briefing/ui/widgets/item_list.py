"""A keyboard-first list of briefing items that draws only the lines on screen.

Like Textual's ``DataTable`` and Toolong's log view, the list is a ``ScrollView`` with
``render_line``: it holds a row per item (an id and a way to build its text), not a widget
or a measured option per item, so a list of thousands of events fills at once and each
frame builds only the rows in view.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Offset, Region
from textual.strip import Strip

from briefing.ui.cursor import first_letter, place_cursor
from briefing.ui.marks import MarkOf
from briefing.ui.pane_list import PaneList
from briefing.ui.widgets.rows_view import Row, RowsView, text_row

__all__ = ["ItemList", "Row", "text_row"]

PROMPT_CACHE_SIZE = 512
"""Rows whose text is kept once built: a few screens' worth."""


class ItemList(RowsView, PaneList, can_focus=True):
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
    ]
    CLICK_SELECTS: ClassVar[bool] = False
    """Whether one click chooses a row (links, results), or only moves the cursor to it."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self._index: dict[str, int] | None = None
        """Each item's row, made when first looked up (most lists never are)."""
        self._reported: str | None = None
        self._center = False

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

    def show_marks(self, mark_of: MarkOf | None) -> None:
        """Mark items by ``mark_of`` (None: no marks), and draw the rows again."""
        self.mark_of = mark_of
        if not self.is_mounted:
            return  # drawn with the marks when first filled
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
            self.post_message(self.Chosen(self, item_id))

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

    def selection_offset(self) -> Offset | None:
        """Where the row under the cursor starts, at its first letter, in screen cells;
        None when no row is under the cursor or it is scrolled out of view."""
        if self.highlighted is None or self.highlighted + 1 >= len(self._starts):
            return None
        return self.line_offset(self._starts[self.highlighted])

    def line_offset(self, line: int) -> Offset | None:
        """Where the text of ``line`` (from the top of the whole list) starts on screen, at
        its first letter; None when the line is not in view."""
        region = self.scrollable_content_region
        y = line - int(self.scroll_offset.y)
        found = self.line_at(line)
        if found is None or not 0 <= y < region.height:
            return None
        return Offset(region.x + min(first_letter(found[1]), region.width - 1), region.y + y)

    def on_focus(self) -> None:
        place_cursor(self)

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
        strips = super().render_lines(crop)
        place_cursor(self)  # drawn as it is now: the cursor follows the scroll and the moves
        return strips
