"""Lists of links: Enter follows one to its item in its own pane."""

from __future__ import annotations

from textual.content import Content

from briefing.core.involves import Kind
from briefing.ui.format import MUTED
from briefing.ui.glyphs import GLYPHS
from briefing.ui.links import Link
from briefing.ui.widgets.item_list import ItemList, Row, text_row


def link_rows(links: list[Link], spoken: bool = False) -> list[Row]:
    """A row per link, its arrow before its label (not when ``spoken``, for screen readers,
    which read it aloud), a long label wrapping under its text. An item linked twice
    (listed twice in the briefing) is shown once: rows are found by the item they link to."""
    unique: dict[tuple[Kind, str], Link] = {}
    for link in links:
        unique.setdefault((link.kind, link.item_id), link)
    return [
        text_row(
            f"{link.kind}:{link.item_id}",
            link.label if spoken else Content.assemble((f"{GLYPHS.arrow} ", MUTED), link.label),
            height=0,
            indent=2,
        )
        for link in unique.values()
    ]


def link_target(row_id: str) -> tuple[Kind, str]:
    """The kind and id of the item a link row leads to (its row id is ``KIND:ID``)."""
    kind, _, item_id = row_id.partition(":")
    return Kind(kind), item_id


class LinkList(ItemList):
    """A list whose items are links to other items (row ids ``KIND:ID``); a click chooses
    one (``PaneList.Chosen``). Other rows (no id) are text the cursor skips."""

    BINDING_GROUP_TITLE = "Links"
    CLICK_SELECTS = True

    @property
    def highlighted_link(self) -> tuple[Kind, str] | None:
        """The kind and id of the item the link under the cursor leads to, if any."""
        row_id = self.highlighted_id
        return link_target(row_id) if row_id is not None else None
