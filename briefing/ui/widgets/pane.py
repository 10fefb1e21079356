"""One of the reader's four panes: a bordered column holding a list and its detail."""

from __future__ import annotations

from dataclasses import dataclass

from textual.containers import Vertical
from textual.message import Message

from briefing.ui.widgets.pane_bar import PANE_ORDER, PANE_TITLES


class Pane(Vertical, can_focus=False):
    """Says when it is mounted, so panes mounted after the first frame can be filled in then."""

    @dataclass
    class Ready(Message):
        pane: str

    def __init__(self, pane: str) -> None:
        super().__init__(id=f"{pane}-pane", classes="pane")
        self.pane = pane
        self.border_title = f"{PANE_ORDER.index(pane) + 1} {PANE_TITLES[pane]}"

    def on_mount(self) -> None:
        self.post_message(self.Ready(self.pane))
