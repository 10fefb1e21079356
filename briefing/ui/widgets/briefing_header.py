"""The top line: the briefing's title and the date the controls are shown as of."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from briefing.core.dates import PartialDate
from briefing.core.model import Briefing
from briefing.ui.format import MUTED, line


class BriefingHeader(Horizontal):
    def __init__(self, briefing: Briefing, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.briefing = briefing

    def compose(self) -> ComposeResult:
        title = line(self.briefing.title, "bold")
        if self.briefing.subtitle:
            title = Content.assemble(title, ("  ", ""), line(self.briefing.subtitle, MUTED))
        yield Static(title, id="header-title", markup=False)
        yield Static(id="header-date", markup=False)
        yield Static(id="header-briefing-date", markup=False)

    def show_as_of(self, as_of: PartialDate) -> None:
        """The date the grid is showing; the briefing's own date too when they differ."""
        briefing_date = self.briefing.as_of_date
        briefing_note = self.query_one("#header-briefing-date", Static)
        if as_of == briefing_date:
            text = Content.assemble(("as of ", MUTED), (as_of.human(), "bold"))
            briefing_note.update("")
        else:
            text = Content.assemble(("controls as of ", MUTED), (as_of.human(), "bold $accent"))
            briefing_note.update(Content.styled(f"(briefing {briefing_date.human()})", MUTED))
        self.query_one("#header-date", Static).update(text)
