"""Shown instead of a broken layout when the terminal is below the minimum size."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Static

from briefing.core.bundled import data_dir


class TooSmallScreen(Screen[None]):
    """What size the reader needs, until the terminal has it."""

    CSS_PATH = data_dir("themes") / "screens.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    def __init__(self, min_width: int, min_height: int) -> None:
        super().__init__()
        self.min_width = min_width
        self.min_height = min_height

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-message", markup=False)

    def on_mount(self) -> None:
        self._explain(self.app.size.width, self.app.size.height)

    def on_resize(self, event: Resize) -> None:
        self._explain(event.size.width, event.size.height)

    def _explain(self, width: int, height: int) -> None:
        self.query_one(Static).update(
            f"briefing needs at least {self.min_width}x{self.min_height}; "
            f"this terminal is {width}x{height}.\n\nEnlarge it, or press q to quit."
        )
