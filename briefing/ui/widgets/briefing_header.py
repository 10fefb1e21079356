"""The top line: the briefing's title and the date the controls are shown as of."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from briefing.core.dates import PartialDate
from briefing.core.model import Briefing
from briefing.ui.format import DATE_WIDTH, MUTED, fit, line

GAP = "  "
REMINDER_MIN_WIDTH = 100
"""From this many columns (the header's whole width) the line also gives the briefing's
own date when the controls are shown for another one."""


class BriefingHeader(Widget):
    """One line, drawn whole: title (cut to fit), then the as-of date and a reminder."""

    def __init__(self, briefing: Briefing, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.briefing = briefing
        title = line(briefing.title, "bold")
        if briefing.subtitle:
            title = Content.assemble(title, GAP, line(briefing.subtitle, MUTED))
        self.title_text = title
        self.date_text = Content("")
        """What the date part says now: ``as of 15 Oct 2025`` or ``controls as of ...``."""
        self.reminder_text = Content("")
        """The briefing's own date, shown when the controls are shown for another one."""
        self.marks_text = Content("")
        """What is new since the last visit: ``3 new · 1 changed``, or ``first visit``."""

    def show_marks(self, label: str) -> None:
        """Say what is new since the last visit (``3 new · 1 changed``); empty: nothing."""
        self.marks_text = Content.styled(label, "bold $success") if label else Content("")
        self.refresh()

    def show_as_of(self, as_of: PartialDate) -> None:
        """The date the grid is showing; the briefing's own date too when they differ."""
        briefing_date = self.briefing.as_of_date
        if as_of == briefing_date:
            self.date_text = Content.assemble(("as of ", MUTED), (as_of.human(), "bold"))
            self.reminder_text = Content("")
        else:
            self.date_text = Content.assemble(
                ("controls as of ", MUTED), (as_of.human(), "bold $accent")
            )
            self.reminder_text = Content.styled(f"(briefing {briefing_date.human()})", MUTED)
        self.refresh()

    def render(self) -> Content:
        width = self.content_region.width
        right = Content.assemble(GAP, self.date_text)
        # The date part keeps one width whatever the date, so the title never moves.
        reserve = len(GAP + "controls as of ") + DATE_WIDTH
        if self.size.width >= REMINDER_MIN_WIDTH:
            reminder_width = len(f"{GAP}(briefing {self.briefing.as_of_date.human()})")
            reserve += reminder_width
            if self.reminder_text:
                right = Content.assemble(right, GAP, self.reminder_text)
        right = right.pad_left(max(reserve - right.cell_length, 0))
        if self.marks_text:
            right = Content.assemble(GAP, self.marks_text, right)
        room = max(width - right.cell_length, 0)
        return Content.assemble(fit(self.title_text, room), right)
