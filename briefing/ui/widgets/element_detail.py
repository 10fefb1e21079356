"""What the briefing says about one element: category, uses, controls, events and quotes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from briefing.core.dates import PartialDate
from briefing.core.grid import ControlStatus, control_state
from briefing.core.involves import Kind, Subject, involving
from briefing.core.model import Briefing, Control
from briefing.core.periodic import LANTHANIDE_ROW, lookup
from briefing.core.text import sanitize_line
from briefing.ui.format import column_date
from briefing.ui.state import quotes_in_order

_CONTROL_CLASSES = {
    ControlStatus.IN_FORCE: "element-detail--controlled",
    ControlStatus.SCHEDULED: "element-detail--scheduled",
    ControlStatus.LIFTED: "element-detail--lifted",
}


class ElementDetail(VerticalScroll):
    """The selected element's facts and everything the briefing says about it; scrolls."""

    BINDING_GROUP_TITLE = "Element details"
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "element-detail--symbol",
        "element-detail--name",
        "element-detail--heading",
        "element-detail--label",
        "element-detail--muted",
        "element-detail--controlled",
        "element-detail--scheduled",
        "element-detail--lifted",
    }

    def __init__(self, briefing: Briefing, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.briefing = briefing
        """The briefing the details come from."""
        self.symbol: str | None = None
        """The element shown, if any."""
        self._body = Static(self._nothing_selected(), classes="element-detail-body")

    def compose(self) -> ComposeResult:
        yield self._body

    def show(self, symbol: str | None, as_of: PartialDate) -> None:
        """Show the element ``symbol`` with its controls as they stood on ``as_of``."""
        info = lookup(symbol) if symbol else None
        self.symbol = info.symbol if info else None
        self._body.update(self.describe(self.symbol, as_of))
        self.scroll_home(animate=False)

    def describe(self, symbol: str | None, as_of: PartialDate) -> Content:
        """The text ``show`` displays, as one Content of several lines."""
        info = lookup(symbol) if symbol else None
        if info is None:
            return self._nothing_selected()
        element = self.briefing.element(info.symbol)
        if info.group is not None:
            place = f"group {info.group}"
        else:
            place = "lanthanide" if info.row == LANTHANIDE_ROW else "actinide"
        lines: list[Content] = [
            Content.assemble(
                (info.symbol, self._style("element-detail--symbol")),
                "  ",
                (info.name, self._style("element-detail--name")),
            ),
            self._muted(f"Element {info.number} · period {info.period} · {place}"),
        ]
        if element is None:
            lines.append(self._muted("Not discussed in this briefing."))
        else:
            if element.category:
                lines.append(self._field("Category", element.category.replace("-", " ")))
            if element.uses:
                lines.append(self._field("Uses", ", ".join(element.uses)))
            if element.note:
                lines.append(self._field("Note", element.note))
            lines.extend(self._controls(element.controls, as_of))
        lines.extend(self._events(info.symbol))
        lines.extend(self._quotes(info.symbol))
        return Content("\n").join(lines)

    def _style(self, component: str) -> str:
        # Named, not resolved: the body looks the style up when it draws, so a change of
        # theme recolours text that is already shown.
        return f".{component}"

    def _muted(self, text: str) -> Content:
        return Content.styled(text, self._style("element-detail--muted"))

    def _heading(self, text: str) -> list[Content]:
        return [Content(""), Content.styled(text, self._style("element-detail--heading"))]

    def _field(self, label: str, text: str) -> Content:
        return Content.assemble(
            (f"{label}: ", self._style("element-detail--label")), sanitize_line(text)
        )

    def _nothing_selected(self) -> Content:
        return Content("No element selected.")

    def _controls(self, controls: list[Control], as_of: PartialDate) -> list[Content]:
        if not controls:
            return [*self._heading("Controls"), self._muted("No controls recorded.")]
        lines = self._heading(f"Controls as of {as_of.human()}")
        sources_date = self.briefing.as_of_date
        for control in controls:
            state = control_state(control, as_of, as_of=sources_date)
            if state is ControlStatus.IN_FORCE:
                verdict = "in force"
            elif state is ControlStatus.SCHEDULED:
                verdict = "not yet in force"
            else:
                verdict = "no longer in force"
            period = f"since {control.since.human()}"
            if control.until is not None:
                period = f"from {control.since.human()} until {control.until.human()}"
            lines.append(
                Content.assemble(
                    (state.glyph, self._style(_CONTROL_CLASSES[state])),
                    " ",
                    sanitize_line(control.measure),
                )
            )
            lines.append(
                Content.assemble(f"  {period} · ", (verdict, self._style(_CONTROL_CLASSES[state])))
            )
            if control.starts_after(sources_date):
                lines.append(
                    self._muted(
                        f"  due after the briefing (as of {sources_date.human()}): not confirmed"
                    )
                )
            event = self.briefing.event(control.event) if control.event else None
            if event is not None:
                lines.append(
                    self._muted(f"  by: {sanitize_line(event.title)} ({event.date.human()})")
                )
        return lines

    def _events(self, symbol: str) -> list[Content]:
        wanted = involving(self.briefing, Subject(Kind.ELEMENT, symbol)).event_ids
        events = [event for event in self.briefing.events_in_order() if event.id in wanted]
        if not events:
            return []
        lines = self._heading("Events")
        for event in events:
            lines.append(
                Content.assemble(
                    (f"{column_date(event.date)}  ", self._style("element-detail--label")),
                    sanitize_line(event.title),
                )
            )
        return lines

    def _quotes(self, symbol: str) -> list[Content]:
        wanted = involving(self.briefing, Subject(Kind.ELEMENT, symbol)).quote_ids
        quotes = [quote for quote in quotes_in_order(self.briefing) if quote.id in wanted]
        if not quotes:
            return []
        lines = self._heading("Quotes")
        for quote in quotes:
            speaker = self.briefing.actor(quote.speaker)
            who = sanitize_line(speaker.name) if speaker else quote.speaker
            when = f", {quote.date.human()}" if quote.date else ""
            lines.append(Content(f"“{sanitize_line(quote.text)}”"))
            lines.append(self._muted(f"  — {who}{when}"))
        return lines
