"""The row of pane names shown instead of the panes themselves on narrow terminals."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from briefing.ui.format import MUTED

PANE_TITLES = {
    "timeline": "Timeline",
    "elements": "Elements",
    "actors": "Actors",
    "quotes": "Quotes",
}
PANE_ORDER = ("timeline", "elements", "actors", "quotes")


class PaneBar(Static):
    """``1 Timeline  2 Elements  3 Actors  4 Quotes``, the current pane highlighted; clickable."""

    def __init__(self, panes: tuple[str, ...], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.panes = panes

    def show_current(self, current: str) -> None:
        parts: list[Content] = []
        for pane in self.panes:
            number = PANE_ORDER.index(pane) + 1
            # Only fixed labels go through markup here; no briefing text.
            tab = Content.from_markup(
                f"[@click=screen.show_pane('{pane}')] {number} {PANE_TITLES[pane]} [/]"
            )
            tab = tab.stylize("bold reverse $primary" if pane == current else MUTED)
            parts.append(tab)
        self.update(Content(" ").join(parts))
