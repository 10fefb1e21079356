"""The detail area of a pane: what the selected item says, its links, its sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Static

from briefing.core.model import Briefing
from briefing.ui.format import MUTED, sources_block
from briefing.ui.links import Link
from briefing.ui.widgets.hanging_text import HangingText
from briefing.ui.widgets.link_list import LinkList


@dataclass(frozen=True)
class DetailView:
    """What a detail shows for one item: its text, links to follow, and its source ids."""

    text: Content
    links: list[Link] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


class Detail(VerticalScroll, can_focus=False):
    """Base of every pane's detail: text, then links (Enter follows), then sources.

    A subclass sets ``PREFIX`` (the ids of its parts are ``PREFIX-text``, ``PREFIX-links``
    and ``PREFIX-sources``) and implements ``describe``.
    """

    PREFIX: ClassVar[str] = "item"

    def __init__(self, briefing: Briefing, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes="detail")
        self.briefing = briefing
        """The briefing the details come from."""
        self.item_id: str | None = None
        """The item shown, if any."""
        self.text = Static(id=f"{self.PREFIX}-text", markup=False)
        self.links = LinkList(id=f"{self.PREFIX}-links")
        self.sources = HangingText(id=f"{self.PREFIX}-sources")

    def compose(self) -> ComposeResult:
        yield self.text
        yield self.links
        yield self.sources

    def describe(self, item_id: str) -> DetailView | None:
        """What to show for ``item_id``; None when the briefing has no such item."""
        raise NotImplementedError

    def show(self, item_id: str | None, empty: str = "") -> None:
        """Show the item ``item_id``; with None, the ``empty`` message says why there is none."""
        view = self.describe(item_id) if item_id is not None else None
        self.item_id = item_id if view is not None else None
        if view is None:
            self.text.update(Content.styled(empty, MUTED))
            self.links.show_links([])
            self.sources.update("")
        else:
            self.text.update(view.text)
            self.links.show_links(view.links)
            if view.sources:
                self.sources.update(*sources_block(self.briefing, view.sources))
            else:
                self.sources.update("")
        self.scroll_home(animate=False)

    def show_link(self, link_id: str) -> bool:
        """Move into the links, the cursor on ``link_id`` and in view; False when the item
        shown has no such link (the links are then left as they are)."""
        if not self.links.select_id(link_id):
            return False
        self.focus_links()
        self.scroll_to_link()
        return True

    def scroll_to_link(self) -> None:
        """Bring the link under the cursor into view, once the detail is laid out.

        The links take their full height, so the detail's is the one scrollbar: the
        detail scrolls to the link, after any scroll that ``show`` asked for.
        """
        self.call_after_refresh(self._scroll_to_link)

    def _scroll_to_link(self) -> None:
        row = self.links.highlight_region
        if row is None or not self.links.display or not self.links.has_focus:
            return
        top = self.links.virtual_region.y + row.y - int(self.links.scroll_offset.y)
        width = max(self.scrollable_content_region.width, 1)
        self.scroll_to_region(
            Region(0, top, width, row.height), animate=False, force=True, immediate=True
        )

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.links:
            self.scroll_to_link()

    def on_item_list_highlighted(self, message: LinkList.Highlighted) -> None:
        # Not stopped: the pane listens for its own list's moves.
        if message.item_list is self.links:
            self.scroll_to_link()

    def on_resize(self, event: events.Resize) -> None:
        self.scroll_to_link()

    def focus_links(self) -> None:
        """Give the links the focus now, so that the keys after the one that asked find it
        there (``Widget.focus`` would wait for the next turn of the event loop)."""
        self.screen.set_focus(self.links)

    @property
    def has_links(self) -> bool:
        """Whether the item shown has links to follow."""
        return self.links.option_count > 0
