"""The links of a detail area: Enter follows one to its item in its own pane."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets.option_list import Option

from briefing.core.involves import Kind
from briefing.ui.format import MUTED
from briefing.ui.messages import JumpTo
from briefing.ui.widgets.item_list import ItemList


def link_option(kind: Kind, item_id: str, label: Content) -> Option:
    return Option(Content.assemble(("→ ", MUTED), label), id=f"{kind}:{item_id}")


class LinkList(ItemList):
    """Links from one item to others; Esc returns to the list the item came from."""

    BINDING_GROUP_TITLE = "Links"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Follow link", id="follow-link", tooltip="Open the linked item"),
        Binding("escape", "back", "Back", id="link-back", tooltip="Back to the list"),
    ]

    def __init__(self, back_to: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes="links")
        self.back_to = back_to
        """Selector of the list that Esc returns to."""

    def on_option_list_option_selected(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        if event.option_id is None:
            return
        kind, _, item_id = event.option_id.partition(":")
        self.post_message(JumpTo(Kind(kind), item_id))

    def action_back(self) -> None:
        self.screen.query_one(self.back_to).focus()

    def show_links(self, options: list[Option]) -> None:
        self.replace_options(options)
        self.display = bool(options)
