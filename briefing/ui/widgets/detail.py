"""The detail area of a pane: what the selected item says, its links, its sources."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.content import Content

from briefing.core.dates import PartialDate
from briefing.core.model import Briefing
from briefing.ui.format import MUTED, sources_block
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
    """Base of every pane's detail: the item's text, then its links (the rows the cursor
    stops on; Enter follows one), then its sources, drawn as one list of lines.

    One widget, not a column of text, links and sources: the detail scrolls as one, and
    the first frame has a widget to style, lay out and draw where it would have four.
    It takes the focus (``focus_links``) only while the item shown has links. A subclass
    implements ``describe``.
    """

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
            rows += [_BLANK, *link_rows(view.links), _BLANK]
        if view.sources:
            block, indent = sources_block(self.briefing, view.sources)
            rows.append(text_row(None, block, height=0, indent=indent))
        self.replace_rows(rows, from_top=True)
        # Keys and Tab reach the detail only while it has links to move between.
        self.can_focus = self.has_links

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

    def show_link(self, link_id: str) -> bool:
        """Move into the links, the cursor on ``link_id`` and in view; False when the item
        shown has no such link (the cursor is then left where it was)."""
        if not self.select_id(link_id):
            return False
        self.focus_links()
        return True

    def scroll_to_highlight(self, center: bool = False) -> None:
        # Until Enter moves into the links the detail is read from where it is scrolled,
        # its top when first shown: the cursor's link is brought into view only in them.
        if self.in_links:
            super().scroll_to_highlight(center)

    def focus_links(self) -> None:
        """Give the detail the focus now, so that the keys after the one that asked find it
        there (``Widget.focus`` would wait for the next turn of the event loop), and bring
        the link under the cursor into view."""
        self.screen.set_focus(self)
        links = [index for index, row in enumerate(self.rows) if row.id is not None]
        if links:
            # As many links as fit in view, from the first: those below the text would
            # otherwise show one at a time, on the detail's last line.
            block = self.rows_region(links[0], links[-1])
            view = self.scrollable_content_region.height
            if view and not (self.scroll_y <= block.y and block.bottom <= self.scroll_y + view):
                self.scroll_to(y=block.y, animate=False, immediate=True)
        self.scroll_to_highlight()

    @property
    def in_links(self) -> bool:
        """Whether the detail has the focus: the reader is moving between its links. (Set
        as the focus moves, where ``has_focus`` waits for the focus event.)"""
        return self.is_mounted and self.screen.focused is self

    @property
    def has_links(self) -> bool:
        """Whether the item shown has links to follow."""
        return self.highlighted is not None


def _text_row(text: Content) -> Row:
    # Wrapped to the width like a paragraph: continuation lines go back to the margin.
    return text_row(None, text, height=0, indent=0)
