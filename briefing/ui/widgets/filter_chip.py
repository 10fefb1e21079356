"""A one-line chip that says which filter is active and how to clear it."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from briefing.ui.state import Filter


class FilterChip(Static):
    """Hidden while no filter is active."""

    def show_filter(self, active: Filter | None) -> None:
        self.display = active is not None
        if active is None:
            self.update("")
            return
        self.update(
            Content.assemble(
                (" Filter ", "reverse bold"),
                " timeline and quotes involving ",
                (active.kind, "$text-muted"),
                " ",
                (active.label, "bold"),
                ("   Esc clears", "$text-muted"),
            )
        )
