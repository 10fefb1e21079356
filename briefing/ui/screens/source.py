"""Enter on a source: the source itself, over the reader as help is, with the items that
cite it as links (following one closes this and goes there)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen

from briefing.core.bundled import data_dir
from briefing.core.involves import Kind
from briefing.core.model import Briefing
from briefing.ui.pane_list import PaneList
from briefing.ui.widgets.source_detail import SourceDetail

Target = tuple[Kind, str]


class SourceScreen(ModalScreen[Target | None]):
    """One source in full. Dismissed with the item to go to (Enter on a link), or None."""

    CSS_PATH = data_dir("themes") / "screens.tcss"
    BINDING_GROUP_TITLE = "Source"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss(None)", "Close", id="source-close", tooltip="Close"),
        Binding(
            "enter",
            "follow",
            "Follow",
            id="source-follow",
            tooltip="Go to the item that cites it (Backspace comes back)",
        ),
        Binding(
            "y",
            "copy",
            "Copy",
            id="source-copy",
            tooltip="Copy the source as Markdown",
        ),
    ]

    def __init__(self, briefing: Briefing, source_id: str) -> None:
        super().__init__()
        self.briefing = briefing
        self.source_id = source_id

    def compose(self) -> ComposeResult:
        detail = SourceDetail(self.briefing, id="source-detail")
        detail.border_title = "Source"
        detail.border_subtitle = "Esc closes"
        detail.show(self.source_id)
        yield detail

    def on_mount(self) -> None:
        # Read from its top, the cursor on the first item that cites it.
        detail = self.query_one(SourceDetail)
        self.set_focus(detail)

    def action_follow(self) -> None:
        target = self.query_one(SourceDetail).highlighted_link
        if target is None:
            self.app.bell()  # no link in view
        else:
            self.dismiss(target)

    @on(PaneList.Chosen)
    def _clicked(self, message: PaneList.Chosen) -> None:
        message.stop()
        self.action_follow()

    def action_copy(self) -> None:
        from briefing.ui.clipboard import copy_item

        copy_item(self, self.briefing, Kind.SOURCE, self.source_id)
