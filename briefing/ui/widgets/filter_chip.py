"""A one-line chip that says which filter is active and how to clear it."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from briefing.core.involves import Subject, subject_label
from briefing.core.model import Briefing
from briefing.ui.format import MUTED, line


class FilterChip(Static):
    """Hidden while no filter is active."""

    def __init__(self, narrowed: str, *, id: str | None = None, markup: bool = True) -> None:  # noqa: A002
        """A chip for a filter that narrows the panes ``narrowed`` names (their titles in
        words: ``timeline and quotes``)."""
        super().__init__(id=id, markup=markup)
        self.narrowed = narrowed

    def show_filter(self, briefing: Briefing, active: Subject | None) -> None:
        """Say that ``active`` filters the panes of ``briefing``; hidden when None."""
        self.display = active is not None
        if active is None:
            self.update("")
            return
        self.update(
            Content.assemble(
                (" Filter ", "reverse bold"),
                f" {self.narrowed} involving ",
                (str(active.kind), MUTED),
                " ",
                line(subject_label(briefing, active), "bold"),
                ("   Esc clears", MUTED),
            )
        )
