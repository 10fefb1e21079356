"""A one-line chip that says which filter is active and how to clear it."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from briefing.core.periodic import BY_SYMBOL
from briefing.ui.format import MUTED
from briefing.ui.state import Filter


class FilterChip(Static):
    """Hidden while no filter is active."""

    def show_filter(self, active: Filter | None) -> None:
        self.display = active is not None
        if active is None:
            self.update("")
            return
        # A symbol alone is terse: "element Sc Scandium" says which element at a glance.
        info = BY_SYMBOL.get(active.item_id) if active.kind == "element" else None
        name = f" {info.name}" if info is not None and info.name != active.label else ""
        self.update(
            Content.assemble(
                (" Filter ", "reverse bold"),
                " timeline and quotes involving ",
                (active.kind, MUTED),
                " ",
                (active.label, "bold"),
                name,
                ("   Esc clears", MUTED),
            )
        )
