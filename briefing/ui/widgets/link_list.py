"""The links of a detail area: Enter follows one to its item in its own pane."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget

from briefing.core.involves import Kind
from briefing.ui.format import MUTED
from briefing.ui.glyphs import GLYPHS
from briefing.ui.links import Link
from briefing.ui.messages import JumpTo
from briefing.ui.widgets.item_list import ItemList, text_row


def link_target(row_id: str) -> tuple[Kind, str]:
    """The kind and id of the item a link row leads to (its row id is ``KIND:ID``)."""
    kind, _, item_id = row_id.partition(":")
    return Kind(kind), item_id


class LinkList(ItemList):
    """Links from one item to others. Enter or a click follows one (``JumpTo``)."""

    BINDING_GROUP_TITLE = "Links"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "screen.follow_link",
            "Follow",
            id="follow-link",
            tooltip="Go to the linked item",
        ),
    ]
    CLICK_SELECTS = True

    def on_item_list_selected(self, message: ItemList.Selected) -> None:
        if message.item_list is not self:
            return
        message.stop()
        self.post_message(JumpTo(*link_target(message.item_id)))

    @property
    def highlighted_link(self) -> tuple[Kind, str] | None:
        """The kind and id of the item the link under the cursor leads to, if any."""
        row_id = self.highlighted_id
        return link_target(row_id) if row_id is not None else None

    @property
    def page_lines(self) -> int:
        # The links grow to their full height and the detail around them scrolls: a page
        # is what the detail shows.
        parent = self.parent
        if isinstance(parent, Widget):
            return parent.scrollable_content_region.height
        return super().page_lines

    def show_links(self, links: list[Link]) -> None:
        """Show these links; the widget is hidden when there are none. A long link wraps,
        its continuations under its text. An item linked twice (listed twice in the
        briefing) is shown once: rows are found by the item they link to."""
        unique: dict[tuple[Kind, str], Link] = {}
        for link in links:
            unique.setdefault((link.kind, link.item_id), link)
        links = list(unique.values())
        self.replace_rows(
            text_row(
                f"{link.kind}:{link.item_id}",
                Content.assemble((f"{GLYPHS.arrow} ", MUTED), link.label),
                height=0,
                indent=2,
            )
            for link in links
        )
        self.display = bool(links)
