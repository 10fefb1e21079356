"""The detail area of a pane: what the selected item says, its links, its sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Offset

from briefing.core.dates import PartialDate
from briefing.core.involves import Kind
from briefing.core.model import Briefing
from briefing.ui.cursor import screen_reader_on
from briefing.ui.format import HEADING, MUTED, source_entry
from briefing.ui.links import Link
from briefing.ui.widgets.item_list import Row, text_row
from briefing.ui.widgets.link_list import LinkList, link_rows

_BLANK = text_row(None, Content(""))


# Compared by identity: equality and hashing, never used, cost their generation at import.
@dataclass(frozen=True, eq=False)
class DetailView:
    """What a detail shows for one item: its text, links to follow, and its source ids."""

    text: Content
    links: list[Link] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


class Detail(LinkList, can_focus=False):
    """Base of every pane's detail: the item's text, then its links, then its sources
    (each a link to the source itself), drawn as one list of lines.

    Enter moves into it. There it scrolls a line at a time, so that every line can be
    read, and its cursor is on a link in view: ↓ moves to the next link when it is in
    view, and scrolls a line when it is not; a link that scrolls out of view hands the
    cursor to one in view (none: Enter does nothing). A subclass implements ``describe``.
    """

    BINDING_GROUP_TITLE = "In a detail (after Enter)"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "up,k",
            "move(-1)",
            "Up",
            show=False,
            id="detail-up",
            tooltip="The link above, when in view; else a line up",
        ),
        Binding(
            "down,j",
            "move(1)",
            "Read on",
            id="detail-down",
            tooltip="The link below, when in view; else a line down",
        ),
        Binding(
            "home,g",
            "first",
            "Top",
            show=False,
            id="detail-top",
            tooltip="Its heading (the cursor on the first link in view)",
        ),
        Binding(
            "end,G",
            "last",
            "Bottom",
            show=False,
            id="detail-bottom",
            tooltip="Its end, the sources (the cursor on the last link in view)",
        ),
        Binding(
            "pageup", "page(-1)", "Page up", show=False, id="detail-page-up", tooltip="A page up"
        ),
        Binding(
            "pagedown",
            "page(1)",
            "Page down",
            show=False,
            id="detail-page-down",
            tooltip="A page down",
        ),
    ]

    def __init__(self, briefing: Briefing, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes="detail")
        self.briefing = briefing
        """The briefing the details come from."""
        self.item_id: str | None = None
        """The item shown, if any."""

    def describe(self, item_id: str) -> DetailView | None:
        """What to show for ``item_id``; None when the briefing has no such item."""
        raise NotImplementedError

    def show(self, item_id: str | None, empty: str = "") -> None:
        """Show the item ``item_id`` from its top; with None, the ``empty`` message says
        why there is none."""
        view = self.describe(item_id) if item_id is not None else None
        self.item_id = item_id if view is not None else None
        if view is None:
            view = DetailView(Content.styled(empty, MUTED))
        rows = [_text_row(view.text)]
        if view.links:
            spoken = screen_reader_on(self)
            # Spoken, links have no arrows: a heading says what they are instead.
            heading = [text_row(None, Content.styled("Links", HEADING))] if spoken else []
            rows += [_BLANK, *heading, *link_rows(view.links, spoken)]
        sources = [
            (number, source)
            for number, source_id in enumerate(view.sources, start=1)
            if (source := self.briefing.source(source_id)) is not None
        ]
        if sources:
            rows += [_BLANK, text_row(None, Content.styled("Sources", HEADING))]
            rows += [
                text_row(
                    f"{Kind.SOURCE}:{source.id}",
                    source_entry(number, source),
                    height=0,
                    indent=0,
                    first=len(f"[{number}] "),
                )
                for number, source in sources
            ]
        self.replace_rows(rows, from_top=True)
        # Enter moves in whenever there is an item to read.
        self.can_focus = self.item_id is not None

    def show_as_of(self, as_of: PartialDate) -> None:
        """Describe the item as of ``as_of`` (the date the controls are shown for), if what
        it says depends on it: by default it does not."""

    def update_text(self, text: Content) -> None:
        """Show ``text`` as the item's text; its links, the cursor and the scroll stay."""
        if self.rows:
            self.replace_row(0, _text_row(text))

    @property
    def text(self) -> Content:
        """The item's text as shown (without its links and sources)."""
        return self.prompt(0) if self.rows else Content("")

    @property
    def has_links(self) -> bool:
        """Whether the item shown has links (or sources) to follow."""
        return any(row.id is not None for row in self.rows)

    @property
    def in_links(self) -> bool:
        """Whether the detail has the focus: the reader is reading it. (Set as the focus
        moves, where ``has_focus`` waits for the focus event.)"""
        return self.is_mounted and self.screen.focused is self

    # -- moving in ---------------------------------------------------------------------------

    def enter(self) -> None:
        """Give the detail the focus now, so that the keys after the one that asked find it
        there (``Widget.focus`` would wait for the next turn of the event loop), with its
        links in view (as many as fit, from the first) and the cursor on the first."""
        self.screen.set_focus(self)
        links = self._link_rows()
        if not links:
            return
        self._move_to(links[0], scroll=False)
        block = self.rows_region(links[0], links[-1])
        view = self.page_lines
        if view and not (self.scroll_y <= block.y and block.bottom <= self.scroll_y + view):
            self.scroll_to(y=block.y, animate=False, immediate=True)
        self.scroll_to_highlight()

    def leave(self) -> None:
        """Back to the top, the heading in view, as when the item was first shown."""
        self.scroll_to(y=0, animate=False, immediate=True)
        links = self._link_rows()
        self._move_to(links[0] if links else None, scroll=False)

    def show_link(self, link_id: str) -> bool:
        """Move in, the cursor on ``link_id`` and in view; False when the item shown has no
        such link (the cursor is then left where it was)."""
        if not self.holds(link_id):
            return False
        self.screen.set_focus(self)
        self.select_id(link_id)
        return True

    def scroll_to_highlight(self, center: bool = False) -> None:
        # Until Enter moves in, the detail is read from where it is scrolled, its top when
        # first shown: the cursor's link is brought into view only once in.
        if self.in_links:
            super().scroll_to_highlight(center)

    # -- moving within: a line at a time, the cursor on a link in view -------------------------

    def _link_rows(self) -> list[int]:
        return [index for index, row in enumerate(self.rows) if row.id is not None]

    def _in_view(self, index: int, top: int) -> bool:
        """Whether the row at ``index`` shows whole with the detail scrolled to line ``top``
        (a row taller than the view: its first line shows)."""
        start, end = self._starts[index], self._starts[index + 1]
        bottom = top + max(self.page_lines, 1)
        return top <= start and (end <= bottom or (start < bottom and end - start > bottom - top))

    def _scroll_lines(self, top: int, direction: int, keep: bool = True) -> None:
        """Scroll to line ``top``; the cursor stays on its link while it is in view (with
        ``keep``), else goes to the first link in view (the last, going up), or to none."""
        self.scroll_to(y=top, animate=False, immediate=True)
        current = self.highlighted
        if keep and current is not None and self._in_view(current, top):
            return
        shown = [index for index in self._link_rows() if self._in_view(index, top)]
        self._move_to((shown[0] if direction > 0 else shown[-1]) if shown else None, scroll=False)

    @property
    def _top(self) -> int:
        return round(self.scroll_y)

    @property
    def _last_top(self) -> int:
        self._layout()
        return max(self._starts[-1] - max(self.page_lines, 1), 0)

    def action_move(self, step: int) -> None:
        self._layout()
        top = self._top
        current = self.highlighted
        links = self._link_rows()
        if current is None:
            ahead = [i for i in links if self._in_view(i, top)]
            ahead = ahead if step > 0 else ahead[::-1]
        else:
            ahead = [i for i in links if (i - current) * step > 0]
            ahead = ahead if step > 0 else ahead[::-1]
        following = ahead[0] if ahead else None
        if following is not None and self._in_view(following, top):
            self._move_to(following, scroll=False)
        elif 0 <= top + step <= self._last_top:
            self._scroll_lines(top + step, step)
        else:
            self.app.bell()  # the end of the detail: stay, never wrap

    def action_page(self, direction: int) -> None:
        top = self._top
        target = min(max(top + direction * max(self.page_lines - 1, 1), 0), self._last_top)
        if target == top:
            self.app.bell()
            return
        self._scroll_lines(target, direction)

    def action_first(self) -> None:
        self._scroll_lines(0, 1, keep=False)

    def action_last(self) -> None:
        self._scroll_lines(self._last_top, -1, keep=False)

    def selection_offset(self) -> Offset | None:
        """The link under the cursor when it is in view, else the top line in view (the
        line a scroll has just brought up), at its first letter, in screen cells."""
        current = self.highlighted
        if current is not None and self._in_view(current, self._top):
            return super().selection_offset()
        return self.line_offset(self._top)

    @property
    def highlighted_link(self) -> tuple[Kind, str] | None:
        """Where the link under the cursor leads, if it is in view (Enter follows only a
        link the reader can see)."""
        current = self.highlighted
        if current is None or not self._in_view(current, self._top):
            return None
        return super().highlighted_link


def _text_row(text: Content) -> Row:
    # Wrapped to the width like a paragraph: continuation lines go back to the margin.
    return text_row(None, text, height=0, indent=0)
