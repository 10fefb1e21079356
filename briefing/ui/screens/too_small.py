"""Shown instead of a broken layout when the terminal is below the minimum size."""

from __future__ import annotations

from collections.abc import Callable
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

    def __init__(self, min_width: int, min_height: int, check_size: Callable[[], None]) -> None:
        """The message for a reader that needs ``min_width`` x ``min_height`` cells;
        ``check_size`` removes it once the terminal has them."""
        super().__init__()
        self.check_size = check_size
        self.min_width = min_width
        self.min_height = min_height

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-message", markup=False)

    def on_mount(self) -> None:
        self._explain(self.app.size.width, self.app.size.height)

    def on_resize(self, event: Resize) -> None:
        self._explain(event.size.width, event.size.height)

    def on_screen_resume(self) -> None:
        # A dialog left open over this screen may close after the terminal grew.
        self.app.call_later(self.check_size)

    def _explain(self, width: int, height: int) -> None:
        self.query_one(Static).update(size_message(self.min_width, self.min_height, width, height))


def size_message(min_width: int, min_height: int, width: int, height: int) -> str:
    """What the reader needs, in the longest wording that fits ``width`` x ``height``
    without wrapping (the shortest one when none does)."""
    need, have = f"{min_width}x{min_height}", f"{width}x{height}"
    wordings = [
        f"briefing needs at least {need};\nthis terminal is {have}.\n\n"
        "Enlarge it, or press q to quit.",
        f"briefing needs {need};\nthis is {have}.\nq quits.",
        f"needs {need}\nhas {have}\nq quits",
        need,
    ]
    for text in wordings:
        lines = text.splitlines()
        if len(lines) <= height and max(len(line) for line in lines) <= width:
            return text
    return wordings[-1]
