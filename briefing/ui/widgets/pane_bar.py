"""The row of pane names shown instead of the panes themselves when they do not all fit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.widgets import Static

from briefing.ui.format import MUTED

if TYPE_CHECKING:
    from briefing.ui.panes.base import PaneSpec


class PaneBar(Static):
    """``1 Timeline  2 Elements  3 Actors  4 Quotes``, the current pane highlighted; clickable."""

    def __init__(self, panes: Sequence[PaneSpec[Any]], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.panes = panes

    def show_current(self, current: str) -> None:
        """Highlight the pane named ``current``."""
        parts: list[Content] = []
        for spec in self.panes:
            # Only fixed labels go through markup here; no briefing text.
            tab = Content.from_markup(
                f"[@click=screen.show_pane('{spec.name}')] {spec.key} {spec.title} [/]"
            )
            tab = tab.stylize("bold reverse $primary" if spec.name == current else MUTED)
            parts.append(tab)
        self.update(Content(" ").join(parts))
